"""GCJ-02 ("Mars") coordinates of Chinese web maps to and from WGS84, vectorised with numpy."""

# GCJ-02 is WGS84 plus an obfuscating offset of a few hundred metres inside China. The
# forward formula is the one published in every open implementation (eviltransform,
# coordtransform); the inverse has no closed form and is found by fixed-point iteration,
# which converges to well under a millimetre in a few steps. Outside China's rough bounding
# box GCJ-02 equals WGS84.

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Krasovsky 1940, the ellipsoid the published formula uses.
_A = 6378245.0
_EE = 0.00669342162296594323

# The rough box the published formula treats as China (lon 72.004–137.8347, lat 0.8293–55.8271).
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)

# Iteration stops when the forward image is this close to the target (about 1 mm).
_INVERSE_TOLERANCE_DEG = 1e-8
_INVERSE_MAX_STEPS = 30


def in_china(lon: npt.ArrayLike, lat: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Where the offset applies: inside the rough bounding box of China."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    west, south, east, north = CHINA_BOX
    return (x >= west) & (x <= east) & (y >= south) & (y <= north)


def _offset(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 offset in degrees (dlon, dlat) at WGS84 ``lon``, ``lat``."""
    x, y = lon - 105.0, lat - 35.0
    wave = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += wave
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += wave
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(radlat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 lon/lat of WGS84 points (the published forward formula)."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _offset(x, y)
    inside = in_china(x, y)
    return np.where(inside, x + dlon, x), np.where(inside, y + dlat, y)


def gcj02_to_wgs84(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS84 lon/lat of GCJ-02 points: the forward formula inverted by iteration."""
    gx, gy = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside = in_china(gx, gy)
    dlon, dlat = _offset(gx, gy)
    x, y = gx - dlon, gy - dlat
    for _ in range(_INVERSE_MAX_STEPS):
        fx, fy = _offset(x, y)
        ex, ey = x + fx - gx, y + fy - gy
        x, y = x - ex, y - ey
        if max(float(np.max(np.abs(ex), initial=0.0)),
               float(np.max(np.abs(ey), initial=0.0))) < _INVERSE_TOLERANCE_DEG:
            break
    return np.where(inside, x, gx), np.where(inside, y, gy)
