"""Rosters at the service level: rotations, now/next, readiness alerts, members on cases."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console.app import App
from console.cases.lifecycle import Action
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role, Stage, TeamRef
from console.core.errors import ConflictError, PermissionDenied, ValidationError
from console.rosters.domain import Availability, MemberRow, Readiness, ShiftKind
from console.rosters.service import ShiftSpec
from db.demo.roster_loader import load_roster, read_qualifications
from db.demo.rotation_pattern import (
    PatternError,
    crews_on_day_and_night,
    expand,
    parse_pattern,
    weekday_days,
    weekly_on_call,
)
from db.models import Alert, AuditEntry, Change
from db.models.rosters import CaseAssignment

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUALIFICATIONS = read_qualifications()


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A Shanghai wall-clock time as an aware UTC datetime."""
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


@pytest.fixture
def quals(app: App, coordinator: OperatorRef) -> None:
    for q in QUALIFICATIONS:
        app.rosters.add_qualification(coordinator, q["code"], q["name_en"], q["name_zh"])


class SmallTeam:
    """A rescue team of two crews of three (minimum staffing 3), built through the service."""

    def __init__(self, app: App, who: OperatorRef, code: str = "SQUAD-1",
                 kind: str = "rescue", minimum: int = 3) -> None:
        self.team: TeamRef = app.rosters.add_team(
            who, code=code, name_en=f"Test squad {code}", kind=kind, base_grid="XH-05",
            min_staffing=minimum)
        self.crews: dict[str, list[MemberRow]] = {}
        names = iter(["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"])
        for crew in ("A", "B"):
            self.crews[crew] = [
                app.rosters.add_member(who, team=code, name=f"{next(names)}{code[-1]}",
                                       role="Rescuer", phone=f"1380000{i:04d}",
                                       qualifications=["rope_rescue", "first_aid"])
                for i in range(3)]
        self.driver = app.rosters.add_member(who, team=code, name=f"司机{code[-1]}",
                                             role="Driver", phone="13900000000",
                                             qualifications=["driver"])


@pytest.fixture
def squad(app: App, coordinator: OperatorRef, quals: None) -> SmallTeam:
    return SmallTeam(app, coordinator)


@pytest.fixture
def demo(app: App, clock: FakeClock) -> App:
    """The demo roster with shifts from a day before to three days after today."""
    assert load_roster(app.db, clock.now(), days_before=1, days_after=3)
    app.district.invalidate()
    return app


def _ids(rows: list[MemberRow]) -> list[int]:
    return [r.id for r in rows]


def _alerts(app: App) -> list[tuple[str, str, int]]:
    with app.db.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Alert.dedup_key, Alert.status, Alert.repeat_count)
            .where(Alert.source == "roster").order_by(Alert.id))]


# ---- rotation patterns ---------------------------------------------------------------------


