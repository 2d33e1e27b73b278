"""Map tiles: the Web Mercator tile arithmetic and where tiles come from.

The tile scheme is the one every web map uses (OpenStreetMap's "slippy map" XYZ scheme,
EPSG:3857): at zoom ``z`` the world is ``2**z`` × ``2**z`` tiles of 256 pixels, ``x``
from the antimeridian eastwards, ``y`` from the north. MBTiles stores rows the other way
up (TMS: ``row = 2**z - 1 - y``), which is why its reader flips them.

Three kinds of source, each answering ``tile(z, x, y) -> bytes | None``:

- ``MbtilesSource``: one SQLite file (the MBTiles 1.3 specification), opened read-only,
  one connection per thread, so the map's loader threads read side by side;
- ``FolderSource``: a folder of ``{z}/{x}/{y}.png`` (or .jpg/.webp) as tile tools write;
- ``UrlSource``: an XYZ URL template for centers with a network, every tile kept on disk
  as it arrives; a tile already on disk is never fetched again, and when the link drops
  the map goes on from the disk (a failed fetch holds the network off for a while, so a
  dead link costs one timeout, not one per tile).

Nothing here draws: the widgets turn the bytes into pictures on their own threads.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # loaded where a request is sent, not at the console's start
    import httpx


TILE_SIZE = 256
EARTH_RADIUS = 6378137.0  # WGS84 semi-major axis: the sphere of Web Mercator
ORIGIN_SHIFT = math.pi * EARTH_RADIUS  # 20037508.342789244 m: half the world's width
MAX_LATITUDE = math.degrees(2 * math.atan(math.exp(math.pi)) - math.pi / 2)  # 85.0511°
FORMATS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
           "webp": "image/webp"}
# Magic bytes of the picture formats tiles come in: anything else is not a tile.
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))
MAX_TILE_BYTES = 2 * 1024 * 1024
URL_TIMEOUT_S = 5.0
OFFLINE_BACKOFF_S = 30.0  # after a failed fetch, the disk only for this long


class TileError(ValueError):
    """A tile set that cannot be used, in one sentence naming it and why."""


# ---- Web Mercator ------------------------------------------------------------------------

def mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:3857 metres (x east, y north) of a WGS84 point (latitude clamped to ±85.0511°)."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = math.radians(lon) * EARTH_RADIUS
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * EARTH_RADIUS
    return x, y


def lonlat(x: float, y: float) -> tuple[float, float]:
    """The WGS84 point of EPSG:3857 metres."""
    return (math.degrees(x / EARTH_RADIUS),
            math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2))


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile holding a point at zoom ``z``."""
    n = 2 ** z
    x, y = mercator(lon, lat)
    col = int((x + ORIGIN_SHIFT) / (2 * ORIGIN_SHIFT) * n)
    row = int((ORIGIN_SHIFT - y) / (2 * ORIGIN_SHIFT) * n)
    return min(n - 1, max(0, col)), min(n - 1, max(0, row))


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in EPSG:3857 metres of tile ``z/x/y``."""
    size = 2 * ORIGIN_SHIFT / 2 ** z
    west = -ORIGIN_SHIFT + x * size
    north = ORIGIN_SHIFT - y * size
    return west, north - size, west + size, north


def tile_lonlat_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of tile ``z/x/y``."""
    west, south, east, north = tile_bounds(z, x, y)
    return (*lonlat(west, south), *lonlat(east, north))


def metres_per_pixel(z: int) -> float:
    """Web Mercator metres per pixel at zoom ``z`` (156543.03 at zoom 0)."""
    return 2 * ORIGIN_SHIFT / (TILE_SIZE * 2 ** z)


def zoom_for(metres_per_px: float) -> int:
    """The zoom whose tiles are drawn nearest their own size at this scale."""
    if metres_per_px <= 0:
        return 0
    return max(0, round(math.log2(metres_per_pixel(0) / metres_per_px)))


def tile_kind(data: bytes) -> str | None:
    """png, jpg or webp by the bytes' magic, or None when they are no picture."""
    for magic, kind in _MAGIC:
        if data.startswith(magic) and (kind != "webp" or data[8:12] == b"WEBP"):
            return kind
    return None


# ---- sources -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TileSetInfo:
    """What a tile set says of itself (MBTiles metadata, a folder's metadata.json)."""

    name: str
    attribution: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # west, south, east, north (degrees)
    format: str


class TileSource(Protocol):
    info: TileSetInfo

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's picture, or None where the set has none."""

    def close(self) -> None: ...


def _zoom(value: object, default: int) -> int:
    try:
        z = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(24, max(0, z))


def _bounds(value: object) -> tuple[float, float, float, float] | None:
    try:
        parts = [float(p) for p in str(value).split(",")]
    except ValueError:
        return None
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        return None
    return parts[0], parts[1], parts[2], parts[3]


