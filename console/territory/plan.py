"""One entry point: GIS files of one level in, checked areas and an import report out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from console.core.errors import ValidationError
from console.reports.wording import ENGLISH, ReportWords, counted
from console.territory.areas import (
    Area,
    Finding,
    FindingKind,
    Level,
    ParentInfo,
    check_level,
    level_word,
)
from console.territory.checks import (
    OVERLAP_TOLERANCE_M2,
    CheckedFeature,
    check_features,
    find_overlaps,
    find_slivers,
    merge_features,
)
from console.territory.crs import choose_crs, to_wgs84
from console.territory.fields import propose_fields
from console.territory.gis_files import read_features
from console.territory.hierarchy import place_areas
from console.territory.raw_features import RawFeature, SourceInfo

_KIND_ORDER: dict[FindingKind, int] = {"rejected": 0, "repaired": 1, "merged": 2, "warning": 3}


@dataclass
class ImportPlan:
    """What importing some files of one level would do: the areas, what was found, how
    the files were read. Nothing is written anywhere; the caller stores the areas."""

    level: Level
    areas: list[Area]
    findings: list[Finding]
    notes: list[str]
    sources: list[SourceInfo] = field(default_factory=list)
    features_read: int = 0

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (rejected, repaired, merged, warning)."""
        counted = Counter(finding.kind for finding in self.findings)
        return {kind: counted[kind] for kind in _KIND_ORDER}

    def summary(self, words: ReportWords = ENGLISH) -> str:
        """``153 features in 1 file → 152 community areas; 0 rejected, …``."""
        translate = words.translate
        counts = self.counts()
        files = counted(translate("TerritoryImport", "{n} file(s)"),
                        len(self.sources)).format(n=len(self.sources))
        return translate("TerritoryImport", "{read} features in {files} → {areas} {level} "
                                            "areas; {rejected} rejected, {repaired} repaired, "
                                            "{merged} merged, {warnings} warnings").format(
            read=self.features_read, files=files, areas=len(self.areas),
            level=level_word(self.level, translate), rejected=counts["rejected"],
            repaired=counts["repaired"], merged=counts["merged"], warnings=counts["warning"])

    def report_lines(self, words: ReportWords = ENGLISH) -> list[str]:
        """The report as plain text lines: summary, notes, then one line per finding
        (``file:feature N (code X): kind: reason``) in file and feature order."""
        ordered = sorted(self.findings, key=lambda finding: (
            finding.file, finding.feature_number or 0, _KIND_ORDER[finding.kind]))
        return [self.summary(words), *(words.sentence(note) for note in self.notes),
                *(finding.line(words) for finding in ordered)]

    def report(self) -> str:
        """The report as one text."""
        return "\n".join(self.report_lines()) + "\n"

    def as_parents(self) -> dict[str, ParentInfo]:
        """The areas as known parents for the next level down (code → name and shape)."""
        return {area.code: area.as_parent() for area in self.areas}

    def area(self, code: str) -> Area:
        """The area with ``code``; KeyError if the plan has none."""
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)


def _read(path: Path, *, crs: str | None, encoding: str | None,
          geometry_column: str | None) -> tuple[SourceInfo, list[RawFeature], list[str]]:
    """One file's features in WGS84 and the notes on how it was read."""
    source, features = read_features(path, encoding=encoding, geometry_column=geometry_column)
    choice = choose_crs(source, crs)
    geometries, crs_notes = to_wgs84(source.name, [feature.geometry for feature in features],
                                     choice)
    moved = [replace(feature, geometry=geometry)
             for feature, geometry in zip(features, geometries, strict=True)]
    notes = [f"{source.name}: {len(features)} features ({source.format})",
             f"{source.name}: encoding {source.encoding} ({source.encoding_reason})",
             f"{source.name}: {choice.describe()}",
             *crs_notes,
             *(f"{source.name}: {note}" for note in source.notes)]
    return source, moved, notes


def plan_import(paths: Sequence[Path], level: Level | str, *, code_field: str | None = None,
                name_field: str | None = None, parent_field: str | None = None,
                households_field: str | None = None, population_field: str | None = None,
                crs: str | None = None, encoding: str | None = None,
                known_parents: Mapping[str, ParentInfo] | None = None,
                name_from_code: bool = False, geometry_column: str | None = None,
                overlap_tolerance_m2: float = OVERLAP_TOLERANCE_M2) -> ImportPlan:
    """Read GIS files holding areas of one ``level`` and check them into areas.

    Fields not given are proposed from the files (the report says which and why); ``crs``
    overrides the files' own (``gcj02`` for Chinese web-map coordinates); ``known_parents``
    are the existing areas of the level above (code → name and WGS84 shape), used to place
    each area by code prefix or by location. ``name_from_code`` takes the code as the name
    when a file has no name field at all. Raises ValidationError, naming the file, when a
    file cannot be read or its coordinates cannot be in its CRS.
    """
    try:
        checked_level = check_level(level)
    except ValueError as error:
        raise ValidationError(str(error), field="level") from error
    if not paths:
        raise ValidationError("no files to import", field="paths")
    sources: list[SourceInfo] = []
    notes: list[str] = []
    findings: list[Finding] = []
    checked: list[CheckedFeature] = []
    parent_fields: dict[str, None] = {}
    read = 0
    for path in paths:
        source, features, file_notes = _read(Path(path), crs=crs, encoding=encoding,
                                             geometry_column=geometry_column)
        sources.append(source)
        notes.extend(file_notes)
        read += len(features)
        if not features:
            notes.append(f"{source.name}: the file holds no features")
            continue
        fields = propose_fields(
            source.name, source.field_names, [feature.properties for feature in features],
            code=code_field, name=name_field, parent=parent_field,
            households=households_field, population=population_field)
        if fields.code is None:
            raise ValidationError(f"{source.name}: {fields.reasons['code']}",
                                  field="code_field")
        notes.extend(f"{source.name}: {line}" for line in fields.notes())
        if fields.parent:
            parent_fields[fields.parent] = None
        if fields.name is None and name_from_code:
            notes.append(f"{source.name}: names taken from the codes (no name field)")
        good, file_findings = check_features(source.name, features, fields,
                                             name_from_code=name_from_code)
        checked.extend(good)
        findings.extend(file_findings)
    drafts, merge_findings = merge_features(checked)
    findings.extend(merge_findings)
    placements, place_findings = place_areas(drafts, checked_level, known_parents,
                                             parent_field=" / ".join(parent_fields) or None)
    findings.extend(place_findings)
    findings.extend(find_overlaps(drafts, tolerance_m2=overlap_tolerance_m2))
    findings.extend(find_slivers(drafts))
    areas = [
        Area(code=draft.code, name=draft.name, level=checked_level,
             parent_code=placement.parent_code, parent_rule=placement.rule,
             geometry=draft.geometry, households=draft.households,
             population=draft.population, source_numbers=draft.numbers,
             source_file=draft.file, area_m2=draft.area_m2)
        for draft, placement in zip(drafts, placements, strict=True)]
    return ImportPlan(level=checked_level, areas=areas, findings=findings, notes=notes,
                      sources=sources, features_read=read)

