"""KPI definitions on hand-made cases: on time vs late, paused time, rework, escalations.

The story (traffic, severity 2: resolve within 24 h round the clock, warning at 18 h,
breached for long at 26 h), all five cases reported and dispatched at t0:

- A (XH-01) resolved at 10 h, closed at 11 h: on time, 11 h to close.
- B (XH-01) resolved at 30 h, closed at 31 h: late; escalated to 1, 2 and 3.
- C (XH-01) paused 1 h → 11 h, resolved at 30 h, closed at 31 h: due at 34 h because the
  pause stops the clock, so on time; 31 h − 10 h paused = 21 h to close.
- D (XH-02) resolved at 5 h, verification failed, resolved again at 8 h, closed at 9 h:
  on time, reworked.
- E (XH-02) still in progress: its deadline falls (24 h) without a close; escalated.
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select

from console.app import App
from console.cases.calendar import WorkingCalendar
from console.clock import FakeClock
from console.core.domain import OperatorRef, Stage
from console.core.errors import NotFound, ValidationError
from console.kpis import service as kpis
from db.demo.seed import seed_cases
from db.kpi_facts import WorkingTimeline, backfill_facts
from db.models import Deadline, table_of
from db.models.kpis import CaseFact, KpiDaily, KpiGridTotal, KpiTeamTotal

H = 3600
ROOT = Path(__file__).resolve().parents[3]


def _report(app: App, officer: OperatorRef, grid: str, title: str) -> str:
    ref = app.cases.report(officer, title=title, category="traffic", severity=2,
                           grid=grid).reference
    app.cases.register(officer, ref)
    app.cases.dispatch(officer, ref, team="FIRE-1")
    app.cases.start(officer, ref)
    return ref


def _story(app: App, officer: OperatorRef, clock: FakeClock) -> tuple[datetime, dict[str, str]]:
    t0 = clock.now()

    def at(hours: float) -> None:
        clock.advance(t0 + timedelta(hours=hours) - clock.now())

    refs = {name: _report(app, officer, grid, f"Case {name}")
            for name, grid in (("A", "XH-01"), ("B", "XH-01"), ("C", "XH-01"),
                               ("D", "XH-02"), ("E", "XH-02"))}
    at(1)
    app.cases.pause(officer, refs["C"], "Waiting for the road authority")
    at(5)
    app.cases.resolve(officer, refs["D"])
    app.cases.verify(officer, refs["D"], passed=False, text="Still blocked")
    app.cases.start(officer, refs["D"])
    at(8)
    app.cases.resolve(officer, refs["D"])
    app.cases.verify(officer, refs["D"], passed=True)
    at(9)
    app.cases.close(officer, refs["D"])
    at(10)
    app.cases.resolve(officer, refs["A"])
    app.cases.verify(officer, refs["A"], passed=True)
    at(11)
    app.cases.close(officer, refs["A"])
    app.cases.resume(officer, refs["C"])
    for hours in (19, 25, 27, 29):  # B and E: warning, breached, breached for long;
        at(hours)  # C: warning at 28 h (18 h + 10 h paused)
        app.escalation.sweep()
    at(30)
    for name in ("B", "C"):
        app.cases.resolve(officer, refs[name])
        app.cases.verify(officer, refs[name], passed=True)
    at(31)
    for name in ("B", "C"):
        app.cases.close(officer, refs[name])
    return t0, refs


def test_overall_figures_follow_the_definitions(app: App, officer: OperatorRef,
                                                clock: FakeClock) -> None:
    t0, _ = _story(app, officer, clock)
    k = app.kpis.summary(t0, t0 + timedelta(days=2))
    assert (k.registered, k.registered_closed, k.closed) == (5, 4, 4)
    assert k.closure_rate == pytest.approx(0.8)
    # A, B, D, E fell due at 24 h; C (paused 10 h) is due at 34 h, still ahead: not counted.
    assert (k.due, k.closed_on_time) == (4, 2)
    assert k.on_time_rate == pytest.approx(0.5)
    # A 11 h, B 31 h, C 21 h (paused time left out), D 9 h.
    assert k.mean_time_to_close_s == pytest.approx(18 * H)
    assert k.p90_time_to_close_s == pytest.approx(31 * H)
    assert (k.reworked, k.rework_rate) == (1, pytest.approx(0.25))
    assert k.escalations_by_level == {1: 3, 2: 2, 3: 2}  # B and E; C warned only
    assert k.open_in(Stage.IN_PROGRESS) == 1
    assert k.open_total == 1

    clock.advance(timedelta(hours=4))  # 35 h: C's deadline has fallen too, met on time
    later = app.kpis.summary(t0, t0 + timedelta(days=2))
    assert (later.due, later.closed_on_time) == (5, 3)


def test_per_grid_and_per_team_rows(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    t0, _ = _story(app, officer, clock)
    rows = {r.key: r for r in app.kpis.by_grid(t0, t0 + timedelta(days=2))}
    one, two = rows["XH-01"], rows["XH-02"]
    assert (one.registered, one.closed, one.closure_rate) == (3, 3, 1.0)
    assert (one.due, one.closed_on_time) == (2, 1)  # A on time, B late
    assert one.escalations == (2, 1, 1)
    assert one.reworked == 0
    assert (two.registered, two.closed, two.closure_rate) == (2, 1, 0.5)
    assert (two.due, two.closed_on_time, two.reworked) == (2, 1, 1)
    assert two.open_in("in_progress") == 1
    assert rows["XH-03"].registered == 0
    assert rows["XH-03"].on_time_rate is None
    assert one.label  # the grid's name
    teams = {r.key: r for r in app.kpis.by_team(t0, t0 + timedelta(days=2))}
    assert teams["FIRE-1"].closed == 4
    assert teams["FIRE-1"].registered == 5
    only = app.kpis.summary(t0, t0 + timedelta(days=2), grid="xh-02", team="FIRE-1")
    assert (only.registered, only.closed, only.due) == (2, 1, 2)
    with pytest.raises(NotFound):
        app.kpis.summary(t0, t0 + timedelta(days=2), grid="NOPE")


def test_a_period_counts_only_what_happened_in_it(app: App, officer: OperatorRef,
                                                  clock: FakeClock) -> None:
    t0, _ = _story(app, officer, clock)
    first = app.kpis.summary(t0, t0 + timedelta(hours=12))
    assert (first.registered, first.closed) == (5, 2)  # D and A closed by 11 h
    assert (first.registered_closed, first.due) == (2, 0)
    assert first.on_time_rate is None
    assert first.mean_time_to_close_s == pytest.approx(10 * H)
    assert first.escalations == (0, 0, 0)
    second = app.kpis.summary(t0 + timedelta(hours=12), t0 + timedelta(days=2))
    assert (second.registered, second.closed, second.escalations) == (0, 2, (3, 2, 2))
    assert second.closure_rate is None  # nothing registered in it


def test_history_backfill_derives_the_same_facts(app: App, officer: OperatorRef,
                                                 clock: FakeClock) -> None:
    """Closed cases without deadline rows (seeded history) get their facts re-derived
    from the policy: the same due time, on-time flag and escalation times."""
    t0, _ = _story(app, officer, clock)
    figures = app.kpis.by_grid(t0, t0 + timedelta(days=2))
    with app.db.read() as s:
        before = {f.case_id: (f.due_s, f.on_time, f.ttc_s, f.rework, f.esc1_s, f.esc2_s,
                              f.esc3_s) for f in s.scalars(select(CaseFact))}
    with app.db.write.begin() as s:
        s.execute(delete(CaseFact))
        s.execute(delete(KpiDaily))
        s.execute(delete(KpiGridTotal))
        s.execute(delete(KpiTeamTotal))
        s.execute(delete(Deadline).where(Deadline.case_id.in_(list(before))))
    with app.db.write.begin() as s:
        assert backfill_facts(s.connection()) == 4
    with app.db.read() as s:
        after = {f.case_id: (f.due_s, f.on_time, f.ttc_s, f.rework, f.esc1_s, f.esc2_s,
                             f.esc3_s) for f in s.scalars(select(CaseFact))}
    assert after == before
    assert app.kpis.by_grid(t0, t0 + timedelta(days=2)) == figures


def test_migration_0008_backfills_what_the_live_code_does(app: App, officer: OperatorRef,
                                                          clock: FakeClock) -> None:
    """The backfill frozen into migration 0008 writes the facts and daily counts the live
    backfill writes today: from deadline rows (the story) and derived from the policies,
    working-time ones too (two months of seeded history)."""
    _story(app, officer, clock)
    seed_cases(app.db, 400, clock.now(), open_count=20, days=60, seed=7)
    path = ROOT / "db" / "migrations" / "versions" / "0008_kpi_facts.py"
    spec = importlib.util.spec_from_file_location("frozen_0008", path)
    assert spec is not None
    assert spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    def written_by(backfill: Callable[[Connection], int]) -> tuple[int, list[Any], list[Any]]:
        with app.db.write.begin() as s:
            s.execute(delete(CaseFact))
            s.execute(delete(KpiDaily))
            s.execute(delete(KpiGridTotal))
            s.execute(delete(KpiTeamTotal))
        with app.db.write.begin() as s:
            count = backfill(s.connection())
        with app.db.read() as s:
            facts = [tuple(r) for r in s.execute(select(table_of(CaseFact))
                                                 .order_by(CaseFact.case_id))]
            daily = [tuple(r) for r in s.execute(select(table_of(KpiDaily)).order_by(
                KpiDaily.day_s, KpiDaily.grid_id, KpiDaily.team_id))]
        return count, facts, daily

    live = written_by(backfill_facts)
    assert live[0] > 300
    assert written_by(migration.backfill_facts) == live


def test_whole_days_part_days_and_both_percentile_paths_agree(
        app: App, officer: OperatorRef, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A period read from the daily counts gives what the same period read case by case
    gives; the percentile by index walk equals the sorted one."""
    t0, _ = _story(app, officer, clock)
    whole = app.kpis.summary(t0, t0 + timedelta(days=2))  # two whole UTC days
    shifted = app.kpis.summary(t0 - timedelta(minutes=1), t0 + timedelta(days=2, minutes=1))
    assert whole == replace(shifted, start=whole.start, end=whole.end)
    monkeypatch.setattr(kpis, "P90_SORT_LIMIT", 0)
    walked = app.kpis.by_grid(t0, t0 + timedelta(days=2))
    monkeypatch.undo()
    assert walked == app.kpis.by_grid(t0, t0 + timedelta(days=2))
    assert {r.key: r.p90_time_to_close_s for r in walked if r.closed} == {
        "XH-01": 31 * H, "XH-02": 9 * H}
    # A city's grids: one numbered pass over every key instead of a walk per key.
    monkeypatch.setattr(kpis, "P90_SORT_LIMIT", 0)
    monkeypatch.setattr(kpis, "P90_WALKS_UP_TO", 0)
    assert app.kpis.by_grid(t0, t0 + timedelta(days=2)) == walked


