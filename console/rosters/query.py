"""Roster reads inside a session: members and shifts as plain rows, in a few indexed queries.

Every time-window query bounds ``starts_at`` from below by the longest possible shift
(``MAX_SHIFT``), so it is a range scan of ``ix_shifts_starts_ends`` however many years
of shifts the table holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Result, select
from sqlalchemy.orm import Session

from console.core.domain import TeamKind
from console.rosters.domain import (
    STAFFING_QUALIFICATIONS,
    Availability,
    MemberRow,
    ShiftKind,
    ShiftMemberRef,
    ShiftRow,
)
from db.demo.rotation_pattern import MAX_SHIFT_HOURS
from db.models import Case, Team
from db.models.rosters import Member, MemberQualification, Shift, ShiftMember

MAX_SHIFT = timedelta(hours=MAX_SHIFT_HOURS)
CHUNK = 500  # ids per IN list
NEXT_HORIZON = timedelta(days=8)  # how far ahead "next on duty" looks
_ALL_STAFFING = sorted({q for quals in STAFFING_QUALIFICATIONS.values() for q in quals})


@dataclass(frozen=True, slots=True)
class TeamFacts:
    """What readiness needs of a team, read fresh (not from a cache another console may
    have made stale)."""

    id: int
    code: str
    kind: TeamKind
    min_staffing: int
    leader_id: int | None
    base_grid_id: int | None


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (a compare-and-set won when it is 1)."""
    return cast(CursorResult[Any], result).rowcount


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    values = sorted(set(ids))
    for start in range(0, len(values), size):
        yield values[start:start + size]


def running_at(at: datetime) -> list[ColumnElement[bool]]:
    """Shifts running at ``at``."""
    return [Shift.starts_at > at - MAX_SHIFT, Shift.starts_at <= at, Shift.ends_at > at]


