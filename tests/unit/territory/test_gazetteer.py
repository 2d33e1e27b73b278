"""The gazetteer: the center's address file imported (bad rows reported, re-import
idempotent, GCJ-02 converted), searched every way a person types, and the nearest
addresses to a point, on the demo district."""

from __future__ import annotations

import csv
from pathlib import Path

import pyproj
import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from console.territory.gazetteer import AddressImportResult, normalise
from console.territory.gcj02 import wgs84_to_gcj02
from db.demo.district_loader import DEMO_CENTER
from db.models import Address, AuditEntry, Change

DEMO_ADDRESSES = DEMO_CENTER / "addresses.csv"
# 和平路12号 in the demo file, in grid XH-08.
HEPING_12 = (120.1602485, 30.2873846)
GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture
def admin(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN)


@pytest.fixture
def demo(app: App, admin: OperatorRef) -> App:
    """The demo district with its 500 addresses."""
    result = app.gazetteer.import_csv(admin, DEMO_ADDRESSES)
    assert (result.added, result.rejected) == (500, 0), result.lines()
    return app


def write(tmp_path: Path, text: str, name: str = "addresses.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def counts(app: App) -> tuple[int, int, int]:
    with app.db.read() as s:
        return (s.scalar(select(func.count()).select_from(Address)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.count()).select_from(Change)) or 0)


# ---- import ---------------------------------------------------------------------------


def test_the_demo_file_imports_into_grids_and_a_second_import_changes_nothing(
        demo: App, admin: OperatorRef) -> None:
    with demo.db.read() as s:
        placed = s.scalar(select(func.count()).select_from(Address)
                          .where(Address.grid_id.is_not(None)))
    assert placed == 500
    before = counts(demo)
    again = demo.gazetteer.import_csv(admin, DEMO_ADDRESSES)
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 0, 500, 0)
    assert again.lines() == ["addresses.csv: 0 added, 0 updated, 500 unchanged, 0 rejected"]
    assert counts(demo) == before  # no audit entry, no change for other consoles


def test_an_import_is_one_audit_entry_naming_the_file(app: App, admin: OperatorRef,
                                                      tmp_path: Path) -> None:
    path = write(tmp_path, "address,longitude,latitude\n和平路12号,120.1602485,30.2873846\n"
                           "和平路11号,120.1602601,30.2875494\n")
    _, audits, _ = counts(app)
    app.gazetteer.import_csv(admin, path)
    with app.db.read() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))[audits:]
    assert [(e.entity, e.action, e.operator_id) for e in entries] == [
        ("gazetteer", "import", admin.id)]
    assert '"added": 2' in entries[0].detail
    assert '"file": "addresses.csv"' in entries[0].detail


def test_each_bad_row_is_reported_with_its_line_and_reason_and_the_good_rows_kept(
        app: App, admin: OperatorRef, tmp_path: Path) -> None:
    long_name = "很长的路" * 60 + "1号"
    path = write(tmp_path, "\n".join([
        "address,longitude,latitude",
        "和平路12号,120.1602485,30.2873846",       # 2 good
        ",120.16,30.28",                          # 3 no address
        "和平路13号,east,30.28",                   # 4 not a number
        "和平路14号,120.16,",                      # 5 no latitude
        "和平路15号,200,30.28",                    # 6 not on Earth
        "外滩1号,121.4903,31.2405",                # 7 outside the territory (Shanghai)
        "和平路12号,120.1603,30.2874",             # 8 repeats line 2
        "和平路16号,120.16,30.28,extra",           # 9 too many cells
        f"{long_name},120.16,30.28",              # 10 too long
        "和平路11号,120.1602601,30.2875494",       # 11 good
        "",                                       # 12 blank: skipped
        "和平路17号,nan,30.28",                    # 13 not on Earth (not finite)
    ]) + "\n")
    result = app.gazetteer.import_csv(admin, path)
    assert (result.added, result.rejected) == (2, 9)
    assert [(r.line, r.reason) for r in result.rejections] == [
        (3, "no address"), (4, "not a number"), (5, "no coordinate"), (6, "not on Earth"),
        (7, "outside"), (8, "repeated"), (9, "too many cells"), (10, "too long"),
        (13, "not on Earth")]
    lines = result.lines()
    assert lines[0] == "addresses.csv: 2 added, 0 updated, 0 unchanged, 9 rejected"
    assert lines[1:6] == [
        "addresses.csv:3: rejected: no address",
        "addresses.csv:4: rejected: longitude 'east' is not a number",
        "addresses.csv:5: rejected: no latitude",
        "addresses.csv:6: rejected: (200, 30.28) is not on Earth (longitude -180..180, "
        "latitude -90..90)",
        "addresses.csv:7: rejected: (121.4903, 31.2405) is outside the territory "
        "(nearest grid XH-06, 161 km)"]
    assert lines[6:9] == [
        "addresses.csv:8: rejected: the address repeats line 2; the first is kept",
        "addresses.csv:9: rejected: 4 cells but the header names 3 (a comma inside an "
        "unquoted value?)",
        "addresses.csv:10: rejected: the address is longer than 200 characters"]
    assert [m.address for m in app.gazetteer.search("和平路1")] == ["和平路11号", "和平路12号"]


