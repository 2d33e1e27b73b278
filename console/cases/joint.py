"""Joint handling (issue 22): lead and assisting teams, the whistle (吹哨) and reporting in
(报到), returns (退单), disputes and rulings (确权), and callbacks to citizens (回访).

The rules are pure functions of a ``JointState`` (``legal_steps``, ``check_step``); the
``JointSteps`` helper applies a step to the rows inside the case service's transaction, so
a joint step is one audit entry and one change-feed entry like every other case step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from console.cases.deadlines import DeadlineService
from console.cases.lifecycle import NEXT_STEPS, Action
from console.core.domain import Source, Stage
from console.core.errors import ValidationError
from console.core.local_time import minute_text
from db.models import Case, CaseCallback, CasePart, Deadline, JointDaily, Team, table_of
from db.upsert import upsert

# Cases from citizens get a callback after their close.
CITIZEN_SOURCES = frozenset({Source.HOTLINE, Source.WALK_IN, Source.PETITION})
# Stages in which assisting teams work on their parts.
WORKING_STAGES = frozenset({Stage.REGISTERED, Stage.DISPATCHED, Stage.IN_PROGRESS})


class ReturnReason(StrEnum):
    NOT_OUR_JURISDICTION = "not_our_jurisdiction"
    WRONG_ADDRESS = "wrong_address"
    DUPLICATE = "duplicate"
    INSUFFICIENT_INFORMATION = "insufficient_information"


# The ``joint_daily`` column that counts each reason.
RETURN_COLUMNS = {ReturnReason.NOT_OUR_JURISDICTION: "returned_jurisdiction",
                  ReturnReason.WRONG_ADDRESS: "returned_address",
                  ReturnReason.DUPLICATE: "returned_duplicate",
                  ReturnReason.INSUFFICIENT_INFORMATION: "returned_information"}


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASIC = "basic"  # basically satisfied (基本满意)
    DISSATISFIED = "dissatisfied"


class PartState(StrEnum):
    SUMMONED = "summoned"  # told; must report in
    REPORTED = "reported"  # reported in; working on its part
    DONE = "done"
    WAIVED = "waived"  # released by the coordinator (or the team became the lead)


FINISHED = frozenset({PartState.DONE, PartState.WAIVED})


@dataclass(frozen=True, slots=True)
class JointLimits:
    """The time limits of joint handling. An assisting part's own deadline is the case
    policy's resolve time (its calendar and warning ratio), from the summons."""

    return_window: timedelta = timedelta(hours=2)  # return within this after dispatch
    report_in: timedelta = timedelta(minutes=30)  # a summoned team reports in within
    callback: timedelta = timedelta(hours=48)  # the citizen is called back within
    returns_before_dispute: int = 2  # the second return marks the case disputed


@dataclass(frozen=True, slots=True)
class PartView:
    team_id: int
    team_code: str
    text: str
    state: PartState
    whistle: bool
    summoned_at: datetime
    reported_at: datetime | None
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class CallbackView:
    round: int
    created_at: datetime
    done_at: datetime | None
    satisfaction: Satisfaction | None
    resolved: bool | None
    note: str


@dataclass(frozen=True, slots=True)
class JointState:
    """What the legality of a step depends on."""

    stage: Stage
    paused: bool
    citizen: bool
    team_id: int | None
    return_count: int = 0
    disputed: bool = False
    ruled_team_id: int | None = None
    return_until: datetime | None = None  # end of the lead team's time to return
    parts: tuple[PartView, ...] = ()
    callback_pending: bool = False
    reworked: bool = False  # back from a failed verification: the team accepted it before
    now: datetime = field(default_factory=lambda: datetime.min.replace(tzinfo=UTC))

    def parts_in(self, *states: PartState) -> list[PartView]:
        return [p for p in self.parts if p.state in states]

    @property
    def returnable(self) -> bool:
        return (self.return_until is not None and self.now <= self.return_until
                and not self.reworked
                and (self.ruled_team_id is None or self.ruled_team_id != self.team_id))


@dataclass(frozen=True, slots=True)
class JointView:
    """A case's joint handling, for the detail pane and ``case show``."""

    state: JointState
    ruled_team_code: str | None
    callbacks: tuple[CallbackView, ...]
    callback_reopens: int
    legal: tuple[Action, ...]


