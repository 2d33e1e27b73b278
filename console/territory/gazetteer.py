"""The gazetteer (地名地址库): the center's door-plate addresses, searched as a person types
them and found near a point.

A center loads its own address file (the door-plate registry most Chinese districts keep:
address, longitude, latitude) with ``import_csv``; each address is placed in the grid
whose cell holds it, and an address outside every grid is refused with the nearest grid
and its distance (a district's registry lies inside the district: such a row is a wrong
coordinate, a GCJ-02 file read as WGS84, or another district's address).

``search`` answers from an index held in memory, built once from the table (``warm``
builds it ahead, off the caller's path; an import here or a ``gazetteer`` change read
from the change feed drops it). Every normalised address is one line of one big string,
and so are their full pinyin and pinyin initials, so each kind of match is a ``str.find``
(or one regular expression) over a few megabytes at C speed, the offsets mapped back to
addresses by bisection. Matches are ranked, best first:

0. exact: the whole address (``和平路12号``);
1. prefix: the address starts with the text (``和平路12``);
2. substring: the text is inside the address (``平路12``);
3. pinyin prefix: the full pinyin or the initials start with it (``hepinglu12``, ``hpl12``);
4. pinyin anywhere: inside the full pinyin or the initials (``pinglu12``);
5. in order: the characters appear in order with gaps (``和平12号``, ``hp12``).

Within a kind, the shorter address and the earlier hit come first, numbers in numeric
order (``和平路2号`` before ``和平路12号``). A kind that hits more than ``TIER_CAP``
addresses is ranked on the first ``TIER_CAP`` of them (in address order): typing more
narrows it. ``nearest`` is the reverse lookup: the k addresses nearest a point, with
geodesic distances (a shapely STRtree of the points, searched in a growing box).
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO, cast

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely import STRtree
from shapely.geometry import box
from sqlalchemy import insert, select, update

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.core.spreadsheet import numbered_rows
from console.operators.service import TERRITORY_ADMINS, require_role
from console.reports.wording import ENGLISH, ReportWords
from console.territory.district import DistrictService
from console.territory.gcj02 import gcj02_to_wgs84
from console.territory.places import LonLat, format_distance
from db.database import Database
from db.models import Address

Crs = Literal["wgs84", "gcj02"]
CRS_NAMES: tuple[Crs, ...] = ("wgs84", "gcj02")

# The header names a registry file may give each column (compared in lower case).
ADDRESS_COLUMNS = ("address", "地址", "门牌地址")
LONGITUDE_COLUMNS = ("longitude", "lon", "lng", "经度")
LATITUDE_COLUMNS = ("latitude", "lat", "纬度")

MAX_ADDRESS = 200  # the column's length
MAX_LISTED = 1000  # rejections listed in a report (the rest are counted)
COORDINATE_DIGITS = 7  # about 1 cm, as the territory's shapes
TIER_CAP = 400  # addresses ranked per kind of match
WRITE_CHUNK = 5000  # rows per INSERT/UPDATE batch
GAZETTEER_ENTITY = "gazetteer"  # the change feed's name for the address table

MATCH_KINDS = ("exact", "prefix", "substring", "pinyin prefix", "pinyin", "in order")
_SCORES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
_GEOD = pyproj.Geod(ellps="WGS84")
_DIGITS = re.compile(r"(\d+)")
_ASCII_QUERY = re.compile(r"[0-9a-z]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """One address found: its WGS84 point, its grid (id and code; None and "" when the
    address lies in no grid), how it matched (one of ``MATCH_KINDS``, or ``nearest``),
    a score (1.0 exact … 0.5 in order; higher is better) and, from ``nearest``, the
    geodesic distance in metres from the point asked about."""

    address: str
    lon: float
    lat: float
    grid_id: int | None
    grid_code: str
    kind: str
    score: float
    distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class AddressRejection:
    """A row the import refused: its line (the header is line 1), why (a key of
    ``REJECTION_REASONS``) and the particulars the reason names."""

    line: int
    reason: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, words: ReportWords = ENGLISH) -> str:
        return _reason_text(self.reason, dict(self.values), words)


REJECTION_REASONS = ("no address", "too long", "no coordinate", "not a number",
                     "not on Earth", "outside", "repeated", "bad CSV", "too many cells")


@dataclass
class AddressImportResult:
    """What importing one address file did: addresses added, moved (``updated``: a new
    point or grid), unchanged, and every row refused with its line and reason; the
    good rows are kept."""

    file: str
    crs: Crs = "wgs84"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[AddressRejection] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def ok(self) -> bool:
        return not self.rejections

    def lines(self, words: ReportWords = ENGLISH) -> list[str]:
        """The summary, a note on ignored columns, then ``FILE:LINE: rejected: REASON``
        for each refused row (the first ``MAX_LISTED``), in ``words``' language."""
        translate = words.translate
        out = [translate("GazetteerImport", "{file}: {added} added, {updated} updated, "
                                            "{unchanged} unchanged, {rejected} rejected"
                         ).format(file=self.file, added=self.added, updated=self.updated,
                                  unchanged=self.unchanged, rejected=self.rejected)]
        if self.crs == "gcj02":
            out.append(translate("GazetteerImport", "{file}: note: coordinates read as "
                                                    "GCJ-02 and stored as WGS84").format(
                file=self.file))
        if self.ignored_columns:
            out.append(translate("GazetteerImport", "{file}: note: columns ignored: "
                                                    "{columns}").format(
                file=self.file, columns=", ".join(self.ignored_columns)))
        for rejection in self.rejections[:MAX_LISTED]:
            out.append(translate("GazetteerImport", "{file}:{line}: rejected: {reason}")
                       .format(file=self.file, line=rejection.line,
                               reason=rejection.text(words)))
        more = self.rejected - MAX_LISTED
        if more > 0:
            out.append(translate("GazetteerImport", "{file}: {n} more rejected rows not "
                                                    "listed").format(file=self.file, n=more))
        return out


