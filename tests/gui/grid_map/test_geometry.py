"""The map's geometry: cells projected once, and the index that finds the cell under a
point or the cells in a rectangle, checked against looking at every cell."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt

from console.app import App
from widgets.grid_map.geometry import Projection, project


def test_projected_polygons_are_the_projection_of_each_ring(app: App) -> None:
    cells = app.grid_map.cells()
    geometry = project(cells)
    projection = Projection(cells)
    assert [s.cell.code for s in geometry.shapes] == [c.code for c in cells]
    for shape, cell in zip(geometry.shapes, cells, strict=True):
        assert shape.polygon == projection.polygon(cell.polygon)
        assert shape.rect == shape.polygon.boundingRect()
        assert shape.label_point == projection.point(cell.centroid)
    assert geometry.rect.contains(geometry.shapes[0].rect)


def test_the_index_finds_what_looking_at_every_cell_finds(app: App) -> None:
    geometry = project(app.grid_map.cells())
    shapes = geometry.shapes
    area = geometry.rect
    steps = 23
    for i in range(steps + 1):
        for j in range(steps + 1):
            point = QPointF(area.left() + area.width() * i / steps,
                            area.top() + area.height() * j / steps)
            holding = [s for s in shapes
                       if s.polygon.containsPoint(point, Qt.FillRule.OddEvenFill)]
            found = geometry.index.at(point)
            assert (found is None) == (not holding), point
            if found is not None:
                assert found in holding
    for rect in (QRectF(area.center(), area.center() + QPointF(300, 200)),
                 QRectF(area.topLeft(), area.center()), area.adjusted(-10, -10, 10, 10),
                 QRectF(area.right() + 50, area.top(), 10, 10)):
        assert geometry.index.in_rect(rect) == [s for s in shapes if s.rect.intersects(rect)]
