"""Loading the open board: the most urgent first, the rest from a pool thread in slices,
stale loads discarded, and a bulk "reload" change read once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings
from PySide6.QtWidgets import QComboBox, QTableView
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.query import CaseFilter
from console.clock import FakeClock
from console.core.domain import CaseRow, Role, Severity
from db.demo.seed import seed_cases
from tests.gui.helpers import board_row_ids, child, choose
from widgets.cases.board import CaseBoard
from widgets.main_window import MainWindow


@pytest.fixture
def unshown_window(qtbot: QtBot, app: App,
                   settings: QSettings) -> Iterator[Callable[[], MainWindow]]:
    """Builds a main window without running the event loop, so that the test sees the
    board as first painted; closes and deletes it afterwards."""
    windows: list[MainWindow] = []

    def build() -> MainWindow:
        window = MainWindow(app, settings)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _report_many(app: App, clock: FakeClock, n: int) -> list[int]:
    ids = []
    for i in range(n):
        ids.append(app.cases.report(
            app.operator, title=f"Streetlight out, pole {i}", category="utilities",
            severity=Severity(i % 4 + 1), grid=f"XH-{i % 30 + 1:02d}").row.id)
        clock.advance(timedelta(seconds=20))
    return ids


def test_first_paint_shows_the_most_urgent_then_all_rows_arrive_without_reset(
        qtbot: QtBot, unshown_window: Callable[[], MainWindow], app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseBoard, "first_paint_size", 10)
    monkeypatch.setattr(CaseBoard, "merge_slice_size", 7)
    ids = _report_many(app, clock, 30)
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    pinned = app.cases.supervise(coordinator, app.cases.rows_by_ids([ids[-1]])[0].reference,
                                 "Residents' committee asked").row.id
    urgent = [r.id for r in app.cases.open_page(CaseFilter(), 10)]
    assert urgent[0] == pinned

    window = unshown_window()
    board = window.board
    assert board.model.rowCount() == 10, "first paint: the most urgent page only"
    assert sorted(board.model.case_ids()) == sorted(urgent)
    assert board.loading
    assert board.select_case(urgent[3])  # the officer picks a case before the rest is in

    inserted: list[int] = []
    board.model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    with qtbot.assert_not_emitted(board.model.modelReset), \
            qtbot.waitSignal(board.loaded, timeout=10000) as loaded:
        window.show()
        qtbot.waitExposed(window)
    assert loaded.args == [30]
    assert sorted(board.model.case_ids()) == sorted(ids)
    assert sum(inserted) == 20
    assert max(inserted) <= 7, "merged in slices"
    assert not board.loading
    assert board.selected_case_id() == urgent[3], "the selection survives the merge"
    assert board_row_ids(window)[0] == pinned


class _PaintSpy(QObject):
    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self._events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._events.append("paint")
        return False


def test_the_rest_of_the_board_is_read_once_its_first_rows_are_painted(
        qtbot: QtBot, unshown_window: Callable[[], MainWindow], app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not while the window is still being built: the reading thread would hold Python's
    lock and hold up the first paint of a console opening on a large database."""
    monkeypatch.setattr(CaseBoard, "first_paint_size", 5)
    ids = _report_many(app, clock, 12)
    events: list[str] = []
    real_open_cases = app.cases.open_cases

    def noting_open_cases(flt: CaseFilter | None = None) -> list[CaseRow]:
        events.append("read")
        return real_open_cases(flt)

    monkeypatch.setattr(app.cases, "open_cases", noting_open_cases)
    window = unshown_window()
    spy = _PaintSpy(events)
    child(window, QTableView, "caseTable").viewport().installEventFilter(spy)
    with qtbot.waitSignal(window.board.loaded, timeout=10000) as loaded:
        window.show()  # as the console starts: shown right after it is built
    assert loaded.args == [12]
    assert "paint" in events
    assert events.index("paint") < events.index("read")
    assert sorted(window.board.model.case_ids()) == sorted(ids)


def test_a_board_not_on_screen_reads_the_rest_at_once(
        qtbot: QtBot, app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """A board without a window (a headless seat) gets no paint: it does not wait for one."""
    monkeypatch.setattr(CaseBoard, "first_paint_size", 5)
    ids = _report_many(app, clock, 12)
    board = CaseBoard(app)
    qtbot.addWidget(board)
    assert board.model.rowCount() == 5
    with qtbot.waitSignal(board.loaded, timeout=10000) as loaded:
        pass  # the event loop runs: the board finds itself unseen and reads the rest
    assert loaded.args == [12]
    assert sorted(board.model.case_ids()) == sorted(ids)
    assert not board.isVisible()


def test_a_filter_changed_before_the_load_returns_discards_it(
        qtbot: QtBot, unshown_window: Callable[[], MainWindow], app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseBoard, "first_paint_size", 5)
    _report_many(app, clock, 24)
    release = threading.Event()
    real_open_cases = app.cases.open_cases
    calls: list[CaseFilter] = []

    def held_open_cases(flt: CaseFilter | None = None) -> list[CaseRow]:
        calls.append(flt or CaseFilter())
        if len(calls) == 1:
            release.wait(10)  # the first load is slow: the officer filters meanwhile
        return real_open_cases(flt)

    monkeypatch.setattr(app.cases, "open_cases", held_open_cases)
    window = unshown_window()
    window.show()
    qtbot.waitExposed(window)
    board = window.board
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)

    with qtbot.waitSignal(board.loaded, timeout=10000) as loaded:
        choose(child(window, QComboBox, "severityFilter"), int(Severity.LOW))
        release.set()
    assert loaded.args == [6]
    assert [f.severities for f in calls] == [frozenset(), frozenset({Severity.LOW})]
    # The stale result came back first (one load at a time) and was dropped.
    assert board.model.rowCount() == 6
    assert {board.model.row_at(r).severity for r in range(6)} == {Severity.LOW}


def test_a_bulk_reload_change_reloads_the_board_once(
        qtbot: QtBot, main_window: MainWindow, app: App, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[int] = []
    real_rows_by_ids = app.cases.rows_by_ids

    def recording(ids: object) -> list[CaseRow]:
        wanted = list(ids)  # type: ignore[call-overload]
        fetched.extend(wanted)
        return real_rows_by_ids(wanted)

    monkeypatch.setattr(app.cases, "rows_by_ids", recording)
    board = main_window.board
    resets: list[bool] = []
    board.model.modelReset.connect(lambda: resets.append(True))
    report = seed_cases(app.db, 40, clock.now(), open_count=12, days=3)
    assert report.cases == 40
    qtbot.waitUntil(lambda: board.model.rowCount() == 12, timeout=5000)
    qtbot.waitUntil(lambda: main_window.bus.last_seq == app.changes.latest_seq(),
                    timeout=5000)
    assert resets == [True], "one reload"
    assert 0 not in fetched, "no case 0 is fetched"
