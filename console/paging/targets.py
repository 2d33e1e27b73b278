"""Who a page is for, resolved when it is sent (rosters change between the cause and the
send): the on-duty member with a role in a team, the case's team leader, the grid worker
of the case's grid, an operator, or a fixed address."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.core.domain import TeamKind
from console.core.errors import ValidationError
from console.paging.channels import Recipient
from console.rosters.query import on_shift_ids
from db.models import Case, Grid, Member, Operator, Team

TARGET_FORMS = ("on-duty:TEAM:ROLE", "team-leader", "grid-worker", "operator:NAME",
                "address:ADDR")


class Unresolved(Exception):
    """Nobody to page for this target now ("nobody on duty as Crew commander in FIRE-1")."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What the target is resolved against: the case's team and grid, if any."""

    case_id: int | None
    grid_id: int | None
    team_id: int | None


def check_target(text: str) -> str:
    """The target in its stored form; ValidationError naming the forms if it is none."""
    target = text.strip()
    kind, _, rest = target.partition(":")
    kind = kind.lower()
    if kind in {"team-leader", "grid-worker"} and not rest:
        return kind
    if kind == "on-duty":
        team, _, role = rest.partition(":")
        if team.strip() and role.strip():
            return f"on-duty:{team.strip().upper()}:{role.strip()}"
    if kind == "operator" and rest.strip():
        return f"operator:{rest.strip().lower()}"
    if kind == "address" and rest.strip():
        return f"address:{rest.strip()}"
    raise ValidationError(f"Unknown target {text!r}: use {', '.join(TARGET_FORMS)}.", "to")


def resolve(s: Session, target: str, subject: Subject, now: datetime) -> Recipient:
    """The person (or address) ``target`` means now; Unresolved if nobody."""
    kind, _, rest = target.partition(":")
    if kind == "address":
        return Recipient(name=rest, address=rest)
    if kind == "operator":
        row = s.execute(select(Operator.display_name, Operator.phone, Operator.email)
                        .where(Operator.username == rest, Operator.active.is_(True))).first()
        if row is None:
            raise Unresolved(f"no active operator {rest!r}")
        return Recipient(name=row.display_name, phone=row.phone, email=row.email)
    if kind == "on-duty":
        team_code, _, role = rest.partition(":")
        return _on_duty(s, team_code, role, now)
    if kind == "team-leader":
        return _team_leader(s, subject)
    if kind == "grid-worker":
        return _grid_worker(s, subject, now)
    raise Unresolved(f"unknown target {target!r}")


def _member(s: Session, member_id: int) -> Recipient:
    """A roster member as a recipient: their phone for SMS and the robots' mentions,
    their e-mail for the e-mail channel (both from the roster sheet)."""
    name, phone, email = s.execute(select(Member.name, Member.phone, Member.email)
                                   .where(Member.id == member_id)).one()
    return Recipient(name=name, phone=phone, email=email)


def _on_duty(s: Session, team_code: str, role: str, now: datetime) -> Recipient:
    team_id = s.scalar(select(Team.id).where(Team.code == team_code))
    if team_id is None:
        raise Unresolved(f"no team {team_code}")
    on_shift = on_shift_ids(s, now, team_id)
    wanted = role.strip().lower()
    rows = s.execute(select(Member.id, Member.role, Member.availability)
                     .where(Member.team_id == team_id, Member.active.is_(True))
                     .order_by(Member.id)).all()
    matching = [r for r in rows if r.id in on_shift and r.role.strip().lower() == wanted]
    if not matching:
        raise Unresolved(f"nobody on duty as {role} in {team_code}")
    # Someone on leave mid-shift is not the one to wake: the available first.
    matching.sort(key=lambda r: r.availability not in {"available", "on_task"})
    return _member(s, matching[0].id)


def _case_team(s: Session, subject: Subject) -> int | None:
    if subject.team_id is not None:
        return subject.team_id
    if subject.case_id is None:
        return None
    return s.scalar(select(Case.team_id).where(Case.id == subject.case_id))


def _team_leader(s: Session, subject: Subject) -> Recipient:
    team_id = _case_team(s, subject)
    if team_id is None:
        raise Unresolved("the case has no team yet")
    code, leader = s.execute(select(Team.code, Team.leader_id).where(Team.id == team_id)).one()
    if leader is None:
        raise Unresolved(f"team {code} has no leader")
    return _member(s, leader)


def _grid_worker(s: Session, subject: Subject, now: datetime) -> Recipient:
    """The grid worker whose roster role names the grid ("Grid worker XH-07"), on shift
    first; else the leader of the grid workers based in that grid or its community."""
    if subject.grid_id is None:
        raise Unresolved("no grid to find a grid worker for")
    code, area_id = s.execute(select(Grid.code, Grid.area_id)
                              .where(Grid.id == subject.grid_id)).one()
    workers = s.execute(
        select(Member.id, Member.role, Member.team_id, Member.availability)
        .join(Team, Team.id == Member.team_id)
        .where(Team.kind == TeamKind.GRID_WORKERS.value, Member.active.is_(True))
        .order_by(Member.id)).all()
    named = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])", re.IGNORECASE)
    mine = [w for w in workers if named.search(w.role)]
    if mine:
        on_shift: set[int] = set()
        for team_id in {w.team_id for w in mine}:
            on_shift |= on_shift_ids(s, now, team_id)
        mine.sort(key=lambda w: (w.id not in on_shift, w.availability != "available"))
        return _member(s, mine[0].id)
    leaders = list(s.execute(
        select(Team.leader_id, Grid.id)
        .join(Grid, Grid.id == Team.base_grid_id)
        .where(Team.kind == TeamKind.GRID_WORKERS.value, Team.leader_id.is_not(None),
               (Grid.id == subject.grid_id) | ((Grid.area_id == area_id)
                                               & Grid.area_id.is_not(None)))).all())
    leaders.sort(key=lambda r: r[1] != subject.grid_id)
    if not leaders:
        raise Unresolved(f"no grid worker for {code}")
    leader = leaders[0][0]
    assert leader is not None
    return _member(s, leader)
