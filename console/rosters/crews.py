"""Crews sent on cases: who to send, members going on task with a dispatch, coming back.

Duty officers (and coordinators, admins) dispatch cases with members
(``CaseService.apply(..., members=[...])`` or ``dispatch_members``). The rules the board
and the roster keep in step:

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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from console.cases.lifecycle import Action
from console.cases.service import CaseService, versioned
from console.core.domain import CaseDetail, Category, OperatorRef, Severity, Stage
from console.core.errors import ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import require_role
from console.rosters.domain import (
    CATEGORY_QUALIFICATIONS,
    SUGGESTED_CREW,
    Availability,
    MemberRow,
)
from console.rosters.query import member_rows, on_shift_ids, rowcount
from console.rosters.shared import ASSIGNMENTS, DISPATCHERS, MEMBERS, RosterContext
from db.models import Case
from db.models.rosters import CaseAssignment, Member


def release_member(s: Session, member_id: int, now: datetime) -> str | None:
    """Close the member's open assignment; the case's reference, if there was one."""
    ref = s.scalar(select(Case.reference).join(
        CaseAssignment, CaseAssignment.case_id == Case.id).where(
        CaseAssignment.member_id == member_id, CaseAssignment.released_at.is_(None)))
    s.execute(update(ASSIGNMENTS).where(ASSIGNMENTS.c.member_id == member_id,
                                        ASSIGNMENTS.c.released_at.is_(None))
              .values(released_at=now))
    return ref


@retries_lost_connection
class CrewService:
    """Members proposed for a case, sent with it and released from it; the case
    service's hook inside each step's transaction (``on_case_step``)."""

    def __init__(self, ctx: RosterContext, cases: CaseService) -> None:
        self._ctx = ctx
        self._db = ctx.db
        self._clock = ctx.clock
        self._district = ctx.district
        self._watch = ctx.watch
        self._writes = ctx.writes
        self._cases = cases

    @staticmethod
    def required_qualifications(category: Category | str) -> tuple[str, ...]:
        """What a case of ``category`` needs (any one of them; empty: anyone)."""
        return CATEGORY_QUALIFICATIONS[Category(category)]

    @staticmethod
    def suggested_crew(severity: Severity | int) -> int:
        """How many members to send by default to a case of ``severity``."""
        return SUGGESTED_CREW[Severity(int(severity))]

    def members_on_case(self, case_id: int) -> list[MemberRow]:
        """Members on task on the case now."""
        with self._db.read() as s:
            ids = list(s.scalars(select(CaseAssignment.member_id).where(
                CaseAssignment.case_id == case_id, CaseAssignment.released_at.is_(None))))
            return member_rows(s, [], self._clock.now(), ids=ids) if ids else []

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
                self._writes.check(s, versioned(case), expected_version)
                done = self._assign(s, case, list(member_ids), now, actor)
                record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                       action="assign", detail=done)
            self._ctx.notify()
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
            if action in (Action.RESOLVE, Action.CLOSE, Action.RETURN):  # 退单 too
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