def test_day_and_night_rotation_crosses_a_month_boundary() -> None:
    pattern = crews_on_day_and_night({"A": [1], "B": [2], "C": [3], "D": [4]},
                                     date(2026, 11, 2))
    shifts = expand(pattern, date(2026, 11, 29), date(2026, 12, 2))
    assert len(shifts) == 8
    seen = [(s.starts_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M"), s.crew) for s in shifts]
    # Day 27 of the cycle (Nov 29) is crew D's day; the night belongs to the crew before.
    assert seen == [("11-29 08:00", "D"), ("11-29 20:00", "C"),
                    ("11-30 08:00", "A"), ("11-30 20:00", "D"),
                    ("12-01 08:00", "B"), ("12-01 20:00", "A"),
                    ("12-02 08:00", "C"), ("12-02 20:00", "B")]
    night = shifts[3]
    assert night.ends_at == local(2026, 12, 1, 8)  # runs into December
    assert all(s.ends_at - s.starts_at == timedelta(hours=12) for s in shifts)
    assert shifts[0].starts_at == datetime(2026, 11, 29, 0, 0, tzinfo=UTC)  # 08:00 = 00:00Z
    # Each crew works a day, then the next day's night, then rests two days.
    a = [s.starts_at for s in shifts if s.crew == "A"]
    assert a[1] - a[0] == timedelta(hours=36)


def test_weekday_and_weekly_on_call_patterns() -> None:
    days = weekday_days("Day", [1, 2], date(2026, 11, 2))
    shifts = expand(days, date(2026, 11, 27), date(2026, 12, 3))  # Friday to Thursday
    local_days = [s.starts_at.astimezone(SHANGHAI).strftime("%a %d %H:%M") for s in shifts]
    assert local_days == ["Fri 27 08:30", "Mon 30 08:30", "Tue 01 08:30", "Wed 02 08:30",
                          "Thu 03 08:30"]
    on_call = weekly_on_call({"1": [1], "2": [2], "3": [3]}, date(2026, 11, 2))
    weeks = expand(on_call, date(2026, 11, 16), date(2026, 12, 13))
    assert [(s.crew, s.kind, s.starts_at.astimezone(SHANGHAI).day) for s in weeks] == [
        ("3", "on_call", 16), ("1", "on_call", 23), ("2", "on_call", 30), ("3", "on_call", 7)]
    assert weeks[1].ends_at - weeks[1].starts_at == timedelta(days=7)


@pytest.mark.parametrize(("change", "message"), [
    ({"cycle_days": 0}, "cycle_days must be"),
    ({"anchor": "2026-13-01"}, "is not a date"),
    ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
    ({"slots": [{"day": 0, "start": "08:00", "hours": 0, "crew": "A"}]}, "hours must be"),
    ({"slots": [{"day": 5, "start": "08:00", "hours": 12, "crew": "A"}]}, "day must be"),
    ({"slots": [{"day": 0, "start": "8 o'clock", "hours": 12, "crew": "A"}]}, "not a time"),
    ({"slots": [{"day": 0, "start": "08:00", "hours": 12, "crew": "Z"}]}, "crew 'Z'"),
])
def test_bad_patterns_say_what_to_fix(change: dict[str, object], message: str) -> None:
    pattern = {"anchor": "2026-11-02", "cycle_days": 2, "crews": {"A": [1]},
               "slots": [{"day": 0, "start": "08:00", "hours": 12, "crew": "A"}]}
    pattern.update(change)
    with pytest.raises(PatternError, match=re.escape(message)):
        parse_pattern(json.dumps(pattern))


def test_generate_shifts_through_the_service_is_idempotent(
        app: App, coordinator: OperatorRef, squad: SmallTeam) -> None:
    pattern = crews_on_day_and_night({c: _ids(m) for c, m in squad.crews.items()},
                                     date(2026, 11, 2))
    rotation = app.rosters.add_rotation(coordinator, team=squad.team.code,
                                        name="Two crews, 12 h", pattern=pattern)
    report = app.rosters.generate_shifts(coordinator, rotation.id, date(2026, 11, 30),
                                         date(2026, 12, 1))
    assert (report.created, report.skipped) == (4, 0)
    again = app.rosters.generate_shifts(coordinator, rotation.id, date(2026, 11, 30),
                                        date(2026, 12, 2))
    assert (again.created, again.skipped) == (2, 4)
    shifts = app.rosters.shifts_between(local(2026, 11, 30), local(2026, 12, 3),
                                        squad.team.id)
    assert [s.crew for s in shifts] == ["A", "B", "B", "A", "A", "B"]
    assert {len(s.members) for s in shifts} == {3}
    assert all(s.rotation_id == rotation.id for s in shifts)
    with app.db.read() as s:
        audit = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.entity == "rotation", AuditEntry.action == "generate")).all()
    assert len(audit) == 2
    assert json.loads(audit[0])["created"] == 4


# ---- who is on duty ------------------------------------------------------------------------


def test_now_and_next_at_shift_boundaries(demo: App, clock: FakeClock) -> None:
    rescue = demo.district.team_by_code("RESCUE-1")

    def status() -> tuple[list[str], str | None]:
        team = next(t for t in demo.rosters.team_statuses() if t.team.id == rescue.id)
        return [s.crew for s in team.current], team.next.crew if team.next else None

    # 2026-11-22 is day 20 of the cycle anchored on 2026-11-02: crew A's day, D's night.
    clock.set(local(2026, 11, 22, 7, 59))
    assert status() == (["C"], "A")  # C's night (from the 21st) is ending
    clock.set(local(2026, 11, 22, 8, 0))
    assert status() == (["A"], "D")  # the boundary instant belongs to the new shift
    clock.set(local(2026, 11, 22, 19, 59, ))
    assert status() == (["A"], "D")
    clock.advance(timedelta(minutes=1))
    assert status() == (["D"], "B")
    on_duty = {s.team_code: s for s in demo.rosters.on_duty()}
    assert on_duty["RESCUE-1"].crew == "D"
    assert len(on_duty["RESCUE-1"].members) == 14
    assert "GW-BINHE" not in on_duty  # grid workers work days on weekdays only
    assert demo.rosters.next_boundary_after() is not None
    members = {m.id: m for m in demo.rosters.members(rescue.id)}
    crew_d = {m.id for m in on_duty["RESCUE-1"].members}
    assert all(members[i].on_shift for i in crew_d)
    assert not any(m.on_shift for i, m in members.items() if i not in crew_d)


def test_team_statuses_show_readiness_and_counts(demo: App, clock: FakeClock) -> None:
    clock.set(local(2026, 11, 24, 9, 0))  # crew C's day shift: two of them are on leave
    statuses = {t.team.code: t for t in demo.rosters.team_statuses()}
    rescue = statuses["RESCUE-1"]
    assert rescue.readiness is Readiness.GAP
    assert rescue.readiness_shift is not None
    assert (rescue.readiness_shift.ready, rescue.readiness_shift.needed) == (11, 12)
    assert rescue.members == 58
    assert rescue.by_availability[Availability.LEAVE] == 2
    assert rescue.leader_name
    assert statuses["FIRE-1"].readiness is Readiness.READY
    assert statuses["GW-BINHE"].readiness is Readiness.READY  # Tuesday, in office hours


