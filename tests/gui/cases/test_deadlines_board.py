"""Deadlines on the board: countdowns, escalation colours and levels, the overdue filter,
supervised cases pinned, the detail pane's deadlines, supervision, and the breach banner.

Deadlines move with the fake clock and ``app.escalation.sweep()``: nothing here sleeps
waiting for one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import CaseDetail, OperatorRef, Role
from tests.gui.helpers import board_row_ids, child, click, click_case_row, open_dialog
from widgets.cases.action_dialogs import TextActionDialog
from widgets.cases.table_model import Column
from widgets.main_window import MainWindow
from widgets.shell.escalation_banner import EscalationBanner
from widgets.shell.theme import Theme, escalation_colors

CENTER = ZoneInfo("Asia/Shanghai")  # the demo center's zone: every time on screen is in it

# The shipped policy for fire, severity 1: register within 3 min (warning at 2 min 15 s,
# level 3 thirty minutes after the breach), dispatch within 5 min, resolve within 4 h.
REGISTER_S = 180


def _fire(app: App, title: str = "Smoke from a restaurant kitchen",
          grid: str = "XH-04") -> CaseDetail:
    return app.cases.report(app.operator, title=title, category="fire", severity=1,
                            grid=grid)


def _traffic(app: App, title: str = "Pothole outside the school") -> CaseDetail:
    return app.cases.report(app.operator, title=title, category="traffic", severity=4,
                            grid="XH-02")


def _wait_rows(qtbot: QtBot, window: MainWindow, n: int) -> None:
    qtbot.waitUntil(lambda: window.board.model.rowCount() == n, timeout=5000)


def _cell(window: MainWindow, case_id: int, column: Column,
          role: int = Qt.ItemDataRole.DisplayRole) -> object:
    model = window.board.model
    pos = model.row_of(case_id)
    assert pos is not None, f"case {case_id} is not on the board"
    return model.data(model.index(pos, column), role)


def _coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def _level_of(window: MainWindow, case_id: int) -> int:
    model = window.board.model
    return model.row_at(model.row_of(case_id) or 0).escalation_level


def _click_header(qtbot: QtBot, window: MainWindow, column: Column) -> Qt.SortOrder:
    """Click a column's header as a person would; the order it now sorts in."""
    header = window.board.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + 8, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert header.sortIndicatorSection() == column
    return header.sortIndicatorOrder()


# ---- the countdown --------------------------------------------------------------------


def test_countdown_ticks_only_the_due_cells_on_screen(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock) -> None:
    cases = [_traffic(app, f"Streetlight out, pole {i}") for i in range(80)]
    fire = _fire(app)
    board = main_window.board
    _wait_rows(qtbot, main_window, 81)
    assert _cell(main_window, fire.row.id, Column.DUE) == "Register 3 m 00 s"

    table = board.table
    first, last = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
    assert first == 0
    assert 0 < last < 80, "the table must be taller than the viewport for this test"
    visible = {board.proxy.mapToSource(board.proxy.index(r, 0)).row()
               for r in range(first, last + 1)}
    changed: list[tuple[int, int, int, int]] = []
    board.model.dataChanged.connect(lambda a, b, _roles=None: changed.append(
        (a.row(), b.row(), a.column(), b.column())))

    clock.advance(timedelta(seconds=46))
    with qtbot.assert_not_emitted(board.model.modelReset), \
            qtbot.assert_not_emitted(board.model.layoutChanged), \
            qtbot.waitSignal(board.countdown_timer.timeout, timeout=3000):
        pass
    assert changed, "the countdown repainted something"
    assert {(c[2], c[3]) for c in changed} == {(Column.DUE, Column.DUE)}, "only Due"
    covered = {row for a, b, _, _ in changed for row in range(a, b + 1)}
    assert covered == visible, "exactly the rows on screen"
    assert _cell(main_window, fire.row.id, Column.DUE) == "Register 2 m 14 s"

    clock.advance(timedelta(seconds=REGISTER_S))  # 46 s past the deadline
    board.refresh_countdowns()
    assert _cell(main_window, fire.row.id, Column.DUE) == "Register 46 s late"
    clock.advance(timedelta(hours=3, minutes=5))
    board.refresh_countdowns()
    assert _cell(main_window, fire.row.id, Column.DUE) == "Register 3 h 05 m late"
    assert _cell(main_window, cases[0].row.id, Column.DUE) == "Register 51 m 14 s"


