"""The feed importer: files (CAP XML, JSON lines, CSV) in, alerts and cases stored, a report out.

Storage rules:

- **Idempotent.** Every alert has a dedup key (CAP: sender, identifier and sent; JSON/CSV:
  see ``console.alerts.feeds.tabular``). A record whose key is already stored adds nothing: the
  stored alert's ``repeat_count`` goes up by one and its ``last_seen_at`` moves to now.
  Importing the same file twice, or the same alert from two feeds, stores it once.
- **Batches.** Alerts are written ``batch_size`` (default 2,000) per transaction: one
  indexed lookup of the batch's keys, one executemany INSERT of the new ones (an
  ``ON CONFLICT (dedup_key)`` upsert, so a second importer racing on PostgreSQL bumps the
  repeat count instead of failing), one executemany UPDATE of the repeats. A crash loses
  at most the batch in flight; importing the file again completes it without doubles.
- **Change feed and audit.** Each batch writes one change-feed row per alert it inserted
  (``insert``) or repeated (``update``), with an INSERT … SELECT, so every console's panel
  can fetch exactly those rows; a per-batch "reload" would make every console refetch its
  whole panel after each batch of a bulk import. The audit log gets one ``import`` entry
  per batch (file, lines, counts) instead of one per alert: an alert arriving is not an
  operator's act, and the batch entry says who imported what and when. CAP Update and
  Cancel messages change an alert someone may be looking at, so each writes its own
  audit entry naming the fields it changed.
- **CAP Update/Cancel.** A message is kept as its own row (its payload and dedup key, so
  importing it again is a repeat) and applied to the alert its ``<references>`` name —
  following earlier updates back to the first alert. Update: the alert takes the new
  content (event, severity, texts, area, expiry, info blocks) and an acknowledged or
  shelved alert comes back to ``new``. Cancel: the alert is resolved with a note. An
  Update whose reference is unknown (or missing) is kept as an alert of its own, ``new``,
  with a note saying so; a Cancel, Ack or Error with nothing to apply to is kept,
  ``resolved``, with a note. Messages of one document are applied in ``sent`` order.

Longer than 600 lines on purpose: the rules above are one batch design — the key lookup,
the upsert, the repeat update, the change-feed INSERT … SELECT and the CAP messages applied
to stored alerts work on the same rows in the same transaction, whatever the format.
Split by format, each part would carry its own copy of the batch.
"""

from __future__ import annotations

import errno
import gc
import io
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from sqlalchemy import Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from console.alerts.feeds.cap import MAX_XML_BYTES, parse_cap, too_large
from console.alerts.feeds.case_csv import CaseCsvReader, CaseInput, looks_like_case_header
from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.records import AlertRecord, BadValue, CapReference, parse_time
from console.alerts.feeds.report import FileReport, printable
from console.alerts.feeds.tabular import AlertCsvReader, JsonLinesReader, read_json_array
from console.alerts.feeds.textio import MAX_LINE_BYTES
from console.alerts.service import ALERT_ACTORS, AlertStatus
from console.cases.service import CaseService
from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.journal import record
from console.core.paging_hook import NO_PAGING, PageCause, PageOutbox
from console.core.reconnect import retries_lost_connection
from console.operators.service import CASE_WRITERS, require_role
from console.territory.district import DistrictService
from console.territory.places import Datum, to_wgs84
from db.database import Database
from db.models import Alert, AlertGrid, AuditEntry, Change
from db.types import sqlite_text
from db.upsert import upsert

if TYPE_CHECKING:  # shapely loads with the first file an import reads
    from console.alerts.feeds.grid_locator import GridLocator

log = logging.getLogger(__name__)

ALERTS = cast(Table, Alert.__table__)
ALERT_GRIDS = cast(Table, AlertGrid.__table__)

