"""Reading GIS files (GeoJSON, ESRI Shapefile, CSV with WKT) into raw features."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import shapely
from shapely.geometry import shape as shape_from_geojson
from shapely.geometry.base import BaseGeometry

from console.core.errors import ValidationError
from console.territory.raw_features import FileFormat, RawFeature, SourceInfo
from console.territory.shapefiles import read_shapefile, sibling

__all__ = ["WKT_COLUMNS", "RawFeature", "SourceInfo", "file_format", "read_features"]

# Column names a CSV's WKT geometry goes by, tried in this order (any letter case).
WKT_COLUMNS = ("wkt", "geometry", "geom", "the_geom", "shape", "wkt_geom")

_EXTENSIONS: dict[str, FileFormat] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".shp": "shapefile",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
}

_GEOMETRY_TYPES = frozenset({
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
    "GeometryCollection",
})


def file_format(path: Path) -> FileFormat:
    """The format of ``path`` by its extension; ValidationError for one we do not read."""
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise ValidationError(
            f"{path.name}: not a format the import reads (GeoJSON .geojson/.json, "
            "Shapefile .shp, CSV with a WKT column .csv)")
    return found


def read_features(path: Path, *, encoding: str | None = None,
                  geometry_column: str | None = None) -> tuple[SourceInfo, list[RawFeature]]:
    """The features of one GIS file and how it was read.

    ``encoding`` is used for a DBF without a .cpg and for CSV/GeoJSON text; without it the
    encoding is detected. ``geometry_column`` names a CSV's WKT column. Raises
    ValidationError (naming the file and the reason) for a missing or unreadable file;
    a feature whose geometry alone is broken comes back with ``problem`` set.
    """
    fmt = file_format(path)
    if not path.is_file():
        raise ValidationError(f"{path.name}: no such file ({path})")
    if fmt == "shapefile":
        return read_shapefile(path, encoding=encoding)
    text, used, reason = _decode(path, encoding)
    if fmt == "geojson":
        return _read_geojson(path, text, used, reason)
    return _read_csv(path, text, used, reason, geometry_column)


def _decode(path: Path, encoding: str | None) -> tuple[str, str, str]:
    """The text of a file, the codec and why: the caller's, else UTF-8, else GB18030."""
    data = path.read_bytes()
    if encoding:
        try:
            return data.decode(encoding), encoding, "as requested"
        except (LookupError, UnicodeDecodeError) as error:
            raise ValidationError(f"{path.name}: cannot be read as {encoding}: {error}",
                                  field="encoding") from error
    try:
        return data.decode("utf-8-sig"), "utf-8", "detected: valid UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030", "detected: not UTF-8; GB18030 decodes it"
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"{path.name}: the text is neither UTF-8 nor GB18030 ({error}); give its encoding",
            field="encoding") from error


def _geojson_crs(document: dict[str, object]) -> str | None:
    """The legacy (2008) ``crs`` member as text such as ``EPSG:4490``, if it has one."""
    member = document.get("crs")
    if not isinstance(member, dict):
        return None
    properties = member.get("properties")
    if not isinstance(properties, dict):
        return None
    if member.get("type") == "name" and isinstance(properties.get("name"), str):
        return str(properties["name"])
    if member.get("type") == "EPSG" and properties.get("code") is not None:
        return f"EPSG:{properties['code']}"
    return None


def _feature_list(path: Path, document: object) -> list[object]:
    if not isinstance(document, dict):
        raise ValidationError(f"{path.name}: not GeoJSON (the top level is not an object)")
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise ValidationError(f"{path.name}: a FeatureCollection without a features list")
        return features
    if kind == "Feature":
        return [document]
    if kind in _GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": {}, "geometry": document}]
    raise ValidationError(
        f"{path.name}: not GeoJSON features (type is {kind!r}, expected FeatureCollection)")


