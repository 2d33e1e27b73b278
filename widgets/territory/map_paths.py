"""Area shapes as painter paths in a local projection: north up, not stretched."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

# Metres in one degree of latitude (the mean; good to 0.5 % anywhere, enough for a scale bar).
METRES_PER_DEGREE = 111_195.0


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular around a middle point: x = (lon − lon₀)·cos(lat₀), y = lat − lat₀.

    One unit is one degree of latitude on both axes, so a square block stays square at
    any latitude (a plain lon/lat plot stretches Taipei's grids by 10 %, Harbin's by 40 %).
    y grows northwards; the painter flips it so that north is up.
    """

    lon0: float
    lat0: float
    kx: float

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float]) -> LocalProjection:
        """The projection centred on ``(min lon, min lat, max lon, max lat)``."""
        west, south, east, north = bounds
        lat0 = (south + north) / 2
        return cls((west + east) / 2, lat0, math.cos(math.radians(lat0)))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx, lat - self.lat0

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self.kx, self.lat0 + y

    @staticmethod
    def metres(units: float) -> float:
        """A length in projected units as metres (near the middle latitude)."""
        return units * METRES_PER_DEGREE


def bounds_of(geometries: Iterable[BaseGeometry]) -> tuple[float, float, float, float] | None:
    """The lon/lat box holding every geometry, or None when there is none."""
    boxes = [g.bounds for g in geometries if g is not None and not g.is_empty]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _ring(coords: BaseGeometry, projection: LocalProjection) -> QPolygonF:
    points = shapely.get_coordinates(coords)
    xs = (points[:, 0] - projection.lon0) * projection.kx
    ys = points[:, 1] - projection.lat0
    return QPolygonF([QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)])


def shape_path(geometry: BaseGeometry, projection: LocalProjection) -> QPainterPath:
    """Every part and every hole of a (Multi)Polygon as one path (odd-even fill, so holes
    stay open), in projected units."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    parts: list[Polygon] = (list(geometry.geoms) if isinstance(geometry, MultiPolygon)
                            else [geometry] if isinstance(geometry, Polygon) else [])
    for part in parts:
        if part.is_empty:
            continue
        for ring in (part.exterior, *part.interiors):
            path.addPolygon(_ring(ring, projection))
            path.closeSubpath()
    return path


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ metres not over ``metres`` (a scale bar's length)."""
    if metres <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return float(step * power)
    return float(power)


def length_text(metres: float) -> str:
    """``500 m``, ``2 km``."""
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
