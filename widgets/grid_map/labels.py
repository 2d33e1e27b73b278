"""The cells' labels in one item: each cell's code and figure, printed only where the cell
is big enough on screen to hold them (a district of ten thousand cells shows colours
until one zooms in, not ten thousand overlapping numbers)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from widgets.grid_map.cells import CellLayer
from widgets.grid_map.geometry import CellShape, DistrictGeometry

Z_LABEL = 3.0
# A cell shorter or narrower than this on screen prints nothing: its colour says enough.
LABEL_MIN_PX = 24.0
# Pixels kept clear on either side of a printed line, so neighbours' labels never touch.
SPACE_PX = 6.0


class LabelLayer(QGraphicsItem):
    """Prints, centred on each big-enough cell's centroid, its code (unless compact) and
    its figure in the cell's text colour, the same size at any zoom."""

    def __init__(self, cells: CellLayer) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(Z_LABEL)
        self._cells = cells
        self._rect = QRectF()
        self.compact = False
        self._font = QFont()
        self._font.setPointSizeF(max(7.0, self._font.pointSizeF() - 1))
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._plain_metrics = QFontMetrics(self._font)
        self._bold_metrics = QFontMetrics(self._bold)
        # The codes printed by the last paint (a test's view of what is readable).
        self.last_printed: list[str] = []

    def set_geometry(self, geometry: DistrictGeometry | None) -> None:
        self.prepareGeometryChange()
        rect = geometry.rect if geometry is not None else QRectF()
        self._rect = rect.adjusted(-1, -1, 1, 1)
        self.update()

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.update()

    def update_cell(self, shape: CellShape) -> None:
        """Print one cell's label again (its figure or colour changed)."""
        w, h = shape.rect.width() / 2, shape.rect.height() / 2
        self.update(shape.rect.adjusted(-w, -h, w, h))  # centred on the centroid

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        geometry = self._cells.geometry
        self.last_printed = []
        if geometry is None:
            return
        world = painter.worldTransform()
        scale = world.m11()
        if scale <= 0 or geometry.median_height * scale * 4 < LABEL_MIN_PX:
            return  # far out: hardly any cell could hold a label
        least = LABEL_MIN_PX / scale
        exposed = option.exposedRect
        shapes = [s for s in geometry.index.in_rect(exposed)
                  if s.rect.height() >= least and s.rect.width() >= least]
        if not shapes:
            return
        plain, bold = self._plain_metrics, self._bold_metrics
        code_h, value_h = plain.height(), bold.height()
        painter.save()
        painter.resetTransform()
        for shape in shapes:
            look = self._cells.look(shape.cell.id)
            width = shape.rect.width() * scale
            value_w = bold.horizontalAdvance(look.text)
            if value_w + 2 * SPACE_PX > width:
                continue
            code = shape.cell.code
            with_code = not self.compact \
                and plain.horizontalAdvance(code) + 2 * SPACE_PX <= width \
                and code_h + value_h <= shape.rect.height() * scale
            centre = world.map(shape.label_point)
            height = value_h + (code_h if with_code else 0)
            top = centre.y() - height / 2
            box_w = max(width, 1.0)
            left = centre.x() - box_w / 2
            painter.setPen(look.text_color)
            if with_code:
                painter.setFont(self._font)
                painter.drawText(QRectF(left, top, box_w, code_h),
                                 Qt.AlignmentFlag.AlignCenter, code)
                top += code_h
            painter.setFont(self._bold)
            painter.drawText(QRectF(left, top, box_w, value_h),
                             Qt.AlignmentFlag.AlignCenter, look.text)
            self.last_printed.append(code)
        painter.restore()
