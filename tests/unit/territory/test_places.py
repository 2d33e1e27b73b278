"""A point on the territory: its grid by point in polygon, or how far off it lies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from console.app import App
from console.core.domain import Role
from console.core.errors import ValidationError
from console.territory.gcj02 import wgs84_to_gcj02
from console.territory.locator import distance_m
from console.territory.places import LonLat, OutsideTerritory, to_wgs84
from console.territory.plan import plan_import
from main import main
from tests.unit.territory.sample_files import sample

TAIPEI_101 = LonLat(121.5645, 25.0340)


@pytest.fixture
def taipei(empty_app: App) -> App:
    """Taipei's 456 villages (里) as the grid cells of a territory."""
    empty_app.operators.create_first_admin("admin", "Admin", "correct-horse-9")
    empty_app.act_as("admin")
    plan = plan_import([sample("tw_taipei_villages.geojson")], "grid")
    empty_app.territory.store(empty_app.operator, plan)
    empty_app.district.invalidate()
    return empty_app


def _villages() -> list[tuple[str, dict[str, object], shapely.Geometry]]:
    data = json.loads(sample("tw_taipei_villages.geojson").read_text(encoding="utf-8"))
    return [(str(f["properties"]["VNAME"]), f["properties"], shape(f["geometry"]))
            for f in data["features"]]


def test_every_village_holds_its_own_inner_point(taipei: App) -> None:
    villages = _villages()
    assert len(taipei.district.locator()) == len(villages) == 456
    checked = 0
    for name, props, geometry in villages[::7]:  # 66 villages across the city
        inner = geometry.representative_point()
        found = taipei.district.grid_at_point(LonLat(inner.x, inner.y))
        assert (found.code, found.name_zh) == (props["CPTVID"], name), props["FULL"]
        checked += 1
    assert checked == 66


def test_taipei_101_is_in_a_xinyi_village(taipei: App) -> None:
    found = taipei.district.grid_at_point(TAIPEI_101)
    holder = next(props for _, props, geometry in _villages()
                  if geometry.contains(shapely.Point(TAIPEI_101.lon, TAIPEI_101.lat)))
    assert holder["TNAME"] == "信義區"  # the landmark's district, as the file says
    assert (found.code, found.name_zh) == (holder["CPTVID"], holder["VNAME"])


def test_a_point_at_sea_names_the_nearest_village_and_how_far(taipei: App) -> None:
    at_sea = LonLat(121.40, 25.25)  # in the Taiwan Strait, north-west of the city
    with pytest.raises(OutsideTerritory) as refused:
        taipei.district.grid_at_point(at_sea)
    # The nearest village by brute force over every shape, measured on the ellipsoid.
    here = shapely.Point(at_sea.lon, at_sea.lat)
    best = min(
        (distance_m((at_sea.lon, at_sea.lat), (edge.x, edge.y)), str(props["CPTVID"]))
        for _, props, geometry in _villages()
        for edge in [shapely.ops.nearest_points(geometry, here)[0]])
    error = refused.value
    assert error.nearest is not None
    assert error.nearest.code == best[1]
    assert error.metres == pytest.approx(best[0], rel=1e-6)
    assert 1000 < error.metres < 50_000
    assert str(error) == (f"(121.400000, 25.250000) is outside the territory (nearest grid "
                          f"{error.nearest.code}, {error.metres / 1000:.0f} km).")


def test_a_case_reported_by_point_gets_the_grid_holding_it(app: App) -> None:
    grid = app.district.grid_by_code("XH-07")
    inner = shapely.Polygon(grid.polygon).representative_point()
    case = app.cases.report(app.operator, title="Blocked drain", category="utilities",
                            severity=3, point=LonLat(inner.x, inner.y))
    assert case.row.grid_code == "XH-07"
    assert case.point == pytest.approx((inner.x, inner.y))
    assert app.cases.timeline(case.reference)[0].detail["point"] == \
        pytest.approx([inner.x, inner.y])
    # A grid that disagrees with the point is refused, not silently overridden.
    with pytest.raises(ValidationError, match=r"lies in grid XH-07, not XH-01"):
        app.cases.report(app.operator, title="Blocked drain", category="utilities",
                         severity=3, grid="XH-01", point=LonLat(inner.x, inner.y))
    with pytest.raises(ValidationError, match="Say where"):
        app.cases.report(app.operator, title="Blocked drain", category="utilities",
                         severity=3)


