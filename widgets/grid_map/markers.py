"""The map's markers: a badge of open cases per cell, and every hazard in one layer."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from console.hazards.domain import RiskLevel
from console.territory.grid_map import CaseMarker, HazardMarker
from widgets.grid_map.geometry import DistrictGeometry, Projection

# Hazard markers lie under the cells' labels: the figures must stay readable.
Z_HAZARD, Z_CASE = 2.0, 4.0


class CaseBadgeLayer(QGraphicsItem):
    """Every cell's badge in one item: how many cases are open there (ringed if some are
    overdue), under the cell's label, the same size at any zoom. A badge is drawn only on
    a cell big enough on screen to hold it: at a city's scale the colours say it, and ten
    thousand badges would bury the map (and cost an item each)."""

    # (radius, pixels below the centroid): under a two-line label, or a one-line one.
    FULL = (9.0, 24.0)
    COMPACT = (7.0, 15.0)
    MIN_PX = 40.0  # a cell narrower or shorter than this on screen shows no badge

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(Z_CASE)
        self.geometry: DistrictGeometry | None = None
        self._markers: dict[int, CaseMarker] = {}
        self._rect = QRectF()
        self._colors: tuple[QColor, QColor, QColor] = (QColor(), QColor(), QColor())
        self._font = QFont()
        self._font.setPointSizeF(max(6.5, self._font.pointSizeF() - 2))
        self._font.setBold(True)
        self._metrics = QFontMetrics(self._font)
        self._radius, self._offset = self.FULL
        # The cells whose badges the last paint drew.
        self.last_drawn: list[int] = []

    def set_geometry(self, geometry: DistrictGeometry | None) -> None:
        self.prepareGeometryChange()
        self.geometry = geometry
        self._markers = {}
        rect = geometry.rect if geometry is not None else QRectF()
        self._rect = rect.adjusted(-1, -1, 1, 1)
        self.update()

    @property
    def markers(self) -> list[CaseMarker]:
        return list(self._markers.values())

    def set_markers(self, grid_ids: Iterable[int], markers: list[CaseMarker]) -> None:
        """The badges of ``grid_ids`` now: ``markers`` (a cell of those without one has
        no open case); each cell whose badge changed is drawn again."""
        wanted = {m.grid_id: m for m in markers}
        geometry = self.geometry
        for gid in grid_ids:
            marker = wanted.get(gid)
            if self._markers.get(gid) == marker:
                continue
            if marker is None:
                self._markers.pop(gid, None)
            else:
                self._markers[gid] = marker
            shape = geometry.by_id.get(gid) if geometry is not None else None
            if shape is not None:
                w, h = shape.rect.width() / 2, shape.rect.height() / 2
                self.update(shape.rect.adjusted(-w, -h, w, h))

    def set_compact(self, compact: bool) -> None:
        shape = self.COMPACT if compact else self.FULL
        if shape != (self._radius, self._offset):
            self._radius, self._offset = shape
            self.update()

    def set_colors(self, fill: QColor, text: QColor, ring: QColor) -> None:
        self._colors = (fill, text, ring)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def _badges(self, rect: QRectF, world: QTransform) -> list[tuple[CaseMarker, QRectF]]:
        """The badges drawn over ``rect`` (scene), each with its rectangle in pixels."""
        geometry = self.geometry
        scale = world.m11()
        if geometry is None or scale <= 0 or not self._markers \
                or geometry.median_height * scale * 4 < self.MIN_PX:
            return []
        least = self.MIN_PX / scale
        radius = self._radius
        out = []
        for shape in geometry.index.in_rect(rect):
            marker = self._markers.get(shape.cell.id)
            if marker is None or shape.rect.width() < least or shape.rect.height() < least:
                continue
            centre = world.map(shape.label_point)
            width = max(2 * radius, self._metrics.horizontalAdvance(_count(marker)) + 8)
            out.append((marker, QRectF(centre.x() - width / 2,
                                       centre.y() + self._offset - radius, width, 2 * radius)))
        return out

    def marker_at(self, scene_pos: QPointF, world: QTransform) -> CaseMarker | None:
        """The badge drawn under ``scene_pos``, if any."""
        reach = 60.0 / (world.m11() or 1.0)
        near = QRectF(scene_pos.x() - reach, scene_pos.y() - reach, 2 * reach, 2 * reach)
        pixel = world.map(scene_pos)
        for marker, rect in self._badges(near, world):
            if rect.adjusted(-2, -2, 2, 2).contains(pixel):
                return marker
        return None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        badges = self._badges(option.exposedRect, painter.worldTransform())
        self.last_drawn = [m.grid_id for m, _ in badges]
        if not badges:
            return
        fill, text, ring = self._colors
        radius = self._radius
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        plain, ringed = QPen(fill, 1), QPen(ring, 2.5)
        for marker, rect in badges:
            painter.setPen(ringed if marker.overdue_cases else plain)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, radius, radius)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _count(marker))
        painter.restore()


def _count(marker: CaseMarker) -> str:
    n = marker.open_cases
    return str(n) if n < 1000 else f"{n // 1000}k"


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