def _reason_text(reason: str, v: dict[str, str], words: ReportWords) -> str:
    translate = words.translate
    axis = {"longitude": translate("GazetteerImport", "longitude"),
            "latitude": translate("GazetteerImport", "latitude")}
    if reason == "no address":
        return translate("GazetteerImport", "no address")
    if reason == "too long":
        return translate("GazetteerImport", "the address is longer than {n} characters"
                         ).format(n=MAX_ADDRESS)
    if reason == "no coordinate":
        return translate("GazetteerImport", "no {axis}").format(axis=axis[v["axis"]])
    if reason == "not a number":
        return translate("GazetteerImport", "{axis} {value} is not a number").format(
            axis=axis[v["axis"]], value=v["value"])
    if reason == "not on Earth":
        return translate("GazetteerImport", "({lon}, {lat}) is not on Earth (longitude "
                                            "-180..180, latitude -90..90)").format(**v)
    if reason == "outside":
        return translate("GazetteerImport", "({lon}, {lat}) is outside the territory "
                                            "(nearest grid {grid}, {distance})").format(**v)
    if reason == "repeated":
        return translate("GazetteerImport", "the address repeats line {first}; the first "
                                            "is kept").format(**v)
    if reason == "bad CSV":
        return translate("GazetteerImport", "not valid CSV: {why}").format(**v)
    if reason == "too many cells":
        return translate("GazetteerImport", "{cells} cells but the header names {header} "
                                            "(a comma inside an unquoted value?)").format(**v)
    return reason


