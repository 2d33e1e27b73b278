"""Working a case from the detail pane: exactly the legal actions, dialogs, timeline, errors."""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.lifecycle import Action
from console.clock import FakeClock
from console.core.domain import CaseDetail, Category, OperatorRef, Severity, Stage
from tests.gui.helpers import (
    board_row_ids,
    child,
    choose,
    click,
    click_case_row,
    open_dialog,
    visible_actions,
)
from widgets.cases.action_dialogs import DispatchDialog, TextActionDialog
from widgets.common import labels
from widgets.main_window import MainWindow


def _report(app: App, title: str = "Kitchen fire, 3rd floor",
            category: Category = Category.FIRE, grid: str = "XH-03") -> CaseDetail:
    return app.cases.report(app.operator, title=title, category=category,
                            severity=Severity.HIGH, grid=grid)


def _select(qtbot: QtBot, window: MainWindow, case: CaseDetail) -> None:
    qtbot.waitUntil(lambda: window.board.model.row_of(case.row.id) is not None, timeout=5000)
    click_case_row(qtbot, window, case.row.id)
    assert window.detail.case_id == case.row.id


def _act(qtbot: QtBot, window: MainWindow, action: Action) -> None:
    click(qtbot, child(window.detail, QPushButton, f"action_{action.value}"))


def _write_text(qtbot: QtBot, window: MainWindow, text: str) -> None:
    dialog = open_dialog(window.detail, TextActionDialog, "textActionDialog")
    assert not dialog.ok_button.isEnabled(), "OK must wait for the text"
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "actionText"), text)
    click(qtbot, dialog.ok_button)


def _timeline(window: MainWindow) -> list[tuple[str, str, str]]:
    tree = child(window.detail, QTreeWidget, "caseTimeline")
    return [(tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2),
             tree.topLevelItem(i).text(3)) for i in range(tree.topLevelItemCount())]


def _field(window: MainWindow, key: str) -> str:
    return child(window.detail, QLabel, f"detail_{key}").text()


def test_the_whole_loop_by_clicking_only_the_legal_buttons(
        qtbot: QtBot, main_window: MainWindow, app: App, officer: OperatorRef) -> None:
    case = _report(app)
    _select(qtbot, main_window, case)
    name = officer.display_name

    assert visible_actions(main_window) == {"register", "pause", "note"}
    assert _timeline(main_window) == [(name, "Report", _timeline(main_window)[0][2])]
    assert "title: Kitchen fire, 3rd floor" in _timeline(main_window)[0][2]

    _act(qtbot, main_window, Action.REGISTER)
    assert visible_actions(main_window) == {"dispatch", "pause", "note"}
    assert _timeline(main_window)[-1] == (name, "Register", "stage: Reported → Registered")
    assert _field(main_window, "registered") != "—"

    _act(qtbot, main_window, Action.DISPATCH)
    dialog = open_dialog(main_window.detail, DispatchDialog, "dispatchDialog")
    teams = child(dialog, QComboBox, "dispatchTeam")
    assert teams.currentData() == "FIRE-1", "a fire goes to the fire station by default"
    choose(teams, "RESCUE-1")
    click(qtbot, dialog.ok_button)
    assert visible_actions(main_window) == {"start", "whistle", "return", "dispute", "pause",
                                             "note"}
    assert _timeline(main_window)[-1] == (
        name, "Dispatch", "stage: Registered → Dispatched\nteam: — → RESCUE-1")
    assert _field(main_window, "team").startswith("RESCUE-1")

    _act(qtbot, main_window, Action.START)
    assert visible_actions(main_window) == {"resolve", "whistle", "dispute", "pause", "note"}
    _act(qtbot, main_window, Action.RESOLVE)
    assert visible_actions(main_window) == {"verify", "reopen", "pause", "note"}
    _act(qtbot, main_window, Action.VERIFY)
    assert visible_actions(main_window) == {"close", "pause", "note"}
    _act(qtbot, main_window, Action.CLOSE)
    assert visible_actions(main_window) == {"callback", "note"}  # a hotline case: 回访

    assert [entry[1] for entry in _timeline(main_window)] == [
        "Report", "Register", "Dispatch", "Start work", "Resolve", "Verify (passed)", "Close"]
    # A hotline case: the close also says when its callback (回访) is due.
    assert _timeline(main_window)[-1][2].startswith("stage: Verified → Closed\ncallback due: ")
    assert app.cases.get(case.reference).row.stage is Stage.CLOSED
    # The open board lets the closed case go; the pane keeps showing it.
    qtbot.waitUntil(lambda: case.row.id not in board_row_ids(main_window), timeout=5000)
    assert main_window.detail.case_id == case.row.id
    assert child(main_window.detail, QLabel, "detailStage").text() == "Closed"


