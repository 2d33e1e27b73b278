"""Shift handover: shifts, significant events, the frozen snapshot, the two signatures,
and the refusals (roles, signed handovers at the service and in the database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role, Stage
from console.core.errors import PermissionDenied, ValidationError
from console.handover.domain import HandoverSnapshot, HandoverStatus
from console.handover.shifts import ShiftPattern
from db.models import Alert, AuditEntry

PASSWORD = "correct horse battery"
ZONE = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def person(app: App, role: Role, but: OperatorRef | None = None) -> OperatorRef:
    """An operator of ``role`` (not ``but``) with ``PASSWORD`` set by an admin."""
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    op = next(o for o in app.operators.list()
              if o.role is role and (but is None or o.id != but.id))
    app.operators.set_password(admin, op.username, PASSWORD)
    return op


def busy_shift(app: App, officer: OperatorRef, clock: FakeClock) -> tuple[str, str]:
    """A day shift with a fire case escalated to the top and a quiet case registered."""
    fire = app.cases.report(officer, title="Smoke from a kitchen", category="fire",
                            severity=1, grid="XH-04").reference
    quiet = app.cases.report(officer, title="Broken bench", category="other",
                             severity=4, grid="XH-05").reference
    app.cases.register(officer, quiet)
    clock.advance(timedelta(hours=2))
    app.escalation.sweep()
    app.cases.note(officer, fire, "Crew stuck in traffic on Wenyi Road")
    return fire, quiet


# ---- shifts --------------------------------------------------------------------------


def test_default_shifts_are_day_and_night_in_the_center_zone() -> None:
    pattern = ShiftPattern.parse("08:00=Day,20:00=Night", "Asia/Shanghai")
    day = pattern.current_shift(local(22, 8))
    assert (day.name, day.starts_at, day.ends_at) == ("Day", local(22, 8), local(22, 20))
    night = pattern.current_shift(local(22, 7, 59))
    assert (night.name, night.starts_at, night.ends_at) == ("Night", local(21, 20),
                                                            local(22, 8))
    assert pattern.next_shift(local(22, 19, 30)).starts_at == local(22, 20)
    assert pattern.next_shift(local(22, 23)).ends_at == local(23, 20)
    assert [s.name for s in pattern.shifts_between(local(22, 8), local(23, 8))] == [
        "Day", "Night"]


def test_a_configured_pattern_is_checked() -> None:
    three = ShiftPattern.parse("06:00=Early,14:00=Late,22:00=Night", "Asia/Shanghai")
    assert three.current_shift(local(22, 23)).name == "Night"
    with pytest.raises(ValidationError):
        ShiftPattern.parse("8am", "Asia/Shanghai")


def test_the_handover_is_proposed_near_shift_end(app: App, clock: FakeClock) -> None:
    assert not app.handovers.needs_proposal()
    clock.set(local(22, 19, 31))
    assert app.handovers.needs_proposal()
    assert app.handovers.proposal_due_at() == local(22, 19, 30)
    # Proposed, but ten minutes into the night nobody has signed the day out yet: it is
    # still the day's handover, and still due.
    app.handovers.propose(app.operator)
    clock.set(local(22, 20, 10))
    assert app.handovers.handover_shift().starts_at == local(22, 8)
    assert app.handovers.needs_proposal()
    # Without a started handover, the night is the shift to hand over.
    clock.set(local(23, 8, 10))
    assert app.handovers.handover_shift().starts_at == local(23, 8)


# ---- the snapshot --------------------------------------------------------------------


def test_a_flood_shift_lists_its_first_escalations_and_counts_them_all(
        app: App, officer: OperatorRef, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A shift with more escalations than the snapshot lists (a flood: tens of
    thousands) shows the first ones in the order they happened and the total of all."""
    from console.handover import service as handover_service

    busy_shift(app, officer, clock)
    clock.set(local(22, 19, 35))
    app.escalation.sweep()
    every = app.handovers.snapshot()
    assert every.escalations_total == len(every.escalations) >= 3
    monkeypatch.setattr(handover_service, "LIST_LIMIT", 2)
    flood = app.handovers.snapshot()
    assert flood.escalations == every.escalations[:2]
    assert flood.escalations_total == every.escalations_total


