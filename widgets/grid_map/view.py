"""The grid map's view: the cell layer painted (and cached) as its background, zoom, pan,
fit, a click on a cell, the hovered cell's outline and the tooltips."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QToolTip,
    QWidget,
)

from widgets.grid_map import style
from widgets.grid_map.basemap import TileLayer
from widgets.grid_map.cells import Z_HOVER, CellLayer, CellOutline
from widgets.grid_map.geometry import CellShape
from widgets.grid_map.markers import CaseBadgeLayer, HazardLayer
from widgets.grid_map.points import Cluster, PointLayer

ZOOM_STEP = 1.25
MAX_ZOOM = 40.0  # relative to the whole district fitting the view
MIN_ZOOM = 0.5


class GridMapView(QGraphicsView):
    """Wheel and +/- zoom, drag to pan, a click (press and release in place) on a cell.

    The cells are the background (``CellLayer``), cached by the view: panning paints only
    the strip that comes into view, a recoloured cell only its own rectangle
    (``invalidate_cells``); a zoom or a new look for every cell paints them all again.

    Under the cells, the basemap's tiles (``tiles``), drawn into the same cached
    background; over them the positioned markers (``points``).

    Signals:
        cell_clicked(int): the id of the grid clicked.
        marker_clicked(object): the ``Cluster`` of a case, alert or team marker clicked.
        place_clicked(QPointF): in place mode, the scene point clicked (the new-case
            dialog's "place on the map").
        zoomed(): the scale changed (a zoom, a fit, a resize that fitted again).
    """

    cell_clicked = Signal(int)
    marker_clicked = Signal(object)
    place_clicked = Signal(QPointF)
    zoomed = Signal()

    def __init__(self, scene: QGraphicsScene, cells: CellLayer,
                 parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # Before any setter below: setting up sends the viewport events already.
        self._press: QPoint | None = None
        self._fit_scale = 1.0
        self.auto_fit = True
        self.district_rect = QRectF()  # what "fit" shows: the cells, markers aside
        self.cells = cells
        self.hazard_layer: HazardLayer | None = None
        self.badges: CaseBadgeLayer | None = None
        self.points: PointLayer | None = None
        self.tiles = TileLayer(self._tile_arrived, self)
        # A click places a point (the new-case dialog) instead of choosing a cell.
        self.place_mode = False
        # The words for a positioned marker's tooltip (set by the panel).
        self.marker_tooltip: Callable[[Cluster], str] | None = None
        # The words for a cell's tooltip (set by the panel, which knows the figures).
        self.cell_tooltip: Callable[[CellShape], str] | None = None
        self.hover = CellOutline(Z_HOVER)
        scene.addItem(self.hover)
        self.setObjectName("gridMapView")
        self.setAccessibleName(self.tr("Grid map"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        # Drag pans; scroll bars would only take room from a small dock.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # ---- the cell layer ------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        self.tiles.paint(painter, QRectF(rect))
        self.cells.paint(painter, QRectF(rect))

    def _tile_arrived(self, rect: QRectF) -> None:
        self.invalidateScene(rect, QGraphicsScene.SceneLayer.BackgroundLayer)

    def invalidate_cells(self, shapes: list[CellShape]) -> None:
        """Paint these cells again (and whatever their rectangles touch), nothing else."""
        scale = self.transform().m11() or 1.0
        pad = 2.0 / scale  # the outline reaches a pixel past the polygon
        for shape in shapes:
            self.invalidateScene(shape.rect.adjusted(-pad, -pad, pad, pad),
                                 QGraphicsScene.SceneLayer.BackgroundLayer)

    def invalidate_all_cells(self) -> None:
        self.resetCachedContent()
        self.viewport().update()

    def cell_at(self, pos: QPoint) -> CellShape | None:
        """The cell under a viewport position (through labels and markers)."""
        geometry = self.cells.geometry
        return geometry.index.at(self.mapToScene(pos)) if geometry is not None else None

    # ---- zoom and fit --------------------------------------------------------------------

    def fit_district(self) -> None:
        rect = self.district_rect
        if rect.isEmpty():
            return
        margin = max(rect.width(), rect.height()) * 0.03
        self.fitInView(rect.adjusted(-margin, -margin, margin, margin),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.transform().m11() or 1.0
        self.zoomed.emit()

    def zoom_at(self, scene_point: QPointF, factor: float) -> None:
        """Zoom in by ``factor`` with ``scene_point`` in the middle of the view."""
        self.zoom_by(factor)
        self.centerOn(scene_point)

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

    # ---- events --------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        """A tooltip over a hazard marker names the hazard; over a case badge it counts the
        cases; elsewhere it gives the cell's figures."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            point = self.marker_at(pos)
            if point is not None and self.marker_tooltip is not None:
                QToolTip.showText(event.globalPos(), self.marker_tooltip(point),
                                  self.viewport())
                return True
            layer = self.hazard_layer
            if layer is not None and layer.isVisible():
                marker = layer.marker_at(self.mapToScene(pos), self.transform().m11())
                if marker is not None:
                    QToolTip.showText(event.globalPos(), style.hazard_marker_tooltip(
                        marker.code, marker.name, marker.level, marker.score),
                        self.viewport())
                    return True
            text = self._badge_tooltip(pos)
            if text is not None:
                QToolTip.showText(event.globalPos(), text, self.viewport())
                return True
            shape = self.cell_at(pos)
            if shape is not None and self.cell_tooltip is not None:
                QToolTip.showText(event.globalPos(), self.cell_tooltip(shape),
                                  self.viewport())
                return True
        return super().viewportEvent(event)

    def marker_at(self, pos: QPoint) -> Cluster | None:
        """The case, alert or team marker drawn under a viewport position."""
        points = self.points
        if points is None or not points.isVisible():
            return None
        return points.marker_at(self.mapToScene(pos), self.transform().m11())

    def _badge_tooltip(self, pos: QPoint) -> str | None:
        """The words for the case badge under ``pos``, if one is drawn there."""
        badges, geometry = self.badges, self.cells.geometry
        if badges is None or not badges.isVisible() or geometry is None:
            return None
        badge = badges.marker_at(self.mapToScene(pos), self.transform())
        shape = geometry.by_id.get(badge.grid_id) if badge is not None else None
        if badge is None or shape is None:
            return None
        return style.case_marker_tooltip(shape.cell.code, badge.open_cases,
                                         badge.overdue_cases)

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

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """The cell under the mouse gets a thicker outline."""
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            self.hover.show_cell(self.cell_at(event.position().toPoint()))

    def leaveEvent(self, event: QEvent) -> None:
        self.hover.show_cell(None)
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        if (pos - press).manhattanLength() >= QApplication.startDragDistance():
            return  # a drag: the view panned
        if self.place_mode:
            self.place_clicked.emit(self.mapToScene(pos))
            return
        marker = self.marker_at(pos)
        if marker is not None:
            self.marker_clicked.emit(marker)
            return
        shape = self.cell_at(pos)
        if shape is not None:
            self.cell_clicked.emit(shape.grid_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit_district()