def overlapping(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """Shifts that overlap ``[start, end)``."""
    return [Shift.starts_at > start - MAX_SHIFT, Shift.starts_at < end, Shift.ends_at > start]


def team_facts(s: Session) -> dict[int, TeamFacts]:
    return {tid: TeamFacts(tid, code, TeamKind(kind), minimum, leader, grid)
            for tid, code, kind, minimum, leader, grid in s.execute(
                select(Team.id, Team.code, Team.kind, Team.min_staffing, Team.leader_id,
                       Team.base_grid_id))}


def on_shift_ids(s: Session, at: datetime, team_id: int | None = None) -> set[int]:
    """Members on a shift running at ``at`` (of one team, if given)."""
    clauses = running_at(at)
    if team_id is not None:
        clauses.append(Shift.team_id == team_id)
    return set(s.scalars(select(ShiftMember.member_id).join(Shift, Shift.id == ShiftMember.shift_id)
                         .where(*clauses)))


def qualifications_of(s: Session, member_ids: Iterable[int] | None,
                      only: Sequence[str] | None = None) -> dict[int, list[str]]:
    """Qualification codes per member (all members when ``member_ids`` is None)."""
    out: dict[int, list[str]] = {}
    extra: list[ColumnElement[bool]] = []
    if only is not None:
        extra.append(MemberQualification.qualification.in_(list(only)))
    base = select(MemberQualification.member_id, MemberQualification.qualification)
    conn = s.connection()
    wanted = None if member_ids is None else set(member_ids)
    if wanted is None or len(wanted) > 2 * CHUNK:
        # Many members: one pass over the (small) table beats many IN lists.
        batches: Iterable[Any] = [conn.execute(base.where(*extra)).all()]
    else:
        batches = (conn.execute(base.where(MemberQualification.member_id.in_(chunk),
                                           *extra)).all()
                   for chunk in chunks(wanted))
    for batch in batches:
        for mid, code in batch:
            if wanted is None or mid in wanted:
                out.setdefault(mid, []).append(code)
    for codes in out.values():
        codes.sort()
    return out


_MEMBER_COLUMNS = (
    Member.id, Member.team_id, Team.code, Member.name, Member.role, Member.phone,
    Member.email, Member.availability, Member.availability_since, Member.current_case_id,
    Case.reference, Team.leader_id, Member.active, Member.version,
)


def member_rows(s: Session, clauses: Sequence[ColumnElement[bool]], at: datetime,
                ids: Iterable[int] | None = None) -> list[MemberRow]:
    """Members matching ``clauses`` (or with the given ``ids``), team by team in roster
    order (the order they were added: leaders first in the demo roster)."""
    stmt = (select(*_MEMBER_COLUMNS).join(Team, Team.id == Member.team_id)
            .outerjoin(Case, Case.id == Member.current_case_id))
    conn = s.connection()
    if ids is not None:
        raw = [r for chunk in chunks(ids)
               for r in conn.execute(stmt.where(Member.id.in_(chunk), *clauses)).all()]
        raw.sort(key=lambda r: (r[2], r[0]))
    else:
        raw = list(conn.execute(stmt.where(*clauses).order_by(Team.code, Member.id)).all())
    quals = qualifications_of(s, [r[0] for r in raw])
    states = {a.value: a for a in Availability}
    shifting = on_shift_ids(s, at)
    return [
        MemberRow(mid, team_id, code, name, role, phone, email, states[availability], since,
                  case_id, case_ref, tuple(quals.get(mid, ())), leader == mid, bool(active),
                  mid in shifting, version)
        for (mid, team_id, code, name, role, phone, email, availability, since, case_id,
             case_ref, leader, active, version) in raw
    ]


def shift_rows(s: Session, clauses: Sequence[ColumnElement[bool]],
               teams: dict[int, TeamFacts] | None = None) -> list[ShiftRow]:
    """Shifts matching ``clauses`` with their members and readiness, in start order."""
    teams = teams if teams is not None else team_facts(s)
    raw = list(s.connection().execute(
        select(Shift.id, Shift.team_id, Shift.rotation_id, Shift.kind, Shift.crew,
               Shift.starts_at, Shift.ends_at, Shift.readiness_alerted_at, Shift.version)
        .where(*clauses).order_by(Shift.starts_at, Shift.team_id, Shift.id)).all())
    if not raw:
        return []
    # Core execution on the session's connection: these are plain column rows, and the
    # ORM's per-row processing is most of the cost at a week of a big roster.
    conn = s.connection()
    people: dict[int, list[int]] = {}
    facts: dict[int, tuple[str, str, str, int, Availability, bool]] = {}
    held: dict[int, set[str]] = {}
    states = {a.value: a for a in Availability}
    for chunk in chunks(r[0] for r in raw):
        for shift_id, mid, name, role, phone, team_id, availability, active in conn.execute(
                select(ShiftMember.shift_id, Member.id, Member.name, Member.role, Member.phone,
                       Member.team_id, Member.availability, Member.active)
                .join(Member, Member.id == ShiftMember.member_id)
                .where(ShiftMember.shift_id.in_(chunk))
                .order_by(ShiftMember.shift_id, Member.id)).all():
            people.setdefault(shift_id, []).append(mid)
            if mid not in facts:
                facts[mid] = (name, role, phone, team_id, states[availability], bool(active))
    # By member id (the primary key's prefix): a join through shift_members would walk
    # every shift of each member.
    for mid, codes in qualifications_of(s, facts, _ALL_STAFFING).items():
        held[mid] = set(codes)
    needs = {kind: STAFFING_QUALIFICATIONS.get(kind, frozenset()) for kind in TeamKind}
    available = Availability.AVAILABLE
    # One reference per member and team kind, shared by every shift they are on.
    refs: dict[tuple[int, TeamKind], ShiftMemberRef] = {}

    def ref(mid: int, kind: TeamKind) -> ShiftMemberRef:
        found = refs.get((mid, kind))
        if found is None:
            name, role, phone, team_id, state, active = facts[mid]
            need = needs[kind]
            counts = active and state is available and (
                not need or not need.isdisjoint(held.get(mid, ())))
            found = refs[(mid, kind)] = ShiftMemberRef(mid, name, role, phone, team_id,
                                                       state, counts)
        return found

    out: list[ShiftRow] = []
    for sid, team_id, rotation_id, kind, crew, starts, ends, alerted, version in raw:
        team = teams[team_id]
        members = tuple(ref(mid, team.kind) for mid in people.get(sid, ()))
        out.append(ShiftRow(sid, team_id, team.code, rotation_id, ShiftKind(kind), crew,
                            starts, ends, members, team.min_staffing, alerted, version))
    return out


def next_shifts(s: Session, at: datetime, horizon: timedelta = NEXT_HORIZON) -> list[ShiftRow]:
    """Per team, the first shift starting after ``at`` (within ``horizon``)."""
    first: dict[int, tuple[datetime, int]] = {}
    for sid, team_id, starts in s.execute(
            select(Shift.id, Shift.team_id, Shift.starts_at)
            .where(Shift.starts_at > at, Shift.starts_at <= at + horizon)):
        if team_id not in first or (starts, sid) < first[team_id]:
            first[team_id] = (starts, sid)
    ids = [sid for _, sid in first.values()]
    return shift_rows(s, [Shift.id.in_(ids)]) if ids else []


def busy_elsewhere(s: Session, member_ids: Iterable[int], team_id: int, start: datetime,
                   end: datetime, exclude_shift: int | None = None
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


def member_name(s: Session, member_id: int) -> str:
    name = s.scalar(select(Member.name).where(Member.id == member_id))
    return name or f"member #{member_id}"


def member_names(s: Session, member_ids: Sequence[int]) -> str:
    """``张伟, 王芳``: the members' names in the order given."""
    if not member_ids:
        return ""
    names = dict(s.execute(select(Member.id, Member.name)
                           .where(Member.id.in_(list(member_ids)))).all())
    return ", ".join(names.get(m, f"#{m}") for m in member_ids)