def test_snapshot_matches_the_database_and_never_changes(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    fire, quiet = busy_shift(app, officer, clock)
    clock.set(local(22, 19, 35))
    app.escalation.sweep()
    proposed = app.handovers.propose(officer)
    snap = proposed.snapshot

    counts = app.cases.stage_counts()
    assert dict(snap.open_by_stage) == {s.value: n for s, n in counts.by_stage.items()}
    assert snap.open_total == 2
    # The escalated fire case comes before the quiet one.
    assert [c.reference for c in snap.cases] == [fire, quiet]
    assert snap.cases[0].escalation_level == app.cases.get(fire).row.escalation_level == 3
    assert snap.cases[0].priority
    # Every escalation of the shift, and every unacknowledged alert, as in the database.
    with app.db.read() as s:
        new_alerts = s.scalar(select(func.count()).select_from(Alert)
                              .where(Alert.status == "new"))
        escalated = s.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "escalate"))
    assert snap.escalations_total == len(snap.escalations) == escalated >= 3
    assert fire in {e.reference for e in snap.escalations}
    assert snap.alerts_total == len(snap.alerts) == new_alerts
    assert (snap.shift_start, snap.shift_end) == (local(22, 8), local(22, 20))
    assert snap.taken_at == local(22, 19, 35)
    assert snap.readiness, "every team's readiness for the night is listed"

    # The world moves on; the stored snapshot does not.
    app.cases.dispatch(officer, quiet, team="PATROL-1")
    app.cases.register(officer, fire)
    for alert in app.alerts.list_alerts().rows:
        app.alerts.acknowledge(officer, alert.id)
    stored = app.handovers.get(proposed.id)
    assert stored.snapshot == snap
    assert HandoverSnapshot.from_json(snap.to_json()) == snap
    assert app.handovers.snapshot().alerts_total == 0  # a fresh one does see it


def test_significant_events_are_the_shifts_log_in_time_order(
        app: App, officer: OperatorRef, reviewer: OperatorRef, clock: FakeClock) -> None:
    fire, _ = busy_shift(app, officer, clock)
    note = next(e for e in app.cases.timeline(fire) if e.action == "note")
    report = next(e for e in app.cases.timeline(fire) if e.action == "report")
    alert = app.alerts.list_alerts().rows[0]
    app.significant.flag_alert(officer, alert.id, "Called the fire brigade chief")
    app.significant.flag_event(officer, note.id)
    app.significant.flag_event(officer, report.id, "First call of the day")

    with pytest.raises(ValidationError, match="already flagged"):
        app.significant.flag_event(officer, note.id)
    with pytest.raises(PermissionDenied, match="flag significant"):
        app.significant.flag_event(reviewer, report.id)
    # The flag is on the case's timeline, by whom.
    flags = [e for e in app.cases.timeline(fire) if e.action == "flag_significant"]
    assert [e.detail["event"] for e in flags] == [note.id, report.id]

    log = app.handovers.propose(officer).snapshot.significant
    assert [e.event_at for e in log] == sorted(e.event_at for e in log)
    assert [e.kind for e in log] == ["case_event", "alert", "note"]
    assert log[0].remark == "First call of the day"
    assert "Wenyi Road" in log[2].summary
    assert app.significant.flagged_events([note.id, report.id + 10_000]) == {note.id}


# ---- signatures ----------------------------------------------------------------------


