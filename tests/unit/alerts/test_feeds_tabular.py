"""JSON lines and CSV import: field mapping, dedup, encodings, bad lines, size, speed, cases."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, text

from console.alerts.feeds.case_csv import CaseCsvReader, CaseInput
from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.export import export_alerts
from console.alerts.feeds.records import AlertRecord, BadValue
from console.alerts.feeds.tabular import (
    AlertCsvReader,
    JsonLinesReader,
    alert_from_mapping,
)
from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Category, OperatorRef, Source
from console.core.errors import PermissionDenied
from db.demo.district_loader import load_district
from db.models import Alert, AuditEntry, Case, Change

DATA = Path(__file__).resolve().parents[2] / "data" / "feeds"


def _rows(app: App) -> dict[str, Any]:
    return {r.headline or r.event: r for r in app.alerts.list_alerts(limit=1000).rows}


def _read_jsonl(data: bytes) -> list[AlertRecord | RecordError]:
    return list(JsonLinesReader(io.BytesIO(data), "t.jsonl"))


# ---- JSON lines -------------------------------------------------------------------


def test_jsonl_fields_are_mapped(app: App) -> None:
    report = app.importer.import_file(DATA / "alerts.jsonl")
    assert (report.accepted, report.rejected, report.kind) == (3, 0, "jsonl")
    rows = _rows(app)
    smoke = rows["Smoke detector 17 in Riverside North"]
    assert smoke.source == "sensor-net"
    assert smoke.grid_code == "XH-01"  # lat/lon inside Riverside North
    assert (smoke.category, smoke.urgency, smoke.severity, smoke.certainty) == (
        "Fire", "Immediate", "Severe", "Observed")
    assert smoke.sent_at == datetime(2026, 11, 22, 0, 1, tzinfo=UTC)
    water = rows["Water level high"]
    assert water.grid_code == "XH-07"  # named
    assert water.severity == "Moderate"  # "moderate" in the file
    crowd = rows["Crowd gathering"]
    assert crowd.category == "Safety Security"
    assert crowd.sent_at == datetime.fromtimestamp(1795398000, UTC)
    detail = app.alerts.get(smoke.id)
    assert detail.external_id == "IOT-1001"
    assert detail.dedup_key == "sensor-net:IOT-1001"
    assert json.loads(detail.raw)["id"] == "IOT-1001"
    assert detail.geometry["circles"] == [{"lat": 30.296, "lon": 120.1545, "radius_km": 0.0}]
    assert app.alerts.get(crowd.id).dedup_key.startswith("h:")  # no id: a stable hash


def test_same_file_twice_adds_nothing_and_counts_repeats(app: App) -> None:
    app.importer.import_file(DATA / "alerts.jsonl")
    with app.db.read() as s:
        changes_before = s.scalar(select(func.count()).select_from(Change))
    again = app.importer.import_file(DATA / "alerts.jsonl")
    assert (again.accepted, again.duplicates, again.rejected) == (0, 3, 0)
    rows = app.alerts.list_alerts().rows
    assert len(rows) == 3
    assert {r.repeat_count for r in rows} == {2}
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Alert)) == 3
        changes = s.execute(select(Change.entity, Change.op).where(
            Change.seq > changes_before)).all()
    assert sorted(changes) == [("alert", "update")] * 3  # the panel refetches the three


def test_times_are_stored_exactly_as_sqlalchemy_stores_them(app: App, tmp_path: Path) -> None:
    """The SQLite fast path hands the driver text; it must be the text SQLAlchemy writes,
    or times from the two paths would not compare or sort together."""
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "T-1", "event": "x", "sent": "2026-11-22T08:00:00.5+08:00"}\n')
    app.importer.import_file(path)
    now = app.clock.now()
    with app.db.write.begin() as s:
        s.execute(insert(Alert).values(source="escalation", dedup_key="esc:1", received_at=now,
                                       last_seen_at=now, sent_at=now))
    with app.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT received_at, sent_at FROM alerts ORDER BY id")).all()
    assert stored[0][0] == stored[1][0]
    with app.db.read() as s:
        assert s.scalar(select(func.count()).where(Alert.received_at == now)) == 2
        assert s.scalar(select(Alert.sent_at).where(Alert.dedup_key == "feed:T-1")) == \
            datetime(2026, 11, 22, 0, 0, 0, 500000, tzinfo=UTC)


def test_the_same_record_twice_in_one_file_is_one_alert(app: App, tmp_path: Path) -> None:
    line = '{"id": "D-1", "event": "Doubled"}\n'
    path = tmp_path / "twice.jsonl"
    path.write_text(line * 3)
    report = app.importer.import_file(path)
    assert (report.accepted, report.duplicates) == (1, 2)
    assert app.alerts.list_alerts().rows[0].repeat_count == 3


def test_batches_change_feed_and_audit(app: App, tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"B-{i}", "event": "Batch"}) + "\n"
                            for i in range(25)))
    app.importer.batch_size = 10
    done: list[int] = []
    report = app.importer.import_file(path, progress=done.append)
    assert report.accepted == 25
    assert done == [10, 20, 25]
    with app.db.read() as s:
        inserted = s.scalars(select(Change.entity_id).where(
            Change.entity == "alert", Change.op == "insert").order_by(Change.seq)).all()
        ids = s.scalars(select(Alert.id).order_by(Alert.id)).all()
        audits = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "import")).all()
    assert list(inserted) == list(ids)
    assert len(audits) == 3
    assert json.loads(audits[0]) == {"file": str(path), "inserted": 10, "records": [1, 10],
                                     "repeats": 0}


def test_bad_lines_are_named_and_good_lines_kept(app: App) -> None:
    report = app.importer.import_file(DATA / "alerts_mixed.jsonl")
    assert (report.accepted, report.rejected) == (2, 7)
    reasons = {r.record: r.reason for r in report.rejections}
    assert reasons == {
        2: "severity 'Hgh' is not a CAP severity; use one of: Extreme, Severe, Moderate, "
           "Minor, Unknown",
        3: "sent '22/11/2026 08:00' is not a date and time (use ISO 8601, e.g. "
           "2026-11-22T08:00:00+08:00)",
        4: "sent '2026-11-22T08:00:00' has no time zone; add one (e.g. +08:00 or Z) so the "
           "time is not misread",
        5: "not valid JSON at column 26: Expecting value",
        6: "the line is a JSON list, not an object with alert fields",
        7: "an alert needs an event or a headline; this record has neither",
        8: "grid 'XH-99' is not a grid of this district (known: XH-01, XH-02, XH-03, XH-04, "
           "XH-05, XH-06, XH-07, XH-08…)",
    }
    assert set(_rows(app)) == {"Good one", "Also good"}
    assert f"{DATA / 'alerts_mixed.jsonl'}:5: rejected: not valid JSON" in report.format()
    assert report.exit_code == 1


@pytest.mark.parametrize(("record", "words"), [
    ({"event": "x", "urgency": "soon"}, "urgency 'soon' is not a CAP urgency"),
    ({"event": "x", "certainty": 3}, "certainty '3' is not a CAP certainty"),
    ({"event": "x", "category": "Weather"}, "category 'Weather' is not a CAP category"),
    ({"event": "x", "msg_type": "Notice"}, "msgType 'Notice' is not a CAP msgType"),
    ({"event": "x", "scope": "Everyone"}, "scope 'Everyone' is not a CAP scope"),
    ({"event": {"a": 1}}, "event must be text, not a JSON dict"),
    ({"event": "x", "sent": True}, "sent must be a date and time, not true/false"),
    ({"event": "x", "sent": "2026-02-30T00:00:00Z"}, "is not a date and time"),
    ({"event": "x", "expires": 1e300}, "is out of range"),
    ({"event": "x", "source": "s" * 30}, "source 'ssss"),
])
def test_unusable_records_say_why(record: dict[str, Any], words: str) -> None:
    with pytest.raises(BadValue) as caught:
        alert_from_mapping(record, 1, json.dumps(record))
    assert words in str(caught.value)


def test_a_bad_point_is_left_out_with_a_note() -> None:
    rec = alert_from_mapping({"event": "x", "lat": 120.1, "lon": 30.2}, 1, "")
    assert rec.geometry.is_empty()
    assert "not on Earth" in rec.notes[0]


def test_long_text_is_cut_and_noted() -> None:
    rec = alert_from_mapping({"event": "e" * 300, "headline": "h" * 600}, 1, "")
    assert len(rec.event) == 255
    assert len(rec.headline) == 500
    assert rec.event.endswith("…")
    assert rec.notes == ("event cut to 255 characters (it had 300)",
                         "headline cut to 500 characters (it had 600)")


def test_nul_and_lone_surrogates_are_stored_safely(app: App, tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "N-1", "event": "a\\u0000b", "headline": "x\\ud800y"}\n')
    report = app.importer.import_file(path)
    assert report.ok, report.format()
    row = app.alerts.list_alerts().rows[0]
    assert row.event == "a\ufffdb"
    assert row.headline == "x?y"


def test_gbk_jsonl_is_read_and_the_encoding_named(app: App, tmp_path: Path) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes('{"id": "G-1", "event": "占道经营", "area": "滨河路"}\n'.encode("gbk"))
    report = app.importer.import_file(path)
    assert report.ok
    assert report.encoding == "gb18030"
    assert app.alerts.list_alerts().rows[0].event == "占道经营"


def test_utf8_bom_jsonl() -> None:
    (rec,) = _read_jsonl(b'\xef\xbb\xbf{"event": "with BOM"}\n')
    assert isinstance(rec, AlertRecord)
    assert rec.event == "with BOM"


def test_utf16_is_refused_with_a_reason() -> None:
    with pytest.raises(FeedError, match="UTF-16"):
        _read_jsonl('{"event": "x"}\n'.encode("utf-16"))


def test_a_line_neither_utf8_nor_gb18030_is_rejected_alone() -> None:
    items = _read_jsonl(b'{"event": "a"}\n{"event": "\x80\xff"}\n{"event": "c"}\n')
    assert [type(i).__name__ for i in items] == ["AlertRecord", "RecordError", "AlertRecord"]
    assert "neither UTF-8 nor GB18030" in items[1].reason  # type: ignore[union-attr]


def test_an_over_long_line_is_skipped_and_reading_goes_on() -> None:
    data = b'{"event": "' + b"x" * 3000 + b'"}\n{"event": "after"}\n'
    reader = JsonLinesReader(io.BytesIO(data), "long.jsonl", max_line_bytes=1024)
    items = list(reader)
    assert isinstance(items[0], RecordError)
    assert items[0].reason == "the line is longer than 1 KB; nothing in it was read"
    assert isinstance(items[1], AlertRecord)
    assert items[1].record == 2


def test_empty_and_blank_files(app: App, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    report = app.importer.import_file(empty)
    assert report.rejected == 1
    assert report.rejections[0].reason == "the file is empty"
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n")
    assert "the file is empty (no header line)" in \
        app.importer.import_file(blank).rejections[0].reason
    spaces = tmp_path / "spaces.jsonl"
    spaces.write_text("\n   \n")
    report = app.importer.import_file(spaces)
    assert report.ok
    assert report.notes[0].reason == "the file holds no records"


def test_a_json_array_file_is_read_too(app: App, tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"id": "A-1", "event": "One"}, {"id": "A-2"}, 5]))
    report = app.importer.import_file(path)
    assert report.accepted == 1
    assert [(r.record, r.reason.split(";")[0]) for r in report.rejections] == [
        (2, "an alert needs an event or a headline"),
        (3, "item 3 is a JSON int, not an object with alert fields")]


def test_a_missing_file_is_a_rejection_not_a_crash(app: App, tmp_path: Path) -> None:
    report = app.importer.import_file(tmp_path / "nowhere.jsonl")
    assert report.rejected == 1
    assert report.rejections[0].reason.startswith("cannot read the file")


@pytest.mark.slow
def test_200_mb_jsonl_streams_with_bounded_memory(tmp_path: Path, clock: FakeClock) -> None:
    """200 MB: 100 lines of 1.6 MB (refused as too long, skipped in chunks) among 50,000
    ordinary alerts. Memory must not grow with the file. (SQLite only: the point is the
    reading, which is the same on every backend.)"""
    app = open_app(f"sqlite:///{tmp_path / 'big.sqlite'}", clock)
    path = tmp_path / "big.jsonl"
    good = 50_000
    huge = b'{"event": "huge", "description": "' + b"x" * 1_600_000 + b'"}\n'
    with path.open("wb") as f:
        for i in range(good):
            f.write(json.dumps({"id": f"BIG-{i}", "event": "Sensor", "area": "a" * 900}
                               ).encode() + b"\n")
            if i % 500 == 0:
                f.write(huge)
    assert path.stat().st_size > 200 * 1000 * 1000
    process = psutil.Process(os.getpid())
    before = process.memory_info().rss
    peak = [before]
    report = app.importer.import_file(path, progress=lambda n: peak.append(
        process.memory_info().rss))
    assert report.accepted == good
    assert report.rejected == 100
    assert report.rejections[0].reason == "the line is longer than 1024 KB; nothing in it " \
        "was read"
    app.close()
    assert max(peak) - before < 120 * 1024 * 1024


# ---- CSV ----------------------------------------------------------------------------


def test_csv_fields_quotes_and_multiline_cells(app: App) -> None:
    report = app.importer.import_file(DATA / "alerts.csv")
    assert (report.accepted, report.rejected, report.kind) == (2, 2, "csv")
    assert [(r.record, r.reason) for r in report.rejections] == [
        (5, "severity 'Cosmic' is not a CAP severity; use one of: Extreme, Severe, Moderate, "
            "Minor, Unknown"),
        (6, "the row has 14 cells but the header has 13 (a stray delimiter, or a text with a "
            "comma that is not in quotes?)"),
    ]
    rows = _rows(app)
    burst = rows["Water main burst on Binhe Road"]
    assert burst.grid_code == "XH-01"
    assert app.alerts.get(burst.id).description == 'Water on the road, "fast" flowing'
    crash = app.alerts.get(rows["Two cars collided"].id)
    assert crash.description == "Line one\nline two"
    assert crash.external_id == "CSV-2"


def test_gbk_csv_is_read_and_the_encoding_named(app: App) -> None:
    report = app.importer.import_file(DATA / "alerts_gbk.csv")
    assert report.ok
    assert report.encoding == "gb18030"
    assert "encoding=gb18030" in report.summary()
    rows = _rows(app)
    assert rows["滨河路占道经营"].source == "城管"
    assert rows["消防通道被占用"].area_desc == "文三路"


def test_csv_semicolons_bom_and_header_aliases() -> None:
    data = "\ufeffID;Event;Severity;Area Desc\nS-1;Smoke;severe;Block 1\n".encode()
    (rec,) = list(AlertCsvReader(io.BytesIO(data), "semi.csv"))
    assert isinstance(rec, AlertRecord)
    assert (rec.external_id, rec.event, rec.severity, rec.area_desc) == (
        "S-1", "Smoke", "Severe", "Block 1")


def test_csv_without_event_or_headline_column_is_refused(app: App, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("when,what\n1,2\n")
    report = app.importer.import_file(path)
    assert report.rejected == 1
    assert report.rejections[0].reason == ("the header has no 'event' or 'headline' column "
                                           "(it has: when, what)")


def test_csv_notes_unknown_columns(app: App, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("event,colour\nFog,grey\n")
    report = app.importer.import_file(path)
    assert report.ok
    assert report.notes[0].reason == "column(s) colour are not alert fields; ignored"


# ---- export and back ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imports_back_as_repeats_and_recreates_elsewhere(
    app: App, clock: FakeClock, tmp_path: Path, fmt: str,
) -> None:
    app.importer.import_file(DATA / "alerts.jsonl")
    app.importer.import_file(DATA / "cap_chain_1_alert.xml")
    out = io.StringIO()
    assert export_alerts(app.db, app.alerts, fmt, out) == 4
    path = tmp_path / f"export.{'jsonl' if fmt == 'json' else 'csv'}"
    path.write_text(out.getvalue(), encoding="utf-8")
    again = app.importer.import_file(path)
    assert (again.accepted, again.duplicates, again.rejected) == (0, 4, 0), again.format()
    other = open_app(f"sqlite:///{tmp_path / 'other.sqlite'}", clock)
    try:
        load_district(other.db, clock.now())
        other.district.invalidate()
        report = other.importer.import_file(path)
        assert report.accepted == 4
        mine = {(r.event, r.severity, r.grid_code, r.sent_at) for r in
                app.alerts.list_alerts().rows}
        theirs = {(r.event, r.severity, r.grid_code, r.sent_at) for r in
                  other.alerts.list_alerts().rows}
        assert mine == theirs
    finally:
        other.close()


# ---- cases from CSV -----------------------------------------------------------------


def test_cases_csv_goes_through_the_case_service(app: App, officer: OperatorRef) -> None:
    report = app.importer.import_file(DATA / "cases.csv", actor=officer)
    assert (report.kind, report.accepted, report.rejected) == ("cases", 2, 2)
    assert [(r.record, r.reason) for r in report.rejections] == [
        (4, "Severity must be 1 (critical), 2 (high), 3 (medium) or 4 (low), not '9'."),
        (5, "Unknown grid 'XH-99'. Known grids: XH-01, XH-02, XH-03, XH-04, XH-05, XH-06, "
            "XH-07, XH-08…."),
    ]
    bikes = app.cases.get("C-2026-000001")
    assert bikes.row.title == "Electric bikes charging in stairwell"
    assert bikes.row.category is Category.FIRE
    assert bikes.row.source is Source.GRID_PATROL
    assert bikes.row.grid_code == "XH-05"
    assert bikes.location == "Block 5 unit 2"
    assert bikes.reporter == "Grid worker Li"
    assert bikes.created_by == officer.display_name
    light = app.cases.get("C-2026-000002")
    assert light.row.source is Source.HOTLINE
    assert light.row.grid_code == "XH-07"
    assert [e.action for e in app.cases.timeline("C-2026-000002")] == ["report"]


def test_reviewer_may_not_import(app: App, reviewer: OperatorRef) -> None:
    with pytest.raises(PermissionDenied, match="may not import cases"):
        app.importer.import_file(DATA / "cases.csv", actor=reviewer, kind="cases")
    with pytest.raises(PermissionDenied, match="may not import alerts"):
        app.importer.import_file(DATA / "alerts.jsonl", actor=reviewer)
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0


def test_case_csv_reader_checks_the_header() -> None:
    with pytest.raises(FeedError, match="needs the column"):
        list(CaseCsvReader(io.BytesIO(b"title,grid\nx,XH-01\n"), "c.csv"))
    (row,) = list(CaseCsvReader(io.BytesIO(b"Title,Category,Severity,Grid\nT,fire,2,XH-01\n"),
                                "c.csv"))
    assert row == CaseInput(2, "T", "fire", "2", "XH-01", "", "", "", "", "", "", "")


# ---- speed ------------------------------------------------------------------------


def _bench_file(path: Path, n: int) -> None:
    rng = random.Random(1)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    with path.open("w") as f:
        for i in range(n):
            f.write(json.dumps({
                "id": f"S-{i:07d}", "source": "sensor-net", "sender": "iot@example.gov",
                "sent": (start + timedelta(seconds=i)).isoformat(), "event": "Water level high",
                "category": "Met", "urgency": "Expected", "severity": severities[i % 5],
                "certainty": "Observed", "headline": f"Gauge {i % 500} above warning level",
                "description": "Water at the gauge rose above the warning mark; check the "
                               "underpass.",
                "area": f"Gauge {i % 500}", "lat": 30.29 + rng.random() * 0.02,
                "lon": 120.15 + rng.random() * 0.06}) + "\n")


def measure_ingest(tmp_path: Path, n: int) -> tuple[float, float]:
    """Seconds to import ``n`` JSON-lines alerts into SQLite, and seconds for plain sqlite3
    to executemany the very rows that import stored into the same schema (one
    transaction) — the best of three runs each, interleaved, so that a burst of load
    from elsewhere on the machine weighs on both alike."""
    source = tmp_path / "bench.jsonl"
    _bench_file(source, n)
    clock = FakeClock(datetime(2026, 11, 22, tzinfo=UTC))
    ours: list[float] = []
    plain: list[float] = []
    rows: list[tuple[Any, ...]] = []
    columns: list[str] = []
    for run in range(3):
        app = open_app(f"sqlite:///{tmp_path / f'ours{run}.sqlite'}", clock)
        load_district(app.db, clock.now())
        app.district.invalidate()
        started = time.perf_counter()
        report = app.importer.import_file(source)
        ours.append(time.perf_counter() - started)
        assert report.accepted == n
        app.close()
        if not rows:
            con = sqlite3.connect(tmp_path / "ours0.sqlite")
            columns = [c[1] for c in con.execute("PRAGMA table_xinfo(alerts)")
                       if c[1] not in ("id", "severity_rank", "is_open")]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM alerts ORDER BY id").fetchall()
            con.close()
        target = tmp_path / f"plain{run}.sqlite"
        open_app(f"sqlite:///{target}", clock).close()
        con = sqlite3.connect(target, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        sql = (f"INSERT INTO alerts ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        started = time.perf_counter()
        con.execute("BEGIN")
        con.executemany(sql, rows)
        con.execute("COMMIT")
        plain.append(time.perf_counter() - started)
        con.close()
    return min(ours), min(plain)


@pytest.mark.slow
def test_ingest_keeps_within_an_order_of_magnitude_of_plain_sqlite(tmp_path: Path) -> None:
    """A regression guard, not the benchmark: ``make bench`` measures the issue's goal
    (≥ 0.25 of plain executemany at 100,000 alerts) on a quiet machine. Here a ratio of the
    two, measured in one run, must not collapse (a row-at-a-time path would be ~0.02)."""
    n = 20_000
    ours, plain = measure_ingest(tmp_path, n)
    print(f"\nimport of {n:,} JSON-lines alerts: {ours:.2f} s ({n / ours:,.0f}/s); plain "
          f"sqlite3 executemany of the same rows: {plain:.2f} s ({n / plain:,.0f}/s); "
          f"ratio {plain / ours:.2f}")
    assert plain / ours >= 0.08


# ---- fuzzing ----------------------------------------------------------------------

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=10)
_KEYS = st.sampled_from(["id", "event", "headline", "sent", "severity", "urgency", "category",
                         "polygon", "circle", "lat", "lon", "geocode", "grid", "expires",
                         "source", "Status", "msg-type", "area", "dedup_key", "x"])


def _only_records_or_record_errors(items: list[Any]) -> None:
    for item in items:
        assert isinstance(item, AlertRecord | RecordError)


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_jsonl_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(FeedError):
        _only_records_or_record_errors(list(JsonLinesReader(io.BytesIO(data), "f.jsonl")))


@FUZZ
@given(st.dictionaries(_KEYS, _JSON, max_size=8))
def test_fuzz_jsonl_arbitrary_objects(obj: dict[str, Any]) -> None:
    line = json.dumps(obj).encode() + b"\n"
    _only_records_or_record_errors(list(JsonLinesReader(io.BytesIO(line), "f.jsonl")))


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_csv_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(FeedError):
        _only_records_or_record_errors(list(AlertCsvReader(io.BytesIO(data), "f.csv")))


@FUZZ
@given(st.lists(st.lists(st.text(max_size=20), max_size=6), max_size=6))
def test_fuzz_csv_arbitrary_cells(rows: list[list[str]]) -> None:
    text = "event,severity,lat,lon,sent,polygon\n" + "\n".join(
        ",".join(cells) for cells in rows)
    _only_records_or_record_errors(list(AlertCsvReader(io.BytesIO(text.encode()), "f.csv")))


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_case_csv_arbitrary_bytes(data: bytes) -> None:
    try:
        for item in CaseCsvReader(io.BytesIO(b"title,category,severity,grid\n" + data),
                                  "c.csv"):
            assert isinstance(item, CaseInput | RecordError)
    except FeedError:
        pass