# Formats, by what ``import_file`` calls them.
CAP = "cap"
JSONL = "jsonl"
CSV = "csv"
CASES = "cases"
KINDS = (CAP, JSONL, CSV, CASES)
EXTENSIONS = {
    ".xml": CAP, ".cap": CAP, ".atom": CAP, ".rss": CAP,
    ".jsonl": JSONL, ".ndjson": JSONL, ".json": JSONL,
    ".csv": CSV, ".tsv": CSV, ".txt": CSV,
}
# Keys per IN (...) lookup: well below SQLite's and PostgreSQL's parameter limits.
_KEY_CHUNK = 500
# A batch is written early once its records hold this many bytes of raw payload.
_BATCH_BYTES = 8 * 1024 * 1024
# Fields an Update carries over to the alert it updates.
_UPDATE_FIELDS = ("event", "category", "urgency", "severity", "certainty", "headline",
                  "description", "instruction", "area_desc", "geometry", "grid_id",
                  "expires_at", "language", "infos", "cap_status", "scope",
                  "cap_references")


_INSERT_COLUMNS = (
    "source", "external_id", "dedup_key", "sender", "sent_at", "received_at", "cap_status",
    "msg_type", "scope", "event", "category", "urgency", "severity", "certainty", "headline",
    "description", "instruction", "area_desc", "geometry", "grid_id", "expires_at", "status",
    "shelved_until", "repeat_count", "last_seen_at", "acknowledged_by_id", "acknowledged_at",
    "resolved_at", "case_id", "raw", "version", "language", "infos", "cap_references", "note",
    "applied_to_id", "shelved_by_id", "resolved_by_id", "updated_at", "updated_by_id",
)
_SQLITE_UPSERT = (
    f"INSERT INTO alerts ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))}) "
    "ON CONFLICT (dedup_key) DO UPDATE SET "
    "repeat_count = alerts.repeat_count + excluded.repeat_count, "
    "last_seen_at = excluded.last_seen_at"
)


@dataclass(slots=True)
class _Outcome:
    """What writing one batch did: new alerts, repeats, records refused."""

    inserted: int = 0
    repeats: int = 0
    rejections: list[tuple[int, str]] = field(default_factory=list)


def _same(value: Any) -> Any:
    return value


def _maybe_text(value: datetime | None) -> str | None:
    return None if value is None else sqlite_text(value)


_NEW = AlertStatus.NEW.value
# The triggers a new alert can page for (``_critical_causes``).
_CRITICAL = ("alert:extreme", "alert:severe")


