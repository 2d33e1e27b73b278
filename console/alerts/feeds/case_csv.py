"""Case rows from a CSV file: title, category, severity, grid (required) and source,
description, location, reporter (optional), still to be validated by the case service."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.tabular import CsvReader, normalise_key
from console.alerts.feeds.textio import MAX_LINE_BYTES

CASE_FIELDS = ("title", "category", "severity", "grid", "source", "description", "location",
               "reporter")
CASE_REQUIRED = ("title", "category", "severity", "grid")


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
            v = row.values
            yield CaseInput(row.record, v.get("title", ""), v.get("category", ""),
                            v.get("severity", ""), v.get("grid", ""),
                            v.get("source", "") or "", v.get("description", ""),
                            v.get("location", ""), v.get("reporter", ""))
        if not checked:
            self._check_header()

    def _check_header(self) -> None:
        header = self._csv.header
        missing = [h for h in CASE_REQUIRED if h not in header]
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
    return set(CASE_REQUIRED) <= names and not ({"event", "headline"} & names)