def test_the_outside_message_names_the_nearest_grid_and_its_distance(
        app: App, admin: OperatorRef) -> None:
    # 100 m south of the district's southern edge under XH-30 (lat 30.2587).
    lat = 30.2587 - 100 / 111_320 - 0.0000100
    result = app.gazetteer.import_text(admin, f"地址,经度,纬度\n南边1号,120.2060,{lat}\n",
                                       "south.csv")
    (rejection,) = result.rejections
    text = rejection.text()
    assert text.startswith(f"(120.206, {lat}) is outside the territory (nearest grid XH-30, ")
    metres = int(text.split(", ")[-1].removesuffix(" m)").replace(",", ""))
    assert 100 <= metres <= 250


@pytest.mark.parametrize(("header", "encoding"), [
    ("地址,经度,纬度", "gb18030"),
    ("门牌地址,lng,lat", "utf-8-sig"),
    ("Address,Lon,Latitude,社区", "utf-8"),
])
def test_header_names_and_encodings_a_registry_uses(app: App, admin: OperatorRef,
                                                    tmp_path: Path, header: str,
                                                    encoding: str) -> None:
    extra = ",滨河社区" if header.endswith("社区") else ""
    path = write(tmp_path, f"{header}\n和平路12号,120.1602485,30.2873846{extra}\n",
                 encoding=encoding)
    result = app.gazetteer.import_csv(admin, path)
    assert (result.added, result.rejected) == (1, 0), result.lines()
    (match,) = app.gazetteer.search("和平路12号")
    assert (match.address, match.grid_code) == ("和平路12号", "XH-08")
    if extra:
        assert result.lines()[1] == "addresses.csv: note: columns ignored: 社区"


def test_a_header_without_the_columns_or_an_unreadable_file_is_refused_whole(
        app: App, admin: OperatorRef, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"bad\.csv: the header has no latitude column "
                                              r"\(name it latitude or lat or 纬度\)"):
        app.gazetteer.import_csv(admin, write(tmp_path, "address,lon,height\n", "bad.csv"))
    with pytest.raises(ValidationError, match=r"empty\.csv is empty"):
        app.gazetteer.import_csv(admin, write(tmp_path, "", "empty.csv"))
    with pytest.raises(ValidationError, match="Cannot read"):
        app.gazetteer.import_csv(admin, tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="neither UTF-8 nor GB 18030"):
        app.gazetteer.import_csv(admin, _binary(tmp_path / "bin.csv"))


def _binary(path: Path) -> Path:
    path.write_bytes(b"address,lon,lat\n\xff\xff\xff\xff,1,2\n")
    return path


def test_without_a_territory_the_import_says_to_load_one(empty_app: App,
                                                         tmp_path: Path) -> None:
    system = empty_app.operators.system()
    path = write(tmp_path, "address,lon,lat\n和平路12号,120.16,30.28\n")
    with pytest.raises(ValidationError, match="no grids yet: load the territory first"):
        empty_app.gazetteer.import_csv(system, path)


def test_importing_is_an_administrators(app: App, officer: OperatorRef,
                                        tmp_path: Path) -> None:
    path = write(tmp_path, "address,lon,lat\n和平路12号,120.16,30.28\n")
    with pytest.raises(PermissionDenied, match="duty officer"):
        app.gazetteer.import_csv(officer, path)
    assert app.gazetteer.count() == 0


