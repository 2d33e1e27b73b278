"""Which CRS a file's coordinates are in, and their transformation to WGS84 lon/lat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from console.core.errors import ValidationError
from console.territory.gcj02 import gcj02_to_wgs84, in_china
from console.territory.raw_features import SourceInfo

CrsKind = Literal["wgs84", "geographic", "projected", "gcj02"]

# The caller's values that mean GCJ-02, the offset coordinates of Chinese web maps.
GCJ02_NAMES = frozenset({"gcj02", "gcj-02", "gcj_02", "mars"})

_WGS84 = pyproj.CRS.from_epsg(4326)
_WGS84_AUTHORITIES = frozenset({("EPSG", "4326"), ("OGC", "CRS84")})

# Taiwan's main island and its near islands; web maps there are not offset.
_TAIWAN_BOX = (119.3, 21.8, 122.3, 25.4)

# A transformed file may stray this far (degrees) outside its CRS's area of use unremarked.
_AREA_OF_USE_MARGIN = 1.0


@dataclass(frozen=True)
class CrsChoice:
    """The CRS a file is read in and where that came from (for the import report)."""

    kind: CrsKind
    label: str
    origin: str
    crs: pyproj.CRS | None = None

    def describe(self) -> str:
        """One line for the report, e.g. ``EPSG:27700 OSGB36 / British National Grid (from
        x.prj), transformed to WGS84``."""
        action = "used as is" if self.kind == "wgs84" else "transformed to WGS84"
        return f"CRS {self.label} ({self.origin}), {action}"


def _label(crs: pyproj.CRS) -> str:
    authority = crs.to_authority()
    if authority is not None:
        return f"{authority[0]}:{authority[1]} {crs.name}"
    return crs.name


def _from_crs(crs: pyproj.CRS, origin: str) -> CrsChoice:
    """A choice for a pyproj CRS: WGS84, another geographic CRS or a projected one."""
    if crs.is_compound and crs.sub_crs_list:
        crs = crs.sub_crs_list[0]
    if crs.is_geographic:
        authority = crs.to_authority()
        is_wgs84 = (authority is not None and authority in _WGS84_AUTHORITIES) or crs.equals(
            _WGS84, ignore_axis_order=True)
        return CrsChoice("wgs84" if is_wgs84 else "geographic", _label(crs), origin, crs)
    if crs.is_projected:
        return CrsChoice("projected", _label(crs), origin, crs)
    raise ValidationError(f"{_label(crs)} ({origin}) is neither geographic nor projected; "
                          "the import needs 2-D coordinates", field="crs")


def parse_crs(text: str, origin: str = "given") -> CrsChoice:
    """A CRS from what a person typed: ``gcj02`` or anything pyproj accepts (EPSG:4549,
    a CRS name, WKT, a PROJ string)."""
    if text.strip().lower() in GCJ02_NAMES:
        return CrsChoice("gcj02", "GCJ-02 (Chinese web map offset coordinates)", origin)
    try:
        crs = pyproj.CRS.from_user_input(text.strip())
    except CRSError as error:
        raise ValidationError(f"{text!r} is not a CRS the import knows ({error}); give an EPSG "
                              "code such as EPSG:4549, or gcj02", field="crs") from error
    return _from_crs(crs, origin)


def _from_prj(text: str, origin: str) -> CrsChoice:
    """The CRS of a .prj (ESRI WKT), as its EPSG equivalent when pyproj is confident."""
    try:
        crs = pyproj.CRS.from_wkt(text)
    except CRSError:
        try:
            crs = pyproj.CRS.from_user_input(text)
        except CRSError as error:
            raise ValidationError(f"{origin}: not a CRS pyproj can read ({error}); give the "
                                  "CRS instead", field="crs") from error
    code = crs.to_epsg()
    if code is not None:
        crs = pyproj.CRS.from_epsg(code)
    return _from_crs(crs, f"from {origin}")


def choose_crs(source: SourceInfo, requested: str | None) -> CrsChoice:
    """The CRS of a file: the caller's wins, then the .prj, then GeoJSON's crs, else WGS84.
    ValidationError, naming the file, for a CRS pyproj cannot read."""
    try:
        return _choose_crs(source, requested)
    except ValidationError as error:
        raise ValidationError(f"{source.name}: {error}", field="crs") from error


def _choose_crs(source: SourceInfo, requested: str | None) -> CrsChoice:
    if requested:
        return parse_crs(requested, "given")
    if source.crs_text:
        origin = source.crs_origin or "the file"
        if source.format == "geojson":
            return parse_crs(source.crs_text, f"from the {origin}")
        return _from_prj(source.crs_text, origin)
    return CrsChoice("wgs84", "WGS 84 lon/lat", "assumed: the file names no CRS", _WGS84)


def _max_abs(bounds: npt.NDArray[np.float64]) -> float:
    return float(np.nanmax(np.abs(bounds))) if np.isfinite(bounds).any() else 0.0


def _outside_globe(bounds: npt.NDArray[np.float64]) -> bool:
    west, south, east, north = (float(value) for value in bounds)
    return west < -180.0 or east > 180.0 or south < -90.0 or north > 90.0


def _check_source(name: str, choice: CrsChoice, bounds: npt.NDArray[np.float64]) -> None:
    """Refuse coordinates that cannot be in the claimed CRS (metres read as degrees)."""
    if not np.isfinite(bounds).all():
        return
    largest = _max_abs(bounds)
    west, south, east, north = (float(value) for value in bounds)
    if (choice.kind != "projected" and _outside_globe(bounds) and -90 <= west <= east <= 90
            and -180 <= south <= north <= 180):
        raise ValidationError(
            f"{name}: the coordinates look like latitude, longitude (latitude first, up to "
            f"{largest:.4g}), but lon/lat order is expected; swap the columns", field="crs")
    if choice.kind != "projected" and _outside_globe(bounds):
        claim = ("claims geographic degrees" if not choice.origin.startswith("assumed")
                 else "names no CRS, so WGS84 degrees were assumed")
        raise ValidationError(
            f"{name}: coordinates up to {largest:.0f} look like metres, but the file {claim} "
            f"({choice.label}, {choice.origin}); give the file's CRS with --crs "
            "(e.g. EPSG:4549 for CGCS2000 3-degree zone CM 120E)", field="crs")
    if choice.kind == "projected" and not _outside_globe(bounds):
        raise ValidationError(
            f"{name}: coordinates up to {largest:.4g} look like lon/lat degrees, but "
            f"{choice.label} ({choice.origin}) is projected in metres; give the right CRS",
            field="crs")


def _in_mainland_china(bounds: npt.NDArray[np.float64]) -> bool:
    """Whether a file lies in China's box but not on Taiwan, where web maps use WGS84."""
    west, south, east, north = (float(value) for value in bounds)
    if not in_china([west, east], [south, north]).all():
        return False
    t_west, t_south, t_east, t_north = _TAIWAN_BOX
    return not (west >= t_west and east <= t_east and south >= t_south and north <= t_north)


