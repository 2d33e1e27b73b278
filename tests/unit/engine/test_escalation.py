"""Deadlines and the escalation engine, driven by a fake clock: nothing here sleeps."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role, Stage
from console.core.errors import PermissionDenied, ValidationError
from db.models import Alert, AuditEntry


class ManualAlarm:
    """The engine's alarm, held by the test: it records when the engine wants waking."""

    def __init__(self) -> None:
        self.when: datetime | None = None
        self.callback: Callable[[], None] | None = None

    def arm(self, when: datetime | None, callback: Callable[[], None]) -> None:
        self.when, self.callback = when, callback


def report_fire(app: App, who: OperatorRef, **kw: object) -> str:
    """Critical fire: register 3 min, dispatch 5 min, resolve 240 min, warning at 0.75,
    level 3 thirty minutes after the breach (the shipped defaults)."""
    fields: dict[str, object] = {"title": "Smoke from a restaurant kitchen",
                                 "category": "fire", "severity": 1, "grid": "XH-04"}
    fields.update(kw)
    return app.cases.report(who, **fields).reference  # type: ignore[arg-type]


def escalations(app: App, action: str = "escalate") -> list[tuple[str, list[int]]]:
    with app.db.read() as s:
        rows = s.execute(select(AuditEntry.detail).where(AuditEntry.action == action)
                         .order_by(AuditEntry.id)).scalars().all()
    import json
    return [(d["deadline"], d["level"]) for d in map(json.loads, rows)]


def alert_count(app: App) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).select_from(Alert)
                        .where(Alert.source == "escalation")) or 0