# ---- readiness alerts ----------------------------------------------------------------------


@pytest.fixture
def squad_shifts(app: App, coordinator: OperatorRef, squad: SmallTeam,
                 clock: FakeClock) -> SmallTeam:
    """Crew A on days and B on nights from the 22nd to the 23rd (Shanghai)."""
    pattern = crews_on_day_and_night({c: _ids(m) for c, m in squad.crews.items()},
                                     date(2026, 11, 22))
    rotation = app.rosters.add_rotation(coordinator, team=squad.team.code, name="12 h",
                                        pattern=pattern)
    app.rosters.generate_shifts(coordinator, rotation.id, date(2026, 11, 22),
                                date(2026, 11, 23))
    return squad


def test_readiness_gap_alert_is_raised_once_and_resolved_when_closed(
        app: App, coordinator: OperatorRef, squad_shifts: SmallTeam,
        clock: FakeClock) -> None:
    night = local(2026, 11, 22, 20)
    b1 = squad_shifts.crews["B"][0]
    assert app.rosters.check_readiness() == []
    # A gap opens long before the window: nothing is raised yet.
    app.rosters.set_availability(coordinator, b1.id, "leave", note="Family emergency")
    assert _alerts(app) == []
    assert app.rosters.next_readiness_check_at() == night - timedelta(hours=2)

    clock.set(night - timedelta(hours=2, seconds=1))
    assert app.rosters.check_readiness() == []
    clock.set(night - timedelta(hours=2))
    [raised] = app.rosters.check_readiness()
    assert (raised.kind, raised.team_code, raised.crew, raised.ready, raised.needed) == \
        ("raised", "SQUAD-1", "B", 2, 3)
    key = f"roster:shift:{raised.shift_id}"
    assert _alerts(app) == [(key, "new", 1)]
    clock.advance(timedelta(minutes=30))
    assert app.rosters.check_readiness() == []  # once only
    assert len(_alerts(app)) == 1
    with app.db.read() as s:
        alert = s.scalars(select(Alert).where(Alert.dedup_key == key)).one()
        assert alert.headline == "SQUAD-1 crew B: 2 of 3 ready for the shift " \
                                 "2026-11-22 20:00–08:00"
        assert alert.urgency == "Expected"
        assert alert.severity == "Moderate"
        assert alert.grid_id == app.district.grid_by_code("XH-05").id
    shift = app.rosters.shift(raised.shift_id)
    assert shift.readiness_alerted_at == night - timedelta(hours=2)
    # The next shift to enter its window is the 23rd's day shift.
    assert app.rosters.next_readiness_check_at() == local(2026, 11, 23, 6)

    # The member comes back: the alert is resolved in the same transaction.
    app.rosters.set_availability(coordinator, b1.id, "available")
    assert _alerts(app) == [(key, "resolved", 1)]
    assert app.rosters.check_readiness() == []
    with app.db.read() as s:
        entries = s.execute(select(AuditEntry.entity, AuditEntry.action)
                            .where(AuditEntry.entity.in_(["alert", "shift"]))
                            .order_by(AuditEntry.id)).all()
        assert [tuple(e) for e in entries][-2:] == [("shift", "readiness_gap"),
                                                    ("alert", "resolve")]
        feed = s.scalars(select(Change.entity).where(Change.entity == "alert")).all()
        assert len(feed) == 2  # inserted, then resolved

    # The gap opens again on the same shift: the same alert comes back, never a second.
    app.rosters.set_availability(coordinator, b1.id, "off_duty")
    assert _alerts(app) == [(key, "new", 2)]


def test_gap_opened_inside_the_window_is_raised_at_once(
        app: App, coordinator: OperatorRef, squad_shifts: SmallTeam,
        clock: FakeClock) -> None:
    clock.set(local(2026, 11, 22, 9))  # crew A's day shift is running
    a1, a2 = squad_shifts.crews["A"][:2]
    member = app.rosters.set_availability(coordinator, a1.id, "off_duty")
    assert member.availability is Availability.OFF_DUTY
    [(key, status, _)] = _alerts(app)
    assert status == "new"
    with app.db.read() as s:
        assert s.scalar(select(Alert.urgency).where(Alert.dedup_key == key)) == "Immediate"
    # Lowering the minimum closes the gap: resolved by the same write.
    team = app.rosters.update_team(coordinator, squad_shifts.team.id, min_staffing=2)
    assert team.min_staffing == 2
    assert _alerts(app)[0][1] == "resolved"
    # Swapping the driver in does not help: he lacks the rescue qualification.
    app.rosters.update_team(coordinator, squad_shifts.team.id, min_staffing=3)
    shift = app.rosters.on_duty(team_id=squad_shifts.team.id)[0]
    covered = app.rosters.replace_member(coordinator, shift.id, a1.id, squad_shifts.driver.id)
    assert covered.ready == 2
    assert covered.gap
    assert _alerts(app)[0][1] == "new"
    # A qualified member of crew B covers instead: ready again.
    b3 = squad_shifts.crews["B"][2]
    covered = app.rosters.replace_member(coordinator, shift.id, squad_shifts.driver.id, b3.id)
    assert covered.ready == 3
    assert _alerts(app)[0][1] == "resolved"
    assert a2.id in {m.id for m in covered.members}


