"""A point on the territory (``LonLat``, read in WGS84 or GCJ-02) and the refusal of one
outside it; which grid holds it is ``locator``'s.

A duty officer (or a hotline's system, or a CSV import) gives a longitude and latitude; the
grid comes from the grid's whole shape (every part, holes kept), found through a shapely
STRtree: a city's ten thousand cells cost a tree query and one exact test, well under a
millisecond a point. A point outside every cell is refused with the nearest grid and its
distance on the ellipsoid ("outside the territory (nearest grid XH-07, 340 m)"), so the
person can tell a typo from a place just over the border.

Coordinates from Chinese web maps are GCJ-02; ``to_wgs84`` turns them into WGS84 first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from console.core.domain import GridRef
from console.core.errors import ValidationError


class Datum(StrEnum):
    """What the coordinates someone typed or sent are in."""

    WGS84 = "wgs84"  # GPS, OpenStreetMap, the territory's own files
    GCJ02 = "gcj02"  # Chinese web maps (Amap/Gaode, Tencent); Baidu's BD-09 is not taken


@dataclass(frozen=True, slots=True)
class LonLat:
    """A WGS84 point, checked to be on Earth."""

    lon: float
    lat: float

    def text(self) -> str:
        return f"{self.lon:.6f}, {self.lat:.6f}"


def parse_datum(value: str | Datum) -> Datum:
    try:
        return Datum(str(value).strip().lower().replace("-", ""))
    except ValueError:
        raise ValidationError(
            f"Unknown coordinate system {value!r}: use wgs84 (GPS, OpenStreetMap) or gcj02 "
            "(Chinese web maps).", "crs") from None


def to_wgs84(lon: float | str, lat: float | str, datum: str | Datum = Datum.WGS84) -> LonLat:
    """A checked WGS84 point from numbers (or text) in ``datum``."""
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValidationError(
            f"Coordinates ({lon!r}, {lat!r}) are not numbers.", "lon") from None
    if not (math.isfinite(x) and math.isfinite(y)) or not (-180 <= x <= 180 and -90 <= y <= 90):
        raise ValidationError(
            f"({x}, {y}) is not on Earth: longitude -180..180, latitude -90..90 "
            "(longitude first).", "lon")
    if parse_datum(datum) is Datum.GCJ02:
        import numpy as np  # with the first GCJ-02 point, not with the console

        from console.territory.gcj02 import gcj02_to_wgs84

        wx, wy = gcj02_to_wgs84(np.array([x]), np.array([y]))
        x, y = float(wx[0]), float(wy[0])
    return LonLat(x, y)


def format_distance(metres: float) -> str:
    """``340 m``, ``1.2 km``, ``35 km``."""
    if metres < 1000:
        return f"{metres:.0f} m"
    if metres < 10_000:
        return f"{metres / 1000:.1f} km"
    return f"{metres / 1000:.0f} km"


class OutsideTerritory(ValidationError):
    """The point lies in no grid of the territory; ``nearest`` and ``metres`` say where
    the territory is (``nearest`` is None when the territory has no grids)."""

    def __init__(self, point: LonLat, nearest: GridRef | None, metres: float) -> None:
        where = (f"nearest grid {nearest.code}, {format_distance(metres)}"
                 if nearest is not None else "the territory has no grids yet")
        super().__init__(f"({point.text()}) is outside the territory ({where}).", "lon")
        self.point = point
        self.nearest = nearest
        self.metres = metres
