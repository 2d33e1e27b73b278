"""Tools → Operators: the admin adds operators, sets roles, deactivates and reactivates
them, and resets passwords. The service refuses all of it to anyone but an admin; the
dialog only says so first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import Role
from console.core.errors import WatchroomError
from console.operators.auth import MIN_PASSWORD_LENGTH
from console.operators.service import PERSON_ROLES, OperatorAccount
from widgets.common.panes import set_style_property
from widgets.common.time_text import local_time
from widgets.shell.status_bar import role_label

COLUMNS = 6


class OperatorsDialog(QDialog):
    """The operators of this database, with the admin's actions on the selected one."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operatorsDialog")
        self.setWindowTitle(self.tr("Operators"))
        self.resize(780, 680)
        self._app = app
        self._accounts: list[OperatorAccount] = []
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        self._table = QTableWidget(0, COLUMNS, self)
        self._table.setObjectName("operatorsTable")
        self._table.setAccessibleName(self.tr("Operators"))
        self._table.setHorizontalHeaderLabels([
            self.tr("Operator"), self.tr("Name"), self.tr("Role"), self.tr("Status"),
            self.tr("Password"), self.tr("Last sign-in")])
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().hide()
        self._table.setMinimumHeight(240)
        self._table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)

        selected = QGroupBox(self.tr("Selected operator"), self)
        selected.setObjectName("operatorSelectedBox")
        self._role = self._roles("operatorRole")
        self._set_role = self._button("operatorSetRoleButton", self.tr("Set role"))
        self._active = self._button("operatorActiveButton", self.tr("Deactivate"))
        self._new_password = self._password("operatorNewPassword")
        self._reset = self._button("operatorResetPasswordButton", self.tr("Set password"))
        row1 = QHBoxLayout()
        row1.addWidget(self._role, 1)
        row1.addWidget(self._set_role)
        row1.addWidget(self._active)
        row2 = QHBoxLayout()
        row2.addWidget(self._new_password, 1)
        row2.addWidget(self._reset)
        sel = QFormLayout(selected)
        sel.addRow(self.tr("Role"), row1)
        sel.addRow(self.tr("New password"), row2)

        add = QGroupBox(self.tr("Add an operator"), self)
        add.setObjectName("operatorAddBox")
        self._add_user = QLineEdit(add)
        self._add_user.setObjectName("operatorAddUser")
        self._add_user.setAccessibleName(self.tr("Operator name"))
        self._add_user.setPlaceholderText(self.tr("letters, digits, '.' or '_'"))
        self._add_name = QLineEdit(add)
        self._add_name.setObjectName("operatorAddName")
        self._add_name.setAccessibleName(self.tr("Full name"))
        self._add_role = self._roles("operatorAddRole")
        self._add_password = self._password("operatorAddPassword")
        self._add = self._button("operatorAddButton", self.tr("Add operator"))
        form = QFormLayout(add)
        form.addRow(self.tr("Operator &name"), self._add_user)
        form.addRow(self.tr("&Full name"), self._add_name)
        form.addRow(self.tr("R&ole"), self._add_role)
        form.addRow(self.tr("Pass&word"), self._add_password)
        form.addRow("", self._add)

        self._message = QLabel(self)
        self._message.setObjectName("operatorsMessage")
        self._message.setWordWrap(True)
        close = self._button("operatorsCloseButton", self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self._message, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self._table, 1)
        layout.addWidget(selected)
        layout.addWidget(add)
        layout.addLayout(bottom)

    def _roles(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setAccessibleName(self.tr("Role"))
        for role in PERSON_ROLES:
            box.addItem(role_label(role), role.value)
        return box

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        return button

    def _password(self, name: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(self.tr("Password"))
        line.setEchoMode(QLineEdit.EchoMode.Password)
        line.setPlaceholderText(
            self.tr("At least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        return line

    def _connect_signals(self) -> None:
        self._table.itemSelectionChanged.connect(self._on_selection)
        self._add.clicked.connect(self._on_add)
        self._set_role.clicked.connect(self._on_set_role)
        self._active.clicked.connect(self._on_active)
        self._reset.clicked.connect(self._on_reset)

    # ---- reading ---------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the operators afresh (a refusal for a non-admin is shown, not raised)."""
        current = self.selected()
        keep = select or (current.username if current is not None else None)
        try:
            self._accounts = self._app.operators.accounts(self._app.operator)
        except WatchroomError as exc:
            self._accounts = []
            self._say(str(exc), error=True)
        self._table.setRowCount(len(self._accounts))
        for row, account in enumerate(self._accounts):
            status = self.tr("active") if account.active else self.tr("deactivated")
            if account.locked_until is not None and account.locked_until > self._app.clock.now():
                status = self.tr("locked until {time}").format(
                    time=local_time(account.locked_until))
            cells = (account.username, account.display_name, role_label(account.role), status,
                     self.tr("set") if account.has_password else self.tr("none"),
                     local_time(account.last_sign_in_at) if account.last_sign_in_at
                     else self.tr("never"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(self.palette().placeholderText())
                self._table.setItem(row, column, item)
        self._table.resizeColumnsToContents()
        index = next((i for i, a in enumerate(self._accounts) if a.username == keep), -1)
        if index >= 0:
            self._table.selectRow(index)
        self._on_selection()

    def accounts(self) -> list[OperatorAccount]:
        return list(self._accounts)

    def selected(self) -> OperatorAccount | None:
        rows = self._table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._accounts):
            return None
        return self._accounts[rows[0].row()]

    def select(self, username: str) -> None:
        index = next((i for i, a in enumerate(self._accounts) if a.username == username), -1)
        if index >= 0:
            self._table.selectRow(index)

    def _on_selection(self) -> None:
        account = self.selected()
        admin = self._app.operator.role is Role.ADMIN
        for widget in (self._role, self._set_role, self._active, self._new_password,
                       self._reset):
            widget.setEnabled(account is not None and admin)
        for widget in (self._add_user, self._add_name, self._add_role, self._add_password,
                       self._add):
            widget.setEnabled(admin)
        if account is None:
            return
        self._role.setCurrentIndex(self._role.findData(account.role.value))
        self._active.setText(self.tr("Deactivate") if account.active else self.tr("Reactivate"))
        self._active.setAccessibleName(self._active.text())

    # ---- acting ----------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self._message.setText(text)
        set_style_property(self._message, "error", error)

    def message(self) -> str:
        return self._message.text()

    def _on_add(self) -> None:
        try:
            op = self._app.operators.create(
                self._app.operator, self._add_user.text(), self._add_name.text(),
                Role(self._add_role.currentData()), password=self._add_password.text())
        except WatchroomError as exc:
            self._say(str(exc), error=True)
            return
        self._add_user.clear()
        self._add_name.clear()
        self._add_password.clear()
        self._say(self.tr("Added {name} as {role}.").format(
            name=op.username, role=role_label(op.role)))
        self.reload(op.username)

    def _on_set_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        role = Role(self._role.currentData())
        try:
            self._app.operators.set_role(self._app.operator, account.username, role)
        except WatchroomError as exc:
            self._say(str(exc), error=True)
            return
        self._say(self.tr("{name} is now {role}.").format(
            name=account.username, role=role_label(role)))
        self.reload(account.username)

    def _on_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        try:
            self._app.operators.set_active(self._app.operator, account.username,
                                           not account.active)
        except WatchroomError as exc:
            self._say(str(exc), error=True)
            return
        self._say((self.tr("{name} can no longer sign in.") if account.active
                   else self.tr("{name} can sign in again.")).format(name=account.username))
        self.reload(account.username)

    def _on_reset(self) -> None:
        account = self.selected()
        if account is None:
            return
        try:
            self._app.operators.set_password(self._app.operator, account.username,
                                             self._new_password.text())
        except WatchroomError as exc:
            self._say(str(exc), error=True)
            return
        self._new_password.clear()
        self._say(self.tr("New password set for {name}; tell them in person.").format(
            name=account.username))
        self.reload(account.username)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a field must not close the dialog (no default button here).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
