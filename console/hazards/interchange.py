"""Hazard registry export (CSV or JSON lines) and CSV import with a per-line report.

Both formats carry the same fields, in this order (``HAZARD_FIELDS``), which is also the
CSV header::

    code,name,kind,grid,location,lon,lat,responsible_unit,contact,surroundings,controls,
    likelihood,severity,score,level,status,inspection_interval_days,next_inspection_due,
    last_inspected_at

- ``kind``: hazardous_chemicals, gas_station, construction_pit, flood_prone_underpass,
  old_building, crowded_venue, slope, high_voltage, other (on import, case and spaces
  are forgiven: ``Gas station``);
- ``grid``: a grid code of the district (``XH-07``); ``lon``/``lat``: decimal degrees,
  both or neither;
- ``likelihood``, ``severity``: whole numbers 1–5; ``score`` and ``level`` are derived
  (L×S and its band) and ignored on import;
- ``status``: active, mitigated or retired (default active);
- ``inspection_interval_days``: 1–730 (default 30);
- times: ISO 8601, written in UTC with a ``Z`` (``2026-12-01T08:00:00Z``); on import a
  time without a zone is read as this machine's local time, as the console shows it.

Import: UTF-8 (with or without BOM) or GB 18030 (what Excel saves on a Chinese
system). The header must name at least code, name, kind, grid, likelihood, severity;
other columns may be left out. A row whose code is new registers a hazard; a row whose
code is registered updates the columns present (an empty cell clears an optional
field). Each row is its own transaction: a bad row is reported by its line number and
reason, and the good rows beside it are kept.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from console.core.domain import OperatorRef
from console.core.errors import NotFound, PermissionDenied, ValidationError, WatchroomError
from console.core.local_time import wall_time
from console.core.spreadsheet import csv_writer, numbered_rows
from console.hazards.domain import HazardStatus
from console.hazards.service import HAZARD_MANAGERS, HazardService, clean_code, parse_status
from console.operators.service import require_role
from console.reports.wording import ENGLISH, ReportWords, counted
from db.database import Database
from db.models import Grid
from db.models.hazards import Hazard

HAZARD_FIELDS: tuple[str, ...] = (
    "code", "name", "kind", "grid", "location", "lon", "lat", "responsible_unit", "contact",
    "surroundings", "controls", "likelihood", "severity", "score", "level", "status",
    "inspection_interval_days", "next_inspection_due", "last_inspected_at",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("code", "name", "kind", "grid", "likelihood", "severity")
FORMATS: tuple[str, ...] = ("csv", "json")
CHUNK_ROWS = 5_000
MAX_LISTED = 1000

_COLUMNS = (
    Hazard.code, Hazard.name, Hazard.kind, Grid.code, Hazard.location, Hazard.lon,
    Hazard.lat, Hazard.responsible_unit, Hazard.contact, Hazard.surroundings,
    Hazard.controls, Hazard.likelihood, Hazard.severity, Hazard.score, Hazard.level,
    Hazard.status, Hazard.inspection_interval_days, Hazard.next_inspection_due,
    Hazard.last_inspected_at,
)
_TIME_FIELDS = ("next_inspection_due", "last_inspected_at")
# Columns an import may set on a hazard, by the service's field names.
_UPDATABLE = ("name", "kind", "grid", "location", "lon", "lat", "responsible_unit",
              "contact", "surroundings", "controls", "likelihood", "severity",
              "inspection_interval_days", "next_inspection_due")


def iso_utc(value: datetime | None) -> str | None:
    """``2026-11-22T08:15:00Z``."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def hazard_records(db: Database, progress: Callable[[int], None] | None = None
                   ) -> Iterator[dict[str, Any]]:
    """Every hazard (retired ones too) as a dict in ``HAZARD_FIELDS`` order, by code."""
    stmt = (select(*_COLUMNS).join(Grid, Grid.id == Hazard.grid_id).order_by(Hazard.code)
            .execution_options(yield_per=CHUNK_ROWS))
    done = 0
    with db.read() as s:
        for chunk in s.execute(stmt).partitions():
            for row in chunk:
                item = dict(zip(HAZARD_FIELDS, row, strict=True))
                for name in _TIME_FIELDS:
                    item[name] = iso_utc(item[name])
                yield item
            done += len(chunk)
            if progress is not None:
                progress(done)


def export_hazards(db: Database, fmt: str, out: TextIO,
                   progress: Callable[[int], None] | None = None) -> int:
    """Write every hazard to ``out`` as ``csv`` (with the header) or ``json`` (JSON
    lines, one object per hazard); return how many were written."""
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown export format {fmt!r}; use one of: csv, json.", "format")
    count = 0
    if fmt == "csv":
        writer = csv_writer(out)
        writer.writerow(HAZARD_FIELDS)
        for item in hazard_records(db, progress):
            writer.writerow(["" if v is None else v for v in item.values()])
            count += 1
    else:
        for item in hazard_records(db, progress):
            out.write(json.dumps(item, ensure_ascii=False))
            out.write("\n")
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class RowRejection:
    """One refused row: its line in the file (1 is the header) and why."""

    line: int
    code: str
    reason: str


