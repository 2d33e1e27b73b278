"""A point on the territory: which grid holds it, or how far off the territory it lies.

A duty officer (or a hotline's system, or a CSV import) gives a longitude and latitude; the
grid comes from the grid's whole shape (every part, holes kept), found through a shapely
STRtree: a city's ten thousand cells cost a tree query and one exact test, well under a
millisecond a point. A point outside every cell is refused with the nearest grid and its
distance on the ellipsoid ("outside the territory (nearest grid XH-07, 340 m)"), so the
person can tell a typo from a place just over the border.

Coordinates from Chinese web maps are GCJ-02; ``to_wgs84`` turns them into WGS84 first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely import Point, Polygon, STRtree, make_valid
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from console.core.domain import GridRef
from console.core.errors import ValidationError
from console.territory.gcj02 import gcj02_to_wgs84

_GEOD = pyproj.Geod(ellps="WGS84")


class Datum(StrEnum):
    """What the coordinates someone typed or sent are in."""

    WGS84 = "wgs84"  # GPS, OpenStreetMap, the territory's own files
    GCJ02 = "gcj02"  # Chinese web maps (Amap/Gaode, Tencent); Baidu's BD-09 is not taken


@dataclass(frozen=True, slots=True)
class LonLat:
    """A WGS84 point, checked to be on Earth."""

    lon: float
    lat: float

    def text(self) -> str:
        return f"{self.lon:.6f}, {self.lat:.6f}"


def parse_datum(value: str | Datum) -> Datum:
    try:
        return Datum(str(value).strip().lower().replace("-", ""))
    except ValueError:
        raise ValidationError(
            f"Unknown coordinate system {value!r}: use wgs84 (GPS, OpenStreetMap) or gcj02 "
            "(Chinese web maps).", "crs") from None


def to_wgs84(lon: float | str, lat: float | str, datum: str | Datum = Datum.WGS84) -> LonLat:
    """A checked WGS84 point from numbers (or text) in ``datum``."""
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValidationError(
            f"Coordinates ({lon!r}, {lat!r}) are not numbers.", "lon") from None
    if not (math.isfinite(x) and math.isfinite(y)) or not (-180 <= x <= 180 and -90 <= y <= 90):
        raise ValidationError(
            f"({x}, {y}) is not on Earth: longitude -180..180, latitude -90..90 "
            "(longitude first).", "lon")
    if parse_datum(datum) is Datum.GCJ02:
        wx, wy = gcj02_to_wgs84(np.array([x]), np.array([y]))
        x, y = float(wx[0]), float(wy[0])
    return LonLat(x, y)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two (lon, lat) points on the WGS84 ellipsoid."""
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2])


def format_distance(metres: float) -> str:
    """``340 m``, ``1.2 km``, ``35 km``."""
    if metres < 1000:
        return f"{metres:.0f} m"
    if metres < 10_000:
        return f"{metres / 1000:.1f} km"
    return f"{metres / 1000:.0f} km"


class OutsideTerritory(ValidationError):
    """The point lies in no grid of the territory; ``nearest`` and ``metres`` say where
    the territory is (``nearest`` is None when the territory has no grids)."""

    def __init__(self, point: LonLat, nearest: GridRef | None, metres: float) -> None:
        where = (f"nearest grid {nearest.code}, {format_distance(metres)}"
                 if nearest is not None else "the territory has no grids yet")
        super().__init__(f"({point.text()}) is outside the territory ({where}).", "lon")
        self.point = point
        self.nearest = nearest
        self.metres = metres


class PlaceLocator:
    """The grids that take new cases, in an STRtree of their whole shapes."""

    def __init__(self, grids: Iterable[tuple[GridRef, BaseGeometry | None]]) -> None:
        self._grids: list[GridRef] = []
        shapes: list[BaseGeometry] = []
        for grid, shape in grids:
            if grid.retired:
                continue
            if shape is None or shape.is_empty:
                if len(grid.polygon) < 3:
                    continue
                shape = Polygon(grid.polygon)
            shapes.append(shape if shape.is_valid else make_valid(shape))
            self._grids.append(grid)
        self._shapes = shapes
        self._tree = STRtree(shapes) if shapes else None

    def __len__(self) -> int:
        return len(self._grids)

    def grid_at(self, point: LonLat) -> GridRef | None:
        """The grid whose shape holds the point (the lowest code on a shared edge)."""
        if self._tree is None:
            return None
        hits = self._tree.query(Point(point.lon, point.lat), predicate="intersects")
        if not len(hits):
            return None
        return min((self._grids[int(i)] for i in hits), key=lambda g: g.code)

    def grids_at_many(self, lons: npt.ArrayLike, lats: npt.ArrayLike
                      ) -> list[GridRef | None]:
        """``grid_at`` for many WGS84 points at once: one tree query for all of them
        (an address registry's half a million rows)."""
        x, y = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        found: list[GridRef | None] = [None] * len(x)
        if self._tree is None or not len(x):
            return found
        rows, shapes = self._tree.query(shapely.points(x, y), predicate="intersects")
        for row, index in zip(rows.tolist(), shapes.tolist(), strict=True):
            grid, held = self._grids[index], found[row]
            if held is None or grid.code < held.code:  # on a shared edge: the lowest code
                found[row] = grid
        return found

    def nearest(self, point: LonLat) -> tuple[GridRef, float] | None:
        """The grid nearest the point and the distance to its edge in metres (0 inside)."""
        if self._tree is None:
            return None
        here = Point(point.lon, point.lat)
        first = int(self._tree.query_nearest(here)[0])
        reach = self._shapes[first].distance(here)
        # Degrees of longitude shrink with the latitude: look a little wider, then measure
        # each candidate on the ellipsoid.
        stretch = 1.0 / max(math.cos(math.radians(point.lat)), 0.05)
        candidates = self._tree.query(here.buffer(reach * stretch * 1.01 + 1e-9))
        best: tuple[float, str, GridRef] | None = None
        for index in candidates:
            shape = self._shapes[int(index)]
            edge = nearest_points(shape, here)[0]
            metres = distance_m((point.lon, point.lat), (edge.x, edge.y))
            grid = self._grids[int(index)]
            if best is None or (metres, grid.code) < best[:2]:
                best = (metres, grid.code, grid)
        assert best is not None
        return best[2], best[0]

    def locate(self, point: LonLat) -> GridRef:
        """The grid holding the point; ``OutsideTerritory`` (naming the nearest grid and
        how far it is) when it lies in none."""
        grid = self.grid_at(point)
        if grid is not None:
            return grid
        near = self.nearest(point)
        raise OutsideTerritory(point, near[0] if near else None, near[1] if near else 0.0)
