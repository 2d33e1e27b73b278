"""Checking features into areas: codes, names, shapes, multi-part merges, overlaps, slivers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from console.territory.areas import Finding
from console.territory.fields import FieldChoice, normalise_code, to_count
from console.territory.geodesy import area_m2, area_perimeter, format_m2
from console.territory.raw_features import RawFeature
from console.territory.shapes import as_multipolygon, clean_shape

# Overlaps between two areas of one level smaller than this are drawing noise, not reported.
OVERLAP_TOLERANCE_M2 = 1.0
# An area (or a part of one) smaller than this, or thinner on average, is a sliver.
SLIVER_AREA_M2 = 1.0
SLIVER_WIDTH_M = 1.0
# The most square metres a square degree can hold (at the equator), to skip tiny overlaps
# before measuring them on the ellipsoid.
_MAX_M2_PER_DEG2 = 1.24e10


@dataclass(frozen=True)
class CheckedFeature:
    """A feature that passed the checks, with its shape cleaned (not yet merged)."""

    file: str
    number: int
    code: str
    name: str
    geometry: MultiPolygon
    households: int | None
    population: int | None
    parent_value: str | None


@dataclass(frozen=True)
class Draft:
    """An area before its parent is known: one or more features merged by code."""

    file: str
    numbers: tuple[int, ...]
    code: str
    name: str
    geometry: MultiPolygon
    households: int | None
    population: int | None
    parent_value: str | None
    area_m2: float
    perimeter_m: float


def _count(file: str, feature: RawFeature, code: str, field: str | None,
           findings: list[Finding]) -> int | None:
    if field is None:
        return None
    try:
        return to_count(feature.properties.get(field))
    except ValueError as error:
        findings.append(Finding(file, feature.number, code,
                                f"{field} ignored: {error}", "warning"))
        return None


def check_features(file: str, features: Sequence[RawFeature], fields: FieldChoice, *,
                   name_from_code: bool = False) -> tuple[list[CheckedFeature], list[Finding]]:
    """The features that can become (parts of) areas, and a finding for each one changed
    or rejected. ``features`` must already be in WGS84."""
    findings: list[Finding] = []
    checked: list[CheckedFeature] = []
    for feature in features:
        code = normalise_code(feature.properties.get(fields.code)) if fields.code else None
        if feature.problem is not None:
            findings.append(Finding(file, feature.number, code, feature.problem, "rejected"))
            continue
        if code is None:
            findings.append(Finding(file, feature.number, None,
                                    f"no code (field {fields.code} is empty)", "rejected"))
            continue
        name = _name(feature, fields, code, name_from_code)
        if name is None:
            reason = (f"no name (field {fields.name} is empty)" if fields.name else
                      "no name: the file has no name field; name the field, or take the "
                      "codes as names")
            findings.append(Finding(file, feature.number, code, reason, "rejected"))
            continue
        shape = clean_shape(feature.geometry)
        if shape.geometry is None:
            findings.append(Finding(file, feature.number, code, shape.rejection or "no shape",
                                    "rejected"))
            continue
        findings.extend(Finding(file, feature.number, code, repair, "repaired")
                        for repair in shape.repairs)
        parent = (normalise_code(feature.properties.get(fields.parent)) if fields.parent
                  else None)
        checked.append(CheckedFeature(
            file=file, number=feature.number, code=code, name=name, geometry=shape.geometry,
            households=_count(file, feature, code, fields.households, findings),
            population=_count(file, feature, code, fields.population, findings),
            parent_value=parent))
    return checked, findings


def _name(feature: RawFeature, fields: FieldChoice, code: str,
          name_from_code: bool) -> str | None:
    if fields.name is None:
        return code if name_from_code else None
    value = feature.properties.get(fields.name)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _sum(values: Sequence[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _where(feature: CheckedFeature, file: str) -> str:
    return (f"feature {feature.number}" if feature.file == file
            else f"feature {feature.number} of {feature.file}")


def merge_features(features: Sequence[CheckedFeature]) -> tuple[list[Draft], list[Finding]]:
    """One draft per code: features sharing a code and a name are parts of one area and are
    merged; a later feature reusing a code under another name is rejected."""
    groups: dict[str, list[CheckedFeature]] = {}
    findings: list[Finding] = []
    for feature in features:
        group = groups.setdefault(feature.code, [])
        if group and feature.name != group[0].name:
            first = group[0]
            findings.append(Finding(
                feature.file, feature.number, feature.code,
                f"code {feature.code} already used by {_where(first, feature.file)} "
                f"({first.name}); this feature is named {feature.name}", "rejected"))
            continue
        group.append(feature)
    drafts = []
    for code, group in groups.items():
        first = group[0]
        geometry = first.geometry
        if len(group) > 1:
            geometry = as_multipolygon(shapely.union_all([part.geometry for part in group]))
            numbers = ", ".join(_where(part, first.file).removeprefix("feature ")
                                for part in group)
            findings.append(Finding(
                first.file, first.number, code,
                f"features {numbers} share code and name ({first.name}): merged into one "
                f"area of {len(geometry.geoms)} parts", "merged"))
            parents = {part.parent_value for part in group if part.parent_value}
            if len(parents) > 1:
                findings.append(Finding(
                    first.file, first.number, code,
                    f"the parts name different parents ({', '.join(sorted(parents))}); "
                    f"{first.parent_value} is used", "warning"))
        area, perimeter = area_perimeter(geometry)
        drafts.append(Draft(
            file=first.file, numbers=tuple(part.number for part in group), code=code,
            name=first.name, geometry=geometry,
            households=_sum([part.households for part in group]),
            population=_sum([part.population for part in group]),
            parent_value=first.parent_value or next(
                (part.parent_value for part in group if part.parent_value), None),
            area_m2=area, perimeter_m=perimeter))
    return drafts, findings


def find_overlaps(drafts: Sequence[Draft], *,
                  tolerance_m2: float = OVERLAP_TOLERANCE_M2) -> list[Finding]:
    """A warning for each pair of areas whose interiors overlap by more than the tolerance,
    with the overlap in m² (found with an STRtree, measured on the ellipsoid)."""
    if len(drafts) < 2:
        return []
    geometries = np.array([draft.geometry for draft in drafts], dtype=object)
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return []
    shapely.prepare(geometries)
    inner = ~shapely.touches(geometries[left], geometries[right])
    left, right = left[inner], right[inner]
    overlaps = shapely.intersection(geometries[left], geometries[right])
    rough = shapely.area(overlaps) * _MAX_M2_PER_DEG2
    findings = []
    for i, j, overlap, most in zip(left, right, overlaps, rough, strict=True):
        if most <= tolerance_m2:
            continue
        measured = area_m2(as_multipolygon(overlap))
        if measured <= tolerance_m2:
            continue
        first, second = drafts[int(i)], drafts[int(j)]
        findings.append(Finding(
            second.file, second.numbers[0], second.code,
            f"overlaps {first.code} ({first.name}) by {format_m2(measured)}", "warning"))
    return findings


def find_slivers(drafts: Sequence[Draft], *, min_area_m2: float = SLIVER_AREA_M2,
                 min_width_m: float = SLIVER_WIDTH_M) -> list[Finding]:
    """A warning for each area, or part of a multi-part area, that is tiny or thin."""
    findings = []
    for draft in drafts:
        width = 2 * draft.area_m2 / draft.perimeter_m if draft.perimeter_m else 0.0
        if draft.area_m2 < min_area_m2 or width < min_width_m:
            findings.append(Finding(
                draft.file, draft.numbers[0], draft.code,
                f"sliver: {format_m2(draft.area_m2)}, {width:.2f} m wide on average",
                "warning"))
            continue
        if len(draft.geometry.geoms) > 1:
            tiny = [index for index, part in enumerate(draft.geometry.geoms, start=1)
                    if area_m2(part) < min_area_m2]
            if tiny:
                findings.append(Finding(
                    draft.file, draft.numbers[0], draft.code,
                    f"part {', '.join(map(str, tiny))} of {len(draft.geometry.geoms)} "
                    f"is a sliver under {format_m2(min_area_m2)}", "warning"))
    return findings
