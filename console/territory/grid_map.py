"""The grid map's data: cells with their geometry, per-cell figures, markers, colour scales.

What each layer shows, per grid cell:

- **open cases**: cases in any stage but ``closed`` (paused ones too);
- **overdue cases**: open cases whose escalation level is 2 or more (a deadline breached,
  the board's "overdue");
- **highest hazard level**: the highest risk level among the cell's watched hazards
  (active or mitigated; retired ones no longer count);
- **closure rate**: closed ÷ registered over the last 30 days, as the KPI service defines
  it (``KpiService.by_grid``); a cell with nothing registered in the period has no rate.

Every figure comes from a small grouped query on an index: open counts from
``ix_cases_grid_stage_closed`` (``grid_id IN … AND stage IN …``: a few index seeks per
cell, no table rows), overdue counts from the partial index ``ix_cases_overdue``, hazards
from ``ix_hazards_status_matrix``. The closure rate reads history and is the only figure
a caller should expect to take long; the map asks for it separately, off the GUI thread.

Colour scales map a value to a bucket 0–4 (4 the most alarming) or to ``None`` (no data),
so the widget's colours are a lookup and the rule is tested without Qt.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import func, select

from console.cases.query import OVERDUE_LEVEL
from console.clock import Clock
from console.core.domain import OPEN_STAGES, GridRef
from console.core.reconnect import retries_lost_connection
from console.hazards.domain import WATCHED, RiskLevel, level_for_score
from console.territory.district import DistrictService
from db.database import Database
from db.models import Alert, Case
from db.models.hazards import Hazard

Point = tuple[float, float]

CLOSURE_PERIOD = timedelta(days=30)
HAZARD_MARKER_LIMIT = 2000
POINT_LIMIT = 20_000  # case or alert markers: more than any shift has open
# Up to this many grids, overdue cases are counted from each grid's open cases.
FEW_GRIDS = 3
BUCKETS = 5  # 0 (calm) … 4 (most alarming); None is "no data"
# Closure-rate buckets, worst last: ≥ 95 %, 85–95 %, 70–85 %, 50–70 %, < 50 %.
RATE_BOUNDS: tuple[float, ...] = (0.95, 0.85, 0.70, 0.50)
_NICE_STEPS = (1, 2, 5)


class MapLayer(StrEnum):
    """What colours the cells."""

    OPEN = "open"
    OVERDUE = "overdue"
    HAZARD = "hazard"
    CLOSURE = "closure"


class ScaleKind(StrEnum):
    COUNT = "count"  # 0, then four ranges of whole numbers; the last open-ended
    LEVEL = "level"  # none, low, medium, high, extreme
    RATE = "rate"  # ≥ 95 %, … < 50 % (worse is higher); None: nothing registered


@dataclass(frozen=True, slots=True)
class GridCell:
    """One grid cell as the map draws it: its ring of (lon, lat) and its centroid."""

    id: int
    code: str
    name_en: str
    name_zh: str
    polygon: tuple[Point, ...]
    centroid: Point

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


@dataclass(frozen=True, slots=True)
class CaseScope:
    """Which open cases the map counts: the board's category and severity filters (empty
    means any), so the map and the board tell the same story."""

    categories: frozenset[str] = frozenset()
    severities: frozenset[int] = frozenset()

    def clauses(self) -> list[Any]:
        where: list[Any] = []
        if self.categories:
            where.append(Case.category.in_(sorted(self.categories)))
        if self.severities:
            where.append(Case.severity.in_(sorted(self.severities)))
        return where


ALL_CASES = CaseScope()


@dataclass(frozen=True, slots=True)
class CellFigures:
    """What the map knows about one cell; ``closure_rate`` is None until it is read, or
    when nothing was registered in the period."""

    grid_id: int
    open_cases: int = 0
    overdue_cases: int = 0
    hazards: int = 0
    top_score: int = 0
    closure_rate: float | None = None

    @property
    def top_level(self) -> RiskLevel | None:
        """The highest risk level of the cell's watched hazards (None: no hazards)."""
        return level_for_score(self.top_score) if self.hazards else None


@dataclass(frozen=True, slots=True)
class CaseMarker:
    """Cases carry no coordinates (only a text location), so the map marks each cell's
    open cases with one marker at the cell's centroid and their counts."""

    grid_id: int
    point: Point
    open_cases: int
    overdue_cases: int


@dataclass(frozen=True, slots=True)
class HazardMarker:
    """A watched hazard that has coordinates."""

    id: int
    code: str
    name: str
    grid_id: int
    point: Point
    score: int

    @property
    def level(self) -> RiskLevel:
        return level_for_score(self.score)


