"""The territory kept in the database: import checked areas, rename, retire, read the tree."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import NotFound, ValidationError
from console.core.journal import announce, record
from console.core.local_time import DEFAULT_CENTER_ZONE
from console.core.reconnect import retries_lost_connection
from console.operators.service import TERRITORY_ADMINS, require_role
from console.reports.wording import ENGLISH, ReportWords, counted
from console.territory.areas import (
    LEVELS,
    Area,
    Level,
    ParentInfo,
    check_level,
    level_above,
    level_word,
)
from console.territory.district import DistrictService
from console.territory.plan import ImportPlan
from db.database import Database
from db.models import Area as AreaRow
from db.models import Case, CenterSetting, Grid, WorkingCalendarRow

COORDINATE_DIGITS = 7  # about 1 cm: enough for any survey, and stable in exports


@dataclass(frozen=True)
class TerritoryArea:
    """One area of the territory as a person reads it (a grid is an area of level grid)."""

    id: int
    code: str
    level: Level
    name_zh: str
    name_en: str
    parent_code: str
    households: int | None
    population: int | None
    retired: bool

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else (self.name_en or self.name_zh)


@dataclass(frozen=True)
class CenterIdentity:
    """The center's name (empty until someone gives it one) and its time zone."""

    name: str
    zone: str


@dataclass
class TerritoryImportResult:
    """What storing an import plan did: codes created, updated, unchanged and retired."""

    level: Level
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    retired_with_open_cases: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def lines(self, words: ReportWords = ENGLISH) -> list[str]:
        translate = words.translate
        counts = {"created": len(self.created), "updated": len(self.updated),
                  "unchanged": len(self.unchanged), "retired": len(self.retired),
                  "level": level_word(self.level, translate)}
        out = [translate("TerritoryImport", "{created} {level} areas would be created, "
                                            "{updated} updated, {unchanged} unchanged, "
                                            "{retired} retired.").format(**counts)
               if self.dry_run else
               translate("TerritoryImport", "{created} {level} areas were created, {updated} "
                                            "updated, {unchanged} unchanged, {retired} "
                                            "retired.").format(**counts)]
        out += [translate("TerritoryImport", "updated: {code}").format(code=code)
                for code in self.updated]
        for code in self.retired:
            line = translate("TerritoryImport", "retired: {code}").format(code=code)
            kept = self.retired_with_open_cases.get(code)
            if kept:
                line += counted(translate("TerritoryImport", " (keeps its {n} open case(s))"),
                                kept).format(n=kept)
            out.append(line)
        if self.dry_run:
            out.append(translate("TerritoryImport", "Dry run: nothing was written."))
        return out


def geometry_json(geometry: BaseGeometry) -> str:
    """A WGS84 shape as compact GeoJSON text, coordinates rounded to about 1 cm."""
    rounded = shapely.transform(geometry, lambda xy: xy.round(COORDINATE_DIGITS))
    return json.dumps(mapping(rounded), separators=(",", ":"))


def parse_geometry(text: str) -> BaseGeometry | None:
    """The shape stored as GeoJSON text, or None for an area stored without one."""
    return shape(json.loads(text)) if text else None


def outer_ring(geometry: BaseGeometry) -> list[list[float]]:
    """The exterior ring of the largest part: what the neighbour and label helpers read."""
    parts: Sequence[Polygon] = list(geometry.geoms) if isinstance(geometry, MultiPolygon) \
        else [geometry] if isinstance(geometry, Polygon) else []
    if not parts:
        return []
    largest = max(parts, key=lambda p: p.area)
    return [[round(x, COORDINATE_DIGITS), round(y, COORDINATE_DIGITS)]
            for x, y in largest.exterior.coords]


