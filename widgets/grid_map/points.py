"""Markers at positions: open cases reported with a point, open alerts, teams' bases.

Cases and alerts are clustered on screen: points closer than ``CLUSTER_PX`` pixels at
the current zoom become one disc with their count (in the colour of the worst among
them), so ten thousand cases read as a handful of numbers at the district's scale and
come apart as the officer zooms in. The clusters are worked out once per zoom step with
numpy (a bucket per square of ``CLUSTER_PX`` pixels), not per paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from console.territory.grid_map import AlertPoint, CasePoint, MapPoints, TeamBase
from widgets.grid_map.geometry import Projection

Z_POINTS = 5.0  # above the case badges and hazards
CLUSTER_PX = 34.0
PIN_PX = 6.0
PICK_PX = 10.0
Kind = Literal["case", "alert", "base"]


@dataclass(frozen=True, slots=True)
class Cluster:
    """One drawn marker: a single point (``members`` of one) or a cluster."""

    kind: Kind
    centre: QPointF  # scene
    members: tuple[int, ...]  # indexes into the layer's cases or alerts (or bases)
    worst: int  # case: severity 1 worst, raised by escalation; alert: severity rank


def _cluster(xy: np.ndarray, scale: float, cell: float) -> list[np.ndarray]:
    """Groups of row indexes whose points share a square of ``cell`` pixels."""
    if not len(xy):
        return []
    squares = np.floor(xy * scale / cell).astype(np.int64)
    keys = squares[:, 0] * 4_000_003 + squares[:, 1]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return np.split(order, starts[1:])


class PointLayer(QGraphicsItem):
    """Every positioned marker in one item, the same size at any zoom."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_POINTS)
        self.cases: list[CasePoint] = []
        self.alerts: list[AlertPoint] = []
        self.bases: list[TeamBase] = []
        self._xy: dict[Kind, np.ndarray] = {}
        self._rect = QRectF()
        self._clusters: list[Cluster] = []
        self._clusters_scale = 0.0
        self.show_cases = self.show_alerts = self.show_bases = True
        self._case_colours: dict[int, QColor] = {}
        self._alert_colour = QColor("#e0902a")
        self._base_colour = QColor("#4d8fd6")
        self._edge = QColor("#101418")
        self._text = QColor("#ffffff")
        self._font = QFont()
        self._font.setBold(True)
        self._font.setPointSizeF(max(7.0, self._font.pointSizeF() - 1.5))
        self.last_drawn = 0  # markers the last paint drew (clusters count once)

    def set_colors(self, cases: dict[int, QColor], alert: QColor, base: QColor,
                   edge: QColor, text: QColor) -> None:
        self._case_colours, self._alert_colour, self._base_colour = cases, alert, base
        self._edge, self._text = edge, text
        self.update()

    def set_points(self, points: MapPoints, projection: Projection) -> None:
        self.prepareGeometryChange()
        self.cases, self.alerts, self.bases = points.cases, points.alerts, points.bases
        self._xy = {}
        kinds: tuple[tuple[Kind, list[CasePoint] | list[AlertPoint] | list[TeamBase]], ...] \
            = (("case", points.cases), ("alert", points.alerts), ("base", points.bases))
        for kind, rows in kinds:
            lonlat = np.array([r.point for r in rows], dtype=np.float64).reshape(-1, 2)
            self._xy[kind] = projection.array(lonlat) if len(lonlat) else lonlat
        every = [xy for xy in self._xy.values() if len(xy)]
        if every:
            stacked = np.vstack(every)
            x0, y0 = stacked.min(axis=0)
            x1, y1 = stacked.max(axis=0)
            self._rect = QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
        else:
            self._rect = QRectF()
        self._clusters_scale = 0.0
        self.update()

    def set_visible_kinds(self, cases: bool, alerts: bool, bases: bool) -> None:
        self.show_cases, self.show_alerts, self.show_bases = cases, alerts, bases
        self._clusters_scale = 0.0
        self.update()

    def boundingRect(self) -> QRectF:
        # Markers reach a few dozen pixels past their points; a scene unit is a metre and
        # the map is never zoomed out to hundreds of metres per pixel within a district.
        return self._rect.adjusted(-3000, -3000, 3000, 3000) if not self._rect.isNull() \
            else QRectF()

    # ---- clusters ----------------------------------------------------------------------

    def clusters(self, scale: float) -> list[Cluster]:
        """The markers drawn at ``scale`` pixels per scene unit."""
        if scale == self._clusters_scale:
            return self._clusters
        out: list[Cluster] = []
        if self.show_bases:
            for i, xy in enumerate(self._xy.get("base", np.empty((0, 2))).tolist()):
                out.append(Cluster("base", QPointF(*xy), (i,), 0))
        shown_kinds: tuple[tuple[Kind, bool], ...] = (("alert", self.show_alerts),
                                                      ("case", self.show_cases))
        for kind, shown in shown_kinds:
            xy = self._xy.get(kind)
            if not shown or xy is None or not len(xy):
                continue
            if kind == "case":
                badness = np.array([c.severity - 2 * c.escalation_level for c in self.cases])
            else:
                badness = np.array([a.severity_rank for a in self.alerts])
            for group in _cluster(xy, scale, CLUSTER_PX):
                centre = xy[group].mean(axis=0)
                out.append(Cluster(kind, QPointF(float(centre[0]), float(centre[1])),
                                   tuple(int(i) for i in group.tolist()),
                                   int(badness[group].min())))
        self._clusters, self._clusters_scale = out, scale
        return out

    def marker_at(self, scene_pos: QPointF, scale: float) -> Cluster | None:
        """The marker drawn under ``scene_pos`` (cases over alerts over bases)."""
        reach = PICK_PX / (scale or 1.0)
        best: tuple[float, int, Cluster] | None = None
        order = {"case": 0, "alert": 1, "base": 2}
        for cluster in self.clusters(scale):
            dx, dy = cluster.centre.x() - scene_pos.x(), cluster.centre.y() - scene_pos.y()
            grow = 1.6 if len(cluster.members) > 1 else 1.0
            if abs(dx) <= reach * grow and abs(dy) <= reach * grow:
                key = (dx * dx + dy * dy, order[cluster.kind])
                if best is None or key < best[:2]:
                    best = (key[0], key[1], cluster)
        return best[2] if best is not None else None

    # ---- painting ----------------------------------------------------------------------

    def _case_colour(self, worst: int) -> QColor:
        return self._case_colours.get(max(1, min(4, worst)), self._case_colours.get(1,
                                                                                    QColor()))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        world = painter.worldTransform()
        scale = world.m11()
        clusters = self.clusters(scale)
        exposed = option.exposedRect
        margin = 2 * CLUSTER_PX / (scale or 1.0)
        area = exposed.adjusted(-margin, -margin, margin, margin)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        edge = QPen(self._edge, 1.5)
        drawn = 0
        for cluster in clusters:
            if not area.contains(cluster.centre):
                continue
            at = world.map(cluster.centre)
            drawn += 1
            count = len(cluster.members)
            if cluster.kind == "base":
                painter.setPen(edge)
                painter.setBrush(self._base_colour)
                painter.drawRect(QRectF(at.x() - 5, at.y() - 5, 10, 10))
                continue
            fill = self._case_colour(cluster.worst) if cluster.kind == "case" \
                else self._alert_colour
            painter.setPen(edge)
            painter.setBrush(fill)
            if count > 1:
                radius = 9.0 + min(9.0, 2.2 * len(str(count)))
                if cluster.kind == "alert":
                    painter.drawPolygon(_triangle(at, radius + 3))
                else:
                    painter.drawEllipse(at, radius, radius)
                painter.setPen(self._text)
                text = str(count) if count < 10_000 else f"{count // 1000}k"
                painter.drawText(QRectF(at.x() - radius, at.y() - radius + (3 if cluster.kind
                                                                          == "alert" else 0),
                                        2 * radius, 2 * radius),
                                 Qt.AlignmentFlag.AlignCenter, text)
            elif cluster.kind == "alert":
                painter.drawPolygon(_triangle(at, PIN_PX + 2))
            else:
                painter.drawEllipse(at, PIN_PX, PIN_PX)
        painter.restore()
        self.last_drawn = drawn


def _triangle(at: QPointF, size: float) -> QPolygonF:
    return QPolygonF([QPointF(at.x(), at.y() - size), QPointF(at.x() + size, at.y() + size * 0.8),
                      QPointF(at.x() - size, at.y() + size * 0.8)])
