"""The rule sheets: SLA policies per category and severity, stricter tiers, and the working
calendar's holidays and make-up working days (调休).

``sla_policies.csv``: ``category,severity,register_minutes,dispatch_minutes,resolve_minutes,
warning_ratio,long_breach_minutes,calendar,supervision_factor`` — one row per category ×
severity (``fire``, ``1``…); minutes are whole minutes from 1 to a year; ``warning_ratio``
0.05–0.99 of a window raises the warning; ``long_breach_minutes`` after the breach is level
3; ``calendar`` is ``24x7`` (every minute counts) or ``working`` (working time only);
``supervision_factor`` 0.05–1 shortens the windows of a supervised (督办) case. A column
left out keeps what the database has. A changed policy moves the pending deadlines of the
open cases under it, as the policy editor does.

``sla_tiers.csv``: ``name,factor,starts_at,ends_at,active,grids`` — a stricter tier
(factor below 1) for the grids listed (codes separated by ``;``) from ``starts_at`` to
``ends_at`` (ISO 8601; a time without offset is the center's wall-clock time). A tier is
known by its name and start.

``calendar.csv``: ``date,kind,name`` — ``kind`` is ``holiday`` (a day off, even on a
weekday) or ``workday`` (a weekend day worked, 调休). The sheet holds whole years: the
days of the years it names that it does not list are removed, so importing next year's
sheet changes nothing else. Deadlines already running keep their thresholds; new ones
count with the new calendar.

Policies, tiers and the calendar are a coordinator's or an admin's, as in the policy
editor. Each sheet is one transaction with one audit entry for the whole import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from console.cases.sla import (
    COORDINATORS,
    EDITABLE,
    PolicyView,
    SlaService,
    validate_policy_fields,
)
from console.center.sheets import SheetReport, SheetRow, one_line, read_sheet, write_sheet
from console.clock import Clock
from console.core.domain import Category, OperatorRef, Severity
from console.core.errors import ValidationError
from console.core.journal import record
from console.core.local_time import wall_time
from console.operators.service import require_role
from db.database import Database
from db.models import CalendarDay, Grid, SlaPolicy, SlaTier, SlaTierGrid, WorkingCalendarRow

POLICY_COLUMNS = ("category", "severity", *EDITABLE)
POLICY_REQUIRED = ("category", "severity")
TIER_COLUMNS = ("name", "factor", "starts_at", "ends_at", "active", "grids")
TIER_REQUIRED = ("name", "factor", "starts_at", "ends_at", "grids")
CALENDAR_COLUMNS = ("date", "kind", "name")
CALENDAR_REQUIRED = ("date", "kind")
# The sheet's words for calendar_days.kind, and back.
_DAY_KINDS = {"holiday": "off", "off": "off", "休": "off", "workday": "work", "work": "work",
              "班": "work"}
_KIND_WORDS = {"off": "holiday", "work": "workday"}


def iso_utc(when: datetime) -> str:
    """``2026-11-22T08:00:00Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str, column: str, zone: tzinfo) -> datetime:
    """An ISO 8601 time; one without an offset is the center's wall-clock time."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{column} {text!r} is not a time; write it like "
                              "2026-07-01T00:00:00+08:00.", column) from None
    return wall_time(when, zone)


def _category(text: str) -> Category:
    value = text.strip().lower().replace(" ", "_")
    try:
        return Category(value)
    except ValueError:
        raise ValidationError(f"Unknown category {text!r}; use one of: "
                              f"{', '.join(c.value for c in Category)}.", "category") from None


def _severity(text: str) -> Severity:
    value = text.strip()
    if value.isdigit() and int(value) in {int(s) for s in Severity}:
        return Severity(int(value))
    for severity in Severity:
        if severity.name.lower() == value.lower():
            return severity
    raise ValidationError(f"Severity {text!r}: write 1 (critical), 2 (high), 3 (medium) or "
                          "4 (low).", "severity")


def _ratio_text(value: float) -> str:
    return format(value, "g")


class PolicySheet:
    """Imports and writes ``sla_policies.csv``."""

    def __init__(self, db: Database, clock: Clock, sla: SlaService) -> None:
        self._db = db
        self._clock = clock
        self._sla = sla

    def import_file(self, actor: OperatorRef, path: Path) -> SheetReport:
        require_role(actor, COORDINATORS, "import SLA policies")
        rows, report = read_sheet(path, POLICY_COLUMNS, POLICY_REQUIRED)
        now = self._clock.now()
        changed: dict[str, dict[str, list[Any]]] = {}
        moved = 0
        with self._db.write.begin() as s:
            policies = {(p.category, p.severity): p for p in s.scalars(select(SlaPolicy))}
            seen: dict[tuple[str, int], int] = {}
            for row in rows:
                try:
                    category, severity = _category(row.get("category")), \
                        _severity(row.get("severity"))
                    key = (category.value, int(severity))
                    if key in seen:
                        raise ValidationError(f"The policy {key[0]}/{key[1]} appears again "
                                              f"(first on line {seen[key]}).", "category")
                    seen[key] = row.line
                    values = validate_policy_fields(
                        {c: row.get(c) for c in EDITABLE if row.has(c)})
                    with s.begin_nested():
                        outcome, diff, count = self._apply(s, policies, key, values, actor,
                                                           now)
                except ValidationError as exc:
                    report.reject(row.line, str(exc))
                    continue
                report.count(outcome)
                moved += count
                if diff:
                    changed[f"{key[0]}/{key[1]}"] = diff
            if changed:
                record(s, actor=actor, at=now, entity="sla_policy", entity_id=0,
                       action="import", detail={"file": report.file, "changed": changed,
                                                "deadlines_moved": moved})
        self._sla.invalidate()
        if moved:
            report.note(0, f"{moved} pending deadline(s) of open cases moved to the new "
                           "limits.")
        return report

    def _apply(self, s: Session, policies: dict[tuple[str, int], SlaPolicy],
               key: tuple[str, int], values: dict[str, Any], actor: OperatorRef,
               now: datetime) -> tuple[str, dict[str, list[Any]], int]:
        policy = policies.get(key)
        if policy is None:
            missing = [c for c in EDITABLE if c not in values]
            if missing:
                raise ValidationError(f"There is no policy {key[0]}/{key[1]} yet: give every "
                                      f"column (missing: {', '.join(missing)}).", "category")
            policy = SlaPolicy(category=key[0], severity=key[1], updated_at=now,
                               updated_by_id=actor.id, **values)
            s.add(policy)
            s.flush()
            policies[key] = policy
            return "added", {}, 0
        diff = {k: [getattr(policy, k), v] for k, v in values.items() if getattr(policy, k) != v}
        if not diff:
            return "unchanged", {}, 0
        for k, (_, v) in diff.items():
            setattr(policy, k, v)
        policy.updated_at = now
        policy.updated_by_id = actor.id
        s.flush()
        moved = 0
        if self._sla.on_policy_changed is not None:
            view = PolicyView(policy.id, Category(policy.category), Severity(policy.severity),
                              policy.register_minutes, policy.dispatch_minutes,
                              policy.resolve_minutes, policy.warning_ratio,
                              policy.long_breach_minutes, policy.calendar,
                              policy.supervision_factor, policy.version)
            moved, _cases = self._sla.on_policy_changed(s, view, now)
        return "updated", diff, moved

    def write(self, out: TextIO) -> int:
        """``sla_policies.csv``: by category, then severity."""
        with self._db.read() as s:
            policies = sorted(s.scalars(select(SlaPolicy)),
                              key=lambda p: (p.category, p.severity))
            rows = [(p.category, p.severity, p.register_minutes, p.dispatch_minutes,
                     p.resolve_minutes, _ratio_text(p.warning_ratio), p.long_breach_minutes,
                     p.calendar, _ratio_text(p.supervision_factor)) for p in policies]
        return write_sheet(out, POLICY_COLUMNS, rows)


class TierSheet:
    """Imports and writes ``sla_tiers.csv``."""

    def __init__(self, db: Database, clock: Clock, zone: Callable[[], tzinfo]) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def count(self) -> int:
        with self._db.read() as s:
            return len(s.scalars(select(SlaTier.id)).all())

    def import_file(self, actor: OperatorRef, path: Path) -> SheetReport:
        require_role(actor, COORDINATORS, "import SLA tiers")
        rows, report = read_sheet(path, TIER_COLUMNS, TIER_REQUIRED)
        zone: tzinfo = self._zone()
        now = self._clock.now()
        added: list[str] = []
        changed: dict[str, dict[str, list[Any]]] = {}
        with self._db.write.begin() as s:
            grids = {code.upper(): gid for code, gid in s.execute(select(Grid.code, Grid.id))}
            tiers = {(t.name, t.starts_at): t for t in s.scalars(select(SlaTier))}
            members: dict[int, set[int]] = {}
            for tier_id, grid_id in s.execute(select(SlaTierGrid.tier_id, SlaTierGrid.grid_id)):
                members.setdefault(tier_id, set()).add(grid_id)
            seen: dict[tuple[str, datetime], int] = {}
            for row in rows:
                try:
                    outcome, label, diff = self._row(s, row, zone, grids, tiers, members, seen,
                                                     actor, now)
                except ValidationError as exc:
                    report.reject(row.line, str(exc))
                    continue
                report.count(outcome)
                if outcome == "added":
                    added.append(label)
                elif diff:
                    changed[label] = diff
            if added or changed:
                record(s, actor=actor, at=now, entity="sla_tier", entity_id=0,
                       action="import", detail={"file": report.file, "added": added,
                                                "updated": changed})
        return report

    @staticmethod
    def _row(s: Session, row: SheetRow, zone: tzinfo, grids: dict[str, int],
             tiers: dict[tuple[str, datetime], SlaTier], members: dict[int, set[int]],
             seen: dict[tuple[str, datetime], int], actor: OperatorRef,
             now: datetime) -> tuple[str, str, dict[str, list[Any]]]:
        name = one_line(row.get("name"))
        if not name or len(name) > 120:
            raise ValidationError("A tier needs a name of at most 120 characters.", "name")
        try:
            factor = float(row.get("factor"))
        except ValueError:
            raise ValidationError(f"factor {row.get('factor')!r} is not a number.",
                                  "factor") from None
        if not 0.05 <= factor < 1:
            raise ValidationError("A stricter tier's factor is from 0.05 to below 1 (e.g. "
                                  "0.5).", "factor")
        starts = parse_time(row.get("starts_at"), "starts_at", zone)
        ends = parse_time(row.get("ends_at"), "ends_at", zone)
        if ends <= starts:
            raise ValidationError("The tier must end after it starts.", "ends_at")
        codes = [c.strip().upper() for c in row.get("grids").replace("；", ";").split(";")
                 if c.strip()]
        unknown = [c for c in codes if c not in grids]
        if unknown or not codes:
            raise ValidationError(f"Unknown grid(s) {', '.join(unknown)}." if unknown else
                                  "List the tier's grids, separated by ';'.", "grids")
        active = row.get("active").lower() not in {"no", "n", "false", "0", "否"}
        key = (name, starts)
        label = f"{name} from {iso_utc(starts)}"
        if key in seen:
            raise ValidationError(f"The tier {label} appears again (first on line "
                                  f"{seen[key]}).", "name")
        seen[key] = row.line
        wanted = {grids[c] for c in codes}
        tier = tiers.get(key)
        if tier is None:
            tier = SlaTier(name=name, factor=factor, starts_at=starts, ends_at=ends,
                           active=active, created_by_id=actor.id, created_at=now)
            s.add(tier)
            s.flush()
            s.execute(insert(SlaTierGrid), [{"tier_id": tier.id, "grid_id": g}
                                            for g in sorted(wanted)])
            tiers[key] = tier
            members[tier.id] = wanted
            return "added", label, {}
        diff: dict[str, list[Any]] = {k: [getattr(tier, k), v] for k, v in
                                      (("factor", factor), ("ends_at", ends), ("active", active))
                                      if getattr(tier, k) != v}
        for k, (_, v) in diff.items():
            setattr(tier, k, v)
        if members.get(tier.id, set()) != wanted:
            diff["grids"] = [len(members.get(tier.id, ())), len(wanted)]
            s.execute(delete(SlaTierGrid).where(SlaTierGrid.tier_id == tier.id))
            s.execute(insert(SlaTierGrid), [{"tier_id": tier.id, "grid_id": g}
                                            for g in sorted(wanted)])
            members[tier.id] = wanted
        s.flush()
        return ("updated" if diff else "unchanged"), label, diff

    def write(self, out: TextIO) -> int:
        """``sla_tiers.csv``: by start, then name; times in UTC."""
        with self._db.read() as s:
            codes = dict(s.execute(select(Grid.id, Grid.code)).all())
            grids: dict[int, list[str]] = {}
            for tier_id, grid_id in s.execute(select(SlaTierGrid.tier_id, SlaTierGrid.grid_id)):
                grids.setdefault(tier_id, []).append(codes[grid_id])
            rows = [(t.name, _ratio_text(t.factor), iso_utc(t.starts_at), iso_utc(t.ends_at),
                     "yes" if t.active else "no", ";".join(sorted(grids.get(t.id, []))))
                    for t in sorted(s.scalars(select(SlaTier)),
                                    key=lambda t: (t.starts_at, t.name))]
        return write_sheet(out, TIER_COLUMNS, rows)


class CalendarSheet:
    """Imports and writes ``calendar.csv`` (the default working calendar's days)."""

    def __init__(self, db: Database, clock: Clock, sla: SlaService) -> None:
        self._db = db
        self._clock = clock
        self._sla = sla

    def import_file(self, actor: OperatorRef, path: Path) -> SheetReport:
        require_role(actor, COORDINATORS, "import the working calendar")
        rows, report = read_sheet(path, CALENDAR_COLUMNS, CALENDAR_REQUIRED)
        wanted: dict[date, tuple[str, str]] = {}
        kept: set[date] = set()  # days of rejected rows: never removed for being missing
        lines: dict[date, int] = {}
        for row in rows:
            try:
                day = date.fromisoformat(row.get("date"))
            except ValueError:
                report.reject(row.line, f"date {row.get('date')!r} is not a date like "
                                        "2026-10-01.")
                continue
            kind = _DAY_KINDS.get(row.get("kind").lower())
            name = one_line(row.get("name"))
            if day in lines:
                report.reject(row.line, f"{day} appears again (first on line {lines[day]}).")
            elif kind is None:
                report.reject(row.line, f"kind {row.get('kind')!r}: write holiday (a day off) "
                                        "or workday (a make-up working day, 调休).")
            elif len(name) > 120:
                report.reject(row.line, f"The name has {len(name)} characters; at most 120.")
            else:
                wanted[day] = (kind, name)
                lines[day] = row.line
                continue
            kept.add(day)
            lines.setdefault(day, row.line)
        years = {d.year for d in wanted}
        now = self._clock.now()
        with self._db.write.begin() as s:
            calendar = s.scalars(select(WorkingCalendarRow).where(
                WorkingCalendarRow.name == "default")).first()
            if calendar is None:
                raise ValidationError("This database has no working calendar; open it once "
                                      "with the console to install one.", "calendar")
            existing = {d.day: d for d in s.scalars(select(CalendarDay).where(
                CalendarDay.calendar_id == calendar.id))}
            detail: dict[str, list[str]] = {"added": [], "updated": [], "removed": []}
            for day, (kind, name) in sorted(wanted.items()):
                old = existing.get(day)
                if old is None:
                    s.add(CalendarDay(calendar_id=calendar.id, day=day, kind=kind, name=name))
                    report.count("added")
                    detail["added"].append(day.isoformat())
                elif (old.kind, old.name) != (kind, name):
                    old.kind, old.name = kind, name
                    report.count("updated")
                    detail["updated"].append(day.isoformat())
                else:
                    report.count("unchanged")
            gone = sorted(d for d in existing if d.year in years and d not in wanted
                          and d not in kept)
            if gone:
                s.execute(delete(CalendarDay).where(CalendarDay.calendar_id == calendar.id,
                                                    CalendarDay.day.in_(gone)))
                report.removed = len(gone)
                detail["removed"] = [d.isoformat() for d in gone]
            if any(detail.values()):
                record(s, actor=actor, at=now, entity="calendar", entity_id=calendar.id,
                       action="import", detail={"file": report.file,
                                                "years": sorted(years), **detail})
        self._sla.invalidate()
        return report

    def write(self, out: TextIO) -> int:
        """``calendar.csv``: every holiday and make-up working day, by date."""
        with self._db.read() as s:
            calendar_id = s.scalar(select(WorkingCalendarRow.id).where(
                WorkingCalendarRow.name == "default"))
            days = list(s.scalars(select(CalendarDay).where(
                CalendarDay.calendar_id == calendar_id).order_by(CalendarDay.day)))
            rows = [(d.day.isoformat(), _KIND_WORDS.get(d.kind, d.kind), d.name) for d in days]
        return write_sheet(out, CALENDAR_COLUMNS, rows)
