"""KPIs of the closed loop: overall, per grid and per team, for any period.

Definitions (the README's "KPIs" section says the same, with examples):

- **registered**: cases registered (立案) in the period, by ``registered_at``.
- **closed**: cases closed in the period, by ``closed_at``.
- **closure rate**: of the cases registered in the period, the share closed before the
  period's end (a cohort rate, never above 100%).
- **on-time closure rate**: cases closed on time ÷ cases whose resolve deadline fell in
  the period (closed or not). The resolve deadline runs from the report; paused time
  does not count (each pause pushes the due time out by its length), and rework does not
  buy a new one. A case is closed on time when it is closed and its last resolution (the
  one verified) came no later than that due time. A deadline "falls" when its due time
  lies in the period and has passed (due ≤ now); a paused open case's clock is stopped,
  so its deadline has not fallen.
- **time to close**: closed − reported − paused, wall-clock seconds, over the cases
  closed in the period: mean and 90th percentile (nearest rank).
- **rework rate**: of the cases closed in the period, the share whose verification
  failed at least once.
- **escalations by level**: cases that first reached level 1 (warning), 2 (breached) or
  3 (breached for long) in the period — a case counts once per level, at the first of
  its deadlines to get there.
- **open by stage**: open cases now, per stage (not bound to the period).

Where the figures come from: closed cases from ``case_facts`` (one narrow integer row
per closed case, written in the closing transaction), open cases live from ``cases``
and their ``deadlines`` (about 1% of the table, reached by the stage index). A period is
half-open ``[start, end)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.collector import collector_paused
from console.core.domain import OPEN_STAGES
from console.core.errors import NotFound, ValidationError
from console.core.reconnect import retries_lost_connection
from console.handover.shifts import DutyShift, ShiftPattern
from console.kpis.areas import (
    AREA_LEVELS,
    UNPLACED,
    AreaLevel,
    area_rows,
    check_area_level,
    roll_up,
)
from console.kpis.figures import LEVELS, Acc, Bucket, KpiFigures, KpiRow, KpiSummary
from console.territory.district import DistrictService
from console.territory.rollup import AreaRollup, grid_rollup
from db.database import Database
from db.models import Area as AreaRow
from db.models import Case, Deadline, Grid, Team
from db.models.kpis import CaseFact, KpiDaily, KpiGridTotal, KpiTeamTotal

__all__ = ["AREA_LEVELS", "LEVELS", "TTC_EDGES_H", "AreaLevel", "Bucket", "KpiFigures",
           "KpiRow", "KpiService", "KpiSummary"]

# Time-to-close histogram edges, in hours (the last bin is open-ended).
TTC_EDGES_H = (0, 1, 4, 12, 24, 72, 168, 360)
_OPEN_VALUES = [s.value for s in OPEN_STAGES]
# Up to this many closures the 90th percentile is sorted in Python (about a month)
P90_SORT_LIMIT = 150_000
P90_SORT_SPAN_S = 62 * 86_400  # ... and over at most two months of closures
# Up to this many keys (grids, teams) with closures, a long period's percentile walks the
# (key, ttc) index once per key; more (a city's grids), and one numbered pass does them all.
P90_WALKS_UP_TO = 500
DAY = 86_400
_F, _D = CaseFact, KpiDaily


def _count(cond: ColumnElement[bool]) -> Any:
    return func.sum(case((cond, 1), else_=0))


# Each KPI group: the fact time that places it in a period, what a fact row adds, and
# the matching ``kpi_daily`` sums.
_GROUPS: dict[str, tuple[Any, tuple[Any, ...], tuple[Any, ...]]] = {
    "registered": (_F.registered_s, (func.count(),), (_D.registered,)),
    "closed": (_F.closed_s, (func.count(), func.sum(_F.ttc_s), _count(_F.rework > 0)),
               (_D.closed, _D.ttc_sum, _D.reworked)),
    "due": (_F.due_s, (func.count(), func.sum(_F.on_time)), (_D.due, _D.on_time)),
    "esc1": (_F.esc1_s, (func.count(),), (_D.esc1,)),
    "esc2": (_F.esc2_s, (func.count(),), (_D.esc2,)),
    "esc3": (_F.esc3_s, (func.count(),), (_D.esc3,)),
}


_ALL_GROUPS = list(_GROUPS)


def _windows(a: int, b: int) -> list[tuple[int, int, bool]]:
    """``[a, b)`` cut into whole UTC days (read from ``kpi_daily``, flag True) and the
    part days at either end (read from ``case_facts``)."""
    if b <= a:
        return []
    first, last = -(-a // DAY) * DAY, b // DAY * DAY
    if first >= last:
        return [(a, b, False)]
    out = [(first, last, True)]
    if a < first:
        out.append((a, first, False))
    if last < b:
        out.append((last, b, False))
    return out


def _rank(n: int) -> int:
    """The nearest rank of the 90th percentile among ``n`` values (1-based)."""
    return (9 * n + 9) // 10


# Every grid's nearest-rank 90th percentile over all its closures (see
# ``KpiService._city_p90``): OFFSET closed - rank from the top of its index.
_CITY_P90 = (
    "SELECT t.grid_id, (SELECT f.ttc_s FROM case_facts f WHERE f.grid_id = t.grid_id "
    "ORDER BY f.ttc_s DESC OFFSET t.closed - (9 * t.closed + 9) / 10 LIMIT 1) "
    "FROM kpi_grid_totals t WHERE t.closed > 0")
# The threads a city's percentiles are read on while its sums are added up
# (``KpiService._city_p90``; a second ranking may overlap).
_ASIDE = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kpi-read")


def _closure_span(s: Session) -> tuple[int | None, int | None]:
    """The first and the last closure (epoch seconds; None when nothing closed)."""
    first, last = s.execute(select(func.min(CaseFact.closed_s),
                                   func.max(CaseFact.closed_s))).one()
    return first, last


def _most_closures_up_to_now(s: Session, a: int, b: int,
                              span: tuple[int | None, int | None] | None = None) -> bool:
    """Whether ``[a, b)`` ends after the last closure and covers at least half the time
    from the first closure to the last (``span``: ``_closure_span``, when read already)."""
    first, last = span if span is not None else _closure_span(s)
    if first is None or last is None or last >= b:
        return False
    return 2 * (last + 1 - max(a, first)) >= last + 1 - first


def _numbered_p90(key: Any, where: Sequence[ColumnElement[bool]]) -> Any:
    """Each key's nearest-rank 90th percentile of time to close, (key, ttc) rows: one
    pass in (key, ttc) order numbering each key's closures under ``where``, rather than
    one index walk (and one round trip) per key."""
    f = CaseFact
    ranked = (select(key.label("k"), f.ttc_s.label("ttc"),
                     func.row_number().over(partition_by=key, order_by=f.ttc_s).label("rn"),
                     func.count().over(partition_by=key).label("n"))
              .where(*where).subquery())
    return select(ranked.c.k, ranked.c.ttc).where(ranked.c.rn == (9 * ranked.c.n + 9) // 10)


def _acc_of(accs: dict[int, Acc], key: int) -> Acc:
    """``key``'s running sums, new ones when it has none yet."""
    acc = accs.get(key)
    if acc is None:
        acc = accs[key] = Acc()
    return acc