def test_a_board_off_screen_repaints_nothing_and_is_right_when_shown(
        qtbot: QtBot, app: App, clock: FakeClock) -> None:
    # A headless seat's board (or one in a hidden window) holds every open case: a
    # countdown tick that walked all of them each second cost a city seat a fifth of a
    # core. Off screen the tick repaints nothing; shown, the Due cells read from now.
    from widgets.cases.board import CaseBoard

    fire = _fire(app)
    for i in range(30):
        _traffic(app, f"Streetlight out, pole {i}")
    board = CaseBoard(app)
    qtbot.addWidget(board)
    board.reload()
    qtbot.waitUntil(lambda: board.model.rowCount() == 31, timeout=5000)
    changed: list[int] = []
    board.model.dataChanged.connect(lambda a, b, _roles=None: changed.append(a.row()))
    clock.advance(timedelta(seconds=46))
    board.refresh_countdowns()
    assert changed == []

    board.resize(1200, 600)
    board.show()
    qtbot.waitExposed(board)
    board.refresh_countdowns()
    assert changed, "on screen, the tick repaints the rows shown"
    pos = board.model.row_of(fire.row.id)
    assert pos is not None
    due = board.model.data(board.model.index(pos, Column.DUE), Qt.ItemDataRole.DisplayRole)
    assert due == "Register 2 m 14 s"


def test_due_reads_paused_and_dash_and_sorts_by_time_left(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock) -> None:
    slow = _traffic(app, "Faded road markings")  # register within 4 h
    fire = _fire(app)  # within 3 min
    paused = _fire(app, "Smoke alarm sounding, flat empty", "XH-05")
    app.cases.pause(app.operator, paused.reference, "Waiting for the landlord's key")
    done = _traffic(app, "Bollard knocked over")
    app.cases.register(app.operator, done.reference)
    app.cases.dispatch(app.operator, done.reference, "PATROL-1")
    app.cases.start(app.operator, done.reference)
    app.cases.resolve(app.operator, done.reference)
    _wait_rows(qtbot, main_window, 4)
    qtbot.waitUntil(lambda: _cell(main_window, done.row.id, Column.STAGE) == "Resolved",
                    timeout=5000)
    assert _cell(main_window, paused.row.id, Column.DUE) == "paused"
    assert _cell(main_window, done.row.id, Column.DUE) == "—"
    assert "Paused" in str(_cell(main_window, paused.row.id, Column.DUE,
                                 Qt.ItemDataRole.ToolTipRole))

    ascending = [fire.row.id, slow.row.id]  # the least time left first
    for _ in range(2):
        direction = _click_header(qtbot, main_window, Column.DUE)
        order = board_row_ids(main_window)
        expected = ascending if direction == Qt.SortOrder.AscendingOrder else ascending[::-1]
        assert order[:2] == expected
        assert set(order[2:]) == {paused.row.id, done.row.id}, "paused and none last"


# ---- escalation levels ----------------------------------------------------------------


@pytest.mark.parametrize("theme", list(Theme))
def test_rows_are_tinted_and_labelled_by_level(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        app: App, clock: FakeClock, theme: Theme) -> None:
    settings.setValue("theme", theme.value)
    window = open_window(settings)
    # Reported at staggered times, so that 34 minutes after the first report the
    # register deadlines (3 min; warning at 2 min 15 s; level 3 at 33 min) stand at 3, 2, 1.
    long_breached = _fire(app, "Breached for long")
    clock.advance(timedelta(minutes=30))
    breached = _fire(app, "Breached")
    clock.advance(timedelta(seconds=100))
    warned = _fire(app, "Warned")
    calm = _traffic(app)
    clock.advance(timedelta(seconds=140))
    app.escalation.sweep()
    qtbot.waitUntil(lambda: window.board.model.rowCount() == 4 and _level_of(
        window, warned.row.id) == 1, timeout=5000)
    assert [_level_of(window, c.row.id) for c in (long_breached, breached, calm)] == [3, 2, 0]

    tints = escalation_colors(theme)
    background = Qt.ItemDataRole.BackgroundRole
    for case in (warned, breached, long_breached):
        level = _level_of(window, case.row.id)
        assert _cell(window, case.row.id, Column.LEVEL) == f"▲{level}"
        assert _cell(window, case.row.id, Column.TITLE, background) == tints[level]
        assert _cell(window, case.row.id, Column.REF, background) == tints[level]
    assert _cell(window, long_breached.row.id, Column.LEVEL, Qt.ItemDataRole.ToolTipRole) \
        == "Level 3 — breached for long: the commander takes over"
    assert "late" in str(_cell(window, long_breached.row.id, Column.DUE))
    assert _cell(window, calm.row.id, Column.TITLE, background) is None
    assert _cell(window, calm.row.id, Column.LEVEL) == ""


