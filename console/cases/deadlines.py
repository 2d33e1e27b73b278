"""Per-case stage deadlines: created, met, paused, shortened and moved by policy edits.

Every function here runs inside the transaction of the case change that caused it, so a
case and its deadlines never disagree. Thresholds are stored on each deadline (warning,
breach, long breach) so that the escalation engine needs no policy lookups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from console.alerts.conditions import resolve_deadline_alerts
from console.cases.calendar import DeadlineClock
from console.cases.lifecycle import Action
from console.cases.sla import ROUND_THE_CLOCK, PolicyView, SlaService
from console.core.domain import OPEN_STAGES, Category, Severity
from console.core.local_time import minute_text
from console.core.reconnect import retries_lost_connection
from db.database import Database
from db.models import Case, CasePart, Deadline, SlaTier

REGISTER, DISPATCH, RESOLVE = "register", "dispatch", "resolve"
KINDS = (REGISTER, DISPATCH, RESOLVE)

WARNING, BREACHED, BREACHED_LONG = 1, 2, 3
LEVEL_NAMES = {0: "on time", WARNING: "warning", BREACHED: "breached",
               BREACHED_LONG: "breached for long"}


@dataclass(frozen=True, slots=True)
class DeadlineView:
    kind: str
    calendar: str
    started_at: datetime
    warn_at: datetime
    due_at: datetime
    long_at: datetime
    level: int
    met_at: datetime | None
    paused: bool


def minutes_late(deadline: DeadlineView) -> int | None:
    """How many minutes after its due time a met deadline was met (negative: early);
    None while it is not met."""
    if deadline.met_at is None:
        return None
    return int((deadline.met_at - deadline.due_at).total_seconds() // 60)


def latest_met(deadlines: Sequence[DeadlineView]) -> DeadlineView | None:
    """The met deadline that was met latest past its due time, if any was met late: what
    a case's header summarises once no deadline of it is running any more."""
    late = [(m, d) for d in deadlines if (m := minutes_late(d)) is not None and m > 0]
    return max(late, key=lambda pair: pair[0])[1] if late else None


def thresholds(clock: DeadlineClock, started_at: datetime, budget_s: float, ratio: float,
               long_s: float, paused_s: float) -> tuple[datetime, datetime, datetime]:
    """(warning, breach, long breach) instants: the moments when the counted time since
    ``started_at``, less paused time, reaches ratio × budget, the budget, budget + long."""
    return (clock.add(started_at, ratio * budget_s + paused_s),
            clock.add(started_at, budget_s + paused_s),
            clock.add(started_at, budget_s + long_s + paused_s))


def level_at(warn_at: datetime, due_at: datetime, long_at: datetime, now: datetime) -> int:
    if now >= long_at:
        return BREACHED_LONG
    if now >= due_at:
        return BREACHED
    if now >= warn_at:
        return WARNING
    return 0


def next_threshold(level: int, warn_at: datetime, due_at: datetime,
                   long_at: datetime) -> datetime | None:
    """When the level after ``level`` is reached (None once at the top)."""
    return (warn_at, due_at, long_at, None)[level]


def _minutes(policy: PolicyView, kind: str) -> int:
    return {REGISTER: policy.register_minutes, DISPATCH: policy.dispatch_minutes,
            RESOLVE: policy.resolve_minutes}[kind]


