"""Locking a seat (Ctrl+L) and switching operator without closing the console.

``LockScreen`` covers the whole main window and hides every panel under it (case, alert,
roster and hazard data, the status bar's counts, open dialogs), so that nothing can be
read or clicked while the seat is left alone. It opens again with the password of the
operator who locked it, or with another operator's name and password: that operator then
acts, the status bar says so, and the panels re-check what the new role may do. The
services check the role on every call anyway; the greying only spares a refusal.

``SeatControls`` adds the File → Lock seat and Tools → Operators actions to a main window.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import OperatorRef, Role
from console.operators.service import CASE_WRITERS
from widgets.common.time_text import local_time
from widgets.shell.idle_lock import IdleLock, idle_minutes
from widgets.shell.sign_in_dialog import SignInForm
from widgets.shell.status_bar import follow_operator, role_label

HAZARD_MANAGERS = frozenset({Role.COORDINATOR, Role.ADMIN})


class _Refreshable(Protocol):
    def refresh(self) -> None: ...


class _Reloadable(Protocol):
    def reload(self) -> None: ...


class _HazardDetail(Protocol):
    @property
    def hazard_id(self) -> int: ...

    def show_hazard_id(self, hazard_id: int) -> None: ...


class _Hazards(Protocol):
    @property
    def detail(self) -> _HazardDetail: ...


@runtime_checkable
class MainWindowLike(Protocol):
    """The panels of ``widgets.main_window.MainWindow`` that render by role."""

    @property
    def detail(self) -> _Refreshable: ...

    @property
    def roster(self) -> _Reloadable: ...

    @property
    def hazards(self) -> _Hazards: ...


class LockScreen(QFrame):
    """The cover over a locked main window (objectName ``lockScreen``).

    Signals:
        unlocked(object, object): the ``OperatorRef`` acting after the seat opened again
            (the same operator, or another one who signed in here), and the one who had
            locked it.
    """

    unlocked = Signal(object, object)

    def __init__(self, app: App, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._app = app
        self._window = window
        self._locked_by: OperatorRef | None = None
        self._hidden: list[QWidget] = []

        self._title = QLabel(self.tr("Seat locked"), self)
        self._title.setObjectName("lockTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._by = QLabel(self)
        self._by.setObjectName("lockBy")
        self._by.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._how = QLabel(self.tr(
            "Type your password to unlock. Taking over the seat? Type your own operator "
            "name and password: the console then acts as you."), self)
        self._how.setObjectName("lockHow")
        self._how.setWordWrap(True)
        self._form = SignInForm(app, "unlock", self.tr("Unlock"), self)

        panel = QFrame(self)
        panel.setObjectName("lockPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(460)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 18, 24, 18)
        inner.setSpacing(10)
        inner.addWidget(self._title)
        inner.addWidget(self._by)
        inner.addWidget(self._how)
        inner.addWidget(self._form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

        self._form.signed_in.connect(self._on_signed_in)
        window.installEventFilter(self)
        self.hide()

    @property
    def form(self) -> SignInForm:
        return self._form

    @property
    def locked_by(self) -> OperatorRef | None:
        return self._locked_by

    def is_locked(self) -> bool:
        return self._locked_by is not None

    def lock(self) -> None:
        """Cover the window and hide what is under it, until someone signs in here."""
        if self._locked_by is not None:
            return
        op = self._app.operator
        self._locked_by = op
        self._by.setText(self.tr("Locked by {name} ({role}) at {time}").format(
            name=op.display_name, role=role_label(op.role),
            time=local_time(self._app.clock.now())))
        self._hide_data()
        self._window.menuBar().setEnabled(False)
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self._form.clear()
        self._form.set_user(op.username)
        self._form.focus_password()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _hide_data(self) -> None:
        """Hide the central panel, every dock's content, the status bar and any open
        dialog of the window; remember them to show them again."""
        candidates: list[QWidget] = []
        central = self._window.centralWidget()
        if central is not None:
            candidates.append(central)
        for dock in self._window.findChildren(QDockWidget):
            inner = dock.widget()
            if inner is not None:
                candidates.append(inner)
        candidates.append(self._window.statusBar())
        candidates.extend(w for w in QApplication.topLevelWidgets()
                          if w is not self._window and w.isVisible()
                          and self._window.isAncestorOf(w))
        self._hidden = [w for w in candidates if not w.isHidden()]
        for widget in self._hidden:
            widget.hide()

    def _on_signed_in(self, op: OperatorRef) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._window.menuBar().setEnabled(True)
        locked_by, self._locked_by = self._locked_by, None
        self.hide()
        self.unlocked.emit(op, locked_by)

    def _is_mine(self, obj: QObject | None) -> bool:
        while obj is not None:
            if obj is self:
                return True
            obj = obj.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
        elif (self._locked_by is not None and event.type() == QEvent.Type.Shortcut
              and not self._is_mine(watched)):
            return True  # no menu or panel shortcut reaches the console while locked
        return super().eventFilter(watched, event)


class SeatControls(QObject):
    """File → Lock seat (Ctrl+L, ``lockSeatAction``) and Tools → Operators…
    (``operatorsAction``, admins only) for ``window``; re-checks the panels on a switch.

    Signals:
        operator_switched(object): the ``OperatorRef`` acting after an unlock by
            another operator.
    """

    operator_switched = Signal(object)

    def __init__(self, app: App, window: QMainWindow,
                 settings: QSettings | None = None) -> None:
        super().__init__(window)
        self.setObjectName("seatControls")
        self._app = app
        self._window = window
        self._screen: LockScreen | None = None  # built the first time the seat locks
        self.lock_action = QAction(self.tr("&Lock seat"), window)
        self.lock_action.setObjectName("lockSeatAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.lock_action.setToolTip(self.tr(
            "Cover the console until you, or the operator taking over, sign in (Ctrl+L)"))
        self.operators_action = QAction(self.tr("&Operators…"), window)
        self.operators_action.setObjectName("operatorsAction")
        self.lock_action.triggered.connect(self._lock_if_open)
        self.operators_action.triggered.connect(self.open_operators_dialog)
        self.idle_lock = IdleLock(app, self._lock_if_open,
                                  idle_minutes(settings or QSettings()), self)
        follow_operator(self, app, self.apply_role)
        self._grey(app.operator)  # the panels read the role themselves as they start

    @property
    def lock_screen(self) -> LockScreen:
        """The screen covering the window while the seat is locked (built now if the
        seat was never locked)."""
        if self._screen is None:
            self._screen = LockScreen(self._app, self._window)
            self._screen.unlocked.connect(self._on_unlocked)
        return self._screen

    def _lock_if_open(self) -> None:
        if not self.lock_screen.is_locked():
            self.lock_screen.lock()

    def open_operators_dialog(self) -> QWidget:
        from widgets.shell.operators_dialog import OperatorsDialog

        dialog = OperatorsDialog(self._app, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._reload_sign_in_operators)
        dialog.open()
        return dialog

    def _reload_sign_in_operators(self, _code: int) -> None:
        if self._screen is not None:
            self._screen.form.reload_operators()

    def _on_unlocked(self, op: OperatorRef, locked_by: OperatorRef | None) -> None:
        if locked_by is None or op.id != locked_by.id:
            self.operator_switched.emit(op)

    def apply_role(self, op: OperatorRef) -> None:
        """Grey what ``op``'s role may not do and re-render the panels that decide it
        (each panel reads the acting operator's role as it renders)."""
        self._grey(op)
        window = self._window
        if isinstance(window, MainWindowLike):
            window.detail.refresh()
            window.roster.reload()
            hazard_detail = window.hazards.detail
            if hazard_detail.hazard_id != -1:
                hazard_detail.show_hazard_id(hazard_detail.hazard_id)

    def _grey(self, op: OperatorRef) -> None:
        self.operators_action.setEnabled(op.role is Role.ADMIN)
        self.operators_action.setToolTip(
            self.tr("Add operators, set roles, deactivate, reset passwords")
            if op.role is Role.ADMIN else self.tr("Only an administrator manages operators."))
        new_case = self._window.findChild(QAction, "newCaseAction")
        if new_case is not None:
            new_case.setEnabled(op.role in CASE_WRITERS)
        register = self._window.findChild(QPushButton, "registerHazardButton")
        if register is not None:
            register.setEnabled(op.role in HAZARD_MANAGERS)
