"""The center's basemaps: the maps drawn under the grid cells.

A basemap is an MBTiles file or a folder of XYZ tiles on the center's own disk (offline
first: a control room on a closed network has no tile server), or an XYZ URL for a
center with a network, its tiles kept on disk as they arrive. Administrators add and
remove them (``python main.py basemap add FILE|DIR|URL``); every seat lists the same ones
and each chooses which to look at.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import func, select

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import NotFound, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import TERRITORY_ADMINS, require_role
from console.territory.tiles import (
    FolderSource,
    MbtilesSource,
    TileError,
    TileSource,
    UrlSource,
    check_url_template,
)
from db.database import Database
from db.models import Basemap

KINDS = ("mbtiles", "xyz", "url")
NAME_MAX = 120


@dataclass(frozen=True, slots=True)
class BasemapInfo:
    """One basemap as the console lists it."""

    id: int
    name: str
    kind: str  # mbtiles, xyz or url
    location: str
    attribution: str
    min_zoom: int
    max_zoom: int
    version: int


def _info(row: Basemap) -> BasemapInfo:
    return BasemapInfo(row.id, row.name, row.kind, row.location, row.attribution,
                       row.min_zoom, row.max_zoom, row.version)


def open_source(kind: str, location: str, *, cache: Path | None = None, name: str = "",
                attribution: str = "") -> TileSource:
    """The tile source of a basemap (``TileError`` names the file and the trouble)."""
    if kind == "mbtiles":
        return MbtilesSource(Path(location))
    if kind == "xyz":
        return FolderSource(Path(location))
    if cache is None:
        raise TileError(f"{location}: a tile URL needs a cache folder")
    return UrlSource(location, cache, name=name, attribution=attribution)


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("_") or "tiles"


@retries_lost_connection
class BasemapService:
    """Adds, lists and removes basemaps; opens their tile sources (kept open, one each).

    ``cache_root`` is where URL basemaps keep their tiles (one folder per basemap); by
    default the user's cache folder, ``…/watchroom/tiles``.
    """

    def __init__(self, db: Database, clock: Clock, cache_root: Path | None = None) -> None:
        self._db = db
        self._clock = clock
        self.cache_root = cache_root or Path(platformdirs.user_cache_dir("watchroom")) / "tiles"
        self._sources: dict[tuple[int, int], TileSource] = {}
        self._lock = threading.Lock()

    def list(self) -> list[BasemapInfo]:
        """Every basemap, in the order they were added."""
        with self._db.read() as s:
            return [_info(b) for b in s.scalars(
                select(Basemap).order_by(Basemap.position, Basemap.id))]

    def get(self, name: str) -> BasemapInfo:
        for found in self.list():
            if found.name.casefold() == name.strip().casefold():
                return found
        known = ", ".join(b.name for b in self.list()) or "none"
        raise NotFound(f"Unknown basemap {name!r}. Known basemaps: {known}.")

    def add(self, actor: OperatorRef, location: str, name: str | None = None) -> BasemapInfo:
        """Add an MBTiles file, a folder of XYZ tiles or an XYZ URL; read it first, so a
        file that is no tile set is refused here, not on a duty officer's screen. Adding
        the same name again points it at the new place."""
        require_role(actor, TERRITORY_ADMINS, "manage basemaps")
        where = location.strip()
        if not where:
            raise ValidationError("Say which tile set: an MBTiles file, a folder of z/x/y "
                                  "tiles or an http(s) URL with {z}, {x} and {y}.", "location")
        try:
            if re.match(r"^https?://", where, re.IGNORECASE):
                kind, where = "url", check_url_template(where)
                title = name or re.sub(r"^https?://([^/]+).*$", r"\1", where)
                attribution, zooms = "", (0, 19)
            else:
                path = Path(where).expanduser().resolve()
                kind = "xyz" if path.is_dir() else "mbtiles"
                where = str(path)
                source = open_source(kind, where)
                try:
                    title = name or source.info.name
                    attribution = source.info.attribution
                    zooms = (source.info.min_zoom, source.info.max_zoom)
                finally:
                    source.close()
        except TileError as exc:
            raise ValidationError(str(exc), "location") from None
        title = title.strip()[:NAME_MAX]
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.scalar(select(Basemap).where(func.lower(Basemap.name) == title.lower()))
            if row is None:
                position = (s.scalar(select(func.max(Basemap.position))) or 0) + 1
                row = Basemap(name=title, kind=kind, location=where, attribution=attribution,
                              min_zoom=zooms[0], max_zoom=zooms[1], position=position,
                              added_at=now, version=1)
                s.add(row)
                op = "insert"
            elif (row.kind, row.location, row.attribution, row.min_zoom, row.max_zoom) == \
                    (kind, where, attribution, *zooms):
                return _info(row)  # added again as it is: nothing to record
            else:
                row.kind, row.location, row.attribution = kind, where, attribution
                row.min_zoom, row.max_zoom = zooms
                row.version += 1
                op = "update"
            s.flush()
            record(s, actor=actor, at=now, entity="basemap", entity_id=row.id,
                   action="add", op=op, detail={"name": title, "kind": kind,
                                                "location": where})
            return _info(row)

    def remove(self, actor: OperatorRef, name: str) -> BasemapInfo:
        """Forget a basemap (its file stays where it is; a URL's cached tiles stay)."""
        require_role(actor, TERRITORY_ADMINS, "manage basemaps")
        found = self.get(name)
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.get(Basemap, found.id)
            if row is not None:
                s.delete(row)
            record(s, actor=actor, at=now, entity="basemap", entity_id=found.id,
                   action="remove", op="delete", detail={"name": found.name})
        self._forget(found.id)
        return found

    def cache_of(self, basemap: BasemapInfo) -> Path:
        return self.cache_root / f"{basemap.id}-{_slug(basemap.name)}"

    def source(self, basemap: BasemapInfo) -> TileSource:
        """The basemap's tile source, opened once per version and kept (thread-safe)."""
        key = (basemap.id, basemap.version)
        with self._lock:
            found = self._sources.get(key)
            if found is not None:
                return found
        try:
            opened = open_source(basemap.kind, basemap.location,
                                 cache=self.cache_of(basemap), name=basemap.name,
                                 attribution=basemap.attribution)
        except TileError as exc:
            raise ValidationError(str(exc), "location") from None
        with self._lock:
            self._forget_locked(basemap.id)
            self._sources[key] = opened
        return opened

    def _forget(self, basemap_id: int) -> None:
        with self._lock:
            self._forget_locked(basemap_id)

    def _forget_locked(self, basemap_id: int) -> None:
        for key in [k for k in self._sources if k[0] == basemap_id]:
            self._sources.pop(key).close()

    def close(self) -> None:
        with self._lock:
            for source in self._sources.values():
                source.close()
            self._sources.clear()