@retries_lost_connection
class DeadlineService:
    """Keeps the ``deadlines`` rows and the board's denormalised columns in step."""

    def __init__(self, db: Database, sla: SlaService) -> None:
        self._db = db
        self._sla = sla
        sla.on_policy_changed = self._on_policy_changed

    def center_timezone(self) -> ZoneInfo:
        """The monitoring center's time zone (the working calendar's)."""
        return ZoneInfo(self._sla.working_calendar().timezone)

    # ---- hooks called by CaseService inside its transaction ---------------------------

    def plan_report(self, s: Session, case: Case, now: datetime) -> list[Deadline]:
        """Before a new case's first flush: pick its tier, work out its register and
        resolve deadlines and the board columns. ``attach`` them once it has an id."""
        tier_id, factor = self._sla.tier_for(s, case.grid_id, now)
        case.sla_tier_id = tier_id
        deadlines = [self._new(case, REGISTER, case.reported_at, factor),
                     self._new(case, RESOLVE, case.reported_at, factor)]
        self._refresh(case, deadlines, now)
        return deadlines

    @staticmethod
    def attach(s: Session, case: Case, deadlines: list[Deadline]) -> None:
        for d in deadlines:
            d.case_id = case.id
        s.add_all(deadlines)

    def on_step(self, s: Session, case: Case, action: Action, now: datetime) -> None:
        with s.no_autoflush:
            deadlines = list(s.scalars(select(Deadline).where(Deadline.case_id == case.id)))
            pending_before = {d.id for d in deadlines if d.met_at is None}
            by_kind = {d.kind: d for d in deadlines}
            if action is Action.REGISTER:
                self._meet(by_kind.get(REGISTER), now)
                if DISPATCH not in by_kind:
                    factor = self._tier_factor(s, case)
                    fresh = self._new(case, DISPATCH, now, factor)
                    if case.paused_at is not None:
                        fresh.paused_from, fresh.next_at = now, None
                    s.add(fresh)
                    deadlines.append(fresh)
            elif action in (Action.DISPATCH, Action.RULE):  # a ruling dispatches too
                self._meet(by_kind.get(DISPATCH), now)
            elif action is Action.RESOLVE:
                self._meet(by_kind.get(RESOLVE), now)
            elif action is Action.REOPEN:
                # Verification failed: the work was not done, so the resolve clock runs on
                # from where it was; rework does not buy a fresh deadline.
                resolve = by_kind.get(RESOLVE)
                if resolve is not None:
                    resolve.met_at = None
                    resolve.next_at = next_threshold(resolve.level, resolve.warn_at,
                                                     resolve.due_at, resolve.long_at)
            elif action is Action.CLOSE:
                for d in deadlines:
                    self._meet(d, now)
            elif action is Action.PAUSE:
                for d in [*deadlines, *self._part_clocks(s, case)]:
                    if d.met_at is None and d.paused_from is None:
                        d.paused_from, d.next_at = now, None
            elif action is Action.RESUME:
                for d in [*deadlines, *self._part_clocks(s, case)]:
                    if d.met_at is None and d.paused_from is not None:
                        clock = self._sla.clock_for(d.calendar)
                        d.paused_s += int(clock.between(d.paused_from, now))
                        d.paused_from = None
                        self._recompute(d)
            self._refresh(case, deadlines, now)
            met = [d for d in deadlines if d.id in pending_before and d.met_at is not None]
            if met:
                kinds = ", ".join(sorted({d.kind for d in met}))
                resolve_deadline_alerts(
                    s, [d.id for d in met], now,
                    f"{case.reference}: {kinds} deadline met at "
                    f"{minute_text(now, self.center_timezone())} ({action.value})")

    @staticmethod
    def _part_clocks(s: Session, case: Case) -> list[Deadline]:
        """The pending clocks of the case's assisting parts (they pause with the case)."""
        return list(s.scalars(select(Deadline).join(CasePart, CasePart.id == Deadline.part_id)
                              .where(CasePart.case_id == case.id, Deadline.met_at.is_(None))))

    # ---- joint handling (console/cases/joint.py) ------------------------------------

    def joint_clock(self, case: Case, kind: str, start: datetime,
                    seconds: int | None) -> Deadline:
        """A clock of an assisting part or a callback, without its subject (the caller sets
        ``part_id`` or ``callback_id``). ``seconds`` runs round the clock; None takes the
        case policy's resolve time on the policy's calendar."""
        policy = self._sla.policy_for(Category(case.category), Severity(case.severity))
        if seconds is None:
            calendar, budget = policy.calendar, policy.resolve_minutes * 60
        else:
            calendar, budget = ROUND_THE_CLOCK, seconds
        d = Deadline(kind=kind, calendar=calendar, started_at=start, budget_s=max(1, budget),
                     warning_ratio=policy.warning_ratio,
                     long_s=int(policy.long_breach_minutes * 60), paused_s=0, level=0,
                     met_at=None, paused_from=None)
        self._recompute(d)
        return d

    def _restart(self, s: Session, case: Case, kinds: Sequence[str], now: datetime) -> None:
        """Run the case's clocks of ``kinds`` again from ``now``, at level 0 (a new cycle:
        each level escalates once per cycle)."""
        with s.no_autoflush:
            deadlines = list(s.scalars(select(Deadline).where(Deadline.case_id == case.id)))
            by_kind = {d.kind: d for d in deadlines}
            factor = self._tier_factor(s, case)
            for kind in kinds:
                fresh = self._new(case, kind, now, factor)
                d = by_kind.get(kind)
                if d is None:
                    s.add(fresh)
                    deadlines.append(fresh)
                    continue
                for name in ("calendar", "started_at", "budget_s", "warning_ratio", "long_s",
                             "warn_at", "due_at", "long_at", "next_at"):
                    setattr(d, name, getattr(fresh, name))
                d.paused_s, d.paused_from, d.level, d.met_at = 0, None, 0, None
            self._refresh(case, deadlines, now)

    def restart_dispatch(self, s: Session, case: Case, now: datetime) -> None:
        """A returned case waits for its next dispatch: the dispatch clock runs again."""
        self._restart(s, case, (DISPATCH,), now)

    def reopen_after_callback(self, s: Session, case: Case, now: datetime) -> None:
        """A case reopened by its callback is dispatched and resolved again, on fresh
        clocks (the citizen's complaint starts a new cycle)."""
        self._restart(s, case, (DISPATCH, RESOLVE), now)

    def on_supervise(self, s: Session, case: Case, now: datetime) -> int:
        """Shorten what is left of every pending deadline by the policy's supervision
        factor. Returns how many deadlines moved."""
        factor = self._sla.policy_for(Category(case.category),
                                      Severity(case.severity)).supervision_factor
        moved = 0
        with s.no_autoflush:
            deadlines = list(s.scalars(select(Deadline).where(Deadline.case_id == case.id)))
            for d in deadlines:
                if d.met_at is not None:
                    continue
                clock = self._sla.clock_for(d.calendar)
                until = d.paused_from or now
                used = clock.between(d.started_at, until) - d.paused_s
                left = d.budget_s - used
                if left > 0:
                    d.budget_s = max(1, int(used + left * factor))
                    self._recompute(d)
                    moved += 1
            self._refresh(case, deadlines, now)
        return moved

    # ---- helpers -------------------------------------------------------------------

    def _tier_factor(self, s: Session, case: Case) -> float:
        if case.sla_tier_id is None:
            return 1.0
        factor = s.scalar(select(SlaTier.factor).where(SlaTier.id == case.sla_tier_id))
        return float(factor) if factor is not None else 1.0

    def _new(self, case: Case, kind: str, start: datetime, factor: float) -> Deadline:
        policy = self._sla.policy_for(Category(case.category), Severity(case.severity))
        budget = _minutes(policy, kind) * 60 * factor
        if case.supervised:  # set: a new column default is only applied at flush
            budget *= policy.supervision_factor
        d = Deadline(case_id=case.id, kind=kind, calendar=policy.calendar, started_at=start,
                     budget_s=max(1, int(budget)), warning_ratio=policy.warning_ratio,
                     long_s=int(policy.long_breach_minutes * 60 * factor), paused_s=0,
                     level=0, met_at=None, paused_from=None)
        self._recompute(d)
        return d

    def _recompute(self, d: Deadline) -> None:
        """Thresholds from the stored budget; the level never goes down."""
        clock = self._sla.clock_for(d.calendar)
        d.warn_at, d.due_at, d.long_at = thresholds(
            clock, d.started_at, d.budget_s, d.warning_ratio, d.long_s, d.paused_s)
        paused = d.paused_from is not None
        d.next_at = None if paused or d.met_at is not None else next_threshold(
            d.level or 0, d.warn_at, d.due_at, d.long_at)

    @staticmethod
    def _meet(d: Deadline | None, now: datetime) -> None:
        if d is not None and d.met_at is None:
            d.met_at, d.next_at, d.paused_from = now, None, None

    @staticmethod
    def _refresh(case: Case, deadlines: Sequence[Deadline], now: datetime) -> None:
        """The board's view of the case: highest pending level and the next due time."""
        pending = [d for d in deadlines if d.met_at is None]
        case.escalation_level = max((d.level or 0 for d in pending), default=0)
        nearest = min(pending, key=lambda d: d.due_at, default=None)
        case.next_due_at = nearest.due_at if nearest else None
        case.next_due_kind = nearest.kind if nearest else None

    def _on_policy_changed(self, s: Session, policy: PolicyView,
                           now: datetime) -> tuple[int, int]:
        """Move the pending deadlines of open cases under ``policy`` to its new limits."""
        rows = s.execute(
            select(Deadline, Case.supervised, SlaTier.factor)
            .join(Case, Case.id == Deadline.case_id)
            .outerjoin(SlaTier, SlaTier.id == Case.sla_tier_id)
            .where(Case.category == policy.category.value,
                   Case.severity == int(policy.severity),
                   Case.stage.in_([st.value for st in OPEN_STAGES]),
                   Deadline.met_at.is_(None))).all()
        case_ids: set[int] = set()
        for d, supervised, tier_factor in rows:
            budget = _minutes(policy, d.kind) * 60 * (tier_factor or 1.0)
            if supervised:
                budget *= policy.supervision_factor
            d.budget_s = max(1, int(budget))
            d.warning_ratio = policy.warning_ratio
            d.long_s = int(policy.long_breach_minutes * 60 * (tier_factor or 1.0))
            d.calendar = policy.calendar
            self._recompute(d)
            if d.case_id is not None:
                case_ids.add(d.case_id)
        s.flush()
        refresh_cases(s, case_ids)
        return len(rows), len(case_ids)

    # ---- hazard inspection clocks -----------------------------------------------------

    @staticmethod
    def open_inspection_clock(s: Session, hazard_id: int, now: datetime, due_at: datetime,
                              warn_before: timedelta, long_after: timedelta) -> Deadline:
        """Start a hazard's next inspection cycle: level 1 ``warn_before`` the due date
        (coming due), 2 at the due date (overdue), 3 ``long_after`` it. The previous
        cycle's clock, if any, is met now, and the alerts it raised resolve themselves.
        Runs in the caller's transaction."""
        _resolve_inspection_alerts(s, hazard_id, now, "inspection recorded")
        s.execute(update(Deadline).where(Deadline.hazard_id == hazard_id,
                                         Deadline.met_at.is_(None))
                  .values(met_at=now, next_at=None).execution_options(
                      synchronize_session=False))
        warn_at = min(due_at, max(now, due_at - warn_before))
        budget = max(1, int((due_at - now).total_seconds()))
        clock = Deadline(hazard_id=hazard_id, kind="inspection", calendar="24x7",
                         started_at=now, budget_s=budget,
                         warning_ratio=max(0.0, (warn_at - now).total_seconds()) / budget,
                         long_s=int(long_after.total_seconds()), paused_s=0,
                         warn_at=warn_at, due_at=due_at, long_at=due_at + long_after,
                         level=0, next_at=warn_at)
        s.add(clock)
        return clock

    @staticmethod
    def close_inspection_clock(s: Session, hazard_id: int, now: datetime) -> None:
        """A retired hazard stops being watched (a mitigated one stays watched: its
        controls must be seen to hold)."""
        _resolve_inspection_alerts(s, hazard_id, now, "hazard retired")
        s.execute(update(Deadline).where(Deadline.hazard_id == hazard_id,
                                         Deadline.met_at.is_(None))
                  .values(met_at=now, next_at=None).execution_options(
                      synchronize_session=False))

    # ---- reading and repair ----------------------------------------------------------

    def for_case(self, case_id: int) -> list[DeadlineView]:
        with self._db.read() as s:
            rows = s.scalars(select(Deadline).where(Deadline.case_id == case_id)
                             .order_by(Deadline.id))
            return [DeadlineView(d.kind, d.calendar, d.started_at, d.warn_at, d.due_at,
                                 d.long_at, d.level, d.met_at, d.paused_from is not None)
                    for d in rows]

    def backfill(self) -> int:
        """Give deadlines to open cases that have none (cases seeded or imported in bulk).
        Clocks start from the case's own stage times; levels catch up at the next sweep,
        one audited step at a time. Returns how many cases got deadlines."""
        with self._db.write.begin() as s:
            missing = list(s.scalars(
                select(Case).outerjoin(Deadline, Deadline.case_id == Case.id)
                .where(Case.stage.in_([st.value for st in OPEN_STAGES]),
                       Deadline.id.is_(None))))
            with s.no_autoflush:
                for case in missing:
                    factor = self._tier_factor(s, case)
                    register = self._new(case, REGISTER, case.reported_at, factor)
                    resolve = self._new(case, RESOLVE, case.reported_at, factor)
                    made = [register, resolve]
                    if case.registered_at is not None:
                        self._meet(register, case.registered_at)
                        dispatch = self._new(case, DISPATCH, case.registered_at, factor)
                        if case.dispatched_at is not None:
                            self._meet(dispatch, case.dispatched_at)
                        made.append(dispatch)
                    if case.resolved_at is not None:
                        self._meet(resolve, case.resolved_at)
                    if case.paused_at is not None:
                        for d in made:
                            if d.met_at is None:
                                d.paused_from, d.next_at = case.paused_at, None
                    s.add_all(made)
            s.flush()
            refresh_cases(s, {c.id for c in missing})
            return len(missing)


def refresh_cases(s: Session, case_ids: set[int]) -> None:
    """Recompute the board columns of ``case_ids`` from their deadlines (Core, no version
    bump: an escalation is not an edit an officer could conflict with)."""
    if not case_ids:
        return
    pending = and_(Deadline.case_id == Case.id, Deadline.met_at.is_(None))
    level = select(func.coalesce(func.max(Deadline.level), 0)).where(pending)
    due = select(func.min(Deadline.due_at)).where(pending)
    kind = select(Deadline.kind).where(pending).order_by(Deadline.due_at).limit(1)
    ids = sorted(case_ids)
    for start in range(0, len(ids), 500):
        s.execute(update(Case).where(Case.id.in_(ids[start:start + 500])).values(
            escalation_level=level.scalar_subquery(), next_due_at=due.scalar_subquery(),
            next_due_kind=kind.scalar_subquery()).execution_options(synchronize_session=False))


def _resolve_inspection_alerts(s: Session, hazard_id: int, now: datetime, reason: str) -> None:
    pending = s.scalars(select(Deadline.id).where(Deadline.hazard_id == hazard_id,
                                                  Deadline.met_at.is_(None))).all()
    if pending:
        resolve_deadline_alerts(s, pending, now, reason)