def test_overdue_filter_and_count(qtbot: QtBot, main_window: MainWindow, app: App,
                                  clock: FakeClock) -> None:
    late = _fire(app)
    on_time = _traffic(app)
    clock.advance(timedelta(seconds=REGISTER_S))
    app.escalation.sweep()
    strip_button = child(main_window, QToolButton, "stageCount_overdue")
    status = child(main_window, QLabel, "statusOverdue")
    qtbot.waitUntil(lambda: strip_button.text() == "Overdue 1", timeout=5000)
    assert status.text() == "Overdue 1"
    assert status.property("alarm") is True
    _wait_rows(qtbot, main_window, 2)

    overdue = child(main_window, QCheckBox, "overdueOnly")
    click(qtbot, overdue)
    assert main_window.board.current_filter.overdue_only
    assert board_row_ids(main_window) == [late.row.id]
    assert strip_button.isChecked()

    click(qtbot, strip_button)  # the strip's button toggles the same filter
    assert not overdue.isChecked()
    assert not main_window.board.current_filter.overdue_only
    assert sorted(board_row_ids(main_window)) == sorted([late.row.id, on_time.row.id])
    click(qtbot, strip_button)
    assert overdue.isChecked()
    assert board_row_ids(main_window) == [late.row.id]

    app.cases.register(app.operator, late.reference)  # register met: no longer breached
    qtbot.waitUntil(lambda: board_row_ids(main_window) == [], timeout=5000)
    qtbot.waitUntil(lambda: status.text() == "Overdue 0", timeout=5000)
    assert status.property("alarm") is False


# ---- supervision ----------------------------------------------------------------------


