"""Alert areas as feeds write them: CAP polygons and circles read and checked, and a
polygon's centroid (the grid cell they fall in: ``grid_locator``)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from console.alerts.feeds.records import BadValue

# A polygon with more points than this is not an area but an attack or a mistake.
MAX_POLYGON_POINTS = 100_000
KM_PER_DEGREE_LAT = 111.32  # near enough for a warning circle over a few grid cells
GRID_GEOCODE_NAMES = frozenset({"grid", "grid_code", "watchroom:grid"})


def _coordinate(text: str, what: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise BadValue(f"{what}: {text[:40]!r} is not a 'latitude,longitude' pair")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadValue(f"{what}: {text[:40]!r} is not a pair of numbers") from None
    return check_point(lat, lon, what)


def check_point(lat: float, lon: float, what: str) -> tuple[float, float]:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise BadValue(f"{what}: latitude and longitude must be numbers")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise BadValue(f"{what}: ({lat}, {lon}) is not on Earth "
                       "(latitude -90..90, longitude -180..180)")
    return lat, lon


def parse_polygon(text: str) -> tuple[tuple[float, float], ...]:
    """A CAP polygon: ``lat,lon lat,lon …``, at least three distinct points; closed here
    if the sender did not repeat the first point at the end."""
    pairs = text.split()
    if len(pairs) > MAX_POLYGON_POINTS:
        raise BadValue(f"polygon has {len(pairs)} points; at most {MAX_POLYGON_POINTS}")
    points = tuple(_coordinate(p, "polygon") for p in pairs)
    if len(set(points)) < 3:
        raise BadValue("polygon needs at least three different points")
    if points[0] != points[-1]:
        points = (*points, points[0])
    return points


def parse_circle(text: str) -> tuple[float, float, float]:
    """A CAP circle: ``lat,lon radius`` (radius in km)."""
    parts = text.split()
    if len(parts) != 2:
        raise BadValue(f"circle {text[:40]!r} is not 'latitude,longitude radius'")
    lat, lon = _coordinate(parts[0], "circle")
    try:
        radius = float(parts[1])
    except ValueError:
        raise BadValue(f"circle radius {parts[1][:20]!r} is not a number") from None
    if not math.isfinite(radius) or radius < 0:
        raise BadValue(f"circle radius {parts[1][:20]!r} must be 0 or more (km)")
    return lat, lon, radius


def centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The area centroid of a closed ring of (x, y) points; the mean of its points when
    the ring has no area (all points on a line)."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-12:
        ring = points[:-1] if len(points) > 1 and points[0] == points[-1] else points
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return cx / (3.0 * area2), cy / (3.0 * area2)
