"""The board's table model: a valid Qt model, and live changes with the narrowest signals."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.query import CaseFilter
from console.clock import FakeClock
from console.core.domain import CaseRow, Category, Severity, Stage
from widgets.cases import table_model as case_table_model
from widgets.cases.table_model import SORT_ROLE, CaseBoardModel, Column
from widgets.common import labels
from widgets.shell.theme import Theme, severity_colors

CENTER = ZoneInfo("Asia/Shanghai")  # the demo center's zone: every time on screen is in it


def _rows(app: App, n: int) -> list[CaseRow]:
    categories = list(Category)
    for i in range(n):
        app.cases.report(app.operator, title=f"Case number {i}", category=categories[i % 10],
                         severity=Severity(i % 4 + 1), grid=f"XH-{i % 30 + 1:02d}")
    return app.cases.open_cases()


def _model(app: App, rows: list[CaseRow]) -> CaseBoardModel:
    model = CaseBoardModel(app.clock.now)
    model.set_severity_colors(severity_colors(Theme.DARK))
    model.reset_rows(rows)
    return model


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, app: App) -> None:
    model = _model(app, _rows(app, 12))
    qtmodeltester.check(model)


def test_cells_read_as_an_officer_expects(app: App) -> None:
    app.cases.report(app.operator, title="Burst main on the high street", category="utilities",
                     severity=1, grid="XH-01")
    model = _model(app, app.cases.open_cases())
    row = model.row_at(0)
    app.cases.pause(app.operator, row.reference, "Waiting for the water company")
    model.reset_rows(app.cases.open_cases())

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(0, column), role)

    assert cell(Column.REF) == row.reference
    assert cell(Column.SEV) == "1 Critical"  # never colour alone
    assert cell(Column.SEV, Qt.ItemDataRole.ForegroundRole) == QColor(
        severity_colors(Theme.DARK)[Severity.CRITICAL])
    assert cell(Column.TITLE, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(Column.STAGE) == f"Reported {labels.pause_mark()} paused"
    assert cell(Column.TEAM) == "—"
    assert cell(Column.GRID) == "XH-01"
    assert cell(Column.AGE) == "< 1 m"
    assert cell(Column.UPDATED) == "< 1 m ago"
    assert cell(Column.REPORTED) == row.reported_at.astimezone(CENTER).strftime("%m-%d %H:%M")
    assert cell(Column.SEV, SORT_ROLE) == 1
    assert model.headerData(Column.AGE, Qt.Orientation.Horizontal) == "Age"


def test_age_column_follows_the_clock(app: App, clock: FakeClock, qtbot: QtBot) -> None:
    model = _model(app, _rows(app, 3))
    clock.advance(timedelta(hours=3, minutes=12))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_ages()
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert (top_left.column(), bottom_right.column()) == (Column.AGE, Column.UPDATED)
    assert model.data(model.index(0, Column.AGE)) == "3 h 12 m"
    assert model.data(model.index(0, Column.UPDATED)) == "3 h 12 m ago"


def test_apply_rows_updates_removes_and_inserts_without_reset(
        app: App, qtbot: QtBot) -> None:
    rows = _rows(app, 6)
    model = _model(app, rows)
    flt = CaseFilter()
    changed: list[tuple[int, int, int, int]] = []
    removed: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))

    updated = replace(rows[1], title="Renamed", version=rows[1].version + 1)
    closed = [replace(r, stage=Stage.CLOSED) for r in (rows[3], rows[4])]
    new = [replace(rows[0], id=1000 + i, reference=f"C-2026-90000{i}") for i in range(3)]
    with qtbot.assert_not_emitted(model.modelReset):
        model.apply_rows([updated, *closed, *new, rows[2]], flt)

    assert changed == [(1, 0, 1, len(Column) - 1)], "one row-span dataChanged; rows[2] same"
    assert removed == [(3, 4)], "two adjacent closures are one removal"
    assert inserted == [(4, 6)], "new rows arrive in one batch at the end"
    assert model.rowCount() == 7
    assert model.data(model.index(1, Column.TITLE)) == "Renamed"
    assert model.row_of(rows[5].id) == 3
    assert model.row_of(1002) == 6
    assert model.row_of(rows[3].id) is None


def test_apply_rows_drops_rows_the_filter_no_longer_matches(app: App, qtbot: QtBot) -> None:
    rows = _rows(app, 8)
    flt = CaseFilter(severities=frozenset({Severity.CRITICAL}))
    model = _model(app, [r for r in rows if flt.matches(r)])
    critical = model.row_at(0)
    downgraded = replace(critical, severity=Severity.LOW)
    outsider = next(r for r in rows if r.severity is Severity.HIGH)
    with qtbot.assert_not_emitted(model.modelReset):
        model.apply_rows([downgraded, outsider], flt)
    assert model.row_of(critical.id) is None
    assert model.row_of(outsider.id) is None


def test_reset_rows_is_a_reset(app: App, qtbot: QtBot) -> None:
    model = _model(app, _rows(app, 2))
    with qtbot.waitSignal(model.modelReset):
        model.reset_rows([])
    assert model.rowCount() == 0
    assert model.rowCount(model.index(0, 0)) == 0


def test_model_sorts_itself_and_keeps_sorting_live(app: App, qtbot: QtBot) -> None:
    rows = _rows(app, 8)
    model = _model(app, rows)
    model.sort(Column.SEV, Qt.SortOrder.AscendingOrder)
    severities = [model.data(model.index(r, Column.SEV), SORT_ROLE)
                  for r in range(model.rowCount())]
    assert severities == sorted(severities)

    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    critical = replace(rows[0], id=2000, reference="C-2026-999999", severity=Severity.CRITICAL,
                       title="New and critical")
    low = model.row_at(0)
    with qtbot.assert_not_emitted(model.modelReset), qtbot.waitSignal(model.layoutChanged):
        model.apply_rows([critical, replace(low, severity=Severity.LOW)], CaseFilter())
    assert inserted == [(8, 8)], "inserted at the end, then moved by a layout change"
    assert model.row_at(0).severity is Severity.CRITICAL
    moved = model.row_of(low.id) or 0
    assert {model.row_at(r).severity for r in range(moved, model.rowCount())} == {Severity.LOW}
    assert model.row_of(2000) is not None
    assert model.row_at(model.row_of(2000) or 0).id == 2000, "the index follows the sort"


def _deadline_rows(app: App, clock: FakeClock) -> list[CaseRow]:
    """Open cases at every escalation level, one paused and one supervised."""
    for i in range(4):
        app.cases.report(app.operator, title=f"Fire {i}", category="fire", severity=1,
                         grid=f"XH-0{i + 1}")
        clock.advance(timedelta(minutes=11))
    rows = _rows(app, 6)
    app.cases.pause(app.operator, rows[-1].reference, "Waiting for the owner")
    coordinator = next(o for o in app.operators.list() if o.role.value == "coordinator")
    app.cases.supervise(coordinator, rows[-2].reference, "Repeated complaint")
    app.escalation.sweep()
    return app.cases.open_cases()


def test_model_with_deadlines_passes_qt_model_tester(
        qtmodeltester: ModelTester, app: App, clock: FakeClock) -> None:
    rows = _deadline_rows(app, clock)
    assert {r.escalation_level for r in rows} >= {0, 2, 3}
    model = _model(app, rows)
    model.sort(Column.DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_insert_rows_adds_only_new_rows_without_reset(
        app: App, clock: FakeClock, qtbot: QtBot) -> None:
    rows = _deadline_rows(app, clock)
    model = _model(app, rows[:3])
    model.sort(Column.SEV)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    stale = replace(rows[0], title="An older read of the same case")
    with qtbot.assert_not_emitted(model.modelReset), \
            qtbot.assert_not_emitted(model.layoutChanged):
        added = model.insert_rows([stale, *rows[3:]])
    assert added == len(rows) - 3
    assert sum(last - first + 1 for first, last in inserted) == added
    assert len(inserted) <= 5, "a run per severity at most (and the pinned one)"
    assert model.data(model.index(model.row_of(rows[0].id) or 0, Column.TITLE)) \
        == rows[0].title, "a row already on the board is left as it is"
    assert model.row_at(0).supervised, "pinned above the sort"
    severities = [int(model.row_at(r).severity) for r in range(1, model.rowCount())]
    assert severities == sorted(severities), "each new row where the sort puts it"
    assert all(model.row_of(model.row_at(r).id) == r for r in range(model.rowCount()))


def test_insert_rows_landing_everywhere_sorts_with_one_layout_change(
        app: App, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_table_model, "MAX_INSERT_RUNS", 1)
    rows = _rows(app, 12)
    model = _model(app, rows[::2])
    model.sort(Column.TITLE)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    with qtbot.assert_not_emitted(model.modelReset), qtbot.waitSignal(model.layoutChanged):
        model.insert_rows(rows[1::2])
    assert inserted == [(6, 11)], "one insert at the end, then a layout change"
    titles = [model.row_at(r).title.casefold() for r in range(12)]
    assert titles == sorted(titles)


def test_countdowns_repaint_only_the_runs_asked_for(
        app: App, clock: FakeClock, qtbot: QtBot) -> None:
    model = _model(app, _rows(app, 10))
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: changed.append(
        (a.row(), b.row(), a.column(), b.column())))
    clock.advance(timedelta(seconds=5))
    model.refresh_countdowns([(2, 4), (7, 7), (9, 30)])
    assert changed == [(2, 4, Column.DUE, Column.DUE), (7, 7, Column.DUE, Column.DUE),
                       (9, 9, Column.DUE, Column.DUE)]


def test_escalated_names_new_breaches_only(app: App, qtbot: QtBot) -> None:
    rows = _rows(app, 3)
    flt = CaseFilter()
    model = _model(app, rows)
    warned = replace(rows[0], escalation_level=1)
    breached = replace(rows[0], escalation_level=2)
    with qtbot.assert_not_emitted(model.escalated):
        model.apply_rows([warned], flt)  # a warning is not a breach
    with qtbot.waitSignal(model.escalated) as signal:
        model.apply_rows([breached], flt)
    assert signal.args == [[breached]]
    with qtbot.assert_not_emitted(model.escalated):
        model.apply_rows([replace(breached, title="Renamed")], flt)  # still level 2
    with qtbot.waitSignal(model.escalated):
        model.apply_rows([replace(breached, escalation_level=3)], flt)

    # A case the board never showed: outside the filter it only comes into view...
    stranger = replace(rows[1], id=5000, reference="C-2026-005000", escalation_level=2)
    with qtbot.assert_not_emitted(model.escalated):
        model.apply_rows([stranger], flt)
    # ... but on an overdue-only board, not being shown meant not being breached.
    overdue = CaseFilter(overdue_only=True)
    newcomer = replace(rows[2], id=5001, reference="C-2026-005001", escalation_level=2)
    with qtbot.waitSignal(model.escalated) as signal:
        model.apply_rows([newcomer], overdue)
    assert signal.args == [[newcomer]]