@dataclass(frozen=True, slots=True)
class CasePoint:
    """An open case reported with a point."""

    id: int
    reference: str
    title: str
    point: Point
    severity: int
    escalation_level: int


@dataclass(frozen=True, slots=True)
class AlertPoint:
    """An open alert, at its circle's centre or its polygon's centroid."""

    id: int
    headline: str
    point: Point
    severity_rank: int  # 1 Extreme … 5 Unknown


@dataclass(frozen=True, slots=True)
class TeamBase:
    """Where a team starts from: its base grid's centroid."""

    id: int
    code: str
    name_en: str
    name_zh: str
    point: Point

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else (self.name_en or self.name_zh)


@dataclass(frozen=True, slots=True)
class MapPoints:
    cases: list[CasePoint]
    alerts: list[AlertPoint]
    bases: list[TeamBase]


@dataclass(frozen=True, slots=True)
class ColourScale:
    """Value → bucket for one layer. ``ranges`` are the buckets' inclusive (low, high)
    bounds (``high`` None: open-ended), in bucket order, for the legend."""

    kind: ScaleKind
    ranges: tuple[tuple[float, float | None], ...]

    def bucket(self, value: float | None) -> int | None:
        """The bucket of ``value`` (0 calm … 4 most alarming), or None for no data."""
        if value is None:
            return None
        if self.kind is ScaleKind.RATE:
            for index, bound in enumerate(RATE_BOUNDS):
                if value >= bound:
                    return index
            return len(RATE_BOUNDS)
        for index, (_low, high) in enumerate(self.ranges):
            if high is None or value <= high:
                return index
        return len(self.ranges) - 1


def nice_step(maximum: int, buckets: int = BUCKETS - 1) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ that splits ``1 … maximum`` into ``buckets`` ranges."""
    wanted = max(1, math.ceil(maximum / buckets))
    power = 1
    while True:
        for step in _NICE_STEPS:
            if step * power >= wanted:
                return step * power
        power *= 10


def count_scale(maximum: int) -> ColourScale:
    """Bucket 0 is exactly 0; then ``1–s``, ``s+1–2s``, ``2s+1–3s``, ``3s+1`` and more,
    with ``s`` a round step that makes the largest value land in the last bucket or
    below: the legend reads in round numbers and does not jump on every change."""
    step = nice_step(maximum)
    ranges: list[tuple[float, float | None]] = [(0, 0)]
    for i in range(BUCKETS - 2):
        ranges.append((i * step + 1, (i + 1) * step))
    ranges.append(((BUCKETS - 2) * step + 1, None))
    return ColourScale(ScaleKind.COUNT, tuple(ranges))


LEVEL_SCALE = ColourScale(ScaleKind.LEVEL, ((0, 0), (1, 1), (2, 2), (3, 3), (4, 4)))
RATE_SCALE = ColourScale(ScaleKind.RATE, (
    (RATE_BOUNDS[0], None), (RATE_BOUNDS[1], RATE_BOUNDS[0]), (RATE_BOUNDS[2], RATE_BOUNDS[1]),
    (RATE_BOUNDS[3], RATE_BOUNDS[2]), (0.0, RATE_BOUNDS[3])))


def layer_value(layer: MapLayer, figures: CellFigures) -> float | None:
    """The number a layer colours by: a count, the hazard level as 0 none … 4 extreme,
    or the closure rate (None when there is none)."""
    if layer is MapLayer.OPEN:
        return figures.open_cases
    if layer is MapLayer.OVERDUE:
        return figures.overdue_cases
    if layer is MapLayer.HAZARD:
        level = figures.top_level
        return 0 if level is None else level.rank + 1
    return figures.closure_rate


def scale_for(layer: MapLayer, figures: Iterable[CellFigures]) -> ColourScale:
    """The colour scale for a layer over these cells (counts scale with their maximum)."""
    if layer is MapLayer.HAZARD:
        return LEVEL_SCALE
    if layer is MapLayer.CLOSURE:
        return RATE_SCALE
    # An attribute read per cell, not a call: the map asks for this on every change.
    if layer is MapLayer.OPEN:
        return count_scale(max((f.open_cases for f in figures), default=0))
    return count_scale(max((f.overdue_cases for f in figures), default=0))


def centroid(ring: Sequence[Point]) -> Point:
    """The area centroid of a closed ring (the mean of its corners when it has no area)."""
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    if not points:
        return (0.0, 0.0)
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-15:
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return (cx / (3 * area), cy / (3 * area))


def case_markers(cells: Iterable[GridCell], figures: dict[int, CellFigures]) -> list[CaseMarker]:
    """One marker per cell with open cases, at its centroid."""
    out = []
    for cell in cells:
        f = figures.get(cell.id)
        if f is not None and f.open_cases:
            out.append(CaseMarker(cell.id, cell.centroid, f.open_cases, f.overdue_cases))
    return out


class KpiRowLike(Protocol):
    """The part of a KPI row the map reads: the grid's code and its closure rate."""

    @property
    def key(self) -> str: ...

    @property
    def closure_rate(self) -> float | None: ...


