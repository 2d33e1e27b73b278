"""The cell layer: every cell's fill and outline painted from cached polygons, one look per
cell, and a light view of one cell for callers and tests.

The cells are not scene items: ten thousand items cost seconds to build and a full
recolour on every change. They are painted in the view's background, which the view
caches (``CacheBackground``): a recoloured cell invalidates only its own rectangle, so
a change repaints that cell and its neighbours, not the district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsPolygonItem

from widgets.grid_map.geometry import CellShape, DistrictGeometry

Z_SELECTED, Z_HOVER = 1.0, 1.5
# A typical cell shorter than this on screen is outlined in a shade of its own fill: at a
# city's scale a border line round every cell would hide the colours (a mesh, not a map).
OUTLINE_FROM_PX = 8.0
FAINT_EDGE = 0.25  # how much of the border colour such an outline takes


def _faint(fill: QColor, border: QColor) -> QColor:
    k = FAINT_EDGE
    return QColor.fromRgbF(fill.redF() * (1 - k) + border.redF() * k,
                           fill.greenF() * (1 - k) + border.greenF() * k,
                           fill.blueF() * (1 - k) + border.blueF() * k)


@dataclass(frozen=True, slots=True)
class CellLook:
    """What a cell shows: its bucket (None: no data), its figure and their colours."""

    bucket: int | None
    text: str
    fill: QColor
    text_color: QColor


class CellLayer:
    """Paints the cells that meet a rectangle, each in its look; keeps the looks."""

    def __init__(self) -> None:
        self.geometry: DistrictGeometry | None = None
        self._looks: dict[int, CellLook] = {}
        self._default = CellLook(None, "", QColor("#000000"), QColor("#ffffff"))
        self._brushes: dict[int, QBrush] = {}
        self._pen = QPen()
        # The cells the last paint drew (a recolour draws only those near a change).
        self.last_painted: list[CellShape] = []
        # Set while the cells' figures are on their way: the cells are not painted in a
        # look they would lose a moment later (a full paint of the district saved).
        self.waiting = False
        # How opaque the cells are over a basemap (1: no basemap shows through).
        self.opacity = 1.0

    def set_geometry(self, geometry: DistrictGeometry | None) -> None:
        self.geometry = geometry
        self._looks = {}

    def set_border(self, color: QColor) -> None:
        self._pen = QPen(color, 1.0)
        self._pen.setCosmetic(True)
        self._pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

    def set_default(self, look: CellLook) -> None:
        """The look of a cell with no figures yet."""
        self._default = look

    def look(self, grid_id: int) -> CellLook:
        return self._looks.get(grid_id, self._default)

    def set_look(self, grid_id: int, look: CellLook) -> bool:
        """Give a cell its look; True if that changed it."""
        old = self._looks.get(grid_id)
        if old is look or old == look:  # cells of one value share their look
            return False
        self._looks[grid_id] = look
        return True

    def _brush(self, color: QColor) -> QBrush:
        key = color.rgba()
        brush = self._brushes.get(key)
        if brush is None:
            brush = self._brushes[key] = QBrush(color)
        return brush

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        if self.geometry is None or self.waiting:
            self.last_painted = []
            return
        shapes = self.geometry.index.in_rect(rect)
        painter.save()
        painter.setOpacity(self.opacity)
        outlined = self.geometry.median_height * painter.worldTransform().m11() \
            >= OUTLINE_FROM_PX
        # Smoothing a few-pixel cell's edge shows nothing and costs a fifth of the paint.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, outlined)
        painter.setPen(self._pen)
        edge = QPen(self._pen)
        looks, default = self._looks, self._default
        current: QColor | None = None
        for shape in shapes:
            fill = looks.get(shape.cell.id, default).fill
            if fill != current:
                painter.setBrush(self._brush(fill))
                if not outlined:  # near its own colour: no seams, no mesh
                    edge.setColor(_faint(fill, self._pen.color()))
                    painter.setPen(edge)
                current = fill
            painter.drawPolygon(shape.polygon)
        painter.restore()
        self.last_painted = shapes


class CellOutline(QGraphicsPolygonItem):
    """One cell's outline drawn over the layer: the chosen cell's, or the hovered one's."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.shape_shown: CellShape | None = None
        self.setVisible(False)

    def show_cell(self, shape: CellShape | None) -> None:
        if shape is self.shape_shown:
            return
        self.shape_shown = shape
        if shape is not None:
            self.setPolygon(shape.polygon)
        self.setVisible(shape is not None)

    def set_pen(self, color: QColor, width: float) -> None:
        pen = QPen(color, width)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)


@dataclass(frozen=True, slots=True)
class LabelView:
    """What a cell's label prints now, and where."""

    value: str
    compact: bool
    point: QPointF

    def pos(self) -> QPointF:
        return QPointF(self.point)


class CellView:
    """One cell as the map shows it now: read-only, made on request."""

    def __init__(self, shape: CellShape, look: CellLook, selected: bool, compact: bool,
                 tooltip: Callable[[CellShape], str]) -> None:
        self.shape = shape
        self.cell = shape.cell
        self.bucket = look.bucket
        self.selected = selected
        self.label = LabelView(look.text, compact, shape.label_point)
        self._fill = look.fill
        self._tooltip = tooltip

    @property
    def grid_id(self) -> int:
        return self.cell.id

    def brush(self) -> QBrush:
        return QBrush(self._fill)

    def toolTip(self) -> str:
        return self._tooltip(self.shape)
