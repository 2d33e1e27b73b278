"""Scale seeding: realistic, legal, consistent history that later reports continue."""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from console.app import App
from console.cases.lifecycle import TARGET, Action, legal_actions
from console.clock import FakeClock
from console.core.domain import OPEN_STAGES, OperatorRef, Role, Stage
from db.demo.seed import (
    CASE_COLUMNS,
    SeedError,
    SQLiteTimes,
    case_rows,
    plan_seed,
    seed_cases,
    team_kind_for,
)
from db.models import AuditEntry, Case, Change, Counter, Grid, Operator, Team
from db.models.kpis import CaseFact, KpiDaily, KpiGridTotal, KpiTeamTotal

REFERENCE = re.compile(r"^C-(\d{4})-(\d{6})$")


def replay(actions: list[str]) -> tuple[Stage, bool, int]:
    """Walk a case's audit actions through the closed loop, failing on any illegal step;
    returns the stage, whether paused, and the rework count it ends with."""
    assert actions[:1] == ["report"], f"timeline must start with report: {actions}"
    stage, paused, rework = Stage.REPORTED, False, 0
    for name in actions[1:]:
        action = Action(name)
        assert action in legal_actions(stage, paused), f"{name} illegal at {stage}: {actions}"
        if action is Action.PAUSE:
            paused = True
        elif action is Action.RESUME:
            paused = False
        elif action in TARGET:
            stage = TARGET[action]
        rework += action is Action.REOPEN
    return stage, paused, rework


def timelines(app: App) -> dict[int, list[tuple[datetime, str, dict[str, Any], int]]]:
    """Every case's audit entries in order: (at, action, detail, operator id)."""
    out: dict[int, list[tuple[datetime, str, dict[str, Any], int]]] = defaultdict(list)
    with app.db.read() as s:
        for case_id, at, action, detail, operator_id in s.execute(
            select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.action, AuditEntry.detail,
                   AuditEntry.operator_id)
            .where(AuditEntry.entity == "case").order_by(AuditEntry.id)
        ):
            out[case_id].append((at, action, json.loads(detail), operator_id))
    return out


def all_cases(app: App) -> list[Case]:
    with app.db.read() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


@pytest.fixture
def seeded(app: App, clock: FakeClock) -> App:
    """The demo district with 2,500 cases over 90 days (25 of them open)."""
    seed_cases(app.db, 2_500, clock.now(), days=90)
    app.district.invalidate()
    return app


def test_seeds_the_cases_asked_for_with_one_percent_open(app: App, clock: FakeClock) -> None:
    report = seed_cases(app.db, 2_500, clock.now(), days=90)

    assert (report.cases, report.open) == (2_500, 25)
    cases = all_cases(app)
    assert len(cases) == 2_500
    assert sum(c.stage != Stage.CLOSED.value for c in cases) == 25
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == report.audit_entries
    assert report.audit_entries >= 7 * 2_475  # every closed case went round the whole loop


def test_every_open_stage_is_on_the_board(seeded: App) -> None:
    counts = seeded.cases.stage_counts()

    assert all(counts.by_stage[stage] > 0 for stage in OPEN_STAGES), counts.by_stage
    # Most open cases are being worked on, few wait for verification.
    assert counts.by_stage[Stage.IN_PROGRESS] >= counts.by_stage[Stage.VERIFIED]


def test_open_share_can_be_chosen(app: App, clock: FakeClock) -> None:
    report = seed_cases(app.db, 400, clock.now(), open_count=120, days=30)

    assert report.open == 120
    assert len(app.cases.open_cases()) == 120
    assert any(row.paused for row in app.cases.open_cases())
    paused = [c for c in all_cases(app) if c.paused_at is not None]
    assert all(c.pause_reason for c in paused)


def test_references_are_unique_and_later_reports_continue_them(
    app: App, officer: OperatorRef, clock: FakeClock
) -> None:
    before = app.cases.report(officer, title="Reported before seeding", category="fire",
                              severity=2, grid="XH-01")
    seed_cases(app.db, 1_500, clock.now(), days=400)

    refs = [c.reference for c in all_cases(app)]
    assert len(set(refs)) == len(refs) == 1_501
    per_year: dict[int, list[int]] = defaultdict(list)
    for ref in refs:
        match = REFERENCE.match(ref)
        assert match, ref
        per_year[int(match[1])].append(int(match[2]))
    assert sorted(per_year) == [2025, 2026]  # 400 days back from November 2026
    for year, numbers in per_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"gaps in {year}"
    with app.db.read() as s:
        counters = {name: value for name, value in s.execute(select(Counter.name, Counter.value))}
    assert counters == {f"case-{y}": len(n) for y, n in per_year.items()}

    after = app.cases.report(officer, title="Reported after seeding", category="fire",
                             severity=2, grid="XH-01")
    assert before.reference == "C-2026-000001"
    assert after.reference == f"C-2026-{len(per_year[2026]) + 1:06d}"
    assert app.cases.get(after.reference).row.title == "Reported after seeding"


