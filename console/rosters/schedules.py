"""Schedules: rotations, shifts by hand or generated, cover and swaps, who is on duty, readiness.

Coordinators and admins (and the engine) edit rotations and shifts; everyone reads. Every
write checks the role, validates, writes the rows, one audit entry per changed row and a
change-feed entry (entities ``shift``, ``rotation``) in one transaction; shifts carry a
version (``expected_version``; ``ConflictError`` when someone changed the shift since).

Rotation patterns (``rotations.pattern``) are JSON; the format is documented in
``db/demo/rotation_pattern.py`` (cycle of days from an anchor date, crews of member ids,
slots with local start time, length in hours, crew and kind). Readiness alerts are
described in ``console/rosters/readiness.py``. Members as CSV and shifts as iCalendar are
in ``console/rosters/exchange.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from console.core.domain import OperatorRef, TeamRef
from console.core.errors import NotFound, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned
from console.operators.service import require_role
from console.rosters.domain import (
    GenerationReport,
    InputReport,
    Problem,
    ReadinessChange,
    RotationRef,
    ShiftKind,
    ShiftRow,
)
from console.rosters.query import (
    MAX_SHIFT,
    busy_elsewhere,
    member_name,
    member_names,
    next_shifts,
    overlapping,
    rowcount,
    running_at,
    shift_rows,
)
from console.rosters.readiness import ACTIVE_ALERT, dedup_key
from console.rosters.shared import (
    NAME_MAX,
    ROSTER_EDITORS,
    SHIFT_MEMBERS,
    SHIFTS,
    RosterContext,
    clean_text,
)
from db.demo.rotation_pattern import (
    MAX_SHIFT_HOURS,
    PatternError,
    RotationPattern,
    expand,
    parse_pattern,
    pattern_json,
)
from db.models import Alert, Change, table_of
from db.models.rosters import Member, Rotation, Shift, ShiftMember

MAX_GENERATE_DAYS = 400


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


@retries_lost_connection
class ScheduleService:
    """Every read and write of rotations and shifts, and the readiness check a timer
    calls."""

    def __init__(self, ctx: RosterContext) -> None:
        self._ctx = ctx
        self._db = ctx.db
        self._clock = ctx.clock
        self._district = ctx.district
        self._system = ctx.system
        self._zone = ctx.zone
        self._watch = ctx.watch
        self._writes = ctx.writes

    @property
    def readiness_lead(self) -> timedelta:
        """How long before a shift starts its readiness is watched (default 2 hours)."""
        return self._watch.lead

    @readiness_lead.setter
    def readiness_lead(self, value: timedelta) -> None:
        if value < timedelta(0) or value > timedelta(days=2):
            raise ValidationError("The readiness lead time must be from 0 to 48 hours.")
        self._watch.lead = value

    # ---- reading -------------------------------------------------------------------

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
            return next_shifts(s, at)

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
            self._ctx.notify()
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

    # ---- rotations -------------------------------------------------------------------

    def add_rotation(self, actor: OperatorRef, *, team: str | int, name: str,
                     pattern: str | Mapping[str, Any] | RotationPattern) -> RotationRef:
        """Store a rotation pattern for a team (see ``db/rotation_pattern.py``)."""
        require_role(actor, ROSTER_EDITORS, "edit rotations")
        team_ref = self._ctx.team(team)
        name = clean_text(name, "rotation name", NAME_MAX, required=True)
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
        self._ctx.notify()
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
            busy = busy_elsewhere(s, ids, rotation.team_id, lo, hi)
            left_out: list[str] = []
            rows: list[dict[str, Any]] = []
            crews: list[list[int]] = []
            for p in todo:
                crew: list[int] = []
                for mid in p.member_ids:
                    who = people.get(mid)
                    label = f"{team.code} {p.crew} {self._ctx.local(p.starts_at)}"
                    if who is None or not who[1]:
                        left_out.append(f"member #{mid} left out of {label}: "
                                        f"{'no such member' if who is None else 'inactive'}")
                        continue
                    clash = next((b for b in busy.get(mid, ())
                                  if b[0] < p.ends_at and b[1] > p.starts_at), None)
                    if clash is not None:
                        left_out.append(f"{who[0]} left out of {label}: already on "
                                        f"{clash[2]} {self._ctx.span(clash[0], clash[1])}")
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
        self._ctx.notify()
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

    # ---- shifts ----------------------------------------------------------------------

    def add_shift(self, actor: OperatorRef, spec: ShiftSpec) -> ShiftRow:
        """One shift by hand (a cover shift, an extra on-call night)."""
        require_role(actor, ROSTER_EDITORS, "add shifts")
        now = self._clock.now()
        with self._db.write.begin() as s:
            shift_id = self._add_shift(s, actor, now, spec)
        self._ctx.notify()
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
            self._ctx.notify()
        return report

    def _add_shift(self, s: Session, actor: OperatorRef, now: datetime, spec: ShiftSpec) -> int:
        team = self._ctx.team(spec.team)
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
                       "members": member_names(s, members)})
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
                f"The {team.code} shift ends ({self._ctx.local(ends)}) "
                f"{'when' if ends == starts else 'before'} it starts ({self._ctx.local(starts)}).",
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
        crew = clean_text(crew, "crew", 32, required=False)
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
            busy = busy_elsewhere(s, ids, team.id, starts, ends, exclude)
            clashes = [f"{people[m][0]} is already on {b[2]} {self._ctx.span(b[0], b[1])}"
                       for m in ids for b in busy.get(m, ())]
            if clashes:
                raise ValidationError(
                    f"The {team.code} shift {self._ctx.span(starts, ends)} overlaps another "
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
        self._ctx.notify()
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
        stamp = self._shift_stamp(shift_id, team, old_start, old_end, version)
        self._writes.check(s, stamp, expected_version)
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
            detail["added"] = member_names(s, added)
        if removed:
            detail["removed"] = member_names(s, removed)
        if not detail:
            return
        self._writes.compare_and_set(s, SHIFTS, stamp, values)
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
                raise ValidationError(f"{member_name(s, out_member_id)} is not on this shift.",
                                      "members")
            if in_member_id in current:
                raise ValidationError(f"{member_name(s, in_member_id)} is already on this "
                                      f"shift.", "members")
            members = [in_member_id if m == out_member_id else m for m in current]
            self._edit_shift(s, actor, now, shift_id, expected_version, None, None, None,
                             None, members, "replace")
        self._ctx.notify()
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
                    raise ValidationError(f"{member_name(s, mid)} is not on shift {sid}.",
                                          "members")
                if mid in crews[other]:
                    raise ValidationError(f"{member_name(s, mid)} is already on shift "
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
        self._ctx.notify()
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
            stamp = self._shift_stamp(shift_id, self._district.team(team_id), starts, ends,
                                      version)
            self._writes.check(s, stamp, expected_version)
            self._resolve_alert_of(s, shift_id, now, "The shift was deleted.")
            s.execute(delete(ShiftMember).where(ShiftMember.shift_id == shift_id))
            if rowcount(s.execute(delete(Shift).where(Shift.id == shift_id,
                                                      Shift.version == version))) != 1:
                raise self._writes.conflict(s, stamp)
            record(s, actor=actor, at=now, entity="shift", entity_id=shift_id,
                   action="delete", op="delete",
                   detail={"team": self._district.team(team_id).code, "crew": crew,
                           "starts_at": starts, "ends_at": ends})
        self._ctx.notify()

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

    # ---- helpers ---------------------------------------------------------------------

    def _pattern(self, pattern: str | Mapping[str, Any] | RotationPattern) -> RotationPattern:
        if isinstance(pattern, RotationPattern):
            return parse_pattern(pattern_json(pattern))
        try:
            return parse_pattern(pattern)
        except PatternError as exc:
            raise ValidationError(str(exc), "pattern") from None

    def _shift_stamp(self, shift_id: int, team: TeamRef, starts: datetime, ends: datetime,
                     version: int) -> Versioned:
        """A shift as its stale writes name it: ``Shift FIRE-1 2026-11-22 08:00–20:00``."""
        return Versioned("Shift", f"{team.code} {self._ctx.span(starts, ends)}", "shift", shift_id,
                         version)

