"""A map of a few areas: an outline, its children, one highlighted, north up, to scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import QToolTip, QWidget
from shapely.geometry.base import BaseGeometry

from widgets.shell.theme import colors, current_theme
from widgets.territory.map_paths import (
    LocalProjection,
    bounds_of,
    length_text,
    nice_length,
    shape_path,
)

ItemKind = Literal["outline", "child", "selected"]
MARGIN = 14  # pixels around the drawing
LABEL_LIMIT = 80  # more children than this: names in tooltips only
MIN_SPAN = 1e-6  # projected units; a point-sized scene still gets a scale


@dataclass(frozen=True)
class MapItem:
    """One area on the map: its code, what the map writes on it, its WGS84 shape, and
    whether it is the frame (``outline``), one of the areas inside (``child``) or the
    chosen one (``selected``)."""

    code: str
    label: str
    geometry: BaseGeometry
    kind: ItemKind


@dataclass(frozen=True)
class _Drawn:
    item: MapItem
    path: QPainterPath
    anchor: QPointF  # where the label goes, projected


class AreaMap(QWidget):
    """Draws a handful of areas (every part and hole) in a local projection around their
    middle latitude, scaled to fit with the aspect kept, north up, with a scale bar.
    Hovering names an area; clicking one reports its code.

    Signals:
        area_clicked(str): the code of the child or selected area clicked.
    """

    area_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("areaMap")
        self.setMouseTracking(True)
        self.setMinimumSize(220, 180)
        self.setAccessibleName(self.tr("Map of the area"))
        self._drawn: list[_Drawn] = []
        self._projection: LocalProjection | None = None
        self._frame = QRectF()
        self._hover: str | None = None
        self._empty_text = self.tr("No shape to draw.")

    # ---- what is drawn -----------------------------------------------------------------

    def set_items(self, items: Sequence[MapItem], empty_text: str = "") -> None:
        """Draw ``items`` (outlines first, then children, the selected one on top)."""
        order = {"outline": 0, "child": 1, "selected": 2}
        ordered = sorted(items, key=lambda i: order[i.kind])
        bounds = bounds_of(i.geometry for i in ordered)
        self._hover = None
        self._empty_text = empty_text or self.tr("No shape to draw.")
        if bounds is None:
            self._drawn, self._projection, self._frame = [], None, QRectF()
            self.update()
            return
        projection = LocalProjection.around(bounds)
        drawn = []
        for item in ordered:
            if item.geometry is None or item.geometry.is_empty:
                continue
            point = item.geometry.representative_point()
            drawn.append(_Drawn(item, shape_path(item.geometry, projection),
                                QPointF(*projection.xy(point.x, point.y))))
        frame = QRectF()
        for d in drawn:
            frame = frame.united(d.path.boundingRect())
        self._drawn, self._projection, self._frame = drawn, projection, frame
        self.update()

    def codes(self, kind: ItemKind | None = None) -> list[str]:
        """The codes drawn (of one kind), bottom first: what tests and tooltips read."""
        return [d.item.code for d in self._drawn if kind is None or d.item.kind == kind]

    def transform(self) -> QTransform:
        """Projected units to widget pixels: scaled to fit, aspect kept, y flipped."""
        frame = self._frame
        width = max(frame.width(), MIN_SPAN)
        height = max(frame.height(), MIN_SPAN)
        scale = min((self.width() - 2 * MARGIN) / width, (self.height() - 2 * MARGIN) / height)
        scale = max(scale, 1e-9)
        centre = frame.center()
        t = QTransform()
        t.translate(self.width() / 2, self.height() / 2)
        t.scale(scale, -scale)
        t.translate(-centre.x(), -centre.y())
        return t

    def point_of(self, code: str) -> QPointF | None:
        """Where an area's label sits on the widget (a point inside it), if it is drawn."""
        for d in self._drawn:
            if d.item.code == code:
                return self.transform().map(d.anchor)
        return None

    # ---- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors(current_theme())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(c.base))
        if not self._drawn:
            painter.setPen(QColor(c.dim_text))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        t = self.transform()
        accent = QColor(c.accent)
        child_fill = QColor(c.accent)
        child_fill.setAlpha(28)
        hover_fill = QColor(c.accent)
        hover_fill.setAlpha(80)
        selected_fill = QColor(c.accent)
        selected_fill.setAlpha(120)
        painter.save()
        painter.setTransform(t)
        for d in self._drawn:
            kind = d.item.kind
            if kind == "outline":
                pen, brush = QPen(QColor(c.text), 2.0), QBrush(Qt.BrushStyle.NoBrush)
            elif kind == "selected":
                pen, brush = QPen(accent, 2.0), QBrush(selected_fill)
            else:
                hovered = d.item.code == self._hover
                pen = QPen(QColor(c.dim_text), 1.0)
                brush = QBrush(hover_fill if hovered else child_fill)
            pen.setCosmetic(True)  # one pixel wide, whatever the scale
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawPath(d.path)
        painter.restore()
        self._paint_labels(painter, t, QColor(c.text))
        self._paint_scale(painter, t, QColor(c.dim_text))

    def _paint_labels(self, painter: QPainter, t: QTransform, color: QColor) -> None:
        """Names where they fit inside their area and clear of the names already written:
        the selected area's first, then the larger areas before the smaller."""
        labelled = [d for d in self._drawn if d.item.kind != "outline" and d.item.label]
        if len(labelled) > LABEL_LIMIT:
            labelled = [d for d in labelled if d.item.kind == "selected"]
        labelled.sort(key=lambda d: (d.item.kind != "selected",
                                     -d.path.boundingRect().width()))
        metrics = QFontMetricsF(self.font())
        painter.setPen(color)
        taken: list[QRectF] = []
        for d in labelled:
            width = metrics.horizontalAdvance(d.item.label)
            room = t.mapRect(d.path.boundingRect()).width()
            if width > room and d.item.kind != "selected":
                continue
            at = t.map(d.anchor)
            box = QRectF(at.x() - width / 2, at.y() - metrics.height() / 2, width,
                         metrics.height()).adjusted(-2, -1, 2, 1)
            if any(box.intersects(other) for other in taken):
                continue
            taken.append(box)
            painter.drawText(QPointF(at.x() - width / 2, at.y() + metrics.ascent() / 2),
                             d.item.label)

    def _paint_scale(self, painter: QPainter, t: QTransform, color: QColor) -> None:
        """A scale bar about a fifth of the width, bottom left; N and an arrow top right."""
        pixels_per_unit = t.m11()
        if pixels_per_unit <= 0:
            return
        metres = nice_length(LocalProjection.metres(self.width() / 5 / pixels_per_unit))
        if metres <= 0:
            return
        length = metres / LocalProjection.metres(1) * pixels_per_unit
        x0, y0 = MARGIN, self.height() - MARGIN
        pen = QPen(color, 1.5)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y0), QPointF(x0 + length, y0))
        painter.drawLine(QPointF(x0, y0 - 4), QPointF(x0, y0))
        painter.drawLine(QPointF(x0 + length, y0 - 4), QPointF(x0 + length, y0))
        painter.drawText(QPointF(x0 + 4, y0 - 6), length_text(metres))
        nx, ny = self.width() - MARGIN - 6, MARGIN + 2
        painter.drawLine(QPointF(nx, ny + 22), QPointF(nx, ny + 8))
        painter.drawLine(QPointF(nx, ny + 8), QPointF(nx - 4, ny + 14))
        painter.drawLine(QPointF(nx, ny + 8), QPointF(nx + 4, ny + 14))
        painter.drawText(QPointF(nx - 4, ny + 4), "N")

    # ---- pointing ----------------------------------------------------------------------

    def code_at(self, pos: QPointF) -> str | None:
        """The child or selected area under a widget position (topmost first)."""
        if not self._drawn:
            return None
        inverse, invertible = self.transform().inverted()
        if not invertible:
            return None
        point = inverse.map(pos)
        for d in reversed(self._drawn):
            if d.item.kind != "outline" and d.path.contains(point):
                return d.item.code
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        code = self.code_at(event.position())
        if code != self._hover:
            self._hover = code
            self.update()
        label = next((d.item.label for d in self._drawn if d.item.code == code), "")
        if code is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{code} {label}".strip(), self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            code = self.code_at(event.position())
            if code is not None:
                self.area_clicked.emit(code)
        super().mouseReleaseEvent(event)