def test_a_reimport_moves_a_known_address_and_the_search_sees_it(
        demo: App, admin: OperatorRef) -> None:
    assert demo.gazetteer.search("和平路12号")[0].grid_code == "XH-08"
    result = demo.gazetteer.import_text(
        admin, "address,lon,lat\n和平路12号,120.1755,30.2950\n", "moved.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    (moved,) = demo.gazetteer.search("和平路12号", limit=1)
    assert (moved.lon, moved.lat, moved.grid_code) == (120.1755, 30.295, "XH-03")
    assert demo.gazetteer.count() == 500


def test_gcj02_coordinates_are_stored_as_wgs84(app: App, admin: OperatorRef,
                                               tmp_path: Path) -> None:
    gx, gy = wgs84_to_gcj02(HEPING_12[0], HEPING_12[1])
    path = write(tmp_path, f"address,longitude,latitude\n和平路12号,{float(gx):.7f},"
                           f"{float(gy):.7f}\n")
    result = app.gazetteer.import_csv(admin, path, crs="gcj02")
    assert result.added == 1
    assert "coordinates read as GCJ-02 and stored as WGS84" in result.lines()[1]
    (match,) = app.gazetteer.search("和平路12号")
    assert match.lon == pytest.approx(HEPING_12[0], abs=2e-7)
    assert match.lat == pytest.approx(HEPING_12[1], abs=2e-7)
    assert match.grid_code == "XH-08"
    # Read as WGS84 the same numbers are some 500 m off: a different place.
    _f, _b, offset = GEOD.inv(HEPING_12[0], HEPING_12[1], float(gx), float(gy))
    assert 300 < offset < 700


# ---- search ---------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "kind"), [
    ("和平路12号", "exact"),
    ("和平路 12 号", "exact"),  # spaces do not count
    ("和平路１２号", "exact"),  # full-width digits as typed by a Chinese IME
    ("和平路12", "prefix"),
    ("平路12号", "substring"),
    ("hepinglu12", "pinyin prefix"),
    ("HePingLu12", "pinyin prefix"),
    ("hpl12", "pinyin prefix"),
    ("pinglu12h", "pinyin"),
    ("和平12号", "in order"),
    ("hp12", "in order"),
])
def test_every_way_of_typing_finds_the_address(demo: App, typed: str, kind: str) -> None:
    first = demo.gazetteer.search(typed)[0]
    assert (first.address, first.kind) == ("和平路12号", kind)
    assert (first.lon, first.lat, first.grid_code) == (*HEPING_12, "XH-08")
    assert first.grid_id == demo.district.grid_by_code("XH-08").id


def test_pinyin_follows_phrases(demo: App) -> None:
    """朝晖 is zhaohui (朝 alone reads chao): the initials of 朝晖一区 are zhyq."""
    found = demo.gazetteer.search("zhyq", limit=3)
    assert [m.address for m in found] == ["朝晖一区1幢", "朝晖一区2幢", "朝晖一区3幢"]
    assert demo.gazetteer.search("zhaohuiyiqu5")[0].address == "朝晖一区5幢"


def test_ranking_exact_then_prefix_then_part_then_pinyin_then_in_order(
        app: App, admin: OperatorRef) -> None:
    rows = ["和平路", "和平路1号", "新和平路1号", "和平小路3号", "和平路10号", "河坪路2号"]
    text = "address,lon,lat\n" + "".join(
        f"{a},{120.1602 + i * 0.0001:.4f},30.2874\n" for i, a in enumerate(rows))
    app.gazetteer.import_text(admin, text, "ranked.csv")
    found = app.gazetteer.search("和平路")
    assert [(m.address, m.kind) for m in found] == [
        ("和平路", "exact"), ("和平路1号", "prefix"), ("和平路10号", "prefix"),
        ("新和平路1号", "substring"), ("和平小路3号", "in order")]
    assert [m.score for m in found] == [1.0, 0.9, 0.9, 0.8, 0.5]
    # The same pinyin (河坪路 is also hepinglu): found by pinyin, after the characters.
    by_sound = app.gazetteer.search("hepinglu")
    assert [(m.address, m.kind) for m in by_sound] == [
        ("和平路", "pinyin prefix"), ("和平路1号", "pinyin prefix"),
        ("河坪路2号", "pinyin prefix"), ("和平路10号", "pinyin prefix"),
        ("新和平路1号", "pinyin")]
    assert [m.address for m in app.gazetteer.search("和平路", limit=2)] == [
        "和平路", "和平路1号"]