def _array(values: Sequence[int]) -> str:
    """Integers as PostgreSQL's array text (``{1,2,3}``): for 160,000 of them, much less
    work for the driver than adapting a list."""
    return "{" + ",".join(map(str, values)) + "}"


def _epoch(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValidationError("KPI periods need timezone-aware times.", "period")
    return int(value.timestamp())


@retries_lost_connection
class KpiService:
    """Read-only: the KPIs over any period, and the dashboard's series."""

    def __init__(self, db: Database, clock: Clock, timezone: Callable[[], ZoneInfo],
                 district: DistrictService) -> None:
        self._db = db
        self._clock = clock
        self._timezone = timezone
        self._district = district  # the grids' codes and names, as every panel has them
        # How many history-wide computations ran (tests check that a live change does
        # not trigger one).
        self.recomputations = 0

    def center_timezone(self) -> ZoneInfo:
        return self._timezone()

    def now(self) -> datetime:
        return self._clock.now()

    # ---- periods ---------------------------------------------------------------------

    def month(self, text: str) -> tuple[datetime, datetime]:
        """``2026-10`` → [1 October, 1 November) in the center's time zone, as UTC."""
        try:
            year, month = (int(p) for p in text.strip().split("-"))
            first = datetime(year, month, 1, tzinfo=self._timezone())
        except ValueError:
            raise ValidationError(f"A month is written YYYY-MM, not {text!r}.", "month") \
                from None
        nxt = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=self._timezone())
        return first.astimezone(UTC), nxt.astimezone(UTC)

    def history_start(self) -> datetime:
        """The first report in the database (now when it is empty)."""
        with self._db.read() as s:
            first = s.scalar(select(func.min(CaseFact.reported_s)))
            open_first = s.scalar(select(func.min(Case.reported_at))
                                  .where(Case.stage.in_(_OPEN_VALUES)))
        candidates = [datetime.fromtimestamp(first, UTC)] if first is not None else []
        if open_first is not None:
            candidates.append(open_first)
        return min(candidates, default=self._clock.now())

    # ---- KPIs ------------------------------------------------------------------------

    def summary(self, start: datetime, end: datetime, *, grid: str | None = None,
                team: str | None = None) -> KpiSummary:
        """Everything (or one grid, or one team, or both) over ``[start, end)``."""
        with self._db.read() as s:
            grid_id = self._id_of(s, Grid, grid, "grid") if grid is not None else None
            team_id = self._id_of(s, Team, team, "team") if team is not None else None
            acc = self._compute(s, start, end, None, grid_id, team_id).get(0, Acc())
        return KpiSummary(**acc.figures(), start=start, end=end, grid=grid, team=team)

    def by_grid(self, start: datetime, end: datetime) -> list[KpiRow]:
        """One row per grid (every grid, in code order)."""
        p90_later: list[Future[list[Any]]] = []
        with collector_paused(), self._db.read() as s:
            accs = self._compute(s, start, end, "grid", None, None, p90_later=p90_later)
        # The district's grids in code order, as the console keeps them (a city's
        # 160,000 are not read again for each ranking).
        grids = self._district.grids()
        with collector_paused():
            idle = Acc().values()  # a grid without a case in the period: computed once
            acc_of = accs.get
            rows = [KpiRow(*(idle if (acc := acc_of(g.id)) is None else acc.values()),
                           g.code, g.name_en or g.name_zh, g.name_zh)
                    for g in grids]
            # A city's percentiles arrive now: the rows were built while the server read
            # them (the whole history's take it longer than the rest).
            at = {g.id: i for i, g in enumerate(grids)} if p90_later else {}
            for pending in p90_later:
                for k, ttc in pending.result():
                    i = at.get(k)
                    if i is not None:
                        rows[i].p90_time_to_close_s = float(ttc)
            return rows

    def by_team(self, start: datetime, end: datetime) -> list[KpiRow]:
        """One row per team (every team, in code order)."""
        with self._db.read() as s:
            accs = self._compute(s, start, end, "team", None, None)
            teams = s.execute(select(Team.id, Team.code, Team.name_en, Team.name_zh)
                              .order_by(Team.code)).all()
        return [accs.get(tid, Acc()).row(code, name or name_zh, name_zh)
                for tid, code, name, name_zh in teams]

    def by_area(self, start: datetime, end: datetime, level: str) -> list[KpiRow] | None:
        """One row per area of ``level`` (``grid``, ``community`` or ``street``; every
        area, in code order), each with the figures of the cases in its grids; None when
        the territory has no area of that level (nothing to rank)."""
        lv = check_area_level(level)
        if lv == "grid":
            return self.by_grid(start, end)
        with collector_paused(), self._db.read() as s:
            rollup = grid_rollup(s, lv)
            if rollup is None:
                return None
            accs = self._compute(s, start, end, "grid", None, None, rollup)
            return area_rows(rollup, accs)

    def area_levels(self) -> list[AreaLevel]:
        """The levels ``by_area`` can rank by in this territory (grid always)."""
        with self._db.read() as s:
            present = set(s.scalars(select(AreaRow.level).distinct()))
        return [lv for lv in AREA_LEVELS if lv == "grid" or lv in present]

    @staticmethod
    def _id_of(s: Session, model: type[Grid] | type[Team], code: str, what: str) -> int:
        found = s.scalar(select(model.id).where(model.code == code.strip().upper()))
        if found is None:
            raise NotFound(f"No {what} {code!r}.")
        return int(found)

    def _compute(self, s: Session, start: datetime, end: datetime, by: str | None,
                 grid_id: int | None, team_id: int | None,
                 rollup: AreaRollup | None = None,
                 p90_later: list[Future[list[Any]]] | None = None) -> dict[int, Acc]:
        """Running sums per key (nothing, grid or team); with ``rollup`` (``by`` grid),
        per area of its level instead. A city's grids' percentiles, read on a connection
        of their own, are left in ``p90_later`` when given (the caller builds its rows
        meanwhile), else put in the sums."""
        self.recomputations += 1
        a, b = _epoch(start), _epoch(end)
        c = min(b, _epoch(self._clock.now()))  # deadlines "fall" only once they have passed
        f, d = CaseFact, KpiDaily
        fact_where: list[ColumnElement[bool]] = []
        daily_where: list[ColumnElement[bool]] = []
        open_where: list[ColumnElement[bool]] = []
        if grid_id is not None:
            fact_where.append(f.grid_id == grid_id)
            daily_where.append(d.grid_id == grid_id)
            open_where.append(Case.grid_id == grid_id)
        if team_id is not None:
            fact_where.append(f.team_id == team_id)
            daily_where.append(d.team_id == team_id)
            open_where.append(Case.team_id == team_id)
        fkey: Any = {None: None, "grid": f.grid_id, "team": f.team_id}[by]
        dkey: Any = {None: None, "grid": d.grid_id, "team": d.team_id}[by]
        # Queries on case_facts are steered onto the time index of their range: a grid or
        # team condition or grouping (``+ 0``) must not pick a (key, ttc) index instead.
        fk: Any = None if fkey is None else fkey + 0
        range_where = [(f.grid_id + 0) == grid_id] if grid_id is not None else []
        if team_id is not None:
            range_where.append((f.team_id + 0) == team_id)
        # A city's grids: their percentiles are read on a connection of their own while
        # the sums are read and added up here.
        city_p90 = (self._city_p90(s, a, b)
                    if by == "grid" and grid_id is None and team_id is None and rollup is None
                    else None)
        accs: dict[int, Acc] = {}

        def acc_of(row: Any) -> Acc:
            return _acc_of(accs, int(row[0] or 0) if by else 0)

        daily_plans: dict[tuple[int, int], list[str]] = {}
        edges: list[tuple[str, int, int]] = []
        for group in _GROUPS:
            for lo_w, hi_w, daily in _windows(a, c if group == "due" else b):
                if daily:
                    daily_plans.setdefault((lo_w, hi_w), []).append(group)
                else:
                    edges.append((group, lo_w, hi_w))
        totals = _totals_of(by, grid_id, team_id)
        day_span: tuple[int, int] | None = None
        for (lo_w, hi_w), groups in daily_plans.items():
            cols = [x for g in groups for x in _GROUPS[g][2]]
            if totals is not None and day_span is None:
                first, last = s.execute(select(func.min(d.day_s), func.max(d.day_s))).one()
                day_span = (int(first or 0), int(last or 0) + DAY)
            if totals is not None and day_span is not None and \
                    max(lo_w - day_span[0], 0) + max(day_span[1] - hi_w, 0) < hi_w - lo_w:
                # Most of the days: the running totals less the days outside the period.
                rows = _totals_less_outside(s, totals, by, grid_id, team_id, cols, lo_w,
                                            hi_w)
            else:
                # Integers, not the decimals PostgreSQL sums a bigint column into.
                stmt: Any = select(*([dkey] if by else []),
                                   *[cast(func.sum(x), BigInteger) for x in cols]).where(
                    d.day_s >= lo_w, d.day_s < hi_w, *daily_where)
                # Core rows, not the session's: a city has 160,000 grids.
                rows = list(s.connection().execute(stmt.group_by(dkey) if by else stmt).all())
            every = groups == _ALL_GROUPS  # one window for all: one Acc per row at once
            for row in rows:
                # A group's sums are integers (never NULL); the whole's may be NULL.
                values = row[1:] if by else [int(v or 0) for v in row]
                if every:
                    k = int(row[0] or 0) if by else 0
                    known = accs.get(k)
                    if known is None:
                        accs[k] = Acc.of_sums(values)
                        continue
                at = 0
                for g in groups:
                    width = len(_GROUPS[g][2])
                    if values[at]:
                        acc_of(row).add(g, values[at:at + width])
                    at += width
        for group, lo_w, hi_w in edges:
            col, fact_cols, _ = _GROUPS[group]
            stmt = select(*([fk] if by else []), *fact_cols).where(
                col >= lo_w, col < hi_w, *range_where)
            for row in s.connection().execute(stmt.group_by(fk) if by else stmt).all():
                values = [int(v or 0) for v in (row[1:] if by else row)]
                if values[0]:
                    acc_of(row).add(group, values)
        # Of the cases registered in the period, those closed only after it.
        late = select(*([fk] if by else []), func.count()).where(
            f.closed_s >= b, (f.registered_s + 0) >= a, (f.registered_s + 0) < b, *range_where)
        for row in s.connection().execute(late.group_by(fk) if by else late).all():
            n = int(row[-1] or 0)
            if n:
                acc_of(row).registered_closed -= n
        for acc in accs.values():
            acc.registered_closed += acc.registered
        self._open(s.connection(), a, b, c, by, open_where, accs)
        if rollup is not None:
            accs = roll_up(accs, rollup)
        if city_p90 is not None and p90_later is not None:
            p90_later.append(city_p90)
        elif city_p90 is not None:
            for k, ttc in city_p90.result():
                grid_acc = accs.get(k)
                if grid_acc is not None:
                    grid_acc.p90 = float(ttc)
        else:
            self._p90(s, a, b, by, fact_where, range_where, accs, rollup)
        return accs

    def _city_p90(self, s: Session, a: int, b: int) -> Future[list[Any]] | None:
        """On PostgreSQL, when more than ``P90_WALKS_UP_TO`` grids closed cases (a city):
        each grid's 90th percentile over ``[a, b)``, read on a connection of its own in
        a thread, so that the server works on it while this one adds up the sums.

        When the period holds every closure, each is a few entries from the top of the
        grid's (grid, ttc) index, skipping the tenth of its closures above it (their
        count: the grid's running total): an index-only probe per grid instead of
        numbering every closure in the city. Otherwise, unless the period covers most
        closures up to now (``_p90`` probes those within it), one pass numbers the
        period's closures per grid. None when the territory or the period does not
        qualify."""
        if s.get_bind().dialect.name != "postgresql":
            return None
        some = select(KpiGridTotal.grid_id).where(KpiGridTotal.closed > 0) \
            .limit(P90_WALKS_UP_TO + 1).subquery()
        if (s.scalar(select(func.count()).select_from(some)) or 0) <= P90_WALKS_UP_TO:
            return None  # a district's few grids: walked one by one from the bottom
        span = first, last = _closure_span(s)
        if first is None or last is None:
            return None
        engine = self._db.engine
        if first >= a and last < b:
            def probe() -> list[Any]:
                with engine.connect() as conn:
                    return [(int(k), ttc) for k, ttc in conn.exec_driver_sql(_CITY_P90).all()
                            if ttc is not None]

            return _ASIDE.submit(probe)
        if _most_closures_up_to_now(s, a, b, span):
            return None
        numbered = _numbered_p90(CaseFact.grid_id,
                                 (CaseFact.closed_s >= a, CaseFact.closed_s < b))

        def number() -> list[Any]:
            with engine.connect() as conn:
                return [(int(k), ttc) for k, ttc in conn.execute(numbered).all()]

        return _ASIDE.submit(number)

    @staticmethod
    def _p90(s: Session, a: int, b: int, by: str | None,
             fact_where: list[ColumnElement[bool]], range_where: list[ColumnElement[bool]],
             accs: dict[int, Acc], rollup: AreaRollup | None = None) -> None:
        """Nearest-rank 90th percentile of time to close, per key. A short period sorts its
        closures here; a long one walks the covering (key, ttc, closed) index to the rank
        (an area: sorts the closures of its grids)."""
        f = CaseFact

        def key_of(raw: Any) -> int:
            k = int(raw or 0)
            return k if rollup is None else rollup.area_of.get(k, UNPLACED)
        fkey: Any = {None: None, "grid": f.grid_id, "team": f.team_id}[by]
        total = sum(acc.closed for acc in accs.values())
        if total == 0:
            return
        if total <= P90_SORT_LIMIT and b - a <= P90_SORT_SPAN_S:
            values: dict[int, list[int]] = {}
            # Core, not ORM rows: tens of thousands of plain integers.
            for row in s.connection().execute(
                    select(*([fkey + 0] if by else []), f.ttc_s)
                    .where(f.closed_s >= a, f.closed_s < b, *range_where)).all():
                values.setdefault(key_of(row[0]) if by else 0, []).append(int(row[-1]))
            for k, vals in values.items():
                vals.sort()
                accs[k].p90 = float(vals[_rank(len(vals)) - 1])
            return
        closing = [k for k, acc in accs.items() if acc.closed]
        if rollup is None and by == "grid" and not fact_where and \
                len(closing) > P90_WALKS_UP_TO and s.get_bind().dialect.name == "postgresql" \
                and _most_closures_up_to_now(s, a, b):
            # A city's grids over most of their history, up to now: each grid's percentile
            # is a few entries from the top of its (grid, ttc) index, skipping the tenth
            # above it; one query, an index-only probe per grid, instead of numbering
            # every closure in the city. (A month numbers its own closures below: the
            # probes would step over every older closure of each grid.)
            skips = [accs[k].closed - _rank(accs[k].closed) for k in closing]
            for k, ttc in s.connection().execute(text(
                    "SELECT k.grid, (SELECT f.ttc_s FROM case_facts f WHERE f.grid_id = k.grid "
                    "AND f.closed_s >= :a AND f.closed_s < :b ORDER BY f.ttc_s DESC "
                    "OFFSET k.skip LIMIT 1) "
                    "FROM unnest(CAST(:grids AS integer[]), CAST(:skips AS integer[])) "
                    "AS k(grid, skip)"), {"a": a, "b": b, "grids": _array(closing),
                                           "skips": _array(skips)}).all():
                if ttc is not None:
                    accs[int(k)].p90 = float(ttc)
            return
        if rollup is None and by is not None and len(closing) > P90_WALKS_UP_TO:
            # A city's grids or many teams: one numbered pass.
            for k, ttc in s.connection().execute(_numbered_p90(
                    fkey, (*fact_where, f.closed_s >= a, f.closed_s < b))).all():
                acc = accs.get(int(k or 0))
                if acc is not None:
                    acc.p90 = float(ttc)
            return
        members = rollup.members() if rollup is not None else {}
        for k, acc in accs.items():
            if not acc.closed:
                continue
            # ``+ 0``: the range must not steer the planner onto the closed_s index (and a
            # sort of every closure); the walk is along (key, ttc_s, closed_s).
            where = [*fact_where, (f.closed_s + 0) >= a, (f.closed_s + 0) < b]
            if rollup is not None and k != UNPLACED:
                acc.p90 = _area_p90(s, where, members[k], acc.closed)
                continue
            if rollup is not None:
                where.append(f.grid_id.not_in(list(rollup.area_of)))
            elif by is not None:
                where.append(fkey.is_(None) if k == 0 else fkey == k)
            acc.p90 = float(s.scalar(select(f.ttc_s).where(*where).order_by(f.ttc_s)
                                     .limit(1).offset(_rank(acc.closed) - 1)) or 0)

    @staticmethod
    def _open(s: Connection, a: int, b: int, c: int, by: str | None,
              open_where: list[ColumnElement[bool]], accs: dict[int, Acc]) -> None:
        """Add the open cases, live, to each key's sums: stage counts, registrations,
        fallen deadlines, escalations (straight into ``accs``: a city has tens of
        thousands of keys with open cases, and merging a second set of sums into the
        first cost a quarter of a second)."""
        keycol: Any = {None: literal(0), "grid": Case.grid_id, "team": Case.team_id}[by]
        base = [Case.stage.in_(_OPEN_VALUES), *open_where]

        def grouped(stmt: Any, *more: Any) -> Any:
            return stmt.group_by(keycol, *more) if by is not None else \
                (stmt.group_by(*more) if more else stmt)

        def acc_of(k: Any) -> Acc:
            return _acc_of(accs, int(k or 0))

        for k, stage, n in s.execute(grouped(
                select(keycol, Case.stage, func.count()).select_from(Case).where(*base),
                Case.stage)).all():
            acc_of(k).stages[stage] = int(n)
        lo, hi = datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)
        fallen = datetime.fromtimestamp(c, UTC)
        for k, n in s.execute(grouped(select(keycol, func.count()).select_from(Case).where(
                *base, Case.registered_at >= lo, Case.registered_at < hi))).all():
            if n:
                acc_of(k).registered += int(n)
        if c > a:
            for k, n in s.execute(grouped(
                    select(keycol, func.count()).select_from(Case)
                    .join(Deadline, Deadline.case_id == Case.id)
                    .where(*base, Deadline.kind == "resolve", Deadline.paused_from.is_(None),
                           Deadline.due_at >= lo, Deadline.due_at < fallen))).all():
                if n:
                    acc_of(k).due += int(n)
        # When each escalated open case first reached level 1, 2 and 3 (the earliest of
        # its deadlines at that level or above), then per key how many of those moments
        # fell in the period: added up by the server (a flood escalates tens of thousands).
        first = (select(keycol.label("k"),
                        func.min(Deadline.warn_at).label("l1"),
                        func.min(case((Deadline.level >= 2, Deadline.due_at))).label("l2"),
                        func.min(case((Deadline.level >= 3, Deadline.long_at))).label("l3"))
                 .select_from(Case).join(Deadline, Deadline.case_id == Case.id)
                 .where(*base, Deadline.level >= 1)
                 .group_by(Case.id, *([keycol] if by is not None else [])).subquery())

        def reached(at: Any) -> Any:
            return func.sum(case((and_(at >= lo, at < hi), 1), else_=0))

        per_key = select(first.c.k, reached(first.c.l1), reached(first.c.l2),
                         reached(first.c.l3)).group_by(first.c.k)
        for k, *counts in s.execute(per_key).all():
            if any(counts):
                esc = acc_of(k).esc
                for lv, n in enumerate(counts):
                    esc[lv] += int(n or 0)

    # ---- series for the dashboard -----------------------------------------------------

    def hour_buckets(self, hours: int = 24, now: datetime | None = None) -> list[datetime]:
        """Starts of the last ``hours`` whole-hour buckets, the current one last."""
        now = now or self._clock.now()
        top = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        return [top - timedelta(hours=i) for i in range(hours - 1, -1, -1)]

    def day_buckets(self, days: int = 30, now: datetime | None = None) -> list[datetime]:
        """Starts (center time zone midnight, as UTC) of the last ``days`` days."""
        tz = self._timezone()
        local = (now or self._clock.now()).astimezone(tz)
        today = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return [datetime.combine((today - timedelta(days=i)).date(), today.time(), tz)
                .astimezone(UTC) for i in range(days - 1, -1, -1)]

    def recent_shifts(self, count: int = 14, now: datetime | None = None) -> list[DutyShift]:
        """The center's last ``count`` duty shifts (the handover's: ``WATCHROOM_SHIFTS``,
        default 08:00 Day and 20:00 Night), the running one last."""
        pattern = ShiftPattern.configured(self._timezone().key)
        shift = pattern.current_shift(now or self._clock.now())
        out = [shift]
        while len(out) < count:
            out.insert(0, pattern.previous_shift(out[0].starts_at))
        return out

    def inflow(self, starts: Sequence[datetime], end: datetime) -> list[Bucket]:
        """Cases reported per bucket (``starts`` ascending; the last ends at ``end``)."""
        self.recomputations += 1
        edges = [*starts, end]
        counts = [0] * len(starts)
        a, b = _epoch(edges[0]), _epoch(end)
        with self._db.read() as s:
            for (secs,) in s.connection().execute(select(CaseFact.reported_s).where(
                    CaseFact.reported_s >= a, CaseFact.reported_s < b)):
                _drop(counts, edges, datetime.fromtimestamp(secs, UTC))
            for (at,) in s.execute(select(Case.reported_at).where(
                    Case.stage.in_(_OPEN_VALUES), Case.reported_at >= edges[0],
                    Case.reported_at < end)):
                _drop(counts, edges, at)
        return [Bucket(edges[i], edges[i + 1], (float(counts[i]),)) for i in range(len(starts))]

    def reported_between(self, start: datetime, end: datetime) -> int:
        """Cases reported in ``[start, end)``: one bucket, two indexed counts."""
        with self._db.read() as s:
            closed = s.scalar(select(func.count()).where(
                CaseFact.reported_s >= _epoch(start), CaseFact.reported_s < _epoch(end))) or 0
            opened = s.scalar(select(func.count()).where(
                Case.stage.in_(_OPEN_VALUES), Case.reported_at >= start,
                Case.reported_at < end)) or 0
        return int(closed) + int(opened)

    def on_time_daily(self, starts: Sequence[datetime], end: datetime) -> list[Bucket]:
        """Per day (by due day): (on-time rate or NaN, deadlines fallen, closed on time)."""
        self.recomputations += 1
        edges = [*starts, end]
        now = self._clock.now()
        open_due = [0] * len(starts)
        with self._db.read() as s:
            for (due_at,) in s.execute(self._open_due(edges[0], min(end, now))):
                _drop(open_due, edges, due_at)
            return [self._on_time_bucket(s, lo, hi, open_due[i])
                    for i, (lo, hi) in enumerate(zip(starts, edges[1:], strict=True))]

    def on_time_between(self, start: datetime, end: datetime) -> Bucket:
        """One day's on-time figures (the dashboard's current bucket)."""
        with self._db.read() as s:
            opened = s.scalar(select(func.count()).select_from(
                self._open_due(start, min(end, self._clock.now())).subquery())) or 0
            return self._on_time_bucket(s, start, end, int(opened))

    @staticmethod
    def _open_due(lo: datetime, hi: datetime) -> Any:
        """Due times in ``[lo, hi)`` of open cases' running resolve deadlines."""
        return (select(Deadline.due_at).select_from(Case)
                .join(Deadline, Deadline.case_id == Case.id)
                .where(Case.stage.in_(_OPEN_VALUES), Deadline.kind == "resolve",
                       Deadline.paused_from.is_(None), Deadline.due_at >= lo,
                       Deadline.due_at < hi))

    def _on_time_bucket(self, s: Session, lo: datetime, hi: datetime, open_due: int) -> Bucket:
        c = min(hi, self._clock.now())
        a, b = _epoch(lo), _epoch(c)
        row = s.execute(select(func.count(), func.sum(CaseFact.on_time))
                        .where(CaseFact.due_s >= a, CaseFact.due_s < b)).one() \
            if b > a else (0, 0)
        due = int(row[0] or 0) + (open_due if c > lo else 0)
        on_time = int(row[1] or 0)
        rate = on_time / due if due else math.nan
        return Bucket(lo, hi, (rate, float(due), float(on_time)))

    def time_to_close_histogram(self, start: datetime, end: datetime) -> list[Bucket]:
        """Cases closed in the period by time to close; bucket bounds are
        ``start + edge`` only for labelling — ``values`` is (count,)."""
        self.recomputations += 1
        f = CaseFact
        edges_s = [h * 3600 for h in TTC_EDGES_H]
        whens = [(f.ttc_s < edges_s[i + 1], i) for i in range(len(edges_s) - 1)]
        binned = case(*whens, else_=len(edges_s) - 1)
        counts = [0] * len(edges_s)
        with self._db.read() as s:
            for i, n in s.execute(select(binned, func.count()).where(
                    f.closed_s >= _epoch(start), f.closed_s < _epoch(end)).group_by(binned)):
                counts[int(i)] = int(n)
        zero = datetime.fromtimestamp(0, UTC)
        out = []
        for i, n in enumerate(counts):
            lo = zero + timedelta(hours=TTC_EDGES_H[i])
            hi = zero + timedelta(hours=TTC_EDGES_H[i + 1]) if i + 1 < len(TTC_EDGES_H) \
                else lo
            out.append(Bucket(lo, hi, (float(n),)))
        return out

    def escalations_per_shift(self, starts: Sequence[datetime], end: datetime) -> list[Bucket]:
        """Per shift: cases reaching level 1, 2, 3 in it."""
        self.recomputations += 1
        edges = [*starts, end]
        counts = [[0, 0, 0] for _ in starts]
        a, b = _epoch(edges[0]), _epoch(end)
        f = CaseFact
        with self._db.read() as s:
            for lv, col in ((1, f.esc1_s), (2, f.esc2_s), (3, f.esc3_s)):
                # esc2/esc3 come only after esc1: the esc1 index bounds the scan.
                for (t,) in s.execute(select(col).where(f.esc1_s < b, f.closed_s >= a,
                                                        col >= a, col < b)):
                    i = None if t is None else _index(edges, datetime.fromtimestamp(t, UTC))
                    if i is not None:
                        counts[i][lv - 1] += 1
            first: dict[tuple[int, int], datetime] = {}
            for cid, level, warn, due_at, long_at in s.execute(
                    select(Case.id, Deadline.level, Deadline.warn_at, Deadline.due_at,
                           Deadline.long_at).join(Deadline, Deadline.case_id == Case.id)
                    .where(Case.stage.in_(_OPEN_VALUES), Deadline.level >= 1)):
                for lv, at in ((1, warn), (2, due_at), (3, long_at)):
                    if level >= lv and ((cid, lv) not in first or at < first[(cid, lv)]):
                        first[(cid, lv)] = at
            for (_, lv), at in first.items():
                i = _index(edges, at)
                if i is not None:
                    counts[i][lv - 1] += 1
        return [Bucket(edges[i], edges[i + 1], tuple(float(v) for v in counts[i]))
                for i in range(len(starts))]