# ---- dispatch ------------------------------------------------------------------------------


def _registered(app: App, who: OperatorRef, category: str = "fire", severity: int = 2) -> str:
    ref = app.cases.report(who, title="Smoke from a basement bike store", category=category,
                           severity=severity, grid="XH-22").reference
    app.cases.register(who, ref)
    return ref


def test_dispatch_proposes_available_qualified_members_and_they_follow_the_case(
        demo: App, officer: OperatorRef, coordinator: OperatorRef, clock: FakeClock) -> None:
    fire = demo.district.team_by_code("FIRE-1")
    ref = _registered(demo, officer)
    proposed = demo.rosters.propose_members(ref, fire.id)
    assert proposed, "the fire station has available firefighters"
    assert all(m.availability is Availability.AVAILABLE for m in proposed)
    assert all({"firefighting", "hazmat"} & set(m.qualifications) for m in proposed)
    assert all(m.team_id == fire.id for m in proposed)
    # Members on the running watch come first.
    on_shift = [m.on_shift for m in proposed]
    assert on_shift == sorted(on_shift, reverse=True)
    assert on_shift[0]
    on_leave = [m for m in demo.rosters.members(fire.id) if m.availability is Availability.LEAVE]
    assert on_leave
    assert on_leave[0].id not in _ids(proposed)
    # The same case to the mediation committee: nobody there fights fires.
    assert demo.rosters.propose_members(ref, demo.district.team_by_code("MEDIATE-1").id) == []

    sent = _ids(proposed[:3])
    version = demo.cases.get(ref).version
    detail = demo.cases.dispatch(officer, ref, fire.code, members=sent)
    assert detail.row.stage is Stage.DISPATCHED
    assert detail.version == version + 1  # one step, one version, members or not
    on_task = demo.rosters.members_by_ids(sent)
    assert {m.availability for m in on_task} == {Availability.ON_TASK}
    assert {m.current_case_ref for m in on_task} == {ref}
    assert _ids(demo.rosters.members_on_case(detail.row.id)) == sorted(sent)
    assert not set(sent) & set(_ids(demo.rosters.propose_members(ref, fire.id)))
    timeline = demo.cases.timeline(ref)
    assert timeline[-1].action == "dispatch"
    assert timeline[-1].detail["members"] == ", ".join(m.name for m in proposed[:3])
    with demo.db.read() as s:
        feed = s.scalars(select(Change.entity_id).where(Change.entity == "member")).all()
        assert set(sent) <= set(feed)

    demo.cases.start(officer, ref)
    demo.cases.pause(officer, ref, "Waiting for the property manager's keys")
    assert {m.availability for m in demo.rosters.members_by_ids(sent)} == {Availability.ON_TASK}
    demo.cases.resume(officer, ref)
    version = demo.cases.get(ref).version
    assert demo.cases.resolve(officer, ref).version == version + 1
    back = demo.rosters.members_by_ids(sent)
    assert {m.availability for m in back} == {Availability.AVAILABLE}
    assert {m.current_case_id for m in back} == {None}
    assert demo.cases.timeline(ref)[-1].detail["released"]
    with demo.db.read() as s:
        open_assignments = s.scalar(select(func.count()).select_from(CaseAssignment).where(
            CaseAssignment.released_at.is_(None)))
        assert open_assignments == 0
    # Verification fails: back to dispatched with nobody on task, until sent again.
    demo.cases.verify(officer, ref, passed=False, text="Smoke again in the evening")
    assert demo.rosters.members_on_case(detail.row.id) == []
    again = demo.rosters.dispatch_members(officer, ref, fire.id, sent[:1])
    assert again.row.stage is Stage.DISPATCHED
    assert demo.rosters.member(sent[0]).availability is Availability.ON_TASK
    assert demo.cases.timeline(ref)[-1].action == "assign"