def test_the_numbered_pass_gives_every_grid_and_team_the_walked_percentile(
        app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from db.demo.seed import seed_cases

    seed_cases(app.db, 500, clock.now(), open_count=10, days=90, seed=5)
    start = app.kpis.history_start()
    monkeypatch.setattr(kpis, "P90_SORT_LIMIT", 0)
    walked = (app.kpis.by_grid(start, clock.now()), app.kpis.by_team(start, clock.now()))
    monkeypatch.setattr(kpis, "P90_WALKS_UP_TO", 0)
    numbered = (app.kpis.by_grid(start, clock.now()), app.kpis.by_team(start, clock.now()))
    assert numbered == walked
    assert sum(1 for r in walked[0] if r.p90_time_to_close_s) >= 25  # most of the 30 grids
    # A period ending before the last closure: on PostgreSQL the numbered pass, not the
    # per-grid probe of the whole history.
    earlier = clock.now() - timedelta(days=3)
    numbered_grids = app.kpis.by_grid(start, earlier)
    monkeypatch.setattr(kpis, "P90_WALKS_UP_TO", 10**6)
    assert numbered_grids == app.kpis.by_grid(start, earlier)


def test_running_totals_are_the_day_rows_summed_and_read_the_same(
        app: App, officer: OperatorRef, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each grid's and team's running totals are its day rows added up, after live
    closures and a seeded history alike; a whole-history period read through them (less
    the days outside it) gives every figure the day rows give."""
    from sqlalchemy import func

    _story(app, officer, clock)
    seed_cases(app.db, 500, clock.now(), open_count=10, days=90, seed=11)
    d = KpiDaily
    names = [c.key for c in KpiGridTotal.__table__.c if c.key != "grid_id"]
    sums = [func.sum(getattr(d, n)) for n in names]
    with app.db.read() as s:
        for totals, key in ((KpiGridTotal, d.grid_id), (KpiTeamTotal, d.team_id)):
            summed = {int(k): tuple(int(v) for v in vs)
                      for k, *vs in s.execute(select(key, *sums).group_by(key))}
            kept = {int(k): tuple(int(v) for v in vs)
                    for k, *vs in s.execute(select(*totals.__table__.c))}
            assert kept == summed
            assert sum(v[names.index("closed")] for v in kept.values()) == s.scalar(
                select(func.count()).select_from(CaseFact))  # closed: every fact
    start, end = app.kpis.history_start(), clock.now() + timedelta(days=1)
    through_totals = (app.kpis.by_grid(start, end), app.kpis.by_team(start, end),
                      app.kpis.summary(start, end), app.kpis.summary(start, end, grid="XH-01"))
    assert sum(r.closed for r in through_totals[0]) > 450
    monkeypatch.setattr(kpis, "_totals_of", lambda *_: None)
    assert (app.kpis.by_grid(start, end), app.kpis.by_team(start, end),
            app.kpis.summary(start, end),
            app.kpis.summary(start, end, grid="XH-01")) == through_totals
    # Every grid's percentile probed from the top of its index (PostgreSQL; over every
    # closure, read on a connection of its own) equals the one walked from the bottom;
    # so does a period that leaves the first closures out.
    monkeypatch.undo()
    later = start + timedelta(days=20)
    walked_later = app.kpis.by_grid(later, end)
    monkeypatch.setattr(kpis, "P90_WALKS_UP_TO", 0)
    assert app.kpis.by_grid(start, end) == through_totals[0]
    assert app.kpis.by_grid(later, end) == walked_later
    assert sum(1 for r in walked_later if r.p90_time_to_close_s) >= 20


def test_the_garbage_collector_is_back_on_after_a_ranking_even_a_refused_one(
        app: App, clock: FakeClock) -> None:
    """Rankings build their rows with the collector paused; left off, a console would
    grow through a night shift."""
    import gc

    assert gc.isenabled()
    app.kpis.by_grid(clock.now() - timedelta(days=30), clock.now())
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        app.kpis.by_area(clock.now().replace(tzinfo=None), clock.now(), "community")
    assert gc.isenabled()


def test_bad_period_is_refused(app: App) -> None:
    with pytest.raises(ValidationError):
        app.kpis.month("2026/10")
    start, end = app.kpis.month("2026-10")
    assert start == datetime(2026, 9, 30, 16, tzinfo=UTC)  # midnight in Hangzhou
    assert end == datetime(2026, 10, 31, 16, tzinfo=UTC)


def test_working_timeline_adds_like_the_working_calendar() -> None:
    cal = WorkingCalendar()
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    line = WorkingTimeline(cal.timezone, cal.weekdays, cal.periods, cal.holidays,
                           cal.workdays, first, last)
    rng = random.Random(7)
    for _ in range(300):
        start = datetime(2026, 2, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(200 * 86400))
        seconds = rng.choice([0, 60, 3600, 4 * 3600, 27000, 5 * 27000, rng.randrange(10**6)])
        assert line.add(int(start.timestamp()), seconds) == \
            int(cal.add(start, seconds).timestamp())


def test_seeded_history_has_facts_and_daily_counts_that_agree(app: App,
                                                              clock: FakeClock) -> None:
    """Seeding writes the facts of every closed case; a whole-history period read from the
    daily counts gives what reading every fact gives."""
    from sqlalchemy import func

    from db.demo.seed import seed_cases

    seed_cases(app.db, 600, clock.now(), open_count=20, days=60, chunk_size=250)
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(CaseFact)) == 580
        assert s.scalar(select(func.sum(KpiDaily.closed))) == 580
    start, end = clock.now() - timedelta(days=61), clock.now()
    daily = app.kpis.by_grid(start, end)
    assert sum(r.closed for r in daily) == 580
    assert sum(r.open_total for r in daily) == 20
    on_time = sum(r.closed_on_time for r in daily)
    assert 0 < on_time <= sum(r.due for r in daily)
    # A minute later the period starts mid-day: its first day is read case by case
    # instead of from the daily counts; nothing happened in that first day, so every
    # figure must be the same.
    nudged = app.kpis.by_grid(start + timedelta(minutes=1), end)
    assert nudged == daily


def test_dashboard_series(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    """Escalations per duty shift (08:00 Day, 20:00 Night in Hangzhou), reports per hour,
    on-time per due day, and time to close binned."""
    t0, _ = _story(app, officer, clock)  # t0 = 08:00 local, the start of a Day shift
    clock.advance(timedelta(hours=5))  # 36 h
    shifts = app.kpis.recent_shifts(4)
    assert [s.name for s in shifts] == ["Day", "Night", "Day", "Night"]
    assert shifts[0].starts_at == t0
    per_shift = app.kpis.escalations_per_shift([s.starts_at for s in shifts],
                                               shifts[-1].ends_at)
    # B and E warned at 18 h (02:00, night); breached at 24 h and 26 h (next day shift),
    # when C was warned too (28 h).
    assert [b.values for b in per_shift] == [(0, 0, 0), (2, 0, 0), (1, 2, 2), (0, 0, 0)]
    hours = app.kpis.hour_buckets(48)
    inflow = app.kpis.inflow(hours, hours[-1] + timedelta(hours=1))
    assert [b.values[0] for b in inflow if b.values[0]] == [5.0]
    assert inflow[[b.start for b in inflow].index(t0)].values[0] == 5
    assert app.kpis.reported_between(t0, t0 + timedelta(hours=1)) == 5
    # Local days: every deadline of the story falls on the second (08:00 and 18:00).
    days = app.kpis.day_buckets(3)
    rates = app.kpis.on_time_daily(days, days[-1] + timedelta(days=1))
    assert [(b.values[1], b.values[2]) for b in rates] == [(0, 0), (0, 0), (5, 3)]
    assert app.kpis.on_time_between(days[2], days[2] + timedelta(days=1)).values[0] == \
        pytest.approx(0.6)
    ttc = app.kpis.time_to_close_histogram(t0, clock.now())
    # 9 h and 11 h fall in 4–12 h, 21 h in 12–24 h, 31 h in 24–72 h.
    assert [b.values[0] for b in ttc] == [0, 0, 2, 1, 1, 0, 0, 0]
