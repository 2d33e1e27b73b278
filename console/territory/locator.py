"""Which grid holds a point, or how far off the territory it lies: the grids' whole
shapes in a shapely STRtree, distances on the WGS84 ellipsoid (pyproj).

Apart from ``places`` (the point itself) so that shapely and pyproj load with the first
point located, not with the console."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely import Point, Polygon, STRtree, make_valid
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from console.core.domain import GridRef
from console.territory.places import LonLat, OutsideTerritory


@cache
def _geod() -> pyproj.Geod:
    return pyproj.Geod(ellps="WGS84")


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two (lon, lat) points on the WGS84 ellipsoid."""
    return float(_geod().inv(a[0], a[1], b[0], b[1])[2])


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
