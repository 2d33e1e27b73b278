"""Signing in, locking the seat, switching operator and the admin's Operators dialog,
driven as a person would: typing, clicking, Ctrl+L."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from widgets.main_window import MainWindow
from widgets.shell.launcher import run_gui
from widgets.shell.lock_screen import LockScreen
from widgets.shell.operators_dialog import OperatorsDialog
from widgets.shell.sign_in_dialog import FirstAdminDialog, SignInDialog

PASSWORD = "correct horse"


def _person(app: App, role: Role) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is role)


def _with_password(app: App, *people: OperatorRef) -> None:
    for op in people:
        app.operators.set_password(app.operators.system(), op.username, PASSWORD)


def _child(parent: QWidget, kind: type[QWidget], name: str) -> QWidget:
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found


def _type(qtbot: QtBot, parent: QWidget, prefix: str, user: str, password: str) -> None:
    combo = _child(parent, QComboBox, f"{prefix}User")
    assert isinstance(combo, QComboBox)
    line = combo.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, user)
    qtbot.keyClicks(_child(parent, QLineEdit, f"{prefix}Password"), password)
    qtbot.mouseClick(_child(parent, QPushButton, f"{prefix}Button"), Qt.MouseButton.LeftButton)


def _text(parent: QWidget, name: str) -> str:
    label = _child(parent, QLabel, name)
    assert isinstance(label, QLabel)
    return label.text()


def test_sign_in_by_typing_name_and_password(qtbot: QtBot, app: App) -> None:
    coordinator = _person(app, Role.COORDINATOR)
    _with_password(app, coordinator)
    dialog = SignInDialog(app)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = _child(dialog, QComboBox, "signInUser")
    assert isinstance(combo, QComboBox)
    listed = [combo.itemText(i) for i in range(combo.count())]
    assert coordinator.username in listed
    assert "engine" not in listed

    _type(qtbot, dialog, "signIn", coordinator.username, PASSWORD)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.operator == coordinator
    assert app.operator == coordinator


def test_wrong_password_says_so_in_the_dialog_and_lets_you_retry(
        qtbot: QtBot, app: App) -> None:
    officer = app.operator
    _with_password(app, officer)
    dialog = SignInDialog(app, user=officer.username)
    qtbot.addWidget(dialog)
    dialog.show()
    password = _child(dialog, QLineEdit, "signInPassword")
    assert isinstance(password, QLineEdit)
    qtbot.keyClicks(password, "not my password")
    qtbot.keyClick(password, Qt.Key.Key_Return)

    assert dialog.isVisible()  # no message box on top, the dialog stays
    assert _text(dialog, "signInError") == "Wrong operator name or password."
    assert password.text() == ""
    assert [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not dialog and isinstance(w, QDialog)] == []

    qtbot.keyClicks(password, PASSWORD)
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert app.operator == officer


def test_first_run_creates_the_admin_and_signs_them_in(
        qtbot: QtBot, empty_app: App, tmp_path: object) -> None:
    assert not empty_app.operators.has_people()
    dialog = FirstAdminDialog(empty_app)
    qtbot.addWidget(dialog)
    dialog.show()
    for name, text in (("firstAdminUser", "duty.lead"), ("firstAdminName", "Lead Officer"),
                       ("firstAdminPassword", "s3cure-enough"),
                       ("firstAdminConfirm", "s3cure-typo")):
        qtbot.keyClicks(_child(dialog, QLineEdit, name), text)
    button = _child(dialog, QPushButton, "firstAdminButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error()
    assert not empty_app.operators.has_people()

    qtbot.keyClicks(_child(dialog, QLineEdit, "firstAdminConfirm"), "s3cure-enough")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    admin = empty_app.operator
    assert (admin.username, admin.display_name, admin.role) == (
        "duty.lead", "Lead Officer", Role.ADMIN)
    assert empty_app.operators.authenticate("duty.lead", "s3cure-enough") == admin


def test_run_gui_asks_who_is_there_before_the_console_shows(
        qtbot: QtBot, app: App, settings: QSettings) -> None:
    officer = app.operator
    _with_password(app, officer)
    seen: list[tuple[bool, str]] = []
    poll = QTimer()
    poll.setInterval(20)

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            return  # not shown yet: look again at the next tick
        poll.stop()
        seen.append(([w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible()] == [], ""))
        _type(qtbot, dialog, "signIn", officer.username, PASSWORD)
        if dialog.isVisible():  # the sign-in failed: end the test instead of hanging
            dialog.reject()

    def started() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        seen.append((len(windows) == 1, app.operator.username))
        for window in windows:
            window.close()

    poll.timeout.connect(fill_in)
    poll.start()
    try:
        assert run_gui(app, started, settings=settings, sign_in=True,
                       user=officer.username) == 0
    finally:
        poll.stop()
        # run_gui leaves its window and dialog to the process's end: delete them, so that
        # later tests counting main windows find only their own.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow | SignInDialog):
                widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == [(True, ""), (True, officer.username)]


def _lock(qtbot: QtBot, window: MainWindow) -> LockScreen:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.findChild(LockScreen, "lockScreen")
    assert isinstance(screen, LockScreen)
    return screen


def test_ctrl_l_covers_the_console_and_hides_its_data_until_the_password(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    officer = app.operator
    _with_password(app, officer)
    data = [main_window.board, main_window.alerts, main_window.detail, main_window.roster,
            main_window.hazards, main_window.statusBar()]
    assert all(w.isVisible() for w in data[:2])

    screen = _lock(qtbot, main_window)

    assert screen.isVisible()
    assert screen.geometry() == main_window.rect()
    assert not any(w.isVisible() for w in data)
    assert not main_window.menuBar().isEnabled()
    # Shortcuts of the console do nothing while it is locked.
    new_case = main_window.findChild(QAction, "newCaseAction")
    assert isinstance(new_case, QAction)
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [w for w in QApplication.topLevelWidgets()
            if w.objectName() == "newCaseDialog" and w.isVisible()] == []
    assert officer.display_name in _text(screen, "lockBy")

    _type(qtbot, screen, "unlock", officer.username, "wrong password")
    assert screen.isVisible()
    assert _text(screen, "unlockError") == "Wrong operator name or password."

    switched: list[OperatorRef] = []
    main_window.seat.operator_switched.connect(switched.append)
    _type(qtbot, screen, "unlock", officer.username, PASSWORD)
    assert not screen.isVisible()
    assert switched == []  # the same operator is back: no switch
    assert main_window.board.isVisible()
    assert main_window.alerts.isVisible()
    assert main_window.statusBar().isVisible()
    assert main_window.menuBar().isEnabled()
    assert app.operator == officer


def test_switch_operator_on_the_lock_screen_updates_status_bar_and_role(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    officer, reviewer = app.operator, _person(app, Role.REVIEWER)
    _with_password(app, officer, reviewer)
    status = _child(main_window, QLabel, "statusOperator")
    assert isinstance(status, QLabel)
    assert officer.display_name in status.text()
    assert "Duty officer" in status.text()
    new_case = main_window.findChild(QAction, "newCaseAction")
    assert isinstance(new_case, QAction)
    assert new_case.isEnabled()
    switched: list[OperatorRef] = []
    main_window.seat.operator_switched.connect(switched.append)

    screen = _lock(qtbot, main_window)
    _type(qtbot, screen, "unlock", reviewer.username, PASSWORD)

    assert not screen.isVisible()
    assert app.operator == reviewer
    assert switched == [reviewer]
    assert reviewer.display_name in status.text()
    assert "Reviewer" in status.text()
    assert not new_case.isEnabled()  # greyed; the service refuses anyway
    operators = main_window.findChild(QAction, "operatorsAction")
    assert isinstance(operators, QAction)
    assert not operators.isEnabled()


@pytest.fixture
def as_admin(app: App) -> OperatorRef:
    admin = _person(app, Role.ADMIN)
    return app.act_as(admin.username)


def test_admin_adds_an_operator_who_can_then_sign_in(
        qtbot: QtBot, app: App, as_admin: OperatorRef) -> None:
    dialog = OperatorsDialog(app)
    qtbot.addWidget(dialog)
    dialog.show()
    table = _child(dialog, QTableWidget, "operatorsTable")
    assert isinstance(table, QTableWidget)
    assert table.rowCount() == len(app.operators.list())

    qtbot.keyClicks(_child(dialog, QLineEdit, "operatorAddUser"), "newbie")
    qtbot.keyClicks(_child(dialog, QLineEdit, "operatorAddName"), "New Officer")
    qtbot.keyClicks(_child(dialog, QLineEdit, "operatorAddPassword"), "first-password")
    qtbot.mouseClick(_child(dialog, QPushButton, "operatorAddButton"),
                     Qt.MouseButton.LeftButton)
    assert "Added newbie" in dialog.message()
    assert table.rowCount() == len(app.operators.list())
    assert app.operators.authenticate("newbie", "first-password").role is Role.DUTY_OFFICER

    # Make them a coordinator, then deactivate them: they can no longer sign in.
    role = _child(dialog, QComboBox, "operatorRole")
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(role.findData(Role.COORDINATOR.value))
    qtbot.mouseClick(_child(dialog, QPushButton, "operatorSetRoleButton"),
                     Qt.MouseButton.LeftButton)
    assert app.operators.get("newbie").role is Role.COORDINATOR
    qtbot.mouseClick(_child(dialog, QPushButton, "operatorActiveButton"),
                     Qt.MouseButton.LeftButton)
    assert "can no longer sign in" in dialog.message()
    with pytest.raises(Exception, match="deactivated"):
        app.operators.authenticate("newbie", "first-password")


def test_operators_dialog_refuses_a_non_admin(qtbot: QtBot, app: App) -> None:
    dialog = OperatorsDialog(app)  # acting as a duty officer
    qtbot.addWidget(dialog)
    dialog.show()
    assert "may not manage operators" in dialog.message()
    add = _child(dialog, QPushButton, "operatorAddButton")
    assert not add.isEnabled()


def test_admin_opens_operators_from_the_tools_menu(
        qtbot: QtBot, app: App, as_admin: OperatorRef,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    window = open_window(settings)
    action = window.findChild(QAction, "operatorsAction")
    assert isinstance(action, QAction)
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(QDialog, "operatorsDialog")
    assert isinstance(dialog, OperatorsDialog)
    assert dialog.isVisible()
    assert dialog.accounts()
    dialog.close()


def _main(widget: QWidget) -> QMainWindow:
    window = widget.window()
    assert isinstance(window, QMainWindow)
    return window


def test_a_seat_left_alone_locks_itself_after_the_quiet_spell(
        qtbot: QtBot, app: App, settings: QSettings, monkeypatch: pytest.MonkeyPatch,
        open_window: Callable[[QSettings], MainWindow], clock: FakeClock) -> None:
    officer = app.operator
    _with_password(app, officer)
    monkeypatch.delenv("WATCHROOM_IDLE_LOCK_MINUTES")  # the shipped default, 15 minutes
    main_window = open_window(settings)
    idle = main_window.seat.idle_lock
    screen = main_window.seat.lock_screen
    assert idle.limit == timedelta(minutes=15)
    clock.advance(timedelta(minutes=14))
    qtbot.mouseClick(main_window.board, Qt.MouseButton.LeftButton)  # someone is there
    clock.advance(timedelta(minutes=14))
    assert not idle.check()
    assert not screen.isVisible()
    clock.advance(timedelta(minutes=1, seconds=1))
    assert idle.check()
    assert screen.isVisible()
    assert not main_window.board.isVisible()
    _type(qtbot, screen, "unlock", officer.username, PASSWORD)
    assert not screen.isVisible()


def test_the_idle_lock_is_configurable_and_can_be_switched_off(
        qtbot: QtBot, app: App, settings: QSettings,
        open_window: Callable[[QSettings], MainWindow], clock: FakeClock) -> None:
    settings.setValue("seat/idleLockMinutes", 5)
    assert open_window(settings).seat.idle_lock.limit == timedelta(minutes=5)
    settings.setValue("seat/idleLockMinutes", 0)
    window = open_window(settings)
    assert not window.seat.idle_lock.active
    clock.advance(timedelta(hours=3))
    assert not window.seat.idle_lock.check()
    assert not window.seat.lock_screen.isVisible()


def test_the_demo_password_never_wraps_at_its_hyphen(qtbot: QtBot, app: App) -> None:
    from console.operators.auth import DEMO_PASSWORD

    dialog = SignInDialog(app, demo_password=DEMO_PASSWORD)
    qtbot.addWidget(dialog)
    dialog.resize(260, dialog.height())  # narrower than the sentence
    dialog.show()
    note = _child(dialog, QLabel, "signInHint")
    password = _child(dialog, QLabel, "signInDemoPassword")
    assert isinstance(note, QLabel)
    assert isinstance(password, QLabel)
    assert DEMO_PASSWORD not in note.text(), "the sentence may wrap; the password is apart"
    assert password.text() == DEMO_PASSWORD
    assert not password.wordWrap(), "on a line of its own that never breaks"
    assert password.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
