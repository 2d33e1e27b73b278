"""The grid cells an alert's area falls in: the cells' polygons in a shapely STRtree.

Apart from ``geo`` (the parsing) so that shapely loads with the first feed file an
import reads, not with the console."""

from __future__ import annotations

import math
from collections.abc import Iterable

from shapely import Point, Polygon, STRtree, affinity, make_valid
from shapely.geometry.base import BaseGeometry

from console.alerts.feeds.geo import GRID_GEOCODE_NAMES, KM_PER_DEGREE_LAT, centroid
from console.alerts.feeds.records import Geometry
from console.core.domain import GridRef


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
