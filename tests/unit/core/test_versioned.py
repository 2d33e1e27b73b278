"""Stale writes: every service refuses a write made on an old version with one message,
"<Thing> <id> was changed by <name> at <HH:MM:SS in the center's zone> — reload and try
again.", naming who changed the row and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import ConflictError
from console.core.versioned import Versioned, VersionedWrites
from console.rosters.schedules import ShiftSpec
from db.models import Case, table_of

# The other operator's change lands at 01:02:03 UTC: 09:02:03 in the center (UTC+8).
OTHER_CHANGE = timedelta(hours=1, minutes=2, seconds=3)
AT = "09:02:03"


def stale(thing: str, who: OperatorRef) -> str:
    return f"{thing} was changed by {who.display_name} at {AT} — reload and try again."


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def refused(call: object) -> str:
    assert callable(call)
    with pytest.raises(ConflictError) as error:
        call()
    return str(error.value)


def test_a_case(app: App, clock: FakeClock, officer: OperatorRef,
                coordinator: OperatorRef) -> None:
    case = app.cases.report(officer, title="Burst main", category="utilities", severity=2,
                            grid="XH-03")
    clock.advance(OTHER_CHANGE)
    app.cases.register(coordinator, case.reference)
    assert refused(lambda: app.cases.register(officer, case.reference,
                                              expected_version=case.version)) \
        == stale(f"Case {case.reference}", coordinator)


def test_a_case_lost_in_the_race_after_the_read(app: App, clock: FakeClock,
                                                officer: OperatorRef) -> None:
    """The version moves between the read and the ``UPDATE … WHERE version``: the same
    message, from the case as a fresh read finds it."""
    case = app.cases.report(officer, title="Burst main", category="utilities", severity=2,
                            grid="XH-03")
    clock.advance(OTHER_CHANGE)
    cases = table_of(Case)

    class Meanwhile:
        """Moves the version under the step, as another seat's commit would."""

        def on_case_step(self, s: Session, *args: object) -> dict[str, object]:
            s.execute(update(cases).where(cases.c.id == case.row.id)
                      .values(version=cases.c.version + 1))
            return {}

    app.cases.assignments = Meanwhile()
    assert refused(lambda: app.cases.register(officer, case.reference)) == (
        f"Case {case.reference} was changed by {officer.display_name} at 08:00:00 — reload "
        "and try again.")


def test_an_alert(app: App, clock: FakeClock, officer: OperatorRef,
                  coordinator: OperatorRef, tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "A-1", "event": "Smoke", "severity": "Severe", '
                    '"category": "Fire", "lat": 30.296, "lon": 120.1545}\n')
    assert app.importer.import_file(path).ok
    [row] = app.alerts.list_alerts().rows
    clock.advance(OTHER_CHANGE)
    app.alerts.acknowledge(coordinator, row.id)
    assert refused(lambda: app.alerts.resolve(officer, row.id, expected_version=row.version)) \
        == stale(f"Alert #{row.id}", coordinator)


def test_a_hazard(app: App, clock: FakeClock, coordinator: OperatorRef,
                  officer: OperatorRef) -> None:
    hazard = app.hazards.register(
        coordinator, code="HZ-0901", name="Binhe Petrol Station", kind="gas_station",
        grid="XH-01", likelihood=3, severity=4, inspection_interval_days=30)
    clock.advance(OTHER_CHANGE)
    app.hazards.update(coordinator, hazard.row.code, severity=5)
    assert refused(lambda: app.hazards.record_inspection(
        officer, hazard.row.code, inspector="Wang Jun", likelihood=2, severity=2,
        expected_version=hazard.version)) == stale("Hazard HZ-0901", coordinator)


def test_an_sla_policy(app: App, clock: FakeClock, coordinator: OperatorRef) -> None:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    policy = next(p for p in app.sla.policies()
                  if (p.category.value, int(p.severity)) == ("fire", 1))
    clock.advance(OTHER_CHANGE)
    app.sla.update_policy(admin, policy.id, policy.version, resolve_minutes=200)
    assert refused(lambda: app.sla.update_policy(coordinator, policy.id, policy.version,
                                                 resolve_minutes=180)) \
        == stale("SLA policy fire/1", admin)


def test_a_handover(app: App, clock: FakeClock, officer: OperatorRef,
                    coordinator: OperatorRef) -> None:
    draft = app.handovers.propose(officer)
    clock.advance(OTHER_CHANGE)
    app.handovers.propose(coordinator)  # refreshed: a new snapshot, a new version
    assert refused(lambda: app.handovers.sign_out(officer, draft.id, "quiet",
                                                  expected_version=draft.version)) \
        == stale(f"Handover {draft.id}", coordinator)


def test_rosters(app: App, clock: FakeClock, officer: OperatorRef,
                 coordinator: OperatorRef) -> None:
    """Teams, members and shifts (the roster's versioned rows), and a case dispatched
    with members from the roster."""
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    team = app.rosters.add_team(coordinator, code="SQUAD-1", name_en="Squad", kind="rescue",
                                min_staffing=1)
    member = app.rosters.add_member(coordinator, team="SQUAD-1", name="张伟")
    start = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 08:00 in the center
    shift = app.rosters.add_shift(coordinator, ShiftSpec("SQUAD-1", start,
                                                         start + timedelta(hours=12)))
    case = app.cases.report(officer, title="Lift stuck", category="public_security",
                            severity=2, grid="XH-05")
    app.cases.register(officer, case.reference)
    seen = app.cases.dispatch(officer, case.reference, team.id)
    clock.advance(OTHER_CHANGE)
    app.rosters.update_team(admin, team.id, min_staffing=2)
    app.rosters.update_member(admin, member.id, role="Rescuer")
    app.rosters.edit_shift(admin, shift.id, crew="A")
    app.cases.pause(admin, case.reference, "waiting for the owner")

    assert refused(lambda: app.rosters.update_team(coordinator, team.id, expected_version=1,
                                                   name_en="Squad one")) \
        == stale("Team SQUAD-1", admin)
    assert refused(lambda: app.rosters.set_availability(
        coordinator, member.id, "leave", expected_version=member.version)) \
        == stale("Member 张伟", admin)
    assert refused(lambda: app.rosters.delete_shift(coordinator, shift.id,
                                                    expected_version=shift.version)) \
        == stale("Shift SQUAD-1 2026-11-23 08:00–20:00", admin)
    assert refused(lambda: app.rosters.dispatch_members(
        officer, case.reference, team.id, [member.id], expected_version=seen.version)) \
        == stale(f"Case {case.reference}", admin)


def test_a_row_nobody_is_named_for(app: App) -> None:
    """Without a stamp on the row or an audit entry, the message still reads the same."""
    writes = VersionedWrites(app.db, lambda: app.zone)
    with app.db.read() as s:
        error = writes.conflict(s, Versioned("Team", "GHOST-1", "team", 999, 3))
    assert str(error) == "Team GHOST-1 was changed by someone at ? — reload and try again."
