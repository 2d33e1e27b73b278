"""The grid map: the district's cells coloured by a layer, with markers, zoom and pan."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QStandardItemModel,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.hazards.domain import RiskLevel
from console.territory.grid_map import (
    CellFigures,
    ColourScale,
    GridCell,
    HazardMarker,
    MapLayer,
    case_markers,
    layer_value,
    scale_for,
)
from widgets.common.background import BackgroundWork
from widgets.common.time_text import clock_time
from widgets.grid_map import style
from widgets.hazards import labels as hl
from widgets.shell.theme import Theme, current_theme

Point = tuple[float, float]

# Scene units per degree of latitude: one unit is about 1.1 m.
SCENE_SCALE = 100_000.0
REFRESH_DEBOUNCE_MS = 400
CLOSURE_REFRESH_MS = 5 * 60 * 1000
ZOOM_STEP = 1.25
MAX_ZOOM = 40.0  # relative to the whole district fitting the view
MIN_ZOOM = 0.5
# A cell shorter than this on screen (the median cell) shows its figure without its code.
COMPACT_BELOW_PX = 80.0

# Hazard markers lie under the cells' labels: the figures must stay readable.
Z_CELL, Z_SELECTED, Z_HAZARD, Z_LABEL, Z_CASE = 0.0, 1.0, 2.0, 3.0, 4.0


def _place(cell: GridCell) -> str:
    """A cell's name in the interface language."""
    return cell.name(QLocale().name())


class Projection:
    """(lon, lat) → scene point: equirectangular around the district's middle, north up."""

    def __init__(self, cells: list[GridCell]) -> None:
        points = [p for c in cells for p in c.polygon] or [(0.0, 0.0)]
        self._lon0 = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
        self._lat0 = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
        self._kx = math.cos(math.radians(self._lat0)) * SCENE_SCALE

    def point(self, p: Point) -> QPointF:
        return QPointF((p[0] - self._lon0) * self._kx, (self._lat0 - p[1]) * SCENE_SCALE)

    def polygon(self, ring: tuple[Point, ...]) -> QPolygonF:
        return QPolygonF([self.point(p) for p in ring])


# ---- reads off the GUI thread ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MapData:
    """One full read: every cell's figures and the hazard markers."""

    figures: dict[int, CellFigures]
    hazard_markers: list[HazardMarker]


@dataclass(frozen=True, slots=True)
class HazardData:
    """A read after hazards changed: (count, top score) per grid, and the markers."""

    counts: dict[int, tuple[int, int]]
    markers: list[HazardMarker]


# ---- scene items -------------------------------------------------------------------------

class CellLabel(QGraphicsItem):
    """The cell's code and its figure, centred on the centroid, the same size at any zoom.
    Compact (cells small on screen): the figure only; the code is in the tooltip."""

    def __init__(self, code: str, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_LABEL)
        self._code = code
        self._value = ""
        self._color = QColor("#000000")
        self._font = QFont()
        self._font.setPointSizeF(max(7.0, self._font.pointSizeF() - 1))
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._rect = QRectF()
        self.compact = False
        self._measure()

    @property
    def value(self) -> str:
        return self._value

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.prepareGeometryChange()
            self.compact = compact
            self._measure()
            self.update()

    def set_value(self, value: str, color: QColor) -> None:
        if value == self._value and color == self._color:
            return
        self.prepareGeometryChange()
        self._value = value
        self._color = QColor(color)
        self._measure()
        self.update()

    def _measure(self) -> None:
        plain, bold = QFontMetrics(self._font), QFontMetrics(self._bold)
        code_width = 0 if self.compact else plain.horizontalAdvance(self._code)
        width = max(code_width, bold.horizontalAdvance(self._value))
        height = (0 if self.compact else plain.height()) + bold.height()
        self._rect = QRectF(-width / 2 - 2, -height / 2 - 1, width + 4, height + 2)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        painter.setPen(self._color)
        top = self._rect.top() + 1
        if not self.compact:
            code_height = QFontMetrics(self._font).height()
            painter.setFont(self._font)
            painter.drawText(QRectF(self._rect.left(), top, self._rect.width(), code_height),
                             Qt.AlignmentFlag.AlignCenter, self._code)
            top += code_height
        painter.setFont(self._bold)
        painter.drawText(QRectF(self._rect.left(), top, self._rect.width(),
                                QFontMetrics(self._bold).height()),
                         Qt.AlignmentFlag.AlignCenter, self._value)