def test_every_timeline_is_a_legal_walk_round_the_loop(seeded: App) -> None:
    lines = timelines(seeded)
    cases = all_cases(seeded)

    for case in cases:
        entries = lines[case.id]
        stage, paused, rework = replay([action for _, action, _, _ in entries])
        assert stage.value == case.stage, case.reference
        assert paused == (case.paused_at is not None), case.reference
        assert rework == case.rework_count, case.reference
        assert case.version == len(entries), case.reference
        if case.stage == Stage.CLOSED.value:
            assert entries[-1][1] == "close"
        resumed = sum(d["paused_seconds"] for _, a, d, _ in entries if a == "resume")
        assert resumed == case.paused_seconds, case.reference
    reworked = sum(c.rework_count > 0 for c in cases)
    assert 0.02 * len(cases) < reworked < 0.09 * len(cases)
    assert any(c.paused_seconds > 0 for c in cases if c.stage == Stage.CLOSED.value)


def test_times_run_forward_and_never_past_now(seeded: App, clock: FakeClock) -> None:
    now = clock.now()
    lines = timelines(seeded)
    start = now - timedelta(days=90)

    for case in all_cases(seeded):
        stamps = [at for at, _, _, _ in lines[case.id]]
        assert stamps == sorted(stamps), case.reference
        assert stamps[0] == case.reported_at
        assert start <= case.reported_at <= now
        assert stamps[-1] == case.updated_at <= now
        steps = [case.reported_at, case.registered_at, case.dispatched_at, case.started_at,
                 case.resolved_at, case.verified_at, case.closed_at]
        reached = [t for t in steps if t is not None]
        assert reached == sorted(reached), case.reference
        assert len(reached) == len(steps) or case.closed_at is None


def test_audit_details_have_the_case_services_shape(
    seeded: App, officer: OperatorRef
) -> None:
    live = seeded.cases.report(officer, title="Live one", category="fire", severity=2,
                               grid="XH-02")
    for step in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE):
        seeded.cases.apply(officer, live.reference, step, team="FIRE-1")
    seeded.cases.apply(officer, live.reference, Action.REOPEN, text="Not fixed")
    seeded.cases.pause(officer, live.reference, "Waiting for the owner")
    seeded.cases.resume(officer, live.reference)
    shapes_live = {(e.action, tuple(sorted(e.detail)))
                   for e in seeded.cases.timeline(live.reference)}

    shapes_seeded = {(action, tuple(sorted(detail)))
                     for entries in timelines(seeded).values() for _, action, detail, _ in entries}
    assert shapes_live <= shapes_seeded
    first = next(iter(timelines(seeded).values()))
    assert set(first[0][2]) == {"title", "category", "severity", "source", "grid"}


def test_cases_look_like_a_real_district(seeded: App, clock: FakeClock) -> None:
    with seeded.db.read() as s:
        rows = s.execute(
            select(Case.category, Case.severity, Case.reported_at, Case.closed_at, Team.kind,
                   Case.title, Grid.code)
            .join(Team, Team.id == Case.team_id).join(Grid, Grid.id == Case.grid_id)
        ).all()
        crew = set(s.scalars(select(Operator.id).where(
            Operator.role.in_([Role.DUTY_OFFICER.value, Role.COORDINATOR.value]))))
    # Each case went to the kind of team that answers its category.
    assert all(kind == team_kind_for(cat, sev).value for cat, sev, _, _, kind, _, _ in rows)
    # More reports by day than at night (local time, UTC+8).
    local_hours = [(at.hour + 8) % 24 for _, _, at, _, _, _, _ in rows]
    assert sum(9 <= h < 17 for h in local_hours) > 3 * sum(0 <= h < 6 for h in local_hours)
    # Critical cases close in hours, low ones in days.
    hours: dict[int, list[float]] = defaultdict(list)
    for _, sev, reported, closed, _, _, _ in rows:
        if closed is not None:
            hours[sev].append((closed - reported).total_seconds() / 3600)
    assert statistics.median(hours[1]) < 12 < 24 < statistics.median(hours[4])
    # Titles come from the district's templates; people, not the engine, did the work.
    assert len({title for *_, title, _ in rows}) > 50
    assert {op for entries in timelines(seeded).values() for *_, op in entries} <= crew


