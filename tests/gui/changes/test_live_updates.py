"""The board follows changes written by other processes and bursts, without resets."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import Severity, Stage
from db.demo.district_loader import load_district
from tests.gui.helpers import board_row_ids, click_case_row
from widgets.changes import bus as change_bus
from widgets.changes.bus import ChangeBus
from widgets.main_window import MainWindow

REPO = Path(__file__).resolve().parents[3]

OTHER_CONSOLE = textwrap.dedent("""
    import sys
    from console.app import open_app
    app = open_app(sys.argv[1])
    app.act_as("liqiang")
    new = app.cases.report(app.operator, title="Smoke from a shop, Old Wharf",
                           category="fire", severity=1, grid="XH-04")
    app.cases.register(app.operator, sys.argv[2])
    print(new.reference)
    app.close()
""")


def test_another_process_changes_appear_live_without_reset(
        qtbot: QtBot, main_window: MainWindow, app: App, db_url: str) -> None:
    selected = app.cases.report(app.operator, title="Abandoned car on the verge",
                                category="traffic", severity=4, grid="XH-08")
    to_register = app.cases.report(app.operator, title="Loose manhole cover",
                                   category="utilities", severity=3, grid="XH-09")
    board = main_window.board
    qtbot.waitUntil(lambda: board.model.row_of(to_register.row.id) is not None, timeout=5000)
    click_case_row(qtbot, main_window, selected.row.id)
    assert board.selected_case_id() == selected.row.id
    scroll = board.table.verticalScrollBar().value()

    with qtbot.assert_not_emitted(board.model.modelReset):
        done = subprocess.run(
            [sys.executable, "-c", OTHER_CONSOLE, db_url, to_register.reference],
            cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        reference = done.stdout.strip().splitlines()[-1]
        new_id = app.cases.get(reference).row.id
        qtbot.waitUntil(lambda: board.model.row_of(new_id) is not None, timeout=5000)
        qtbot.waitUntil(lambda: board.model.row_at(
            board.model.row_of(to_register.row.id) or 0).stage is Stage.REGISTERED,
            timeout=5000)

    new_row = board.model.row_at(board.model.row_of(new_id) or 0)
    assert new_row.severity is Severity.CRITICAL
    assert board_row_ids(main_window)[0] == new_id, "critical cases sort to the top"
    assert board.selected_case_id() == selected.row.id, "selection survives live updates"
    assert board.table.selectionModel().isRowSelected(
        board.proxy.mapFromSource(board.model.index(board.model.row_of(selected.row.id) or 0,
                                                    0)).row())
    assert board.table.verticalScrollBar().value() == scroll
    assert main_window.detail.case_id == selected.row.id


def test_a_burst_is_applied_in_slices_without_reset(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    board = main_window.board
    selected = app.cases.report(app.operator, title="Stray dog pack near school",
                                category="public_health", severity=2, grid="XH-18")
    qtbot.waitUntil(lambda: board.model.row_of(selected.row.id) is not None, timeout=5000)
    click_case_row(qtbot, main_window, selected.row.id)

    inserted: list[int] = []
    board.model.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
    changed: list[int] = []
    board.model.dataChanged.connect(lambda a, _b, _r=None: changed.append(a.row()))

    # 300 changes by this console's services on cases the board has not seen yet,
    # and 100 registrations of the first hundred of them.
    refs = [app.cases.report(app.operator, title=f"Streetlight out, pole {i}",
                             category="utilities", severity=4, grid="XH-20").reference
            for i in range(300)]
    for ref in refs[:100]:
        app.cases.register(app.operator, ref)

    with qtbot.assert_not_emitted(board.model.modelReset):
        qtbot.waitUntil(lambda: board.model.rowCount() == 301, timeout=10000)

    assert inserted == [board.slice_size, 300 - board.slice_size], \
        "the burst arrives in slices of at most slice_size rows"
    assert board.selected_case_id() == selected.row.id
    stages = {board.model.row_at(board.model.row_of(app.cases.get(r).row.id) or 0).stage
              for r in refs[:100]}
    assert stages == {Stage.REGISTERED}


def test_the_bus_announces_each_changed_case_once(qtbot: QtBot, app: App) -> None:
    bus = ChangeBus(app)
    case = app.cases.report(app.operator, title="Graffiti on the underpass",
                            category="environment", severity=4, grid="XH-11")
    app.cases.register(app.operator, case.reference)
    with qtbot.waitSignal(bus.cases_changed) as changed:
        bus.poll()
    assert changed.args == [[case.row.id]]
    with qtbot.assert_not_emitted(bus.cases_changed):
        bus.poll()


def test_the_bus_reports_a_district_reload(
        qtbot: QtBot, empty_app: App, clock: FakeClock) -> None:
    bus = ChangeBus(empty_app)
    assert empty_app.district.grids() == []  # read and cached before the district exists
    load_district(empty_app.db, clock.now())
    with qtbot.waitSignal(bus.district_changed), \
            qtbot.assert_not_emitted(bus.cases_changed):
        bus.poll()
    assert len(empty_app.district.grids()) == 30, "the stale cache was dropped"


def test_the_bus_catches_up_at_once_after_a_full_batch(
        qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(change_bus, "BATCH", 2)
    bus = ChangeBus(app, interval_ms=60_000)  # only the catch-up can run in time
    start = bus.last_seq
    ids = [app.cases.report(app.operator, title=f"Flyposting {i}", category="environment",
                             severity=4, grid="XH-21").row.id for i in range(5)]
    seen: list[int] = []
    bus.cases_changed.connect(seen.extend)
    # Not start(): on PostgreSQL a notification would wake an extra read; only the
    # catch-up timer may read again here.
    bus.poll()
    qtbot.waitUntil(lambda: bus.last_seq == app.changes.latest_seq(), timeout=2000)
    bus.stop()
    assert seen == ids
    assert bus.reads == (bus.last_seq - start) // 2 + 1, \
        "two changes per read, until a read is not full"


def test_a_note_leaves_the_stage_counts_alone_and_a_stage_change_recounts(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    # Twenty seats under a stream of notes must not each recount the city's open cases
    # twice a second: a change that moves no count (a note) re-reads none; a case that
    # changes stage is counted at once.
    from widgets.cases.board import COUNTS_DEBOUNCE_MS

    board = main_window.board
    qtbot.waitUntil(lambda: board.counts is not None, timeout=5000)
    assert board.counts is not None
    reported = board.counts.by_stage[Stage.REPORTED] + 1
    with qtbot.waitSignal(board.counts_changed, timeout=5000,
                          check_params_cb=lambda c: c.by_stage[Stage.REPORTED] == reported
                          ) as first:  # a new case is counted
        case = app.cases.report(app.operator, title="Graffiti on the bus shelter",
                                category="environment", severity=4, grid="XH-03")
    counts = first.args[0]

    # Not recounted from the moment the bus announces the note until well past the
    # counts' debounce (the board applies the change on the next turn of the loop).
    with qtbot.assert_not_emitted(board.counts_changed, wait=COUNTS_DEBOUNCE_MS + 300), \
            qtbot.waitSignal(main_window.bus.cases_changed, timeout=5000,
                             check_params_cb=lambda ids: case.row.id in ids):
        app.cases.note(app.operator, case.reference, "Photo taken, cleaning crew asked")

    with qtbot.waitSignal(board.counts_changed, timeout=5000) as changed:
        app.cases.register(app.operator, case.reference)
    recounted = changed.args[0]
    assert recounted.by_stage[Stage.REPORTED] == reported - 1
    assert recounted.by_stage[Stage.REGISTERED] == counts.by_stage[Stage.REGISTERED] + 1
    registered = main_window.findChild(QToolButton, "stageCount_registered")
    assert registered is not None
    assert registered.text().endswith(f" {recounted.by_stage[Stage.REGISTERED]}")
