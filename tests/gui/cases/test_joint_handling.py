"""Joint handling from the detail pane (issue 22): whistle, two teams report in, the lead
returns the case with a reason, the coordinator rules the owner, parts done, close, and a
dissatisfied callback reopens the case — every step by its button and dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.lifecycle import Action
from console.core.domain import Category, Role, Severity, Stage
from tests.gui.helpers import child, choose, click, click_case_row, open_dialog, visible_actions
from widgets.cases.action_dialogs import JointStepDialog
from widgets.main_window import MainWindow


def _act(qtbot: QtBot, window: MainWindow, action: Action) -> JointStepDialog | None:
    click(qtbot, child(window.detail, QPushButton, f"action_{action.value}"))
    dialogs = [d for d in window.detail.findChildren(JointStepDialog, "jointStepDialog")
               if d.isVisible()]
    return dialogs[0] if dialogs else None


def _dialog(window: MainWindow) -> JointStepDialog:
    return open_dialog(window.detail, JointStepDialog, "jointStepDialog")


def _type(qtbot: QtBot, dialog: JointStepDialog, text: str) -> None:
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "jointText"), text)


def _team_step(qtbot: QtBot, window: MainWindow, action: Action, team: str,
               text: str = "") -> None:
    _act(qtbot, window, action)
    dialog = _dialog(window)
    choose(child(dialog, QComboBox, "jointTeam"), team)
    if text:
        _type(qtbot, dialog, text)
    click(qtbot, dialog.ok_button)


def _field(window: MainWindow, key: str) -> str:
    return child(window.detail, QLabel, f"detail_{key}").text()


def test_whistle_return_ruling_parts_close_and_callback(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    officer = app.operator
    case = app.cases.report(officer, title="Fire lane blocked by parked cars",
                            category=Category.FIRE, severity=Severity.HIGH, grid="XH-03",
                            source="hotline")
    app.cases.register(officer, case.reference)
    app.cases.dispatch(officer, case.reference, "FIRE-1")
    window = main_window
    qtbot.waitUntil(lambda: window.board.model.row_of(case.row.id) is not None, timeout=5000)
    click_case_row(qtbot, window, case.row.id)
    assert visible_actions(window) == {"start", "whistle", "return", "dispute", "pause",
                                       "note"}

    # The whistle: tick two departments (Space on the list, as from the keyboard).
    _act(qtbot, window, Action.WHISTLE)
    dialog = _dialog(window)
    teams = child(dialog, QListWidget, "jointTeams")
    assert not dialog.ok_button.isEnabled(), "OK waits for teams and a note"
    codes = [teams.item(i).data(Qt.ItemDataRole.UserRole) for i in range(teams.count())]
    assert "FIRE-1" not in codes, "the lead is not summoned to assist"
    for code in ("PATROL-1", "UTIL-1"):
        teams.setCurrentRow(codes.index(code))
        qtbot.keyClick(teams, Qt.Key.Key_Space)
    _type(qtbot, dialog, "Street office: clear the fire lane")
    click(qtbot, dialog.ok_button)
    assert "PATROL-1 summoned" in _field(window, "joint")
    assert "report-in" in visible_actions(window)

    _team_step(qtbot, window, Action.REPORT_IN, "PATROL-1")
    _team_step(qtbot, window, Action.REPORT_IN, "UTIL-1")
    assert "PATROL-1 reported in, UTIL-1 reported in" in _field(window, "joint")

    # The lead returns it: not its jurisdiction.
    _act(qtbot, window, Action.RETURN)
    dialog = _dialog(window)
    choose(child(dialog, QComboBox, "jointReason"), "not_our_jurisdiction")
    _type(qtbot, dialog, "Private estate road, not a public lane")
    click(qtbot, dialog.ok_button)
    assert app.cases.get(case.reference).row.stage is Stage.REGISTERED
    assert "Returned 1 time(s)" in _field(window, "joint")

    _act(qtbot, window, Action.DISPUTE)
    dialog = _dialog(window)
    _type(qtbot, dialog, "Fire and the estate both say no")
    click(qtbot, dialog.ok_button)
    assert "rule" in visible_actions(window)

    # The coordinator rules the owner.
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    app.act_as(coordinator.username)
    _team_step(qtbot, window, Action.RULE, "RESCUE-1", "Blocked access is rescue's")
    assert app.cases.get(case.reference).row.team_code == "RESCUE-1"
    assert "Ruled owner: RESCUE-1" in _field(window, "joint")
    assert "return" not in visible_actions(window), "a ruling is final"
    app.act_as(officer.username)

    click(qtbot, child(window.detail, QPushButton, "action_start"))
    assert "resolve" not in visible_actions(window), "parts are still open"
    _team_step(qtbot, window, Action.PART_DONE, "PATROL-1")
    _team_step(qtbot, window, Action.PART_DONE, "UTIL-1")
    for action in (Action.RESOLVE, Action.VERIFY, Action.CLOSE):
        click(qtbot, child(window.detail, QPushButton, f"action_{action.value}"))
    assert visible_actions(window) == {"callback", "note"}
    assert "Callback 1: due" in _field(window, "joint")

    # The citizen is not satisfied: the case reopens for the center to review.
    _act(qtbot, window, Action.CALLBACK)
    dialog = _dialog(window)
    choose(child(dialog, QComboBox, "jointSatisfaction"), "dissatisfied")
    choose(child(dialog, QComboBox, "jointResolved"), "yes")
    _type(qtbot, dialog, "Cars are back every evening")
    click(qtbot, dialog.ok_button)
    assert app.cases.get(case.reference).row.stage is Stage.REGISTERED
    assert app.cases.joint(case.reference).callback_reopens == 1
    assert "dispatch" in visible_actions(window)
    actions = [e.action for e in app.cases.timeline(case.reference)]
    assert actions[-13:] == ["whistle", "report-in", "report-in", "return", "dispute", "rule",
                             "start", "part-done", "part-done", "resolve", "verify", "close",
                             "callback"]


def test_dispatch_names_a_lead_and_assisting_teams_with_their_parts(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    from widgets.cases.action_dialogs import DispatchDialog

    case = app.cases.report(app.operator, title="Underpass flooded", category=Category.FLOOD,
                            severity=Severity.HIGH, grid="XH-08", source="hotline")
    app.cases.register(app.operator, case.reference)
    window = main_window
    qtbot.waitUntil(lambda: window.board.model.row_of(case.row.id) is not None, timeout=5000)
    click_case_row(qtbot, window, case.row.id)
    click(qtbot, child(window.detail, QPushButton, f"action_{Action.DISPATCH.value}"))
    dialog = open_dialog(window.detail, DispatchDialog, "dispatchDialog")
    choose(child(dialog, QComboBox, "dispatchTeam"), "RESCUE-1")
    teams = child(dialog, QListWidget, "dispatchAssist")
    parts = child(dialog, QPlainTextEdit, "dispatchParts")
    assert not parts.isEnabled()  # no assisting team ticked yet
    for code in ("UTIL-1", "PATROL-1"):  # in this order: the parts follow it
        item = next(teams.item(i) for i in range(teams.count())
                    if teams.item(i).data(Qt.ItemDataRole.UserRole) == code)
        item.setCheckState(Qt.CheckState.Checked)
    assert parts.isEnabled()
    qtbot.keyClicks(parts, "Pump the water out")
    qtbot.keyClick(parts, Qt.Key.Key_Return)
    qtbot.keyClicks(parts, "Close the road")
    assert dialog.assisting() == ["UTIL-1", "PATROL-1"]
    click(qtbot, dialog.ok_button)
    joint = app.cases.joint(case.reference)
    assert app.cases.get(case.reference).row.team_code == "RESCUE-1"
    assert [(p.team_code, p.text) for p in joint.state.parts] == [
        ("UTIL-1", "Pump the water out"), ("PATROL-1", "Close the road")]