def test_both_signatures_and_times_are_stored(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    busy_shift(app, officer, clock)
    incoming = person(app, Role.DUTY_OFFICER, but=officer)
    clock.set(local(22, 19, 40))
    draft = app.handovers.propose(officer)
    assert draft.status is HandoverStatus.DRAFT
    clock.set(local(22, 19, 50))
    out = app.handovers.sign_out(officer, draft.id, "  Watch the kitchen fire.  ")
    assert out.status is HandoverStatus.SIGNED_OUT
    # Proposing again now returns the signed-out handover unchanged, for the incoming.
    assert app.handovers.propose(officer) == out
    clock.set(local(22, 20, 5))
    done = app.handovers.take_over(draft.id, incoming.username, PASSWORD)

    stored = app.handovers.get(draft.id)
    assert stored == done
    assert stored.status is HandoverStatus.TAKEN_OVER
    assert (stored.outgoing_username, stored.outgoing_signed_at) == (
        officer.username, local(22, 19, 50))
    assert (stored.incoming_username, stored.incoming_signed_at) == (
        incoming.username, local(22, 20, 5))
    assert stored.notes == "Watch the kitchen fire."
    assert stored.snapshot == draft.snapshot
    # The history lists it; the next handover is the night's.
    [summary] = app.handovers.history(local(22, 0), local(23, 0))
    assert (summary.id, summary.outgoing, summary.incoming) == (
        draft.id, officer.display_name, incoming.display_name)
    assert app.handovers.handover_shift().name == "Night"


def test_a_signed_handover_refuses_changes_in_the_service(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    incoming = person(app, Role.COORDINATOR)
    clock.set(local(22, 19, 40))
    draft = app.handovers.propose(officer)
    with pytest.raises(ValidationError, match="not signed out"):
        app.handovers.take_over(draft.id, incoming.username, PASSWORD)
    app.handovers.sign_out(officer, draft.id, "quiet day")
    with pytest.raises(ValidationError, match="already signed out"):
        app.handovers.sign_out(officer, draft.id, "rewritten")
    app.handovers.take_over(draft.id, incoming.username, PASSWORD)
    with pytest.raises(ValidationError, match="never changes"):
        app.handovers.sign_out(officer, draft.id, "rewritten")
    with pytest.raises(ValidationError, match="never changes"):
        app.handovers.take_over(draft.id, incoming.username, PASSWORD)
    with pytest.raises(ValidationError, match="already handed over"):
        app.handovers.propose(officer)
    assert app.handovers.get(draft.id).notes == "quiet day"


def test_the_database_refuses_to_change_a_signed_handover(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    incoming = person(app, Role.DUTY_OFFICER, but=officer)
    draft = app.handovers.propose(officer)
    # A draft may still be refreshed by the database's rules.
    with app.db.write.begin() as s:
        s.execute(text("UPDATE handovers SET notes = 'draft' WHERE id = :i"), {"i": draft.id})
    app.handovers.sign_out(officer, draft.id, "signed text")
    with pytest.raises(DBAPIError, match="signed handover never changes"), \
            app.db.write.begin() as s:
        s.execute(text("UPDATE handovers SET notes = 'forged' WHERE id = :i"),
                  {"i": draft.id})
    app.handovers.take_over(draft.id, incoming.username, PASSWORD)
    for statement in ("UPDATE handovers SET version = version + 1 WHERE id = :i",
                      "UPDATE handovers SET incoming_signed_at = NULL WHERE id = :i",
                      "DELETE FROM handovers WHERE id = :i"):
        with pytest.raises(DBAPIError, match="signed handover never changes"), \
                app.db.write.begin() as s:
            s.execute(text(statement), {"i": draft.id})
    assert app.handovers.get(draft.id).notes == "signed text"


# ---- roles ---------------------------------------------------------------------------


def test_roles_are_enforced_in_the_service(
        app: App, officer: OperatorRef, reviewer: OperatorRef, clock: FakeClock) -> None:
    with pytest.raises(PermissionDenied, match="write handovers"):
        app.handovers.propose(reviewer)
    draft = app.handovers.propose(officer)
    with pytest.raises(PermissionDenied, match="sign a handover out"):
        app.handovers.sign_out(reviewer, draft.id, "")
    app.handovers.sign_out(officer, draft.id, "")
    # The incoming officer must prove who they are, be on the floor, and be someone else.
    same = person(app, Role.DUTY_OFFICER)
    assert same.id == officer.id
    with pytest.raises(PermissionDenied, match="different officer"):
        app.handovers.take_over(draft.id, officer.username, PASSWORD)
    reader = person(app, Role.REVIEWER)
    with pytest.raises(PermissionDenied, match="take over a shift"):
        app.handovers.take_over(draft.id, reader.username, PASSWORD)
    other = person(app, Role.DUTY_OFFICER, but=officer)
    with pytest.raises(PermissionDenied):
        app.handovers.take_over(draft.id, other.username, "wrong password!!")
    assert app.handovers.get(draft.id).status is HandoverStatus.SIGNED_OUT
    assert app.handovers.take_over(draft.id, other.username, PASSWORD).incoming == (
        other.display_name)


def test_a_case_closed_during_the_shift_leaves_the_open_list(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = app.cases.report(officer, title="Fallen tree", category="other", severity=3,
                           grid="XH-04").reference
    for step in ("register", "dispatch", "start", "resolve"):
        if step == "dispatch":
            app.cases.dispatch(officer, ref, team="PATROL-1")
        else:
            getattr(app.cases, step)(officer, ref)
    app.cases.verify(officer, ref, passed=True)
    app.cases.close(officer, ref)
    snap = app.handovers.propose(officer).snapshot
    assert snap.open_total == 0
    assert snap.cases == ()
    assert Stage.CLOSED.value not in dict(snap.open_by_stage)


def test_the_duty_asks_for_the_handover_once_per_shift(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    seen: list[str] = []
    app.handovers.proposal_due.append(lambda shift: seen.append(shift.name))
    clock.set(local(22, 19, 29))
    assert app.handovers.check_due() is None
    clock.set(local(22, 19, 30))
    assert app.handovers.check_due() is not None
    clock.advance(timedelta(minutes=1))
    app.handovers.check_due()
    assert seen == ["Day"]
    draft = app.handovers.propose(officer)
    app.handovers.sign_out(officer, draft.id, "")
    assert app.handovers.check_due() is None
    clock.set(local(23, 7, 30))
    app.handovers.check_due()
    assert seen == ["Day", "Night"]