def test_supervised_cases_stay_on_top_whatever_the_sort(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    cases = [_traffic(app, title) for title in ("Alpha", "Bravo", "Charlie", "Delta")]
    chosen = cases[2]
    app.cases.supervise(_coordinator(app), chosen.reference, "Third complaint this week")
    _wait_rows(qtbot, main_window, 4)
    qtbot.waitUntil(lambda: board_row_ids(main_window)[0] == chosen.row.id, timeout=5000)

    for _ in range(2):
        direction = _click_header(qtbot, main_window, Column.TITLE)
        order = board_row_ids(main_window)
        assert order[0] == chosen.row.id
        titles = [str(_cell(main_window, i, Column.TITLE)) for i in order[1:]]
        assert titles == sorted(titles, reverse=direction == Qt.SortOrder.DescendingOrder)
    assert _cell(main_window, chosen.row.id, Column.REF) == f"★ {chosen.reference}"
    assert "Under supervision" in str(
        _cell(main_window, chosen.row.id, Column.REF, Qt.ItemDataRole.ToolTipRole))
    assert _cell(main_window, cases[0].row.id, Column.REF) == cases[0].reference


def test_supervise_button_is_for_coordinators_only(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = _traffic(app)
    _wait_rows(qtbot, main_window, 1)
    click_case_row(qtbot, main_window, case.row.id)
    assert not child(main_window.detail, QPushButton, "action_supervise").isVisible()


def test_a_coordinator_supervises_from_the_detail_pane(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _traffic(app)
    before = {d.kind: d.due_at for d in app.deadlines.for_case(case.row.id)}
    app.act_as(_coordinator(app).username)
    window = open_window(settings)
    _wait_rows(qtbot, window, 1)
    click_case_row(qtbot, window, case.row.id)
    calls: list[str] = []
    supervise = app.cases.supervise

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(str(args[1]))
        return supervise(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app.cases, "supervise", counted)
    button = child(window.detail, QPushButton, "action_supervise")
    click(qtbot, button)
    dialog = open_dialog(window.detail, TextActionDialog, "textActionDialog")
    assert not dialog.ok_button.isEnabled(), "a reason is required"
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "actionText"), "Residents called 3 times")
    click(qtbot, dialog.ok_button)

    assert calls == [case.reference], "one service call"
    assert app.cases.get(case.reference).row.supervised
    assert not button.isVisible(), "already supervised"
    assert child(window.detail, QLabel, "detailSupervised").isVisible()
    after = {d.kind: d.due_at for d in app.deadlines.for_case(case.row.id)}
    assert after["register"] < before["register"], "what was left was shortened"
    qtbot.waitUntil(lambda: _cell(window, case.row.id, Column.REF) == f"★ {case.reference}",
                    timeout=5000)


# ---- the detail pane's deadlines ------------------------------------------------------


def _deadline_rows(window: MainWindow) -> list[list[str]]:
    table = child(window.detail, QTableWidget, "caseDeadlines")
    return [[table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
            for r in range(table.rowCount())]


def test_detail_pane_lists_the_deadlines(qtbot: QtBot, main_window: MainWindow, app: App,
                                         clock: FakeClock) -> None:
    case = _fire(app)
    _wait_rows(qtbot, main_window, 1)
    click_case_row(qtbot, main_window, case.row.id)
    due = {d.kind: d.due_at for d in app.deadlines.for_case(case.row.id)}
    local = due["register"].astimezone(CENTER).strftime("%Y-%m-%d %H:%M")
    assert _deadline_rows(main_window) == [
        ["Register", local, "pending", "on time"],
        ["Resolve", due["resolve"].astimezone(CENTER).strftime("%Y-%m-%d %H:%M"), "pending",
         "on time"]]
    level = child(main_window.detail, QLabel, "detailLevel")
    assert level.text() == "On time"

    clock.advance(timedelta(seconds=REGISTER_S))
    app.escalation.sweep()
    qtbot.waitUntil(lambda: level.text() == "▲2 breached", timeout=5000)
    assert _deadline_rows(main_window)[0][2:] == ["pending", "▲2 breached"]

    clock.advance(timedelta(minutes=1))
    app.cases.register(app.operator, case.reference)
    qtbot.waitUntil(lambda: len(_deadline_rows(main_window)) == 3, timeout=5000)
    rows = _deadline_rows(main_window)
    assert rows[0][2:] == ["completed 1 min late", "▲2 breached"], \
        "met late: it says by how much, and the level stays"
    assert [r[0] for r in rows] == ["Register", "Resolve", "Dispatch"]
    assert level.text() == "Register 1 min late", \
        "no pending deadline is late: the header says how the last stage ended"

    app.cases.pause(app.operator, case.reference, "Waiting for the gas company")
    qtbot.waitUntil(lambda: _deadline_rows(main_window)[1][2] == "paused", timeout=5000)
    assert _deadline_rows(main_window)[2][2] == "paused"


# ---- attention ------------------------------------------------------------------------


def test_a_new_breach_raises_the_banner_without_taking_focus(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    alerts: list[object] = []
    beeps: list[bool] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, msec=0: alerts.append(widget))
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(True))
    for name in ("activateWindow", "raise_"):
        monkeypatch.setattr(MainWindow, name, lambda self: pytest.fail("stole the window"))
    other = _traffic(app)
    case = _fire(app)
    _wait_rows(qtbot, main_window, 2)
    main_window.board.select_case(other.row.id)
    search = child(main_window, QLineEdit, "quickSearch")
    click(qtbot, search)
    assert QApplication.focusWidget() is search
    banner = child(main_window, EscalationBanner, "escalationBanner")
    assert not banner.isVisible()

    clock.advance(timedelta(seconds=REGISTER_S - 45))
    app.escalation.sweep()  # level 1, a warning: no banner
    qtbot.waitUntil(lambda: _level_of(main_window, case.row.id) == 1, timeout=5000)
    assert not banner.isVisible()
    assert alerts == []

    child(main_window, QAction, "soundOnEscalationAction").setChecked(True)
    clock.advance(timedelta(seconds=45))
    with qtbot.waitSignal(main_window.board.model.escalated, timeout=5000) as escalated:
        app.escalation.sweep()
    assert [r.id for r in escalated.args[0]] == [case.row.id]
    assert banner.isVisible()
    text = child(banner, QLabel, "escalationBannerText").text()
    assert text.startswith(f"▲2 breached · {case.reference} · Register due")
    assert QApplication.focusWidget() is search, "the keyboard stays where it was"
    assert alerts == [main_window]
    assert beeps == [True]
    lit = banner.lit
    with qtbot.waitSignal(child(banner, QTimer, "escalationBannerBlink").timeout,
                          timeout=3000):
        pass
    assert banner.lit != lit, "it pulses"
    qtbot.keyClicks(search, "smoke")  # typing goes on undisturbed
    assert search.text() == "smoke"
    search.clear()

    qtbot.mouseClick(banner, Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
    assert not banner.isVisible()
    assert main_window.board.selected_case_id() == case.row.id
    assert main_window.detail.case_id == case.row.id
    assert QApplication.focusWidget() is search


def test_escape_dismisses_the_banner_and_only_breaches_count(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock) -> None:
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    case = _fire(app)
    _wait_rows(qtbot, main_window, 1)
    banner = main_window.board.banner
    clock.advance(timedelta(seconds=REGISTER_S))
    app.escalation.sweep()
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    table = main_window.board.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert not banner.isVisible()
    assert main_window.board.selected_case_id() != case.row.id, "Esc selects nothing"

    clock.advance(timedelta(minutes=30))  # level 3: a new breach, the banner again
    app.escalation.sweep()
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert [r.escalation_level for r in banner.rows] == [3]


def test_sound_setting_is_kept(qtbot: QtBot, open_window: Callable[[QSettings], MainWindow],
                               settings: QSettings) -> None:
    first = open_window(settings)
    sound = child(first, QAction, "soundOnEscalationAction")
    assert sound.isCheckable()
    assert not sound.isChecked(), "off unless asked for"
    sound.setChecked(True)
    first.close()
    second = open_window(settings)
    assert child(second, QAction, "soundOnEscalationAction").isChecked()

