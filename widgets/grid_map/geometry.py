"""The district's cells projected once onto the map's scene, and a grid index to find them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QPolygonF

from console.territory.grid_map import GridCell

Point = tuple[float, float]

# About this many cells share a square of the index on average.
CELLS_PER_SQUARE = 4
EARTH_RADIUS = 6378137.0  # the sphere of Web Mercator (EPSG:3857)
MAX_LATITUDE = 85.0511287798


def _mercator_y(lat: np.ndarray | float) -> np.ndarray | float:
    clamped = np.clip(lat, -MAX_LATITUDE, MAX_LATITUDE)
    return np.log(np.tan(np.pi / 4 + np.radians(clamped) / 2)) * EARTH_RADIUS


class Projection:
    """(lon, lat) → scene point: Web Mercator metres (EPSG:3857), north up, the origin at
    the district's middle. The basemap's tiles are cut in the same projection, so a tile
    is a rectangle of the scene and the cells lie on the streets they follow."""

    def __init__(self, cells: list[GridCell]) -> None:
        lons = [p[0] for c in cells for p in c.polygon] or [0.0]
        lats = [p[1] for c in cells for p in c.polygon] or [0.0]
        self._centre((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)

    def _centre(self, lon0: float, lat0: float) -> None:
        self._x0 = math.radians(lon0) * EARTH_RADIUS
        self._y0 = float(_mercator_y(lat0))

    @classmethod
    def around(cls, corners: np.ndarray) -> Projection:
        """The projection centred on these (lon, lat) rows."""
        projection = cls([])
        if len(corners):
            projection._centre(float(corners[:, 0].min() + corners[:, 0].max()) / 2,
                               float(corners[:, 1].min() + corners[:, 1].max()) / 2)
        return projection

    @property
    def origin(self) -> tuple[float, float]:
        """The Web Mercator metres (x, y) of the scene's (0, 0)."""
        return self._x0, self._y0

    def point(self, p: Point) -> QPointF:
        return QPointF(math.radians(p[0]) * EARTH_RADIUS - self._x0,
                       self._y0 - float(_mercator_y(p[1])))

    def lonlat(self, point: QPointF) -> Point:
        """The (lon, lat) of a scene point."""
        x = point.x() + self._x0
        y = self._y0 - point.y()
        return (math.degrees(x / EARTH_RADIUS),
                math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2))

    def array(self, points: np.ndarray) -> np.ndarray:
        """Many (lon, lat) rows at once → scene (x, y) rows."""
        out = np.empty_like(points)
        out[:, 0] = np.radians(points[:, 0]) * EARTH_RADIUS - self._x0
        out[:, 1] = self._y0 - _mercator_y(points[:, 1])
        return out

    def polygon(self, ring: Iterable[Point]) -> QPolygonF:
        rows = np.asarray(list(ring), dtype=np.float64).reshape(-1, 2)
        return QPolygonF([QPointF(x, y) for x, y in self.array(rows).tolist()])


@dataclass(slots=True, eq=False)  # not frozen: ten thousand are made at a time
class CellShape:
    """One cell on the scene: its polygon, the rectangle around it, where its label sits."""

    index: int  # its place in ``DistrictGeometry.shapes`` (the drawing order)
    cell: GridCell
    polygon: QPolygonF
    rect: QRectF
    label_point: QPointF

    @property
    def grid_id(self) -> int:
        return self.cell.id


class CellIndex:
    """Cells by the squares of a regular grid their rectangles touch: the few cells a
    point or a rectangle may touch are found without looking at every cell."""

    def __init__(self, shapes: list[CellShape], bounds: QRectF,
                 boxes: np.ndarray | None = None) -> None:
        """``boxes``: the shapes' (left, top, right, bottom) rows, if already known."""
        self._shapes = shapes
        self._bounds = bounds
        side = max(1, int(math.sqrt(max(1, len(shapes)) / CELLS_PER_SQUARE)))
        self._cols = self._rows = side
        self._w = (bounds.width() or 1.0) / side
        self._h = (bounds.height() or 1.0) / side
        self._squares: dict[int, list[int]] = {}  # column * side + row → shape indexes
        if not shapes:
            return
        if boxes is None:
            boxes = np.array([(s.rect.left(), s.rect.top(), s.rect.right(), s.rect.bottom())
                              for s in shapes], dtype=np.float64)
        cols = np.clip(((boxes[:, [0, 2]] - bounds.left()) / self._w).astype(np.int64),
                       0, side - 1)
        rows = np.clip(((boxes[:, [1, 3]] - bounds.top()) / self._h).astype(np.int64),
                       0, side - 1)
        wide, tall = cols[:, 1] - cols[:, 0] + 1, rows[:, 1] - rows[:, 0] + 1
        every = np.arange(len(shapes))
        keys, owners = [], []
        for i in range(int(wide.max())):  # each square a cell touches: a few passes
            for j in range(int(tall.max())):
                on = (wide > i) & (tall > j)
                keys.append((cols[on, 0] + i) * side + rows[on, 0] + j)
                owners.append(every[on])
        key, owner = np.concatenate(keys), np.concatenate(owners)
        order = np.lexsort((owner, key))
        key, owner = key[order], owner[order]
        firsts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        self._squares = dict(zip(key[firsts].tolist(),
                                 (part.tolist() for part in np.split(owner, firsts[1:])),
                                 strict=True))

    def _span(self, rect: QRectF) -> tuple[int, int, int, int]:
        left, top = self._bounds.left(), self._bounds.top()
        last_c, last_r = self._cols - 1, self._rows - 1
        c0 = min(last_c, max(0, int((rect.left() - left) / self._w)))
        c1 = min(last_c, max(0, int((rect.right() - left) / self._w)))
        r0 = min(last_r, max(0, int((rect.top() - top) / self._h)))
        r1 = min(last_r, max(0, int((rect.bottom() - top) / self._h)))
        return c0, r0, c1, r1

    def in_rect(self, rect: QRectF) -> list[CellShape]:
        """The cells whose rectangles meet ``rect``, in drawing order."""
        if rect.contains(self._bounds):
            return self._shapes
        if not rect.intersects(self._bounds):
            return []
        c0, r0, c1, r1 = self._span(rect)
        found: set[int] = set()
        squares = self._squares
        for c in range(c0, c1 + 1):
            for r in range(r0, r1 + 1):
                found.update(squares.get(c * self._rows + r, ()))
        shapes = self._shapes
        return [shapes[i] for i in sorted(found) if shapes[i].rect.intersects(rect)]

    def at(self, point: QPointF) -> CellShape | None:
        """The cell whose polygon holds ``point``."""
        if not self._bounds.contains(point):
            return None
        c0, r0, _, _ = self._span(QRectF(point, point))
        for i in self._squares.get(c0 * self._rows + r0, ()):
            shape = self._shapes[i]
            if shape.rect.contains(point) and shape.polygon.containsPoint(
                    point, Qt.FillRule.OddEvenFill):
                return shape
        return None


