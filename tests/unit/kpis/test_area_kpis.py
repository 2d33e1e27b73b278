"""KPIs per community and per street: a case counts in its grid, its community and its
street, and every rate is recomputed from the summed counts (never a mean of rates).

The demo district has communities but no streets; ``_add_streets`` puts two streets
between the district and its communities: XH-N holds Binhe (XH-01, XH-02, XH-07, XH-08)
and Wangjiang (XH-03, …), XH-S every other community.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.kpis import service as kpis
from db.models import Area, Grid
from tests.unit.kpis.test_kpis import _report, _story

H = 3600
NORTH = ("XH-BINHE", "XH-WANGJIANG")


def _add_streets(app: App) -> None:
    with app.db.write.begin() as s:
        district = s.scalar(select(Area.id).where(Area.code == "XH"))
        for code, name in (("XH-N", "North Street"), ("XH-S", "South Street")):
            s.add(Area(code=code, level="street", name_zh=name, name_en=name,
                       parent_id=district))
        s.flush()
        ids = dict(s.execute(select(Area.code, Area.id).where(Area.level == "street")).all())
        for code in s.scalars(select(Area.code).where(Area.level == "community")):
            s.execute(update(Area).where(Area.code == code).values(
                parent_id=ids["XH-N" if code in NORTH else "XH-S"]))


def test_a_community_adds_its_grids_counts_and_recomputes_rates(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    t0, _ = _story(app, officer, clock)  # five cases, all in Binhe's XH-01 and XH-02
    period = (t0, t0 + timedelta(days=2))
    grids = {r.key: r for r in app.kpis.by_grid(*period)}
    rows = app.kpis.by_area(*period, "community")
    assert rows is not None
    communities = {r.key: r for r in rows}
    assert len(communities) == 8  # every community, cases or not
    binhe = communities["XH-BINHE"]
    assert binhe.label == "Binhe Community"
    assert (binhe.registered, binhe.closed, binhe.due, binhe.closed_on_time) == (5, 4, 4, 2)
    # 4 of 5 closed: 80 %, not the mean of XH-01's 100 % and XH-02's 50 %.
    assert binhe.closure_rate == pytest.approx(0.8)
    assert (grids["XH-01"].closure_rate + grids["XH-02"].closure_rate) / 2 == 0.75
    assert binhe.on_time_rate == pytest.approx(0.5)
    assert binhe.mean_time_to_close_s == pytest.approx(18 * H)  # 11, 31, 21, 9 h
    assert binhe.p90_time_to_close_s == pytest.approx(31 * H)  # over its own closures
    assert binhe.rework_rate == pytest.approx(0.25)
    assert binhe.escalations == (3, 2, 2)
    assert binhe.open_total == 1
    # The whole district is the sum of its communities: no case lost, none counted twice.
    whole = app.kpis.summary(*period)
    assert sum(r.registered for r in rows) == whole.registered
    assert sum(r.closed for r in rows) == whole.closed
    assert communities["XH-ZHAOHUI"].registered == 0
    assert communities["XH-ZHAOHUI"].closure_rate is None


def test_a_case_counts_in_its_grid_community_and_street(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    _add_streets(app)
    t0 = clock.now()
    ref = _report(app, officer, "XH-03", "A tree down on the embankment")  # Wangjiang, North
    _report(app, officer, "XH-15", "A blocked drain")  # Xinhefang, South
    clock.advance(timedelta(hours=2))
    app.cases.resolve(officer, ref)
    app.cases.verify(officer, ref, passed=True)
    clock.advance(timedelta(hours=1))
    app.cases.close(officer, ref)
    period = (t0, t0 + timedelta(days=1))
    by = {level: {r.key: r for r in app.kpis.by_area(*period, level) or []}
          for level in ("grid", "community", "street")}
    for level, code in (("grid", "XH-03"), ("community", "XH-WANGJIANG"),
                        ("street", "XH-N")):
        row = by[level][code]
        assert (row.registered, row.closed, row.closure_rate) == (1, 1, 1.0), level
        assert row.mean_time_to_close_s == pytest.approx(3 * H)
    south = by["street"]["XH-S"]
    assert (south.registered, south.closed, south.closure_rate) == (1, 0, 0.0)
    assert south.open_total == 1
    assert list(by["street"]) == ["XH-N", "XH-S"]
    assert app.kpis.area_levels() == ["grid", "community", "street"]


def test_a_street_of_two_communities_rates_its_own_cases(
        app: App, officer: OperatorRef, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """North holds the story's five cases (Binhe) and one open case in Wangjiang: 4 closed
    of 6 registered, whichever way the percentile is found."""
    _add_streets(app)
    t0, _ = _story(app, officer, clock)
    _report(app, officer, "XH-03", "Still open")
    period = (t0, t0 + timedelta(days=2))
    rows = app.kpis.by_area(*period, "street")
    assert rows is not None
    north = next(r for r in rows if r.key == "XH-N")
    assert (north.registered, north.closed) == (6, 4)
    assert north.closure_rate == pytest.approx(4 / 6)
    assert north.p90_time_to_close_s == pytest.approx(31 * H)
    monkeypatch.setattr(kpis, "P90_SORT_LIMIT", 0)  # the long-period path: by index walk
    walked = app.kpis.by_area(*period, "street")
    assert walked == rows


def test_no_street_level_is_said_not_shown_empty(app: App) -> None:
    """The demo district has no streets: there is nothing to rank per street."""
    start, end = app.kpis.month("2026-11")
    assert app.kpis.by_area(start, end, "street") is None
    assert app.kpis.area_levels() == ["grid", "community"]
    with pytest.raises(ValidationError, match="grouped by grid, community, street"):
        app.kpis.by_area(start, end, "district")


def test_grids_outside_any_community_get_a_row_of_their_own(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    with app.db.write.begin() as s:
        s.execute(update(Grid).where(Grid.code == "XH-30").values(area_id=None))
    t0 = clock.now()
    _report(app, officer, "XH-30", "Lost in no community")
    rows = app.kpis.by_area(t0, t0 + timedelta(days=1), "community")
    assert rows is not None
    last = rows[-1]
    assert (last.key, last.label, last.registered) == ("—", "Grids in no community", 1)
    assert sum(r.registered for r in rows[:-1]) == 0


def test_an_areas_percentile_is_the_same_sorted_or_walked_from_the_top(
        app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two months of seeded history: an area's 90th percentile found by reading only the
    top of each grid's closures equals the one found by sorting all of the area's, and
    equals a plain nearest rank over the area's closures."""
    from db.demo.seed import seed_cases
    from db.models.kpis import CaseFact

    _add_streets(app)
    seed_cases(app.db, 600, clock.now(), open_count=20, days=60, seed=11)
    start, end = clock.now() - timedelta(days=61), clock.now()
    sorted_rows = {lv: app.kpis.by_area(start, end, lv) for lv in ("community", "street")}
    monkeypatch.setattr(kpis, "P90_SORT_LIMIT", 0)
    walked_rows = {lv: app.kpis.by_area(start, end, lv) for lv in ("community", "street")}
    assert walked_rows == sorted_rows
    north = next(r for r in sorted_rows["street"] or [] if r.key == "XH-N")
    with app.db.read() as s:
        north_grids = [g for g, in s.execute(select(Grid.id).join(Area, Grid.area_id == Area.id)
                                             .where(Area.code.in_(NORTH)))]
        ttcs = sorted(s.scalars(select(CaseFact.ttc_s).where(
            CaseFact.grid_id.in_(north_grids), CaseFact.closed_s >= int(start.timestamp()),
            CaseFact.closed_s < int(end.timestamp()))))
    assert north.closed == len(ttcs) > 50
    assert north.p90_time_to_close_s == ttcs[(9 * len(ttcs) + 9) // 10 - 1]