Totals = type[KpiGridTotal] | type[KpiTeamTotal]


def _totals_of(by: str | None, grid_id: int | None, team_id: int | None) -> Totals | None:
    """The running totals that hold this grouping and filter (None: grouped or filtered
    by both grid and team, which only the day rows hold)."""
    if grid_id is not None and team_id is not None:
        return None
    if by == "grid":
        return KpiGridTotal if team_id is None else None
    if by == "team":
        return KpiTeamTotal if grid_id is None else None
    return KpiGridTotal if grid_id is not None else KpiTeamTotal


def _totals_less_outside(s: Session, totals: Totals, by: str | None, grid_id: int | None,
                         team_id: int | None, cols: Sequence[Any], lo: int,
                         hi: int) -> list[Any]:
    """The sums of ``cols`` over the days in ``[lo, hi)``: the running totals less the
    day rows before ``lo`` and from ``hi`` on (for the whole history, the first day and
    today's, and the due days still ahead). Rows as the day rows' query gives them:
    ``(key, *sums)`` grouped, ``(*sums,)`` otherwise."""
    d = KpiDaily
    by_grid = totals is KpiGridTotal
    tkey: Any = totals.grid_id if by_grid else totals.team_id  # type: ignore[union-attr]
    dkey: Any = d.grid_id if by_grid else d.team_id
    only = grid_id if by_grid else team_id
    twhere = [tkey == only] if only is not None else []
    dwhere = [dkey == only] if only is not None else []
    tcols = [getattr(totals, c.key) for c in cols]
    sums = [func.sum(c) for c in cols]
    conn = s.connection()
    outside = (d.day_s < lo, d.day_s >= hi)  # two ranges of the day index, not an OR
    if by is None:
        total = [int(v or 0) for v in
                 conn.execute(select(*[func.sum(c) for c in tcols]).where(*twhere)).one()]
        for cond in outside:
            for i, v in enumerate(conn.execute(select(*sums).where(cond, *dwhere)).one()):
                total[i] -= int(v or 0)
        return [tuple(total)]
    # The server subtracts: the keys' totals joined to their days outside the period
    # (a city's 160,000 totals were otherwise taken apart and rebuilt in Python).
    days = union_all(*(select(dkey.label("k"), *cols).where(cond, *dwhere)
                       for cond in outside)).subquery()
    less = select(days.c.k, *[cast(func.sum(days.c[c.key]), BigInteger).label(c.key)
                              for c in cols]).group_by(days.c.k).subquery()
    net = [t - func.coalesce(less.c[c.key], 0) for t, c in zip(tcols, cols, strict=True)]
    return list(conn.execute(select(tkey, *net).select_from(totals)
                             .outerjoin(less, less.c.k == tkey).where(*twhere)).all())


def _area_p90(s: Session, where: list[ColumnElement[bool]], grids: Sequence[int],
              closed: int) -> float:
    """The nearest-rank 90th percentile of an area's ``closed`` closures, walking each of
    its grids' (grid, ttc, closed) index from the top: the value sought is the m-th
    largest of the area (m = closed − rank + 1, about a tenth), so it is among the m
    largest of each grid, and only those are read and sorted — not every closure."""
    f = CaseFact
    m = closed - _rank(closed) + 1
    tops = [select(f.ttc_s.label("ttc")).where(*where, f.grid_id == g)
            .order_by(f.ttc_s.desc()).limit(m).subquery() for g in grids]
    merged = union_all(*(select(t.c.ttc) for t in tops)).subquery()
    found = s.scalar(select(merged.c.ttc).order_by(merged.c.ttc.desc())
                     .limit(1).offset(m - 1))
    return float(found or 0)


def _index(edges: Sequence[datetime], at: datetime) -> int | None:
    if at < edges[0] or at >= edges[-1]:
        return None
    lo, hi = 0, len(edges) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if at >= edges[mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _drop(counts: list[int], edges: Sequence[datetime], at: datetime) -> None:
    i = _index(edges, at)
    if i is not None:
        counts[i] += 1
