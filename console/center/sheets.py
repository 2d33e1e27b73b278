"""A center's sheets on disk: CSV with one header row, read with line numbers, reported by
line, written in a stable form (UTF-8, ``\\n`` line ends, minimal quoting)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from console.core.errors import ValidationError
from console.core.spreadsheet import numbered_rows
from console.reports.wording import ENGLISH, ReportWords, counted

# Listing every rejection of a sheet of 100,000 bad rows helps nobody.
MAX_LISTED = 1000


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its line in the file (the header is line 1) and its cells by
    column name (lower case), stripped."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def has(self, column: str) -> bool:
        return column in self.values


@dataclass(frozen=True, slots=True)
class SheetLine:
    """A line of a report: a row refused (``rejected``) or something to tell (``note``)."""

    line: int
    kind: str
    text: str


@dataclass
class SheetReport:
    """What importing one sheet did: rows added, updated, unchanged, removed, and every row
    refused with its line and reason (the good rows beside it are kept)."""

    file: str
    unit: str = ""  # what a number names: a line of a CSV sheet, or a "rotation" of JSON
    label: str = ""  # which pass over the file, when it is read twice ("leaders")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    entries: list[SheetLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if self.rejected <= MAX_LISTED:
            self.entries.append(SheetLine(line, "rejected", " ".join(reason.split())))

    def note(self, line: int, text: str) -> None:
        """Something to tell about a row (``line``), or about the whole sheet (line 0)."""
        self.entries.append(SheetLine(line, "note", text))

    def count(self, outcome: str) -> None:
        """Count one row as ``added``, ``updated`` or ``unchanged``."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self, words: ReportWords = ENGLISH) -> str:
        translate = words.translate
        file = self.file
        if self.label:
            labels = {"leaders": translate("SheetImport", "leaders")}
            file = translate("SheetImport", "{file} ({label})").format(
                file=self.file, label=labels.get(self.label, self.label))
        text = translate("SheetImport", "{file}: {added} added, {updated} updated, "
                                        "{unchanged} unchanged").format(
            file=file, added=self.added, updated=self.updated, unchanged=self.unchanged)
        if self.removed:
            text += translate("SheetImport", ", {removed} removed").format(removed=self.removed)
        text += translate("SheetImport", ", {rejected} rejected").format(rejected=self.rejected)
        more = self.rejected - MAX_LISTED
        if more > 0:
            text += counted(translate("SheetImport", " ({n} more rejection(s) not listed)"),
                            more).format(n=more)
        return text

    def lines(self, words: ReportWords = ENGLISH) -> list[str]:
        """The summary, then ``FILE:LINE: rejected: REASON`` and ``FILE:LINE: note: …``
        in line order (``FILE: note: …`` for the whole sheet); in ``words``' language."""
        ordered = sorted(self.entries, key=lambda e: (e.line, e.kind != "rejected"))
        return [self.summary(words), *(self._entry(e, words) for e in ordered)]

    def _entry(self, entry: SheetLine, words: ReportWords) -> str:
        translate = words.translate
        rejected = entry.kind == "rejected"
        if not entry.line:
            template = (translate("SheetImport", "{file}: rejected: {text}") if rejected
                        else translate("SheetImport", "{file}: note: {text}"))
        elif self.unit == "rotation":
            template = (translate("SheetImport", "{file}:rotation {line}: rejected: {text}")
                        if rejected
                        else translate("SheetImport", "{file}:rotation {line}: note: {text}"))
        elif self.unit:
            template = (f"{{file}}:{self.unit} {{line}}: rejected: {{text}}" if rejected
                        else f"{{file}}:{self.unit} {{line}}: note: {{text}}")
        else:
            template = (translate("SheetImport", "{file}:{line}: rejected: {text}") if rejected
                        else translate("SheetImport", "{file}:{line}: note: {text}"))
        return template.format(file=self.file, line=entry.line,
                               text=words.sentence(entry.text))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else GB 18030 (what Excel saves on a Chinese
    system); ValueError when it is neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ValueError("neither UTF-8 nor GB 18030 text") from None


def read_text(path: Path) -> str:
    """A sheet's text; ValidationError naming the file when it cannot be read."""
    try:
        return decode(path.read_bytes())
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.", "path") from None
    except ValueError as exc:
        raise ValidationError(f"{path.name} is {exc}.", "path") from None


def parse_sheet(text: str, report: SheetReport, columns: Sequence[str],
                required: Sequence[str]) -> list[SheetRow]:
    """The rows of a sheet whose header names some of ``columns`` (``required`` ones at
    least, any order, any case). A header naming a column the sheet does not have is
    refused as a whole (a misspelt column would otherwise be dropped without a word);
    a row with more cells than the header, or broken quoting, is refused on its own."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        report.reject(1, f"the file is empty; the first line must be the header "
                         f"{','.join(columns)}.")
        return []
    except csv.Error as exc:
        report.reject(1, f"the header is not valid CSV: {exc}.")
        return []
    unknown = [c for c in header if c not in columns]
    missing = [c for c in required if c not in header]
    doubled = sorted({c for c in header if c and header.count(c) > 1})
    if unknown or missing or doubled:
        why = [f"unknown column{'s' if len(unknown) > 1 else ''} "
               f"{', '.join(repr(c) for c in unknown)}"] if unknown else []
        why += [f"no column {', '.join(missing)}"] if missing else []
        why += [f"column {', '.join(doubled)} twice"] if doubled else []
        report.reject(1, f"{'; '.join(why)}; the columns are {','.join(columns)} "
                         f"({', '.join(required)} required).")
        return []
    rows: list[SheetRow] = []
    for line, cells in numbered_rows(reader):
        if isinstance(cells, csv.Error):
            report.reject(line, f"not valid CSV: {cells}.")
            continue
        if len(cells) > len(header):
            report.reject(line, f"{len(cells)} cells but the header names {len(header)} "
                                "(a comma inside an unquoted value?).")
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(SheetRow(line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows


def read_sheet(path: Path, columns: Sequence[str],
               required: Sequence[str]) -> tuple[list[SheetRow], SheetReport]:
    """Read the sheet at ``path``: its rows, and a report holding what was refused so far."""
    report = SheetReport(path.name)
    return parse_sheet(read_text(path), report, columns, required), report


def write_sheet(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the header and the rows (None as an empty cell); returns how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
        count += 1
    return count


def one_line(text: str) -> str:
    """Inner runs of white space as one space."""
    return " ".join(text.split())