def normalise(text: str) -> str:
    """An address as the index compares it: NFKC (full-width digits and letters as
    ASCII), lower case, without white space."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def clean_address(text: str) -> str:
    """An address as stored: NFKC, inner runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _natural(text: str) -> tuple[object, ...]:
    """A sort key putting numbers in numeric order (2号 before 12号)."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


class _Pinyin:
    """The full pinyin and the initials of the keys' Chinese, a run of characters at a
    time: pypinyin reads a run with its phrases (朝晖 is zhaohui, not chaohui), and an
    address registry repeats its road and estate names, so each distinct run is read
    once. ASCII letters and digits stay as they are; other signs are dropped."""

    def __init__(self) -> None:
        self._full: dict[str, str] = {}
        self._first: dict[str, str] = {}

    def _read(self, run: str) -> None:
        from pypinyin import lazy_pinyin  # loaded with the first address, not at start

        syllables = [s.lower() for s in lazy_pinyin(run, errors="ignore")]
        self._full[run] = "".join(syllables)
        self._first[run] = "".join(s[:1] for s in syllables)

    def full(self, match: re.Match[str]) -> str:
        run = match.group()
        if run not in self._full:
            self._read(run)
        return self._full[run]

    def first(self, match: re.Match[str]) -> str:
        run = match.group()
        if run not in self._first:
            self._read(run)
        return self._first[run]

    @staticmethod
    def signs(text: str) -> dict[int, None]:
        """A ``str.translate`` table dropping what is neither ASCII letters and digits,
        Chinese, nor a line end."""
        return {ord(c): None for c in set(text)
                if not (c == "\n" or (c.isascii() and c.isalnum()) or _HAN.fullmatch(c))}


class _SearchIndex:
    """The addresses in memory: texts, points, grids, and three joined key strings."""

    def __init__(self, rows: Sequence[tuple[str, float, float, int | None]]) -> None:
        keyed = sorted(((normalise(a), a, lon, lat, g) for a, lon, lat, g in rows),
                       key=lambda r: r[0])
        self.size = len(keyed)
        self.addresses = [r[1] for r in keyed]
        self.lons = np.fromiter((r[2] for r in keyed), dtype=float, count=self.size)
        self.lats = np.fromiter((r[3] for r in keyed), dtype=float, count=self.size)
        self.grids = [r[4] for r in keyed]
        # "\n" before every line and after the last: "\n" + text + "\n" is a whole line.
        self.chinese = "\n" + "\n".join(r[0] for r in keyed) + "\n"
        reader = _Pinyin()
        plain = self.chinese.translate(reader.signs(self.chinese))
        self.pinyin = _HAN_RUN.sub(reader.full, plain)
        self.initials = _HAN_RUN.sub(reader.first, plain)
        self.starts = {name: _line_starts(text) for name, text in
                       (("chinese", self.chinese), ("pinyin", self.pinyin),
                        ("initials", self.initials))}
        self._tree: STRtree | None = None
        self._tree_lock = threading.Lock()

    def entry(self, text_name: str, offset: int) -> int:
        """The address whose line holds ``offset`` of the joined string ``text_name``."""
        return bisect_right(self.starts[text_name], offset) - 1

    def line(self, text_name: str, i: int) -> str:
        text: str = getattr(self, text_name)
        starts = self.starts[text_name]
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text) - 1
        return text[starts[i]:end]

    def tree(self) -> STRtree:
        with self._tree_lock:
            if self._tree is None:
                self._tree = STRtree(_points(self.lons, self.lats))
            return self._tree


def _line_starts(text: str) -> array[int]:
    """Where each line of a "\n"-joined string begins (after its leading "\n")."""
    starts = array("q")
    position = 1
    for piece in text[1:-1].split("\n") if len(text) > 1 else []:
        starts.append(position)
        position += len(piece) + 1
    return starts


@retries_lost_connection
class Gazetteer:
    """The center's addresses: import from the registry's CSV, search as typed, the
    nearest to a point. Imports are an administrator's (and the system's), one audit
    entry each; reading is everyone's."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._lock = threading.Lock()
        self._index: _SearchIndex | None = None
        self._generation = 0

    # ---- the index -------------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget the in-memory index (the addresses changed); the next search or
        ``warm`` builds it again."""
        with self._lock:
            self._index = None
            self._generation += 1

    def warm(self) -> int:
        """Build the search index now if it is not built (a GUI calls this off its thread
        at start, so the first search is quick); returns how many addresses it holds."""
        return self._ready().size

    def _ready(self) -> _SearchIndex:
        index = self._index
        if index is not None:
            return index
        with self._lock:  # one build at a time; a second caller waits for the first
            if self._index is not None:
                return self._index
            generation = self._generation
            with self._db.read() as s:
                rows = [tuple(r) for r in s.execute(
                    select(Address.address, Address.lon, Address.lat, Address.grid_id))]
            built = _SearchIndex(rows)  # type: ignore[arg-type]
            if generation == self._generation:
                self._index = built
            return built

    def count(self) -> int:
        """How many addresses the gazetteer holds."""
        return self._ready().size

    # ---- searching -------------------------------------------------------------------

    def resolve(self, text: str) -> AddressMatch:
        """The one address ``text`` means: the exact address, or the only match. None
        or several matching is a ``ValidationError`` naming the candidates, so a hotline
        system or a person says which rather than a case going to a guessed place."""
        found = self.search(text, 6)
        exact = [m for m in found if m.kind == "exact"]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0]
        if not found:
            raise ValidationError(f"No address in the gazetteer matches {text.strip()!r}.",
                                  "address")
        listed = "; ".join(f"{m.address} ({m.grid_code or '-'})" for m in found[:5])
        raise ValidationError(f"{text.strip()!r} matches several addresses: {listed}; give "
                              "the whole address.", "address")

    def search(self, text: str, limit: int = 10) -> list[AddressMatch]:
        """The addresses matching what a person typed, best first (see the module's
        ranking): Chinese exact, prefix, part; full pinyin or initials; characters in
        order. Empty text finds nothing."""
        wanted = normalise(text)
        if not wanted or limit <= 0:
            return []
        index = self._ready()
        ascii_query = _ASCII_QUERY.fullmatch(wanted) is not None
        found: dict[int, int] = {}  # entry → kind (the best one it was found by)
        ranked: list[tuple[int, int, int, tuple[object, ...], int]] = []

        def take(kind: int, hits: Iterable[tuple[int, int]]) -> None:
            for entry, position in hits:
                if entry not in found:
                    found[entry] = kind
                    address = index.addresses[entry]
                    ranked.append((kind, position, len(address), _natural(address), entry))

        take(0, _finds(index, "chinese", "\n" + wanted + "\n", 1))
        take(1, _finds(index, "chinese", "\n" + wanted, TIER_CAP))
        if len(found) < limit:
            take(2, _finds(index, "chinese", wanted, TIER_CAP))
        if ascii_query and len(found) < limit:
            take(3, _finds(index, "pinyin", "\n" + wanted, TIER_CAP))
            take(3, _finds(index, "initials", "\n" + wanted, TIER_CAP))
        if ascii_query and len(found) < limit:
            take(4, _finds(index, "pinyin", wanted, TIER_CAP))
            take(4, _finds(index, "initials", wanted, TIER_CAP))
        if len(found) < limit and len(wanted) > 1:
            take(5, _in_order(index, "chinese", wanted, TIER_CAP))
            if ascii_query:
                take(5, _in_order(index, "initials", wanted, TIER_CAP))
        ranked.sort()
        return [self._match(index, entry, MATCH_KINDS[kind], _SCORES[kind])
                for kind, _pos, _len, _key, entry in ranked[:limit]]

    def nearest(self, lon: float, lat: float, k: int = 5, *,
                crs: Crs = "wgs84") -> list[AddressMatch]:
        """The ``k`` addresses nearest the point (WGS84, or GCJ-02 with ``crs``), nearest
        first, each with its geodesic distance in metres."""
        lon, lat = _point(lon, lat, crs)
        index = self._ready()
        if index.size == 0 or k <= 0:
            return []
        tree = index.tree()
        k = min(k, index.size)
        shrink = max(math.cos(math.radians(lat)), 0.01)  # a degree of longitude, shorter
        radius = 0.002  # degrees of latitude (about 220 m), grown until k lie inside
        while True:
            hits = tree.query(box(lon - radius / shrink, lat - radius,
                                  lon + radius / shrink, lat + radius))
            rough = np.hypot((index.lons[hits] - lon) * shrink, index.lats[hits] - lat)
            order = np.argsort(rough)
            # Every point outside the box is farther than ``radius``: when the k-th
            # nearest inside is within it, the k nearest are all inside.
            if (len(hits) >= k and rough[order[k - 1]] <= radius) or radius >= 180:
                candidates = hits[order[:k * 2 + 4]]  # re-ranked by geodesic distance
                break
            radius *= 4
        count = len(candidates)
        _fwd, _back, distances = _GEOD.inv(np.full(count, lon), np.full(count, lat),
                                           index.lons[candidates], index.lats[candidates])
        best = sorted(zip(np.asarray(distances, dtype=float).tolist(),
                          [int(c) for c in candidates], strict=True))[:k]
        return [self._match(index, entry, "nearest", 1.0, distance)
                for distance, entry in best]

    def _match(self, index: _SearchIndex, entry: int, kind: str, score: float,
               distance: float | None = None) -> AddressMatch:
        grid_id = index.grids[entry]
        code = ""
        if grid_id is not None:
            try:
                code = self._district.grid(grid_id).code
            except KeyError:
                code = ""
        return AddressMatch(index.addresses[entry], float(index.lons[entry]),
                            float(index.lats[entry]), grid_id, code, kind, score,
                            None if distance is None else round(distance, 1))

    # ---- importing -------------------------------------------------------------------

    def import_csv(self, actor: OperatorRef, path: Path, crs: Crs = "wgs84"
                   ) -> AddressImportResult:
        """Load the registry file at ``path`` (CSV with a header naming the address,
        longitude and latitude columns; UTF-8 with or without a BOM, or GB 18030):
        a new address is added, a known one moved to its new point and grid. Rows
        without an address, with coordinates that are not numbers or not on Earth, or
        outside every grid of the territory are refused with their line and reason;
        the good rows are stored in one transaction with one audit entry (none when
        nothing changed). ``crs="gcj02"``: the file's coordinates are GCJ-02 (Chinese
        web maps), converted to WGS84. A whole file that cannot be read, or a header
        without the three columns, is a ValidationError."""
        require_role(actor, TERRITORY_ADMINS, "import addresses")
        if crs not in CRS_NAMES:
            raise ValidationError(f"Unknown coordinate system {crs!r}: wgs84 or gcj02.",
                                  "crs")
        text = _read_text(path)
        return self.import_text(actor, text, path.name, crs)

    def import_text(self, actor: OperatorRef, text: str, file: str,
                    crs: Crs = "wgs84") -> AddressImportResult:
        """``import_csv`` of a file's text already read (``file`` names it in reports)."""
        require_role(actor, TERRITORY_ADMINS, "import addresses")
        result = AddressImportResult(file, crs)
        rows = _parse(text, file, result)
        points = self._place(rows, crs, result)
        self._store(actor, points, result)
        return result

    def _place(self, rows: list[tuple[int, str, float, float]], crs: Crs,
               result: AddressImportResult
               ) -> list[tuple[str, float, float, int | None]]:
        """The rows' WGS84 points and grids; rows outside every grid refused."""
        if not rows:
            return []
        locator = self._district.locator()
        if not len(locator):
            raise ValidationError("This database has no grids yet: load the territory "
                                  "first (python main.py district import FILE…, or the "
                                  "set-up assistant); addresses are placed in its grids.",
                                  "territory")
        lons = np.array([r[2] for r in rows], dtype=float)
        lats = np.array([r[3] for r in rows], dtype=float)
        if crs == "gcj02":
            lons, lats = gcj02_to_wgs84(lons, lats)
        lons, lats = np.round(lons, COORDINATE_DIGITS), np.round(lats, COORDINATE_DIGITS)
        grids = locator.grids_at_many(lons, lats)
        placed: list[tuple[str, float, float, int | None]] = []
        for i, (line, address, given_lon, given_lat) in enumerate(rows):
            grid = grids[i]
            if grid is not None:
                placed.append((address, float(lons[i]), float(lats[i]), grid.id))
                continue
            near = locator.nearest(LonLat(float(lons[i]), float(lats[i])))
            assert near is not None  # the locator has grids
            result.rejections.append(AddressRejection(line, "outside", (
                ("lon", repr(given_lon)), ("lat", repr(given_lat)),
                ("grid", near[0].code), ("distance", format_distance(near[1])))))
        result.rejections.sort(key=lambda r: r.line)
        return placed

    def _store(self, actor: OperatorRef, points: list[tuple[str, float, float, int | None]],
               result: AddressImportResult) -> None:
        now: datetime = self._clock.now()
        with self._db.write.begin() as s:
            existing = {a: (i, lon, lat, g) for i, a, lon, lat, g in s.execute(
                select(Address.id, Address.address, Address.lon, Address.lat,
                       Address.grid_id))}
            new_rows: list[dict[str, object]] = []
            moved: list[dict[str, object]] = []
            for address, lon, lat, grid in points:
                known = existing.get(address)
                if known is None:
                    new_rows.append({"address": address, "lon": lon, "lat": lat,
                                     "grid_id": grid, "updated_at": now})
                elif (round(known[1], COORDINATE_DIGITS), round(known[2], COORDINATE_DIGITS),
                      known[3]) != (lon, lat, grid):
                    moved.append({"id": known[0], "lon": lon, "lat": lat, "grid_id": grid,
                                  "updated_at": now})
                else:
                    result.unchanged += 1
            for start in range(0, len(new_rows), WRITE_CHUNK):
                s.execute(insert(Address), new_rows[start:start + WRITE_CHUNK])
            for start in range(0, len(moved), WRITE_CHUNK):
                s.execute(update(Address), moved[start:start + WRITE_CHUNK])
            result.added, result.updated = len(new_rows), len(moved)
            if not new_rows and not moved:
                return  # nothing changed: no audit entry, no change for other consoles
            record(s, actor=actor, at=now, entity=GAZETTEER_ENTITY, entity_id=0,
                   action="import", detail={"file": result.file, "crs": result.crs,
                                            "added": result.added,
                                            "updated": result.updated,
                                            "rejected": result.rejected}, op="reload")
        self.invalidate()

    # ---- export ----------------------------------------------------------------------

    def write_csv(self, out: TextIO) -> int:
        """Every address as ``address,longitude,latitude`` (WGS84, by address, 7
        decimals): the center bundle's ``addresses.csv``. Returns how many rows."""
        with self._db.read() as s:
            rows = s.execute(select(Address.address, Address.lon, Address.lat)).all()
        # Sorted here, not by the database: PostgreSQL's collation orders Chinese text
        # differently from SQLite's bytes, and the file must be the same on both.
        return write_addresses(out, sorted((a, lon, lat) for a, lon, lat in rows))