def test_failed_verification_reopens_as_rework(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = _report(app, "Sewage overflow on the lane", Category.UTILITIES, "XH-10")
    actor = app.operator
    app.cases.register(actor, case.reference)
    app.cases.dispatch(actor, case.reference, "UTIL-1")
    app.cases.start(actor, case.reference)
    app.cases.resolve(actor, case.reference)
    _select(qtbot, main_window, case)
    assert _field(main_window, "rework") == "0"

    _act(qtbot, main_window, Action.REOPEN)
    _write_text(qtbot, main_window, "Still overflowing at 9 pm")

    assert visible_actions(main_window) == {"start", "whistle", "dispute", "pause", "note"}
    assert _field(main_window, "rework") == "1"
    last = _timeline(main_window)[-1]
    assert last[1] == "Reopen (failed)"
    assert "stage: Resolved → Dispatched" in last[2]
    assert "rework: 0 → 1" in last[2]
    assert "note: Still overflowing at 9 pm" in last[2]
    assert app.cases.get(case.reference).row.rework_count == 1


def test_pause_with_a_reason_then_resume(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = _report(app, "Neighbours quarrel over parking", Category.DISPUTE, "XH-15")
    _select(qtbot, main_window, case)

    _act(qtbot, main_window, Action.PAUSE)
    _write_text(qtbot, main_window, "Waiting for the property manager")

    assert visible_actions(main_window) == {"resume", "note"}
    stage = child(main_window.detail, QLabel, "detailStage").text()
    assert stage == f"Reported {labels.pause_mark()} paused"
    assert _field(main_window, "pause_reason").startswith("Waiting for the property manager")
    assert _timeline(main_window)[-1][2] == "reason: Waiting for the property manager"
    qtbot.waitUntil(lambda: main_window.board.model.row_at(
        main_window.board.model.row_of(case.row.id) or 0).paused, timeout=5000)

    _act(qtbot, main_window, Action.RESUME)
    assert visible_actions(main_window) == {"register", "pause", "note"}
    assert _field(main_window, "pause_reason") == "—"
    assert _timeline(main_window)[-1][1] == "Resume"


def test_a_note_needs_text_and_changes_no_stage(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = _report(app)
    _select(qtbot, main_window, case)
    _act(qtbot, main_window, Action.NOTE)
    _write_text(qtbot, main_window, "Caller rang again, smoke visible")
    assert _timeline(main_window)[-1][1:] == ("Add note", "note: Caller rang again, smoke visible")
    assert visible_actions(main_window) == {"register", "pause", "note"}


def test_conflict_is_shown_inline_with_a_reload(
        qtbot: QtBot, main_window: MainWindow, app: App, officer: OperatorRef) -> None:
    case = _report(app)
    _select(qtbot, main_window, case)
    other = next(o for o in app.operators.list()
                 if o.role is officer.role and o.id != officer.id)
    # Someone else registers the case; this pane has not seen it yet.
    app.cases.apply(other, case.reference, Action.REGISTER)

    _act(qtbot, main_window, Action.REGISTER)

    message = child(main_window.detail, QLabel, "detailMessage")
    reload = child(main_window.detail, QPushButton, "detailReload")
    assert message.isVisible()
    assert f"changed by {other.display_name}" in message.text()
    assert reload.isVisible()
    assert app.cases.timeline(case.reference)[-1].operator == other.display_name

    click(qtbot, reload)
    assert not message.isVisible()
    assert visible_actions(main_window) == {"dispatch", "pause", "note"}


def test_permission_refusal_is_shown_inline(
        qtbot: QtBot, main_window: MainWindow, app: App, reviewer: OperatorRef) -> None:
    case = _report(app)
    _select(qtbot, main_window, case)
    app.act_as(reviewer.username)
    _act(qtbot, main_window, Action.REGISTER)
    message = child(main_window.detail, QLabel, "detailMessage")
    assert message.isVisible()
    assert "may not change cases" in message.text()
    assert not child(main_window.detail, QPushButton, "detailReload").isVisible()
    assert visible_actions(main_window) == {"register", "pause", "note"}


def test_pane_follows_changes_made_elsewhere(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = _report(app)
    _select(qtbot, main_window, case)
    app.cases.register(app.operator, case.reference)
    qtbot.waitUntil(lambda: visible_actions(main_window) == {"dispatch", "pause", "note"},
                    timeout=5000)
    assert child(main_window.detail, QLabel, "detailStage").text() == "Registered"


def test_placeholder_when_nothing_is_selected(main_window: MainWindow) -> None:
    placeholder = child(main_window.detail, QLabel, "detailPlaceholder")
    assert placeholder.isVisible()
    assert "Select a case" in placeholder.text()
    assert visible_actions(main_window) == set()


def test_deadlines_tell_how_each_stage_ended(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock) -> None:
    case = _report(app)
    clock.advance(timedelta(minutes=1))
    app.cases.register(app.operator, case.reference)
    app.cases.dispatch(app.operator, case.reference, "FIRE-1")
    app.cases.start(app.operator, case.reference)
    resolve = next(d for d in app.deadlines.for_case(case.row.id) if d.kind == "resolve")
    clock.advance(resolve.due_at + timedelta(days=2, hours=22) - clock.now())
    app.escalation.sweep()  # the resolve deadline reaches level 3 while the case is open
    app.cases.resolve(app.operator, case.reference)
    _select(qtbot, main_window, case)

    deadlines = child(main_window.detail, QTableWidget, "caseDeadlines")
    rows = {deadlines.item(r, 0).text(): (deadlines.item(r, 2).text(),
                                          deadlines.item(r, 3).text())
            for r in range(deadlines.rowCount())}
    assert rows["Resolve"] == ("completed 2 d 22 h late", "▲3 breached for long")
    assert re.fullmatch(r"met \d+ min early", rows["Register"][0]), rows["Register"]
    header = child(main_window.detail, QLabel, "detailLevel").text()
    assert header == "Resolve 2 d 22 h late", "a case resolved late never reads 'On time'"