def test_running_consoles_are_told_to_reload_once(seeded: App) -> None:
    with seeded.db.read() as s:
        changes = s.execute(select(Change.entity, Change.entity_id, Change.op)
                            .where(Change.entity == "case")).all()
    assert changes == [("case", 0, "reload")]


def test_seeding_an_empty_database_loads_the_district_first(
    empty_app: App, clock: FakeClock
) -> None:
    report = seed_cases(empty_app.db, 50, clock.now(), days=10, lang="zh")

    assert report.cases == 50
    assert len(empty_app.district.grids()) == 30
    titles = [c.title for c in all_cases(empty_app)]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles)


def test_the_same_seed_gives_the_same_rows(app: App, clock: FakeClock) -> None:
    plan = plan_seed(app.db, 300, clock.now(), days=20, seed=7)

    first = [row for chunk in case_rows(plan, SQLiteTimes(), 100) for row in chunk.cases]
    again = [row for chunk in case_rows(plan, SQLiteTimes(), 300) for row in chunk.cases]
    assert first == again
    assert len(first) == 300
    assert len(first[0]) == len(CASE_COLUMNS)


def test_progress_is_reported_per_chunk(app: App, clock: FakeClock) -> None:
    calls: list[tuple[int, int]] = []
    seed_cases(app.db, 250, clock.now(), days=20, chunk_size=100,
               progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 250), (100, 250), (200, 250), (250, 250)]


def test_a_report_during_seeding_stops_it_cleanly(
    app: App, officer: OperatorRef, clock: FakeClock
) -> None:
    def someone_reports(done: int, total: int) -> None:
        if done == 100:
            app.cases.report(officer, title="Meanwhile", category="other", severity=3,
                             grid="XH-05")

    with pytest.raises(SeedError, match="Someone reported cases while seeding"):
        seed_cases(app.db, 300, clock.now(), days=5, chunk_size=100, progress=someone_reports)

    refs = [c.reference for c in all_cases(app)]
    assert len(refs) == len(set(refs)) == 101  # the first chunk and the live report
    later = app.cases.report(officer, title="Later", category="other", severity=3,
                             grid="XH-05")
    assert later.reference == "C-2026-000102"


@pytest.mark.parametrize(("n", "kwargs", "message"), [
    (-1, {}, "must not be negative"),
    (10, {"open_count": 11}, "between 0 and 10"),
    (10, {"days": 0}, "at least one day"),
])
def test_bad_arguments_are_refused_with_a_reason(
    app: App, clock: FakeClock, n: int, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(SeedError, match=message):
        seed_cases(app.db, n, clock.now(), **kwargs)


def test_kpi_facts_are_what_the_backfill_derives_from_the_stored_rows(seeded: App) -> None:
    """The seed derives the facts from its own times, without reading the cases back:
    they must be the very facts (daily counts and running totals per grid and team)
    ``backfill_facts`` derives from the stored rows."""
    from db.kpi_facts import backfill_facts

    def facts() -> tuple[list[Any], ...]:
        with seeded.db.read() as s:
            return ([tuple(r) for r in s.execute(
                        select(*CaseFact.__table__.c).order_by(CaseFact.case_id))],
                    [tuple(r) for r in s.execute(select(*KpiDaily.__table__.c).order_by(
                        KpiDaily.day_s, KpiDaily.grid_id, KpiDaily.team_id))],
                    [tuple(r) for r in s.execute(select(*KpiGridTotal.__table__.c)
                                                 .order_by(KpiGridTotal.grid_id))],
                    [tuple(r) for r in s.execute(select(*KpiTeamTotal.__table__.c)
                                                 .order_by(KpiTeamTotal.team_id))])

    seeded_facts, seeded_daily, grid_totals, team_totals = facts()
    assert grid_totals
    assert team_totals
    closed = sum(c.stage == Stage.CLOSED.value for c in all_cases(seeded))
    assert len(seeded_facts) == closed > 2_000
    with seeded.db.write.begin() as s:
        s.execute(delete(CaseFact))
        s.execute(delete(KpiDaily))
        s.execute(delete(KpiGridTotal))
        s.execute(delete(KpiTeamTotal))
        assert backfill_facts(s.connection()) == closed
    assert facts() == (seeded_facts, seeded_daily, grid_totals, team_totals)
