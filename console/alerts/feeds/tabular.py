"""JSON lines and CSV feeds of alerts, read line by line (case CSV files: ``case_csv``).

Alert fields — JSON keys or CSV headers, matched without regard to case, with ``-`` or
a space read as ``_`` (docs/feeds.md has the same table with examples):

=================  ==========================================  ==========================
field              also accepted as                            stored in
=================  ==========================================  ==========================
id                 identifier, external_id, alert_id           external_id; dedup key
dedup_key                                                      dedup key, as given
source             feed                                        source (default ``feed``)
sender                                                         sender
sent               sent_at, time, timestamp                    sent_at
cap_status         status                                      cap_status (Actual…)
msg_type           msgtype, message_type                       msg_type (Alert…)
scope                                                          scope (Public…)
event                                                          event
category           categories                                  category (CAP: Fire, Met…)
urgency                                                        urgency (Immediate…)
severity                                                       severity (Extreme…)
certainty                                                      certainty (Observed…)
headline                                                       headline
description                                                    description
instruction                                                    instruction
area               area_desc, areadesc                         area_desc
polygon                                                        geometry (CAP ``lat,lon …``)
circle                                                         geometry (``lat,lon km``)
lat, lon           latitude, longitude, lng                    geometry (a point)
geocode            geocodes                                    geometry
grid               grid_code                                   grid (else from the area)
expires            expires_at                                  expires_at
language           lang                                        language
=================  ==========================================  ==========================

Rules: ``event`` or ``headline`` is required; ``urgency``, ``severity``, ``certainty``,
``cap_status``, ``msg_type``, ``scope`` and ``category`` take CAP's words (any case; an
unknown word rejects the record and names the allowed ones) and default to Unknown /
Actual / Alert / Public / empty. Times are ISO 8601 *with* a UTC offset
(``2026-11-22T08:00:00+08:00`` or ``…Z``; JSON may give Unix seconds); a time without
an offset is refused rather than guessed. Other keys and columns are ignored (the raw
record is kept whole).

Dedup key: ``dedup_key`` if given (an export of this console carries it); else
``<source>:<id>``; else a stable hash of source, event (or headline), area and sent — so
the same record imported twice, or from two files, is stored once and counted as a
repeat.

Cases (CSV only): headers ``title, category, severity, grid`` (required) and ``source,
description, location, reporter`` (optional); each row goes through the case service
exactly like a case typed in (same validation, same audit entry).

Longer than 600 lines on purpose: a fifth of it is this reference of the formats, and the
rest is one field table and one record builder (``alert_from_mapping``) that JSON lines
and CSV alerts both go through, plus the CSV line reader the case reader shares.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.geo import check_point, parse_circle, parse_polygon
from console.alerts.feeds.records import (
    CANONICAL,
    CATEGORY_MAX,
    EVENT_MAX,
    EXTERNAL_ID_MAX,
    HEADLINE_MAX,
    LANGUAGE_MAX,
    SENDER_MAX,
    SOURCE_MAX,
    TEXT_MAX,
    AlertRecord,
    BadValue,
    Geometry,
    bounded_key,
    cap_value,
    clean_text,
    cut,
    human_size,
    iso,
    parse_epoch,
    parse_time,
)
from console.alerts.feeds.textio import MAX_LINE_BYTES, Line, LineReader, decode_document

DEFAULT_SOURCE = "feed"

_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("identifier", "external_id", "alert_id"),
    "dedup_key": (),
    "source": ("feed",),
    "sender": (),
    "sent": ("sent_at", "time", "timestamp"),
    "cap_status": ("status",),
    "msg_type": ("msgtype", "message_type"),
    "scope": (),
    "event": (),
    "category": ("categories",),
    "urgency": (),
    "severity": (),
    "certainty": (),
    "headline": (),
    "description": (),
    "instruction": (),
    "area": ("area_desc", "areadesc"),
    "polygon": (),
    "circle": (),
    "lat": ("latitude",),
    "lon": ("longitude", "lng"),
    "geocode": ("geocodes",),
    "grid": ("grid_code",),
    "expires": ("expires_at",),
    "language": ("lang",),
}
ALERT_FIELDS: dict[str, str] = {
    alias: name for name, aliases in _ALIASES.items() for alias in (name, *aliases)
}
_CANONICAL_KEYS = frozenset(_ALIASES)


def normalise_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").casefold().replace("-", "_").replace(" ", "_")


# Keys seen so far and the field each means (None: not an alert field). Bounded, so a
# feed of random keys cannot grow it without end.
_FIELD_OF_KEY: dict[str, str | None] = {}


def _field_of(key: str) -> str | None:
    try:
        return _FIELD_OF_KEY[key]
    except KeyError:
        name = ALERT_FIELDS.get(normalise_key(key))
        if len(_FIELD_OF_KEY) < 4096:
            _FIELD_OF_KEY[key] = name
        return name


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    if value.__class__ is str:
        value = value.strip()
        return value if value.isascii() and "\x00" not in value else clean_text(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value.strip())
    if isinstance(value, bool):
        raise BadValue(f"{name} must be text, not true/false")
    if isinstance(value, int | float):
        return str(value)
    raise BadValue(f"{name} must be text, not a JSON {type(value).__name__}")


def _vocab(values: Mapping[str, Any], kind: str, name: str, default: str) -> str:
    """A CAP word (``cap_value``), or ``default`` when the field is absent or empty."""
    value = values.get(name)
    if value.__class__ is str and value in CANONICAL[kind]:
        return str(value)
    text = _text(values, name)
    return cap_value(kind, text) if text else default


def _when(values: Mapping[str, Any], name: str) -> Any:
    value = values.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(f"{name} must be a date and time, not true/false")
    if isinstance(value, int | float):
        return parse_epoch(float(value), name)
    if isinstance(value, str):
        return parse_time(value, name)
    raise BadValue(f"{name} must be a date and time, not a JSON {type(value).__name__}")


def _categories(value: Any) -> str:
    if value is None or value == "":
        return ""
    if value.__class__ is str and value in CANONICAL["category"]:
        return str(value)
    if isinstance(value, str):
        items = value.replace(";", " ").replace(",", " ").split()
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v for v in value if v.strip()]
    else:
        raise BadValue("category must be text or a list of text")
    return " ".join(cap_value("category", c) for c in items)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(f"{what} must be a number")
    try:
        return float(value)
    except ValueError:
        raise BadValue(f"{what} {str(value)[:20]!r} is not a number") from None


def _polygons(value: Any) -> list[tuple[tuple[float, float], ...]]:
    if isinstance(value, str):
        return [parse_polygon(v) for v in value.split("|") if v.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [parse_polygon(v) for v in value if v.strip()]
    if isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        text = " ".join(f"{_number(p[0], 'polygon latitude')},"
                        f"{_number(p[1], 'polygon longitude')}" for p in value)
        return [parse_polygon(text)] if text else []
    raise BadValue("polygon must be CAP text ('lat,lon lat,lon …') or a list of [lat, lon]")


def _circles(value: Any) -> list[tuple[float, float, float]]:
    if isinstance(value, str):
        return [parse_circle(v) for v in value.split("|") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [parse_circle(v) for v in value if v.strip()]
    if isinstance(value, dict):
        lat, lon = check_point(_number(value.get("lat"), "circle lat"),
                               _number(value.get("lon"), "circle lon"), "circle")
        radius = _number(value.get("radius_km", 0), "circle radius_km")
        return [(lat, lon, max(radius, 0.0))]
    raise BadValue("circle must be CAP text ('lat,lon radius_km')")


def _geocodes(value: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(value, str):
        for part in value.split(";"):
            if part.strip():
                name, sep, code = part.partition("=")
                if not sep:
                    raise BadValue(f"geocode {part.strip()[:40]!r} is not 'name=value'")
                out.append((clean_text(name.strip()), clean_text(code.strip())))
        return out
    if isinstance(value, dict):
        for name, codes in value.items():
            for code in codes if isinstance(codes, list) else [codes]:
                if isinstance(code, dict | list):
                    raise BadValue("geocode values must be text")
                out.append((clean_text(str(name)), clean_text(str(code))))
        return out
    raise BadValue("geocode must be 'name=value;…' text or an object")


def _geometry(values: Mapping[str, Any], notes: list[str]) -> Geometry:
    polygons: list[tuple[tuple[float, float], ...]] = []
    circles: list[tuple[float, float, float]] = []
    geocodes: list[tuple[str, str]] = []
    value = values.get("polygon")
    if value is not None and value != "":
        try:
            polygons.extend(_polygons(value))
        except BadValue as e:
            notes.append(f"polygon left out: {e}")
    value = values.get("circle")
    if value is not None and value != "":
        try:
            circles.extend(_circles(value))
        except BadValue as e:
            notes.append(f"circle left out: {e}")
    value = values.get("geocode")
    if value is not None and value != "":
        try:
            geocodes.extend(_geocodes(value))
        except BadValue as e:
            notes.append(f"geocode left out: {e}")
    lat, lon = values.get("lat"), values.get("lon")
    if lat not in (None, "") or lon not in (None, ""):
        try:
            point = check_point(_number(lat, "lat"), _number(lon, "lon"), "point")
            circles.append((point[0], point[1], 0.0))
        except BadValue as e:
            notes.append(f"lat/lon left out: {e}")
    return Geometry(tuple(polygons), tuple(circles), tuple(geocodes))


def alert_from_mapping(fields: Mapping[str, Any], record: int, raw: str,
                       default_source: str = DEFAULT_SOURCE) -> AlertRecord:
    """One alert record from JSON keys or CSV headers (see the module's table).
    Raises ``BadValue`` with the reason when the record cannot be used."""
    values: Mapping[str, Any]
    if fields.keys() <= _CANONICAL_KEYS:
        values = fields  # the common case: the fields' own names, nothing to translate
    else:
        values = {}
        for key, value in fields.items():
            name = _field_of(key) if isinstance(key, str) else None
            if name is not None and (name not in values or values[name] in (None, "")):
                values[name] = value
    notes: list[str] = []
    event = _text(values, "event")
    headline = _text(values, "headline")
    if not event and not headline:
        raise BadValue("an alert needs an event or a headline; this record has neither")
    source = _text(values, "source") or default_source
    if len(source) > SOURCE_MAX:
        raise BadValue(f"source {source[:40]!r} is {len(source)} characters; at most "
                       f"{SOURCE_MAX}")
    external_id = _text(values, "id")
    sent = _when(values, "sent")
    area = _text(values, "area")
    given_key = _text(values, "dedup_key")
    if given_key:
        dedup_key = bounded_key("", given_key)
    elif external_id:
        dedup_key = bounded_key(f"{source}:", external_id)
    else:
        basis = "\x1f".join((source, event or headline, area, iso(sent)))
        dedup_key = "h:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:40]

    return AlertRecord(
        record=record,
        source=source,
        external_id=cut(external_id, EXTERNAL_ID_MAX, "id", notes),
        dedup_key=dedup_key,
        sender=cut(_text(values, "sender"), SENDER_MAX, "sender", notes),
        sent_at=sent,
        cap_status=_vocab(values, "status", "cap_status", "Actual"),
        msg_type=_vocab(values, "msgType", "msg_type", "Alert"),
        scope=_vocab(values, "scope", "scope", "Public"),
        event=cut(event, EVENT_MAX, "event", notes),
        category=cut(_categories(values.get("category")), CATEGORY_MAX, "category", notes),
        urgency=_vocab(values, "urgency", "urgency", "Unknown"),
        severity=_vocab(values, "severity", "severity", "Unknown"),
        certainty=_vocab(values, "certainty", "certainty", "Unknown"),
        headline=cut(headline, HEADLINE_MAX, "headline", notes),
        description=cut(_text(values, "description"), TEXT_MAX, "description", notes),
        instruction=cut(_text(values, "instruction"), TEXT_MAX, "instruction", notes),
        area_desc=cut(area, TEXT_MAX, "area", notes),
        geometry=_geometry(values, notes),
        grid_code=_text(values, "grid"),
        expires_at=_when(values, "expires"),
        language=cut(_text(values, "language"), LANGUAGE_MAX, "language", notes),
        raw=clean_text(raw),
        notes=tuple(notes),
    )


class JsonLinesReader:
    """Alert records from JSON lines: one object per line, blank lines skipped.

    Iterating yields an ``AlertRecord`` or a ``RecordError`` per line; memory stays
    bounded by the longest line (at most ``max_line_bytes``), whatever the file's size.
    """

    def __init__(self, stream: BinaryIO, name: str, *, default_source: str = DEFAULT_SOURCE,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.name = name
        self._lines = LineReader(stream, name, max_line_bytes)
        self._default_source = default_source
        self.notes: list[str] = []

    @property
    def encoding(self) -> str:
        return self._lines.encoding

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read

    def __iter__(self) -> Iterator[AlertRecord | RecordError]:
        seen_any = False
        for line in self._lines:
            if isinstance(line, RecordError):
                yield line
                continue
            text = line.text.strip()
            if not text:
                continue
            if not seen_any and text.startswith("["):
                raise FeedError("the file is one JSON array, not JSON lines (one object per "
                                "line); write one alert object per line", file=self.name)
            seen_any = True
            yield self._record(line.number, text)

    def _record(self, number: int, text: str) -> AlertRecord | RecordError:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            return RecordError(f"not valid JSON at column {e.colno}: {e.msg}",
                               file=self.name, record=number)
        except (ValueError, RecursionError):
            return RecordError("not valid JSON (nested too deeply or a number too large)",
                               file=self.name, record=number)
        if not isinstance(obj, dict):
            return RecordError(f"the line is a JSON {type(obj).__name__}, not an object "
                               "with alert fields", file=self.name, record=number)
        try:
            return alert_from_mapping(obj, number, text, self._default_source)
        except BadValue as e:
            return RecordError(str(e), file=self.name, record=number)


def read_json_array(data: bytes, name: str, max_bytes: int,
                    default_source: str = DEFAULT_SOURCE
                    ) -> tuple[list[AlertRecord | RecordError], str]:
    """Alert records from a file holding one JSON array of objects (read whole, so it is
    refused above ``max_bytes``; JSON lines have no such limit). Records are numbered
    from 1 in array order."""
    if len(data) > max_bytes:
        raise FeedError(f"the JSON array is larger than {human_size(max_bytes)}; write it "
                        "as JSON lines (one object per line) to import it in a stream",
                        file=name)
    text, encoding = decode_document(data, name)
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise FeedError(f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}",
                        file=name) from None
    except (ValueError, RecursionError):
        raise FeedError("not valid JSON (nested too deeply or a number too large)",
                        file=name) from None
    if not isinstance(items, list):
        raise FeedError("the file is JSON but not an array or JSON lines", file=name)
    out: list[AlertRecord | RecordError] = []
    for n, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            out.append(RecordError(f"item {n} is a JSON {type(obj).__name__}, not an object "
                                   "with alert fields", file=name, record=n))
            continue
        try:
            out.append(alert_from_mapping(obj, n, json.dumps(obj, ensure_ascii=False),
                                          default_source))
        except BadValue as e:
            out.append(RecordError(str(e), file=name, record=n))
    return out, encoding


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One CSV row: its first line number and its cells by (normalised) header."""

    record: int
    values: dict[str, str]
    raw: str


class CsvReader:
    """Rows of a CSV file with a header line, read line by line with bounded memory.

    The delimiter is the one of ``,``, ``;`` or tab found most in the header line. A row
    with more cells than the header is rejected; a shorter row has empty cells at its end.
    """

    def __init__(self, stream: BinaryIO, name: str,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.name = name
        self._lines = LineReader(stream, name, max_line_bytes)
        self._pending: deque[RecordError] = deque()
        self._line_no = 0
        self.header: list[str] = []
        self.notes: list[str] = []

    @property
    def encoding(self) -> str:
        return self._lines.encoding

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read

    def _texts(self) -> Iterator[str]:
        for item in self._lines:
            if isinstance(item, RecordError):
                self._pending.append(item)
                continue
            self._line_no = item.number
            yield item.text

    def _first_line(self, texts: Iterator[str]) -> Line:
        for text in texts:
            if text.strip():
                return Line(self._line_no, text)
        raise FeedError("the file is empty (no header line)", file=self.name)

    def rows(self) -> Iterator[CsvRow | RecordError]:
        texts = self._texts()
        first = self._first_line(texts)
        delimiter = max((",", ";", "\t"), key=first.text.count)
        reader = csv.reader(itertools.chain([first.text], texts), delimiter=delimiter)
        try:
            header = next(reader)
        except csv.Error as e:
            raise FeedError(f"the header line cannot be read as CSV: {e}",
                            file=self.name) from None
        self.header = [normalise_key(h) for h in header]
        end = self._line_no
        while True:
            start = end + 1
            cells: list[str] | None = None
            problem: RecordError | None = None
            try:
                cells = next(reader)
            except StopIteration:
                pass
            except csv.Error as e:
                problem = RecordError(f"not readable as CSV: {e}", file=self.name,
                                      record=start)
            while self._pending:
                yield self._pending.popleft()
            end = self._line_no
            if problem is not None:
                yield problem
                continue
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(self.header):
                yield RecordError(
                    f"the row has {len(cells)} cells but the header has {len(self.header)} "
                    "(a stray delimiter, or a text with a comma that is not in quotes?)",
                    file=self.name, record=start)
                continue
            values = {h: clean_text(c) for h, c in zip(self.header, cells, strict=False)}
            raw = json.dumps(dict(zip(header, cells, strict=False)), ensure_ascii=False)
            yield CsvRow(start, values, raw)


class AlertCsvReader:
    """Alert records from a CSV file (the same fields as JSON lines, as headers)."""

    def __init__(self, stream: BinaryIO, name: str, *, default_source: str = DEFAULT_SOURCE,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.name = name
        self._csv = CsvReader(stream, name, max_line_bytes)
        self._default_source = default_source
        self.notes = self._csv.notes

    @property
    def encoding(self) -> str:
        return self._csv.encoding

    @property
    def bytes_read(self) -> int:
        return self._csv.bytes_read

    def __iter__(self) -> Iterator[AlertRecord | RecordError]:
        checked = False
        for row in self._csv.rows():
            if not checked:
                self._check_header()
                checked = True
            if isinstance(row, RecordError):
                yield row
                continue
            try:
                yield alert_from_mapping(row.values, row.record, row.raw, self._default_source)
            except BadValue as e:
                yield RecordError(str(e), file=self.name, record=row.record)
        if not checked:
            self._check_header()

    def _check_header(self) -> None:
        header = self._csv.header
        if not {"event", "headline"} & {ALERT_FIELDS.get(h) for h in header}:
            shown = ", ".join(header[:12]) or "(none)"
            raise FeedError(f"the header has no 'event' or 'headline' column (it has: {shown})",
                            file=self.name)
        unknown = [h for h in header if h and h not in ALERT_FIELDS]
        if unknown:
            self.notes.append(f"column(s) {', '.join(unknown[:10])} are not alert fields; "
                              "ignored")
