"""Deriving and backfilling the KPI facts of closed cases (``case_facts``).

A case closed through the case service gets its facts from its own deadline rows, in the
closing transaction (``fact_from_deadlines``). Cases closed without deadline rows — seeded
history, cases closed before migration 0008 — get them re-derived from the SLA policy of
their category and severity (``FactDeriver``), the way the deadline service would have
set their clocks: register and resolve from the report, dispatch from the registration,
paused time added to the resolve deadline.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, select

from db.bulk import add_rows, add_sql, insert_sql, write_rows
from db.models import CalendarDay, Case, Deadline, SlaPolicy, SlaTier, WorkingCalendarRow, table_of
from db.models.kpis import CaseFact

WORKING = "working"
BACKFILL_CHUNK = 20_000
DAY = 86_400
DAILY_COLUMNS = ("registered", "closed", "ttc_sum", "reworked", "due", "on_time",
                 "esc1", "esc2", "esc3")


def epoch(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


@dataclass(frozen=True, slots=True)
class Clock:
    """One deadline's thresholds and outcome, in epoch seconds."""

    level: int
    warn_s: int
    due_s: int
    long_s: int
    met_s: int | None


def escalation_times(clocks: Iterable[Clock]) -> tuple[int | None, int | None, int | None]:
    """When the case first reached level 1, 2 and 3: the earliest threshold of that level
    among its deadlines that got there."""
    out: list[int | None] = [None, None, None]
    for c in clocks:
        for level, at in ((1, c.warn_s), (2, c.due_s), (3, c.long_s)):
            if c.level >= level:
                known = out[level - 1]
                out[level - 1] = at if known is None else min(known, at)
    return out[0], out[1], out[2]


def make_fact(case_id: int, grid_id: int, team_id: int | None, reported: int,
              registered: int | None, closed: int, paused_s: int, rework: int,
              resolve: Clock | None, clocks: Sequence[Clock]) -> dict[str, Any]:
    due = resolve.due_s if resolve is not None else None
    resolved = resolve.met_s if resolve is not None else None
    on_time = None if due is None else int(resolved is not None and resolved <= due)
    e1, e2, e3 = escalation_times(clocks)
    return {"case_id": case_id, "grid_id": grid_id, "team_id": team_id,
            "reported_s": reported, "registered_s": registered, "closed_s": closed,
            "resolved_s": resolved, "due_s": due, "on_time": on_time,
            "ttc_s": max(0, closed - reported - paused_s), "rework": rework,
            "esc1_s": e1, "esc2_s": e2, "esc3_s": e3}


def fact_from_deadlines(case: Case, deadlines: Sequence[Deadline]) -> dict[str, Any]:
    """The facts of a case being closed now, from its (all met) deadline rows."""
    assert case.closed_at is not None
    clocks = {d.kind: Clock(d.level or 0, _s(d.warn_at), _s(d.due_at), _s(d.long_at),
                            epoch(d.met_at)) for d in deadlines}
    return make_fact(case.id, case.grid_id, case.team_id, _s(case.reported_at),
                     epoch(case.registered_at), _s(case.closed_at), case.paused_seconds or 0,
                     case.rework_count or 0, clocks.get("resolve"), list(clocks.values()))


def _s(value: datetime) -> int:
    return int(value.timestamp())


def daily_increments(facts: Iterable[Mapping[str, Any]]) -> dict[tuple[int, int, int],
                                                                  list[int]]:
    """What a batch of facts adds to ``kpi_daily``, keyed (UTC day, grid, team or 0)."""
    out: dict[tuple[int, int, int], list[int]] = {}

    def add(at: int | None, grid: int, team: int, index: int, amount: int = 1) -> None:
        if at is None:
            return
        key = (at - at % DAY, grid, team)
        row = out.get(key)
        if row is None:
            row = out[key] = [0] * len(DAILY_COLUMNS)
        row[index] += amount

    for f in facts:
        grid, team = int(f["grid_id"]), int(f["team_id"] or 0)
        add(f["registered_s"], grid, team, 0)
        closed = f["closed_s"]
        add(closed, grid, team, 1)
        add(closed, grid, team, 2, int(f["ttc_s"]))
        if f["rework"]:
            add(closed, grid, team, 3)
        add(f["due_s"], grid, team, 4)
        if f["on_time"]:
            add(f["due_s"], grid, team, 5)
        for i, col in enumerate(("esc1_s", "esc2_s", "esc3_s")):
            add(f[col], grid, team, 6 + i)
    return out


