"""Case rows from a CSV file: title, category, severity and a place — a grid, or a point
(lon, lat; WGS84, or GCJ-02 when a ``crs`` column says so) — and source, description,
location, reporter (optional), still to be validated by the case service."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.tabular import CsvReader, normalise_key
from console.alerts.feeds.textio import MAX_LINE_BYTES

CASE_FIELDS = ("title", "category", "severity", "grid", "source", "description", "location",
               "reporter", "lon", "lat", "crs")
CASE_REQUIRED = ("title", "category", "severity")
# A case's place: a grid code, or a point whose grid is found by point in polygon.
PLACE_COLUMNS = (("grid",), ("lon", "lat"))
POINT_ALIASES = {"longitude": "lon", "lng": "lon", "经度": "lon", "latitude": "lat",
                 "纬度": "lat"}


@dataclass(frozen=True, slots=True)
class CaseInput:
    """One case row of a CSV file, still to be validated by the case service."""

    record: int
    title: str
    category: str
    severity: str
    grid: str
    source: str
    description: str
    location: str
    reporter: str
    lon: str = ""
    lat: str = ""
    crs: str = ""


class CaseCsvReader:
    """Case rows from a CSV file with headers title, category, severity, grid (required)
    and source, description, location, reporter (optional)."""

    def __init__(self, stream: BinaryIO, name: str,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.name = name
        self._csv = CsvReader(stream, name, max_line_bytes)
        self.notes = self._csv.notes

    @property
    def encoding(self) -> str:
        return self._csv.encoding

    def __iter__(self) -> Iterator[CaseInput | RecordError]:
        checked = False
        for row in self._csv.rows():
            if not checked:
                self._check_header()
                checked = True
            if isinstance(row, RecordError):
                yield row
                continue
            v = {POINT_ALIASES.get(k, k): value for k, value in row.values.items()}
            yield CaseInput(row.record, v.get("title", ""), v.get("category", ""),
                            v.get("severity", ""), v.get("grid", ""),
                            v.get("source", "") or "", v.get("description", ""),
                            v.get("location", ""), v.get("reporter", ""),
                            v.get("lon", ""), v.get("lat", ""), v.get("crs", ""))
        if not checked:
            self._check_header()

    def _check_header(self) -> None:
        header = [POINT_ALIASES.get(h, h) for h in self._csv.header]
        missing = [h for h in CASE_REQUIRED if h not in header]
        if not any(all(c in header for c in place) for place in PLACE_COLUMNS):
            missing.append("grid (or lon and lat)")
        if missing:
            raise FeedError(f"a case CSV needs the column(s) {', '.join(missing)} (it has: "
                            f"{', '.join(header[:12]) or '(none)'})", file=self.name)
        unknown = [h for h in header if h and h not in CASE_FIELDS]
        if unknown:
            self.notes.append(f"column(s) {', '.join(unknown[:10])} are not case fields; "
                              "ignored")


def looks_like_case_header(header_line: str) -> bool:
    """True if a CSV header names case columns rather than alert columns."""
    delimiter = max((",", ";", "\t"), key=header_line.count)
    try:
        names = {normalise_key(h) for h in next(csv.reader([header_line],
                                                            delimiter=delimiter))}
    except (csv.Error, StopIteration):
        return False
    names = {POINT_ALIASES.get(n, n) for n in names}
    placed = any(set(place) <= names for place in PLACE_COLUMNS)
    return set(CASE_REQUIRED) <= names and placed and not ({"event", "headline"} & names)