def write_addresses(out: TextIO, rows: Iterable[tuple[str, float, float]]) -> int:
    """``address,longitude,latitude`` rows as the bundle keeps them; returns how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("address", "longitude", "latitude"))
    count = 0
    for address, lon, lat in rows:
        writer.writerow((address, f"{lon:.{COORDINATE_DIGITS}f}",
                         f"{lat:.{COORDINATE_DIGITS}f}"))
        count += 1
    return count


def _finds(index: _SearchIndex, text_name: str, needle: str,
           cap: int) -> Iterable[tuple[int, int]]:
    """(address, position of the hit in its line) for the first ``cap`` addresses whose
    line in ``text_name`` holds ``needle``."""
    haystack: str = getattr(index, text_name)
    starts = index.starts[text_name]
    lead = 1 if needle.startswith("\n") else 0
    found = 0
    position = haystack.find(needle)
    last = -1
    while position >= 0 and found < cap:
        entry = bisect_right(starts, position + lead) - 1
        if entry != last:
            yield entry, position + lead - starts[entry]
            found += 1
            last = entry
        nxt = starts[entry + 1] - 1 if entry + 1 < len(starts) else len(haystack)
        position = haystack.find(needle, max(nxt, position + 1))


def _in_order(index: _SearchIndex, text_name: str, wanted: str,
              cap: int) -> Iterable[tuple[int, int]]:
    """Addresses whose line holds the characters of ``wanted`` in order, with gaps."""
    pattern = re.compile("[^\n]*?".join(re.escape(c) for c in wanted))
    haystack: str = getattr(index, text_name)
    starts = index.starts[text_name]
    found = 0
    last = -1
    for match in pattern.finditer(haystack):
        entry = bisect_right(starts, match.start()) - 1
        if entry != last:
            yield entry, match.start() - starts[entry]
            found += 1
            last = entry
            if found >= cap:
                return


def _points(lons: npt.NDArray[np.float64], lats: npt.NDArray[np.float64]
            ) -> npt.NDArray[np.object_]:
    """Shapely points of the coordinate arrays (one C call)."""
    return cast("npt.NDArray[np.object_]", shapely.points(lons, lats))


def _point(lon: float, lat: float, crs: Crs) -> tuple[float, float]:
    if crs not in CRS_NAMES:
        raise ValidationError(f"Unknown coordinate system {crs!r}: wgs84 or gcj02.", "crs")
    if not (math.isfinite(lon) and math.isfinite(lat)
            and -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValidationError(f"({lon}, {lat}) is not on Earth (longitude -180..180, "
                              "latitude -90..90).", "point")
    if crs == "gcj02":
        x, y = gcj02_to_wgs84(lon, lat)
        return float(x), float(y)
    return lon, lat


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.", "path") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{path.name} is neither UTF-8 nor GB 18030 text.", "path")


def _column(header: list[str], names: Sequence[str], what: str, file: str) -> int:
    for i, cell in enumerate(header):
        if cell in names:
            return i
    raise ValidationError(
        f"{file}: the header has no {what} column (name it {' or '.join(names)}); the "
        f"columns are address, longitude, latitude.", "header")


def _parse(text: str, file: str, result: AddressImportResult
           ) -> list[tuple[int, str, float, float]]:
    """The good rows (line, address, longitude, latitude as read); the bad ones go to
    ``result``. Coordinates are only checked here to be numbers on Earth."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [unicodedata.normalize("NFKC", c).strip().lower() for c in next(reader)]
    except StopIteration:
        raise ValidationError(f"{file} is empty; the first line must be the header "
                              "address,longitude,latitude.", "header") from None
    except csv.Error as exc:
        raise ValidationError(f"{file}: the header is not valid CSV: {exc}.",
                              "header") from None
    a = _column(header, ADDRESS_COLUMNS, "address", file)
    x = _column(header, LONGITUDE_COLUMNS, "longitude", file)
    y = _column(header, LATITUDE_COLUMNS, "latitude", file)
    result.ignored_columns = tuple(c for i, c in enumerate(header)
                                   if i not in (a, x, y) and c)
    rows: list[tuple[int, str, float, float]] = []
    first_line: dict[str, int] = {}
    for line, cells in numbered_rows(reader):
        if isinstance(cells, csv.Error):
            result.rejections.append(AddressRejection(line, "bad CSV", (("why", str(cells)),)))
            continue
        if len(cells) > len(header):
            result.rejections.append(AddressRejection(line, "too many cells", (
                ("cells", str(len(cells))), ("header", str(len(header))))))
            continue
        cells += [""] * (len(header) - len(cells))
        rejection = _check(line, cells[a], cells[x], cells[y])
        if isinstance(rejection, AddressRejection):
            result.rejections.append(rejection)
            continue
        address, lon, lat = rejection
        if address in first_line:
            result.rejections.append(AddressRejection(line, "repeated", (
                ("first", str(first_line[address])),)))
            continue
        first_line[address] = line
        rows.append((line, address, lon, lat))
    return rows


def _check(line: int, address_text: str, lon_text: str, lat_text: str
           ) -> AddressRejection | tuple[str, float, float]:
    address = clean_address(address_text)
    if not address:
        return AddressRejection(line, "no address")
    if len(address) > MAX_ADDRESS:
        return AddressRejection(line, "too long")
    values: list[float] = []
    for axis, cell in (("longitude", lon_text), ("latitude", lat_text)):
        cell = unicodedata.normalize("NFKC", cell).strip()
        if not cell:
            return AddressRejection(line, "no coordinate", (("axis", axis),))
        try:
            values.append(float(cell))
        except ValueError:
            return AddressRejection(line, "not a number", (("axis", axis),
                                                           ("value", repr(cell[:40]))))
    lon, lat = values
    if not (math.isfinite(lon) and math.isfinite(lat)
            and -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return AddressRejection(line, "not on Earth", (("lon", lon_text.strip()),
                                                       ("lat", lat_text.strip())))
    return address, lon, lat