def legal_steps(st: JointState) -> tuple[Action, ...]:
    """Every action allowed now, in the order a person would take them."""
    if st.paused:
        return (Action.RESUME, Action.NOTE)
    if st.stage is Stage.CLOSED:
        return (Action.CALLBACK, Action.NOTE) if st.callback_pending else (Action.NOTE,)
    steps: list[Action] = []
    if st.stage is Stage.REGISTERED:
        steps.append(Action.RULE if st.disputed else Action.DISPATCH)
    elif st.stage is Stage.IN_PROGRESS:
        if not st.parts_in(PartState.SUMMONED, PartState.REPORTED):
            steps.append(Action.RESOLVE)
    else:
        steps.extend(NEXT_STEPS[st.stage])
    if st.stage in (Stage.DISPATCHED, Stage.IN_PROGRESS):
        steps.append(Action.WHISTLE)
    if st.stage in WORKING_STAGES:
        if st.parts_in(PartState.SUMMONED):
            steps.append(Action.REPORT_IN)
        if st.parts_in(PartState.REPORTED):
            steps.append(Action.PART_DONE)
        if st.parts_in(PartState.SUMMONED, PartState.REPORTED):
            steps.append(Action.WAIVE)
    if st.stage is Stage.DISPATCHED and st.returnable:  # before work starts
        steps.append(Action.RETURN)
    if (not st.disputed and st.ruled_team_id is None
            and (st.stage in (Stage.DISPATCHED, Stage.IN_PROGRESS)
                 or (st.stage is Stage.REGISTERED and st.return_count > 0))):
        steps.append(Action.DISPUTE)
    if st.disputed and st.stage is not Stage.REGISTERED:
        steps.append(Action.RULE)
    return (*steps, Action.PAUSE, Action.NOTE)


def check_step(reference: str, st: JointState, action: Action, zone: Any = UTC) -> None:
    """Raise ``ValidationError`` saying why ``action`` is not allowed and naming the legal
    next steps."""
    allowed = legal_steps(st)
    if action in allowed:
        return
    state = f"{st.stage.value}, paused" if st.paused else st.stage.value
    why = f"it is {state}"
    open_parts = st.parts_in(PartState.SUMMONED, PartState.REPORTED)
    if action is Action.RESOLVE and st.stage is Stage.IN_PROGRESS and open_parts:
        why = ("assisting parts are still open: "
               + ", ".join(f"{p.team_code} ({p.state.value})" for p in open_parts)
               + "; each must be done or waived")
    elif action is Action.RETURN and st.stage is Stage.IN_PROGRESS:
        why = "its team has started work on it; a case is returned before work starts"
    elif action is Action.RETURN and st.stage is Stage.DISPATCHED:
        if st.ruled_team_id is not None and st.ruled_team_id == st.team_id:
            why = "the coordinator ruled it to this team, and a ruling is final"
        elif st.reworked:
            why = "it came back as rework after a failed verification"
        elif st.return_until is not None:
            why = (f"the time to return it ended at {minute_text(st.return_until, zone)}")
    elif action is Action.CALLBACK and st.stage is Stage.CLOSED and not st.citizen:
        why = "it did not come from a citizen (hotline, walk-in or petition)"
    elif action is Action.CALLBACK and st.stage is Stage.CLOSED:
        why = "no callback is due"
    elif action is Action.DISPATCH and st.disputed:
        why = "it is disputed: the coordinator rules its owner"
    elif action is Action.DISPUTE and st.ruled_team_id is not None:
        why = "its owner was ruled, and a ruling is final"
    elif action in (Action.REPORT_IN, Action.PART_DONE, Action.WAIVE) and not open_parts:
        why = "no assisting part is open"
    raise ValidationError(
        f"Cannot {action.value} case {reference}: {why}. "
        f"Legal next steps: {', '.join(a.value for a in allowed)}.", "action")


def parse_teams(value: str | Sequence[str] | None) -> list[str]:
    """``"A, b"`` or ``["A", "b"]`` → ``["A", "B"]``, in order, without repeats."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        code = item.strip().upper()
        if code and code not in out:
            out.append(code)
    return out


def center_day(at: datetime, zone: ZoneInfo) -> int:
    """Epoch seconds of the center's midnight starting the day that holds ``at``."""
    local = at.astimezone(zone)
    return int(local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp())


