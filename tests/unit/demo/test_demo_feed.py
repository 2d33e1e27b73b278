"""The demo's simulated shift: legal steps only, through the case service, never dying."""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from console.demo.feed import (
    DEMO_CASES,
    DEMO_OPEN,
    DemoActivity,
    DemoFeedThread,
    first_duty_officer,
    prepare_demo,
)
from console.operators.auth import DEMO_PASSWORD
from db.demo.seed import SeedReport, seed_cases, team_kind_for
from db.models import AuditEntry, Operator
from tests.unit.demo.test_seed import replay


@pytest.fixture
def shift(app: App, clock: FakeClock) -> App:
    """The demo district with 200 cases, 60 of them open."""
    seed_cases(app.db, 200, clock.now(), open_count=60, days=14)
    return app


def on(app: App, rng_seed: int) -> DemoActivity:
    """The simulated shift on ``app``'s services."""
    return DemoActivity(app.cases, app.operators, app.district, rng_seed=rng_seed)


def prepare(app: App, say: Callable[[str], None]) -> SeedReport | None:
    return prepare_demo(app, say)


def audit_since(app: App, after_id: int) -> list[tuple[int, str, str, str]]:
    """(case id, action, detail JSON, operator role) of every case entry after ``after_id``."""
    with app.db.read() as s:
        return [(case_id, action, detail, role) for case_id, action, detail, role in s.execute(
            select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.detail, Operator.role)
            .join(Operator, Operator.id == AuditEntry.operator_id)
            .where(AuditEntry.id > after_id, AuditEntry.entity == "case")
            .order_by(AuditEntry.id))]


def last_audit_id(app: App) -> int:
    with app.db.read() as s:
        return max(s.scalars(select(AuditEntry.id)), default=0)


def run_shift(app: App, clock: FakeClock, ticks: int, seed: int = 3) -> list[str]:
    activity = on(app, rng_seed=seed)
    lines: list[str] = []
    for _ in range(ticks):
        clock.advance(timedelta(minutes=2))
        lines.extend(activity.step())
    return lines


def test_a_shift_moves_cases_only_by_legal_steps(shift: App, clock: FakeClock) -> None:
    start = last_audit_id(shift)
    lines = run_shift(shift, clock, 80)

    entries = audit_since(shift, start)
    assert len(lines) >= len(entries) > 80
    assert {role for *_, role in entries} <= {Role.DUTY_OFFICER.value, Role.COORDINATOR.value}
    actions = Counter(action for _, action, _, _ in entries)
    for expected in ("report", "register", "dispatch", "start", "resolve", "verify", "close",
                     "reopen", "pause", "resume"):
        assert actions[expected] > 0, f"no {expected} in {actions}"
    # Each touched case's whole timeline is still a legal walk round the loop.
    for case_id in {case_id for case_id, *_ in entries}:
        timeline = shift.cases.timeline(shift.cases.get_by_id(case_id).reference)
        stage, paused, _ = replay([e.action for e in timeline])
        current = shift.cases.get_by_id(case_id).row
        assert (stage, paused) == (current.stage, current.paused)


def test_dispatches_go_to_a_fitting_team(shift: App, clock: FakeClock) -> None:
    start = last_audit_id(shift)
    run_shift(shift, clock, 60)

    dispatches = [(case_id, json.loads(detail)) for case_id, action, detail, _
                  in audit_since(shift, start) if action == "dispatch"]
    assert dispatches
    for case_id, detail in dispatches:
        row = shift.cases.get_by_id(case_id).row
        team = shift.district.team_by_code(detail["team"][1])
        assert team.kind is team_kind_for(row.category.value, int(row.severity))
        if team.kind.value == "grid_workers":  # everyday matters: the grid's own community
            base = shift.district.grid(team.base_grid_id or 0)
            assert base.community_en == shift.district.grid(row.grid_id).community_en


def test_the_console_operator_is_left_alone(shift: App, clock: FakeClock) -> None:
    console_operator = shift.operator
    run_shift(shift, clock, 20)
    assert shift.operator == console_operator


def test_the_feed_acts_as_simulated_operators_never_as_a_person(
        shift: App, clock: FakeClock) -> None:
    people = {o.username for o in shift.operators.list()}
    start = last_audit_id(shift)
    run_shift(shift, clock, 30)
    with shift.db.read() as s:
        actors = set(s.scalars(
            select(Operator.username).join(AuditEntry, AuditEntry.operator_id == Operator.id)
            .where(AuditEntry.id > start, AuditEntry.entity == "case")))
    assert actors == {"demo.feed.officer", "demo.feed.coordinator"}
    assert not actors & people, "the audit log credits no person with the feed's work"
    # Nobody signs in as a simulated operator, not even with the demo's password.
    shift.operators.give_demo_passwords()
    for username in actors:
        with pytest.raises(PermissionDenied):
            shift.operators.authenticate(username, DEMO_PASSWORD)


def test_a_conflict_with_a_person_is_skipped_not_raised(
    shift: App, officer: OperatorRef, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The feed picked these rows, then an officer moved every one of them first.
    stale = shift.cases.open_cases()
    for row in stale:
        shift.cases.note(officer, row.reference, "looked at it")
        if row.paused:
            shift.cases.resume(officer, row.reference)
        else:
            shift.cases.pause(officer, row.reference, "Checking with the owner")
    monkeypatch.setattr(shift.cases, "open_cases", lambda flt=None: stale)
    before = last_audit_id(shift)

    activity = on(shift, rng_seed=5)
    lines = [line for _ in range(10) for line in activity.step()]

    assert any("was changed by" in line for line in lines)
    touched = {action for _, action, _, _ in audit_since(shift, before)}
    assert touched <= {"report"}  # nothing stale was overwritten


def test_the_thread_survives_a_failing_step(
    shift: App, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(DemoActivity):
        def step(self) -> list[str]:
            raise ValidationError("The grid is gone.")

    feed = DemoFeedThread(Broken(shift.cases, shift.operators, shift.district, rng_seed=1),
                          interval_s=60)
    with caplog.at_level(logging.WARNING, logger="console.demo.feed"):
        assert feed.tick() == []
    assert "The grid is gone." in caplog.text


def test_the_thread_ticks_until_stopped(shift: App) -> None:
    ticked = threading.Event()

    class Counting(DemoActivity):
        def step(self) -> list[str]:
            ticked.set()
            return ["ticked"]

    feed = DemoFeedThread(Counting(shift.cases, shift.operators, shift.district, rng_seed=1),
                          interval_s=0.01)
    feed.start()
    assert ticked.wait(timeout=10)
    feed.close()
    assert not feed.is_alive()


def test_stop_wakes_a_waiting_thread_at_once(shift: App) -> None:
    feed = DemoFeedThread(on(shift, rng_seed=1), interval_s=3600)
    feed.start()
    feed.close(timeout_s=10)
    assert not feed.is_alive()
    assert feed.daemon


def test_prepare_demo_fills_a_fresh_database_once(empty_app: App) -> None:
    said: list[str] = []

    report = prepare(empty_app, said.append)

    assert report is not None
    assert (report.cases, report.open) == (DEMO_CASES, DEMO_OPEN)
    assert len(empty_app.cases.open_cases()) == DEMO_OPEN
    assert any("Seeding 3,000 cases" in line for line in said)
    assert first_duty_officer(empty_app.operators).role is Role.DUTY_OFFICER
    assert prepare(empty_app, said.append) is None  # second start: nothing added


def test_without_a_district_the_feed_explains_itself(empty_app: App) -> None:
    with pytest.raises(ValidationError, match="load the demo district"):
        on(empty_app, rng_seed=1).step()