@retries_lost_connection
@retries_lost_connection
class TerritoryService:
    """Districts, streets, communities and grids: what an administrator loads and edits.

    Writes are an administrator's; each one is one audit entry and one change that makes
    every console reload its reference data (the grid cache, the map, the pickers).
    """

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 actor: Callable[[], OperatorRef]) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._system = actor
        # Called after the center's zone changed (the composition root forgets the cached
        # working calendar there, whose zone every time on screen is written in).
        self.center_changed: list[Callable[[], None]] = []

    # ---- the center ----------------------------------------------------------------

    def center(self) -> CenterIdentity:
        """The center's name and time zone (the zone of its working calendar)."""
        with self._db.read() as s:
            name = s.scalar(select(CenterSetting.value).where(CenterSetting.key == "name"))
            zone = s.scalar(select(WorkingCalendarRow.timezone).where(
                WorkingCalendarRow.name == "default"))
        return CenterIdentity(name or "", zone or DEFAULT_CENTER_ZONE)

    def set_center(self, actor: OperatorRef, name: str, zone: str) -> CenterIdentity:
        """Name the center and set its time zone (an IANA name such as ``Asia/Taipei``):
        ``center_settings`` keeps both, and the working calendar takes the zone, so shifts,
        deadlines and every time on screen follow it. One transaction."""
        require_role(actor, TERRITORY_ADMINS, "set up the center")
        clean = _name(name, "center's name")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"Unknown time zone {zone!r}: choose one from the list "
                                  "(such as Asia/Shanghai).", "zone") from None
        now = self._clock.now()
        with self._db.write.begin() as s:
            before = {row.key: row.value for row in s.scalars(select(CenterSetting))}
            for key, value in (("name", clean), ("timezone", zone)):
                row = s.get(CenterSetting, key)
                if row is None:
                    s.add(CenterSetting(key=key, value=value))
                else:
                    row.value = value
            s.execute(update(WorkingCalendarRow).where(WorkingCalendarRow.name == "default")
                      .values(timezone=zone))
            record(s, actor=actor, at=now, entity="center", entity_id=0, action="set up",
                   detail={"name": [before.get("name", ""), clean],
                           "timezone": [before.get("timezone", ""), zone]}, op="update")
        for listener in list(self.center_changed):
            listener()
        return self.center()

    # ---- reading -------------------------------------------------------------------

    def areas(self, level: Level | None = None, *,
              include_retired: bool = True) -> list[TerritoryArea]:
        """The areas of ``level`` (every level when None), top level first, by code."""
        levels = LEVELS if level is None else (level,)
        out: list[TerritoryArea] = []
        with self._db.read() as s:
            codes = dict(s.execute(select(AreaRow.id, AreaRow.code)).all())
            for lv in levels:
                if lv == "grid":
                    rows: Iterable[AreaRow | Grid] = s.scalars(select(Grid).order_by(Grid.code))
                else:
                    rows = s.scalars(select(AreaRow).where(AreaRow.level == lv)
                                     .order_by(AreaRow.code))
                for row in rows:
                    parent_id = row.area_id if isinstance(row, Grid) else row.parent_id
                    if not include_retired and row.retired_at is not None:
                        continue
                    out.append(TerritoryArea(
                        row.id, row.code, lv, row.name_zh, row.name_en,
                        codes.get(parent_id, "") if parent_id is not None else "",
                        row.households, row.population, row.retired_at is not None))
        return out

    def levels_present(self) -> list[Level]:
        """The levels this territory has areas at, top first."""
        with self._db.read() as s:
            present = set(s.scalars(select(AreaRow.level).distinct()))
            if s.scalar(select(Grid.id).limit(1)) is not None:
                present.add("grid")
        return [lv for lv in LEVELS if lv in present]

    def shapes(self, level: Level) -> dict[str, BaseGeometry]:
        """Every area of ``level`` with a shape: code → WGS84 geometry."""
        model = Grid if level == "grid" else AreaRow
        with self._db.read() as s:
            query = select(model.code, model.geometry)
            if model is AreaRow:
                query = query.where(AreaRow.level == level)
            rows = s.execute(query).all()
        return {code: geom for code, text in rows if (geom := parse_geometry(text)) is not None}

    def grid_shape(self, code: str) -> BaseGeometry:
        shapes = self.shapes("grid")
        if code not in shapes:
            raise NotFound(f"No grid {code!r} with a shape.")
        return shapes[code]

    def parent_level(self, level: Level, s: Session | None = None) -> Level | None:
        """The level whose areas hold areas of ``level``: the nearest level above that
        this territory has (a city without streets puts communities in districts)."""
        above = level_above(level)
        if s is None:
            with self._db.read() as session:
                return self.parent_level(level, session)
        while above is not None:
            if s.scalar(select(AreaRow.id).where(AreaRow.level == above).limit(1)) is not None:
                return above
            above = level_above(above)
        return None

    def known_parents(self, level: Level) -> dict[str, ParentInfo]:
        """The existing areas of the level holding ``level`` (for placing new areas)."""
        above = self.parent_level(level)
        if above is None:
            return {}
        with self._db.read() as s:
            rows = s.execute(select(AreaRow.code, AreaRow.name_zh, AreaRow.geometry)
                             .where(AreaRow.level == above)).all()
        return {code: ParentInfo(name, parse_geometry(text)) for code, name, text in rows}

    # ---- writing -------------------------------------------------------------------

    def store(self, actor: OperatorRef, plan: ImportPlan, *, retire_missing: bool = False,
              dry_run: bool = False) -> TerritoryImportResult:
        """Store the areas of a checked plan: a code already known is updated (name,
        shape, households), a new one created; with ``retire_missing`` the areas of the
        level the plan does not hold are retired. One transaction; ``dry_run`` reports
        what would happen and writes nothing."""
        require_role(actor, TERRITORY_ADMINS, "change the territory")
        level = plan.level
        now = self._clock.now()
        result = TerritoryImportResult(level, dry_run=dry_run)
        with self._db.write.begin() as s:
            parents = self._parent_ids(s, level)
            if level == "grid":
                self._store_grids(s, plan.areas, parents, now, result)
            else:
                self._store_areas(s, level, plan.areas, parents, now, result)
            if retire_missing:
                self._retire_missing(s, level, {a.code for a in plan.areas}, now, result)
            if dry_run:
                s.rollback()
                return result
            record(s, actor=actor, at=now, entity="territory", entity_id=0, action="import",
                   detail={"level": level, "created": len(result.created),
                           "updated": len(result.updated), "retired": result.retired,
                           "files": [src.name for src in plan.sources]}, op="update")
            announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        return result

    def _parent_ids(self, s: Session, level: Level) -> dict[str, int]:
        above = self.parent_level(level, s)
        if above is None:
            return {}
        return dict(s.execute(select(AreaRow.code, AreaRow.id)
                              .where(AreaRow.level == above)).all())

    @staticmethod
    def _parent_id(area: Area, parents: dict[str, int]) -> int | None:
        if area.parent_code is None:
            return None
        return parents.get(area.parent_code)

    def _store_areas(self, s: Session, level: Level, areas: Sequence[Area],
                     parents: dict[str, int], now: datetime,
                     result: TerritoryImportResult) -> None:
        existing = {row.code: row for row in s.scalars(select(AreaRow))}
        new_rows = []
        for area in areas:
            values = {"name_zh": area.name, "parent_id": self._parent_id(area, parents),
                      "geometry": geometry_json(area.geometry),
                      "households": area.households, "population": area.population}
            row = existing.get(area.code)
            if row is None:
                new_rows.append({"code": area.code, "level": level, "name_en": "",
                                 "retired_at": None, "updated_at": now, "version": 1,
                                 **values})
                result.created.append(area.code)
                continue
            if row.level != level:
                raise ValidationError(
                    f"{area.source_file}: code {area.code} is already a {row.level} of this "
                    f"territory, not a {level}; codes are unique across levels.", "code")
            if area.households is None:
                values["households"] = row.households
            if area.population is None:
                values["population"] = row.population
            changed = any(getattr(row, k) != v for k, v in values.items()) or \
                row.retired_at is not None
            if changed:
                for k, v in values.items():
                    setattr(row, k, v)
                row.retired_at = None
                row.updated_at = now
                row.version += 1
                result.updated.append(area.code)
            else:
                result.unchanged.append(area.code)
        if new_rows:
            s.execute(insert(AreaRow), new_rows)

    def _store_grids(self, s: Session, areas: Sequence[Area], parents: dict[str, int],
                     now: datetime, result: TerritoryImportResult) -> None:
        existing = {row.code: row for row in s.scalars(select(Grid))}
        names = dict(s.execute(select(AreaRow.id, AreaRow.name_zh)).all())
        names_en = dict(s.execute(select(AreaRow.id, AreaRow.name_en)).all())
        taken = set(s.scalars(select(AreaRow.code)))
        new_rows = []
        for area in areas:
            if area.code in taken:
                raise ValidationError(
                    f"{area.source_file}: code {area.code} is already an area of this "
                    "territory, not a grid; codes are unique across levels.", "code")
            parent_id = self._parent_id(area, parents)
            values = {"name_zh": area.name, "area_id": parent_id,
                      "geometry": geometry_json(area.geometry),
                      "polygon": json.dumps(outer_ring(area.geometry), separators=(",", ":")),
                      "community_zh": names.get(parent_id, "") if parent_id else "",
                      "community_en": names_en.get(parent_id, "") if parent_id else ""}
            if area.households is not None:
                values["households"] = area.households
            if area.population is not None:
                values["population"] = area.population
            row = existing.get(area.code)
            if row is None:
                new_rows.append({"code": area.code, "name_en": "", "households": 0,
                                 "population": None, "retired_at": None, "version": 1,
                                 **values})
                result.created.append(area.code)
                continue
            changed = any(getattr(row, k) != v for k, v in values.items()) or \
                row.retired_at is not None
            if changed:
                for k, v in values.items():
                    setattr(row, k, v)
                row.retired_at = None
                row.version += 1
                result.updated.append(area.code)
            else:
                result.unchanged.append(area.code)
        if new_rows:
            s.execute(insert(Grid), new_rows)

    def _retire_missing(self, s: Session, level: Level, kept: set[str], now: datetime,
                        result: TerritoryImportResult) -> None:
        if level == "grid":
            live = s.execute(select(Grid.id, Grid.code).where(Grid.retired_at.is_(None))).all()
            gone = [(i, c) for i, c in live if c not in kept]
            for grid_id, code in gone:
                open_cases = s.scalar(select(func.count()).select_from(Case).where(
                    Case.grid_id == grid_id, Case.closed_at.is_(None))) or 0
                if open_cases:
                    result.retired_with_open_cases[code] = open_cases
            if gone:
                s.execute(update(Grid).where(Grid.id.in_([i for i, _ in gone]))
                          .values(retired_at=now))
        else:
            live = s.execute(select(AreaRow.id, AreaRow.code).where(
                AreaRow.level == level, AreaRow.retired_at.is_(None))).all()
            gone = [(i, c) for i, c in live if c not in kept]
            if gone:
                s.execute(update(AreaRow).where(AreaRow.id.in_([i for i, _ in gone]))
                          .values(retired_at=now, updated_at=now))
        result.retired.extend(sorted(c for _, c in gone))

    def set_english_names(self, actor: OperatorRef, level: Level,
                          names: Mapping[str, str]) -> list[str]:
        """Give the areas of ``level`` their English names (code → name; an unknown code
        is skipped), grids their communities' too; one audit entry for them all. Returns
        the codes whose name changed (a file's ``name_en``: the import reads names in
        Chinese)."""
        require_role(actor, TERRITORY_ADMINS, "change the territory")
        wanted = {code: " ".join(name.split())[:120] for code, name in names.items()}
        now = self._clock.now()
        with self._db.write.begin() as s:
            rows: list[Grid] | list[AreaRow] = (
                list(s.scalars(select(Grid))) if level == "grid" else
                list(s.scalars(select(AreaRow).where(AreaRow.level == level))))
            renamed = {row.id: wanted[row.code] for row in rows
                       if row.code in wanted and row.name_en != wanted[row.code]}
            if not renamed:
                return []
            for row in rows:
                if row.id in renamed:
                    row.name_en = renamed[row.id]
                    row.version += 1
            if level != "grid":
                for grid in s.scalars(select(Grid).where(Grid.area_id.is_not(None))):
                    if grid.area_id in renamed:
                        grid.community_en = renamed[grid.area_id]
            changed = sorted(row.code for row in rows if row.id in renamed)
            record(s, actor=actor, at=now, entity="territory", entity_id=0,
                   action="english names", detail={"level": level, "codes": changed})
            announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        return changed

    def rename(self, actor: OperatorRef, code: str, *, name_zh: str | None = None,
               name_en: str | None = None) -> TerritoryArea:
        """Give an area or grid a new Chinese and/or English name."""
        values: dict[str, object] = {}
        if name_zh is not None:
            values["name_zh"] = _name(name_zh, "Chinese name")
        if name_en is not None:
            values["name_en"] = " ".join(name_en.split())[:120]
        return self._edit(actor, code, "rename", values)

    def set_households(self, actor: OperatorRef, code: str, households: int,
                       population: int | None = None) -> TerritoryArea:
        """Set an area's or grid's households (and population, when given)."""
        if households < 0 or (population is not None and population < 0):
            raise ValidationError("Households and population cannot be negative.",
                                  "households")
        values: dict[str, object] = {"households": households}
        if population is not None:
            values["population"] = population
        return self._edit(actor, code, "set households", values)

    def retire(self, actor: OperatorRef, code: str) -> TerritoryArea:
        """Retire an area or grid: it keeps its history and takes no new cases."""
        return self._edit(actor, code, "retire", {"retired_at": self._clock.now()})

    def restore(self, actor: OperatorRef, code: str) -> TerritoryArea:
        """Bring a retired area or grid back into use."""
        return self._edit(actor, code, "restore", {"retired_at": None})

    def add_grid(self, actor: OperatorRef, code: str, name_zh: str, parent_code: str | None,
                 geometry: BaseGeometry, households: int = 0) -> TerritoryArea:
        """Add one grid drawn or typed by hand (WGS84 shape)."""
        require_role(actor, TERRITORY_ADMINS, "change the territory")
        code = " ".join(code.split()).upper()
        if not code:
            raise ValidationError("A grid needs a code.", "code")
        if not isinstance(geometry, Polygon | MultiPolygon) or geometry.is_empty \
                or not geometry.is_valid:
            raise ValidationError(f"Grid {code}: the shape must be a valid polygon.",
                                  "geometry")
        area = Area(code, _name(name_zh, "name"), "grid", parent_code, "given",
                    geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry]),
                    households, None, (), "")
        with self._db.read() as s:
            if s.scalar(select(Grid.id).where(Grid.code == code)) is not None:
                raise ValidationError(f"Grid {code} exists already.", "code")
            if parent_code and s.scalar(select(AreaRow.id).where(
                    AreaRow.code == parent_code)) is None:
                raise ValidationError(f"No area {parent_code!r} to hold grid {code}.",
                                      "parent")
        self.store(actor, ImportPlan("grid", [area], [], []))
        return next(a for a in self.areas("grid") if a.code == code)

    def _edit(self, actor: OperatorRef, code: str, action: str,
              values: dict[str, object]) -> TerritoryArea:
        require_role(actor, TERRITORY_ADMINS, "change the territory")
        now = self._clock.now()
        with self._db.write.begin() as s:
            grid = s.scalars(select(Grid).where(Grid.code == code)).first()
            target: Grid | AreaRow | None = grid or s.scalars(
                select(AreaRow).where(AreaRow.code == code)).first()
            if target is None:
                raise NotFound(f"No area or grid {code!r} in this territory.")
            before = {k: getattr(target, k) for k in values}
            for k, v in values.items():
                setattr(target, k, v)
            target.version += 1
            record(s, actor=actor, at=now, entity="grid" if grid else "area",
                   entity_id=target.id, action=action,
                   detail={"code": code, **{k: [before[k], v] for k, v in values.items()}})
            announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        return next(a for a in self.areas(None) if a.code == code)

    # ---- export --------------------------------------------------------------------

    def feature_collection(self, level: Level = "grid") -> dict[str, object]:
        """The areas of ``level`` as a GeoJSON FeatureCollection (WGS84), with the
        properties code, name, name_en, level, parent, households, population, retired."""
        check_level(level)
        shapes = self.shapes(level)
        features = []
        for area in self.areas(level):
            geom = shapes.get(area.code)
            features.append({
                "type": "Feature",
                "properties": {"code": area.code, "name": area.name_zh,
                               "name_en": area.name_en, "level": area.level,
                               "parent": area.parent_code or None,
                               "households": area.households,
                               "population": area.population, "retired": area.retired},
                "geometry": json.loads(geometry_json(geom)) if geom is not None else None,
            })
        return {"type": "FeatureCollection", "features": features}


def _name(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError(f"The {what} cannot be empty.", "name")
    return name[:120]