class MbtilesSource:
    """An MBTiles file, read-only; a connection per thread that reads it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if not self.path.is_file():
            raise TileError(f"{self.path}: no such file")
        try:
            con = self._connection()
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            if not {"tiles", "metadata"} <= tables:
                raise TileError(f"{self.path}: not an MBTiles file (it needs the tables "
                                "'tiles' and 'metadata')")
            meta = dict(con.execute("SELECT name, value FROM metadata").fetchall())
            zooms = con.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise TileError(f"{self.path}: not an MBTiles file ({exc})") from None
        if zooms[0] is None:
            self.close()
            raise TileError(f"{self.path}: the MBTiles file holds no tiles")
        fmt = str(meta.get("format", "png")).lower()
        if fmt not in FORMATS:
            self.close()
            raise TileError(f"{self.path}: tiles in {fmt!r}; raster tiles (png, jpg, webp) "
                            "only — vector tiles (pbf) need a renderer Watchroom does not have")
        self.info = TileSetInfo(
            name=str(meta.get("name") or self.path.stem),
            attribution=str(meta.get("attribution", "")),
            min_zoom=_zoom(meta.get("minzoom"), int(zooms[0])),
            max_zoom=_zoom(meta.get("maxzoom"), int(zooms[1])),
            bounds=_bounds(meta.get("bounds", "")), format=fmt)

    def _connection(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                  check_same_thread=False)
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        row = 2 ** z - 1 - y  # TMS rows count from the south
        try:
            found = self._connection().execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?", (z, x, row)).fetchone()
        except sqlite3.Error:
            return None
        return bytes(found[0]) if found is not None and found[0] is not None else None

    def close(self) -> None:
        with self._lock:
            for con in self._connections:
                con.close()
            self._connections.clear()
        self._local = threading.local()


_XYZ_NAME = re.compile(r"^(\d+)\.(png|jpg|jpeg|webp)$")


class FolderSource:
    """A folder of ``{z}/{x}/{y}.{png|jpg|webp}``; ``metadata.json`` beside them (as
    tile tools write it) gives the name and attribution."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_dir():
            raise TileError(f"{self.path}: no such folder")
        zooms = sorted(int(p.name) for p in self.path.iterdir()
                       if p.is_dir() and p.name.isdigit())
        ext = self._extension(zooms)
        if ext is None:
            raise TileError(f"{self.path}: no tiles found (a folder of z/x/y.png, .jpg or "
                            ".webp files)")
        self._ext = ext
        meta: dict[str, object] = {}
        meta_file = self.path / "metadata.json"
        if meta_file.is_file():
            try:
                loaded = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise TileError(f"{meta_file}: not readable JSON ({exc})") from None
            if isinstance(loaded, dict):
                meta = loaded
        self.info = TileSetInfo(
            name=str(meta.get("name") or self.path.name),
            attribution=str(meta.get("attribution", "")),
            min_zoom=_zoom(meta.get("minzoom"), zooms[0]),
            max_zoom=_zoom(meta.get("maxzoom"), zooms[-1]),
            bounds=_bounds(meta.get("bounds", "")), format="jpg" if ext == "jpeg" else ext)

    def _extension(self, zooms: list[int]) -> str | None:
        for z in zooms:
            for column in (self.path / str(z)).iterdir():
                if not column.is_dir():
                    continue
                for tile in column.iterdir():
                    match = _XYZ_NAME.match(tile.name)
                    if match:
                        return match.group(2)
        return None

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        try:
            return (self.path / str(z) / str(x) / f"{y}.{self._ext}").read_bytes()
        except OSError:
            return None

    def close(self) -> None:
        pass


def check_url_template(template: str) -> str:
    """An XYZ URL template, checked: http(s), with {z}, {x} and {y}."""
    text = template.strip()
    if not re.match(r"^https?://", text, re.IGNORECASE):
        raise TileError(f"{text[:80]}: a tile URL starts with http:// or https://")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in text]
    if missing:
        raise TileError(f"{text[:80]}: the URL needs {', '.join(missing)} where the tile's "
                        "zoom, column and row go")
    return text


class UrlSource:
    """Tiles over HTTP from an XYZ template, each kept in ``cache`` as it arrives.

    ``online`` is False from a failed fetch until the back-off has passed; meanwhile only
    the disk answers. ``fetched`` and ``from_cache`` count what the source did."""

    def __init__(self, template: str, cache: Path, *, name: str = "", attribution: str = "",
                 min_zoom: int = 0, max_zoom: int = 19,
                 client: httpx.Client | None = None) -> None:
        self.template = check_url_template(template)
        self.cache = Path(cache)
        import httpx  # an online basemap only

        self._client = client or httpx.Client(
            timeout=URL_TIMEOUT_S, follow_redirects=True,
            headers={"User-Agent": "Watchroom/0.1 (command-center console; tile cache)"})
        self._own_client = client is None
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self.fetched = self.from_cache = self.failures = 0
        self.info = TileSetInfo(name=name or self.template, attribution=attribution,
                                min_zoom=min_zoom, max_zoom=max_zoom, bounds=None,
                                format="png")

    @property
    def online(self) -> bool:
        return time.monotonic() >= self._offline_until

    def _cached(self, z: int, x: int, y: int) -> Path:
        return self.cache / str(z) / str(x) / f"{y}.tile"

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        path = self._cached(z, x, y)
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None:
            with self._lock:
                self.from_cache += 1
            return data
        if not self.online:
            return None
        url = self.template.replace("{z}", str(z)).replace("{x}", str(x)) \
            .replace("{y}", str(y))
        import httpx

        try:
            response = self._client.get(url)
        except httpx.HTTPError:
            self._went_offline()
            return None
        if response.status_code == 404:
            return None  # the set has no tile here; the link is fine
        body = response.content
        if response.status_code != 200 or len(body) > MAX_TILE_BYTES \
                or tile_kind(body) is None:
            self._went_offline()
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{threading.get_ident()}.part")
        partial.write_bytes(body)
        partial.replace(path)  # whole tiles only, even if the console dies mid-write
        with self._lock:
            self.fetched += 1
        return body

    def _went_offline(self) -> None:
        with self._lock:
            self.failures += 1
            self._offline_until = time.monotonic() + OFFLINE_BACKOFF_S

    def close(self) -> None:
        if self._own_client:
            self._client.close()