def bump_daily(s: Session, at: datetime, zone: ZoneInfo, grid_id: int, team_id: int | None,
               **amounts: int) -> None:
    """Add ``amounts`` to the ``joint_daily`` row of ``at``'s day (in the center's time
    zone), grid and team (an upsert, as ``db.kpi_facts.add_daily`` does for case facts)."""
    key = {"day_s": center_day(at, zone), "grid_id": grid_id, "team_id": team_id or 0}
    columns = [c for c in DAILY_COUNTS if c in amounts]
    table = table_of(JointDaily)
    values = {**key, **{c: amounts.get(c, 0) for c in DAILY_COUNTS}}
    insert = upsert(s, table).values(**values)
    s.execute(insert.on_conflict_do_update(
        index_elements=["day_s", "grid_id", "team_id"],
        set_={c: table.c[c] + insert.excluded[c] for c in columns}))


# The counters of ``joint_daily`` (every column but its key).
DAILY_COUNTS = tuple(c.key for c in JointDaily.__table__.columns
                     if c.key not in ("day_s", "grid_id", "team_id"))


class JointSteps:
    """Reads and applies joint steps inside the case service's transaction."""

    def __init__(self, deadlines: DeadlineService, limits: JointLimits) -> None:
        self._deadlines = deadlines
        self.limits = limits

    def _zone(self) -> ZoneInfo:
        return self._deadlines.center_timezone()

    # ---- reading ---------------------------------------------------------------------

    def parts(self, s: Session, case_id: int) -> tuple[PartView, ...]:
        rows = s.execute(select(CasePart, Team.code).join(Team, Team.id == CasePart.team_id)
                         .where(CasePart.case_id == case_id).order_by(CasePart.id))
        return tuple(PartView(p.team_id, code, p.text, PartState(p.state), p.whistle,
                              p.summoned_at, p.reported_at, p.done_at) for p, code in rows)

    def callbacks(self, s: Session, case_id: int) -> tuple[CallbackView, ...]:
        rows = s.scalars(select(CaseCallback).where(CaseCallback.case_id == case_id)
                         .order_by(CaseCallback.round))
        return tuple(CallbackView(c.round, c.created_at, c.done_at,
                                  Satisfaction(c.satisfaction) if c.satisfaction else None,
                                  c.resolved, c.note) for c in rows)

    def state(self, s: Session, case: Case, now: datetime) -> JointState:
        callbacks = self.callbacks(s, case.id)
        until = (case.dispatched_at + self.limits.return_window
                 if case.dispatched_at is not None and case.team_id is not None else None)
        return JointState(
            stage=Stage(case.stage), paused=case.paused_at is not None,
            citizen=Source(case.source) in CITIZEN_SOURCES, team_id=case.team_id,
            return_count=case.return_count or 0, disputed=bool(case.disputed),
            ruled_team_id=case.ruled_team_id, return_until=until,
            parts=self.parts(s, case.id),
            callback_pending=any(c.done_at is None for c in callbacks),
            reworked=(case.rework_count or 0) > 0, now=now)

    def view(self, s: Session, case: Case, now: datetime) -> JointView:
        st = self.state(s, case, now)
        ruled = (s.scalar(select(Team.code).where(Team.id == case.ruled_team_id))
                 if case.ruled_team_id is not None else None)
        return JointView(st, ruled, self.callbacks(s, case.id), case.callback_reopens or 0,
                         legal_steps(st))

    # ---- the steps -----------------------------------------------------------------

    def summon(self, s: Session, case: Case, team: Team, text: str, now: datetime,
               whistle: bool) -> dict[str, Any]:
        """Give ``team`` an assisting part of ``case`` (or summon it again): a report-in
        clock and a part clock start now."""
        if team.id == case.team_id:
            raise ValidationError(
                f"Team {team.code} leads case {case.reference}; it cannot assist it too.",
                "assist")
        part = s.scalar(select(CasePart).where(CasePart.case_id == case.id,
                                               CasePart.team_id == team.id))
        if part is not None and part.state not in FINISHED:
            raise ValidationError(
                f"Team {team.code} already has an open part of case {case.reference}.",
                "assist")
        if part is None:  # a Core insert: the case row is flushed once, by the step
            part_id = s.execute(insert(table_of(CasePart)).values(
                case_id=case.id, team_id=team.id, text=text, state=PartState.SUMMONED.value,
                whistle=whistle, summoned_at=now, note="").returning(
                table_of(CasePart).c.id)).scalar_one()
        else:  # summoned again after its part was done or waived: fresh clocks
            part.text, part.state, part.whistle = text, PartState.SUMMONED.value, whistle
            part.summoned_at, part.reported_at, part.done_at = now, None, None
            part_id = part.id
        self._clocks(s, case, part_id, now)
        if whistle:
            bump_daily(s, now, self._zone(), case.grid_id, team.id, whistled=1)
        return {"team": team.code, **({"part": text} if text else {})}

    def _clocks(self, s: Session, case: Case, part_id: int, now: datetime) -> None:
        old = {d.kind: d for d in s.scalars(select(Deadline).where(
            Deadline.part_id == part_id))}
        report_in = self._deadlines.joint_clock(
            case, "report_in", now, int(self.limits.report_in.total_seconds()))
        work = self._deadlines.joint_clock(case, "part", now, None)
        for fresh in (report_in, work):
            existing = old.get(fresh.kind)
            if existing is not None:  # one clock per kind and part: restart it
                for name in ("calendar", "started_at", "budget_s", "warning_ratio", "long_s",
                             "warn_at", "due_at", "long_at", "next_at"):
                    setattr(existing, name, getattr(fresh, name))
                existing.paused_s, existing.paused_from = 0, None
                existing.level, existing.met_at = 0, None
            else:
                fresh.part_id = part_id
                s.add(fresh)

    def _part(self, s: Session, case: Case, team_code: str | None, action: Action,
              states: Sequence[PartState]) -> tuple[CasePart, str]:
        if not team_code:
            raise ValidationError(f"Name the assisting team to {action.value} for.", "team")
        code = team_code.strip().upper()
        row = s.execute(select(CasePart, Team.code).join(Team, Team.id == CasePart.team_id)
                        .where(CasePart.case_id == case.id, Team.code == code)).first()
        if row is None:
            raise ValidationError(
                f"Team {code} has no part of case {case.reference}.", "team")
        part = row[0]
        if PartState(part.state) not in states:
            raise ValidationError(
                f"Cannot {action.value} for team {code} on case {case.reference}: its part "
                f"is {part.state}.", "team")
        return part, code

    def _meet(self, s: Session, part: CasePart, kinds: Sequence[str], now: datetime) -> int:
        """Meet the part's clocks of ``kinds``; returns 1 if its part clock was met on
        time (for the on-time rate), else 0."""
        on_time = 0
        for d in s.scalars(select(Deadline).where(Deadline.part_id == part.id,
                                                  Deadline.kind.in_(list(kinds)),
                                                  Deadline.met_at.is_(None))):
            if d.kind == "part" and now <= d.due_at:
                on_time = 1
            d.met_at, d.next_at, d.paused_from = now, None, None
        return on_time

    def report_in(self, s: Session, case: Case, team: str | None,
                  now: datetime) -> dict[str, Any]:
        part, code = self._part(s, case, team, Action.REPORT_IN, (PartState.SUMMONED,))
        part.state, part.reported_at = PartState.REPORTED.value, now
        self._meet(s, part, ("report_in",), now)
        took = max(0, int((now - part.summoned_at).total_seconds()))
        bump_daily(s, now, self._zone(), case.grid_id, part.team_id, reported_in=1,
                   report_in_s=took)
        return {"team": code, "report_in_seconds": took}

    def finish(self, s: Session, case: Case, team: str | None, now: datetime,
               waived: bool, text: str) -> dict[str, Any]:
        action = Action.WAIVE if waived else Action.PART_DONE
        states = ((PartState.SUMMONED, PartState.REPORTED) if waived
                  else (PartState.REPORTED,))
        part, code = self._part(s, case, team, action, states)
        return self._finish(s, case, part, code, now, waived, text)

    def _finish(self, s: Session, case: Case, part: CasePart, code: str, now: datetime,
                waived: bool, text: str) -> dict[str, Any]:
        old = part.state
        part.state = (PartState.WAIVED if waived else PartState.DONE).value
        part.done_at = now
        if text:
            part.note = text
        on_time = self._meet(s, part, ("report_in", "part"), now)
        bump_daily(s, now, self._zone(), case.grid_id, part.team_id, parts_finished=1,
                   parts_on_time=on_time)
        return {"team": code, "part_state": [old, part.state]}

    def on_lead(self, s: Session, case: Case, team_id: int, now: datetime) -> None:
        """A team becomes the lead: its own assisting part, if open, is waived."""
        row = s.execute(select(CasePart, Team.code).join(Team, Team.id == CasePart.team_id)
                        .where(CasePart.case_id == case.id, CasePart.team_id == team_id,
                               CasePart.state.in_([PartState.SUMMONED.value,
                                                   PartState.REPORTED.value]))).first()
        if row is not None:
            self._finish(s, case, row[0], row[1], now, True, "now the lead team")

    def give_back(self, case: Case, reason: str, now: datetime,
                  s: Session) -> dict[str, Any]:
        """The lead team returns the case: back to registered, its dispatch clock runs
        again from now; the second return marks it disputed."""
        why = _reason(reason)
        team_id = case.team_id
        bump_daily(s, now, self._zone(), case.grid_id, team_id, **{RETURN_COLUMNS[why]: 1})
        case.return_count = (case.return_count or 0) + 1
        detail: dict[str, Any] = {"reason": why.value, "return_count": case.return_count,
                                  "returned_by": _code(s, team_id)}
        case.team_id = None
        case.dispatched_at = None
        case.started_at = None
        case.stage = Stage.REGISTERED.value
        if case.return_count >= self.limits.returns_before_dispute and not case.disputed:
            case.disputed = True
            detail["disputed"] = True
        self._deadlines.restart_dispatch(s, case, now)
        return detail

    def rule(self, s: Session, case: Case, team: Team, now: datetime) -> dict[str, Any]:
        case.ruled_team_id = team.id
        case.disputed = False
        bump_daily(s, now, self._zone(), case.grid_id, team.id, ruled=1)
        return {"ruled": team.code}

    def on_close(self, s: Session, case: Case, now: datetime) -> dict[str, Any]:
        """A citizen's case gets its next callback, due within the callback limit."""
        if Source(case.source) not in CITIZEN_SOURCES:
            return {}
        rounds = s.scalar(select(CaseCallback.round).where(CaseCallback.case_id == case.id)
                          .order_by(CaseCallback.round.desc()).limit(1)) or 0
        # A Core insert: the case row is flushed once, by the step.
        table = table_of(CaseCallback)
        callback_id = s.execute(insert(table).values(
            case_id=case.id, round=rounds + 1, created_at=now, note="").returning(
            table.c.id)).scalar_one()
        clock = self._deadlines.joint_clock(case, "callback", now,
                                            int(self.limits.callback.total_seconds()))
        clock.callback_id = callback_id
        s.add(clock)
        bump_daily(s, now, self._zone(), case.grid_id, case.team_id, callbacks_due=1)
        return {"callback_due": minute_text(clock.due_at, self._deadlines.center_timezone()),
                "callback_round": rounds + 1}

    def callback(self, s: Session, case: Case, satisfaction: str | None,
                 resolved: bool | None, text: str, now: datetime) -> tuple[dict[str, Any], bool]:
        """Record the pending callback; returns its audit detail and whether the case
        reopens (dissatisfied, or not resolved in the citizen's view)."""
        try:
            sat = Satisfaction(str(satisfaction or "").strip().lower())
        except ValueError:
            raise ValidationError(
                f"Unknown satisfaction {satisfaction!r}; use one of: "
                f"{', '.join(m.value for m in Satisfaction)}.", "satisfaction") from None
        if resolved is None:
            raise ValidationError("Say whether the citizen sees the problem resolved "
                                  "(yes or no).", "resolved")
        callback = s.scalar(select(CaseCallback).where(CaseCallback.case_id == case.id,
                                                       CaseCallback.done_at.is_(None)))
        assert callback is not None  # check_step: a callback is pending
        callback.done_at, callback.satisfaction = now, sat.value
        callback.resolved, callback.note = resolved, text
        for d in s.scalars(select(Deadline).where(Deadline.callback_id == callback.id,
                                                  Deadline.met_at.is_(None))):
            d.met_at, d.next_at = now, None
        bump_daily(s, now, self._zone(), case.grid_id, case.team_id, callbacks_done=1,
                   resolved_yes=int(resolved), **{sat.value: 1})
        reopen = sat is Satisfaction.DISSATISFIED or not resolved
        detail: dict[str, Any] = {"satisfaction": sat.value, "resolved": resolved,
                                  "callback_round": callback.round}
        if reopen:
            old = case.stage
            case.stage = Stage.REGISTERED.value
            case.callback_reopens = (case.callback_reopens or 0) + 1
            case.closed_at = case.verified_at = case.resolved_at = None
            case.started_at = case.dispatched_at = None
            case.team_id = None
            self._deadlines.reopen_after_callback(s, case, now)
            detail.update(stage=[old, case.stage], callback_reopens=case.callback_reopens)
        return detail, reopen


def _reason(value: str) -> ReturnReason:
    try:
        return ReturnReason(value.strip().lower())
    except ValueError:
        raise ValidationError(
            f"Unknown return reason {value!r}; use one of: "
            f"{', '.join(m.value for m in ReturnReason)}.", "reason") from None


def _code(s: Session, team_id: int | None) -> str | None:
    return s.scalar(select(Team.code).where(Team.id == team_id)) if team_id else None
