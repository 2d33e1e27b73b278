"""ESRI Shapefiles (.shp, .dbf, optional .shx, .prj and .cpg) read into raw features."""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

import shapefile
import shapely
from shapely.geometry import shape as shape_from_geojson
from shapely.geometry.base import BaseGeometry

from console.core.errors import ValidationError
from console.territory.dbf_encoding import choose_encoding
from console.territory.raw_features import RawFeature, SourceInfo


def sibling(path: Path, extension: str) -> Path | None:
    """The file beside ``path`` with the same stem and ``extension``, in any letter case."""
    exact = path.with_suffix(extension)
    if exact.is_file():
        return exact
    wanted = (path.stem + extension).lower()
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            if candidate.name.lower() == wanted and candidate.is_file():
                return candidate
    return None


def _geometry(shape: shapefile.Shape) -> tuple[BaseGeometry | None, str | None]:
    """A shape as a 2-D shapely geometry, or None and the reason it cannot be read."""
    if shape.shapeType == shapefile.NULL:
        return None, None
    try:
        geometry = shape_from_geojson(shape.__geo_interface__)
    except Exception as error:  # pyshp and shapely raise many kinds for broken shapes
        return None, f"unreadable geometry: {error}"
    return shapely.force_2d(geometry), None


def read_shapefile(path: Path, *,
                   encoding: str | None = None) -> tuple[SourceInfo, list[RawFeature]]:
    """Features of a Shapefile; ValidationError if the .shp or its .dbf is missing or broken."""
    if not path.is_file():
        raise ValidationError(f"{path.name}: no such file ({path})")
    dbf = sibling(path, ".dbf")
    if dbf is None:
        raise ValidationError(
            f"{path.name}: the Shapefile has no .dbf beside it, so its features have no "
            "codes or names; copy all the files of the layer (.shp, .shx, .dbf, .prj, .cpg)")
    shx, prj, cpg = sibling(path, ".shx"), sibling(path, ".prj"), sibling(path, ".cpg")
    try:
        choice = choose_encoding(dbf, cpg, encoding)
    except ValueError as error:
        raise ValidationError(f"{dbf.name}: {error}", field="encoding") from error
    notes: list[str] = []
    crs_text = None
    if prj is not None:
        crs_text = prj.read_bytes().decode("latin-1").strip() or None
    with contextlib.ExitStack() as files, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shp_file = files.enter_context(path.open("rb"))
        dbf_file = files.enter_context(dbf.open("rb"))
        shx_file = files.enter_context(shx.open("rb")) if shx is not None else None
        try:
            reader = shapefile.Reader(shp=shp_file, shx=shx_file, dbf=dbf_file,
                                      encoding=choice.encoding, encodingErrors="replace")
            field_names = tuple(str(spec[0]) for spec in reader.fields[1:])
            features, deleted, cut, broken = _features(reader)
        except (shapefile.ShapefileException, OSError, ValueError, IndexError) as error:
            raise ValidationError(f"{path.name}: not a readable Shapefile ({error})") from error
    notes.extend(f"the Shapefile reader warns: {warning.message}" for warning in caught)
    if broken:
        notes.append(f"{broken} text values in {dbf.name} do not decode as {choice.encoding} "
                     f"({choice.reason}): their names may be garbled; give the encoding")
    if cut:
        notes.append(f"{cut} text values in {dbf.name} end mid-character (their field is too "
                     "narrow); the broken last character was dropped")
    if deleted:
        notes.append(f"{deleted} records marked deleted in {dbf.name} were skipped")
    info = SourceInfo(path=path, format="shapefile", crs_text=crs_text,
                      crs_origin=prj.name if prj is not None else None,
                      encoding=choice.encoding, encoding_reason=choice.reason,
                      field_names=field_names, notes=tuple(notes))
    return info, features


def _features(reader: shapefile.Reader) -> tuple[list[RawFeature], int, int, int]:
    """The features, and how many records were deleted, how many text values were cut
    mid-character and how many did not decode at all."""
    features: list[RawFeature] = []
    deleted = cut = broken = 0
    for index, shape in enumerate(reader.iterShapes()):
        record = reader.record(index)
        if record is None:
            deleted += 1
            continue
        geometry, problem = _geometry(shape)
        properties: dict[str, object] = {}
        for name, value in record.as_dict().items():
            if isinstance(value, str) and "\ufffd" in value:
                if "\ufffd" in value.rstrip("\ufffd"):
                    broken += 1
                else:
                    value = value.rstrip("\ufffd")
                    cut += 1
            properties[name] = value
        features.append(RawFeature(index + 1, properties, geometry, problem))
    return features, deleted, cut, broken