FACT_COLUMNS = ("case_id", "grid_id", "team_id", "reported_s", "registered_s", "closed_s",
                "resolved_s", "due_s", "on_time", "ttc_s", "rework", "esc1_s", "esc2_s",
                "esc3_s")


def facts_sql(paramstyle: str) -> str:
    """The INSERT of fact rows (``fact_rows``) for ``executemany``."""
    return insert_sql("case_facts", FACT_COLUMNS, paramstyle)


DAILY_KEY = ("day_s", "grid_id", "team_id")


def daily_sql(paramstyle: str) -> str:
    """The upsert adding ``daily_rows`` to ``kpi_daily`` for ``executemany``."""
    return add_sql("kpi_daily", DAILY_KEY, DAILY_COLUMNS, paramstyle)


# The running totals kept beside the day rows: (table, key column, its place in a day row).
TOTALS = (("kpi_grid_totals", "grid_id", 1), ("kpi_team_totals", "team_id", 2))


def totals_sql(table: str, key: str, paramstyle: str) -> str:
    """The upsert adding ``total_rows`` to a running-totals table for ``executemany``."""
    return add_sql(table, (key,), DAILY_COLUMNS, paramstyle)


def total_rows(daily: Sequence[tuple[int, ...]], at: int) -> list[tuple[int, ...]]:
    """Day rows (``daily_rows``) added up by the key at position ``at`` (1: grid, 2: team),
    in key order."""
    totals: dict[int, list[int]] = {}
    for row in daily:
        known = totals.get(row[at])
        if known is None:
            totals[row[at]] = list(row[3:])
        else:
            for i, v in enumerate(row[3:]):
                known[i] += v
    return [(k, *v) for k, v in sorted(totals.items())]


