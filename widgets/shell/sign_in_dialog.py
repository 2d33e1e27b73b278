"""Signing in: the form (also used by the lock screen), the sign-in dialog shown before
the main window, and the first-run dialog that creates the admin of a new database.

Errors are shown in the form's own label, never in a message box: a wrong password
costs one line of red text, not a stack of modal windows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import OperatorRef
from console.core.errors import WatchroomError
from console.operators.auth import MIN_PASSWORD_LENGTH
from widgets.shell.status_bar import role_label


class SignInForm(QWidget):
    """Operator (an editable list of the active operators), password, a button and an
    error line. ``prefix`` names the controls: ``{prefix}User``, ``{prefix}Password``,
    ``{prefix}Button``, ``{prefix}Error``.

    Signals:
        signed_in(object): the ``OperatorRef`` now acting, after ``App.sign_in`` succeeded.
    """

    signed_in = Signal(object)

    def __init__(self, app: App, prefix: str, button_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}Form")
        self._app = app
        self._user = QComboBox(self)
        self._user.setObjectName(f"{prefix}User")
        self._user.setAccessibleName(self.tr("Operator"))
        self._user.setEditable(True)
        self._user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._password = QLineEdit(self)
        self._password.setObjectName(f"{prefix}Password")
        self._password.setAccessibleName(self.tr("Password"))
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._who = QLabel(self)
        self._who.setObjectName(f"{prefix}Who")
        self._error = QLabel(self)
        self._error.setObjectName(f"{prefix}Error")
        self._error.setProperty("signInError", True)
        self._error.setWordWrap(True)
        self._button = QPushButton(button_text, self)
        self._button.setObjectName(f"{prefix}Button")
        self._button.setAccessibleName(button_text)
        # Enter in the password field submits once (returnPressed); a default button of
        # the dialog would submit a second time with the field just cleared.
        self._button.setAutoDefault(False)
        self._button.setProperty("primary", True)

        form = QFormLayout()
        form.addRow(self.tr("&Operator"), self._user)
        form.addRow("", self._who)
        form.addRow(self.tr("&Password"), self._password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self._error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._button)
        layout.addLayout(row)

        self._button.clicked.connect(self.submit)
        self._password.returnPressed.connect(self.submit)
        self._user.currentTextChanged.connect(self._show_who)
        self.reload_operators()

    def reload_operators(self, select: str | None = None) -> None:
        """List the active operators (an admin may have added one) and pick ``select``."""
        current = select if select is not None else self._user.currentText()
        self._user.blockSignals(True)
        self._user.clear()
        for op in self._app.operators.active_people():
            self._user.addItem(op.username, op)
            self._user.setItemData(self._user.count() - 1,
                                   f"{op.display_name} · {role_label(op.role)}",
                                   Qt.ItemDataRole.ToolTipRole)
        self._user.setCurrentIndex(self._user.findText(current) if current else -1)
        if self._user.currentIndex() == -1:
            self._user.setEditText(current or "")
        self._user.blockSignals(False)
        self._show_who(self._user.currentText())

    def _show_who(self, text: str) -> None:
        index = self._user.findText(text.strip().lower())
        op = self._user.itemData(index) if index >= 0 else None
        self._who.setText(f"{op.display_name} · {role_label(op.role)}"
                          if isinstance(op, OperatorRef) else "")

    def set_user(self, username: str) -> None:
        self.reload_operators(username)

    def user(self) -> str:
        return self._user.currentText().strip()

    def focus_password(self) -> None:
        self._password.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_empty(self) -> None:
        (self._password if self.user() else self._user).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self._password.clear()
        self._error.clear()

    def error(self) -> str:
        return self._error.text()

    def submit(self) -> None:
        user, password = self.user(), self._password.text()
        if not user:
            self._error.setText(self.tr("Type or choose your operator name."))
            self._user.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not password:
            self._error.setText(self.tr("Type your password."))
            self.focus_password()
            return
        try:
            op = self._app.sign_in(user, password)
        except WatchroomError as exc:
            self._error.setText(str(exc))
            self._password.clear()
            self.focus_password()
            return
        self.clear()
        self.signed_in.emit(op)


class SignInDialog(QDialog):
    """Shown before the main window: nobody sees the console without signing in.

    ``demo_password``: the demo database says its operators' password under the form.
    """

    def __init__(self, app: App, user: str | None = None, demo_password: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to Watchroom"))
        self.setMinimumWidth(380)
        self._operator: OperatorRef | None = None
        self._form = SignInForm(app, "signIn", self.tr("Sign in"), self)
        heading = QLabel(self.tr("Sign in with your operator name and password."), self)
        heading.setObjectName("signInHeading")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self._form)
        if demo_password:
            # The password on a line of its own that never wraps: broken at its hyphen
            # it reads as two words; it can be selected and copied as it is.
            note = QLabel(self.tr("Demo database: every operator's password is"), self)
            password = QLabel(demo_password, self)
            password.setObjectName("signInDemoPassword")
            password.setWordWrap(False)
            password.setTextFormat(Qt.TextFormat.PlainText)
            password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            password.setFont(font)
            note.setObjectName("signInHint")
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(password)
        if user:
            self._form.set_user(user)
        self._form.signed_in.connect(self._on_signed_in)
        self._form.focus_first_empty()

    @property
    def form(self) -> SignInForm:
        return self._form

    @property
    def operator(self) -> OperatorRef | None:
        """Who signed in (``None`` until someone has)."""
        return self._operator

    def _on_signed_in(self, op: OperatorRef) -> None:
        self._operator = op
        self.accept()


class FirstAdminDialog(QDialog):
    """First run on a database without operators: the person installing the console
    names themself and chooses a password; they become its admin and are signed in."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(self.tr("Create the administrator"))
        self.setMinimumWidth(420)
        self._app = app
        self._operator: OperatorRef | None = None
        intro = QLabel(self.tr(
            "This database has no operators yet. You become its administrator: you add "
            "the duty officers, coordinators and reviewers afterwards (Tools → Operators)."),
            self)
        intro.setObjectName("firstAdminIntro")
        intro.setWordWrap(True)
        self._user = self._line("firstAdminUser", self.tr("Operator name"))
        self._name = self._line("firstAdminName", self.tr("Full name"))
        self._password = self._line("firstAdminPassword", self.tr("Password"), secret=True)
        self._confirm = self._line("firstAdminConfirm", self.tr("Password again"),
                                   secret=True)
        self._password.setPlaceholderText(
            self.tr("At least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        self._error = QLabel(self)
        self._error.setObjectName("firstAdminError")
        self._error.setProperty("signInError", True)
        self._error.setWordWrap(True)
        self._button = QPushButton(self.tr("Create and sign in"), self)
        self._button.setObjectName("firstAdminButton")
        self._button.setAccessibleName(self._button.text())
        self._button.setDefault(True)
        self._button.setProperty("primary", True)
        form = QFormLayout()
        form.addRow(self.tr("Operator &name"), self._user)
        form.addRow(self.tr("&Full name"), self._name)
        form.addRow(self.tr("&Password"), self._password)
        form.addRow(self.tr("Password &again"), self._confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._button)
        layout.addLayout(row)
        self._button.clicked.connect(self.submit)
        self._confirm.returnPressed.connect(self.submit)

    def _line(self, name: str, accessible: str, secret: bool = False) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        return line

    @property
    def operator(self) -> OperatorRef | None:
        return self._operator

    def error(self) -> str:
        return self._error.text()

    def submit(self) -> None:
        if self._password.text() != self._confirm.text():
            self._error.setText(self.tr("The two passwords differ; type them again."))
            self._confirm.clear()
            self._confirm.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        user, password = self._user.text().strip(), self._password.text()
        try:
            self._app.operators.create_first_admin(user, self._name.text(), password)
            self._operator = self._app.sign_in(user, password)
        except WatchroomError as exc:
            self._error.setText(str(exc))
            return
        self.accept()