@dataclass(slots=True)
class HazardImportReport:
    """What importing one CSV file did."""

    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[RowRejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    @property
    def exit_code(self) -> int:
        """0 when every row was taken, 1 when some were refused (the good ones kept)."""
        return 0 if self.ok else 1

    def reject(self, line: int, code: str, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_LISTED:
            self.rejections.append(RowRejection(line, code, " ".join(reason.split())))

    def lines(self, words: ReportWords = ENGLISH) -> list[str]:
        """``hazards.csv:7: rejected: Unknown grid 'XH-99'. …``, one per refused row
        (in another language with ``words``: ``hazards.csv 第 7 行：未导入：…``)."""
        translate = words.translate
        return [translate("HazardImport", "{file}:{line}: rejected: {reason}").format(
                    file=self.file, line=r.line, reason=words.sentence(r.reason))
                for r in self.rejections]

    def summary(self, words: ReportWords = ENGLISH) -> str:
        translate = words.translate
        text = translate("HazardImport", "{file}: created={created} updated={updated} "
                                         "unchanged={unchanged} rejected={rejected}").format(
            file=self.file, created=self.created, updated=self.updated,
            unchanged=self.unchanged, rejected=self.rejected)
        more = self.rejected - len(self.rejections)
        if more > 0:
            text += counted(translate("HazardImport", " ({n} more rejection(s) not listed)"),
                            more).format(n=more)
        return text


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _parse_time(value: str, column: str, zone: tzinfo) -> datetime | None:
    """An ISO time; one written without a zone is the center's wall-clock time."""
    text = value.strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError(
            f"{column} {value!r} is not a time; write it like 2026-12-01T08:00:00Z.",
            column) from None
    return when if when.tzinfo is not None else wall_time(when, zone)


def import_hazards_csv(hazards: HazardService, zone: tzinfo, actor: OperatorRef,
                       path: str | Path, progress: Callable[[int], None] | None = None
                       ) -> HazardImportReport:
    """Import hazards from a CSV file (see the module docstring for the columns), times
    without a zone read in ``zone`` (the center's). Bad rows are reported by line and
    reason; good rows are kept, each in its own transaction. Only coordinators and admins
    may import."""
    path = Path(path)
    report = HazardImportReport(path.name)
    require_role(actor, HAZARD_MANAGERS, "import hazards")
    try:
        text = _read_text(path)
    except OSError as exc:
        report.reject(0, "", f"cannot read the file: {exc.strerror or exc}")
        return report
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        report.reject(1, "", "the file is empty; the first line must be the header.")
        return report
    except csv.Error as exc:
        report.reject(1, "", f"the header is not valid CSV: {exc}")
        return report
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.reject(1, "", f"the header lacks column(s) {', '.join(missing)}; "
                             f"expected: {','.join(HAZARD_FIELDS)}")
        return report
    done = 0
    for line, cells in numbered_rows(reader):
        if isinstance(cells, csv.Error):
            report.reject(line, "", f"not valid CSV: {cells}")
            continue
        if len(cells) > len(header):
            report.reject(line, "", f"{len(cells)} cells but the header names {len(header)}.")
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        _import_row(hazards, zone, actor, row, line, report)
        done += 1
        if progress is not None and done % 100 == 0:
            progress(done)
    if progress is not None:
        progress(done)
    return report


def _import_row(hazards: HazardService, zone: tzinfo, actor: OperatorRef,
                row: dict[str, str], line: int, report: HazardImportReport) -> None:
    raw_code = row.get("code", "").strip()
    try:
        code = clean_code(raw_code)
        fields: dict[str, Any] = {}
        for column in _UPDATABLE:
            if column not in row:
                continue
            value: Any = row[column]
            if column == "next_inspection_due":
                value = _parse_time(value, column, zone)
            elif column in {"lon", "lat"}:
                value = value.strip() or None
            elif column == "inspection_interval_days" and not value.strip():
                continue
            fields[column] = value
        status = parse_status(row["status"]) if row.get("status", "").strip() else None
        last = _parse_time(row.get("last_inspected_at", ""), "last_inspected_at", zone)
        try:
            current = hazards.get(code)
        except NotFound:
            current = None
        if current is None:
            hazards.register(actor, code=code, status=status or HazardStatus.ACTIVE,
                                 last_inspected_at=last, **fields)
            report.created += 1
            return
        before = current.version
        after = hazards.update(actor, code, **fields)
        if status is not None and status is not after.row.status:
            after = hazards.set_status(actor, code, status, note="CSV import")
        if after.version != before:
            report.updated += 1
        else:
            report.unchanged += 1
    except PermissionDenied:
        raise
    except WatchroomError as exc:
        report.reject(line, raw_code, str(exc))
