"""The district's cells projected once onto the map's scene, and a grid index to find them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPolygonF

from console.territory.grid_map import GridCell

Point = tuple[float, float]

# Scene units per degree of latitude: one unit is about 1.1 m.
SCENE_SCALE = 100_000.0
# About this many cells share a square of the index on average.
CELLS_PER_SQUARE = 4


class Projection:
    """(lon, lat) → scene point: equirectangular around the district's middle, north up."""

    def __init__(self, cells: list[GridCell]) -> None:
        lons = [p[0] for c in cells for p in c.polygon] or [0.0]
        lats = [p[1] for c in cells for p in c.polygon] or [0.0]
        self._lon0 = (min(lons) + max(lons)) / 2
        self._lat0 = (min(lats) + max(lats)) / 2
        self._kx = math.cos(math.radians(self._lat0)) * SCENE_SCALE

    def point(self, p: Point) -> QPointF:
        return QPointF((p[0] - self._lon0) * self._kx, (self._lat0 - p[1]) * SCENE_SCALE)

    def polygon(self, ring: Iterable[Point]) -> QPolygonF:
        lon0, lat0, kx = self._lon0, self._lat0, self._kx
        return QPolygonF([QPointF((x - lon0) * kx, (lat0 - y) * SCENE_SCALE) for x, y in ring])


@dataclass(frozen=True, slots=True, eq=False)
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

    def __init__(self, shapes: list[CellShape], bounds: QRectF) -> None:
        self._shapes = shapes
        self._bounds = bounds
        side = max(1, int(math.sqrt(max(1, len(shapes)) / CELLS_PER_SQUARE)))
        self._cols = self._rows = side
        self._w = (bounds.width() or 1.0) / side
        self._h = (bounds.height() or 1.0) / side
        self._squares: dict[tuple[int, int], list[int]] = {}
        for shape in shapes:
            c0, r0, c1, r1 = self._span(shape.rect)
            for c in range(c0, c1 + 1):
                for r in range(r0, r1 + 1):
                    self._squares.setdefault((c, r), []).append(shape.index)

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
                found.update(squares.get((c, r), ()))
        shapes = self._shapes
        return [shapes[i] for i in sorted(found) if shapes[i].rect.intersects(rect)]

    def at(self, point: QPointF) -> CellShape | None:
        """The cell whose polygon holds ``point``."""
        if not self._bounds.contains(point):
            return None
        c0, r0, _, _ = self._span(QRectF(point, point))
        for i in self._squares.get((c0, r0), ()):
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


def project(cells: list[GridCell]) -> DistrictGeometry:
    """Project every cell once. Pure computation on value types (no widget, no scene):
    it runs on a worker thread, off the GUI thread."""
    projection = Projection(cells)
    shapes: list[CellShape] = []
    for n, cell in enumerate(cells):
        polygon = projection.polygon(cell.polygon)
        shapes.append(CellShape(n, cell, polygon, polygon.boundingRect(),
                                projection.point(cell.centroid)))
    rect = QRectF()
    if shapes:
        left = min(s.rect.left() for s in shapes)
        top = min(s.rect.top() for s in shapes)
        right = max(s.rect.right() for s in shapes)
        bottom = max(s.rect.bottom() for s in shapes)
        rect = QRectF(left, top, right - left, bottom - top)
    heights = sorted(s.rect.height() for s in shapes)
    return DistrictGeometry(
        projection, shapes, {s.grid_id: s for s in shapes}, {s.cell.code: s for s in shapes},
        CellIndex(shapes, rect), rect, heights[len(heights) // 2] if heights else 0.0)
