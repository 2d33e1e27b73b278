"""One feature's geometry made into a valid, counter-clockwise WGS84 multipolygon."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient


@dataclass(frozen=True)
class ShapeResult:
    """The cleaned shape, or why there is none; ``repairs`` says what was changed."""

    geometry: MultiPolygon | None
    rejection: str | None = None
    repairs: tuple[str, ...] = ()


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons of any geometry (parts of collections included)."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon):
        return [part for part in geometry.geoms if not part.is_empty]
    parts = getattr(geometry, "geoms", ())
    return [polygon for part in parts for polygon in _polygons(part)]


def as_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """The polygons of ``geometry`` as one multipolygon with CCW exteriors, CW holes."""
    return MultiPolygon([orient(polygon, sign=1.0) for polygon in _polygons(geometry)])


def clean_shape(geometry: BaseGeometry | None) -> ShapeResult:
    """A valid polygonal shape, repaired with make_valid if needed, or the rejection."""
    if geometry is None or geometry.is_empty:
        return ShapeResult(None, "empty geometry")
    kind = geometry.geom_type
    repairs: list[str] = []
    if kind not in ("Polygon", "MultiPolygon"):
        polygons = _polygons(geometry)
        if not polygons:
            return ShapeResult(None, f"not a polygon ({kind})")
        dropped = len(getattr(geometry, "geoms", ())) - len(polygons)
        repairs.append(f"{dropped} non-polygon parts of a {kind} dropped")
        geometry = MultiPolygon(polygons)
    if not shapely.is_valid(geometry):
        reason = shapely.is_valid_reason(geometry)
        before = geometry.area
        fixed = _polygons(shapely.make_valid(geometry))
        if not fixed:
            return ShapeResult(None, f"invalid geometry ({reason}) with no area left after "
                                     "repair")
        geometry = MultiPolygon(fixed)
        change = (geometry.area - before) / before * 100 if before else 0.0
        repairs.append(f"invalid geometry repaired ({reason}); area changed by {change:+.2f}%")
    result = as_multipolygon(geometry)
    if result.is_empty:
        return ShapeResult(None, "empty geometry")
    return ShapeResult(result, None, tuple(repairs))
