"""What a GIS file holds before any checks: its features and facts about the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from shapely.geometry.base import BaseGeometry

FileFormat = Literal["geojson", "shapefile", "csv"]


@dataclass(frozen=True)
class RawFeature:
    """One feature as read: 1-based number, attributes, geometry (or why there is none)."""

    number: int
    properties: dict[str, object]
    geometry: BaseGeometry | None
    problem: str | None = None


@dataclass(frozen=True)
class SourceInfo:
    """The file a list of features came from and how it was read."""

    path: Path
    format: FileFormat
    crs_text: str | None
    encoding: str
    field_names: tuple[str, ...]
    crs_origin: str | None = None  # where crs_text came from: ".prj", "GeoJSON crs member"
    encoding_reason: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        """The file's name as the import report shows it."""
        return self.path.name