def _read_geojson(path: Path, text: str, used: str,
                  reason: str) -> tuple[SourceInfo, list[RawFeature]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"{path.name}: not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})") from error
    items = _feature_list(path, document)
    crs_text = _geojson_crs(document)
    names: dict[str, None] = {}
    features: list[RawFeature] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            features.append(RawFeature(number, {}, None, "not a GeoJSON Feature"))
            continue
        raw_properties = item.get("properties")
        properties = dict(raw_properties) if isinstance(raw_properties, dict) else {}
        names.update(dict.fromkeys(properties))
        geometry, problem = _geojson_geometry(item.get("geometry"))
        features.append(RawFeature(number, properties, geometry, problem))
    notes: tuple[str, ...] = ()
    if isinstance(document.get("crs"), dict) and crs_text is None:
        notes = ("the GeoJSON crs member is of a kind not read (only named CRSs are)",)
    info = SourceInfo(path=path, format="geojson", crs_text=crs_text,
                      crs_origin="GeoJSON crs member" if crs_text else None,
                      encoding=used, encoding_reason=reason, field_names=tuple(names),
                      notes=notes)
    return info, features


def _geojson_geometry(value: object) -> tuple[BaseGeometry | None, str | None]:
    if value is None:
        return None, None
    if not isinstance(value, dict) or value.get("type") not in _GEOMETRY_TYPES:
        return None, "unreadable geometry: not a GeoJSON geometry object"
    try:
        return shapely.force_2d(shape_from_geojson(value)), None
    except Exception as error:  # shapely raises several kinds for broken coordinates
        return None, f"unreadable geometry: {error}"


@contextlib.contextmanager
def _long_csv_fields() -> Iterator[None]:
    """Let the csv module read WKT of large polygons (its default limit is 128 KiB)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _wkt_column(path: Path, names: list[str], wanted: str | None) -> str:
    if wanted is not None:
        for name in names:
            if name == wanted or name.lower() == wanted.lower():
                return name
        raise ValidationError(f"{path.name}: no column {wanted!r} (columns: {', '.join(names)})",
                              field="geometry_column")
    lowered = {name.strip().lower(): name for name in names}
    for candidate in WKT_COLUMNS:
        if candidate in lowered:
            return lowered[candidate]
    raise ValidationError(
        f"{path.name}: no WKT geometry column (looked for {', '.join(WKT_COLUMNS)}; "
        f"columns are {', '.join(names)}); name the column that holds it",
        field="geometry_column")


def _read_csv(path: Path, text: str, used: str, reason: str,
              geometry_column: str | None) -> tuple[SourceInfo, list[RawFeature]]:
    first_line = text.split("\n", 1)[0]
    with _long_csv_fields():
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(first_line)))
        except csv.Error as error:
            raise ValidationError(f"{path.name}: not a readable CSV ({error})") from error
    if not rows:
        raise ValidationError(f"{path.name}: the CSV is empty")
    header = [name.strip() for name in rows[0]]
    geometry_name = _wkt_column(path, header, geometry_column)
    geometry_index = header.index(geometry_name)
    features: list[RawFeature] = []
    for number, row in enumerate(rows[1:], start=1):  # blank rows keep their numbers
        if not any(cell.strip() for cell in row):
            continue
        properties: dict[str, object] = {}
        for index, name in enumerate(header):
            if index != geometry_index:
                value = row[index].strip() if index < len(row) else ""
                properties[name] = value or None
        wkt = row[geometry_index].strip() if geometry_index < len(row) else ""
        geometry: BaseGeometry | None = None
        problem = None
        if wkt:
            try:
                geometry = shapely.force_2d(shapely.from_wkt(wkt))
            except shapely.errors.GEOSException as error:
                problem = f"unreadable WKT in column {geometry_name}: {error}"
        features.append(RawFeature(number, properties, geometry, problem))
    prj = sibling(path, ".prj")
    crs_text = prj.read_bytes().decode("latin-1").strip() or None if prj is not None else None
    info = SourceInfo(path=path, format="csv", crs_text=crs_text,
                      crs_origin=prj.name if crs_text and prj is not None else None,
                      encoding=used, encoding_reason=reason,
                      field_names=tuple(name for name in header if name != geometry_name),
                      notes=(f"geometry from column {geometry_name} (WKT)",))
    return info, features
