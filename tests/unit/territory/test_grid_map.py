"""The grid map's figures per cell, its markers and its colour scales, on hand-made data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.hazards.domain import RiskLevel
from console.territory.grid_map import (
    LEVEL_SCALE,
    RATE_SCALE,
    CellFigures,
    MapLayer,
    case_markers,
    centroid,
    count_scale,
    layer_value,
    nice_step,
    scale_for,
)


def report(app: App, officer: OperatorRef, grid: str, severity: int = 3) -> str:
    return app.cases.report(officer, title=f"Blocked drain in {grid}", category="utilities",
                            severity=severity, grid=grid).reference


def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def register_hazard(app: App, code: str, grid: str, likelihood: int, severity: int,
                    lon: float | None = None, lat: float | None = None) -> str:
    return app.hazards.register(
        coordinator(app), code=code, name=f"Hazard {code}", kind="gas_station", grid=grid,
        likelihood=likelihood, severity=severity, lon=lon, lat=lat).code


def grid_id(app: App, code: str) -> int:
    return app.district.grid_by_code(code).id


def test_cells_are_the_districts_grids_with_their_polygons(app: App) -> None:
    cells = app.grid_map.cells()
    assert len(cells) == 30
    first = cells[0]
    assert first.code == "XH-01"
    assert first.polygon[0] == first.polygon[-1]  # a closed ring of (lon, lat)
    xs = [p[0] for p in first.polygon]
    ys = [p[1] for p in first.polygon]
    # The label sits inside the cell's bounding box.
    assert min(xs) < first.centroid[0] < max(xs)
    assert min(ys) < first.centroid[1] < max(ys)


def test_open_and_overdue_counts_per_cell(app: App, officer: OperatorRef,
                                          clock: FakeClock) -> None:
    late = report(app, officer, "XH-01", severity=1)
    report(app, officer, "XH-01")
    report(app, officer, "XH-02")
    closed_ref = report(app, officer, "XH-03")
    app.cases.register(officer, closed_ref)
    # Let the first deadlines of the early cases breach, then report a fresh one.
    clock.advance(timedelta(days=3))
    app.escalation.sweep()
    report(app, officer, "XH-01")
    overdue_refs = [r.reference for r in app.cases.open_cases() if r.escalation_level >= 2]
    assert late in overdue_refs

    figures = app.grid_map.figures()
    xh01, xh02 = figures[grid_id(app, "XH-01")], figures[grid_id(app, "XH-02")]
    assert xh01.open_cases == 3
    assert xh01.overdue_cases == 2  # the two reported before the jump
    assert (xh02.open_cases, xh02.overdue_cases) == (1, 1)
    assert figures[grid_id(app, "XH-03")].open_cases == 1
    assert figures[grid_id(app, "XH-30")].open_cases == 0
    assert len(figures) == 30
    # The cell figures agree with the board's own overdue count.
    assert sum(f.overdue_cases for f in figures.values()) == app.cases.stage_counts().overdue


def test_counts_of_a_few_grids_agree_with_the_counts_of_all(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    refs = [report(app, officer, grid) for grid in ("XH-11", "XH-11", "XH-12", "XH-13")]
    clock.advance(timedelta(days=3))
    app.escalation.sweep()
    report(app, officer, "XH-11")
    ids = {r.reference: r.id for r in app.cases.open_cases()}
    # A live change reads only the grids of the cases that changed.
    grids = app.grid_map.grids_of_cases([ids[refs[0]], ids[refs[2]]])
    assert grids == {grid_id(app, "XH-11"), grid_id(app, "XH-12")}
    few = app.grid_map.case_counts(grids)  # per-grid plan
    every = app.grid_map.case_counts([g.id for g in app.district.grids()])  # index plan
    assert few == {gid: every[gid] for gid in grids}
    assert few[grid_id(app, "XH-11")] == (3, 2)
    assert few[grid_id(app, "XH-12")] == (1, 1)


def test_highest_hazard_level_per_cell_counts_watched_hazards_only(app: App) -> None:
    register_hazard(app, "HZ-A", "XH-04", 2, 2)  # 4 low
    register_hazard(app, "HZ-B", "XH-04", 3, 4)  # 12 high
    register_hazard(app, "HZ-C", "XH-05", 5, 5)  # 25 extreme
    app.hazards.set_status(coordinator(app), "HZ-C", "retired")
    register_hazard(app, "HZ-D", "XH-05", 1, 3)  # 3 low

    figures = app.grid_map.figures()
    xh04, xh05 = figures[grid_id(app, "XH-04")], figures[grid_id(app, "XH-05")]
    assert (xh04.hazards, xh04.top_score, xh04.top_level) == (2, 12, RiskLevel.HIGH)
    assert (xh05.hazards, xh05.top_level) == (1, RiskLevel.LOW)  # the retired one is gone
    assert figures[grid_id(app, "XH-06")].top_level is None
    assert layer_value(MapLayer.HAZARD, xh04) == 3
    assert layer_value(MapLayer.HAZARD, figures[grid_id(app, "XH-06")]) == 0


def test_hazard_markers_are_watched_hazards_with_coordinates(app: App) -> None:
    register_hazard(app, "HZ-A", "XH-01", 2, 2, lon=120.1535, lat=30.2947)
    register_hazard(app, "HZ-B", "XH-01", 5, 4, lon=120.1540, lat=30.2950)
    register_hazard(app, "HZ-C", "XH-01", 5, 5)  # no coordinates: counted, not marked

    markers = app.grid_map.hazard_markers()
    assert [m.code for m in markers] == ["HZ-B", "HZ-A"]  # highest risk first
    assert markers[0].level is RiskLevel.EXTREME
    assert markers[0].point == (120.1540, 30.2950)
    assert app.grid_map.figures()[grid_id(app, "XH-01")].hazards == 3


@dataclass(frozen=True)
class _Row:
    key: str
    closure_rate: float | None


class _Kpis:
    def __init__(self) -> None:
        self.asked: list[tuple[datetime, datetime]] = []

    def by_grid(self, start: datetime, end: datetime) -> list[_Row]:
        self.asked.append((start, end))
        return [_Row("XH-01", 0.8), _Row("XH-02", None)]


def test_closure_rates_come_from_the_kpi_service_for_the_last_30_days(
        app: App, clock: FakeClock) -> None:
    kpis = _Kpis()
    app.grid_map.kpis = kpis
    rates = app.grid_map.closure_rates()
    assert kpis.asked == [(clock.now() - timedelta(days=30), clock.now())]
    assert rates[grid_id(app, "XH-01")] == 0.8
    assert rates[grid_id(app, "XH-02")] is None
    assert rates[grid_id(app, "XH-03")] is None  # not in the KPI rows: nothing registered
    merged = app.grid_map.with_closure(app.grid_map.figures(), rates)
    assert layer_value(MapLayer.CLOSURE, merged[grid_id(app, "XH-01")]) == 0.8


def test_closure_rate_layer_reads_the_apps_kpi_service(app: App, officer: OperatorRef,
                                                       clock: FakeClock) -> None:
    # XH-08: two cases registered, one taken round the loop to closed; XH-09: one
    # registered, still open. Other grids registered nothing: no rate.
    first, second = report(app, officer, "XH-08"), report(app, officer, "XH-08")
    third = report(app, officer, "XH-09")
    for ref in (first, second, third):
        app.cases.register(officer, ref)
    app.cases.dispatch(officer, first, "PATROL-1")
    app.cases.start(officer, first)
    app.cases.resolve(officer, first)
    app.cases.verify(officer, first, passed=True)
    app.cases.close(officer, first)
    clock.advance(timedelta(hours=1))
    rates = app.grid_map.closure_rates()
    assert rates[grid_id(app, "XH-08")] == pytest.approx(0.5)
    assert rates[grid_id(app, "XH-09")] == 0
    assert rates[grid_id(app, "XH-10")] is None


def test_case_markers_sit_at_the_centroid_of_cells_with_open_cases(
        app: App, officer: OperatorRef) -> None:
    report(app, officer, "XH-07")
    report(app, officer, "XH-07")
    cells = app.grid_map.cells()
    [marker] = case_markers(cells, app.grid_map.figures())
    cell = next(c for c in cells if c.code == "XH-07")
    assert (marker.grid_id, marker.point, marker.open_cases) == (cell.id, cell.centroid, 2)


# ---- colour scales (no database) ---------------------------------------------------------

@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (8, 2),
                                               (9, 5), (20, 5), (21, 10), (333, 100),
                                               (2001, 1000)])
def test_count_scale_steps_are_round(maximum: int, step: int) -> None:
    assert nice_step(maximum) == step


def test_count_scale_buckets_and_ranges() -> None:
    scale = count_scale(40)  # step 10
    assert scale.ranges == ((0, 0), (1, 10), (11, 20), (21, 30), (31, None))
    assert [scale.bucket(v) for v in (0, 1, 10, 11, 30, 31, 40, 500)] == [0, 1, 1, 2, 3, 4, 4, 4]
    assert scale.bucket(None) is None


def test_scale_for_a_count_layer_follows_the_largest_value() -> None:
    figures = [CellFigures(1, open_cases=7), CellFigures(2, open_cases=0, overdue_cases=0)]
    scale = scale_for(MapLayer.OPEN, figures)
    assert (scale.bucket(7), scale.bucket(0)) == (4, 0)
    assert scale_for(MapLayer.OVERDUE, figures).ranges[1] == (1, 1)


def test_level_and_rate_scales() -> None:
    assert [LEVEL_SCALE.bucket(v) for v in (0, 1, 2, 3, 4)] == [0, 1, 2, 3, 4]
    # Closure rate: worse is more alarming; no rate is no data.
    assert [RATE_SCALE.bucket(v) for v in (1.0, 0.95, 0.9, 0.85, 0.7, 0.5, 0.49, 0.0)] == \
        [0, 0, 1, 1, 2, 3, 4, 4]
    assert RATE_SCALE.bucket(None) is None


def test_centroid_of_a_square_and_of_a_degenerate_ring() -> None:
    square = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0))
    assert centroid(square) == pytest.approx((1.0, 1.0))
    assert centroid(((1.0, 1.0), (3.0, 1.0), (1.0, 1.0))) == pytest.approx((2.0, 1.0))


def test_cells_are_kept_while_their_grids_are_unchanged(app: App) -> None:
    first, again = app.grid_map.cells(), app.grid_map.cells()
    assert first == again
    assert all(a is b for a, b in zip(first, again, strict=True))  # centroids worked out once


def test_with_closure_keeps_the_figures_whose_rate_is_filled_in_already(app: App) -> None:
    kept, changed = CellFigures(1, closure_rate=0.5), CellFigures(2, closure_rate=None)
    out = app.grid_map.with_closure({1: kept, 2: changed}, {1: 0.5, 2: 0.9})
    assert out[1] is kept  # the map tells changed cells by identity
    assert out[2] == CellFigures(2, closure_rate=0.9)