@dataclass(frozen=True, slots=True, eq=False)
class DistrictGeometry:
    """Every cell projected, the index over them, and the rectangle they fill."""

    projection: Projection
    shapes: list[CellShape]
    by_id: dict[int, CellShape]
    by_code: dict[str, CellShape]
    index: CellIndex
    rect: QRectF
    median_height: float  # scene units: how tall a typical cell is

    @property
    def cells(self) -> list[GridCell]:
        return [s.cell for s in self.shapes]


def _polygons(xy: np.ndarray, counts: list[int]) -> list[QPolygonF]:
    """One polygon per ring of ``counts`` points of ``xy``, read from one byte stream laid
    out by numpy (a polygon is a big-endian count, then its points as pairs of doubles):
    two calls per ring rather than a QPointF per corner. The worker shares the
    interpreter with the GUI thread; the less Python it runs, the sooner the map opens."""
    n = len(counts)
    if not n:
        return []
    sizes = np.asarray(counts, dtype=np.int64)
    total = 4 * n + 16 * int(sizes.sum())
    buffer = np.empty(total, dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    heads = 4 * np.arange(n) + 16 * starts
    buffer[heads[:, None] + np.arange(4)] = \
        sizes.astype(">u4").view(np.uint8).reshape(-1, 4)
    ring = np.repeat(np.arange(n), sizes)
    places = 4 * (ring + 1) + 16 * np.arange(len(ring))
    buffer[places[:, None] + np.arange(16)] = \
        np.ascontiguousarray(xy, dtype=">f8").view(np.uint8).reshape(-1, 16)
    stream = QDataStream(QByteArray(buffer.tobytes()))
    polygons = []
    for _ in range(n):
        polygon = QPolygonF()
        stream >> polygon
        polygons.append(polygon)
    return polygons


def project(cells: list[GridCell]) -> DistrictGeometry:
    """Project every cell once. Pure computation on value types (no widget, no scene):
    it runs on a worker thread, off the GUI thread."""
    counts = [len(c.polygon) for c in cells]
    corners = np.fromiter(chain.from_iterable(chain.from_iterable(c.polygon for c in cells)),
                          dtype=np.float64, count=2 * sum(counts)).reshape(-1, 2)
    projection = Projection.around(corners)
    xy = projection.array(corners)
    middles = projection.array(np.array([c.centroid for c in cells], dtype=np.float64)
                               .reshape(-1, 2))
    shapes: list[CellShape] = []
    rect = QRectF()
    boxes = None
    if cells:
        starts = np.cumsum([0, *counts[:-1]])
        boxes = np.column_stack([np.minimum.reduceat(xy[:, 0], starts),
                                 np.minimum.reduceat(xy[:, 1], starts),
                                 np.maximum.reduceat(xy[:, 0], starts),
                                 np.maximum.reduceat(xy[:, 1], starts)])
        left, top, right, bottom = boxes.T.tolist()
        for n, (cell, polygon, (mx, my)) in enumerate(
                zip(cells, _polygons(xy, counts), middles.tolist(), strict=True)):
            shapes.append(CellShape(n, cell, polygon,
                                    QRectF(left[n], top[n], right[n] - left[n],
                                           bottom[n] - top[n]), QPointF(mx, my)))
        x0, y0 = float(xy[:, 0].min()), float(xy[:, 1].min())
        rect = QRectF(x0, y0, float(xy[:, 0].max()) - x0, float(xy[:, 1].max()) - y0)
    heights = sorted(s.rect.height() for s in shapes)
    return DistrictGeometry(
        projection, shapes, {s.grid_id: s for s in shapes}, {s.cell.code: s for s in shapes},
        CellIndex(shapes, rect, boxes), rect, heights[len(heights) // 2] if heights else 0.0)