def _values(rec: AlertRecord, grid_id: int | None, now: Any, repeat: int,
            when: Callable[[Any], Any], maybe_when: Callable[[Any], Any]) -> tuple[Any, ...]:
    """An alert's column values in ``_INSERT_COLUMNS`` order. ``now`` is the (processed)
    arrival time; ``when``/``maybe_when`` process the record's own times (identity for
    SQLAlchemy's path, the column's bind processor for the driver's)."""
    return (
        rec.source, rec.external_id, rec.dedup_key, rec.sender, maybe_when(rec.sent_at), now,
        rec.cap_status, rec.msg_type, rec.scope, rec.event, rec.category, rec.urgency,
        rec.severity, rec.certainty, rec.headline, rec.description, rec.instruction,
        rec.area_desc, rec.geometry.json_text(), grid_id, maybe_when(rec.expires_at), _NEW,
        None, repeat, now, None, None, None, None, rec.raw, 1, rec.language,
        json.dumps(list(rec.infos), ensure_ascii=False) if rec.infos else "[]",
        rec.references_text, rec.note, None, None, None, None, None,
    )


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """While a bulk import runs, full garbage collections skip the objects alive before it
    (``gc.freeze``). Each full collection would otherwise walk every object of the
    process — a console holds hundreds of thousands — a few times per 100,000 records,
    for garbage that is the import's own and freed young anyway; measured, a tenth of
    the import's time. Young collections run as usual; ``gc.unfreeze`` hands the objects
    back to the next full collection."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _chunks(items: Sequence[str], size: int = _KEY_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _critical_causes(s: Session, keys: Sequence[str], now: datetime) -> list[PageCause]:
    """The new extreme and severe alerts among ``keys``: causes of ``alert:*`` pages."""
    out: list[PageCause] = []
    for chunk in _chunks(keys):
        for aid, severity, headline, event, grid_id, case_id in s.execute(
                select(ALERTS.c.id, ALERTS.c.severity, ALERTS.c.headline, ALERTS.c.event,
                       ALERTS.c.grid_id, ALERTS.c.case_id)
                .where(ALERTS.c.dedup_key.in_(chunk),
                       ALERTS.c.severity.in_(("Extreme", "Severe")),
                       ALERTS.c.status != AlertStatus.RESOLVED.value)):
            out.append(PageCause(
                trigger=f"alert:{severity.lower()}", cause_key=f"alert:{aid}",
                subject="alert", subject_id=aid, reference=f"A-{aid}",
                title=headline or event, at=now, case_id=case_id, alert_id=aid,
                grid_id=grid_id, facts={"severity_cap": severity}))
    return out


def _brief(value: Any) -> Any:
    """A value short enough for an audit entry."""
    if isinstance(value, str) and len(value) > 200:
        return value[:199] + "…"
    return value


def detect_kind(path: Path, head: bytes) -> str:
    """The format of a file: by its extension, else by its first bytes."""
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        kind = CAP if start == b"<" else JSONL if start in (b"{", b"[") else CSV
    if kind == CSV:
        first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
        try:
            text = first.decode("utf-8")
        except UnicodeDecodeError:
            text = first.decode("gb18030", "replace")
        if looks_like_case_header(text):
            kind = CASES
    return kind


@retries_lost_connection
class FeedImporter:
    """Imports feed files: CAP XML (alone or in Atom/RSS), JSON lines and CSV alerts, and
    CSV cases. Every method returns a ``FileReport`` and never raises for bad input; a
    database that cannot be written raises (the file is left for another try)."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 cases: CaseService, actor: Callable[[], OperatorRef], *,
                 language: str = "en", batch_size: int = 5000,
                 max_xml_bytes: int = MAX_XML_BYTES,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._cases = cases
        self._system = actor
        self.language = language
        self.batch_size = batch_size
        self.max_xml_bytes = max_xml_bytes
        self.max_line_bytes = max_line_bytes
        # Pages for new critical alerts, in the import's transaction (console/paging).
        self.pages: PageOutbox = NO_PAGING

    # ---- entry points ----------------------------------------------------------------

    def import_file(self, path: Path | str, *, kind: str | None = None,
                    actor: OperatorRef | None = None,
                    progress: Callable[[int], None] | None = None,
                    no_follow: bool = False) -> FileReport:
        """Import one file. ``kind`` (cap, jsonl, csv, cases) overrides detection by
        extension and content; ``actor`` defaults to the system operator; ``progress``
        gets the number of records done after each committed batch. ``no_follow``
        refuses a symbolic link (the watched inbox: whoever can write there must not make
        the engine read, or move, a file elsewhere)."""
        path = Path(path)
        report = FileReport(printable(str(path)))
        who = actor or self._system()
        try:
            self._check_actor(who, kind)
            flags = os.O_RDONLY | (os.O_NOFOLLOW if no_follow else 0)
            try:
                fd = os.open(path, flags)
            except OSError as e:
                if no_follow and e.errno == errno.ELOOP:
                    raise FeedError("the file is a symbolic link; the inbox takes only "
                                    "regular files", file=report.file) from e
                raise
            size = os.fstat(fd).st_size
            if size == 0:
                os.close(fd)
                raise FeedError("the file is empty", file=report.file)
            with os.fdopen(fd, "rb") as f:
                head = f.read(4096)
                f.seek(0)
                report.kind = kind or detect_kind(path, head)
                if report.kind not in KINDS:
                    raise ValidationError(f"Unknown import format {kind!r}; use one of: "
                                          f"{', '.join(KINDS)}.", "format")
                if report.kind == CAP:
                    if size > self.max_xml_bytes:
                        raise FeedError(too_large(size, self.max_xml_bytes),
                                        file=report.file)
                    self._import_cap(f.read(), report, who, progress)
                else:
                    self._import_stream(f, head, report, who, progress)
        except FeedError as e:
            report.reject(e.record, e.reason)
        except OSError as e:
            report.reject(0, f"cannot read the file: {e.strerror or e}")
        return report

    def import_bytes(self, data: bytes, name: str, *, kind: str | None = None,
                     actor: OperatorRef | None = None) -> FileReport:
        """Import a document held in memory (a feed fetched by other means, a test)."""
        report = FileReport(name)
        who = actor or self._system()
        try:
            self._check_actor(who, kind)
            if not data:
                raise FeedError("the file is empty", file=name)
            report.kind = kind or detect_kind(Path(name), data[:4096])
            if report.kind == CAP:
                self._import_cap(data, report, who, None)
            else:
                self._import_stream(io.BytesIO(data), data[:4096], report, who, None)
        except FeedError as e:
            report.reject(e.record, e.reason)
        return report

    def import_records(self, records: Iterable[AlertRecord | RecordError], name: str, *,
                       actor: OperatorRef | None = None,
                       progress: Callable[[int], None] | None = None) -> FileReport:
        """Store records produced elsewhere (a parser of this package, a custom feed)."""
        report = FileReport(name, kind="records")
        who = actor or self._system()
        require_role(who, ALERT_ACTORS, "import alerts")
        try:
            self._ingest(records, report, who, progress)
        except FeedError as e:
            report.reject(e.record, e.reason)
        return report

    def _check_actor(self, actor: OperatorRef, kind: str | None) -> None:
        if kind == CASES:
            require_role(actor, CASE_WRITERS, "import cases")
        else:
            require_role(actor, ALERT_ACTORS, "import alerts")

    # ---- formats -----------------------------------------------------------------

    def _import_cap(self, data: bytes, report: FileReport, actor: OperatorRef,
                    progress: Callable[[int], None] | None) -> None:
        doc = parse_cap(data, report.file, language=self.language,
                        max_bytes=self.max_xml_bytes)
        report.encoding = doc.encoding
        good = [i for i in doc.items if isinstance(i, AlertRecord)]
        bad = [i for i in doc.items if isinstance(i, RecordError)]
        # Apply in the order the sender sent them: an Update after the alert it updates.
        good.sort(key=lambda r: (r.sent_at is None, r.sent_at or self._clock.now(),
                                 r.msg_type != "Alert"))
        self._ingest([*bad, *good], report, actor, progress)

    def _import_stream(self, f: BinaryIO, head: bytes, report: FileReport,
                       actor: OperatorRef, progress: Callable[[int], None] | None) -> None:
        if report.kind == JSONL and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"[":
            data = f.read(self.max_xml_bytes + 1)
            records, report.encoding = read_json_array(data, report.file, self.max_xml_bytes)
            self._ingest(records, report, actor, progress)
            return
        if report.kind == CASES:
            cases = CaseCsvReader(f, report.file, self.max_line_bytes)
            self._import_cases(cases, report, actor, progress)
            report.encoding = cases.encoding
            for text in cases.notes:
                report.note(0, text)
            return
        reader: JsonLinesReader | AlertCsvReader
        if report.kind == JSONL:
            reader = JsonLinesReader(f, report.file, max_line_bytes=self.max_line_bytes)
        else:
            reader = AlertCsvReader(f, report.file, max_line_bytes=self.max_line_bytes)
        try:
            self._ingest(reader, report, actor, progress)
        finally:
            report.encoding = reader.encoding
            for text in reader.notes:
                report.note(0, text)

    def _import_cases(self, rows: Iterable[CaseInput | RecordError], report: FileReport,
                      actor: OperatorRef, progress: Callable[[int], None] | None) -> None:
        """Each row through ``CaseService.report``: the same checks and audit entry as a
        case typed in."""
        require_role(actor, CASE_WRITERS, "import cases")
        done = 0
        for row in rows:
            done += 1
            if isinstance(row, RecordError):
                report.reject_error(row)
                continue
            try:
                point = None
                if row.lon.strip() or row.lat.strip():
                    point = to_wgs84(row.lon, row.lat, row.crs.strip() or Datum.WGS84)
                case = self._cases.report(
                    actor, title=row.title, category=row.category.strip().lower(),
                    severity=row.severity, grid=row.grid.strip() or None,
                    source=row.source.strip().lower() or "hotline",
                    description=row.description, location=row.location,
                    reporter=row.reporter, point=point)
            except ValidationError as e:
                report.reject(row.record, str(e))
                continue
            report.accepted += 1
            report.note(row.record, f"case {case.reference} reported")
            if progress is not None and done % 100 == 0:
                progress(done)

    # ---- storing alerts ------------------------------------------------------------

    def _ingest(self, items: Iterable[AlertRecord | RecordError], report: FileReport,
                actor: OperatorRef, progress: Callable[[int], None] | None) -> None:
        """Store ``items`` in batches; a CAP Update or Cancel waits until every alert
        before it is written. (A writer thread overlapping reading and writing was tried
        and measured: no faster, since both halves need Python's lock.)"""
        with _old_objects_frozen():
            self._ingest_batches(items, report, actor, progress)

    def _ingest_batches(self, items: Iterable[AlertRecord | RecordError], report: FileReport,
                        actor: OperatorRef, progress: Callable[[int], None] | None) -> None:
        from console.alerts.feeds.grid_locator import GridLocator

        locator = GridLocator(self._district.grids())
        batch: list[AlertRecord] = []
        size = 0
        done = 0  # records read so far: stored, repeated, rejected or applied

        def write() -> None:
            nonlocal batch, size
            if not batch:
                return
            outcome = self._flush(batch, actor, locator, report.file)
            batch, size = [], 0
            report.accepted += outcome.inserted
            report.duplicates += outcome.repeats
            for number, reason in outcome.rejections:
                report.reject(number, reason)
            if progress is not None:
                progress(done)

        for item in items:
            if isinstance(item, RecordError):
                report.reject_error(item)
                done += 1
                continue
            for text in item.notes:
                report.note(item.record, text)
            if item.msg_type != "Alert":
                write()
                self._apply_message(item, report, actor, locator)
                done += 1
                continue
            batch.append(item)
            done += 1
            size += len(item.raw) + len(item.description)
            if len(batch) >= self.batch_size or size >= _BATCH_BYTES:
                write()
        write()
        if done == 0:
            report.note(0, "the file holds no records")

    def _flush(self, batch: list[AlertRecord], actor: OperatorRef, locator: GridLocator,
               file: str) -> _Outcome:
        """Write one batch; what it did comes back as an ``_Outcome``."""
        try:
            return self._write_batch(batch, actor, locator, file)
        except (IntegrityError, DataError):
            # One record the database refuses must not cost the others: write them one
            # by one and reject only the one that fails.
            log.warning("batch refused by the database; retrying record by record",
                        exc_info=True)
        total = _Outcome()
        for rec in batch:
            try:
                one = self._write_batch([rec], actor, locator, file)
            except (IntegrityError, DataError) as e:
                reason = str(e.orig).splitlines()[0] if e.orig else str(e)
                total.rejections.append((rec.record, f"the database refused it: {reason}"))
                continue
            total.inserted += one.inserted
            total.repeats += one.repeats
            total.rejections.extend(one.rejections)
        return total

    def _grids(self, rec: AlertRecord, locator: GridLocator) -> tuple[int, ...]:
        """The grid cells of an alert, the one it is shown under first: the grid it names,
        else the one its area falls in; then every other cell its area reaches."""
        if not rec.grid_code:
            return locator.covering(rec.geometry)
        grid_id = locator.grid_id(rec.grid_code)
        if grid_id is None:
            known = locator.known_codes()
            hint = (f" (known: {', '.join(known[:8])}{'…' if len(known) > 8 else ''})"
                    if known else " (this database has no grids yet)")
            raise FeedError(f"grid {rec.grid_code[:40]!r} is not a grid of this "
                            f"district{hint}", record=rec.record)
        others = locator.covering(rec.geometry) if not rec.geometry.is_empty() else ()
        return (grid_id, *(g for g in others if g != grid_id))

    def _row(self, rec: AlertRecord, grids: tuple[int, ...], now: datetime
             ) -> dict[str, Any]:
        return dict(zip(_INSERT_COLUMNS,
                        _values(rec, grids[0] if grids else None, now, 1, _same, _same),
                        strict=True))

    @staticmethod
    def _attach_grids(s: Session, grids_of: dict[int, tuple[int, ...]]) -> None:
        """Every grid of each alert (id → grids) into ``alert_grids``, replacing any
        the alert had."""
        if not grids_of:
            return
        s.execute(delete(ALERT_GRIDS).where(ALERT_GRIDS.c.alert_id.in_(sorted(grids_of))))
        rows = [{"alert_id": aid, "grid_id": g}
                for aid, grids in grids_of.items() for g in grids]
        if rows:
            s.execute(insert(ALERT_GRIDS), rows)

    def _upsert(self, s: Session) -> Any:
        stmt = upsert(s, ALERTS)
        return stmt.on_conflict_do_update(
            index_elements=["dedup_key"],
            set_={"repeat_count": ALERTS.c.repeat_count + stmt.excluded.repeat_count,
                  "last_seen_at": stmt.excluded.last_seen_at})

    def _insert(self, s: Session, new: list[tuple[AlertRecord, int | None, int]],
                now: datetime) -> None:
        """One executemany upsert of new alerts (record, grid id, repeat count).

        On SQLite the rows go to the driver as tuples, times as ``db.types.sqlite_text``
        makes them (exactly what SQLAlchemy stores), without SQLAlchemy's per-row
        statement and per-value bind processing, which cost more than the insert itself.
        PostgreSQL takes SQLAlchemy's batched multi-row VALUES path.
        """
        conn = s.connection()
        if conn.dialect.name != "sqlite":
            s.execute(self._upsert(s), [
                dict(zip(_INSERT_COLUMNS, _values(rec, grid_id, now, n, _same, _same),
                         strict=True))
                for rec, grid_id, n in new])
            return
        stored_now = sqlite_text(now)
        conn.exec_driver_sql(_SQLITE_UPSERT, [
            _values(rec, grid_id, stored_now, n, sqlite_text, _maybe_text)
            for rec, grid_id, n in new])

    def _write_batch(self, batch: list[AlertRecord], actor: OperatorRef,
                     locator: GridLocator, file: str) -> _Outcome:
        now = self._clock.now()
        outcome = _Outcome()
        rows: dict[str, tuple[AlertRecord, tuple[int, ...]]] = {}
        again: dict[str, int] = {}  # repeats of a key within this batch
        refused: dict[str, str] = {}
        for rec in batch:
            if rec.dedup_key in refused:
                outcome.rejections.append((rec.record, refused[rec.dedup_key]))
                continue
            if rec.dedup_key in rows:
                again[rec.dedup_key] = again.get(rec.dedup_key, 0) + 1
                continue
            try:
                rows[rec.dedup_key] = (rec, self._grids(rec, locator))
            except FeedError as e:
                refused[rec.dedup_key] = e.reason
                outcome.rejections.append((rec.record, e.reason))
        if not rows:
            return outcome
        keys = list(rows)
        with self._db.write.begin() as s:
            on_sqlite = s.get_bind().dialect.name == "sqlite"
            stored = self._stored(s, keys, on_sqlite)
            new_keys = [k for k in keys if k not in stored]
            # SQLite: the write lock is ours since BEGIN, so every id above this one is
            # a row this batch inserted.
            before = (s.scalar(select(func.max(ALERTS.c.id))) or 0) if on_sqlite else 0
            if new_keys:
                self._insert(s, [(rows[k][0], rows[k][1][0] if rows[k][1] else None,
                                  1 + again.get(k, 0)) for k in new_keys], now)
                self._attach_new(s, {k: rows[k][1] for k in new_keys if rows[k][1]},
                                 before if on_sqlite else None)
                # Rules first (one small query): a bulk import need not read back its
                # critical alerts when no rule pages for them.
                if self.pages is not NO_PAGING and self.pages.listens(s, _CRITICAL):
                    self.pages.queue(s, _critical_causes(s, new_keys, now))
            bumps: dict[int, int] = {}
            for key, (aid, applied_to) in stored.items():
                n = 1 + again.get(key, 0)
                for target in (aid, applied_to):
                    if target is not None:
                        bumps[target] = bumps.get(target, 0) + n
            if bumps:
                s.execute(
                    update(ALERTS).where(ALERTS.c.id == bindparam("b_id")).values(
                        repeat_count=ALERTS.c.repeat_count + bindparam("b_n"),
                        last_seen_at=bindparam("b_now")),
                    [{"b_id": aid, "b_n": n, "b_now": now} for aid, n in bumps.items()])
            announce = select(literal(now, Alert.received_at.type), literal("alert"),
                              ALERTS.c.id, literal("insert")).order_by(ALERTS.c.id)
            columns = ["at", "entity", "entity_id", "op"]
            if on_sqlite and new_keys:
                s.execute(insert(Change).from_select(
                    columns, announce.where(ALERTS.c.id > before)))
            elif new_keys:
                for chunk in _chunks(new_keys):
                    s.execute(insert(Change).from_select(
                        columns, announce.where(ALERTS.c.dedup_key.in_(chunk))))
            if bumps:
                s.execute(insert(Change), [
                    {"at": now, "entity": "alert", "entity_id": aid, "op": "update"}
                    for aid in sorted(bumps)])
            repeats = len(stored) + sum(again.values())
            detail = {"file": file, "records": [batch[0].record, batch[-1].record],
                      "inserted": len(new_keys), "repeats": repeats}
            s.execute(insert(AuditEntry).values(
                at=now, operator_id=actor.id, entity="alert", entity_id=0, action="import",
                detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
        outcome.inserted = len(new_keys)
        outcome.repeats = repeats
        return outcome

    def _attach_new(self, s: Session, grids_by_key: dict[str, tuple[int, ...]],
                    above: int | None) -> None:
        """The grids of alerts this batch inserted (dedup key → grids). On SQLite every
        new row's id is above ``above`` (the write lock is ours since BEGIN)."""
        if not grids_by_key:
            return
        ids: dict[str, int] = {}
        if above is not None:
            for key, aid in s.execute(select(ALERTS.c.dedup_key, ALERTS.c.id)
                                      .where(ALERTS.c.id > above)):
                ids[key] = aid
        else:
            for chunk in _chunks(list(grids_by_key)):
                for key, aid in s.execute(select(ALERTS.c.dedup_key, ALERTS.c.id)
                                          .where(ALERTS.c.dedup_key.in_(chunk))):
                    ids[key] = aid
        s.execute(insert(ALERT_GRIDS), [
            {"alert_id": ids[key], "grid_id": g}
            for key, grids in grids_by_key.items() if key in ids for g in grids])

    def _stored(self, s: Session, keys: list[str], on_sqlite: bool
                ) -> dict[str, tuple[int, int | None]]:
        """Which of ``keys`` are stored already: key → (id, applied_to_id). On SQLite the
        keys travel as one JSON parameter (``json_each``) rather than thousands of
        bound parameters compiled into the statement."""
        if on_sqlite:
            found = s.connection().exec_driver_sql(
                "SELECT dedup_key, id, applied_to_id FROM alerts "
                "WHERE dedup_key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))
            return {key: (aid, applied_to) for key, aid, applied_to in found}
        stored: dict[str, tuple[int, int | None]] = {}
        for chunk in _chunks(keys):
            for key, aid, applied_to in s.execute(
                    select(ALERTS.c.dedup_key, ALERTS.c.id, ALERTS.c.applied_to_id)
                    .where(ALERTS.c.dedup_key.in_(chunk))):
                stored[key] = (aid, applied_to)
        return stored

    def _find(self, s: Session, key: str) -> tuple[int, int | None] | None:
        row = s.execute(select(ALERTS.c.id, ALERTS.c.applied_to_id)
                        .where(ALERTS.c.dedup_key == key)).first()
        return (row[0], row[1]) if row is not None else None

    def _find_by_identifier(self, s: Session, ref: CapReference) -> tuple[int, str] | None:
        """The one original alert with this identifier and sent time, whatever its sender
        (id and sender), or None when none or several have them."""
        try:
            sent = parse_time(ref.sent, "sent")
        except BadValue:
            return None
        rows = s.execute(select(ALERTS.c.id, ALERTS.c.sender).where(
            ALERTS.c.external_id == ref.identifier, ALERTS.c.sent_at == sent,
            ALERTS.c.applied_to_id.is_(None)).limit(2)).all()
        return (rows[0][0], rows[0][1]) if len(rows) == 1 else None

    def _apply_message(self, rec: AlertRecord, report: FileReport, actor: OperatorRef,
                       locator: GridLocator) -> None:
        """A CAP Update, Cancel, Ack or Error: stored as its own row and applied to the
        alert it references (see the module docstring)."""
        now = self._clock.now()
        try:
            grids = self._grids(rec, locator)
            row = self._row(rec, grids, now)
        except FeedError as e:
            report.reject(rec.record, e.reason)
            return
        with self._db.write.begin() as s:
            own = self._find(s, rec.dedup_key)
            if own is not None:
                targets = [t for t in own if t is not None]
                s.execute(update(ALERTS).where(ALERTS.c.id.in_(targets)).values(
                    repeat_count=ALERTS.c.repeat_count + 1, last_seen_at=now))
                s.execute(insert(Change), [
                    {"at": now, "entity": "alert", "entity_id": t, "op": "update"}
                    for t in targets])
                report.duplicates += 1
                return
            target_id: int | None = None
            matched_by = "sender, identifier and sent time"
            for ref in reversed(rec.references):
                hit = self._find(s, ref.key)
                if hit is not None:
                    target_id = hit[1] if hit[1] is not None else hit[0]
                    break
            if target_id is None:
                # Some national services name the sender differently in <references> (a
                # short code) than in the original's <sender> (a URL): match by
                # identifier and sent time, when exactly one alert has both.
                for ref in reversed(rec.references):
                    found = self._find_by_identifier(s, ref)
                    if found is not None:
                        target_id, original_sender = found
                        matched_by = (f"identifier and sent time (the reference names the "
                                      f"sender {ref.sender!r}, the alert has "
                                      f"{original_sender!r})")
                        break
            if target_id is None:
                self._store_orphan(s, rec, row, grids, report, actor, now)
                return
            target = s.get(Alert, target_id)
            assert target is not None
            row.update(status=AlertStatus.RESOLVED.value, resolved_at=now,
                       resolved_by_id=actor.id, applied_to_id=target.id,
                       note=f"{rec.msg_type} applied to alert #{target.id}, matched by "
                            f"{matched_by}"[:2000])
            report.note(rec.record, f"{rec.msg_type} applied to alert #{target.id}, matched "
                                    f"by {matched_by}")
            own_id = s.execute(insert(ALERTS).values(**row).returning(ALERTS.c.id)
                               ).scalar_one()
            self._attach_grids(s, {own_id: grids})
            changed: dict[str, Any] = {}
            if rec.msg_type == "Update":
                for name in _UPDATE_FIELDS:
                    old, new = getattr(target, name), row[name]
                    if old != new:
                        changed[name] = [_brief(old), _brief(new)]
                        setattr(target, name, new)
                if target.status in {AlertStatus.ACKNOWLEDGED.value,
                                     AlertStatus.SHELVED.value}:
                    changed["status"] = [target.status, AlertStatus.NEW.value]
                    target.status = AlertStatus.NEW.value
                    target.shelved_until = None
                if "geometry" in changed or "grid_id" in changed:
                    self._attach_grids(s, {target.id: grids})
                action = "cap_update"
            elif rec.msg_type == "Cancel":
                if target.status != AlertStatus.RESOLVED.value:
                    changed["status"] = [target.status, AlertStatus.RESOLVED.value]
                    target.status = AlertStatus.RESOLVED.value
                    target.resolved_at = now
                    target.resolved_by_id = actor.id
                    target.shelved_until = None
                target.note = (f"Cancelled by the sender ({rec.sender}): "
                               f"{rec.note or 'no reason given'}")[:2000]
                action = "cap_cancel"
            else:
                action = f"cap_{rec.msg_type.lower()}"
            changed["msg_type"] = [target.msg_type, rec.msg_type]
            target.msg_type = rec.msg_type
            target.last_seen_at = now
            target.updated_at = now
            target.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="alert", entity_id=target.id,
                   action=action, detail={**changed, "message": rec.external_id,
                                          "sender": rec.sender, "sent": rec.sent_at,
                                          "matched_by": matched_by})
        report.updated += 1

    def _store_orphan(self, s: Session, rec: AlertRecord, row: dict[str, Any],
                      grids: tuple[int, ...], report: FileReport, actor: OperatorRef,
                      now: datetime) -> None:
        refs = rec.references_text or "none"
        if rec.msg_type == "Update":
            note = (f"Update of an alert this console has not received (references: "
                    f"{refs}); kept as an alert of its own.")
        else:
            note = (f"{rec.msg_type} of an alert this console has not received "
                    f"(references: {refs}); kept for the record, nothing to act on.")
            row.update(status=AlertStatus.RESOLVED.value, resolved_at=now,
                       resolved_by_id=actor.id)
        row["note"] = note[:2000]
        aid = s.execute(insert(ALERTS).values(**row).returning(ALERTS.c.id)).scalar_one()
        self._attach_grids(s, {aid: grids})
        record(s, actor=actor, at=now, entity="alert", entity_id=aid, action="import",
               op="insert", detail={"file": report.file, "records": [rec.record],
                                    "note": note})
        report.accepted += 1
        report.note(rec.record, note)