def test_deadlines_follow_the_policy(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    case = app.cases.get(ref)
    by_kind = {d.kind: d for d in app.deadlines.for_case(case.row.id)}
    t0 = clock.now()
    assert set(by_kind) == {"register", "resolve"}
    assert by_kind["register"].due_at == t0 + timedelta(minutes=3)
    assert by_kind["register"].warn_at == t0 + timedelta(seconds=135)
    assert by_kind["register"].long_at == t0 + timedelta(minutes=33)
    assert by_kind["resolve"].due_at == t0 + timedelta(hours=4)
    assert case.row.next_due_at == t0 + timedelta(minutes=3)
    assert case.row.next_due_kind == "register"
    clock.advance(timedelta(minutes=1))
    app.cases.register(officer, ref)
    kinds = {d.kind: d for d in app.deadlines.for_case(case.row.id)}
    assert kinds["register"].met_at == clock.now()
    assert kinds["dispatch"].due_at == clock.now() + timedelta(minutes=5)  # from registration
    assert app.cases.get(ref).row.next_due_kind == "dispatch"


def test_warning_breach_and_long_breach_at_the_exact_moment(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    clock.advance(timedelta(seconds=134))
    assert app.escalation.sweep() == []
    clock.advance(timedelta(seconds=1))  # 2 min 15 s = 0.75 × 3 min
    [warning] = app.escalation.sweep()
    assert (warning.reference, warning.kind, warning.level) == (ref, "register", 1)
    assert app.cases.get(ref).row.escalation_level == 1
    clock.advance(timedelta(seconds=44))
    assert app.escalation.sweep() == []
    clock.advance(timedelta(seconds=1))  # 3 min
    [breach] = app.escalation.sweep()
    assert breach.level == 2
    assert breach.minutes_late == 0
    clock.advance(timedelta(minutes=30))
    [long_breach] = app.escalation.sweep()
    assert long_breach.level == 3
    assert long_breach.minutes_late == 30
    assert app.cases.get(ref).row.escalation_level == 3
    assert escalations(app) == [("register", [0, 1]), ("register", [1, 2]),
                                ("register", [2, 3])]
    assert alert_count(app) == 3


def test_each_step_is_recorded_once_with_an_alert(app: App, officer: OperatorRef,
                                                 clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    clock.advance(timedelta(hours=5))  # past every threshold: register 0→3, resolve 0→3
    first = app.escalation.sweep()
    assert sorted((e.kind, e.level) for e in first) == [
        ("register", 1), ("register", 2), ("register", 3),
        ("resolve", 1), ("resolve", 2), ("resolve", 3)]
    assert app.escalation.sweep() == []
    assert app.escalation.sweep() == []
    assert len(escalations(app)) == 6
    assert alert_count(app) == 6
    with app.db.read() as s:
        alert = s.scalars(select(Alert).where(Alert.dedup_key.like("escalation:%"))
                          .order_by(Alert.id.desc())).first()
    assert alert is not None
    assert alert.case_id == app.cases.get(ref).row.id
    assert ref in alert.headline
    assert alert.status == "new"
    with app.db.read() as s:
        headlines = s.scalars(select(Alert.headline)
                              .where(Alert.dedup_key.like("escalation:%"))).all()
    # Raised hours after the deadlines passed, no alert says "warning" (coming due): each
    # says the deadline is breached, and how late in the board's format, not in minutes.
    assert not [h for h in headlines if "warning" in h]
    assert all(re.search(r"\((\d+ d \d\d h|\d+ h \d\d min|\d+ min) late\)$", h)
               for h in headlines), headlines


def test_a_stage_done_in_time_stops_its_clock(app: App, officer: OperatorRef,
                                              clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    clock.advance(timedelta(minutes=2))
    app.cases.register(officer, ref)
    clock.advance(timedelta(minutes=3))
    app.cases.dispatch(officer, ref, "FIRE-1")
    clock.advance(timedelta(minutes=60))
    assert app.escalation.sweep() == []
    clock.advance(timedelta(minutes=120))  # resolve: 4 h from report, warning at 3 h
    assert [(e.kind, e.level) for e in app.escalation.sweep()] == [("resolve", 1)]


def test_pause_stops_the_clock_and_resume_moves_deadlines(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    case_id = app.cases.get(ref).row.id
    clock.advance(timedelta(minutes=2))
    app.cases.pause(officer, ref, "Waiting for the gas company to cut the supply")
    assert app.escalation.next_due() is None  # nothing ticks while paused
    clock.advance(timedelta(hours=6))
    assert app.escalation.sweep() == []
    app.cases.resume(officer, ref)
    register = next(d for d in app.deadlines.for_case(case_id) if d.kind == "register")
    # 1 minute of the 3 was left when paused: due 1 minute after resuming.
    assert register.due_at == clock.now() + timedelta(minutes=1)
    assert app.escalation.next_due() == clock.now() + timedelta(seconds=15)  # warning
    clock.advance(timedelta(minutes=1))
    assert [(e.kind, e.level) for e in app.escalation.sweep()] == [
        ("register", 1), ("register", 2)]


def test_clock_moved_back_neither_unescalates_nor_doubles(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = report_fire(app, officer)
    clock.advance(timedelta(minutes=4))
    assert len(app.escalation.sweep()) == 2  # register warning + breach
    clock.advance(timedelta(hours=-1))
    assert app.escalation.sweep() == []
    assert app.cases.get(ref).row.escalation_level == 2
    clock.advance(timedelta(hours=1))
    assert app.escalation.sweep() == []
    assert len(escalations(app)) == 2


def test_deadline_passed_while_closed_escalates_once_at_next_start(
        app: App, officer: OperatorRef, clock: FakeClock, db_url: str) -> None:
    ref = report_fire(app, officer)
    app.close()  # the console is shut for the night
    clock.advance(timedelta(minutes=10))
    for _ in range(2):  # started twice: the second start finds nothing new
        later = open_app(db_url, clock)
        alarm = ManualAlarm()
        later.escalation.start(alarm)
        assert alarm.when is not None
        assert alarm.when > clock.now()
        later.close()
    reopened = open_app(db_url, clock)
    assert [lvl for kind, lvl in escalations(reopened)] == [[0, 1], [1, 2]]
    assert reopened.cases.get(ref).row.escalation_level == 2
    reopened.close()


def test_engine_arms_one_alarm_for_the_earliest_deadline(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    alarm = ManualAlarm()
    app.escalation.start(alarm)
    assert alarm.when is None  # nothing pending: the engine sleeps
    t0 = clock.now()
    report_fire(app, officer, category="dispute", severity=2, title="Quarrel over parking")
    assert alarm.when == t0 + timedelta(minutes=15 * 0.75)  # re-armed on the change
    report_fire(app, officer)
    assert alarm.when == t0 + timedelta(seconds=135)  # the fire warns sooner
    clock.set(alarm.when)
    assert alarm.callback is not None
    alarm.callback()
    assert app.escalation.wakeups == 1
    assert alarm.when == t0 + timedelta(minutes=3)  # next: the fire's breach


def test_idle_engine_wakes_only_when_a_deadline_is_due(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    alarm = ManualAlarm()
    app.escalation.start(alarm)
    report_fire(app, officer)  # register: warning, breach, long breach in the hour
    end = clock.now() + timedelta(hours=1)
    while alarm.when is not None and alarm.when <= end:
        clock.set(alarm.when)
        assert alarm.callback is not None
        alarm.callback()
    # 3 register steps + resolve warning (3 h) is outside the hour: exactly 3 wake-ups.
    assert app.escalation.wakeups == 3
    assert len(escalations(app)) == 3


def test_policy_edit_moves_pending_deadlines_and_says_so(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    ref = report_fire(app, officer)
    other = report_fire(app, officer, title="Second fire")
    report_fire(app, officer, severity=2, title="Not under this policy")
    policy = next(p for p in app.sla.policies()
                  if p.category.value == "fire" and p.severity == 1)
    with pytest.raises(PermissionDenied):
        app.sla.update_policy(officer, policy.id, policy.version, register_minutes=10)
    with pytest.raises(ValidationError, match="warning ratio"):
        app.sla.update_policy(coordinator, policy.id, policy.version, warning_ratio=1.5)
    change = app.sla.update_policy(coordinator, policy.id, policy.version,
                                   register_minutes=10)
    assert (change.deadlines_moved, change.cases_affected) == (4, 2)
    assert "4 pending deadline(s) of 2 open case(s)" in change.summary()
    for r in (ref, other):
        row = app.cases.get(r).row
        assert row.next_due_at == clock.now() + timedelta(minutes=10)
    clock.advance(timedelta(minutes=5))
    assert app.escalation.sweep() == []  # the old 3-minute limit no longer applies


def test_petitions_count_working_time(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    # Friday 17:00 in Hangzhou (09:00 UTC); petitions of medium severity: register in 1 working day.
    clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    ref = report_fire(app, officer, category="petition", severity=3,
                      title="Residents petition about property fees")
    register = next(d for d in app.deadlines.for_case(app.cases.get(ref).row.id)
                    if d.kind == "register")
    assert register.calendar == "working"
    # 7.5 working hours: 30 min on Friday, then 08:30-12:00 and 13:30-17:00 on Monday,
    # so due Monday 17:00 in Hangzhou = 09:00 UTC, not Saturday morning.
    assert register.due_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_stricter_tier_applies_to_cases_opened_there_and_then(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    grid = app.district.grid_by_code("XH-04")
    app.sla.create_tier(coordinator, name="Lantern festival", factor=0.5,
                        grid_ids=[grid.id], starts_at=clock.now(),
                        ends_at=clock.now() + timedelta(hours=6))
    inside = app.cases.get(report_fire(app, officer)).row
    elsewhere = app.cases.get(report_fire(app, officer, grid="XH-09")).row
    assert inside.next_due_at == clock.now() + timedelta(seconds=90)
    assert elsewhere.next_due_at == clock.now() + timedelta(minutes=3)
    clock.advance(timedelta(hours=7))
    after = app.cases.get(report_fire(app, officer)).row
    assert after.next_due_at == clock.now() + timedelta(minutes=3)
    with pytest.raises(ValidationError, match="below 1"):
        app.sla.create_tier(coordinator, name="Lax", factor=2, grid_ids=[grid.id],
                            starts_at=clock.now(), ends_at=clock.now() + timedelta(hours=1))


def test_supervision_pins_marks_and_shortens(app: App, officer: OperatorRef,
                                            clock: FakeClock) -> None:
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    ref = report_fire(app, officer, severity=2, category="flood", title="Underpass flooding")
    clock.advance(timedelta(minutes=5))  # 10 of the 15 register minutes left
    with pytest.raises(PermissionDenied, match="supervision"):
        app.cases.supervise(officer, ref, "District head asked for a report")
    case = app.cases.supervise(coordinator, ref, "District head asked for a report")
    assert case.row.supervised
    assert case.row.next_due_at == clock.now() + timedelta(minutes=5)  # halved
    with pytest.raises(ValidationError, match="already under supervision"):
        app.cases.supervise(coordinator, ref, "again")
    entry = app.cases.timeline(ref)[-1]
    assert entry.action == "supervise"
    assert entry.detail["deadlines_moved"] == 2


def test_overdue_filter_and_count(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    from console.cases.query import CaseFilter

    late = report_fire(app, officer)
    clock.advance(timedelta(minutes=2))
    report_fire(app, officer, title="Fresh one")
    clock.advance(timedelta(minutes=2))
    app.escalation.sweep()
    assert [r.reference for r in app.cases.open_cases(CaseFilter(overdue_only=True))] == [late]
    assert app.cases.stage_counts().overdue == 1


def test_backfill_gives_deadlines_to_bulk_loaded_cases(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    from sqlalchemy import delete

    from db.models import Deadline

    ref = report_fire(app, officer)
    app.cases.register(officer, ref)
    with app.db.write.begin() as s:
        s.execute(delete(Deadline))
    assert app.deadlines.backfill() == 1
    kinds = {d.kind: d for d in app.deadlines.for_case(app.cases.get(ref).row.id)}
    assert kinds["register"].met_at is not None
    assert kinds["dispatch"].met_at is None
    assert app.deadlines.backfill() == 0


def test_sweep_works_in_batches(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    app.escalation._batch = 4
    for i in range(5):
        report_fire(app, officer, title=f"Fire {i}")
    clock.advance(timedelta(seconds=136))
    assert len(app.escalation.sweep()) == 5


ENGINE_SCRIPT = textwrap.dedent("""
    import sys
    from datetime import datetime
    from console.app import open_app
    from console.clock import FakeClock
    app = open_app(sys.argv[1], FakeClock(datetime.fromisoformat(sys.argv[2])))
    total = 0
    for _ in range(int(sys.argv[3])):
        total += len(app.escalation.sweep())
    print(total)
    app.close()
""")


@pytest.mark.slow
def test_two_engine_processes_escalate_each_step_once(
        app: App, officer: OperatorRef, clock: FakeClock, db_url: str, tmp_path: Path) -> None:
    for i in range(60):
        report_fire(app, officer, title=f"Kitchen fire {i}")
    script = tmp_path / "engine.py"
    script.write_text(ENGINE_SCRIPT)
    when = (clock.now() + timedelta(minutes=4)).isoformat()
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    procs = [subprocess.Popen([sys.executable, str(script), db_url, when, "20"],
                              stdout=subprocess.PIPE, text=True, cwd=root, env=env)
             for _ in range(2)]
    totals = [int(p.communicate(timeout=120)[0].strip()) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    # 60 cases × register (warning + breach) = 120 steps, shared between the engines.
    assert sum(totals) == 120
    assert len(escalations(app)) == 120
    assert alert_count(app) == 120
    assert all(app.cases.get(f"C-2026-{n:06d}").row.escalation_level == 2
               for n in range(1, 61))
    assert app.cases.get("C-2026-000001").row.stage is Stage.REPORTED


def test_a_step_lost_to_another_engine_is_not_recorded(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    """If another engine stepped a deadline between our read and our write, the batch's
    compare-and-set comes up short and only the steps we really won are recorded."""
    from sqlalchemy import update

    from db.models import Deadline

    report_fire(app, officer, title="Ours")
    theirs = app.cases.get(report_fire(app, officer, title="Theirs")).row.id
    clock.advance(timedelta(seconds=136))
    original = app.escalation._compare_and_set

    def interfere(s, steps):  # type: ignore[no-untyped-def]
        # The other engine's step lands inside our transaction's window.
        s.execute(update(Deadline).where(Deadline.case_id == theirs,
                                         Deadline.kind == "register").values(level=1))
        return original(s, steps)

    app.escalation._compare_and_set = interfere  # type: ignore[method-assign]
    done = app.escalation.sweep()
    assert [e.title for e in done] == ["Ours"]
    assert len(escalations(app)) == 1
