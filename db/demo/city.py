"""A city for scale: sixteen districts of 10,000 grid cells each, their teams, and years
of the cases a 12345 hotline brings in (``main.py seed --city 16``; ``make bench`` city).

The demo district's operators, policies and its own 30 cells are loaded first (they carry
the duty officers and the SLA policies); the city's districts are laid out beside it as a
lattice of 100 m cells, 4 × 4 districts of 100 × 100 cells, each district with ten
streets of ten communities. Each district has one team of each specialist kind and one
grid-worker team per street; a case goes to its district's team of the right kind, or to
its street's grid workers. Rows are written through COPY on PostgreSQL (db/bulk.py).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select

from db.bulk import move_sequence, write_rows
from db.database import Database
from db.demo.district_loader import read_case_templates
from db.demo.seed import (
    SeedError,
    SeedGrid,
    SeedPlan,
    SeedTemplate,
    TeamSpot,
    default_open_count,
    plan_seed,
    team_kind_for,
)
from db.engine import writer
from db.models import Area, Change, Grid, Team
from db.vocabulary import TeamKind

GRID_SIDE = 100  # cells along each side of a district
STREETS = 10  # streets per district, each ten communities of 100 cells
CELL_DEG = 0.001  # about 100 m at 30° N
ORIGIN = (120.40, 30.10)  # south-west corner of the city's lattice (east of the demo district)
SPECIALISTS = (TeamKind.FIRE, TeamKind.MEDIATION, TeamKind.PATROL, TeamKind.UTILITIES,
               TeamKind.MEDICAL, TeamKind.RESCUE)
TEAM_NAMES = {
    TeamKind.FIRE: ("消防救援站", "Fire Rescue Station"),
    TeamKind.MEDIATION: ("人民调解委员会", "Mediation Committee"),
    TeamKind.PATROL: ("巡逻大队", "Patrol Brigade"),
    TeamKind.UTILITIES: ("市政抢修队", "Utilities Repair Team"),
    TeamKind.MEDICAL: ("急救站", "Ambulance Station"),
    TeamKind.RESCUE: ("应急救援队", "Emergency Rescue Team"),
}
DISTRICT_NAMES = (
    ("东城区", "Dongcheng"), ("西城区", "Xicheng"), ("南湖区", "Nanhu"), ("北山区", "Beishan"),
    ("江岸区", "Jiang'an"), ("河口区", "Hekou"), ("新港区", "Xingang"), ("老城区", "Laocheng"),
    ("高新区", "Gaoxin"), ("临江区", "Linjiang"), ("青山区", "Qingshan"), ("白沙区", "Baisha"),
    ("云溪区", "Yunxi"), ("桂林区", "Guilin"), ("长乐区", "Changle"), ("安平区", "Anping"),
)


@dataclass(frozen=True)
class City:
    districts: int
    grids: int
    teams: int
    # grid id -> (district index, street index) for the city's cells
    places: dict[int, tuple[int, int]]
    # (district index, kind) -> team; (district index, street index) -> grid workers
    specialists: dict[tuple[int, str], TeamSpot]
    workers: dict[tuple[int, int], TeamSpot]


class CityTeams:
    """The team a city case goes to: its district's specialists, or its street's grid
    workers for everyday matters (the demo's nearest-base rule, in constant time)."""

    def __init__(self, city: City) -> None:
        self._city = city

    def team_for(self, category: str, severity: int, grid_id: int) -> TeamSpot | None:
        place = self._city.places.get(grid_id)
        if place is None:
            return None
        district, street = place
        kind = team_kind_for(category, severity)
        if kind is not TeamKind.GRID_WORKERS:
            team = self._city.specialists.get((district, kind.value))
            if team is not None:
                return team
        return self._city.workers.get((district, street))


def _square(x: int, y: int) -> list[list[float]]:
    x0, y0 = ORIGIN[0] + x * CELL_DEG, ORIGIN[1] + y * CELL_DEG
    x1, y1 = round(x0 + CELL_DEG, 6), round(y0 + CELL_DEG, 6)
    x0, y0 = round(x0, 6), round(y0, 6)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _box(x: int, y: int, w: int, h: int) -> str:
    """A rectangle of cells as a GeoJSON MultiPolygon."""
    x0, y0 = round(ORIGIN[0] + x * CELL_DEG, 6), round(ORIGIN[1] + y * CELL_DEG, 6)
    x1, y1 = round(x0 + w * CELL_DEG, 6), round(y0 + h * CELL_DEG, 6)
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return _compact({"type": "MultiPolygon", "coordinates": [[ring]]})


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def build_city(db: Database, now: datetime, districts: int = 16, seed: int = 42) -> City:
    """Write the city's districts, streets, communities, cells and teams (once: a database
    that already has them is refused). The demo district must be loaded already."""
    if not 1 <= districts <= len(DISTRICT_NAMES):
        raise SeedError(f"A city has between 1 and {len(DISTRICT_NAMES)} districts, "
                        f"not {districts}.")
    rng = random.Random(seed)
    engine = writer(db.engine)
    with engine.begin() as conn:
        if conn.execute(select(Area.id).where(Area.code == "CITY-D01")).first():
            raise SeedError("This database already holds the city's districts.")
        area_id = conn.execute(select(func.max(Area.id))).scalar() or 0
        grid_id = conn.execute(select(func.max(Grid.id))).scalar() or 0
        team_id = conn.execute(select(func.max(Team.id))).scalar() or 0
        areas: list[tuple[object, ...]] = []
        grids: list[tuple[object, ...]] = []
        teams: list[tuple[object, ...]] = []
        places: dict[int, tuple[int, int]] = {}
        specialists: dict[tuple[int, str], TeamSpot] = {}
        workers: dict[tuple[int, int], TeamSpot] = {}
        community_side = GRID_SIDE // STREETS  # a street is a band 10 cells high
        for d in range(districts):
            zh, en = DISTRICT_NAMES[d]
            dx, dy = (d % 4) * GRID_SIDE, (d // 4) * GRID_SIDE
            code = f"CITY-D{d + 1:02d}"
            area_id += 1
            district_area = area_id
            areas.append((district_area, code, "district", zh, en, None,
                          _box(dx, dy, GRID_SIDE, GRID_SIDE), None, None, None, now, 1))
            for s in range(STREETS):
                area_id += 1
                street_area = area_id
                areas.append((street_area, f"{code}-S{s + 1:02d}", "street",
                              f"{zh}第{s + 1}街道", f"{en} Street {s + 1}", district_area,
                              _box(dx, dy + s * community_side, GRID_SIDE, community_side),
                              None, None, None, now, 1))
                for c in range(STREETS):
                    area_id += 1
                    community_area = area_id
                    czh, cen = f"{zh}{s + 1}街{c + 1}社区", f"{en} S{s + 1} Community {c + 1}"
                    areas.append((community_area, f"{code}-S{s + 1:02d}-C{c + 1:02d}",
                                  "community", czh, cen, street_area,
                                  _box(dx + c * community_side, dy + s * community_side,
                                       community_side, community_side),
                                  None, None, None, now, 1))
                    for k in range(community_side * community_side):
                        x = dx + c * community_side + k % community_side
                        y = dy + s * community_side + k // community_side
                        grid_id += 1
                        number = s * 1000 + c * 100 + k + 1
                        ring = _square(x, y)
                        households = rng.randint(150, 900)
                        grids.append((
                            grid_id, f"{code[5:]}-{number:05d}", f"{en} cell {number}",
                            f"{zh}第{number}网格", cen, czh, households, _compact(ring),
                            _compact({"type": "MultiPolygon", "coordinates": [[ring]]}),
                            community_area, households * 3, None, 1))
                        places[grid_id] = (d, s)
                street_base = grid_id - rng.randrange(community_side * community_side)
                team_id += 1
                spot = TeamSpot(team_id, f"{code[5:]}-GW{s + 1:02d}",
                                TeamKind.GRID_WORKERS.value, street_base)
                workers[(d, s)] = spot
                teams.append((team_id, spot.code, f"{en} Street {s + 1} Grid Workers",
                               f"{zh}第{s + 1}街道网格员队", spot.kind, street_base, 4, 1))
            for kind in SPECIALISTS:
                team_id += 1
                base = grid_id - rng.randrange(GRID_SIDE * GRID_SIDE)
                spot = TeamSpot(team_id, f"{code[5:]}-{kind.value.upper()[:6]}", kind.value,
                                base)
                specialists[(d, kind.value)] = spot
                zh_team, en_team = TEAM_NAMES[kind]
                teams.append((team_id, spot.code, f"{en} {en_team}", f"{zh}{zh_team}",
                              kind.value, base, 6, 1))
        write_rows(conn, "areas", ("id", "code", "level", "name_zh", "name_en", "parent_id",
                                   "geometry", "households", "population", "retired_at",
                                   "updated_at", "version"), areas)
        write_rows(conn, "grids", ("id", "code", "name_en", "name_zh", "community_en",
                                   "community_zh", "households", "polygon", "geometry",
                                   "area_id", "population", "retired_at", "version"), grids)
        write_rows(conn, "teams", ("id", "code", "name_en", "name_zh", "kind",
                                   "base_grid_id", "min_staffing", "version"), teams)
        for table in ("areas", "grids", "teams"):
            move_sequence(conn, table)
    db_district_reload(db, now)
    return City(districts, len(grids), len(teams), places, specialists, workers)


def db_district_reload(db: Database, now: datetime) -> None:
    """One change tells running consoles to reload their reference data."""
    with writer(db.engine).begin() as conn:
        conn.execute(insert(Change).values(at=now, entity="district", entity_id=0,
                                           op="reload"))


def plan_city(db: Database, city: City, n: int, now: datetime, *,
              open_count: int | None = None, days: int = 3 * 365, seed: int = 42,
              lang: str = "en") -> SeedPlan:
    """The seed plan of ``n`` cases over the city's cells (not the demo district's)."""
    base = plan_seed(db, 0, now, open_count=0, days=days, seed=seed, lang=lang)
    with db.read() as s:
        rows = s.execute(select(Grid.id, Grid.code, Grid.name_en, Grid.name_zh,
                                Grid.households)
                         .where(Grid.code.like("D__-%")).order_by(Grid.id)).all()
    grids = tuple(SeedGrid(i, code, zh if base.lang == "zh" else en, households)
                  for i, code, en, zh, households in rows if i in city.places)
    teams = {t.id: t.code for t in (*city.specialists.values(), *city.workers.values())}
    opened = default_open_count(n) if open_count is None else open_count
    if not 0 <= opened <= n:
        raise SeedError(f"Open cases must be between 0 and {n}, not {opened}.")
    templates = tuple(
        SeedTemplate(t["title_zh"] if base.lang == "zh" else t["title_en"], t["category"],
                     int(t["severity"]), tuple(t["sources"])) for t in read_case_templates())
    return SeedPlan(
        n=n, open_count=opened, now=base.now, days=days, seed=seed, lang=base.lang,
        first_case_id=base.first_case_id, counters=base.counters, grids=grids,
        teams=CityTeams(city), team_codes={**base.team_codes, **teams},
        officers=base.officers, coordinators=base.coordinators, templates=templates)