def test_dispatch_refuses_unavailable_or_foreign_members_and_changes_nothing(
        demo: App, officer: OperatorRef) -> None:
    fire = demo.district.team_by_code("FIRE-1")
    ref = _registered(demo, officer)
    on_leave = next(m for m in demo.rosters.members(fire.id)
                    if m.availability is Availability.LEAVE)
    medic = demo.rosters.members(demo.district.team_by_code("MED-1").id)[0]
    fit = demo.rosters.propose_members(ref, fire.id)[0]
    with pytest.raises(ValidationError, match=re.escape(f"{on_leave.name} is leave")):
        demo.cases.dispatch(officer, ref, fire.code, members=[fit.id, on_leave.id])
    with pytest.raises(ValidationError, match=re.escape(f"{medic.name} is not on FIRE-1")):
        demo.cases.dispatch(officer, ref, fire.code, members=[medic.id])
    assert demo.cases.get(ref).row.stage is Stage.REGISTERED
    assert demo.rosters.member(fit.id).availability is Availability.AVAILABLE
    with pytest.raises(ValidationError, match="Members are sent with a dispatch"):
        demo.cases.apply(officer, ref, Action.NOTE, text="note", members=[fit.id])


def test_duty_officer_may_bring_back_only_members_they_sent(
        demo: App, officer: OperatorRef, coordinator: OperatorRef) -> None:
    fire = demo.district.team_by_code("FIRE-1")
    ref = _registered(demo, officer)
    first, second = demo.rosters.propose_members(ref, fire.id)[:2]
    demo.cases.dispatch(officer, ref, fire.code, members=[first.id])
    back = demo.rosters.set_availability(officer, first.id, "available",
                                         note="Back early: crew was enough")
    assert back.availability is Availability.AVAILABLE
    assert demo.rosters.members_on_case(demo.cases.get(ref).row.id) == []
    with pytest.raises(PermissionDenied, match="only of members they sent"):
        demo.rosters.set_availability(officer, second.id, "leave")
    with pytest.raises(PermissionDenied, match="may not edit"):
        demo.rosters.update_member(officer, second.id, role="Driver")


def test_reviewer_is_refused_every_roster_change(
        demo: App, reviewer: OperatorRef, officer: OperatorRef) -> None:
    member = demo.rosters.members()[0]
    team = demo.district.team_by_code("RESCUE-1")
    attempts = [
        lambda: demo.rosters.set_availability(reviewer, member.id, "leave"),
        lambda: demo.rosters.add_member(reviewer, team="RESCUE-1", name="新人"),
        lambda: demo.rosters.update_team(reviewer, team.id, min_staffing=2),
        lambda: demo.rosters.add_team(reviewer, code="NEW-1", name_en="New"),
        lambda: demo.rosters.import_members(reviewer, []),
        lambda: demo.rosters.generate_shifts(reviewer, 1, date(2026, 11, 1),
                                             date(2026, 11, 2)),
        lambda: demo.rosters.add_shift(reviewer, ShiftSpec(
            "RESCUE-1", local(2026, 11, 25, 8), local(2026, 11, 25, 20))),
        lambda: demo.rosters.dispatch_members(reviewer, "C-2026-000001", team.id, [1]),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="reviewer"):
            attempt()
    assert demo.rosters.member(member.id).availability is member.availability


def test_stale_version_is_a_conflict(demo: App, coordinator: OperatorRef) -> None:
    member = demo.rosters.members()[5]
    demo.rosters.update_member(coordinator, member.id, expected_version=member.version,
                               role="Senior rescuer")
    with pytest.raises(ConflictError, match="reload"):
        demo.rosters.set_availability(coordinator, member.id, "leave",
                                      expected_version=member.version)


# ---- shifts by hand, and bad input -----------------------------------------------------------


def test_bad_shifts_are_named_and_good_ones_kept(
        app: App, coordinator: OperatorRef, squad: SmallTeam) -> None:
    other = SmallTeam(app, coordinator, code="SQUAD-2")
    a1 = squad.crews["A"][0]
    report = app.rosters.add_shifts(coordinator, [
        ShiftSpec("SQUAD-1", local(2026, 11, 25, 8), local(2026, 11, 25, 20), crew="A",
                  members=tuple(_ids(squad.crews["A"])), line=2),
        ShiftSpec("SQUAD-1", local(2026, 11, 26, 20), local(2026, 11, 26, 8), line=3),
        ShiftSpec("SQUAD-2", local(2026, 11, 25, 12), local(2026, 11, 25, 18), crew="X",
                  members=(a1.id, other.crews["A"][0].id), line=4),
        ShiftSpec("SQUAD-1", local(2026, 11, 27, 8), local(2026, 11, 27, 20), kind="nap",
                  line=5),
        ShiftSpec("NOPE", local(2026, 11, 27, 8), local(2026, 11, 27, 20), line=6),
        ShiftSpec("SQUAD-2", local(2026, 11, 26, 8), local(2026, 11, 26, 20), crew="B",
                  members=tuple(_ids(other.crews["B"])), line=7),
    ])
    assert report.added == 2
    problems = {p.line: p.reason for p in report.problems}
    assert set(problems) == {3, 4, 5, 6}
    assert problems[3] == ("The SQUAD-1 shift ends (2026-11-26 08:00) before it starts "
                           "(2026-11-26 20:00).")
    assert problems[4].startswith("The SQUAD-2 shift 2026-11-25 12:00–18:00 overlaps another "
                                  f"team's: {a1.name} is already on SQUAD-1 crew A "
                                  "2026-11-25 08:00–20:00")
    assert "Unknown shift kind 'nap'" in problems[5]
    assert "Unknown team 'NOPE'" in problems[6]
    assert "line 3: The SQUAD-1 shift ends" in "\n".join(report.lines())
    assert len(app.rosters.shifts_between(local(2026, 11, 25), local(2026, 11, 28))) == 2


