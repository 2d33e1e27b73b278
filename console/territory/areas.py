"""The territory's levels and the values an import produces: areas, parents and findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from console.reports.wording import ENGLISH, ReportWords, Translate

if TYPE_CHECKING:  # only named here: the KPIs read the levels without loading shapely
    from shapely.geometry import MultiPolygon
    from shapely.geometry.base import BaseGeometry

Level = Literal["district", "street", "community", "grid"]

# Top to bottom: a district holds streets, a street communities, a community grids.
LEVELS: tuple[Level, ...] = ("district", "street", "community", "grid")

FindingKind = Literal["rejected", "repaired", "merged", "warning"]


def level_word(level: str, translate: Translate) -> str:
    """A level's name in a report (``community`` → 社区 in Chinese)."""
    words = {"district": translate("TerritoryImport", "district"),
             "street": translate("TerritoryImport", "street"),
             "community": translate("TerritoryImport", "community"),
             "grid": translate("TerritoryImport", "grid")}
    return words.get(level, level)


def level_above(level: Level) -> Level | None:
    """The level whose areas hold areas of ``level``; None for the top (district)."""
    index = LEVELS.index(level)
    return LEVELS[index - 1] if index > 0 else None


def check_level(level: str) -> Level:
    """``level`` as a Level, or ValueError naming the levels there are."""
    for known in LEVELS:
        if known == level:
            return known
    raise ValueError(f"unknown level {level!r}; the levels are {', '.join(LEVELS)}")


@dataclass(frozen=True)
class ParentInfo:
    """An area of the level above that already exists: its name and WGS84 shape."""

    name: str
    geometry: BaseGeometry | None = None


@dataclass(frozen=True)
class Finding:
    """One thing the import did to, or noticed about, one feature of one file."""

    file: str
    feature_number: int | None
    code: str | None
    reason: str
    kind: FindingKind

    def line(self, words: ReportWords = ENGLISH) -> str:
        """``file:feature N (code X): kind: reason`` as the import report prints it (in
        ``words``' language)."""
        translate = words.translate
        where = self.file
        if self.feature_number is not None:
            where = translate("TerritoryImport", "{file}:feature {n}").format(
                file=self.file, n=self.feature_number)
        if self.code is not None:
            where += translate("TerritoryImport", " (code {code})").format(code=self.code)
        kinds = {"rejected": translate("TerritoryImport", "rejected"),
                 "repaired": translate("TerritoryImport", "repaired"),
                 "merged": translate("TerritoryImport", "merged"),
                 "warning": translate("TerritoryImport", "warning")}
        return translate("TerritoryImport", "{where}: {kind}: {reason}").format(
            where=where, kind=kinds.get(self.kind, self.kind),
            reason=words.sentence(self.reason))


@dataclass(frozen=True)
class Area:
    """A checked area of one level: WGS84 lon/lat multipolygon, exteriors counter-clockwise."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    parent_rule: str
    geometry: MultiPolygon
    households: int | None
    population: int | None
    source_numbers: tuple[int, ...]
    source_file: str = ""
    area_m2: float = 0.0

    def as_parent(self) -> ParentInfo:
        """This area as a known parent for the next level's import."""
        return ParentInfo(name=self.name, geometry=self.geometry)
