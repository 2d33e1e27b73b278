"""The case board: stage counts, filters, quick search and the paged history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QToolButton
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import CaseDetail, Category, Severity
from tests.gui.helpers import board_row_ids, child, choose, click, click_case_row, close_case
from widgets.cases.board import CaseBoard
from widgets.main_window import MainWindow


def _report(app: App, title: str, category: str = "traffic", severity: int = 3,
            grid: str = "XH-12") -> CaseDetail:
    return app.cases.report(app.operator, title=title, category=category, severity=severity,
                            grid=grid)


def _wait_rows(qtbot: QtBot, window: MainWindow, n: int) -> None:
    qtbot.waitUntil(lambda: window.board.proxy.rowCount() == n, timeout=5000)


def test_table_is_set_up_for_reading(main_window: MainWindow) -> None:
    table = child(main_window, QTableView, "caseTable")
    assert table.isSortingEnabled()
    assert table.alternatingRowColors()
    assert table.verticalHeader().isHidden()
    assert table.selectionMode() is QTableView.SelectionMode.SingleSelection
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal)
               for c in range(table.model().columnCount())]
    assert headers == ["Ref", "Sev", "Title", "Category", "Stage", "Due", "Level", "Grid",
                       "Team", "Reported", "Age", "Updated"]
    search = child(main_window, QLineEdit, "quickSearch")
    assert search.placeholderText() == "Search ref, title, grid… (Ctrl+F)"


def test_stage_counts_and_clicking_one_filters_the_board(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    a = _report(app, "Illegal parking on fire lane")
    b = _report(app, "Traffic light stuck on red")
    c = _report(app, "Shop sign hanging loose", "other")
    app.cases.register(app.operator, b.reference)
    app.cases.pause(app.operator, c.reference, "Owner abroad until Monday")

    reported = child(main_window, QToolButton, "stageCount_reported")
    registered = child(main_window, QToolButton, "stageCount_registered")
    paused = child(main_window, QToolButton, "stageCount_paused")
    qtbot.waitUntil(lambda: reported.text() == "Reported 2", timeout=5000)
    assert registered.text() == "Registered 1"
    assert paused.text() == "Paused 1"
    assert child(main_window, QLabel, "statusCounts").text() == "Open 3 · paused 1"
    _wait_rows(qtbot, main_window, 3)

    click(qtbot, registered)
    assert board_row_ids(main_window) == [b.row.id]
    assert child(main_window, QComboBox, "stageFilter").currentData() == "registered"
    assert registered.isChecked()

    click(qtbot, paused)
    assert board_row_ids(main_window) == [c.row.id]
    assert not registered.isChecked()

    click(qtbot, paused)  # clicking the checked one again shows everything
    assert sorted(board_row_ids(main_window)) == sorted([a.row.id, b.row.id, c.row.id])


def test_filters_load_from_the_database(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    fire = _report(app, "Smoke from basement", "fire", 1, "XH-22")
    _report(app, "Pothole outside school", "traffic", 4, "XH-02")
    _wait_rows(qtbot, main_window, 2)

    choose(child(main_window, QComboBox, "categoryFilter"), Category.FIRE.value)
    assert board_row_ids(main_window) == [fire.row.id]
    choose(child(main_window, QComboBox, "categoryFilter"), None)
    choose(child(main_window, QComboBox, "severityFilter"), int(Severity.LOW))
    assert len(board_row_ids(main_window)) == 1
    assert board_row_ids(main_window) != [fire.row.id]
    choose(child(main_window, QComboBox, "severityFilter"), None)
    grid_id = app.district.grid_by_code("XH-22").id
    choose(child(main_window, QComboBox, "gridFilter"), grid_id)
    assert board_row_ids(main_window) == [fire.row.id]
    choose(child(main_window, QComboBox, "gridFilter"), None)
    app.cases.register(app.operator, fire.reference)
    app.cases.dispatch(app.operator, fire.reference, "FIRE-1")
    team_id = app.district.team_by_code("FIRE-1").id
    choose(child(main_window, QComboBox, "teamFilter"), team_id)
    assert board_row_ids(main_window) == [fire.row.id]


def test_quick_search_filters_as_you_type(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    dog = _report(app, "Dog bite in the park", "public_health", 2, "XH-17")
    _report(app, "Blocked drain overflowing", "utilities", 3, "XH-30")
    _wait_rows(qtbot, main_window, 2)
    search = child(main_window, QLineEdit, "quickSearch")

    qtbot.keyClicks(search, "dog park")
    assert board_row_ids(main_window) == [dog.row.id]
    search.clear()
    qtbot.keyClicks(search, "xh-30")
    assert len(board_row_ids(main_window)) == 1
    search.clear()
    qtbot.keyClicks(search, dog.reference.lower())
    assert board_row_ids(main_window) == [dog.row.id]

    # A new case that does not match stays hidden until the search is cleared.
    _report(app, "Cat stuck on roof", "other", 4, "XH-17")
    qtbot.waitUntil(lambda: main_window.board.model.rowCount() == 3, timeout=5000)
    assert board_row_ids(main_window) == [dog.row.id]
    search.clear()
    assert len(board_row_ids(main_window)) == 3


def test_quick_search_hiding_the_selected_case_keeps_it_in_the_pane(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    dog = _report(app, "Dog bite in the park", "public_health", 2, "XH-17")
    drain = _report(app, "Blocked drain overflowing", "utilities", 3, "XH-30")
    _wait_rows(qtbot, main_window, 2)
    click_case_row(qtbot, main_window, dog.row.id)
    search = child(main_window, QLineEdit, "quickSearch")
    with qtbot.assert_not_emitted(main_window.board.case_selected):
        qtbot.keyClicks(search, "drain")
    assert board_row_ids(main_window) == [drain.row.id]
    assert main_window.detail.case_id == dog.row.id
    assert main_window.board.selected_case_id() == -1, "no other row pretends to be it"
    search.clear()
    assert main_window.board.selected_case_id() == dog.row.id, "selected again once shown"
    with qtbot.waitSignal(main_window.board.case_selected) as selected:
        click_case_row(qtbot, main_window, drain.row.id)
    assert selected.args == [drain.row.id]


def test_ctrl_f_goes_to_quick_search(qtbot: QtBot, main_window: MainWindow) -> None:
    table = child(main_window, QTableView, "caseTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert child(main_window, QLineEdit, "quickSearch").hasFocus()


def test_history_pages_closed_cases_newest_first(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseBoard, "page_size", 2)
    closed = []
    for i in range(5):
        case = _report(app, f"Closed case {i}")
        clock.advance(timedelta(minutes=5))
        closed.append(close_case(app, case.reference))
    still_open = _report(app, "Still open")
    newest_first = [c.row.id for c in reversed(closed)]

    choose(child(main_window, QComboBox, "scopeCombo"), "history")
    newer = child(main_window, QPushButton, "pageNewer")
    older = child(main_window, QPushButton, "pageOlder")
    label = child(main_window, QLabel, "pageLabel")
    assert board_row_ids(main_window) == newest_first[:2]
    assert still_open.row.id not in board_row_ids(main_window)
    assert label.text() == "Page 1 · closed cases 1–2"
    assert not newer.isEnabled()
    assert not child(main_window, QComboBox, "stageFilter").isEnabled()

    click(qtbot, older)
    assert board_row_ids(main_window) == newest_first[2:4]
    assert label.text() == "Page 2 · closed cases 3–4"
    click(qtbot, older)
    assert board_row_ids(main_window) == newest_first[4:]
    assert not older.isEnabled()
    click(qtbot, newer)
    assert board_row_ids(main_window) == newest_first[2:4]

    # In history, quick search asks the database (after a pause in typing).
    search = child(main_window, QLineEdit, "quickSearch")
    qtbot.keyClicks(search, closed[4].reference)
    qtbot.waitUntil(lambda: board_row_ids(main_window) == [closed[4].row.id], timeout=5000)
    assert label.text() == "Page 1 · closed cases 1–1"


def test_closed_count_opens_the_history(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    case = close_case(app, _report(app, "Fixed already").reference)
    button = child(main_window, QToolButton, "stageCount_closed")
    qtbot.waitUntil(lambda: button.text() == "Closed (24 h) 1", timeout=5000)
    click(qtbot, button)
    assert child(main_window, QComboBox, "scopeCombo").currentData() == "history"
    assert board_row_ids(main_window) == [case.row.id]
    assert child(main_window, QPushButton, "pageOlder").isVisible()
