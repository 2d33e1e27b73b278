"""Roster service: teams, members, rotations and shifts; readiness; members sent on cases.

Who may do what:

- coordinators and admins (and the engine) edit rosters: teams, members, qualifications,
  rotations, shifts, anyone's availability;
- duty officers dispatch cases with members (``CaseService.apply(..., members=[...])`` or
  ``dispatch_members``) and may change the availability of the members they sent on a
  case (back early, hurt on the scene);
- reviewers read.

Every write checks the role, validates, writes the rows, one audit entry per changed row
and a change-feed entry (entities ``team``, ``member``, ``shift``, ``rotation``,
``qualification``) in one transaction. Writes to rows with a version compare it
(``expected_version``) and raise ``ConflictError`` when someone else changed the row.

Members and cases (the rules the board and the roster keep in step):

- members sent with a dispatch become ``on_task`` on that case, in the dispatch's own
  transaction; the case's dispatch audit entry lists them, and each member gets an
  ``assign`` entry of their own;
- they return to ``available`` when the case is *resolved* (the work on the scene is
  done); closing releases anyone still assigned;
- a paused case keeps its members on task (it may resume any moment): release them by
  setting their availability if they are needed elsewhere;
- a reopened case (verification failed) goes back to ``dispatched`` with nobody on task,
  since its members were released at resolve: send members again with the reopen
  (``members=[...]``) or later with ``dispatch_members``, which adds members to a
  dispatched or in-progress case of the same team.

Rotation patterns (``rotations.pattern``) are JSON; the format is documented in
``db/rotation_pattern.py`` (cycle of days from an anchor date, crews of member ids, slots
with local start time, length in hours, crew and kind). Readiness alerts are described in
``console/roster_readiness.py``; availability and the qualification mappings in
``console/roster_domain.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from console.cases.lifecycle import Action
from console.cases.service import CaseService
from console.clock import Clock
from console.core.domain import (
    CaseDetail,
    Category,
    OperatorRef,
    Role,
    Severity,
    Stage,
    TeamKind,
    TeamRef,
)
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from console.core.journal import announce, record
from console.core.reconnect import retries_lost_connection
from console.operators.service import CASE_WRITERS, require_role
from console.rosters.domain import (
    CATEGORY_QUALIFICATIONS,
    SUGGESTED_CREW,
    Availability,
    GenerationReport,
    InputReport,
    MemberRow,
    Problem,
    QualificationRef,
    Readiness,
    ReadinessChange,
    RotationRef,
    ShiftKind,
    ShiftRow,
    TeamStatus,
)
from console.rosters.query import (
    MAX_SHIFT,
    chunks,
    member_rows,
    on_shift_ids,
    overlapping,
    rowcount,
    running_at,
    shift_rows,
    team_facts,
)
from console.rosters.readiness import ACTIVE_ALERT, DEFAULT_LEAD, ReadinessWatch, dedup_key
from console.territory.district import DistrictService
from db.database import Database
from db.demo.rotation_pattern import (
    DEFAULT_TIMEZONE,
    MAX_SHIFT_HOURS,
    PatternError,
    RotationPattern,
    expand,
    parse_pattern,
    pattern_json,
)
from db.models import Alert, AuditEntry, Case, Change, Team, table_of
from db.models.rosters import (
    CaseAssignment,
    Member,
    MemberQualification,
    Qualification,
    Rotation,
    Shift,
    ShiftMember,
)

# Roles that may edit rosters (teams, members, rotations, shifts, anyone's availability).
ROSTER_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
# Roles that may send members on cases (and bring back those they sent).
DISPATCHERS = CASE_WRITERS

MAX_GENERATE_DAYS = 400
NEXT_HORIZON = timedelta(days=8)  # how far ahead "next on duty" looks
NAME_MAX, ROLE_MAX, PHONE_MAX = 120, 64, 40
TEAM_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
QUAL_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,38}$")

MEMBERS, SHIFTS, TEAMS = table_of(Member), table_of(Shift), table_of(Team)
ASSIGNMENTS, SHIFT_MEMBERS = table_of(CaseAssignment), table_of(ShiftMember)


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # "leave this field as it is" in update calls where None is a value


@dataclass(frozen=True, slots=True)
class ShiftSpec:
    """One shift to add: for ``add_shift`` and the batch ``add_shifts`` (``line`` names the
    input row in problems)."""

    team: str | int
    starts_at: datetime
    ends_at: datetime
    kind: str = ShiftKind.DUTY.value
    crew: str = ""
    members: tuple[int, ...] = ()
    line: int = 0


def _availability(value: object) -> Availability:
    try:
        return Availability(str(value).strip().lower().replace(" ", "_"))
    except ValueError:
        raise ValidationError(
            f"Unknown availability {value!r}; use one of: available, on_task, off_duty, "
            f"leave.", "availability") from None


@retries_lost_connection
class RosterService:
    """Rosters of the emergency teams: every read and write of members, shifts and
    rotations, the readiness check a timer calls, and members sent on cases.

    ``committed`` callbacks run after every committed change (timers re-arm on them).
    """

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 cases: CaseService, system: Callable[[], OperatorRef],
                 timezone: str = DEFAULT_TIMEZONE,
                 readiness_lead: timedelta = DEFAULT_LEAD) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._cases = cases
        self._system = system
        self._timezone = timezone
        self._zone = ZoneInfo(timezone)
        self._watch = ReadinessWatch(system, timezone, readiness_lead)
        self.committed: list[Callable[[], None]] = []

    @property
    def timezone(self) -> str:
        """The center's time zone: rotations' local times and the week view's days."""
        return self._timezone

    @property
    def readiness_lead(self) -> timedelta:
        """How long before a shift starts its readiness is watched (default 2 hours)."""
        return self._watch.lead

    @readiness_lead.setter
    def readiness_lead(self, value: timedelta) -> None:
        if value < timedelta(0) or value > timedelta(days=2):
            raise ValidationError("The readiness lead time must be from 0 to 48 hours.")
        self._watch.lead = value

    def _notify(self) -> None:
        for callback in list(self.committed):
            callback()

    def _local(self, when: datetime) -> str:
        return when.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    def _span(self, starts: datetime, ends: datetime) -> str:
        fmt = "%H:%M" if (ends - starts) < timedelta(hours=24) else "%Y-%m-%d %H:%M"
        return f"{self._local(starts)}–{ends.astimezone(self._zone).strftime(fmt)}"

    # ---- reading -------------------------------------------------------------------

    def qualifications(self) -> list[QualificationRef]:
        with self._db.read() as s:
            return [QualificationRef(c, en, zh) for c, en, zh in s.execute(
                select(Qualification.code, Qualification.name_en, Qualification.name_zh)
                .order_by(Qualification.code))]

    def members(self, team_id: int | None = None, qualification: str | None = None,
                include_inactive: bool = False) -> list[MemberRow]:
        """Members (of one team, holding one qualification), team by team."""
        clauses: list[Any] = []
        if team_id is not None:
            clauses.append(Member.team_id == team_id)
        if not include_inactive:
            clauses.append(Member.active.is_(True))
        if qualification:
            clauses.append(Member.id.in_(select(MemberQualification.member_id).where(
                MemberQualification.qualification == qualification)))
        with self._db.read() as s:
            return member_rows(s, clauses, self._clock.now())

    def member(self, member_id: int) -> MemberRow:
        rows = self.members_by_ids([member_id])
        if not rows:
            raise NotFound(f"No member with id {member_id}.")
        return rows[0]

    def members_by_ids(self, ids: Iterable[int]) -> list[MemberRow]:
        """Rows of the members named (e.g. by the change feed)."""
        with self._db.read() as s:
            return member_rows(s, [], self._clock.now(), ids=list(ids))

    def members_on_case(self, case_id: int) -> list[MemberRow]:
        """Members on task on the case now."""
        with self._db.read() as s:
            ids = list(s.scalars(select(CaseAssignment.member_id).where(
                CaseAssignment.case_id == case_id, CaseAssignment.released_at.is_(None))))
            return member_rows(s, [], self._clock.now(), ids=ids) if ids else []

    def rotations(self, team_id: int | None = None) -> list[RotationRef]:
        with self._db.read() as s:
            stmt = select(Rotation.id, Rotation.team_id, Rotation.name, Rotation.pattern)
            if team_id is not None:
                stmt = stmt.where(Rotation.team_id == team_id)
            return [RotationRef(*r) for r in s.execute(stmt.order_by(Rotation.id))]

    def shift(self, shift_id: int) -> ShiftRow:
        with self._db.read() as s:
            rows = shift_rows(s, [Shift.id == shift_id])
        if not rows:
            raise NotFound(f"No shift with id {shift_id}.")
        return rows[0]

    def on_duty(self, at: datetime | None = None, team_id: int | None = None) -> list[ShiftRow]:
        """Shifts (duty and on call) running at ``at`` (default: now), with members."""
        at = at or self._clock.now()
        clauses = running_at(at)
        if team_id is not None:
            clauses.append(Shift.team_id == team_id)
        with self._db.read() as s:
            return shift_rows(s, clauses)

    def next_on_duty(self, at: datetime | None = None) -> list[ShiftRow]:
        """Per team, the first shift starting after ``at`` (within eight days)."""
        at = at or self._clock.now()
        with self._db.read() as s:
            return self._next_shifts(s, at)

    def _next_shifts(self, s: Session, at: datetime) -> list[ShiftRow]:
        first: dict[int, tuple[datetime, int]] = {}
        for sid, team_id, starts in s.execute(
                select(Shift.id, Shift.team_id, Shift.starts_at)
                .where(Shift.starts_at > at, Shift.starts_at <= at + NEXT_HORIZON)):
            if team_id not in first or (starts, sid) < first[team_id]:
                first[team_id] = (starts, sid)
        ids = [sid for _, sid in first.values()]
        return shift_rows(s, [Shift.id.in_(ids)]) if ids else []

    def shifts_between(self, start: datetime, end: datetime,
                       team_id: int | None = None) -> list[ShiftRow]:
        """Shifts overlapping ``[start, end)``, with members and readiness."""
        clauses = overlapping(start, end)
        if team_id is not None:
            clauses.append(Shift.team_id == team_id)
        with self._db.read() as s:
            return shift_rows(s, clauses)

    def readiness_between(self, start: datetime, end: datetime) -> list[ShiftRow]:
        """Readiness of every shift overlapping ``[start, end)`` (``ShiftRow.gap``)."""
        return self.shifts_between(start, end)

    def week(self, first_day: date, team_id: int | None = None) -> list[ShiftRow]:
        """Shifts overlapping seven local days from ``first_day`` (the center's zone)."""
        start = datetime.combine(first_day, time(0), tzinfo=self._zone)
        return self.shifts_between(start, start + timedelta(days=7), team_id)

    def local_date(self, at: datetime | None = None) -> date:
        """Today's date in the center's zone."""
        return (at or self._clock.now()).astimezone(self._zone).date()

    def team_statuses(self, at: datetime | None = None) -> list[TeamStatus]:
        """Every team at a glance: availability counts, on now, next, readiness."""
        at = at or self._clock.now()
        with self._db.read() as s:
            facts = team_facts(s)
            current = shift_rows(s, running_at(at), facts)
            upcoming = self._next_shifts(s, at)
            counts: dict[int, dict[Availability, int]] = {}
            for team_id, availability, n in s.execute(
                    select(Member.team_id, Member.availability, func.count())
                    .where(Member.active.is_(True))
                    .group_by(Member.team_id, Member.availability)):
                counts.setdefault(team_id, {})[Availability(availability)] = n
            leaders = dict(s.execute(select(Team.id, Member.name)
                                     .join(Member, Member.id == Team.leader_id)).all())
        teams = self._district.teams()
        known = {t.id for t in teams}
        if known != set(facts):
            self._district.invalidate()
            teams = self._district.teams()
        out: list[TeamStatus] = []
        for team in sorted(teams, key=lambda t: t.code):
            now_shifts = tuple(r for r in current if r.team_id == team.id)
            nxt = next((r for r in upcoming if r.team_id == team.id), None)
            minimum = facts[team.id].min_staffing if team.id in facts else team.min_staffing
            if minimum != team.min_staffing:
                team = TeamRef(team.id, team.code, team.name_en, team.name_zh, team.kind,
                               team.base_grid_id, minimum)
            duty = [r for r in now_shifts if r.kind is ShiftKind.DUTY] or list(now_shifts)
            shift = (min(duty, key=lambda r: r.ready - r.needed) if duty
                     else nxt if nxt is not None and nxt.starts_at <= at + timedelta(days=1)
                     else None)
            readiness = (Readiness.NO_SHIFT if shift is None
                         else Readiness.GAP if shift.gap else Readiness.READY)
            by_availability = counts.get(team.id, {})
            out.append(TeamStatus(team, leaders.get(team.id), sum(by_availability.values()),
                                  by_availability, now_shifts, nxt, readiness, shift))
        return out

    def next_boundary_after(self, at: datetime | None = None) -> datetime | None:
        """The next moment a shift starts or ends after ``at``: when now/next changes."""
        at = at or self._clock.now()
        with self._db.read() as s:
            start = s.scalar(select(func.min(Shift.starts_at)).where(Shift.starts_at > at))
            end = s.scalar(select(func.min(Shift.ends_at)).where(
                Shift.starts_at > at - MAX_SHIFT, Shift.ends_at > at))
        candidates = [t for t in (start, end) if t is not None]
        return min(candidates) if candidates else None

    # ---- readiness -------------------------------------------------------------------

    def check_readiness(self, now: datetime | None = None) -> list[ReadinessChange]:
        """Raise the readiness alert of every watched shift with a gap (once), resolve
        those whose gap closed. For a timer: call it at ``next_readiness_check_at()``
        and after a periodic safety interval."""
        now = now or self._clock.now()
        with self._db.write.begin() as s:
            changes = self._watch.evaluate(s, now)
        if changes:
            self._notify()
        return changes

    def next_readiness_check_at(self, now: datetime | None = None) -> datetime | None:
        """When the next shift not yet alerted enters its watch window (one indexed
        lookup); None when no shift is scheduled. Gaps that open inside a window (a
        member goes on leave) are caught by the write that opens them."""
        now = now or self._clock.now()
        lead = self._watch.lead
        with self._db.read() as s:
            starts = s.scalar(select(func.min(Shift.starts_at)).where(
                Shift.starts_at > now + lead, Shift.readiness_alerted_at.is_(None)))
        return None if starts is None else starts - lead

    # ---- qualifications and teams ----------------------------------------------------

    def add_qualification(self, actor: OperatorRef, code: str, name_en: str,
                          name_zh: str = "") -> QualificationRef:
        require_role(actor, ROSTER_EDITORS, "edit rosters")
        code = code.strip().lower()
        if not QUAL_CODE.match(code):
            raise ValidationError(f"Qualification code {code!r} must be 2-32 lower-case "
                                  f"letters, digits or '_', starting with a letter.", "code")
        name_en = self._text(name_en, "English name", NAME_MAX, required=True)
        name_zh = self._text(name_zh, "Chinese name", NAME_MAX, required=False) or name_en
        now = self._clock.now()
        with self._db.write.begin() as s:
            if s.get(Qualification, code) is not None:
                raise ValidationError(f"Qualification {code!r} already exists.", "code")
            s.add(Qualification(code=code, name_en=name_en, name_zh=name_zh))
            s.flush()
            record(s, actor=actor, at=now, entity="qualification", entity_id=0,
                   action="create", detail={"code": code, "name": name_en}, op="insert")
        self._notify()
        return QualificationRef(code, name_en, name_zh)

    def add_team(self, actor: OperatorRef, *, code: str, name_en: str, name_zh: str = "",
                 kind: str | TeamKind = TeamKind.OTHER, base_grid: str | None = None,
                 min_staffing: int = 1) -> TeamRef:
        """A new team (a coordinator adds one for an incident, a volunteer group…)."""
        require_role(actor, ROSTER_EDITORS, "add teams")
        code = code.strip().upper()
        if not TEAM_CODE.match(code):
            raise ValidationError(f"Team code {code!r} must be 2-32 capital letters, digits, "
                                  f"'-' or '_'.", "code")
        name_en = self._text(name_en, "team name", NAME_MAX, required=True)
        name_zh = self._text(name_zh, "Chinese team name", NAME_MAX, required=False) or name_en
        try:
            team_kind = TeamKind(kind)
        except ValueError:
            raise ValidationError(f"Unknown team kind {kind!r}; use one of: "
                                  f"{', '.join(k.value for k in TeamKind)}.", "kind") from None
        grid_id = self._district.grid_by_code(base_grid).id if base_grid else None
        minimum = self._min_staffing(min_staffing)
        now = self._clock.now()
        with self._db.write.begin() as s:
            if s.scalar(select(Team.id).where(func.upper(Team.code) == code)) is not None:
                raise ValidationError(f"Team {code} already exists.", "code")
            team_id = s.execute(insert(TEAMS).values(
                code=code, name_en=name_en, name_zh=name_zh, kind=team_kind.value,
                base_grid_id=grid_id, min_staffing=minimum, leader_id=None, version=1)
                .returning(TEAMS.c.id)).scalar_one()
            record(s, actor=actor, at=now, entity="team", entity_id=team_id, action="create",
                   detail={"code": code, "kind": team_kind.value, "min_staffing": minimum},
                   op="insert")
            # Every console's cached reference data (the board's team filter) reloads.
            announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        self._notify()
        return self._district.team(team_id)

    def update_team(self, actor: OperatorRef, team_id: int, *,
                    expected_version: int | None = None, name_en: str | None = None,
                    name_zh: str | None = None, min_staffing: int | None = None,
                    leader_id: int | _Keep | None = KEEP,
                    base_grid: str | _Keep | None = KEEP) -> TeamRef:
        """Change a team's names, minimum staffing, leader or base grid. A new minimum
        re-checks the readiness of its watched shifts at once."""
        require_role(actor, ROSTER_EDITORS, "edit teams")
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.execute(select(Team.code, Team.name_en, Team.name_zh, Team.min_staffing,
                                   Team.leader_id, Team.base_grid_id, Team.version)
                            .where(Team.id == team_id)).one_or_none()
            if row is None:
                raise NotFound(f"No team with id {team_id}.")
            code, old_en, old_zh, old_min, old_leader, old_grid, version = row
            self._expect(expected_version, version, f"Team {code}")
            values: dict[str, Any] = {}
            detail: dict[str, Any] = {}

            def change(key: str, old: Any, new: Any, shown_old: Any = None,
                       shown_new: Any = None) -> None:
                if new != old:
                    values[key] = new
                    detail[key] = [old if shown_old is None else shown_old,
                                   new if shown_new is None else shown_new]

            if name_en is not None:
                change("name_en", old_en, self._text(name_en, "team name", NAME_MAX, True))
            if name_zh is not None:
                change("name_zh", old_zh, self._text(name_zh, "Chinese team name", NAME_MAX,
                                                     True))
            if min_staffing is not None:
                change("min_staffing", old_min, self._min_staffing(min_staffing))
            if leader_id is not KEEP:
                if leader_id is not None:
                    leader = s.execute(select(Member.name, Member.team_id, Member.active)
                                       .where(Member.id == leader_id)).one_or_none()
                    if leader is None or leader[1] != team_id or not leader[2]:
                        raise ValidationError(
                            f"The leader of {code} must be an active member of {code}.",
                            "leader")
                change("leader_id", old_leader, leader_id)
            if base_grid is not KEEP:
                grid = self._district.grid_by_code(base_grid) if base_grid else None
                change("base_grid_id", old_grid, grid.id if grid else None)
            if values:
                self._cas(s, TEAMS, team_id, version, values, f"Team {code}")
                record(s, actor=actor, at=now, entity="team", entity_id=team_id,
                       action="update", detail=detail)
                announce(s, at=now, entity="district", entity_id=0, op="reload")
                if "min_staffing" in values:
                    shift_ids = set(s.scalars(select(Shift.id).where(
                        Shift.team_id == team_id, *self._watch.watched(now))))
                    self._watch.evaluate(s, now, shift_ids)
        self._district.invalidate()
        self._notify()
        return self._district.team(team_id)

    # ---- members ---------------------------------------------------------------------

    def add_member(self, actor: OperatorRef, *, team: str | int, name: str, role: str = "",
                   phone: str = "", qualifications: Iterable[str] = (),
                   availability: str | Availability = Availability.AVAILABLE) -> MemberRow:
        require_role(actor, ROSTER_EDITORS, "add members")
        team_ref = self._team(team)
        name = self._text(name, "name", NAME_MAX, required=True)
        role = self._text(role, "role", ROLE_MAX, required=False)
        phone = self._phone(phone)
        state = _availability(availability)
        if state is Availability.ON_TASK:
            raise ValidationError("A member is put on task by dispatching a case, not when "
                                  "added.", "availability")
        now = self._clock.now()
        with self._db.write.begin() as s:
            codes = self._qualification_codes(s, qualifications)
            member_id = s.execute(insert(MEMBERS).values(
                team_id=team_ref.id, name=name, role=role, phone=phone,
                availability=state.value, availability_since=now, current_case_id=None,
                active=True, version=1).returning(MEMBERS.c.id)).scalar_one()
            if codes:
                s.execute(insert(MemberQualification),
                          [{"member_id": member_id, "qualification": c} for c in codes])
            record(s, actor=actor, at=now, entity="member", entity_id=member_id,
                   action="create", op="insert",
                   detail={"team": team_ref.code, "name": name, "role": role,
                           "qualifications": ";".join(codes), "availability": state.value})
        self._notify()
        return self.member(member_id)

    def update_member(self, actor: OperatorRef, member_id: int, *,
                      expected_version: int | None = None, name: str | None = None,
                      role: str | None = None, phone: str | None = None,
                      qualifications: Iterable[str] | None = None,
                      team: str | int | None = None, active: bool | None = None) -> MemberRow:
        """Edit a member's details. Qualifications given replace the old ones."""
        require_role(actor, ROSTER_EDITORS, "edit members")
        now = self._clock.now()
        with self._db.write.begin() as s:
            self._update_member(s, actor, now, member_id, expected_version, name=name,
                                role=role, phone=phone, qualifications=qualifications,
                                team=team, active=active)
        self._notify()
        return self.member(member_id)

    def _update_member(self, s: Session, actor: OperatorRef, now: datetime, member_id: int,
                       expected_version: int | None, *, name: str | None, role: str | None,
                       phone: str | None, qualifications: Iterable[str] | None,
                       team: str | int | None, active: bool | None,
                       availability: Availability | None = None) -> bool:
        """The edit itself, in the caller's transaction; False when nothing changed."""
        row = s.execute(select(Member.name, Member.role, Member.phone, Member.team_id,
                               Member.active, Member.availability, Member.version)
                        .where(Member.id == member_id)).one_or_none()
        if row is None:
            raise NotFound(f"No member with id {member_id}.")
        old_name, old_role, old_phone, old_team, old_active, old_state, version = row
        self._expect(expected_version, version, f"Member {old_name}")
        values: dict[str, Any] = {}
        detail: dict[str, Any] = {}
        if name is not None and (new := self._text(name, "name", NAME_MAX, True)) != old_name:
            values["name"], detail["name"] = new, [old_name, new]
        if role is not None and (new := self._text(role, "role", ROLE_MAX, False)) != old_role:
            values["role"], detail["role"] = new, [old_role, new]
        if phone is not None and (new := self._phone(phone)) != old_phone:
            values["phone"], detail["phone"] = new, [old_phone, new]
        if team is not None:
            team_ref = self._team(team)
            if team_ref.id != old_team:
                values["team_id"] = team_ref.id
                detail["team"] = [self._district.team(old_team).code, team_ref.code]
        if active is not None and active != bool(old_active):
            values["active"], detail["active"] = active, [bool(old_active), active]
        if availability is not None and availability.value != old_state:
            if availability is Availability.ON_TASK or old_state == Availability.ON_TASK.value:
                raise ValidationError(
                    f"{old_name} is {old_state.replace('_', ' ')}: availability to and from "
                    f"on task follows the cases they are sent on.", "availability")
            values["availability"], values["availability_since"] = availability.value, now
            detail["availability"] = [old_state, availability.value]
        if qualifications is not None:
            codes = self._qualification_codes(s, qualifications)
            old_codes = sorted(s.scalars(select(MemberQualification.qualification).where(
                MemberQualification.member_id == member_id)))
            if codes != old_codes:
                s.execute(delete(MemberQualification).where(
                    MemberQualification.member_id == member_id))
                if codes:
                    s.execute(insert(MemberQualification),
                              [{"member_id": member_id, "qualification": c} for c in codes])
                detail["qualifications"] = [";".join(old_codes), ";".join(codes)]
        if not detail:
            return False
        self._cas(s, MEMBERS, member_id, version, values, f"Member {old_name}")
        record(s, actor=actor, at=now, entity="member", entity_id=member_id, action="update",
               detail=detail)
        if {"availability", "qualifications", "active"} & detail.keys():
            self._watch.evaluate(s, now, self._watch.shifts_of_members(s, [member_id], now))
        return True

    def set_availability(self, actor: OperatorRef, member_id: int,
                         availability: str | Availability, *,
                         expected_version: int | None = None, note: str = "") -> MemberRow:
        """Change a member's availability. Taking a member off a task releases them from
        the case. Shifts watched for readiness are re-checked at once: the alert of a gap
        this opens is raised now, that of a gap this closes resolved now."""
        state = _availability(availability)
        note = self._text(note, "note", 500, required=False)
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.execute(select(Member.name, Member.availability, Member.current_case_id,
                                   Member.version, Member.active)
                            .where(Member.id == member_id)).one_or_none()
            if row is None:
                raise NotFound(f"No member with id {member_id}.")
            name, old, case_id, version, active = row
            self._may_set_availability(s, actor, member_id, name, old)
            self._expect(expected_version, version, f"Member {name}")
            if state is Availability.ON_TASK:
                raise ValidationError(f"{name} goes on task by being sent on a case: use "
                                      f"dispatch.", "availability")
            if not active:
                raise ValidationError(f"{name} no longer serves on a team.", "availability")
            if state.value != old:
                detail: dict[str, Any] = {"availability": [old, state.value]}
                if note:
                    detail["note"] = note
                if old == Availability.ON_TASK.value:
                    ref = self._release_member(s, member_id, now)
                    if ref:
                        detail["case"] = ref
                self._cas(s, MEMBERS, member_id, version,
                          {"availability": state.value, "availability_since": now,
                           "current_case_id": None}, f"Member {name}")
                record(s, actor=actor, at=now, entity="member", entity_id=member_id,
                       action="availability", detail=detail)
                if case_id is not None and old == Availability.ON_TASK.value:
                    announce(s, at=now, entity="case", entity_id=case_id, op="update")
                self._watch.evaluate(s, now, self._watch.shifts_of_members(s, [member_id], now))
        self._notify()
        return self.member(member_id)

    def _may_set_availability(self, s: Session, actor: OperatorRef, member_id: int,
                              name: str, current: str) -> None:
        if actor.role in ROSTER_EDITORS:
            return
        if actor.role is Role.DUTY_OFFICER:
            if current == Availability.ON_TASK.value:
                sender = s.scalar(select(AuditEntry.operator_id).where(
                    AuditEntry.entity == "member", AuditEntry.entity_id == member_id,
                    AuditEntry.action == "assign").order_by(AuditEntry.id.desc()).limit(1))
                if sender == actor.id:
                    return
            raise PermissionDenied(
                f"{actor.display_name} (duty officer) may change the availability only of "
                f"members they sent on a case; ask a coordinator to change {name}'s.")
        require_role(actor, ROSTER_EDITORS, "change members' availability")

    def import_members(self, actor: OperatorRef, rows: Sequence[Mapping[str, str]],
                       source: str = "roster") -> InputReport:
        """Add or update members from plain rows (``team``, ``name``, ``role``,
        ``qualifications`` ;-separated, ``phone``, ``availability``; ``line`` names the
        input line). A member is matched by team and name. Bad rows are reported by line
        and reason; the good ones are written, all in one transaction."""
        require_role(actor, ROSTER_EDITORS, "import rosters")
        report = InputReport(source)
        now = self._clock.now()
        seen: dict[tuple[int, str], int] = {}
        with self._db.write.begin() as s:
            known = self._qualification_lookup(s)
            existing: dict[tuple[int, str], list[int]] = {}
            for mid, team_id, name in s.execute(select(Member.id, Member.team_id, Member.name)
                                                .where(Member.active.is_(True))):
                existing.setdefault((team_id, name), []).append(mid)
            for n, raw in enumerate(rows, 1):
                line = int(raw.get("line") or n)
                try:
                    with s.begin_nested():
                        outcome = self._import_row(s, actor, now, raw, known, existing, seen,
                                                   line)
                except (ValidationError, ConflictError, NotFound) as exc:
                    report.problems.append(Problem(line, str(exc)))
                    continue
                if outcome == "added":
                    report.added += 1
                elif outcome == "updated":
                    report.updated += 1
                else:
                    report.unchanged += 1
        if report.added or report.updated:
            self._notify()
        return report

    def _import_row(self, s: Session, actor: OperatorRef, now: datetime,
                    raw: Mapping[str, str], known: Mapping[str, str],
                    existing: dict[tuple[int, str], list[int]],
                    seen: dict[tuple[int, str], int], line: int) -> str:
        team_text = str(raw.get("team") or "").strip()
        if not team_text:
            raise ValidationError("The team is empty.", "team")
        team_ref = self._team(team_text)
        name = self._text(str(raw.get("name") or ""), "name", NAME_MAX, required=True)
        role = self._text(str(raw.get("role") or ""), "role", ROLE_MAX, required=False)
        phone = self._phone(str(raw.get("phone") or ""))
        codes = self._codes_from_text(str(raw.get("qualifications") or ""), known)
        state_text = str(raw.get("availability") or "").strip()
        state = _availability(state_text) if state_text else None
        key = (team_ref.id, name)
        if key in seen:
            raise ValidationError(f"{name} of {team_ref.code} appears again (first on line "
                                  f"{seen[key]}); one line per member.", "name")
        seen[key] = line
        matches = existing.get(key, [])
        if len(matches) > 1:
            raise ValidationError(f"{team_ref.code} has {len(matches)} members named {name}; "
                                  f"edit them one by one in the roster.", "name")
        if not matches:
            if state is Availability.ON_TASK:
                raise ValidationError(f"{name} cannot be imported as on task: members go on "
                                      f"task by dispatch; use available, off_duty or leave.",
                                      "availability")
            member_id = s.execute(insert(MEMBERS).values(
                team_id=team_ref.id, name=name, role=role, phone=phone,
                availability=(state or Availability.AVAILABLE).value,
                availability_since=now, current_case_id=None, active=True, version=1)
                .returning(MEMBERS.c.id)).scalar_one()
            if codes:
                s.execute(insert(MemberQualification),
                          [{"member_id": member_id, "qualification": c} for c in codes])
            record(s, actor=actor, at=now, entity="member", entity_id=member_id,
                   action="import", op="insert",
                   detail={"team": team_ref.code, "name": name, "role": role,
                           "qualifications": ";".join(codes),
                           "availability": (state or Availability.AVAILABLE).value,
                           "line": line})
            existing[key] = [member_id]
            return "added"
        member_id = matches[0]
        current = s.scalar(select(Member.availability).where(Member.id == member_id))
        target = state if state is not None and state.value != current else None
        changed = self._update_member(s, actor, now, member_id, None, name=None, role=role,
                                      phone=phone, qualifications=codes, team=None,
                                      active=None, availability=target)
        return "updated" if changed else "unchanged"

    # ---- rotations and shifts --------------------------------------------------------

    def add_rotation(self, actor: OperatorRef, *, team: str | int, name: str,
                     pattern: str | Mapping[str, Any] | RotationPattern) -> RotationRef:
        """Store a rotation pattern for a team (see ``db/rotation_pattern.py``)."""
        require_role(actor, ROSTER_EDITORS, "edit rotations")
        team_ref = self._team(team)
        name = self._text(name, "rotation name", NAME_MAX, required=True)
        parsed = self._pattern(pattern)
        text = pattern_json(parsed)
        now = self._clock.now()
        with self._db.write.begin() as s:
            ids = parsed.member_ids()
            found = dict(s.execute(select(Member.id, Member.active)
                                   .where(Member.id.in_(sorted(ids)))).all()) if ids else {}
            missing = sorted(ids - set(found))
            if missing:
                raise ValidationError(f"The pattern names members that do not exist: ids "
                                      f"{', '.join(map(str, missing))}.", "pattern")
            rotation = Rotation(team_id=team_ref.id, name=name, pattern=text, created_at=now)
            s.add(rotation)
            s.flush()
            record(s, actor=actor, at=now, entity="rotation", entity_id=rotation.id,
                   action="create", op="insert",
                   detail={"team": team_ref.code, "name": name, "pattern": text})
            ref = RotationRef(rotation.id, team_ref.id, name, text)
        self._notify()
        return ref

    def generate_shifts(self, actor: OperatorRef, rotation_id: int, first_day: date,
                        last_day: date) -> GenerationReport:
        """Create the rotation's shifts starting on local dates ``first_day … last_day``.

        Shifts generated before (same rotation, start and crew) are skipped, so a range
        can be generated again or extended safely. A member who is inactive, or already on
        an overlapping shift of another team, is left out of that shift and named in the
        report; the shift itself is still created.
        """
        require_role(actor, ROSTER_EDITORS, "generate shifts")
        if last_day < first_day:
            raise ValidationError(f"The range ends ({last_day}) before it starts "
                                  f"({first_day}).", "range")
        if (last_day - first_day).days >= MAX_GENERATE_DAYS:
            raise ValidationError(f"Generate at most {MAX_GENERATE_DAYS} days at a time.",
                                  "range")
        now = self._clock.now()
        with self._db.write.begin() as s:
            rotation = s.get(Rotation, rotation_id)
            if rotation is None:
                raise NotFound(f"No rotation with id {rotation_id}.")
            pattern = self._pattern(rotation.pattern)
            planned = expand(pattern, first_day, last_day)
            team = self._district.team(rotation.team_id)
            if not planned:
                return GenerationReport(rotation_id, 0, 0, ())
            lo, hi = planned[0].starts_at, max(p.ends_at for p in planned)
            done = set(s.execute(select(Shift.starts_at, Shift.crew).where(
                Shift.rotation_id == rotation_id, Shift.starts_at >= lo,
                Shift.starts_at <= planned[-1].starts_at)).all())
            todo = [p for p in planned if (p.starts_at, p.crew) not in done]
            ids = pattern.member_ids()
            people = {mid: (name, active) for mid, name, active in s.execute(
                select(Member.id, Member.name, Member.active)
                .where(Member.id.in_(sorted(ids))))} if ids else {}
            busy = self._busy_elsewhere(s, ids, rotation.team_id, lo, hi)
            left_out: list[str] = []
            rows: list[dict[str, Any]] = []
            crews: list[list[int]] = []
            for p in todo:
                crew: list[int] = []
                for mid in p.member_ids:
                    who = people.get(mid)
                    label = f"{team.code} {p.crew} {self._local(p.starts_at)}"
                    if who is None or not who[1]:
                        left_out.append(f"member #{mid} left out of {label}: "
                                        f"{'no such member' if who is None else 'inactive'}")
                        continue
                    clash = next((b for b in busy.get(mid, ())
                                  if b[0] < p.ends_at and b[1] > p.starts_at), None)
                    if clash is not None:
                        left_out.append(f"{who[0]} left out of {label}: already on "
                                        f"{clash[2]} {self._span(clash[0], clash[1])}")
                        continue
                    crew.append(mid)
                rows.append({"team_id": rotation.team_id, "rotation_id": rotation_id,
                             "kind": p.kind, "crew": p.crew, "starts_at": p.starts_at,
                             "ends_at": p.ends_at, "readiness_alerted_at": None, "version": 1})
                crews.append(crew)
            created = self._insert_shift_rows(s, rows, crews, now)
            record(s, actor=actor, at=now, entity="rotation", entity_id=rotation_id,
                   action="generate",
                   detail={"from": first_day.isoformat(), "to": last_day.isoformat(),
                           "created": len(created), "skipped": len(planned) - len(todo),
                           "left_out": len(left_out)})
            self._watch.evaluate(s, now, created)
        self._notify()
        return GenerationReport(rotation_id, len(created), len(planned) - len(todo),
                                tuple(left_out))

    def _insert_shift_rows(self, s: Session, rows: list[dict[str, Any]],
                           crews: list[list[int]], now: datetime,
                           announce_rows: bool = True) -> list[int]:
        if not rows:
            return []
        ids = list(s.execute(insert(SHIFTS).returning(SHIFTS.c.id, sort_by_parameter_order=True),
                             rows).scalars())
        links = [{"shift_id": sid, "member_id": mid}
                 for sid, crew in zip(ids, crews, strict=True) for mid in crew]
        for start in range(0, len(links), 5000):
            s.execute(insert(SHIFT_MEMBERS), links[start:start + 5000])
        if announce_rows:
            s.execute(insert(table_of(Change)), [
                {"at": now, "entity": "shift", "entity_id": sid, "op": "insert"}
                for sid in ids])
        return ids

    def _busy_elsewhere(self, s: Session, member_ids: Iterable[int], team_id: int,
                        start: datetime, end: datetime,
                        exclude_shift: int | None = None
                        ) -> dict[int, list[tuple[datetime, datetime, str]]]:
        """Shifts of *other* teams the members are on, overlapping ``[start, end)``."""
        out: dict[int, list[tuple[datetime, datetime, str]]] = {}
        for chunk in chunks(member_ids):
            stmt = (select(ShiftMember.member_id, Shift.starts_at, Shift.ends_at, Team.code,
                           Shift.crew)
                    .join(Shift, Shift.id == ShiftMember.shift_id)
                    .join(Team, Team.id == Shift.team_id)
                    .where(ShiftMember.member_id.in_(chunk), Shift.team_id != team_id,
                           *overlapping(start, end)))
            if exclude_shift is not None:
                stmt = stmt.where(Shift.id != exclude_shift)
            for mid, starts, ends, code, crew in s.execute(stmt):
                label = f"{code} crew {crew}" if crew else code
                out.setdefault(mid, []).append((starts, ends, label))
        return out

    def add_shift(self, actor: OperatorRef, spec: ShiftSpec) -> ShiftRow:
        """One shift by hand (a cover shift, an extra on-call night)."""
        require_role(actor, ROSTER_EDITORS, "add shifts")
        now = self._clock.now()
        with self._db.write.begin() as s:
            shift_id = self._add_shift(s, actor, now, spec)
        self._notify()
        return self.shift(shift_id)

    def add_shifts(self, actor: OperatorRef, specs: Sequence[ShiftSpec],
                   source: str = "shifts") -> InputReport:
        """Several shifts at once: a bad one is reported by its line and reason, the good
        ones are kept."""
        require_role(actor, ROSTER_EDITORS, "add shifts")
        report = InputReport(source)
        now = self._clock.now()
        with self._db.write.begin() as s:
            for n, spec in enumerate(specs, 1):
                try:
                    with s.begin_nested():
                        self._add_shift(s, actor, now, spec)
                    report.added += 1
                except (ValidationError, NotFound) as exc:
                    report.problems.append(Problem(spec.line or n, str(exc)))
        if report.added:
            self._notify()
        return report

    def _add_shift(self, s: Session, actor: OperatorRef, now: datetime, spec: ShiftSpec) -> int:
        team = self._team(spec.team)
        kind, crew = self._check_shift(s, team, spec.starts_at, spec.ends_at, spec.kind,
                                       spec.crew, spec.members, None)
        members = list(dict.fromkeys(spec.members))
        [shift_id] = self._insert_shift_rows(s, [{
            "team_id": team.id, "rotation_id": None, "kind": kind.value, "crew": crew,
            "starts_at": spec.starts_at, "ends_at": spec.ends_at,
            "readiness_alerted_at": None, "version": 1}], [members], now, announce_rows=False)
        record(s, actor=actor, at=now, entity="shift", entity_id=shift_id, action="create",
               op="insert",
               detail={"team": team.code, "kind": kind.value, "crew": crew,
                       "starts_at": spec.starts_at, "ends_at": spec.ends_at,
                       "members": self._names(s, members)})
        self._watch.evaluate(s, now, [shift_id])
        return shift_id

    def _check_shift(self, s: Session, team: TeamRef, starts: datetime, ends: datetime,
                     kind: str, crew: str, members: Sequence[int],
                     exclude: int | None) -> tuple[ShiftKind, str]:
        """Validate a shift's fields; the messages name what is wrong and with whom."""
        if starts.tzinfo is None or ends.tzinfo is None:
            raise ValidationError("Shift times need a time zone.", "starts_at")
        if ends <= starts:
            raise ValidationError(
                f"The {team.code} shift ends ({self._local(ends)}) "
                f"{'when' if ends == starts else 'before'} it starts ({self._local(starts)}).",
                "ends_at")
        if ends - starts > MAX_SHIFT:
            hours = (ends - starts).total_seconds() / 3600
            raise ValidationError(f"The {team.code} shift is {hours:.0f} hours long; a shift "
                                  f"lasts at most {MAX_SHIFT_HOURS} hours.", "ends_at")
        try:
            shift_kind = ShiftKind(str(kind).strip().lower().replace(" ", "_"))
        except ValueError:
            raise ValidationError(f"Unknown shift kind {kind!r}; use duty or on_call.",
                                  "kind") from None
        crew = self._text(crew, "crew", 32, required=False)
        ids = list(dict.fromkeys(members))
        if ids:
            people = {mid: (name, active) for mid, name, active in s.execute(
                select(Member.id, Member.name, Member.active)
                .where(Member.id.in_(ids)))}
            missing = [str(m) for m in ids if m not in people]
            if missing:
                raise ValidationError(f"No member with id {', '.join(missing)}.", "members")
            gone = [people[m][0] for m in ids if not people[m][1]]
            if gone:
                raise ValidationError(f"{', '.join(gone)} no longer serve on a team.",
                                      "members")
            busy = self._busy_elsewhere(s, ids, team.id, starts, ends, exclude)
            clashes = [f"{people[m][0]} is already on {b[2]} {self._span(b[0], b[1])}"
                       for m in ids for b in busy.get(m, ())]
            if clashes:
                raise ValidationError(
                    f"The {team.code} shift {self._span(starts, ends)} overlaps another "
                    f"team's: {'; '.join(clashes)}.", "members")
        return shift_kind, crew

    def edit_shift(self, actor: OperatorRef, shift_id: int, *,
                   expected_version: int | None = None, starts_at: datetime | None = None,
                   ends_at: datetime | None = None, kind: str | None = None,
                   crew: str | None = None, members: Sequence[int] | None = None) -> ShiftRow:
        """Change one shift: its times, kind, crew label or members (given members replace
        the old ones)."""
        require_role(actor, ROSTER_EDITORS, "edit shifts")
        now = self._clock.now()
        with self._db.write.begin() as s:
            self._edit_shift(s, actor, now, shift_id, expected_version, starts_at, ends_at,
                             kind, crew, members, "update")
        self._notify()
        return self.shift(shift_id)

    def _edit_shift(self, s: Session, actor: OperatorRef, now: datetime, shift_id: int,
                    expected_version: int | None, starts_at: datetime | None,
                    ends_at: datetime | None, kind: str | None, crew: str | None,
                    members: Sequence[int] | None, action: str) -> None:
        row = s.execute(select(Shift.team_id, Shift.starts_at, Shift.ends_at, Shift.kind,
                               Shift.crew, Shift.version)
                        .where(Shift.id == shift_id)).one_or_none()
        if row is None:
            raise NotFound(f"No shift with id {shift_id}.")
        team_id, old_start, old_end, old_kind, old_crew, version = row
        team = self._district.team(team_id)
        what = f"The {team.code} shift {self._span(old_start, old_end)}"
        self._expect(expected_version, version, what)
        old_members = list(s.scalars(select(ShiftMember.member_id).where(
            ShiftMember.shift_id == shift_id).order_by(ShiftMember.member_id)))
        new_members = list(dict.fromkeys(members)) if members is not None else old_members
        starts, ends = starts_at or old_start, ends_at or old_end
        shift_kind, new_crew = self._check_shift(
            s, team, starts, ends, kind or old_kind, old_crew if crew is None else crew,
            new_members, shift_id)
        values: dict[str, Any] = {}
        detail: dict[str, Any] = {}
        for key, old, new in (("starts_at", old_start, starts), ("ends_at", old_end, ends),
                              ("kind", old_kind, shift_kind.value), ("crew", old_crew, new_crew)):
            if old != new:
                values[key], detail[key] = new, [old, new]
        added = [m for m in new_members if m not in old_members]
        removed = [m for m in old_members if m not in new_members]
        if added:
            detail["added"] = self._names(s, added)
        if removed:
            detail["removed"] = self._names(s, removed)
        if not detail:
            return
        self._cas(s, SHIFTS, shift_id, version, values, what)
        if removed:
            s.execute(delete(ShiftMember).where(ShiftMember.shift_id == shift_id,
                                                ShiftMember.member_id.in_(removed)))
        if added:
            s.execute(insert(SHIFT_MEMBERS),
                      [{"shift_id": shift_id, "member_id": m} for m in added])
        record(s, actor=actor, at=now, entity="shift", entity_id=shift_id, action=action,
               detail=detail)
        self._watch.evaluate(s, now, [shift_id])
        if shift_id not in self._watch_ids(s, now, [shift_id]):
            # Moved out of the watch window: its open alert, if any, no longer applies.
            self._resolve_alert_of(s, shift_id, now, "The shift was moved.")

    def replace_member(self, actor: OperatorRef, shift_id: int, out_member_id: int,
                       in_member_id: int, expected_version: int | None = None) -> ShiftRow:
        """Cover: ``in_member_id`` takes ``out_member_id``'s place on the shift."""
        require_role(actor, ROSTER_EDITORS, "edit shifts")
        now = self._clock.now()
        with self._db.write.begin() as s:
            current = list(s.scalars(select(ShiftMember.member_id).where(
                ShiftMember.shift_id == shift_id).order_by(ShiftMember.member_id)))
            if out_member_id not in current:
                raise ValidationError(f"{self._name(s, out_member_id)} is not on this shift.",
                                      "members")
            if in_member_id in current:
                raise ValidationError(f"{self._name(s, in_member_id)} is already on this "
                                      f"shift.", "members")
            members = [in_member_id if m == out_member_id else m for m in current]
            self._edit_shift(s, actor, now, shift_id, expected_version, None, None, None,
                             None, members, "replace")
        self._notify()
        return self.shift(shift_id)

    def swap_members(self, actor: OperatorRef, first_shift_id: int, first_member_id: int,
                     second_shift_id: int, second_member_id: int) -> tuple[ShiftRow, ShiftRow]:
        """Two members trade shifts: the first takes the second's place and back."""
        require_role(actor, ROSTER_EDITORS, "edit shifts")
        if first_shift_id == second_shift_id:
            raise ValidationError("Swapping needs two different shifts.", "shift")
        now = self._clock.now()
        with self._db.write.begin() as s:
            crews = {}
            for sid in (first_shift_id, second_shift_id):
                if s.scalar(select(Shift.id).where(Shift.id == sid)) is None:
                    raise NotFound(f"No shift with id {sid}.")
                crews[sid] = list(s.scalars(select(ShiftMember.member_id).where(
                    ShiftMember.shift_id == sid).order_by(ShiftMember.member_id)))
            for sid, mid, other in ((first_shift_id, first_member_id, second_shift_id),
                                    (second_shift_id, second_member_id, first_shift_id)):
                if mid not in crews[sid]:
                    raise ValidationError(f"{self._name(s, mid)} is not on shift {sid}.",
                                          "members")
                if mid in crews[other]:
                    raise ValidationError(f"{self._name(s, mid)} is already on shift "
                                          f"{other}.", "members")
            first = [second_member_id if m == first_member_id else m
                     for m in crews[first_shift_id]]
            second = [first_member_id if m == second_member_id else m
                      for m in crews[second_shift_id]]
            # Take the first member off their shift before placing them on the second, so
            # the two shifts are never checked against each other's old crews.
            self._edit_shift(s, actor, now, first_shift_id, None, None, None, None, None,
                             [m for m in first if m != second_member_id], "swap")
            self._edit_shift(s, actor, now, second_shift_id, None, None, None, None, None,
                             second, "swap")
            self._edit_shift(s, actor, now, first_shift_id, None, None, None, None, None,
                             first, "swap")
        self._notify()
        return self.shift(first_shift_id), self.shift(second_shift_id)

    def delete_shift(self, actor: OperatorRef, shift_id: int,
                     expected_version: int | None = None) -> None:
        require_role(actor, ROSTER_EDITORS, "delete shifts")
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.execute(select(Shift.team_id, Shift.starts_at, Shift.ends_at, Shift.crew,
                                   Shift.version).where(Shift.id == shift_id)).one_or_none()
            if row is None:
                raise NotFound(f"No shift with id {shift_id}.")
            team_id, starts, ends, crew, version = row
            what = f"The {self._district.team(team_id).code} shift {self._span(starts, ends)}"
            self._expect(expected_version, version, what)
            self._resolve_alert_of(s, shift_id, now, "The shift was deleted.")
            s.execute(delete(ShiftMember).where(ShiftMember.shift_id == shift_id))
            s.execute(delete(Shift).where(Shift.id == shift_id, Shift.version == version))
            record(s, actor=actor, at=now, entity="shift", entity_id=shift_id,
                   action="delete", op="delete",
                   detail={"team": self._district.team(team_id).code, "crew": crew,
                           "starts_at": starts, "ends_at": ends})
        self._notify()

    def _watch_ids(self, s: Session, now: datetime, ids: Sequence[int]) -> set[int]:
        return set(s.scalars(select(Shift.id).where(Shift.id.in_(list(ids)),
                                                    *self._watch.watched(now))))

    def _resolve_alert_of(self, s: Session, shift_id: int, now: datetime, why: str) -> None:
        alerts = table_of(Alert)
        row = s.execute(select(Alert.id, Alert.status).where(
            Alert.dedup_key == dedup_key(shift_id))).one_or_none()
        if row is None or row[1] not in ACTIVE_ALERT:
            return
        actor = self._system()
        s.execute(update(alerts).where(alerts.c.id == row[0]).values(
            status="resolved", resolved_at=now, resolved_by_id=actor.id, updated_at=now,
            updated_by_id=actor.id, version=alerts.c.version + 1))
        record(s, actor=actor, at=now, entity="alert", entity_id=row[0], action="resolve",
               detail={"status": [row[1], "resolved"], "note": why})

    # ---- dispatch --------------------------------------------------------------------

    @staticmethod
    def required_qualifications(category: Category | str) -> tuple[str, ...]:
        """What a case of ``category`` needs (any one of them; empty: anyone)."""
        return CATEGORY_QUALIFICATIONS[Category(category)]

    @staticmethod
    def suggested_crew(severity: Severity | int) -> int:
        """How many members to send by default to a case of ``severity``."""
        return SUGGESTED_CREW[Severity(int(severity))]

    def propose_members(self, case: str | int, team_id: int) -> list[MemberRow]:
        """Available members of the team (or on its shift now) holding a qualification
        the case's category needs: on shift first, then the best qualified (earlier
        qualifications in ``CATEGORY_QUALIFICATIONS`` rank higher), then the longest
        rested."""
        detail = (self._cases.get_by_id(case) if isinstance(case, int)
                  else self._cases.get(case))
        wanted = CATEGORY_QUALIFICATIONS[detail.row.category]
        now = self._clock.now()
        with self._db.read() as s:
            borrowed = on_shift_ids(s, now, team_id)
            clauses: list[Any] = [Member.active.is_(True),
                                  Member.availability == Availability.AVAILABLE.value]
            team_rows = member_rows(s, [*clauses, Member.team_id == team_id], now)
            extra = borrowed - {r.id for r in team_rows}
            rows = team_rows + (member_rows(s, clauses, now, ids=extra) if extra else [])
        on_team_shift = borrowed

        def rank(row: MemberRow) -> tuple[Any, ...]:
            held = [wanted.index(q) for q in row.qualifications if q in wanted]
            return (row.id not in on_team_shift, min(held, default=0), -len(held),
                    row.availability_since, row.name)

        fit = [r for r in rows if not wanted or set(wanted) & set(r.qualifications)]
        return sorted(fit, key=rank)

    def dispatch_members(self, actor: OperatorRef, reference: str, team_id: int,
                         member_ids: Sequence[int],
                         expected_version: int | None = None) -> CaseDetail:
        """Send members with a case: a registered case is dispatched to the team with
        them; a case already dispatched to (or in progress with) the same team gets them
        as reinforcement. Anything else is refused with the reason."""
        require_role(actor, DISPATCHERS, "send members on cases")
        detail = self._cases.get(reference)
        stage = detail.row.stage
        if stage is Stage.REGISTERED:
            return self._cases.dispatch(actor, detail.reference, team_id,
                                        members=list(member_ids),
                                        expected_version=expected_version)
        team = self._district.team(team_id)
        if stage in (Stage.DISPATCHED, Stage.IN_PROGRESS) and detail.row.team_id == team_id:
            if not member_ids:
                raise ValidationError(f"Choose the members to send with {detail.reference}.",
                                      "members")
            now = self._clock.now()
            with self._db.write.begin() as s:
                case = s.get(Case, detail.row.id)
                assert case is not None
                if expected_version is not None and case.version != expected_version:
                    raise ConflictError(f"Case {case.reference} was changed since you looked "
                                        f"at it — reload and try again.")
                done = self._assign(s, case, list(member_ids), now, actor)
                record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                       action="assign", detail=done)
            self._notify()
            return self._cases.get(detail.reference)
        owner = f" to {detail.row.team_code}" if detail.row.team_code else ""
        raise ValidationError(
            f"Case {detail.reference} is {stage.value.replace('_', ' ')}{owner}: members go "
            f"with a registered case when it is dispatched, or join a dispatched or "
            f"in-progress case of their own team ({team.code}).", "stage")

    def on_case_step(self, s: Session, case: Case, action: Action, now: datetime,
                     actor: OperatorRef, members: Sequence[int]) -> dict[str, Any]:
        """CaseService's hook, inside the step's transaction: send ``members`` with a
        dispatch (or a reopen), release everyone when the case is resolved or closed.
        Returns what to add to the step's audit entry."""
        if members and action not in (Action.DISPATCH, Action.REOPEN):
            raise ValidationError(f"Members are sent with a dispatch, not with "
                                  f"{action.value}.", "members")
        # The case row is flushed once, by the step: reading members must not flush it
        # early (each flush would bump its version).
        with s.no_autoflush:
            if members:
                require_role(actor, DISPATCHERS, "send members on cases")
                return self._assign(s, case, list(members), now, actor)
            if action in (Action.RESOLVE, Action.CLOSE):
                return self._release_case(s, case, now, actor)
        return {}

    def _assign(self, s: Session, case: Case, member_ids: list[int], now: datetime,
                actor: OperatorRef) -> dict[str, Any]:
        ids = list(dict.fromkeys(int(m) for m in member_ids))
        if case.team_id is None:
            raise ValidationError(f"Case {case.reference} has no team to send members from.",
                                  "members")
        team = self._district.team(case.team_id)
        found = {r[0]: r for r in s.execute(
            select(Member.id, Member.name, Member.team_id, Member.availability,
                   Member.active, Case.reference)
            .outerjoin(Case, Case.id == Member.current_case_id)
            .where(Member.id.in_(ids)))}
        missing = [str(m) for m in ids if m not in found]
        if missing:
            raise ValidationError(f"No member with id {', '.join(missing)}.", "members")
        on_shift = on_shift_ids(s, now, team.id)
        problems: list[str] = []
        for mid in ids:
            _, name, team_id, state, active, on_case = found[mid]
            if not active:
                problems.append(f"{name} no longer serves on a team")
            elif team_id != team.id and mid not in on_shift:
                problems.append(f"{name} is not on {team.code} (nor on its shift now)")
            elif state == Availability.ON_TASK.value:
                problems.append(f"{name} is on task on {on_case or 'another case'}")
            elif state != Availability.AVAILABLE.value:
                problems.append(f"{name} is {state.replace('_', ' ')}")
        if problems:
            raise ValidationError(f"Cannot send with {case.reference}: "
                                  f"{'; '.join(problems)}.", "members")
        for mid in ids:
            won = rowcount(s.execute(update(MEMBERS).where(
                MEMBERS.c.id == mid, MEMBERS.c.availability == Availability.AVAILABLE.value)
                .values(availability=Availability.ON_TASK.value, availability_since=now,
                        current_case_id=case.id, version=MEMBERS.c.version + 1)))
            if won != 1:
                raise ValidationError(f"{found[mid][1]} was just sent elsewhere — reload and "
                                      f"choose again.", "members")
        s.execute(insert(ASSIGNMENTS), [
            {"case_id": case.id, "member_id": mid, "assigned_at": now, "released_at": None}
            for mid in ids])
        for mid in ids:
            record(s, actor=actor, at=now, entity="member", entity_id=mid, action="assign",
                   detail={"availability": ["available", "on_task"], "case": case.reference})
        self._watch.evaluate(s, now, self._watch.shifts_of_members(s, ids, now))
        return {"members": ", ".join(found[m][1] for m in ids)}

    def _release_case(self, s: Session, case: Case, now: datetime,
                      actor: OperatorRef) -> dict[str, Any]:
        held = list(s.execute(select(CaseAssignment.member_id, Member.name,
                                     Member.availability, Member.current_case_id)
                              .join(Member, Member.id == CaseAssignment.member_id)
                              .where(CaseAssignment.case_id == case.id,
                                     CaseAssignment.released_at.is_(None))))
        if not held:
            return {}
        s.execute(update(ASSIGNMENTS).where(ASSIGNMENTS.c.case_id == case.id,
                                            ASSIGNMENTS.c.released_at.is_(None))
                  .values(released_at=now))
        back: list[int] = []
        for mid, _name, state, on_case in held:
            if state == Availability.ON_TASK.value and on_case == case.id:
                s.execute(update(MEMBERS).where(MEMBERS.c.id == mid).values(
                    availability=Availability.AVAILABLE.value, availability_since=now,
                    current_case_id=None, version=MEMBERS.c.version + 1))
                record(s, actor=actor, at=now, entity="member", entity_id=mid,
                       action="release",
                       detail={"availability": ["on_task", "available"],
                               "case": case.reference})
                back.append(mid)
        self._watch.evaluate(s, now, self._watch.shifts_of_members(s, back, now))
        return {"released": ", ".join(name for _, name, _, _ in held)}

    def _release_member(self, s: Session, member_id: int, now: datetime) -> str | None:
        """Close the member's open assignment; the case's reference, if there was one."""
        ref = s.scalar(select(Case.reference).join(
            CaseAssignment, CaseAssignment.case_id == Case.id).where(
            CaseAssignment.member_id == member_id, CaseAssignment.released_at.is_(None)))
        s.execute(update(ASSIGNMENTS).where(ASSIGNMENTS.c.member_id == member_id,
                                            ASSIGNMENTS.c.released_at.is_(None))
                  .values(released_at=now))
        return ref

    # ---- helpers ---------------------------------------------------------------------

    def _team(self, team: str | int) -> TeamRef:
        try:
            return (self._district.team(team) if isinstance(team, int)
                    else self._district.team_by_code(str(team)))
        except (KeyError, ValidationError):
            # Perhaps another console added it since the cache was filled.
            self._district.invalidate()
            if isinstance(team, int):
                try:
                    return self._district.team(team)
                except KeyError:
                    raise NotFound(f"No team with id {team}.") from None
            return self._district.team_by_code(str(team))

    @staticmethod
    def _text(value: str, label: str, limit: int, required: bool) -> str:
        text = " ".join(str(value).split())
        if required and not text:
            raise ValidationError(f"The {label} must not be empty.", label)
        if len(text) > limit:
            raise ValidationError(f"The {label} is {len(text)} characters; at most {limit}.",
                                  label)
        return text

    @staticmethod
    def _phone(value: str) -> str:
        phone = str(value).strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(f"Phone {phone!r} is not a phone number (digits, spaces, "
                                  f"'-', an optional leading '+').", "phone")
        return phone

    @staticmethod
    def _min_staffing(value: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 500:
            raise ValidationError(f"Minimum staffing must be a whole number from 1 to 500, "
                                  f"not {value!r}.", "min_staffing")
        return value

    def _pattern(self, pattern: str | Mapping[str, Any] | RotationPattern) -> RotationPattern:
        if isinstance(pattern, RotationPattern):
            return parse_pattern(pattern_json(pattern))
        try:
            return parse_pattern(pattern)
        except PatternError as exc:
            raise ValidationError(str(exc), "pattern") from None

    @staticmethod
    def _qualification_lookup(s: Session) -> dict[str, str]:
        """Code, English name and Chinese name (case-folded) → code."""
        out: dict[str, str] = {}
        for code, en, zh in s.execute(select(Qualification.code, Qualification.name_en,
                                             Qualification.name_zh)):
            for key in (code, en, zh):
                out[key.strip().casefold()] = code
        return out

    def _qualification_codes(self, s: Session, values: Iterable[str]) -> list[str]:
        known = self._qualification_lookup(s)
        return self._codes_from_text(";".join(values), known)

    @staticmethod
    def _codes_from_text(text: str, known: Mapping[str, str]) -> list[str]:
        wanted = [v.strip() for v in re.split(r"[;；]", text) if v.strip()]
        unknown = [v for v in wanted if v.casefold() not in known]
        if unknown:
            codes = sorted(set(known.values()))
            raise ValidationError(
                f"Unknown qualification{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(u) for u in unknown)}; known: {', '.join(codes)}.",
                "qualifications")
        return sorted({known[v.casefold()] for v in wanted})

    @staticmethod
    def _expect(expected: int | None, actual: int, what: str) -> None:
        if expected is not None and expected != actual:
            raise ConflictError(f"{what} was changed by someone else since you looked at it "
                                f"— reload and try again.")

    @staticmethod
    def _cas(s: Session, table: Table, row_id: int, version: int, values: dict[str, Any],
             what: str) -> None:
        """``UPDATE … WHERE id AND version``: a lost race becomes a ConflictError."""
        done = rowcount(s.execute(
            update(table).where(table.c.id == row_id, table.c.version == version)
            .values(**values, version=version + 1)))
        if done != 1:
            raise ConflictError(f"{what} was changed by someone else just now — reload and "
                                f"try again.")

    @staticmethod
    def _name(s: Session, member_id: int) -> str:
        name = s.scalar(select(Member.name).where(Member.id == member_id))
        return name or f"member #{member_id}"

    @staticmethod
    def _names(s: Session, member_ids: Sequence[int]) -> str:
        if not member_ids:
            return ""
        names = dict(s.execute(select(Member.id, Member.name)
                               .where(Member.id.in_(list(member_ids)))).all())
        return ", ".join(names.get(m, f"#{m}") for m in member_ids)