class CellItem(QGraphicsPolygonItem):
    """One grid cell: its polygon, filled by its layer bucket, with its label; the
    outline thickens under the mouse."""

    def __init__(self, cell: GridCell, projection: Projection) -> None:
        super().__init__(projection.polygon(cell.polygon))
        self.cell = cell
        self.setZValue(Z_CELL)
        self.setAcceptHoverEvents(True)
        self.label = CellLabel(cell.code)
        self.label.setPos(projection.point(cell.centroid))
        self.bucket: int | None = None
        self.selected = False
        self._hovered = False
        self._outline = QPen()

    @property
    def grid_id(self) -> int:
        return self.cell.id

    def set_outline(self, pen: QPen) -> None:
        """The cell's outline when the mouse is not on it."""
        self._outline = QPen(pen)
        self._show_outline()

    def _show_outline(self) -> None:
        pen = QPen(self._outline)
        if self._hovered:
            pen.setWidthF(pen.widthF() + 1.5)
        self.setPen(pen)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self._show_outline()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self._show_outline()
        super().hoverLeaveEvent(event)


class CaseMarkerItem(QGraphicsItem):
    """A badge under a cell's label: how many cases are open there (ringed if overdue)."""

    # (radius, pixels below the centroid): under a two-line label, or a one-line one.
    FULL = (9.0, 24.0)
    COMPACT = (7.0, 15.0)

    def __init__(self, grid_id: int) -> None:
        super().__init__()
        self.grid_id = grid_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_CASE)
        self._text = ""
        self._overdue = False
        self._colors: tuple[QColor, QColor, QColor] = (QColor(), QColor(), QColor())
        self._font = QFont()
        self._font.setPointSizeF(max(6.5, self._font.pointSizeF() - 2))
        self._font.setBold(True)
        self._radius, self._offset = self.FULL

    def set_compact(self, compact: bool) -> None:
        shape = self.COMPACT if compact else self.FULL
        if shape != (self._radius, self._offset):
            self.prepareGeometryChange()
            self._radius, self._offset = shape
            self.update()

    def set_counts(self, open_cases: int, overdue: int) -> None:
        text = str(open_cases) if open_cases < 1000 else f"{open_cases // 1000}k"
        if (text, overdue > 0) != (self._text, self._overdue):
            self._text, self._overdue = text, overdue > 0
            self.update()

    def set_colors(self, fill: QColor, text: QColor, ring: QColor) -> None:
        self._colors = (fill, text, ring)
        self.update()

    def boundingRect(self) -> QRectF:
        r = self._radius + 3
        return QRectF(-r - 6, self._offset - r, 2 * r + 12, 2 * r)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        fill, text, ring = self._colors
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self._radius
        width = max(2 * radius, QFontMetrics(self._font).horizontalAdvance(self._text) + 8)
        rect = QRectF(-width / 2, self._offset - radius, width, 2 * radius)
        painter.setPen(QPen(ring, 2.5) if self._overdue else QPen(fill, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(text)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._text)


class HazardLayer(QGraphicsItem):
    """Every hazard marker in one item: a diamond in its level's colour, the same size at
    any zoom. Each level's diamond is drawn once into a small pixmap and stamped at every
    hazard (positions worked out once per zoom step): thousands of hazards cost a repaint
    a millisecond or two, where an item or a stroked path per hazard cost a quarter second.
    """

    SIZE = 5.0  # pixels from the centre to a corner
    PICK = 7.0  # pixels: how near the mouse must be to name a hazard

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_HAZARD)
        self._markers: list[HazardMarker] = []
        self._points: list[QPointF] = []
        self._rect = QRectF()
        self._fills: dict[RiskLevel, QColor] = {}
        self._edge = QColor()
        self._sprites: dict[RiskLevel, QPixmap] = {}
        self._sprites_ratio = 0.0
        self._stamps: dict[RiskLevel, list[QPointF]] = {}
        self._stamps_scale = 0.0

    @property
    def markers(self) -> list[HazardMarker]:
        return list(self._markers)

    def set_markers(self, markers: list[HazardMarker], projection: Projection) -> None:
        self.prepareGeometryChange()
        self._markers = list(markers)
        self._points = [projection.point(m.point) for m in markers]
        self._rect = QPolygonF(self._points).boundingRect() if self._points else QRectF()
        self._stamps_scale = 0.0
        self.update()

    def set_colors(self, fills: dict[RiskLevel, QColor], edge: QColor) -> None:
        self._fills, self._edge = fills, edge
        self._sprites_ratio = 0.0
        self.update()

    def marker_at(self, scene_pos: QPointF, scale: float) -> HazardMarker | None:
        """The hazard drawn nearest ``scene_pos``, if within a few pixels of it."""
        reach = self.PICK / (scale or 1.0)
        best: tuple[float, HazardMarker] | None = None
        for point, marker in zip(self._points, self._markers, strict=True):
            dx, dy = point.x() - scene_pos.x(), point.y() - scene_pos.y()
            if abs(dx) <= reach and abs(dy) <= reach:
                distance = dx * dx + dy * dy
                if best is None or distance < best[0]:
                    best = (distance, marker)
        return best[1] if best is not None else None

    def boundingRect(self) -> QRectF:
        # The diamonds reach SIZE pixels past their points; a scene unit is about a metre
        # and the map is never zoomed out to a few metres per pixel, so 60 units cover it.
        return self._rect.adjusted(-60, -60, 60, 60) if self._points else QRectF()

    def _build_sprites(self, ratio: float) -> None:
        side = int(2 * self.SIZE + 4)
        c = side / 2
        s = self.SIZE
        for level in RiskLevel:
            sprite = QPixmap(int(side * ratio), int(side * ratio))
            sprite.setDevicePixelRatio(ratio)
            sprite.fill(Qt.GlobalColor.transparent)
            painter = QPainter(sprite)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self._edge, 1.5))
            painter.setBrush(self._fills.get(level, self._edge))
            painter.drawPolygon(QPolygonF([QPointF(c, c - s), QPointF(c + s, c),
                                           QPointF(c, c + s), QPointF(c - s, c)]))
            painter.end()
            self._sprites[level] = sprite
        self._sprites_ratio = ratio

    def _build_stamps(self, scale: float) -> None:
        half = (2 * self.SIZE + 4) / 2
        stamps: dict[RiskLevel, list[QPointF]] = {level: [] for level in RiskLevel}
        for point, marker in zip(self._points, self._markers, strict=True):
            stamps[marker.level].append(
                QPointF(point.x() * scale - half, point.y() * scale - half))
        self._stamps, self._stamps_scale = stamps, scale

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        world = painter.worldTransform()
        scale = world.m11()
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        if not math.isclose(ratio, self._sprites_ratio):
            self._build_sprites(ratio)
        if not math.isclose(scale, self._stamps_scale):
            self._build_stamps(scale)
        painter.save()
        # The scale is in the stamps already; keep only the view's translation.
        painter.setWorldTransform(QTransform.fromTranslate(world.dx(), world.dy()))
        for level in RiskLevel:  # the most severe stamped last, on top
            sprite = self._sprites[level]
            for top_left in self._stamps.get(level, ()):
                painter.drawPixmap(top_left, sprite)
        painter.restore()


