"""Teams and their members: qualifications, teams, members, availability, roster imports.

Coordinators and admins (and the engine) edit teams, members and qualifications and set
anyone's availability; a duty officer may change the availability only of the members
they sent on a case (back early, hurt on the scene). Every write checks the role,
validates, writes the rows, one audit entry per changed row and a change-feed entry
(entities ``team``, ``member``, ``qualification``) in one transaction. Teams and members
carry a version: a write naming the one the operator saw (``expected_version``) is
refused with ``ConflictError`` when someone changed the row since.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from console.core.domain import OperatorRef, Role, TeamKind, TeamRef
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from console.core.journal import announce, record
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned
from console.operators.service import require_role
from console.rosters.crews import release_member
from console.rosters.domain import (
    Availability,
    InputReport,
    MemberRow,
    Problem,
    QualificationRef,
    Readiness,
    ShiftKind,
    TeamStatus,
)
from console.rosters.query import member_rows, next_shifts, running_at, shift_rows, team_facts
from console.rosters.shared import (
    MEMBERS,
    NAME_MAX,
    ROLE_MAX,
    ROSTER_EDITORS,
    TEAMS,
    RosterContext,
    clean_email,
    clean_min_staffing,
    clean_phone,
    clean_text,
    parse_availability,
)
from db.models import AuditEntry, Team
from db.models.rosters import Member, MemberQualification, Qualification, Shift

TEAM_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
QUAL_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # "leave this field as it is" in update calls where None is a value


@retries_lost_connection
class TeamService:
    """Every read and write of teams, members and qualifications."""

    def __init__(self, ctx: RosterContext) -> None:
        self._ctx = ctx
        self._db = ctx.db
        self._clock = ctx.clock
        self._district = ctx.district
        self._watch = ctx.watch
        self._writes = ctx.writes

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

    def team_statuses(self, at: datetime | None = None) -> list[TeamStatus]:
        """Every team at a glance: availability counts, on now, next, readiness."""
        at = at or self._clock.now()
        with self._db.read() as s:
            facts = team_facts(s)
            current = shift_rows(s, running_at(at), facts)
            upcoming = next_shifts(s, at)
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

    # ---- qualifications and teams ----------------------------------------------------

    def add_qualification(self, actor: OperatorRef, code: str, name_en: str,
                          name_zh: str = "") -> QualificationRef:
        require_role(actor, ROSTER_EDITORS, "edit rosters")
        code = code.strip().lower()
        if not QUAL_CODE.match(code):
            raise ValidationError(f"Qualification code {code!r} must be 2-32 lower-case "
                                  f"letters, digits or '_', starting with a letter.", "code")
        name_en = clean_text(name_en, "English name", NAME_MAX, required=True)
        name_zh = clean_text(name_zh, "Chinese name", NAME_MAX, required=False) or name_en
        now = self._clock.now()
        with self._db.write.begin() as s:
            if s.get(Qualification, code) is not None:
                raise ValidationError(f"Qualification {code!r} already exists.", "code")
            s.add(Qualification(code=code, name_en=name_en, name_zh=name_zh))
            s.flush()
            record(s, actor=actor, at=now, entity="qualification", entity_id=0,
                   action="create", detail={"code": code, "name": name_en}, op="insert")
        self._ctx.notify()
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
        name_en = clean_text(name_en, "team name", NAME_MAX, required=True)
        name_zh = clean_text(name_zh, "Chinese team name", NAME_MAX, required=False) or name_en
        try:
            team_kind = TeamKind(kind)
        except ValueError:
            raise ValidationError(f"Unknown team kind {kind!r}; use one of: "
                                  f"{', '.join(k.value for k in TeamKind)}.", "kind") from None
        grid_id = self._district.grid_by_code(base_grid).id if base_grid else None
        minimum = clean_min_staffing(min_staffing)
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
        self._ctx.notify()
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
            stamp = Versioned("Team", code, "team", team_id, version)
            self._writes.check(s, stamp, expected_version)
            values: dict[str, Any] = {}
            detail: dict[str, Any] = {}

            def change(key: str, old: Any, new: Any, shown_old: Any = None,
                       shown_new: Any = None) -> None:
                if new != old:
                    values[key] = new
                    detail[key] = [old if shown_old is None else shown_old,
                                   new if shown_new is None else shown_new]

            if name_en is not None:
                change("name_en", old_en, clean_text(name_en, "team name", NAME_MAX, True))
            if name_zh is not None:
                change("name_zh", old_zh, clean_text(name_zh, "Chinese team name", NAME_MAX,
                                                     True))
            if min_staffing is not None:
                change("min_staffing", old_min, clean_min_staffing(min_staffing))
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
                self._writes.compare_and_set(s, TEAMS, stamp, values)
                record(s, actor=actor, at=now, entity="team", entity_id=team_id,
                       action="update", detail=detail)
                announce(s, at=now, entity="district", entity_id=0, op="reload")
                if "min_staffing" in values:
                    shift_ids = set(s.scalars(select(Shift.id).where(
                        Shift.team_id == team_id, *self._watch.watched(now))))
                    self._watch.evaluate(s, now, shift_ids)
        self._district.invalidate()
        self._ctx.notify()
        return self._district.team(team_id)

    # ---- which grid a team is based in ---------------------------------------------

    def teams_based_in(self, grid: str) -> list[TeamRef]:
        """The teams whose base grid is ``grid`` (by code), in code order."""
        grid_id = self._district.grid_by_code(grid).id
        return [t for t in self._district.teams() if t.base_grid_id == grid_id]

    def base_team_in(self, actor: OperatorRef, team: str, grid: str) -> TeamRef:
        """Make ``grid`` the base of ``team`` (both by code): a team has one base grid, so
        this moves it from the one it had. A retired grid takes no team."""
        require_role(actor, ROSTER_EDITORS, "assign teams to grids")
        target = self._district.grid_by_code(grid)
        if target.retired:
            raise ValidationError(f"Grid {target.code} is retired: it takes no teams.", "grid")
        ref = self._district.team_by_code(team)
        return self.update_team(actor, ref.id, expected_version=self._version(ref.id),
                                base_grid=target.code)

    def unbase_team(self, actor: OperatorRef, team: str, grid: str) -> TeamRef:
        """Take ``team`` out of ``grid`` (it is then based nowhere). Refused when the team
        is no longer based there: someone moved it meanwhile, and the screen was stale."""
        require_role(actor, ROSTER_EDITORS, "remove teams from grids")
        here = self._district.grid_by_code(grid)
        with self._db.read() as s:
            row = s.execute(select(Team.id, Team.code, Team.base_grid_id, Team.version)
                            .where(Team.code == team.strip().upper())).one_or_none()
        if row is None:
            raise NotFound(f"No team {team!r}.")
        if row.base_grid_id != here.id:
            raise ConflictError(f"{row.code} is no longer based in {here.code}: reload to see "
                                "where it is now.")
        return self.update_team(actor, row.id, expected_version=row.version, base_grid=None)

    def _version(self, team_id: int) -> int:
        with self._db.read() as s:
            version = s.scalar(select(Team.version).where(Team.id == team_id))
        if version is None:
            raise NotFound(f"No team with id {team_id}.")
        return int(version)

    # ---- members ---------------------------------------------------------------------

    def add_member(self, actor: OperatorRef, *, team: str | int, name: str, role: str = "",
                   phone: str = "", email: str = "", qualifications: Iterable[str] = (),
                   availability: str | Availability = Availability.AVAILABLE) -> MemberRow:
        require_role(actor, ROSTER_EDITORS, "add members")
        team_ref = self._ctx.team(team)
        name = clean_text(name, "name", NAME_MAX, required=True)
        role = clean_text(role, "role", ROLE_MAX, required=False)
        phone = clean_phone(phone)
        email = clean_email(email)
        state = parse_availability(availability)
        if state is Availability.ON_TASK:
            raise ValidationError("A member is put on task by dispatching a case, not when "
                                  "added.", "availability")
        now = self._clock.now()
        with self._db.write.begin() as s:
            codes = self._qualification_codes(s, qualifications)
            member_id = s.execute(insert(MEMBERS).values(
                team_id=team_ref.id, name=name, role=role, phone=phone, email=email,
                availability=state.value, availability_since=now, current_case_id=None,
                active=True, version=1).returning(MEMBERS.c.id)).scalar_one()
            if codes:
                s.execute(insert(MemberQualification),
                          [{"member_id": member_id, "qualification": c} for c in codes])
            record(s, actor=actor, at=now, entity="member", entity_id=member_id,
                   action="create", op="insert",
                   detail={"team": team_ref.code, "name": name, "role": role,
                           "qualifications": ";".join(codes), "availability": state.value})
        self._ctx.notify()
        return self.member(member_id)

    def update_member(self, actor: OperatorRef, member_id: int, *,
                      expected_version: int | None = None, name: str | None = None,
                      role: str | None = None, phone: str | None = None,
                      email: str | None = None, qualifications: Iterable[str] | None = None,
                      team: str | int | None = None, active: bool | None = None) -> MemberRow:
        """Edit a member's details. Qualifications given replace the old ones."""
        require_role(actor, ROSTER_EDITORS, "edit members")
        now = self._clock.now()
        with self._db.write.begin() as s:
            self._update_member(s, actor, now, member_id, expected_version, name=name,
                                role=role, phone=phone, email=email,
                                qualifications=qualifications,
                                team=team, active=active)
        self._ctx.notify()
        return self.member(member_id)

    def _update_member(self, s: Session, actor: OperatorRef, now: datetime, member_id: int,
                       expected_version: int | None, *, name: str | None, role: str | None,
                       phone: str | None, qualifications: Iterable[str] | None,
                       email: str | None = None,
                       team: str | int | None, active: bool | None,
                       availability: Availability | None = None) -> bool:
        """The edit itself, in the caller's transaction; False when nothing changed."""
        row = s.execute(select(Member.name, Member.role, Member.phone, Member.email,
                               Member.team_id, Member.active, Member.availability,
                               Member.version)
                        .where(Member.id == member_id)).one_or_none()
        if row is None:
            raise NotFound(f"No member with id {member_id}.")
        (old_name, old_role, old_phone, old_email, old_team, old_active, old_state,
         version) = row
        stamp = Versioned("Member", old_name, "member", member_id, version)
        self._writes.check(s, stamp, expected_version)
        values: dict[str, Any] = {}
        detail: dict[str, Any] = {}
        if name is not None and (new := clean_text(name, "name", NAME_MAX, True)) != old_name:
            values["name"], detail["name"] = new, [old_name, new]
        if role is not None and (new := clean_text(role, "role", ROLE_MAX, False)) != old_role:
            values["role"], detail["role"] = new, [old_role, new]
        if phone is not None and (new := clean_phone(phone)) != old_phone:
            values["phone"], detail["phone"] = new, [old_phone, new]
        if email is not None and (new := clean_email(email)) != old_email:
            values["email"], detail["email"] = new, [old_email, new]
        if team is not None:
            team_ref = self._ctx.team(team)
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
        self._writes.compare_and_set(s, MEMBERS, stamp, values)
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
        state = parse_availability(availability)
        note = clean_text(note, "note", 500, required=False)
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.execute(select(Member.name, Member.availability, Member.current_case_id,
                                   Member.version, Member.active)
                            .where(Member.id == member_id)).one_or_none()
            if row is None:
                raise NotFound(f"No member with id {member_id}.")
            name, old, case_id, version, active = row
            self._may_set_availability(s, actor, member_id, name, old)
            stamp = Versioned("Member", name, "member", member_id, version)
            self._writes.check(s, stamp, expected_version)
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
                    ref = release_member(s, member_id, now)
                    if ref:
                        detail["case"] = ref
                self._writes.compare_and_set(s, MEMBERS, stamp, {
                    "availability": state.value, "availability_since": now,
                    "current_case_id": None})
                record(s, actor=actor, at=now, entity="member", entity_id=member_id,
                       action="availability", detail=detail)
                if case_id is not None and old == Availability.ON_TASK.value:
                    announce(s, at=now, entity="case", entity_id=case_id, op="update")
                self._watch.evaluate(s, now, self._watch.shifts_of_members(s, [member_id], now))
        self._ctx.notify()
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
        ``qualifications`` ;-separated, ``phone``, ``email``, ``availability``; ``line``
        names the
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
            self._ctx.notify()
        return report

    def _import_row(self, s: Session, actor: OperatorRef, now: datetime,
                    raw: Mapping[str, str], known: Mapping[str, str],
                    existing: dict[tuple[int, str], list[int]],
                    seen: dict[tuple[int, str], int], line: int) -> str:
        team_text = str(raw.get("team") or "").strip()
        if not team_text:
            raise ValidationError("The team is empty.", "team")
        team_ref = self._ctx.team(team_text)
        name = clean_text(str(raw.get("name") or ""), "name", NAME_MAX, required=True)
        role = clean_text(str(raw.get("role") or ""), "role", ROLE_MAX, required=False)
        phone = clean_phone(str(raw.get("phone") or ""))
        # A sheet without the column (written before members had one) keeps the address.
        email = clean_email(str(raw.get("email") or "")) if "email" in raw else None
        codes = self._codes_from_text(str(raw.get("qualifications") or ""), known)
        state_text = str(raw.get("availability") or "").strip()
        state = parse_availability(state_text) if state_text else None
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
                team_id=team_ref.id, name=name, role=role, phone=phone, email=email or "",
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
                                      phone=phone, email=email, qualifications=codes,
                                      team=None,
                                      active=None, availability=target)
        return "updated" if changed else "unchanged"

    # ---- helpers ---------------------------------------------------------------------

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
