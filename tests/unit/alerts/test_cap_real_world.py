"""Real CAP feeds are messier than the samples (issue 18): a declared Latin-1 encoding,
Atom entries that carry the alert's area, Updates whose <references> name the sender
differently, empty polygons, and info blocks in other languages."""

from __future__ import annotations

from pathlib import Path

from console.alerts.feeds.cap import parse_cap
from console.app import App

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
POLYGON = "30.292,120.151 30.292,120.157 30.299,120.157 30.299,120.151 30.292,120.151"


def _alert(identifier: str, sender: str, sent: str, *, msg_type: str = "Alert",
           references: str = "", headline: str = "Strong wind", area: str = "",
           language: str = "", declaration: str = "UTF-8") -> str:
    refs = f"<references>{references}</references>" if references else ""
    lang = f"<language>{language}</language>" if language else ""
    return (f'<?xml version="1.0" encoding="{declaration}"?>\n'
            f'<alert xmlns="{CAP}"><identifier>{identifier}</identifier>'
            f"<sender>{sender}</sender><sent>{sent}</sent><status>Actual</status>"
            f"<msgType>{msg_type}</msgType><scope>Public</scope>{refs}"
            f"<info>{lang}<category>Met</category><event>Wind</event>"
            f"<urgency>Expected</urgency><severity>Severe</severity>"
            f"<certainty>Likely</certainty><headline>{headline}</headline>{area}</info>"
            "</alert>\n")


def test_a_declared_latin1_encoding_wins_over_guessing(app: App, tmp_path: Path) -> None:
    text = _alert("FR-1", "meteo.example.fr", "2026-11-22T08:00:00+01:00",
                  headline="Vigilance météo: vents violents à Brest",
                  declaration="ISO-8859-1")
    path = tmp_path / "meteo.xml"
    path.write_bytes(text.encode("latin-1"))  # é is 0xE9: also the lead byte of GB18030
    report = app.importer.import_file(path)
    assert report.ok, report.format()
    assert report.encoding == "iso8859-1"
    (row,) = app.alerts.list_alerts().rows
    assert row.headline == "Vigilance météo: vents violents à Brest"


def test_a_wrong_declaration_is_refused_with_the_byte(app: App, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(_alert("X-1", "s", "2026-11-22T08:00:00Z", headline="caf\xe9",
                            declaration="UTF-8").encode("latin-1"))
    report = app.importer.import_file(path)
    assert not report.ok
    assert "says UTF-8, but byte" in report.format()


def test_an_atom_entry_keeps_the_area_it_carries(app: App) -> None:
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:cap="{CAP}">
  <id>urn:feed</id><title>National warnings</title><updated>2026-11-22T08:00:00Z</updated>
  <author><name>National Met Service</name></author>
  <entry>
    <id>urn:warning:77</id><title>Flood warning for the Binhe underpass</title>
    <published>2026-11-22T08:00:00Z</published>
    <cap:event>Flood</cap:event><cap:severity>Severe</cap:severity>
    <cap:urgency>Immediate</cap:urgency><cap:certainty>Observed</cap:certainty>
    <cap:area>
      <cap:areaDesc>Binhe underpass</cap:areaDesc>
      <cap:polygon>{POLYGON}</cap:polygon>
      <cap:geocode><valueName>ADMIN</valueName><value>330106</value></cap:geocode>
    </cap:area>
  </entry>
</feed>"""
    doc = parse_cap(feed.encode(), "atom.xml")
    (record,) = doc.items
    assert not isinstance(record, Exception)
    assert record.geometry.polygons, "the entry's polygon was dropped"
    assert record.geometry.geocodes == (("ADMIN", "330106"),)
    assert record.area_desc == "Binhe underpass"
    assert record.language == "en-US"  # its own (CAP's default), not the console's


def test_an_update_naming_the_sender_by_short_code_still_applies(
        app: App, tmp_path: Path) -> None:
    original = tmp_path / "1.xml"
    original.write_text(_alert("W-2026-001", "https://warnings.example.gov/cap",
                               "2026-11-22T08:00:00+08:00", headline="Gale warning"),
                        encoding="utf-8")
    update = tmp_path / "2.xml"
    update.write_text(_alert("W-2026-002", "https://warnings.example.gov/cap",
                             "2026-11-22T09:00:00+08:00", msg_type="Update",
                             references="EXMET,W-2026-001,2026-11-22T08:00:00+08:00",
                             headline="Gale warning extended to the coast"),
                      encoding="utf-8")
    assert app.importer.import_file(original).ok
    report = app.importer.import_file(update)
    assert report.updated == 1, report.format()
    assert "matched by identifier and sent time" in report.format()
    assert "'EXMET'" in report.format()
    (row,) = [r for r in app.alerts.list_alerts().rows if r.msg_type == "Update"]
    assert row.headline == "Gale warning extended to the coast"


def test_an_empty_polygon_gets_a_plain_reason(app: App, tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text(_alert("E-1", "s", "2026-11-22T08:00:00Z", area=(
        "<area><areaDesc>Harbour</areaDesc><polygon/>"
        "<circle>30.296,120.1545 0.5</circle></area>")), encoding="utf-8")
    report = app.importer.import_file(path)
    assert report.ok
    assert "an empty <polygon> of area 'Harbour' was left out" in report.format()


def test_the_info_language_is_read_never_assumed() -> None:
    two = _alert("L-1", "s", "2026-11-22T08:00:00Z", language="fr-CA",
                 headline="Avertissement de vent")
    doc = parse_cap(two.encode(), "fr.xml", language="zh-CN")
    (record,) = doc.items
    assert not isinstance(record, Exception)
    assert record.language == "fr-CA"