# ---- the view ----------------------------------------------------------------------------

class GridMapView(QGraphicsView):
    """Wheel and +/- zoom, drag to pan, a click (press and release in place) on a cell.

    Signals:
        cell_clicked(int): the id of the grid clicked.
        zoomed(): the scale changed (a zoom, a fit, a resize that fitted again).
    """

    cell_clicked = Signal(int)
    zoomed = Signal()

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # Before any setter below: setting up sends the viewport events already.
        self._press: QPoint | None = None
        self._fit_scale = 1.0
        self.auto_fit = True
        self.district_rect = QRectF()  # what "fit" shows: the cells, markers aside
        self.hazard_layer: HazardLayer | None = None
        self.setObjectName("gridMapView")
        self.setAccessibleName(self.tr("Grid map"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Drag pans; scroll bars would only take room from a small dock.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def cell_at(self, pos: QPoint) -> CellItem | None:
        """The cell under a viewport position (through labels and markers)."""
        for item in self.items(pos):
            if isinstance(item, CellItem):
                return item
        return None

    def fit_district(self) -> None:
        rect = self.district_rect
        if rect.isEmpty():
            return
        margin = max(rect.width(), rect.height()) * 0.03
        self.fitInView(rect.adjusted(-margin, -margin, margin, margin),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.transform().m11() or 1.0
        self.zoomed.emit()

    def zoom_by(self, factor: float) -> None:
        current = self.transform().m11() / self._fit_scale
        target = min(MAX_ZOOM, max(MIN_ZOOM, current * factor))
        if math.isclose(target, current):
            return
        self.scale(target / current, target / current)
        self.auto_fit = False
        self.zoomed.emit()

    @property
    def zoom(self) -> float:
        """How far in from "the whole district fits" (1.0)."""
        return self.transform().m11() / self._fit_scale

    def viewportEvent(self, event: QEvent) -> bool:
        """A tooltip over a hazard marker names the hazard; elsewhere the cell's."""
        layer = self.hazard_layer
        if (event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent)
                and layer is not None and layer.isVisible()):
            marker = layer.marker_at(self.mapToScene(event.pos()), self.transform().m11())
            if marker is not None:
                QToolTip.showText(event.globalPos(), style.hazard_marker_tooltip(
                    marker.code, marker.name, marker.level, marker.score), self.viewport())
                return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(ZOOM_STEP)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom_by(1 / ZOOM_STEP)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key == Qt.Key.Key_0:
            self.auto_fit = True
            self.fit_district()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        if (pos - press).manhattanLength() >= QApplication.startDragDistance():
            return  # a drag: the view panned
        cell = self.cell_at(pos)
        if cell is not None:
            self.cell_clicked.emit(cell.grid_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit_district()


# ---- the panel ---------------------------------------------------------------------------

class GridMap(QWidget):
    """The district's grid cells coloured by a layer: open cases, overdue cases, highest
    hazard level or closure rate over 30 days; case and hazard markers; a legend.

    Figures are read off the GUI thread (``BackgroundWork``): every cell at start and
    after a bulk reload; after case changes (debounced) only the counts of the changed
    cases' grids; after hazard changes the hazard counts and markers. These reads run one
    after another, so their results arrive in the order they were asked for and each is
    applied as it comes. Only the cells whose look changed are repainted. Closure rates
    read history: they are read when the map is shown and every five minutes while it
    is, on a thread of their own, so they never hold up a live update.

    Signals:
        grid_chosen(object): a cell was clicked: its grid code, or None when the chosen
            cell was clicked again (show every grid).
        refreshed(): new figures were applied to the cells.
        closure_refreshed(): new closure rates were applied to the cells.
    """

    grid_chosen = Signal(object)
    refreshed = Signal()
    closure_refreshed = Signal()

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridMap")
        self._app = app
        self._theme = current_theme()
        self._palette = style.map_colors(self._theme)
        self._figures: dict[int, CellFigures] = {}
        self._closure: dict[int, float | None] | None = None
        self._scale: ColourScale = scale_for(MapLayer.OPEN, [])
        self._cells: dict[int, CellItem] = {}
        self._case_markers: dict[int, CaseMarkerItem] = {}
        self._hazard_layer = HazardLayer()
        self._selected: int | None = None
        self._pending_cases: set[int] = set()
        self._hazards_stale = False
        self._loaded = False
        self._closure_at: datetime | None = None
        self._compact = False
        # The codes of the cells the last figures repainted (the others kept their look).
        self.repainted: set[str] = set()

        self._scene = QGraphicsScene(self)
        self._scene.setObjectName("gridMapScene")
        self._view = GridMapView(self._scene, self)
        self._work = BackgroundWork(self)  # figures, case counts, hazards: in order
        self._history_work = BackgroundWork(self)  # closure rates, one read at a time
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setObjectName("gridMapRefreshTimer")
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DEBOUNCE_MS)
        self._closure_timer = QTimer(self)
        self._closure_timer.setObjectName("gridMapClosureTimer")
        self._closure_timer.setInterval(CLOSURE_REFRESH_MS)
        self._build()
        self._connect_signals()
        self._build_cells()
        self.set_theme(self._theme)
        self.refresh()
        self._closure_timer.start()

    # ---- building ----------------------------------------------------------------------

    def _tool_button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setProperty("stripButton", True)
        return button

    def _build(self) -> None:
        self._layer = QComboBox(self)
        self._layer.setObjectName("gridMapLayer")
        self._layer.setToolTip(self.tr("What colours the cells"))
        self._layer.setAccessibleName(self.tr("Map layer"))
        for layer, name in style.layer_names().items():
            self._layer.addItem(name, layer.value)
        self._case_toggle = QCheckBox(self.tr("Cases"), self)
        self._case_toggle.setObjectName("gridMapCaseMarkers")
        self._case_toggle.setToolTip(self.tr("Show each cell's open cases as a badge "
                                             "(ringed when some are overdue)"))
        self._case_toggle.setAccessibleName(self.tr("Show case markers"))
        self._case_toggle.setChecked(True)
        self._hazard_toggle = QCheckBox(self.tr("Hazards"), self)
        self._hazard_toggle.setObjectName("gridMapHazardMarkers")
        self._hazard_toggle.setToolTip(self.tr("Show watched hazards where they are"))
        self._hazard_toggle.setAccessibleName(self.tr("Show hazard markers"))
        self._hazard_toggle.setChecked(True)
        self._zoom_in = self._tool_button("gridMapZoomIn", "+", self.tr("Zoom in (+)"))
        self._zoom_out = self._tool_button("gridMapZoomOut", "−", self.tr("Zoom out (−)"))
        self._fit = self._tool_button("gridMapFit", self.tr("Fit"),
                                      self.tr("Show the whole district (0)"))
        self._clear = self._tool_button("gridMapClearGrid", self.tr("✕ All grids"),
                                        self.tr("Stop filtering the board to one grid"))
        self._clear.setEnabled(False)
        self._legend = QLabel(self)
        self._legend.setObjectName("gridMapLegend")
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend.setWordWrap(True)
        self._status = QLabel(self)
        self._status.setObjectName("gridMapStatus")
        self._status.setProperty("fieldName", True)
        self._status.setWordWrap(True)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self._layer, 1)
        top.addWidget(self._case_toggle)
        top.addWidget(self._hazard_toggle)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for button in (self._zoom_in, self._zoom_out, self._fit):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self._clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._legend)
        layout.addWidget(self._status)
        self.setMinimumSize(240, 200)

    def _connect_signals(self) -> None:
        self._layer.currentIndexChanged.connect(self._on_layer_changed)
        self._case_toggle.toggled.connect(self._on_case_toggle_toggled)
        self._hazard_toggle.toggled.connect(self._on_hazard_toggle_toggled)
        self._zoom_in.clicked.connect(self._on_zoom_in_clicked)
        self._zoom_out.clicked.connect(self._on_zoom_out_clicked)
        self._fit.clicked.connect(self.fit_district)
        self._clear.clicked.connect(self._on_clear_clicked)
        self._view.cell_clicked.connect(self._on_view_cell_clicked)
        self._view.zoomed.connect(self._on_view_zoomed)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._closure_timer.timeout.connect(self.refresh_closure)

    def _build_cells(self) -> None:
        """(Re)create the cell items from the district's geometry."""
        for item in (*self._cells.values(), *self._case_markers.values()):
            self._scene.removeItem(item)
        self._cells.clear()
        self._case_markers.clear()
        self._hazard_layer.set_markers([], Projection([]))
        cells = self._app.grid_map.cells()
        self._projection = Projection(cells)
        for cell in cells:
            item = CellItem(cell, self._projection)
            self._scene.addItem(item)
            self._scene.addItem(item.label)
            item.setToolTip(style.tooltip(cell.code, _place(cell), None, False))
            self._cells[cell.id] = item
        district = QRectF()
        for item in self._cells.values():
            district = district.united(item.sceneBoundingRect())
        self._view.district_rect = district
        margin = max(district.width(), district.height()) * 0.1
        self._scene.setSceneRect(district.adjusted(-margin, -margin, margin, margin))
        if self._hazard_layer.scene() is None:
            self._scene.addItem(self._hazard_layer)
            self._view.hazard_layer = self._hazard_layer
        has_kpis = self._app.grid_map.kpis is not None
        closure = cast(QStandardItemModel, self._layer.model()).item(
            self._layer.findData(MapLayer.CLOSURE.value))
        closure.setEnabled(has_kpis)
        closure.setToolTip("" if has_kpis else self.tr("No KPI service to read closure rates"))
        self._view.fit_district()

    # ---- public ------------------------------------------------------------------------

    @property
    def view(self) -> GridMapView:
        return self._view

    @property
    def layer(self) -> MapLayer:
        return MapLayer(self._layer.currentData())

    def set_layer(self, layer: MapLayer) -> None:
        self._layer.setCurrentIndex(self._layer.findData(layer.value))

    @property
    def loaded(self) -> bool:
        """Whether figures have been applied at least once."""
        return self._loaded

    @property
    def closure_read(self) -> bool:
        return self._closure is not None

    @property
    def scale(self) -> ColourScale:
        return self._scale

    @property
    def selected_grid(self) -> str | None:
        return self._cells[self._selected].cell.code if self._selected in self._cells else None

    def cell_item(self, code: str) -> CellItem:
        return next(i for i in self._cells.values() if i.cell.code == code)

    def cell_items(self) -> list[CellItem]:
        return list(self._cells.values())

    def case_marker_items(self) -> list[CaseMarkerItem]:
        return [m for m in self._case_markers.values() if m.isVisible()]

    def scene_point(self, point: Point) -> QPointF:
        """Where a (lon, lat) lies on the map's scene."""
        return self._projection.point(point)

    def hazard_markers(self) -> list[HazardMarker]:
        """The hazards marked on the map now (none while the markers are switched off)."""
        return self._hazard_layer.markers if self._hazard_layer.isVisible() else []

    def current_figures(self) -> dict[int, CellFigures]:
        """Every cell's figures as the map shows them (grid id → figures)."""
        return dict(self._figures)

    def figures(self, code: str) -> CellFigures | None:
        return self._figures.get(self.cell_item(code).grid_id)

    def legend_entries(self) -> list[tuple[str, QColor]]:
        """What the legend states: each bucket's words and fill, in order."""
        entries = [(style.range_label(self._scale, b), self._swatch(b).fill)
                   for b in range(len(self._scale.ranges))]
        if self.layer is MapLayer.CLOSURE:
            entries.append((style.no_data_label(self.layer), self._palette.no_data.fill))
        return entries

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._palette = style.map_colors(theme)
        self._scene.setBackgroundBrush(self._palette.background)
        for item in self._cells.values():
            self._paint_cell(item, force=True)
        for marker in self._case_markers.values():
            marker.set_colors(self._palette.marker_fill, self._palette.marker_text,
                              self._palette.overdue_ring)
        self._color_hazard_markers()
        self._update_legend()

    def select_grid(self, code: str | None) -> None:
        """Outline the cell of ``code`` (None: no cell), without announcing it."""
        wanted = next((gid for gid, i in self._cells.items() if i.cell.code == code), None)
        if wanted == self._selected:
            return
        previous, self._selected = self._selected, wanted
        for gid in (previous, wanted):
            if gid in self._cells:
                self._paint_cell(self._cells[gid], force=True)
        self._clear.setEnabled(wanted is not None)
        self._update_status()

    def fit_district(self) -> None:
        self._view.auto_fit = True
        self._view.fit_district()

    def refresh(self) -> None:
        """Read every figure and the hazard markers again, off the GUI thread."""
        self._pending_cases.clear()
        self._hazards_stale = False
        service = self._app.grid_map
        self._work.start(lambda: MapData(service.figures(), service.hazard_markers()),
                         self._on_figures_read, self._on_read_failed)

    def refresh_closure(self) -> None:
        """Read the closure rates again (history: off the GUI thread) while the map is
        on screen; a hidden map reads them when it is shown."""
        if self._app.grid_map.kpis is not None and self.isVisible() \
                and not self._history_work.busy:  # unless a read is already under way
            self._history_work.start(self._app.grid_map.closure_rates,
                                     self._on_closure_read, self._on_read_failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        stale = self._closure_at is None or (
            self._app.clock.now() - self._closure_at).total_seconds() * 1000 \
            >= CLOSURE_REFRESH_MS
        if stale:
            self.refresh_closure()

    def queue_case_ids(self, case_ids: list[int]) -> None:
        """Cases changed: shortly, read the counts of their grids again (changes arriving
        together are read once)."""
        self._pending_cases.update(case_ids)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def queue_hazard_ids(self, _hazard_ids: list[int]) -> None:
        """Hazards changed: shortly, read the hazard counts and markers again."""
        self._hazards_stale = True
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def reload_district(self) -> None:
        """Grids were reloaded: rebuild the cells and read everything again."""
        code = self.selected_grid
        self._selected = None
        self._figures = {}
        self._build_cells()
        self.select_grid(code)
        self.set_theme(self._theme)
        self.refresh()
        self.refresh_closure()

    def shutdown(self, msecs: int = 5000) -> None:
        self._refresh_timer.stop()
        self._closure_timer.stop()
        for work in (self._work, self._history_work):
            work.cancel()
            work.wait_idle(msecs)

    # ---- applying figures --------------------------------------------------------------

    def _swatch(self, bucket: int | None) -> style.Swatch:
        return style.swatch(self._palette, self._scale, bucket)

    def _paint_cell(self, item: CellItem, force: bool = False) -> bool:
        """Bring one cell's fill, label and tooltip up to date; True if it changed."""
        figures = self._figures.get(item.grid_id)
        layer = self.layer
        bucket = self._scale.bucket(layer_value(layer, figures)) if figures else None
        if layer is MapLayer.CLOSURE and not self.closure_read:
            bucket = None
        text = style.value_text(layer, figures)
        selected = item.grid_id == self._selected
        if not force and (bucket, text, selected) == (item.bucket, item.label.value,
                                                     item.selected):
            return False
        look = self._swatch(bucket)
        item.bucket, item.selected = bucket, selected
        item.setBrush(QBrush(look.fill))
        pen = QPen(self._palette.selected if selected else self._palette.border,
                   3.0 if selected else 1.0)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        item.set_outline(pen)
        item.setZValue(Z_SELECTED if selected else Z_CELL)
        item.label.set_value(text, look.text)
        return True

    def apply_figures(self, figures: dict[int, CellFigures]) -> None:
        """Take new figures; repaint only the cells whose look changed (``repainted``)
        and renew only the tooltips whose figures changed."""
        old = self._figures
        if self._closure is not None:
            figures = self._app.grid_map.with_closure(figures, self._closure)
        self._figures = figures
        scale = scale_for(self.layer, figures.values())
        rescaled = scale != self._scale
        self._scale = scale
        self.repainted = set()
        for gid, item in self._cells.items():
            if self._paint_cell(item, force=False):
                self.repainted.add(item.cell.code)
            if figures.get(gid) != old.get(gid):
                cell = item.cell
                item.setToolTip(style.tooltip(cell.code, _place(cell), figures.get(gid),
                                              self.closure_read))
        self._apply_case_markers()
        if rescaled:
            self._update_legend()

    def _apply_case_markers(self) -> None:
        cells = [i.cell for i in self._cells.values()]
        wanted = {m.grid_id: m for m in case_markers(cells, self._figures)}
        for gid in list(self._case_markers):
            if gid not in wanted:
                self._scene.removeItem(self._case_markers.pop(gid))
        for gid, marker in wanted.items():
            item = self._case_markers.get(gid)
            if item is None:
                item = CaseMarkerItem(gid)
                item.set_compact(self._compact)
                item.set_colors(self._palette.marker_fill, self._palette.marker_text,
                                self._palette.overdue_ring)
                item.setPos(self._projection.point(marker.point))
                item.setVisible(self._case_toggle.isChecked())
                self._scene.addItem(item)
                self._case_markers[gid] = item
            item.set_counts(marker.open_cases, marker.overdue_cases)
            item.setToolTip(style.case_marker_tooltip(
                self._cells[gid].cell.code, marker.open_cases, marker.overdue_cases))

    def _apply_hazard_markers(self, markers: list[HazardMarker]) -> None:
        self._hazard_layer.set_markers(markers, self._projection)

    def _color_hazard_markers(self) -> None:
        levels = hl.level_colors(self._theme)
        self._hazard_layer.set_colors({level: look.text for level, look in levels.items()},
                                      self._palette.background)

    def _update_legend(self) -> None:
        parts = []
        for text, fill in self.legend_entries():
            edge = self._palette.border.name()
            parts.append(
                f'<span style="background-color:{fill.name()}; color:{fill.name()}; '
                f'border:1px solid {edge};">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{text}')
        title = style.layer_names()[self.layer]
        self._legend.setText(f"<b>{title}</b>: " + " &nbsp; ".join(parts))

    def _update_status(self) -> None:
        parts = []
        code = self.selected_grid
        if code is not None:
            parts.append(self.tr("Board and registry show grid {code} only.").format(code=code))
        if not self._loaded:
            parts.append(self.tr("Reading figures…"))
        elif self.layer is MapLayer.CLOSURE and self._closure_at is None:
            parts.append(self.tr("Reading closure rates…"))
        elif self.layer is MapLayer.CLOSURE and self._closure_at is not None:
            parts.append(self.tr("Closure rates read at {time}.").format(
                time=clock_time(self._closure_at)))
        self._status.setText(" ".join(parts) or self.tr(
            "Click a cell to show its cases and hazards. Wheel or +/− zoom, drag pans."))

    # ---- slots -------------------------------------------------------------------------

    def _on_figures_read(self, data: MapData) -> None:
        self._apply_hazard_markers(data.hazard_markers)
        self.apply_figures(data.figures)
        self._loaded = True
        self._update_status()
        self.refreshed.emit()

    def _on_case_counts_read(self, counts: dict[int, tuple[int, int]]) -> None:
        """New open/overdue counts for the grids whose cases changed; the other cells
        keep theirs."""
        figures = dict(self._figures)
        for gid, (open_cases, overdue) in counts.items():
            old = figures.get(gid, CellFigures(gid))
            figures[gid] = replace(old, open_cases=open_cases, overdue_cases=overdue)
        self.apply_figures(figures)
        self.refreshed.emit()

    def _on_hazards_read(self, data: HazardData) -> None:
        figures = {gid: replace(f, hazards=data.counts.get(gid, (0, 0))[0],
                                top_score=data.counts.get(gid, (0, 0))[1])
                   for gid, f in self._figures.items()}
        self._apply_hazard_markers(data.markers)
        self.apply_figures(figures)
        self.refreshed.emit()

    def _on_closure_read(self, rates: dict[int, float | None]) -> None:
        self._closure = rates
        self._closure_at = self._app.clock.now()
        figures = self._figures
        self._figures = {}  # every tooltip gains its rate
        self.apply_figures(figures)
        self._update_status()
        self.closure_refreshed.emit()

    def _on_read_failed(self, message: str) -> None:
        self._status.setText(self.tr("The map could not read its figures: {error}").format(
            error=message))

    def _on_refresh_timer_timeout(self) -> None:
        service = self._app.grid_map
        if self._pending_cases:
            case_ids = sorted(self._pending_cases)
            self._pending_cases.clear()
            # The open and overdue counts of the grids these cases are in.
            self._work.start(lambda: service.case_counts(service.grids_of_cases(case_ids)),
                             self._on_case_counts_read, self._on_read_failed)
        if self._hazards_stale:
            self._hazards_stale = False
            self._work.start(
                lambda: HazardData(service.hazard_counts(), service.hazard_markers()),
                self._on_hazards_read, self._on_read_failed)

    def _on_layer_changed(self, _index: int) -> None:
        self._scale = scale_for(self.layer, self._figures.values())
        for item in self._cells.values():
            self._paint_cell(item, force=True)
        self._update_legend()
        self._update_status()

    def _on_case_toggle_toggled(self, checked: bool) -> None:
        for item in self._case_markers.values():
            item.setVisible(checked)

    def _on_hazard_toggle_toggled(self, checked: bool) -> None:
        self._hazard_layer.setVisible(checked)

    def _on_zoom_in_clicked(self) -> None:
        self._view.zoom_by(ZOOM_STEP)

    def _on_zoom_out_clicked(self) -> None:
        self._view.zoom_by(1 / ZOOM_STEP)

    def _on_clear_clicked(self) -> None:
        self.select_grid(None)
        self.grid_chosen.emit(None)

    def _on_view_zoomed(self) -> None:
        """Cells small on screen print their figure only (the code is in the tooltip), so
        labels and badges stay inside their cells."""
        heights = sorted(i.boundingRect().height() for i in self._cells.values())
        if not heights:
            return
        on_screen = heights[len(heights) // 2] * self._view.transform().m11()
        compact = on_screen < COMPACT_BELOW_PX
        if compact == self._compact:
            return
        self._compact = compact
        for item in self._cells.values():
            item.label.set_compact(compact)
        for marker in self._case_markers.values():
            marker.set_compact(compact)

    @property
    def compact(self) -> bool:
        return self._compact

    def _on_view_cell_clicked(self, grid_id: int) -> None:
        code: str | None = self._cells[grid_id].cell.code
        if grid_id == self._selected:
            code = None  # a second click on the chosen cell shows every grid again
        self.select_grid(code)
        self.grid_chosen.emit(code)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()

    def _retranslate(self) -> None:
        """Everything the map composes from data, in the new words: layer names, legend,
        status, the figures printed in the cells (hazard levels) and every tooltip."""
        for index, name in enumerate(style.layer_names().values()):
            self._layer.setItemText(index, name)
        for item in self._cells.values():
            self._paint_cell(item, force=True)
            item.setToolTip(style.tooltip(item.cell.code, _place(item.cell),
                                          self._figures.get(item.grid_id), self.closure_read))
        for gid, marker in self._case_markers.items():
            f = self._figures.get(gid)
            if f is not None:
                marker.setToolTip(style.case_marker_tooltip(
                    self._cells[gid].cell.code, f.open_cases, f.overdue_cases))
        self._update_legend()
        self._update_status()
