"""CSV that is safe to open in Excel or WPS: cells that would run as formulas are defused.

Text that outside feeds control (case titles, alert headlines, areas) may start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return; a spreadsheet program opening the
file would run it as a formula (CSV injection). As OWASP recommends, such a cell is
written with a leading apostrophe, which spreadsheets show as text and do not print;
plain numbers (``-3``, ``+1.5``) are left alone. Every CSV the console writes goes
through ``csv_writer``/``csv_dict_writer``; JSON exports stay verbatim.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will read it as text: a string that starts like a
    formula gets a leading apostrophe; numbers and other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every cell passes through ``safe_cell``.

    Python's writer quotes a cell holding a line feed but not one holding a lone carriage
    return when lines end in ``\n``; a spreadsheet would start a new row there. A row
    with such a cell is written with every cell quoted.
    """

    def __init__(self, out: TextIO, **kwargs: Any) -> None:
        kwargs.setdefault("lineterminator", "\n")
        self._writer = csv.writer(out, **kwargs)
        self._quoted = csv.writer(out, **{**kwargs, "quoting": csv.QUOTE_ALL})

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [safe_cell(v) for v in row]
        if any(isinstance(c, str) and "\r" in c for c in cells):
            self._quoted.writerow(cells)
        else:
            self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """``csv.DictWriter`` whose every value passes through ``safe_cell``."""

    def __init__(self, out: TextIO, fieldnames: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("lineterminator", "\n")
        self._fieldnames = list(fieldnames)
        self._writer = SafeCsvWriter(out, **kwargs)

    def writeheader(self) -> None:
        self._writer.writerow(self._fieldnames)

    def writerow(self, row: Mapping[str, Any]) -> None:
        unknown = set(row) - set(self._fieldnames)
        if unknown:
            raise ValueError(f"fields not in the header: {', '.join(sorted(unknown))}")
        self._writer.writerow([row.get(name, "") for name in self._fieldnames])

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO, **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(out, **kwargs)


def csv_dict_writer(out: TextIO, fieldnames: Sequence[str], **kwargs: Any) -> SafeDictWriter:
    return SafeDictWriter(out, fieldnames, **kwargs)


def numbered_rows(reader: Any) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Each row of a ``csv.reader`` with the line it starts on; a row the csv module
    cannot read comes as its error (the reader goes on after it), blank rows are left out.
    Every sheet import reports bad rows by line with this one loop."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, exc
            continue
        if any(cell.strip() for cell in cells):
            yield line, cells