class GridKpis(Protocol):
    """The KPI service as the map needs it."""

    def by_grid(self, start: datetime, end: datetime) -> Sequence[KpiRowLike]: ...


@retries_lost_connection
class GridMapService:
    """Reads what the grid map draws. Every method is a read; none writes."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 kpis: GridKpis | None = None) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self.kpis = kpis
        # Grid id → (the grid as last read, its cell): a centroid is worked out once per
        # version of a grid, not on every read of ten thousand cells.
        self._cells: dict[int, tuple[GridRef, GridCell]] = {}

    @property
    def clock(self) -> Clock:
        return self._clock

    def cells(self) -> list[GridCell]:
        """The district's cells, in code order (from the district's cache)."""
        known, fresh = self._cells, {}
        for grid in self._district.grids():
            hit = known.get(grid.id)
            fresh[grid.id] = hit if hit is not None and hit[0] is grid else (grid, _cell(grid))
        self._cells = fresh
        return [cell for _, cell in fresh.values()]

    def figures(self, scope: CaseScope = ALL_CASES) -> dict[int, CellFigures]:
        """Open and overdue cases (of ``scope``) and watched hazards for every cell
        (closure rates are not read here: see ``closure_rates``). Three grouped queries
        on indexes."""
        grid_ids = [g.id for g in self._district.grids()]
        cases = self.case_counts(grid_ids, scope)
        hazards = self.hazard_counts()
        return {gid: CellFigures(gid, *cases.get(gid, (0, 0)), *hazards.get(gid, (0, 0)))
                for gid in grid_ids}

    def case_counts(self, grid_ids: Collection[int],
                    scope: CaseScope = ALL_CASES) -> dict[int, tuple[int, int]]:
        """Grid id → (open cases, overdue cases) for the grids named; a live change reads
        only the grids of the cases that changed. Open counts come from the index alone;
        overdue ones from the partial overdue index when many grids are asked for, from
        the grid's own open cases when a few are."""
        wanted = sorted(set(grid_ids))
        if not wanted:
            return {}
        open_values = [s.value for s in OPEN_STAGES]
        overdue_where = [Case.stage.in_(open_values), Case.escalation_level >= OVERDUE_LEVEL,
                         *scope.clauses()]
        if len(wanted) <= FEW_GRIDS:
            overdue_where.append(Case.grid_id.in_(wanted))
        with self._db.read() as s:
            open_counts = {gid: n for gid, n in s.execute(
                select(Case.grid_id, func.count())
                .where(Case.grid_id.in_(wanted), Case.stage.in_(open_values),
                       *scope.clauses())
                .group_by(Case.grid_id))}
            overdue = {gid: n for gid, n in s.execute(
                select(Case.grid_id, func.count()).where(*overdue_where)
                .group_by(Case.grid_id))}
        return {gid: (int(open_counts.get(gid, 0)), int(overdue.get(gid, 0)))
                for gid in wanted}

    def hazard_counts(self) -> dict[int, tuple[int, int]]:
        """Grid id → (watched hazards, highest risk score), for grids that have any."""
        with self._db.read() as s:
            return {gid: (int(n), int(top or 0)) for gid, n, top in s.execute(
                select(Hazard.grid_id, func.count(), func.max(Hazard.score))
                .where(Hazard.status.in_(sorted(st.value for st in WATCHED)))
                .group_by(Hazard.grid_id))}

    def grids_of_cases(self, case_ids: Iterable[int]) -> set[int]:
        """The grids of these cases (primary-key lookups, in chunks)."""
        wanted = sorted(set(case_ids))
        found: set[int] = set()
        with self._db.read() as s:
            for start in range(0, len(wanted), 500):
                found.update(s.scalars(select(Case.grid_id).distinct()
                                       .where(Case.id.in_(wanted[start:start + 500]))))
        return found

    def closure_period(self) -> tuple[datetime, datetime]:
        """The closure-rate layer's period: the last 30 days up to now."""
        end = self._clock.now()
        return end - CLOSURE_PERIOD, end

    def closure_rates(self) -> dict[int, float | None]:
        """Grid id → closure rate over the last 30 days (None: nothing registered).
        Reads history through the KPI service: call it off the GUI thread."""
        if self.kpis is None:
            raise RuntimeError("The grid map has no KPI service to read closure rates from.")
        start, end = self.closure_period()
        by_code = {row.key: row.closure_rate for row in self.kpis.by_grid(start, end)}
        return {g.id: by_code.get(g.code) for g in self._district.grids()}

    def with_closure(self, figures: dict[int, CellFigures],
                     rates: dict[int, float | None]) -> dict[int, CellFigures]:
        """``figures`` with the closure rates filled in; a cell whose rate is already
        filled in keeps its very figures (the map tells changed cells by identity)."""
        out = {}
        for gid, f in figures.items():
            rate = rates.get(gid)
            out[gid] = f if f.closure_rate == rate else replace(f, closure_rate=rate)
        return out

    def points(self, scope: CaseScope = ALL_CASES, limit: int = POINT_LIMIT) -> MapPoints:
        """What the map marks at a position: open cases reported with a point (of
        ``scope``, worst first), open alerts with an area, and each team's base (the
        centroid of its base grid). Two index reads and a few thousand rows at most."""
        with self._db.read() as s:
            cases = s.execute(
                select(Case.id, Case.reference, Case.title, Case.lon, Case.lat,
                       Case.severity, Case.escalation_level)
                .where(Case.stage.in_(OPEN_STAGES), Case.lon.is_not(None),
                       Case.lat.is_not(None), *scope.clauses())
                .order_by(Case.escalation_level.desc(), Case.severity, Case.id.desc())
                .limit(limit)).all()
            alerts = s.execute(
                select(Alert.id, Alert.headline, Alert.event, Alert.severity_rank,
                       Alert.geometry)
                .where(Alert.is_open == 1)
                .order_by(Alert.severity_rank, Alert.received_at.desc(), Alert.id.desc())
                .limit(limit)).all()
        case_points = [CasePoint(i, ref, title, (float(lon or 0), float(lat or 0)), int(sev),
                                 int(level))
                       for i, ref, title, lon, lat, sev, level in cases]
        alert_points = []
        for i, headline, event, rank, text in alerts:
            where = _alert_point(text)
            if where is not None:
                alert_points.append(AlertPoint(i, headline or event, where, int(rank)))
        bases = []
        for team in self._district.teams():
            if team.base_grid_id is None:
                continue
            try:
                grid = self._district.grid(team.base_grid_id)
            except KeyError:
                continue
            if len(grid.polygon) >= 3:
                bases.append(TeamBase(team.id, team.code, team.name_en, team.name_zh,
                                      centroid(grid.polygon)))
        return MapPoints(case_points, alert_points, bases)

    def hazard_markers(self, limit: int = HAZARD_MARKER_LIMIT) -> list[HazardMarker]:
        """Watched hazards with coordinates, highest risk first (at most ``limit``)."""
        with self._db.read() as s:
            rows = s.execute(
                select(Hazard.id, Hazard.code, Hazard.name, Hazard.grid_id, Hazard.lon,
                       Hazard.lat, Hazard.score)
                .where(Hazard.status.in_(sorted(st.value for st in WATCHED)),
                       Hazard.lon.is_not(None), Hazard.lat.is_not(None))
                .order_by(Hazard.score.desc(), Hazard.id).limit(limit)).all()
        return [HazardMarker(i, code, name, gid, (float(lon or 0), float(lat or 0)), int(score))
                for i, code, name, gid, lon, lat, score in rows]


def _alert_point(text: str) -> Point | None:
    """Where an alert sits on the map: its first circle's centre, else the centroid of
    its first polygon (CAP order is lat, lon); None for an alert with no area."""
    try:
        geometry = json.loads(text or "{}")
    except ValueError:
        return None
    if not isinstance(geometry, dict):
        return None
    for circle in geometry.get("circles") or ():
        if isinstance(circle, dict) and "lon" in circle and "lat" in circle:
            return float(circle["lon"]), float(circle["lat"])
    for polygon in geometry.get("polygons") or ():
        ring = [(float(lon), float(lat)) for lat, lon in polygon]
        if len(ring) >= 3:
            return centroid(ring)
    return None


def _cell(grid: GridRef) -> GridCell:
    return GridCell(grid.id, grid.code, grid.name_en, grid.name_zh, grid.polygon,
                    centroid(grid.polygon))