def test_edit_and_swap_shifts(app: App, coordinator: OperatorRef,
                              squad_shifts: SmallTeam) -> None:
    day, night = app.rosters.shifts_between(local(2026, 11, 22, 8), local(2026, 11, 22, 21),
                                            squad_shifts.team.id)[:2]
    a1, b1 = squad_shifts.crews["A"][0], squad_shifts.crews["B"][0]
    first, second = app.rosters.swap_members(coordinator, day.id, a1.id, night.id, b1.id)
    assert b1.id in {m.id for m in first.members}
    assert a1.id not in {m.id for m in first.members}
    assert a1.id in {m.id for m in second.members}
    moved = app.rosters.edit_shift(coordinator, night.id, expected_version=second.version,
                                   ends_at=local(2026, 11, 23, 7), crew="B2")
    assert (moved.crew, moved.ends_at) == ("B2", local(2026, 11, 23, 7))
    with pytest.raises(ConflictError):
        app.rosters.edit_shift(coordinator, night.id, expected_version=second.version,
                               crew="B3")
    with pytest.raises(ValidationError, match="before it starts"):
        app.rosters.edit_shift(coordinator, night.id, ends_at=local(2026, 11, 22, 19))
    app.rosters.delete_shift(coordinator, night.id)
    assert [s.id for s in app.rosters.shifts_between(local(2026, 11, 22, 8),
                                                     local(2026, 11, 22, 21),
                                                     squad_shifts.team.id)] == [day.id]


def test_generation_leaves_out_members_busy_with_another_team(
        app: App, coordinator: OperatorRef, squad: SmallTeam) -> None:
    other = SmallTeam(app, coordinator, code="SQUAD-2")
    borrowed = other.crews["A"][0]
    app.rosters.add_shift(coordinator, ShiftSpec(
        "SQUAD-2", local(2026, 11, 30, 9), local(2026, 11, 30, 15), crew="A",
        members=(borrowed.id,)))
    pattern = weekday_days("Day", [*_ids(squad.crews["A"]), borrowed.id], date(2026, 11, 2))
    rotation = app.rosters.add_rotation(coordinator, team="SQUAD-1", name="Days",
                                        pattern=pattern)
    report = app.rosters.generate_shifts(coordinator, rotation.id, date(2026, 11, 30),
                                         date(2026, 12, 1))
    assert report.created == 2
    assert report.left_out == (f"{borrowed.name} left out of SQUAD-1 Day 2026-11-30 08:30: "
                               f"already on SQUAD-2 crew A 2026-11-30 09:00–15:00",)
    monday, tuesday = app.rosters.shifts_between(local(2026, 11, 30), local(2026, 12, 2),
                                                 squad.team.id)
    assert borrowed.id not in {m.id for m in monday.members}
    assert borrowed.id in {m.id for m in tuesday.members}


def test_members_and_teams_are_validated(app: App, coordinator: OperatorRef,
                                         squad: SmallTeam) -> None:
    with pytest.raises(ValidationError, match="Unknown qualification 'juggling'"):
        app.rosters.add_member(coordinator, team="SQUAD-1", name="王五",
                               qualifications=["juggling"])
    with pytest.raises(ValidationError, match="is not a phone number"):
        app.rosters.add_member(coordinator, team="SQUAD-1", name="王五", phone="call me")
    with pytest.raises(ValidationError, match="dispatching a case"):
        app.rosters.add_member(coordinator, team="SQUAD-1", name="王五", availability="on_task")
    with pytest.raises(ValidationError, match="already exists"):
        app.rosters.add_team(coordinator, code="squad-1", name_en="Again")
    with pytest.raises(ValidationError, match="Minimum staffing"):
        app.rosters.update_team(coordinator, squad.team.id, min_staffing=0)
    added = app.rosters.add_member(coordinator, team="SQUAD-1", name="王五",
                                   qualifications=["急救", "Rope rescue"])
    assert added.qualifications == ("first_aid", "rope_rescue")
    team = app.rosters.update_team(coordinator, squad.team.id, leader_id=added.id)
    assert team.code == "SQUAD-1"
    assert app.rosters.member(added.id).leader
    assert "SQUAD-1" in {t.code for t in app.district.teams()}


# ---- interchange -----------------------------------------------------------------------------


