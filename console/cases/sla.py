"""SLA policies, stricter tiers and the working calendar that deadlines are computed from."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session

from console.cases.calendar import DeadlineClock, RoundTheClock, WorkingCalendar
from console.clock import Clock
from console.core.domain import Category, OperatorRef, Role, Severity
from console.core.durations import parse_span
from console.core.errors import NotFound, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned, VersionedWrites
from console.operators.service import require_role
from db.database import Database
from db.models import CalendarDay, SlaPolicy, SlaTier, SlaTierGrid, WorkingCalendarRow

COORDINATORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
CALENDAR_FILE = Path(__file__).resolve().parents[2] / "resources" / "sla" / "calendar.json"

ROUND_THE_CLOCK = "24x7"
WORKING_TIME = "working"
WORKING_DAY_MINUTES = 450  # 08:30-12:00 and 13:30-17:30

# (register, dispatch, resolve, long breach) minutes, round the clock, by severity.
_EMERGENCY = {
    Severity.CRITICAL: (5, 10, 4 * 60, 30),
    Severity.HIGH: (15, 30, 24 * 60, 2 * 60),
    Severity.MEDIUM: (60, 4 * 60, 3 * 24 * 60, 24 * 60),
    Severity.LOW: (4 * 60, 8 * 60, 7 * 24 * 60, 2 * 24 * 60),
}
# Answered in working days: (register, dispatch, resolve, long) in working days.
_WORKING = {
    Severity.CRITICAL: (0.5, 0.5, 5, 1),
    Severity.HIGH: (1, 1, 10, 2),
    Severity.MEDIUM: (1, 2, 15, 5),
    Severity.LOW: (2, 3, 15, 5),
}
# Categories answered in working time at every severity, and at medium/low only.
_ALWAYS_WORKING = {Category.PETITION}
_MINOR_WORKING = {Category.DISPUTE, Category.ENVIRONMENT, Category.OTHER}


@dataclass(frozen=True, slots=True)
class PolicyView:
    id: int
    category: Category
    severity: Severity
    register_minutes: int
    dispatch_minutes: int
    resolve_minutes: int
    warning_ratio: float
    long_breach_minutes: int
    calendar: str
    supervision_factor: float
    version: int


@dataclass(frozen=True, slots=True)
class TierView:
    id: int
    name: str
    factor: float
    starts_at: datetime
    ends_at: datetime
    active: bool
    grid_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """What a policy edit did: the policy as saved and the pending deadlines it moved."""

    policy: PolicyView
    deadlines_moved: int
    cases_affected: int

    def summary(self) -> str:
        return (f"Policy {self.policy.category.value}/{self.policy.severity.value} saved; "
                f"{self.deadlines_moved} pending deadline(s) of {self.cases_affected} open "
                f"case(s) moved to the new limits.")


EDITABLE = ("register_minutes", "dispatch_minutes", "resolve_minutes", "warning_ratio",
            "long_breach_minutes", "calendar", "supervision_factor")


def default_policies() -> list[dict[str, Any]]:
    """The policies a new database starts with: minutes for emergencies, working days for
    petitions and for minor disputes and environment cases."""
    out = []
    for category in Category:
        for severity in Severity:
            working = category in _ALWAYS_WORKING or (
                category in _MINOR_WORKING and severity >= Severity.MEDIUM)
            if working:
                days = _WORKING[severity]
                reg, dis, res, long_ = (round(d * WORKING_DAY_MINUTES) for d in days)
            else:
                reg, dis, res, long_ = _EMERGENCY[severity]
                if category is Category.FIRE and severity is Severity.CRITICAL:
                    reg, dis = 3, 5
            out.append({
                "category": category.value, "severity": int(severity),
                "register_minutes": reg, "dispatch_minutes": dis, "resolve_minutes": res,
                "warning_ratio": 0.75, "long_breach_minutes": long_,
                "calendar": WORKING_TIME if working else ROUND_THE_CLOCK,
                "supervision_factor": 0.5,
            })
    return out


def _view(p: SlaPolicy) -> PolicyView:
    return PolicyView(p.id, Category(p.category), Severity(p.severity), p.register_minutes,
                      p.dispatch_minutes, p.resolve_minutes, p.warning_ratio,
                      p.long_breach_minutes, p.calendar, p.supervision_factor, p.version)


def versioned(policy: SlaPolicy) -> Versioned:
    """The policy as its stale writes name it: ``SLA policy fire/1`` (category/severity)."""
    return Versioned("SLA policy", f"{policy.category}/{policy.severity}", "sla_policy",
                     policy.id, policy.version, policy.updated_by_id, policy.updated_at)


def validate_policy_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Check edited policy values; raise ``ValidationError`` naming the field."""
    clean: dict[str, Any] = {}
    for name in ("register_minutes", "dispatch_minutes", "resolve_minutes",
                 "long_breach_minutes"):
        if name in values:
            value = values[name]
            minutes_or_none = (value if isinstance(value, int) and not isinstance(value, bool)
                               else parse_span(str(value)))
            if minutes_or_none is None:
                raise ValidationError(
                    f"{name.replace('_', ' ')} must be a span such as '4 d 16 h 30 min', "
                    "'2 h' or whole minutes.", name)
            minutes = minutes_or_none
            if not 1 <= minutes <= 366 * 24 * 60:
                raise ValidationError(
                    f"{name.replace('_', ' ')} must be between 1 minute and a year.", name)
            clean[name] = minutes
    for name, lo, hi in (("warning_ratio", 0.05, 0.99), ("supervision_factor", 0.05, 1.0)):
        if name in values:
            try:
                ratio = float(values[name])
            except (TypeError, ValueError):
                raise ValidationError(f"{name.replace('_', ' ')} must be a number.",
                                      name) from None
            if not lo <= ratio <= hi:
                raise ValidationError(
                    f"{name.replace('_', ' ')} must be between {lo} and {hi}.", name)
            clean[name] = ratio
    if "calendar" in values:
        if values["calendar"] not in (ROUND_THE_CLOCK, WORKING_TIME):
            raise ValidationError("calendar must be '24x7' or 'working'.", "calendar")
        clean["calendar"] = values["calendar"]
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown policy field(s): {', '.join(sorted(unknown))}.")
    return clean