def fact_rows(facts: Iterable[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Fact dicts as tuples in ``FACT_COLUMNS`` order."""
    return [tuple(f[c] for c in FACT_COLUMNS) for f in facts]


def daily_rows(facts: Iterable[Mapping[str, Any]]) -> list[tuple[int, ...]]:
    """What ``facts`` add to ``kpi_daily``, as tuples for ``daily_sql``, in key order."""
    return [(day, grid, team, *row)
            for (day, grid, team), row in sorted(daily_increments(facts).items())]


def insert_facts(conn: Connection, facts: Sequence[Mapping[str, Any]]) -> None:
    """Insert fact rows and add them to the daily counts: plain ``executemany`` of
    tuples (the backfill and the seed write hundreds of thousands)."""
    if not facts:
        return
    write_rows(conn, "case_facts", FACT_COLUMNS, fact_rows(facts))
    add_daily(conn, facts)


def add_daily(conn: Connection, facts: Sequence[Mapping[str, Any]]) -> None:
    """Add ``facts`` to the daily counts (an upsert per touched day, grid and team)."""
    write_daily(conn, daily_rows(facts))


def write_daily(conn: Connection, rows: Sequence[tuple[int, ...]]) -> None:
    """Add ``daily_rows`` to ``kpi_daily`` and the same sums to the running totals per
    grid and per team (``kpi_grid_totals``, ``kpi_team_totals``), in that order."""
    if not rows:
        return
    add_rows(conn, "kpi_daily", DAILY_KEY, DAILY_COLUMNS, rows)
    for table, key, at in TOTALS:
        add_rows(conn, table, (key,), DAILY_COLUMNS, total_rows(rows, at))


class WorkingTimeline:
    """The working calendar as a sorted list of working windows (epoch seconds) with
    running totals: adding working seconds is two binary searches."""

    def __init__(self, tz: str, weekdays: frozenset[int], periods: Sequence[tuple[time, time]],
                 off: frozenset[date], work: frozenset[date], first: date, last: date) -> None:
        zone = ZoneInfo(tz)
        self.begins: list[int] = []
        self.ends: list[int] = []
        self.cum_end: list[int] = []  # working seconds up to the end of each window
        total = 0
        day = first
        while day <= last:
            if day in work or (day.weekday() in weekdays and day not in off):
                for a, b in periods:
                    begin = int(datetime.combine(day, a, zone).timestamp())
                    end = int(datetime.combine(day, b, zone).timestamp())
                    total += end - begin
                    self.begins.append(begin)
                    self.ends.append(end)
                    self.cum_end.append(total)
            day += timedelta(days=1)

    def add(self, start: int, seconds: float) -> int | None:
        """``WorkingCalendar.add`` on epoch seconds; None beyond the timeline."""
        j = bisect_right(self.ends, start)  # first window ending after start
        if j >= len(self.ends):
            return None
        before = self.cum_end[j] - (self.ends[j] - self.begins[j])
        target = before + max(0, start - self.begins[j]) + max(0.0, seconds)
        k = bisect_left(self.cum_end, target, lo=j)
        if k >= len(self.cum_end):
            return None
        k_before = self.cum_end[k] - (self.ends[k] - self.begins[k])
        return int(self.begins[k] + (target - k_before))


@dataclass(frozen=True, slots=True)
class _Policy:
    register_s: int
    dispatch_s: int
    resolve_s: int
    long_s: int
    ratio: float
    working: bool


class FactDeriver:
    """Facts of closed cases that have no deadline rows, from the current policies."""

    def __init__(self, conn: Connection, first: date, last: date) -> None:
        self.policies = {
            (r.category, int(r.severity)): _Policy(
                r.register_minutes * 60, r.dispatch_minutes * 60, r.resolve_minutes * 60,
                r.long_breach_minutes * 60, float(r.warning_ratio), r.calendar == WORKING)
            for r in conn.execute(select(SlaPolicy.category, SlaPolicy.severity,
                                         SlaPolicy.register_minutes, SlaPolicy.dispatch_minutes,
                                         SlaPolicy.resolve_minutes, SlaPolicy.long_breach_minutes,
                                         SlaPolicy.warning_ratio, SlaPolicy.calendar))}
        self.timeline: WorkingTimeline | None = None
        cal = conn.execute(select(WorkingCalendarRow).where(
            WorkingCalendarRow.name == "default")).first()
        if cal is not None:
            days = conn.execute(select(CalendarDay.day, CalendarDay.kind)
                                .where(CalendarDay.calendar_id == cal.id)).all()
            periods = [(time.fromisoformat(a), time.fromisoformat(b))
                       for a, b in json.loads(cal.periods)]
            self.timeline = WorkingTimeline(
                cal.timezone, frozenset(json.loads(cal.weekdays)), periods,
                frozenset(d for d, k in days if k == "off"),
                frozenset(d for d, k in days if k == "work"),
                first - timedelta(days=2), last + timedelta(days=400))

    def _add(self, working: bool, start: int, seconds: float) -> int | None:
        if not working:
            return int(start + seconds)
        return None if self.timeline is None else self.timeline.add(start, seconds)

    def clock(self, policy: _Policy, budget: float, start: int, met: int | None,
              paused: int, factor: float) -> Clock | None:
        budget = max(1, int(budget * factor))
        long_ = int(policy.long_s * factor)
        # A pause stops the clock: its wall-clock length pushes every threshold out.
        warn = self._add(policy.working, start, policy.ratio * budget)
        due = self._add(policy.working, start, budget)
        late = self._add(policy.working, start, budget + long_)
        if warn is None or due is None or late is None:
            return None
        warn, due, late = warn + paused, due + paused, late + paused
        level = 0 if met is None else (3 if met >= late else 2 if met >= due
                                       else 1 if met >= warn else 0)
        return Clock(level, warn, due, late, met)

    def derive(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return self.derive_times(
            row["id"], row["grid_id"], row["team_id"], row["category"], int(row["severity"]),
            _s(row["reported_at"]), epoch(row["registered_at"]), epoch(row["dispatched_at"]),
            epoch(row["resolved_at"]), _s(row["closed_at"]), int(row["paused_seconds"] or 0),
            int(row["rework_count"] or 0), float(row["factor"] or 1.0))

    def derive_times(self, case_id: int, grid_id: int, team_id: int | None, category: str,
                     severity: int, reported: int, registered: int | None,
                     dispatched: int | None, resolved: int | None, closed: int, paused: int,
                     rework: int, factor: float = 1.0) -> dict[str, Any]:
        """The facts of one closed case from its row's values, times in epoch seconds
        (the seed has them at hand and need not read the rows back)."""
        policy = self.policies.get((category, severity))
        clocks: list[Clock] = []
        resolve: Clock | None = None
        if policy is not None:
            # After rework ``dispatched_at`` is the re-dispatch: the first one is not on
            # the row, so the dispatch clock is left out rather than guessed.
            for kind, budget, start, met, pause in (
                    ("register", policy.register_s, reported, registered, 0),
                    ("dispatch", policy.dispatch_s, None if rework else registered,
                     dispatched, 0),
                    ("resolve", policy.resolve_s, reported, resolved, paused)):
                if start is None:
                    continue
                c = self.clock(policy, budget, start, met, pause, factor)
                if c is not None:
                    clocks.append(c)
                    if kind == "resolve" and resolved is not None:
                        resolve = c
        return make_fact(case_id, grid_id, team_id, reported, registered, closed, paused,
                         rework, resolve, clocks)


_CASE_COLUMNS = (Case.id, Case.grid_id, Case.team_id, Case.category, Case.severity,
                 Case.reported_at, Case.registered_at, Case.dispatched_at, Case.resolved_at,
                 Case.closed_at, Case.paused_seconds, Case.rework_count)


def backfill_facts(conn: Connection, first_id: int | None = None,
                   last_id: int | None = None, deriver: FactDeriver | None = None) -> int:
    """Write the facts of every closed case (ids in [first_id, last_id] if given) that has
    none. Cases with deadline rows use them; the others are derived from the policies
    (``deriver``, built here when not given). Runs in the caller's transaction; returns
    how many facts were written."""
    cases = table_of(Case)
    facts = table_of(CaseFact)
    where = [Case.stage == "closed", Case.closed_at.is_not(None), Case.source != "drill"]
    if first_id is not None:
        where.append(Case.id >= first_id)
    if last_id is not None:
        where.append(Case.id <= last_id)
    if deriver is None:
        lo = conn.execute(select(Case.reported_at).where(*where)
                          .order_by(Case.reported_at).limit(1)).scalar()
        if lo is None:
            return 0
        hi = conn.execute(select(Case.closed_at).where(*where)
                          .order_by(Case.closed_at.desc()).limit(1)).scalar()
        hi = hi or lo
        deriver = FactDeriver(conn, lo.astimezone(UTC).date(), hi.astimezone(UTC).date())
    written = 0
    top = last_id if last_id is not None else conn.execute(select(func.max(Case.id))).scalar()
    # Windows of ids: a primary-key range each, whatever the planner thinks of ``stage``.
    for low in range(first_id or 1, (top or 0) + 1, BACKFILL_CHUNK):
        high = min(low + BACKFILL_CHUNK - 1, top or 0)
        rows = conn.execute(
            select(*_CASE_COLUMNS, SlaTier.factor.label("factor"))
            .select_from(cases)
            .outerjoin(SlaTier, SlaTier.id == Case.sla_tier_id)
            .outerjoin(facts, facts.c.case_id == Case.id)
            .where(*where, Case.id.between(low, high), facts.c.case_id.is_(None))
            .order_by(Case.id)).mappings().all()
        if not rows:
            continue
        ids = [r["id"] for r in rows]
        known: dict[int, list[Any]] = {}
        for d in conn.execute(select(Deadline.case_id, Deadline.kind, Deadline.level,
                                     Deadline.warn_at, Deadline.due_at, Deadline.long_at,
                                     Deadline.met_at)
                              .where(and_(Deadline.case_id >= ids[0],
                                          Deadline.case_id <= ids[-1]))):
            known.setdefault(d.case_id, []).append(d)
        out = []
        for r in rows:
            own = known.get(r["id"])
            if own:
                clocks = {d.kind: Clock(d.level or 0, _s(d.warn_at), _s(d.due_at),
                                        _s(d.long_at), epoch(d.met_at)) for d in own}
                out.append(make_fact(r["id"], r["grid_id"], r["team_id"], _s(r["reported_at"]),
                                     epoch(r["registered_at"]), _s(r["closed_at"]),
                                     int(r["paused_seconds"] or 0), int(r["rework_count"] or 0),
                                     clocks.get("resolve"), list(clocks.values())))
            else:
                out.append(deriver.derive(dict(r)))
        insert_facts(conn, out)
        written += len(out)
    return written


def write_closed_fact(s: Any, case: Case) -> None:
    """In the closing transaction (``s`` a Session): the case's facts from its deadlines.
    A drill's case (source ``drill``) has none: drills stay out of the KPIs and the
    bulletin."""
    if case.source == "drill":
        return
    s.flush()
    deadlines = list(s.scalars(select(Deadline).where(Deadline.case_id == case.id)))
    insert_facts(s.connection(), [fact_from_deadlines(case, deadlines)])