def test_ics_export_parses_back_with_icalendar(demo: App, clock: FakeClock) -> None:
    import io

    import icalendar

    from console.rosters.exchange import export_roster

    out = io.StringIO(newline="")
    since, until = local(2026, 11, 22), local(2026, 11, 25)
    count = export_roster(demo.rosters, demo.district, "ics", out, "RESCUE-1",
                          now=demo.clock.now(), since=since, until=until)
    text = out.getvalue()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75
    shifts = demo.rosters.shifts_between(since, until,
                                         demo.district.team_by_code("RESCUE-1").id)
    assert count == len(shifts) == 7  # the night before, then two a day
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == count
    assert len({str(e["UID"]) for e in events}) == count
    for event, shift in zip(events, shifts, strict=True):
        assert event.decoded("DTSTART") == shift.starts_at
        assert event.decoded("DTEND") == shift.ends_at
        assert str(event["SUMMARY"]) == f"RESCUE-1 crew {shift.crew} (duty)"
        description = str(event["DESCRIPTION"])
        assert all(m.name in description for m in shift.members)
        assert "Comprehensive Emergency Rescue Team" in description
    assert "XH-16" in str(events[0]["LOCATION"])


def test_csv_round_trip(demo: App, coordinator: OperatorRef, tmp_path: object) -> None:
    import io
    from pathlib import Path

    from console.rosters.exchange import export_roster, import_roster_csv

    folder = Path(str(tmp_path))
    out = io.StringIO()
    count = export_roster(demo.rosters, demo.district, "csv", out, "MEDIATE-1",
                          now=demo.clock.now())
    text = out.getvalue()
    assert count == 16
    header, first = text.splitlines()[:2]
    assert header == "team,name,role,qualifications,phone,email,availability"
    assert first.startswith("MEDIATE-1,")
    path = folder / "mediation.csv"
    path.write_text(text, encoding="utf-8")
    demo.act_as(coordinator.username)
    report = import_roster_csv(demo.rosters, path, demo.operator)
    assert (report.added, report.updated, report.unchanged, report.problems) == (0, 0, 16, [])

    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if ",Mediator," in line)
    name = lines[row].split(",")[1]
    lines[row] = lines[row].replace(",Mediator,", ",Senior mediator,", 1)
    lines.append("MEDIATE-1,周小红,Mediator,mediator;心理疏导,13812345678,xh.zhou@xinhe.example,"
                 "available")
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))  # Excel's BOM
    report = import_roster_csv(demo.rosters, path, demo.operator)
    assert (report.added, report.updated, report.unchanged) == (1, 1, 15), report.lines()
    again = io.StringIO()
    export_roster(demo.rosters, demo.district, "csv", again, "MEDIATE-1",
                  now=demo.clock.now())
    exported = again.getvalue().splitlines()
    assert f"MEDIATE-1,{name},Senior mediator," in "\n".join(exported)
    assert ("MEDIATE-1,周小红,Mediator,mediator;psych_support,13812345678,xh.zhou@xinhe.example,"
            "available") in exported


def test_a_members_email_comes_from_the_roster_sheet_and_is_checked(
        demo: App, coordinator: OperatorRef, tmp_path: object) -> None:
    from pathlib import Path

    from console.rosters.exchange import import_roster_csv

    path = Path(str(tmp_path)) / "contacts.csv"
    path.write_text("\n".join([
        "team,name,role,qualifications,phone,email,availability",
        "FIRE-1,黄明,Crew commander,firefighting;first_aid;hazmat,15280943754,"
        "huang.ming@fire.xinhe.example,available",
        "FIRE-1,郭志强,Firefighter,firefighting;first_aid,18680385570,guo at fire,available",
        "FIRE-1,新队员,Firefighter,first_aid,13900008888,xin@fire.xinhe.example,available",
    ]) + "\n", encoding="utf-8")
    report = import_roster_csv(demo.rosters, path, coordinator)
    assert (report.added, report.updated) == (1, 1), report.lines()
    # The file, the line and the reason: what a coordinator needs to fix the sheet.
    assert report.lines()[1:] == [
        "contacts.csv: line 3: E-mail 'guo at fire' is not an address like "
        "name@example.org."]
    fire = {m.name: m for m in demo.rosters.members() if m.team_code == "FIRE-1"}
    assert fire["黄明"].email == "huang.ming@fire.xinhe.example"
    assert fire["新队员"].email == "xin@fire.xinhe.example"
    assert fire["郭志强"].email == ""  # the bad row changed nothing
    assert fire["郭志强"].phone == "18680385570"
    with demo.db.read() as s:
        detail = s.scalar(select(AuditEntry.detail).where(
            AuditEntry.entity == "member", AuditEntry.entity_id == fire["黄明"].id,
            AuditEntry.action == "update"))
    assert json.loads(detail or "{}")["email"] == ["", "huang.ming@fire.xinhe.example"]

    # A sheet written before members had an e-mail keeps the addresses the roster has.
    path.write_text("team,name,role,qualifications,phone,availability\n"
                    "FIRE-1,黄明,Crew commander,firefighting;first_aid;hazmat,15280943754,"
                    "available\n", encoding="utf-8")
    report = import_roster_csv(demo.rosters, path, coordinator)
    assert (report.updated, report.unchanged, report.problems) == (0, 1, [])
    assert demo.rosters.member(fire["黄明"].id).email == "huang.ming@fire.xinhe.example"

    # The service checks an address however it comes.
    with pytest.raises(ValidationError, match="not an address"):
        demo.rosters.update_member(coordinator, fire["黄明"].id, email="huang@")
    with pytest.raises(ValidationError, match="not an address"):
        demo.rosters.add_member(coordinator, team="FIRE-1", name="又一个", email="a b@c.d")
    cleared = demo.rosters.update_member(coordinator, fire["黄明"].id, email="")
    assert cleared.email == ""


