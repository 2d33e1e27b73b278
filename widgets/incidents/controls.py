"""Emergency mode in the main window: the Declare action, the banner strip, the drill
watermark and the incident dock, kept in step with the open incidents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from console.app import App
from console.core.domain import OperatorRef
from console.incidents.domain import IncidentRow
from widgets.common.dock_scroll import scrolling
from widgets.common.lazy_dock import LazyDock
from widgets.incidents.banner import DrillWatermark, IncidentBanner, gravest_first
from widgets.incidents.labels import COMMAND
from widgets.shell.keyboard import show_shortcuts_in_tooltips
from widgets.shell.status_bar import follow_operator

if TYPE_CHECKING:  # built when first needed: no seat pays for them at start without one
    from widgets.incidents.dialogs import IncidentDeclareDialog
    from widgets.incidents.view import IncidentView

TICK_MS = 30_000  # the banner's elapsed time and overdue count, from the app's clock


class IncidentControls(QObject):
    """Owns ``declare_action`` (Incident › Declare incident…), the banner (a fixed strip
    above the panels), the watermark and the incident dock (``dock``, toggled by
    ``toggle_action``; its view is built the first time the dock shows or ``view`` is
    asked for: most shifts have no incident). ``refresh`` reads the open incidents: the
    banner shows while any is open; a newly declared one brings the dock to the front;
    when the last one closes the dock goes away. The window connects the change bus to
    ``refresh`` and ``refresh_if_linked``.

    Signals:
        incident_opened(str): the dock was brought up on that incident.
        case_activated(int): a case linked to the incident was double-clicked in the view.
    """

    incident_opened = Signal(str)
    case_activated = Signal(int)

    def __init__(self, app: App, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("incidentControls")
        self._app = app
        self._window = window
        self._known: set[int] | None = None  # open incident ids at the last refresh
        self._rows: list[IncidentRow] = []
        self.declare_action = QAction(self.tr("&Declare incident…"), self)
        self.declare_action.setObjectName("incidentDeclare")
        self.declare_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.dock = QDockWidget(self.tr("Incident"), window)
        self.dock.setObjectName("incidentViewDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self._lazy_view = LazyDock(self.dock, self._build_view,
                                   lambda view: scrolling(self.dock, "incidentViewDock", view),
                                   self._connect_view)
        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setObjectName("toggleIncidentViewDock")
        self.toggle_action.setShortcut(QKeySequence("Ctrl+8"))
        self.banner = IncidentBanner(window)
        self.bar = QToolBar(self.tr("Emergency banner"), window)
        self.bar.setObjectName("incidentBannerBar")
        self.bar.setMovable(False)
        self.bar.setFloatable(False)
        self.bar.toggleViewAction().setVisible(False)
        self.bar.setContentsMargins(0, 0, 0, 0)
        self.bar.addWidget(self.banner)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        self.watermark = DrillWatermark(window)
        self._timer = QTimer(self)
        self._timer.setObjectName("incidentTick")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.refresh)
        self.declare_action.triggered.connect(self.open_declare_dialog)
        self.banner.clicked.connect(self.show_incident)
        follow_operator(self, app, self._grey_declare)
        self._grey_declare(app.operator)

    def _build_view(self) -> IncidentView:
        from widgets.incidents.view import IncidentView

        view = IncidentView(self._app, self._window)
        view.set_open_incidents(self._rows)
        return view

    def _connect_view(self, view: IncidentView) -> None:
        view.changed.connect(self._on_view_changed)
        view.case_activated.connect(self.case_activated)

    # ---- public ---------------------------------------------------------------------

    @property
    def view(self) -> IncidentView:
        """The incident view, built now if it was not yet."""
        return self._lazy_view.panel()

    def refresh_if_linked(self, kind: str, ids: list[int]) -> None:
        """A linked case, alert or hazard changed: the view reads afresh if it shows it
        (a view not built yet reads everything when it is)."""
        if (view := self._lazy_view.built_panel) is not None:
            view.refresh_if_linked(kind, ids)

    @property
    def open_incidents(self) -> list[IncidentRow]:
        return list(self._rows)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        """Read the open incidents and bring banner, watermark and dock in step."""
        rows = gravest_first(self._app.incidents.rows(open_only=True))
        now = self._app.clock.now()
        self._rows = rows
        self.banner.show_incidents(rows, now)
        self.bar.setVisible(bool(rows))
        self.watermark.set_shown(any(r.drill for r in rows))
        if (view := self._lazy_view.built_panel) is not None:
            view.set_open_incidents(rows)
        ids = {r.id for r in rows}
        before = self._known
        first = before is None
        new = [r for r in rows if before is not None and r.id not in before]
        self._known = ids
        if new:
            newest = max(new, key=lambda r: r.declared_at)
            self.show_incident(newest.reference)
        elif first:
            if rows:
                self.show_incident(rows[0].reference)
            else:
                self.dock.hide()
        elif not rows and before:
            # The last one closed: emergency mode ends on this seat.
            if view is not None:
                view.refresh()
            self.dock.hide()
        elif view is not None:
            view.tick(now)

    def refresh_all(self, _ids: list[int] | None = None) -> None:
        """An incident or one of its tasks changed: the banner and the view anew."""
        self.refresh()
        if (view := self._lazy_view.built_panel) is not None:
            view.refresh()

    @property
    def has_open(self) -> bool:
        """Whether an incident is open (emergency mode on this seat)."""
        return bool(self._rows)

    def bring_to_front(self) -> None:
        """The dock's tab in front of its group. A tabbed dock switches tabs when it
        becomes the last of the window's children; ``raise_`` alone does nothing when it
        already is (the dock was added last), so it is lowered first."""
        self.dock.lower()
        self.dock.raise_()

    def sync_dock(self) -> None:
        """After a layout was applied (which hides docks it does not use): the dock
        shows again while an incident is open."""
        if self._rows:
            self.dock.show()

    def show_incident(self, reference: str, front: bool = True) -> None:
        """The dock, in front, on ``reference``."""
        self.dock.show()
        if front:
            self.bring_to_front()
            # Once more after the window has laid out its tabs (a raise before the first
            # show is undone by the layout the window then restores).
            QTimer.singleShot(0, self.bring_to_front)
        if reference != self.view.reference:
            self.view.show_reference(reference)
        else:
            self.view.refresh()
        self.incident_opened.emit(reference)

    def open_declare_dialog(self) -> IncidentDeclareDialog:
        from widgets.incidents.dialogs import IncidentDeclareDialog

        dialog = IncidentDeclareDialog(self._app, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.declared.connect(self._on_declared)
        dialog.open()
        return dialog

    # ---- slots ----------------------------------------------------------------------

    def _on_declared(self, reference: str) -> None:
        self.refresh()
        self.show_incident(reference)

    def _on_view_changed(self, _reference: str) -> None:
        self.refresh()

    def _grey_declare(self, op: OperatorRef) -> None:
        allowed = op.role in COMMAND
        self.declare_action.setEnabled(allowed)
        self.declare_action.setToolTip(
            self.tr("Declare a major incident: emergency mode on every seat, the plan's "
                    "tasks start") if allowed
            else self.tr("Only a coordinator or an administrator declares an incident."))
        show_shortcuts_in_tooltips([self.declare_action])