def test_gcj02_coordinates_are_converted_before_the_grid_is_found(app: App) -> None:
    grid = app.district.grid_by_code("XH-12")
    inner = shapely.Polygon(grid.polygon).representative_point()
    gx, gy = wgs84_to_gcj02([inner.x], [inner.y])
    back = to_wgs84(float(gx[0]), float(gy[0]), "gcj02")
    assert distance_m((back.lon, back.lat), (inner.x, inner.y)) < 0.01
    # Taken as WGS84, the GCJ-02 numbers lie a few hundred metres off.
    assert 100 < distance_m((float(gx[0]), float(gy[0])), (inner.x, inner.y)) < 1000
    with pytest.raises(ValidationError, match="Unknown coordinate system"):
        to_wgs84(120.0, 30.0, "bd09")
    with pytest.raises(ValidationError, match="not on Earth"):
        to_wgs84(300.0, 30.0)


def test_case_new_by_coordinates_on_the_command_line(
        app: App, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    grid = app.district.grid_by_code("XH-03")
    inner = shapely.Polygon(grid.polygon).representative_point()
    gx, gy = wgs84_to_gcj02([inner.x], [inner.y])
    officer = next(o for o in app.operators.list() if o.role is Role.DUTY_OFFICER)
    base = ["case", "new", "--db", db_url, "--operator", officer.username, "--title",
            "Broken street light", "--category", "utilities", "--severity", "3"]
    assert main([*base, "--lon", str(gx[0]), "--lat", str(gy[0]), "--crs", "gcj02"]) == 0
    out = capsys.readouterr()
    reference = out.out.strip()
    assert app.cases.get(reference).row.grid_code == "XH-03"
    assert "in grid XH-03" in out.err

    assert main([*base, "--lon", "120.0", "--lat", "29.0"]) == 1
    err = capsys.readouterr().err
    assert "is outside the territory (nearest grid XH-" in err
    assert " km)." in err
    assert main([*base, "--lon", "120.0"]) == 2  # half a point is a usage error
    assert "give --lon and --lat together" in capsys.readouterr().err




def test_a_case_sheet_with_points_places_each_row_and_names_the_bad_ones(
        app: App, tmp_path: Path) -> None:
    inside = {code: shapely.Polygon(app.district.grid_by_code(code).polygon)
              .representative_point() for code in ("XH-02", "XH-09")}
    gx, gy = wgs84_to_gcj02([inside["XH-09"].x], [inside["XH-09"].y])
    sheet = tmp_path / "hotline.csv"
    sheet.write_text(
        "title,category,severity,经度,纬度,crs\n"
        f"Blocked drain,utilities,3,{inside['XH-02'].x},{inside['XH-02'].y},\n"
        f"Broken light,utilities,4,{gx[0]},{gy[0]},gcj02\n"
        "Far away,utilities,4,119.0,29.0,\n"
        "No number,utilities,4,abc,30.1,\n", encoding="utf-8")
    report = app.importer.import_file(sheet)
    assert (report.kind, report.accepted, report.rejected) == ("cases", 2, 2)
    placed = sorted(app.cases.open_cases(), key=lambda r: r.reference)
    assert [r.grid_code for r in placed] == ["XH-02", "XH-09"]
    reasons = {r.record: r.reason for r in report.rejections}
    assert reasons[4].startswith("(119.000000, 29.000000) is outside the territory "
                                 "(nearest grid XH-")
    assert reasons[5] == "Coordinates ('abc', '30.1') are not numbers."


def test_case_new_by_a_door_plate_address(
        app: App, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = Path(__file__).resolve().parents[3] / "resources" / "demo-center"
    assert app.gazetteer.import_csv(app.operators.system(), bundle / "addresses.csv").ok
    expected = app.gazetteer.search("东新街12号", 1)[0]
    officer = next(o for o in app.operators.list() if o.role is Role.DUTY_OFFICER)
    base = ["case", "new", "--db", db_url, "--operator", officer.username, "--title",
            "Broken street light", "--category", "utilities", "--severity", "3"]
    assert main([*base, "--address", "dongxinjie12hao"]) == 0  # pinyin, one match
    case = app.cases.get(capsys.readouterr().out.strip())
    assert case.point == pytest.approx((expected.lon, expected.lat))
    assert case.row.grid_code == expected.grid_code
    assert case.location == "东新街12号"
    assert main([*base, "--address", "东新街1"]) == 1  # 东新街1号, 10号, 11号…
    err = capsys.readouterr().err
    assert "matches several addresses: 东新街1" in err
    assert "give the whole address" in err
    assert main([*base, "--address", "不存在的路"]) == 1
    assert "No address in the gazetteer matches" in capsys.readouterr().err