def test_csv_import_reports_bad_rows_and_keeps_good_ones(
        demo: App, coordinator: OperatorRef, tmp_path: object) -> None:
    from pathlib import Path

    from console.rosters.exchange import import_roster_csv

    path = Path(str(tmp_path)) / "roster.csv"
    on_task_name = "吴新人"
    path.write_text("\n".join([
        "team,name,role,qualifications,phone,availability",
        "RESCUE-1,孙新兵,Rescuer,rope_rescue;first_aid,13900001111,available",
        "RESCUE-1,钱新兵,Rescuer,rope_rescue;underwater_welding,13900002222,available",
        "NOWHERE-9,李新兵,Rescuer,first_aid,13900003333,available",
        "RESCUE-1,,Rescuer,first_aid,13900004444,available",
        "RESCUE-1,郑新兵,Rescuer,first_aid,not a phone,available",
        "RESCUE-1,冯新兵,Rescuer,first_aid,13900005555,asleep",
        f"RESCUE-1,{on_task_name},Rescuer,first_aid,13900006666,on_task",
        "RESCUE-1,孙新兵,Rescuer,first_aid,13900001111,available",
        "FIRE-1,韩新兵,Firefighter,firefighting,13900007777,leave",
        "FIRE-1,\"a,b\",x,firefighting,1,2,3",
    ]) + "\n", encoding="utf-8")
    report = import_roster_csv(demo.rosters, path, coordinator)
    assert report.added == 2
    problems = {p.line: p.reason for p in report.problems}
    assert problems[3] == ("Unknown qualification 'underwater_welding'; known: "
                           + ", ".join(sorted(q["code"] for q in QUALIFICATIONS)) + ".")
    assert problems[4].startswith("Unknown team 'NOWHERE-9'.")
    assert problems[5] == "The name must not be empty."
    assert "is not a phone number" in problems[6]
    assert problems[7].startswith("Unknown availability 'asleep'")
    assert problems[8].startswith(f"{on_task_name} cannot be imported as on task")
    assert problems[9] == "孙新兵 of RESCUE-1 appears again (first on line 2); one line per member."
    assert "more fields than the header" in problems[11]
    assert set(problems) == {3, 4, 5, 6, 7, 8, 9, 11}
    names = {m.name: m for m in demo.rosters.members()}
    assert "孙新兵" in names
    assert names["韩新兵"].availability is Availability.LEAVE
    assert "钱新兵" not in names
    with pytest.raises(PermissionDenied):
        import_roster_csv(demo.rosters, path, demo.operator)  # a duty officer


# ---- the demo roster -------------------------------------------------------------------------


def test_demo_roster_is_complete(demo: App) -> None:
    members = demo.rosters.members()
    by_team: dict[str, list[MemberRow]] = {}
    for m in members:
        by_team.setdefault(m.team_code, []).append(m)
    assert len(by_team["RESCUE-1"]) >= 50
    assert set(by_team) == {t.code for t in demo.district.teams()}
    for grid in demo.district.grids():
        workers = [m for m in members if m.role.endswith(f" {grid.code}")
                   and "grid_worker" in m.qualifications]
        assert len(workers) == math.ceil(grid.households / 150), grid.code
    assert all(re.fullmatch(r"1[3-9]\d{9}", m.phone) for m in members)
    assert len({m.name for m in members}) == len(members)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", m.name) for m in members)
    mediation = demo.district.team_by_code("MEDIATE-1")
    [rotation] = demo.rosters.rotations(mediation.id)
    assert json.loads(rotation.pattern)["slots"][0]["hours"] == 168
    on_call = demo.rosters.on_duty(team_id=mediation.id)
    assert [s.kind for s in on_call] == [ShiftKind.ON_CALL]
    leaders = [m for m in members if m.leader]
    assert len(leaders) == len(by_team)
    assert load_roster(demo.db, demo.clock.now()) is False  # loads once
