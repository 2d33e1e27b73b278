"""Areas and lengths on the WGS84 ellipsoid, in square metres and metres."""

from __future__ import annotations

import pyproj
from shapely.geometry.base import BaseGeometry

_GEOD = pyproj.Geod(ellps="WGS84")


def area_perimeter(geometry: BaseGeometry) -> tuple[float, float]:
    """Geodesic area (m², always positive) and perimeter (m) of a lon/lat geometry."""
    area, perimeter = _GEOD.geometry_area_perimeter(geometry)
    return abs(area), perimeter


def area_m2(geometry: BaseGeometry) -> float:
    """Geodesic area of a lon/lat geometry in m², whatever its ring orientation."""
    return area_perimeter(geometry)[0]


def format_m2(value: float) -> str:
    """An area for the report: ``0.42 m²``, ``1,234 m²``, ``12.5 ha``, ``3.2 km²``."""
    if value < 10:
        return f"{value:.2f} m²"
    if value < 100_000:
        return f"{value:,.0f} m²"
    if value < 10_000_000:
        return f"{value / 10_000:,.1f} ha"
    return f"{value / 1_000_000:,.1f} km²"
