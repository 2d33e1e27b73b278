"""Printable reports as plain data: titles, paragraphs, tables and charts, no Qt.

The console builds a ``Report`` (a handover, a monthly bulletin); the widgets layer turns it
into a PDF (``widgets.common.report_pdf.write_pdf``), and the same document can be written as CSV.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeAlias

from console.core.errors import ValidationError
from console.core.local_time import DEFAULT_CENTER_ZONE
from console.core.spreadsheet import csv_writer


@dataclass(frozen=True)
class ReportParagraph:
    """A block of running text; blank lines separate paragraphs."""

    text: str


@dataclass(frozen=True)
class ReportTable:
    """A table with a header row; every row has one cell per column."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = "None."

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValidationError(
                    f"Table {self.title!r}, row {number}: {len(row)} cells for "
                    f"{len(self.columns)} columns."
                )


ChartKind = Literal["bar", "line"]


@dataclass(frozen=True)
class ReportChart:
    """A bar or line chart: one value per label in every series."""

    title: str
    kind: ChartKind
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    y_label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "line"):
            raise ValidationError(f"Chart {self.title!r}: unknown kind {self.kind!r}.")
        for name, values in self.series:
            if len(values) != len(self.labels):
                raise ValidationError(
                    f"Chart {self.title!r}, series {name!r}: {len(values)} values for "
                    f"{len(self.labels)} labels."
                )

    @property
    def peak(self) -> float:
        """The largest value of any series (0 for an empty chart)."""
        return max((v for _, values in self.series for v in values), default=0.0)


ReportBlock: TypeAlias = ReportParagraph | ReportTable | ReportChart


@dataclass(frozen=True)
class ReportSection:
    heading: str
    blocks: tuple[ReportBlock, ...] = ()


@dataclass(frozen=True)
class Report:
    """A whole printable document."""

    title: str
    subtitle: str
    generated_at: datetime
    sections: tuple[ReportSection, ...] = field(default=())
    #: The center's time zone: the report prints its times, "generated" included, in it.
    timezone: str = DEFAULT_CENTER_ZONE

    def tables(self) -> list[ReportTable]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ReportTable)]

    def charts(self) -> list[ReportChart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ReportChart)]


def table_csv(table: ReportTable) -> str:
    """One table as CSV text (header row first), as spreadsheet programs read it."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue()