@retries_lost_connection
class SlaService:
    """Reads and edits policies and tiers; builds the clocks deadlines count with."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._writes = VersionedWrites(db, self._center_zone)
        self._lock = threading.Lock()
        self._policies: dict[tuple[Category, Severity], PolicyView] | None = None
        self._calendar: WorkingCalendar | None = None
        # Set by the deadline service: moves pending deadlines when a policy changes.
        self.on_policy_changed: Callable[[Session, PolicyView, datetime], tuple[int, int]] | \
            None = None

    # ---- setup ---------------------------------------------------------------------

    def ensure_defaults(self, actor: OperatorRef) -> bool:
        """Install default policies and the working calendar into a database without
        them. Returns True if anything was installed."""
        require_role(actor, COORDINATORS, "install SLA policies")
        now = self._clock.now()
        installed = False
        with self._db.read() as s:  # the usual case: nothing to install, no write lock
            if (s.scalar(select(func.count()).select_from(SlaPolicy))
                    and s.scalar(select(func.count()).select_from(WorkingCalendarRow))):
                return False
        with self._db.write.begin() as s:
            if not s.scalar(select(func.count()).select_from(SlaPolicy)):
                s.execute(insert(SlaPolicy), [
                    {**p, "updated_at": now, "updated_by_id": actor.id, "version": 1}
                    for p in default_policies()])
                installed = True
            if not s.scalar(select(func.count()).select_from(WorkingCalendarRow)):
                self._install_calendar(s, CALENDAR_FILE)
                installed = True
        if installed:
            self.invalidate()
        return installed

    @staticmethod
    def _install_calendar(s: Session, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        row = WorkingCalendarRow(name="default", timezone=data["timezone"],
                                 weekdays=json.dumps(data["weekdays"]),
                                 periods=json.dumps(data["periods"]))
        s.add(row)
        s.flush()
        days = [{"calendar_id": row.id, "day": date.fromisoformat(d), "kind": "off",
                 "name": n} for d, n in data.get("holidays", {}).items()]
        days += [{"calendar_id": row.id, "day": date.fromisoformat(d), "kind": "work",
                  "name": n} for d, n in data.get("workdays", {}).items()]
        if days:
            s.execute(insert(CalendarDay), days)

    def invalidate(self) -> None:
        with self._lock:
            self._policies = None
            self._calendar = None

    # ---- reading -------------------------------------------------------------------

    def policies(self) -> list[PolicyView]:
        return sorted(self._load().values(), key=lambda p: (p.category.value, p.severity))

    def policy_for(self, category: Category, severity: Severity) -> PolicyView:
        policies = self._load()
        found = policies.get((category, severity))
        if found is None:
            raise NotFound(f"No SLA policy for {category.value} severity {int(severity)}.")
        return found

    def _load(self) -> dict[tuple[Category, Severity], PolicyView]:
        with self._lock:
            if self._policies is None:
                with self._db.read() as s:
                    self._policies = {(Category(p.category), Severity(p.severity)): _view(p)
                                      for p in s.scalars(select(SlaPolicy))}
            return self._policies

    def working_calendar(self) -> WorkingCalendar:
        with self._lock:
            if self._calendar is None:
                self._calendar = self._read_calendar()
            return self._calendar

    def _read_calendar(self) -> WorkingCalendar:
        with self._db.read() as s:
            row = s.scalars(select(WorkingCalendarRow).where(
                WorkingCalendarRow.name == "default")).first()
            if row is None:
                return WorkingCalendar()
            days = list(s.scalars(select(CalendarDay).where(CalendarDay.calendar_id == row.id)))
        periods = tuple((time.fromisoformat(a), time.fromisoformat(b))
                        for a, b in json.loads(row.periods))
        return WorkingCalendar(
            timezone=row.timezone, weekdays=frozenset(json.loads(row.weekdays)),
            periods=periods,
            holidays=frozenset(d.day for d in days if d.kind == "off"),
            workdays=frozenset(d.day for d in days if d.kind == "work"))

    def clock_for(self, calendar: str) -> DeadlineClock:
        return self.working_calendar() if calendar == WORKING_TIME else RoundTheClock()

    # ---- editing -------------------------------------------------------------------

    def _center_zone(self) -> ZoneInfo:
        return ZoneInfo(self.working_calendar().timezone)

    @staticmethod
    def _policy(s: Session, policy_id: int) -> SlaPolicy:
        policy = s.get(SlaPolicy, policy_id)
        if policy is None:
            raise NotFound(f"No SLA policy with id {policy_id}.")
        return policy

    def update_policy(self, actor: OperatorRef, policy_id: int, expected_version: int,
                      **values: Any) -> PolicyChange:
        """Change a policy; pending deadlines of open cases under it move in the same
        transaction, and the result says how many."""
        require_role(actor, COORDINATORS, "edit SLA policies")
        clean = validate_policy_fields(values)
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._policy(s, policy_id))) as s:
            policy = self._policy(s, policy_id)
            self._writes.check(s, versioned(policy), expected_version)
            detail: dict[str, Any] = {k: [getattr(policy, k), v] for k, v in clean.items()
                                      if getattr(policy, k) != v}
            for k, v in clean.items():
                setattr(policy, k, v)
            policy.updated_at = now
            policy.updated_by_id = actor.id
            s.flush()
            view = _view(policy)
            moved, cases = (0, 0)
            if detail and self.on_policy_changed is not None:
                moved, cases = self.on_policy_changed(s, view, now)
            detail["deadlines_moved"] = moved
            record(s, actor=actor, at=now, entity="sla_policy", entity_id=policy.id,
                   action="edit", detail=detail)
        self.invalidate()
        return PolicyChange(view, moved, cases)

    # ---- tiers ---------------------------------------------------------------------

    def create_tier(self, actor: OperatorRef, *, name: str, factor: float,
                    grid_ids: Iterable[int], starts_at: datetime,
                    ends_at: datetime) -> TierView:
        """Switch on a stricter tier: cases opened in ``grid_ids`` between ``starts_at``
        and ``ends_at`` get their limits multiplied by ``factor`` (e.g. 0.5)."""
        require_role(actor, COORDINATORS, "switch on a stricter tier")
        name = name.strip()
        grids = sorted(set(grid_ids))
        if not name:
            raise ValidationError("Give the tier a name (e.g. 'Flood season 2026').", "name")
        if not 0.05 <= factor < 1:
            raise ValidationError("A stricter tier's factor must be below 1 (e.g. 0.5).",
                                  "factor")
        if ends_at <= starts_at:
            raise ValidationError("The tier must end after it starts.", "ends_at")
        if not grids:
            raise ValidationError("Choose at least one grid for the tier.", "grids")
        now = self._clock.now()
        with self._db.write.begin() as s:
            tier = SlaTier(name=name, factor=factor, starts_at=starts_at, ends_at=ends_at,
                           active=True, created_by_id=actor.id, created_at=now)
            s.add(tier)
            s.flush()
            s.execute(insert(SlaTierGrid), [{"tier_id": tier.id, "grid_id": g} for g in grids])
            record(s, actor=actor, at=now, entity="sla_tier", entity_id=tier.id,
                   action="create", op="insert",
                   detail={"name": name, "factor": factor, "grids": grids,
                           "starts_at": starts_at, "ends_at": ends_at})
            return TierView(tier.id, name, factor, starts_at, ends_at, True, frozenset(grids))

    def tiers(self) -> list[TierView]:
        with self._db.read() as s:
            grids: dict[int, set[int]] = {}
            for tid, gid in s.execute(select(SlaTierGrid.tier_id, SlaTierGrid.grid_id)):
                grids.setdefault(tid, set()).add(gid)
            return [TierView(t.id, t.name, t.factor, t.starts_at, t.ends_at, t.active,
                             frozenset(grids.get(t.id, ())))
                    for t in s.scalars(select(SlaTier).order_by(SlaTier.starts_at))]

    def tier_for(self, s: Session, grid_id: int, at: datetime) -> tuple[int | None, float]:
        """The strictest active tier covering ``grid_id`` at ``at``: (tier id, factor)."""
        row = s.execute(
            select(SlaTier.id, SlaTier.factor)
            .join(SlaTierGrid, SlaTierGrid.tier_id == SlaTier.id)
            .where(and_(SlaTierGrid.grid_id == grid_id, SlaTier.active.is_(True),
                        SlaTier.starts_at <= at, SlaTier.ends_at > at))
            .order_by(SlaTier.factor).limit(1)).first()
        return (row[0], float(row[1])) if row else (None, 1.0)