def test_numbers_sort_as_numbers_and_shorter_first(demo: App) -> None:
    found = [m.address for m in demo.gazetteer.search("和平路", limit=12)]
    assert found[:10] == [f"和平路{n}号" for n in range(1, 10)] + ["和平路10号"]


def test_nothing_typed_or_nothing_like_it_finds_nothing(demo: App) -> None:
    assert demo.gazetteer.search("") == []
    assert demo.gazetteer.search("   ") == []
    assert demo.gazetteer.search("不存在的地方") == []
    assert demo.gazetteer.search("xyzzy") == []
    assert demo.gazetteer.search("和平路12号", limit=0) == []


def test_normalise_is_what_the_index_compares() -> None:
    assert normalise(" 和平路 １２号 ") == "和平路12号"
    assert normalise("A座 3单元") == "a座3单元"


def test_another_consoles_import_reaches_this_one_through_the_change_feed(
        demo: App, admin: OperatorRef, db_url: str, clock: FakeClock) -> None:
    assert demo.gazetteer.search("新增路1号") == []
    other = open_app(db_url, clock)
    try:
        other.gazetteer.import_text(other.operators.get(admin.username),
                                    "address,lon,lat\n新增路1号,120.1602,30.2874\n", "new.csv")
    finally:
        other.close()
    assert demo.gazetteer.search("新增路1号") == []  # still this console's index
    entities = {e.entity for e in demo.changes.since(0)}
    assert "gazetteer" in entities
    demo.forget_stale(entities)  # what the GUI's change bus does with each batch
    assert demo.gazetteer.search("新增路1号")[0].address == "新增路1号"
    assert demo.gazetteer.warm() == 501


# ---- nearest --------------------------------------------------------------------------


def test_the_nearest_addresses_with_geodesic_distances(demo: App) -> None:
    found = demo.gazetteer.nearest(*HEPING_12, k=5)
    assert found[0].address == "和平路12号"
    assert found[0].distance_m == 0.0
    assert [m.address for m in found][1:3] == ["和平路11号", "和平路10号"]
    distances = [m.distance_m for m in found]
    assert distances == sorted(distances)
    assert len(found) == 5
    for match in found:
        _f, _b, metres = GEOD.inv(HEPING_12[0], HEPING_12[1], match.lon, match.lat)
        assert match.distance_m == pytest.approx(metres, abs=0.1)
        assert match.kind == "nearest"
    # From far away (Shanghai) the nearest are still found, and far.
    far = demo.gazetteer.nearest(121.4903, 31.2405, k=2)
    assert len(far) == 2
    assert far[0].distance_m is not None
    assert far[0].distance_m > 120_000


def test_nearest_is_exact_against_a_full_scan(demo: App) -> None:
    point = (120.1850, 30.2790)
    with DEMO_ADDRESSES.open(encoding="utf-8") as rows:
        every = [(a, float(x), float(y)) for a, x, y in csv.reader(rows)
                 if a != "address"]
    assert len(every) == 500
    scanned = sorted((GEOD.inv(point[0], point[1], x, y)[2], a) for a, x, y in every)
    assert [m.address for m in demo.gazetteer.nearest(*point, k=8)] == [
        a for _, a in scanned[:8]]


def test_nearest_takes_gcj02_and_refuses_a_point_off_the_earth(demo: App) -> None:
    gx, gy = wgs84_to_gcj02(HEPING_12[0], HEPING_12[1])
    (match,) = demo.gazetteer.nearest(float(gx), float(gy), k=1, crs="gcj02")
    assert match.address == "和平路12号"
    assert match.distance_m is not None
    assert match.distance_m < 0.5
    with pytest.raises(ValidationError, match="not on Earth"):
        demo.gazetteer.nearest(120.16, 95.0)


def test_an_empty_gazetteer_finds_nothing_near(app: App) -> None:
    assert app.gazetteer.nearest(*HEPING_12) == []
    assert app.gazetteer.count() == 0


def test_the_report_lists_at_most_a_thousand_rejections() -> None:
    from console.territory.gazetteer import AddressRejection

    result = AddressImportResult("big.csv")
    result.rejections = [AddressRejection(n, "no address") for n in range(2, 1205)]
    lines = result.lines()
    assert len(lines) == 1 + 1000 + 1
    assert lines[-1] == "big.csv: 203 more rejected rows not listed"
