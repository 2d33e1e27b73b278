"""The territory's reference data: grid cells and teams, cached for quick lookups."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

from sqlalchemy import select

from console.core.domain import GridRef, TeamKind, TeamRef
from console.core.errors import ValidationError
from console.core.reconnect import retries_lost_connection
from console.territory.grid_search import GridSearch
from console.territory.places import LonLat
from db.database import Database
from db.models import Area, Grid, Team

if TYPE_CHECKING:  # shapely and pyproj load with the first point located
    from console.territory.locator import PlaceLocator


@retries_lost_connection
class DistrictService:
    """Grids and teams change rarely; they are read once and kept until invalidated."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._grids: dict[int, GridRef] | None = None
        self._teams: dict[int, TeamRef] | None = None
        self._search: GridSearch | None = None
        self._locator: PlaceLocator | None = None

    def invalidate(self) -> None:
        with self._lock:
            self._grids = None
            self._teams = None
            self._search = None
            self._locator = None

    def locator(self) -> PlaceLocator:
        """Point → grid over the grids' whole shapes (read once, kept until invalidated)."""
        locator = self._locator
        if locator is None:
            from shapely.geometry import shape

            from console.territory.locator import PlaceLocator

            grids = self._load()[0]
            with self._db.read() as s:
                texts = dict(s.execute(select(Grid.id, Grid.geometry)
                                       .where(Grid.retired_at.is_(None))).all())
            locator = PlaceLocator(
                (grids[gid], shape(json.loads(text)) if text else None)
                for gid, text in texts.items() if gid in grids)
            with self._lock:
                self._locator = locator
        return locator

    def grid_at_point(self, point: LonLat) -> GridRef:
        """The grid holding a WGS84 point; ``OutsideTerritory`` names the nearest grid and
        how far off the point lies."""
        return self.locator().locate(point)

    def search_grids(self, text: str, limit: int = 50, *,
                     include_retired: bool = False) -> list[GridRef]:
        """Grids matching what a person typed: code, name, pinyin or its initials
        ("XH-07", "滨河", "binhe", "bhb"), best first."""
        search = self._search
        if search is None:
            search = GridSearch(self.grids())
            with self._lock:
                self._search = search
        return search.find(text, limit, include_retired=include_retired)

    def _load(self) -> tuple[dict[int, GridRef], dict[int, TeamRef]]:
        with self._lock:
            if self._grids is None or self._teams is None:
                with self._db.read() as s:
                    parents = dict(s.execute(select(Area.id, Area.code)).all())
                    # Columns, not ORM objects, and never the whole shapes: a city's
                    # 160,000 cells load in a second or two instead of over a minute.
                    self._grids = {
                        gid: GridRef(
                            gid, code, name_en, name_zh, community_en, community_zh,
                            households,
                            tuple((float(p[0]), float(p[1])) for p in json.loads(polygon)),
                            parents.get(area_id, "") if area_id is not None else "",
                            retired_at is not None,
                        )
                        for gid, code, name_en, name_zh, community_en, community_zh,
                        households, polygon, area_id, retired_at in s.execute(
                            select(Grid.id, Grid.code, Grid.name_en, Grid.name_zh,
                                   Grid.community_en, Grid.community_zh, Grid.households,
                                   Grid.polygon, Grid.area_id, Grid.retired_at)
                            .order_by(Grid.code))
                    }
                    self._teams = {
                        t.id: TeamRef(t.id, t.code, t.name_en, t.name_zh, TeamKind(t.kind),
                                      t.base_grid_id, t.min_staffing)
                        for t in s.scalars(select(Team).order_by(Team.code))
                    }
            return self._grids, self._teams

    def grids(self) -> list[GridRef]:
        """Every grid, retired ones included (history and filters need them)."""
        return list(self._load()[0].values())

    def active_grids(self) -> list[GridRef]:
        """The grids that take new cases, hazards and teams (not retired)."""
        return [g for g in self._load()[0].values() if not g.retired]

    def teams(self) -> list[TeamRef]:
        return list(self._load()[1].values())

    def grid(self, grid_id: int) -> GridRef:
        return self._load()[0][grid_id]

    def team(self, team_id: int) -> TeamRef:
        return self._load()[1][team_id]

    def grid_by_code(self, code: str) -> GridRef:
        wanted = code.strip().upper()
        for g in self._load()[0].values():
            if g.code.upper() == wanted:
                return g
        known = [g.code for g in self._load()[0].values()]
        hint = f" Known grids: {', '.join(known[:8])}{'…' if len(known) > 8 else ''}." if known \
            else (" This database has no grids yet: load the territory first "
                  "(python main.py district import FILE…, or the set-up assistant).")
        raise ValidationError(f"Unknown grid {code!r}.{hint}", "grid")

    def team_by_code(self, code: str) -> TeamRef:
        wanted = code.strip().upper()
        for t in self._load()[1].values():
            if t.code.upper() == wanted:
                return t
        known = [t.code for t in self._load()[1].values()]
        raise ValidationError(
            f"Unknown team {code!r}. Known teams: {', '.join(known) or 'none'}.", "team"
        )