def _transformer(choice: CrsChoice) -> pyproj.Transformer:
    assert choice.crs is not None
    return pyproj.Transformer.from_crs(choice.crs, _WGS84, always_xy=True)


def to_wgs84(name: str, geometries: Sequence[BaseGeometry | None],
             choice: CrsChoice) -> tuple[list[BaseGeometry | None], list[str]]:
    """The geometries in WGS84 lon/lat, and notes for the report.

    Raises ValidationError naming the file when the coordinates cannot be in the claimed
    CRS: metres read as degrees, degrees read as metres, or a transformation that leaves
    the globe.
    """
    array = np.empty(len(geometries), dtype=object)
    array[:] = list(geometries)
    present = array[~shapely.is_missing(array)]
    if len(present) == 0:
        return list(array), []
    bounds = shapely.total_bounds(present)
    _check_source(name, choice, bounds)
    notes: list[str] = []
    if choice.kind == "wgs84":
        if choice.origin.startswith("assumed") and _in_mainland_china(bounds):
            notes.append(f"{name}: the coordinates are in mainland China; if the file comes "
                         "from a Chinese web map (Amap, Tencent) they are GCJ-02: give "
                         "--crs gcj02")
        return list(array), notes
    if choice.kind == "gcj02":
        if not in_china(bounds[[0, 2]], bounds[[1, 3]]).any():
            notes.append(f"{name}: the file lies outside China, where GCJ-02 equals WGS84")

        def move(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])
    else:
        transformer = _transformer(choice)

        def move(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])

    moved = shapely.transform(array, move)
    result = moved[~shapely.is_missing(moved)]
    coords = shapely.get_coordinates(result)
    if not np.isfinite(coords).all() or _outside_globe(shapely.total_bounds(result)):
        raise ValidationError(
            f"{name}: the coordinates do not fit {choice.label} ({choice.origin}): they "
            "transform to places off the globe; give the file's CRS with --crs", field="crs")
    notes.extend(_area_of_use_notes(name, choice, shapely.total_bounds(result)))
    return list(moved), notes


def _area_of_use_notes(name: str, choice: CrsChoice,
                       bounds: npt.NDArray[np.float64]) -> list[str]:
    area = choice.crs.area_of_use if choice.crs is not None else None
    if area is None:
        return []
    margin = _AREA_OF_USE_MARGIN
    west, south, east, north = (float(value) for value in bounds)
    if (west < area.west - margin or east > area.east + margin or south < area.south - margin
            or north > area.north + margin):
        return [f"{name}: the data lies outside the area {choice.label} is meant for "
                f"({area.name}); check the CRS"]
    return []
