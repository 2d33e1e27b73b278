"""Alert areas on the district map: CAP polygons and circles, and the grid cell they fall in."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

from shapely import Point, Polygon, STRtree, affinity, make_valid
from shapely.geometry.base import BaseGeometry

from console.alerts.feeds.records import BadValue, Geometry
from console.core.domain import GridRef

# A polygon with more points than this is not an area but an attack or a mistake.
MAX_POLYGON_POINTS = 100_000
KM_PER_DEGREE_LAT = 111.32  # near enough for a warning circle over a few grid cells
GRID_GEOCODE_NAMES = frozenset({"grid", "grid_code", "watchroom:grid"})


def _coordinate(text: str, what: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise BadValue(f"{what}: {text[:40]!r} is not a 'latitude,longitude' pair")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadValue(f"{what}: {text[:40]!r} is not a pair of numbers") from None
    return check_point(lat, lon, what)


def check_point(lat: float, lon: float, what: str) -> tuple[float, float]:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise BadValue(f"{what}: latitude and longitude must be numbers")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise BadValue(f"{what}: ({lat}, {lon}) is not on Earth "
                       "(latitude -90..90, longitude -180..180)")
    return lat, lon


def parse_polygon(text: str) -> tuple[tuple[float, float], ...]:
    """A CAP polygon: ``lat,lon lat,lon …``, at least three distinct points; closed here
    if the sender did not repeat the first point at the end."""
    pairs = text.split()
    if len(pairs) > MAX_POLYGON_POINTS:
        raise BadValue(f"polygon has {len(pairs)} points; at most {MAX_POLYGON_POINTS}")
    points = tuple(_coordinate(p, "polygon") for p in pairs)
    if len(set(points)) < 3:
        raise BadValue("polygon needs at least three different points")
    if points[0] != points[-1]:
        points = (*points, points[0])
    return points


def parse_circle(text: str) -> tuple[float, float, float]:
    """A CAP circle: ``lat,lon radius`` (radius in km)."""
    parts = text.split()
    if len(parts) != 2:
        raise BadValue(f"circle {text[:40]!r} is not 'latitude,longitude radius'")
    lat, lon = _coordinate(parts[0], "circle")
    try:
        radius = float(parts[1])
    except ValueError:
        raise BadValue(f"circle radius {parts[1][:20]!r} is not a number") from None
    if not math.isfinite(radius) or radius < 0:
        raise BadValue(f"circle radius {parts[1][:20]!r} must be 0 or more (km)")
    return lat, lon, radius


def centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The area centroid of a closed ring of (x, y) points; the mean of its points when
    the ring has no area (all points on a line)."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-12:
        ring = points[:-1] if len(points) > 1 and points[0] == points[-1] else points
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return cx / (3.0 * area2), cy / (3.0 * area2)


class GridLocator:
    """Finds the grid cell a point falls in: the cells' polygons in a shapely STRtree
    (bounding boxes first, then an exact test by GEOS), so a city's ten thousand cells
    cost a tree query, not a walk."""

    def __init__(self, grids: Iterable[GridRef]) -> None:
        self._codes: dict[str, int] = {}
        self._ids: list[int] = []
        shapes: list[BaseGeometry] = []
        for g in grids:
            self._codes[g.code.upper()] = g.id
            if len(g.polygon) < 3:
                continue
            shape = Polygon(g.polygon)  # (lon, lat), as the district stores it
            shapes.append(shape if shape.is_valid else make_valid(shape))
            self._ids.append(g.id)
        self._tree = STRtree(shapes) if shapes else None

    def grid_id(self, code: str) -> int | None:
        """The id of the grid with this code (any case), or None."""
        return self._codes.get(code.strip().upper())

    def known_codes(self) -> list[str]:
        return sorted(self._codes)

    def at(self, lat: float, lon: float) -> int | None:
        """The grid whose cell holds the point (the first listed, on a shared edge)."""
        if self._tree is None:
            return None
        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        return self._ids[int(min(hits))] if len(hits) else None

    def locate(self, geometry: Geometry) -> int | None:
        """The grid of an alert's area: a geocode naming a grid code, else the first
        polygon centroid or circle centre that falls in a grid cell."""
        for name, value in geometry.geocodes:
            if name.strip().casefold() in GRID_GEOCODE_NAMES:
                found = self.grid_id(value)
                if found is not None:
                    return found
        if self._tree is None:
            return None
        for poly in geometry.polygons:
            lat, lon = centroid(poly)
            found = self.at(lat, lon)
            if found is not None:
                return found
        for lat, lon, _radius in geometry.circles:
            found = self.at(lat, lon)
            if found is not None:
                return found
        return None

    def covering(self, geometry: Geometry) -> tuple[int, ...]:
        """Every grid an alert's area reaches, the grid ``locate`` gives first: each grid
        a geocode names, and each cell a polygon or circle overlaps (touching an edge is
        not overlapping). A flood warning drawn over three cells is in all three."""
        found: dict[int, None] = {}
        first = self.locate(geometry)
        if first is not None:
            found[first] = None
        for name, value in geometry.geocodes:
            if name.strip().casefold() in GRID_GEOCODE_NAMES:
                named = self.grid_id(value)
                if named is not None:
                    found[named] = None
        if self._tree is None:
            return tuple(found)
        for shape in _area_shapes(geometry):
            hits = self._tree.query(shape, predicate="intersects")
            for index in sorted(int(i) for i in hits):
                cell = self._tree.geometries[index]
                if shape.intersection(cell).area > 0 or shape.area == 0:
                    found[self._ids[index]] = None
        return tuple(found)


def _area_shapes(geometry: Geometry) -> list[BaseGeometry]:
    """An alert's polygons and circles as shapely shapes in (lon, lat); a circle as an
    ellipse in degrees (a kilometre of longitude shrinks with the latitude)."""
    shapes: list[BaseGeometry] = []
    for poly in geometry.polygons:
        shape = Polygon([(lon, lat) for lat, lon in poly])
        shapes.append(shape if shape.is_valid else make_valid(shape))
    for lat, lon, radius_km in geometry.circles:
        if radius_km <= 0:
            shapes.append(Point(lon, lat))
            continue
        dlat = radius_km / KM_PER_DEGREE_LAT
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        shapes.append(affinity.scale(Point(lon, lat).buffer(1.0, 32), dlon, dlat))
    return shapes
