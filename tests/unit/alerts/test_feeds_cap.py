"""CAP import: agencies' samples, languages, feeds, Update/Cancel chains, hostile XML."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.alerts.feeds.cap import parse_cap
from console.alerts.feeds.errors import FeedError, RecordError
from console.alerts.feeds.records import AlertRecord
from console.alerts.service import AlertStatus
from console.app import App
from console.core.domain import OperatorRef
from db.models import Alert, AuditEntry
from tests.unit.territory.sample_files import CAP_SAMPLES

SAMPLES = CAP_SAMPLES
DATA = Path(__file__).resolve().parents[2] / "data" / "feeds"


def _records(data: bytes, name: str = "t.xml", language: str = "en") -> list[AlertRecord]:
    items = parse_cap(data, name, language=language).items
    assert all(isinstance(i, AlertRecord) for i in items), items
    return [i for i in items if isinstance(i, AlertRecord)]


def _one(path: Path, language: str = "en") -> AlertRecord:
    (rec,) = _records(path.read_bytes(), path.name, language)
    return rec


def _alert(app: App, dedup_key: str) -> Alert:
    with app.db.read() as s:
        alert = s.scalars(select(Alert).where(Alert.dedup_key == dedup_key)).one()
        s.expunge(alert)
        return alert


# ---- the public agencies' samples ---------------------------------------------------

SAMPLE_EXPECTATIONS = {
    "imo_iceland_wind.xml": dict(
        external_id="is-IMO-2a4c2db8-07fd-4a0f-b372-9667280d46d1",
        sender="IMO-Icelandic_Met_Office", sent_at=datetime(2021, 9, 10, 13, 30, 26, tzinfo=UTC),
        event="Weather Warning: Wind", headline="Southeast gales", category="Met",
        urgency="Unknown", severity="Moderate", certainty="Likely", language="en-US",
        area_desc="Reykjavik - Capital Region",
        expires_at=datetime(2021, 9, 13, 10, 0, tzinfo=UTC), infos=2, polygons=1, circles=0),
    "oasis_amber_alert.xml": dict(
        external_id="KAR0-0306112239-SW", sender="KARO@CLETS.DOJ.CA.GOV",
        sent_at=datetime(2003, 6, 12, 5, 39, tzinfo=UTC), event="Child Abduction",
        headline="Amber Alert in Los Angeles County", category="Rescue", urgency="Immediate",
        severity="Severe", certainty="Likely", language="en-US",
        area_desc="Los Angeles County", expires_at=None, infos=2, polygons=0, circles=0),
    "usgs_earthquake_cap11.xml": dict(
        external_id="USGS-earthquakes-us2010apcd.6.20100831T000925.496Z",
        sender="http://earthquake.usgs.gov/research/monitoring/anss/neic/",
        sent_at=datetime(2010, 8, 31, 5, 9, 25, tzinfo=UTC), event="Earthquake",
        headline="EQ 6.3 Neiafu, Tonga - PRELIMINARY REPORT", category="Geo",
        urgency="Past", severity="Unknown", certainty="Likely", language="en-US",
        expires_at=datetime(2010, 9, 2, 5, 9, 25, tzinfo=UTC), infos=1, polygons=0,
        circles=1),
}


def test_every_sample_is_covered() -> None:
    assert {p.name for p in SAMPLES.glob("*.xml")} == set(SAMPLE_EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_sample_parses_with_the_right_fields(name: str) -> None:
    rec = _one(SAMPLES / name)
    expected = dict(SAMPLE_EXPECTATIONS[name])
    assert len(rec.infos) == expected.pop("infos")
    assert len(rec.geometry.polygons) == expected.pop("polygons")
    assert len(rec.geometry.circles) == expected.pop("circles")
    for field, value in expected.items():
        assert getattr(rec, field) == value, field
    assert rec.source == "cap"
    assert rec.cap_status == "Actual"
    assert rec.msg_type == "Alert"
    assert rec.scope == "Public"
    assert rec.dedup_key == f"cap:{rec.sender},{rec.external_id}," + \
        rec.sent_at.isoformat().replace("+00:00", "Z")  # type: ignore[union-attr]
    assert rec.raw.lstrip().startswith("<?xml")
    assert rec.notes == ()


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_sample_imports_cleanly_and_only_once(app: App, name: str) -> None:
    first = app.importer.import_file(SAMPLES / name)
    assert (first.accepted, first.duplicates, first.rejected) == (1, 0, 0), first.format()
    assert first.kind == "cap"
    assert first.encoding == "utf-8"
    again = app.importer.import_file(SAMPLES / name)
    assert (again.accepted, again.duplicates, again.rejected) == (0, 1, 0)
    (row,) = app.alerts.list_alerts().rows
    assert row.repeat_count == 2
    assert row.status is AlertStatus.NEW
    detail = app.alerts.get(row.id)
    assert detail.raw == (SAMPLES / name).read_text(encoding="utf-8")
    assert len(detail.infos) == SAMPLE_EXPECTATIONS[name]["infos"]


def test_every_language_block_is_kept_and_the_asked_one_shown() -> None:
    iceland = SAMPLES / "imo_iceland_wind.xml"
    assert _one(iceland, "is").headline == "Hvöss suðaustanátt"
    assert _one(iceland, "is").language == "is-IS"
    assert _one(iceland, "en-GB").headline == "Southeast gales"  # same primary language
    assert _one(iceland, "zh-CN").headline == "Hvöss suðaustanátt"  # none: the first block
    amber = _one(SAMPLES / "oasis_amber_alert.xml", "es")
    assert amber.headline == "Alerta Amber en el condado de Los Ángeles"
    assert [i["language"] for i in amber.infos] == ["en-US", "es-US"]
    quake = _one(SAMPLES / "usgs_earthquake_cap11.xml", "zh-CN")
    assert quake.language == "en-US"  # CAP's default for an info without <language>


def test_multi_language_alert_chooses_zh_cn_and_maps_to_its_grid(app: App) -> None:
    rec = _one(DATA / "cap_multilang.xml", "zh-CN")
    assert rec.headline == "杭州市气象台发布暴雨橙色预警"
    assert rec.event == "暴雨橙色预警"
    assert rec.area_desc == "西湖区滨河街道"
    assert [i["language"] for i in rec.infos] == ["zh-CN", "en-US"]
    assert rec.sent_at == datetime(2026, 11, 21, 23, 30, tzinfo=UTC)
    app.importer.language = "zh-CN"
    report = app.importer.import_file(DATA / "cap_multilang.xml")
    assert report.ok
    assert report.accepted == 1
    (row,) = app.alerts.list_alerts().rows
    assert row.grid_code == "XH-01"  # the polygon's centroid lies in Riverside North
    assert row.headline == "杭州市气象台发布暴雨橙色预警"
    assert row.language == "zh-CN"
    detail = app.alerts.get(row.id)
    assert detail.infos[1]["headline"] == "Rainstorm orange warning for Xihu District"
    assert detail.geometry["polygons"][0][0] == [30.2925, 120.152]


def test_prefixed_unprefixed_and_no_namespace_alerts_read_alike() -> None:
    body = ("<{p}identifier>N-1</{p}identifier><{p}sender>s</{p}sender>"
            "<{p}sent>2026-11-22T08:00:00Z</{p}sent><{p}status>Actual</{p}status>"
            "<{p}msgType>Alert</{p}msgType><{p}scope>Public</{p}scope>"
            "<{p}info><{p}category>Fire</{p}category><{p}event>Fire</{p}event>"
            "<{p}urgency>Immediate</{p}urgency><{p}severity>Severe</{p}severity>"
            "<{p}certainty>Observed</{p}certainty></{p}info>")
    docs = [
        f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">{body.format(p="")}</alert>',
        f'<c:alert xmlns:c="urn:oasis:names:tc:emergency:cap:1.1">{body.format(p="c:")}'
        "</c:alert>",
        f"<alert>{body.format(p='')}</alert>",
    ]
    keys = {_records(d.encode())[0].dedup_key for d in docs}
    assert keys == {"cap:s,N-1,2026-11-22T08:00:00Z"}


def test_foreign_elements_are_ignored() -> None:
    doc = ('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" xmlns:x="urn:x">'
           "<identifier>F-1</identifier><x:identifier>NOT-THIS</x:identifier>"
           "<sender>s</sender><sent>2026-11-22T08:00:00Z</sent><status>Actual</status>"
           "<msgType>Alert</msgType><scope>Public</scope><x:extension><x:severity>Extreme"
           "</x:severity></x:extension></alert>")
    (rec,) = _records(doc.encode())
    assert rec.external_id == "F-1"
    assert rec.severity == "Unknown"
    assert rec.infos == ()


# ---- feeds --------------------------------------------------------------------------


def test_atom_feed_with_several_alerts(app: App) -> None:
    report = app.importer.import_file(DATA / "cap_atom_feed.xml")
    assert (report.accepted, report.rejected) == (3, 0), report.format()
    rows = {r.event: r for r in app.alerts.list_alerts().rows}
    assert set(rows) == {"Gas leak", "Road closure", "Heat advisory"}
    assert rows["Gas leak"].grid_code == "XH-01"  # the circle's centre
    assert rows["Heat advisory"].cap_status == "Exercise"
    # most severe first
    assert [r.severity for r in app.alerts.list_alerts().rows] == ["Extreme", "Moderate",
                                                                    "Minor"]


def test_rss_feed_keeps_the_good_and_names_every_bad_item(app: App) -> None:
    report = app.importer.import_file(DATA / "cap_rss_mixed.xml")
    assert report.accepted == 1
    assert report.rejected == 4
    reasons = {r.record: r.reason for r in report.rejections}
    assert "holds no CAP alert" in reasons[2]
    assert "severity 'Catastrophic' is not a CAP severity" in reasons[3]
    assert "<sent> is missing" in reasons[4]
    assert "2026-13-45T25:00:00+08:00" in reasons[5]
    assert "not a date" in reasons[5]
    lines = report.format().splitlines()
    assert lines[0].endswith("accepted=1 duplicates=0 updated=0 rejected=4 format=cap "
                             "encoding=utf-8")
    assert any(line.startswith(f"{DATA / 'cap_rss_mixed.xml'}:3: rejected: ")
               for line in lines)


def test_atom_entries_carrying_cap_fields_are_read(app: App) -> None:
    report = app.importer.import_file(DATA / "cap_nws_atom.xml")
    assert report.ok
    assert report.accepted == 1
    (row,) = app.alerts.list_alerts().rows
    assert row.event == "Flood Warning"
    assert row.severity == "Moderate"
    assert row.headline.startswith("Flood Warning issued")
    detail = app.alerts.get(row.id)
    assert detail.sender == "w-nws.webmaster@noaa.gov"
    assert detail.geometry["geocodes"] == {"FIPS6": ["048291"]}


def test_the_same_alert_from_two_feeds_is_stored_once(app: App, tmp_path: Path) -> None:
    feed = (DATA / "cap_atom_feed.xml").read_text(encoding="utf-8")
    start = feed.index('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')
    end = feed.index("</alert>", start) + len("</alert>")
    single = tmp_path / "gas.xml"
    single.write_text(feed[start:end], encoding="utf-8")
    assert app.importer.import_file(single).accepted == 1
    report = app.importer.import_file(DATA / "cap_atom_feed.xml")
    assert (report.accepted, report.duplicates) == (2, 1)
    gas = next(r for r in app.alerts.list_alerts().rows if r.event == "Gas leak")
    assert gas.repeat_count == 2


# ---- Update and Cancel ------------------------------------------------------------


FLOOD_KEY = "cap:water.xihu@example.gov,XH-FLOOD-0001,2026-11-22T00:00:00Z"


def test_update_changes_the_alert_it_references(app: App, officer: OperatorRef) -> None:
    app.importer.import_file(DATA / "cap_chain_1_alert.xml")
    original = _alert(app, FLOOD_KEY)
    app.alerts.acknowledge(officer, original.id)
    report = app.importer.import_file(DATA / "cap_chain_2_update.xml")
    assert (report.accepted, report.updated, report.rejected) == (0, 1, 0), report.format()
    updated = _alert(app, FLOOD_KEY)
    assert updated.id == original.id
    assert updated.severity == "Severe"
    assert updated.severity_rank == 2
    assert updated.headline == "Binhe underpass flooded: closed to traffic"
    assert updated.instruction == "Close the underpass; divert traffic."
    assert updated.msg_type == "Update"
    assert updated.status == "new"  # the content changed: back to attention
    assert updated.version > original.version
    (row,) = app.alerts.list_alerts().rows  # the Update message itself is not listed
    assert row.id == original.id
    detail = app.alerts.get(original.id)
    assert [m.external_id for m in detail.messages] == ["XH-FLOOD-0002"]
    with app.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "cap_update")).one()
    assert entry.entity == "alert"
    assert entry.entity_id == original.id
    assert '"severity": ["Moderate", "Severe"]' in entry.detail
    again = app.importer.import_file(DATA / "cap_chain_2_update.xml")
    assert (again.updated, again.duplicates) == (0, 1)


def test_cancel_resolves_the_alert_even_through_an_update(app: App) -> None:
    for name in ("cap_chain_1_alert.xml", "cap_chain_2_update.xml", "cap_chain_3_cancel.xml"):
        assert app.importer.import_file(DATA / name).ok
    alert = _alert(app, FLOOD_KEY)
    assert alert.status == "resolved"
    assert alert.msg_type == "Cancel"
    assert "Water has drained" in alert.note
    assert app.alerts.list_alerts().rows == []
    assert app.alerts.counts().new_total == 0
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Alert)) == 3  # every message kept


def test_update_of_an_unknown_alert_is_kept_as_its_own_with_a_note(app: App) -> None:
    report = app.importer.import_file(DATA / "cap_update_unknown.xml")
    assert report.ok
    assert report.accepted == 1
    assert report.updated == 0
    assert "has not received" in report.notes[0].reason
    (row,) = app.alerts.list_alerts().rows
    assert row.msg_type == "Update"
    assert row.status is AlertStatus.NEW
    assert "kept as an alert of its own" in app.alerts.get(row.id).note


def test_alert_and_update_in_one_feed_apply_in_sent_order(app: App) -> None:
    update = (DATA / "cap_chain_2_update.xml").read_text().split("?>", 1)[1]
    original = (DATA / "cap_chain_1_alert.xml").read_text().split("?>", 1)[1]
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<entry><id>u</id><content>{update}</content></entry>"
            f"<entry><id>o</id><content>{original}</content></entry></feed>")
    report = app.importer.import_bytes(feed.encode(), "chain.atom")
    assert (report.accepted, report.updated, report.rejected) == (1, 1, 0), report.format()
    assert _alert(app, FLOOD_KEY).severity == "Severe"


# ---- bad and hostile input ----------------------------------------------------------


def _refusal(data: bytes, name: str = "bad.xml", **kw: int) -> str:
    with pytest.raises(FeedError) as caught:
        parse_cap(data, name, **kw)
    assert caught.value.file == name
    return caught.value.reason


def test_billion_laughs_is_refused_at_once(app: App) -> None:
    started = time.perf_counter()
    report = app.importer.import_file(DATA / "billion_laughs.xml")
    assert time.perf_counter() - started < 1.0
    assert report.rejected == 1
    assert report.accepted == 0
    assert "billion laughs" in report.rejections[0].reason
    assert report.rejections[0].record == 0


def test_external_entities_are_refused() -> None:
    doc = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<alert>&x;</alert>")
    assert "entity" in _refusal(doc)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"this is not XML", "not well-formed XML at line 1"),
    (b"<alert><identifier>x</alert>", "mismatched tag"),
    (b"<html><body>Service unavailable</body></html>", "root is <html>"),
    (b'<alert xmlns="http://www.incident.com/cap/1.0"/>', "not CAP 1.2 or 1.1"),
    (b"\xff\xfe<\x00a\x00/\x00>\x00", "UTF-16"),
    (b"<alert>\x81\xff</alert>", "neither UTF-8 nor GB18030"),
])
def test_unusable_documents_get_a_clear_reason(data: bytes, words: str) -> None:
    assert words in _refusal(data)


def test_malformed_file_names_line_and_column(app: App) -> None:
    report = app.importer.import_file(DATA / "malformed.xml")
    assert report.rejected == 1
    assert "not well-formed XML at line 5, column 3: mismatched tag" in \
        report.rejections[0].reason


def _alert_doc(**fields: str) -> bytes:
    values = {"identifier": "B-1", "sender": "s@example.gov",
              "sent": "2026-11-22T08:00:00+08:00", "status": "Actual", "msgType": "Alert",
              "scope": "Public"}
    values.update(fields)
    body = "".join(f"<{k}>{v}</{k}>" for k, v in values.items() if v != "-")
    return f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">{body}</alert>'.encode()


@pytest.mark.parametrize(("fields", "words"), [
    ({"sender": "-"}, "<sender> is missing"),
    ({"identifier": ""}, "<identifier> is missing"),
    ({"msgType": "Alarm"}, "msgType 'Alarm' is not a CAP msgType; use one of: Alert, "
                           "Update, Cancel, Ack, Error"),
    ({"status": "Real"}, "status 'Real' is not a CAP status"),
    ({"sent": "yesterday"}, "sent 'yesterday' is not a date and time"),
    ({"sent": "2026-11-22T08:00:00"}, "has no time zone"),
    ({"info": "<category>Fire</category><event>x</event><urgency>Now</urgency>"
              "<severity>Severe</severity><certainty>Observed</certainty>"},
     "urgency 'Now' is not a CAP urgency"),
    ({"info": "<event>x</event><urgency>Immediate</urgency><severity>Severe</severity>"
              "<certainty>Observed</certainty>"}, "<category> is missing"),
    ({"info": "<category>Fire</category><event>x</event><urgency>Immediate</urgency>"
              "<severity>Severe</severity><certainty>Observed</certainty>"
              "<expires>soon</expires>"}, "expires 'soon' is not a date"),
])
def test_a_bad_alert_is_rejected_with_its_reason(fields: dict[str, str], words: str) -> None:
    (item,) = parse_cap(_alert_doc(**fields), "b.xml").items
    assert isinstance(item, RecordError)
    assert words in item.reason
    assert item.record == 1


def test_a_bad_polygon_is_left_out_with_a_note_not_the_alert() -> None:
    info = ("<category>Fire</category><event>x</event><urgency>Immediate</urgency>"
            "<severity>Severe</severity><certainty>Observed</certainty>"
            "<area><areaDesc>Nowhere</areaDesc><polygon>95,10 1,2 3,4 95,10</polygon>"
            "<circle>30.29,120.15 5</circle></area>")
    (rec,) = _records(_alert_doc(info=info))
    assert rec.geometry.polygons == ()
    assert rec.geometry.circles == ((30.29, 120.15, 5.0),)
    assert "polygon of area 'Nowhere' was left out" in rec.notes[0]
    assert "not on Earth" in rec.notes[0]


def test_xml_above_the_size_limit_is_refused_unread(app: App, tmp_path: Path) -> None:
    assert "the XML file is 400 bytes; XML feeds above 200 bytes are refused" in \
        _refusal(b"<a/>" * 100, max_bytes=200)
    big = tmp_path / "big.xml"
    big.write_bytes(b"<alert>" + b" " * (2 * 1024 * 1024) + b"</alert>")
    app.importer.max_xml_bytes = 1024 * 1024
    report = app.importer.import_file(big)
    assert report.rejected == 1
    assert "is 2 MB; XML feeds above 1 MB are refused" in report.rejections[0].reason


def test_gbk_encoded_cap_is_read_and_the_encoding_named(app: App, tmp_path: Path) -> None:
    text = (DATA / "cap_multilang.xml").read_text(encoding="utf-8").replace(
        'encoding="UTF-8"', 'encoding="GBK"')
    path = tmp_path / "gbk.xml"
    path.write_bytes(text.encode("gbk"))
    app.importer.language = "zh-CN"
    report = app.importer.import_file(path)
    assert report.ok
    assert report.encoding == "gb18030"
    assert "encoding=gb18030" in report.format()
    assert app.alerts.list_alerts().rows[0].event == "暴雨橙色预警"


def test_utf8_bom_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + (SAMPLES / "oasis_amber_alert.xml").read_bytes()
    doc = parse_cap(data, "bom.xml")
    assert doc.encoding == "utf-8 (with BOM)"
    assert isinstance(doc.items[0], AlertRecord)


# ---- fuzzing: whatever the bytes, only FeedError --------------------------------------

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _parse_never_crashes(data: bytes) -> None:
    try:
        doc = parse_cap(data, "fuzz.xml")
    except FeedError as e:
        reason = e.reason
    else:
        reason = ""
        for item in doc.items:
            assert isinstance(item, AlertRecord | RecordError)
    # "could not read the file (…)" is the last line of defence: reaching it is a bug.
    assert not reason.startswith("could not read the file ("), reason


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _parse_never_crashes(data)


_SAMPLE = (SAMPLES / "oasis_amber_alert.xml").read_bytes()


@FUZZ
@given(st.integers(0, len(_SAMPLE)), st.integers(0, 40),
       st.binary(max_size=30) | st.sampled_from(
           [b"<", b">", b"&", b"&amp;", b"]]>", b"<!--", b"<![CDATA[", b"\x00", b"\xe4\xb8",
            b"<info>", b"</info>", b"<sent>x</sent>", b"<!DOCTYPE a>", b"<?pi?>"]))
def test_fuzz_damaged_sample(position: int, cut: int, insert: bytes) -> None:
    _parse_never_crashes(_SAMPLE[:position] + insert + _SAMPLE[position + cut:])


@FUZZ
@given(st.text(max_size=500))
def test_fuzz_text_inside_alert_fields(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    for field in ("identifier", "sent", "msgType", "references", "info"):
        _parse_never_crashes(_alert_doc(**{field: escaped}))
