"""Planning imports of the real sample files end to end, and the report they give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyproj
import pytest
import shapely

from console.core.errors import ValidationError
from console.territory.gcj02 import wgs84_to_gcj02
from console.territory.gis_files import read_features
from console.territory.plan import ImportPlan, plan_import
from tests.unit.territory.sample_files import copy_layer, sample
from tests.unit.territory.synthetic import write_grid_cells

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def taipei_districts() -> ImportPlan:
    return plan_import([sample("tw_taipei_districts.geojson")], "district")


def _notes(plan: ImportPlan, text: str) -> list[str]:
    return [note for note in plan.notes if text in note]


def test_shanghai_without_crs_is_read_as_wgs84_with_a_gcj02_hint() -> None:
    plan = plan_import([sample("cn_shanghai_districts_amap.shp")], "district")
    assert len(plan.areas) == 16
    assert plan.findings == []
    assert _notes(plan, "encoding utf-8 (detected: every text field is valid UTF-8)")
    assert _notes(plan, "give --crs gcj02")
    assert {area.parent_code for area in plan.areas} == {None}
    assert plan.area("310101").name == "黄浦区"


def test_shanghai_as_gcj02_moves_about_500_metres() -> None:
    path = sample("cn_shanghai_districts_amap.shp")
    as_is = plan_import([path], "district")
    moved = plan_import([path], "district", crs="gcj02")
    assert _notes(moved, "CRS GCJ-02")
    for before, after in zip(as_is.areas, moved.areas, strict=True):
        a, b = before.geometry.centroid, after.geometry.centroid
        shift = GEOD.inv(a.x, a.y, b.x, b.y)[2]
        assert 400 < shift < 600, (before.code, shift)
        # WGS84 lies south-west of GCJ-02 around Shanghai.
        assert b.x < a.x
        assert b.y > a.y
        # The offset varies across a district, stretching areas by up to a few per mille.
        assert after.area_m2 == pytest.approx(before.area_m2, rel=3e-3)


def _to_gcj02(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    lon, lat = wgs84_to_gcj02(coords[:, 0], coords[:, 1])
    return np.column_stack([lon, lat])


def test_shanghai_gcj02_result_goes_back_to_the_file_within_half_a_metre() -> None:
    path = sample("cn_shanghai_districts_amap.shp")
    _, raw = read_features(path)
    moved = plan_import([path], "district", crs="gcj02")
    for feature, area in zip(raw, moved.areas, strict=True):
        assert feature.geometry is not None

        back = shapely.transform(area.geometry, _to_gcj02)
        # 5e-6 degrees is about 0.5 m here.
        assert shapely.hausdorff_distance(back, feature.geometry) < 5e-6


def test_taipei_villages_two_repairs_reported_by_code() -> None:
    plan = plan_import([sample("tw_taipei_villages.geojson")], "community")
    assert len(plan.areas) == 456
    repaired = [f for f in plan.findings if f.kind == "repaired"]
    assert [(f.feature_number, f.code) for f in repaired] == [(102, "6301000001"),
                                                              (128, "6301000039")]
    assert all("Self-intersection" in f.reason for f in repaired)
    assert all(area.geometry.is_valid for area in plan.areas)
    assert _notes(plan, "CRS OGC:CRS84 WGS 84 (CRS84) (from the GeoJSON crs member), used as is")
    assert plan.counts()["rejected"] == 0
    lines = plan.report_lines()
    assert any(line.startswith("tw_taipei_villages.geojson:feature 102 (code 6301000001): "
                               "repaired: invalid geometry repaired (Self-intersection[")
               for line in lines)


def test_taipei_geodesic_areas_match_the_files_own_area_field() -> None:
    _, raw = read_features(sample("tw_taipei_villages.geojson"))
    plan = plan_import([sample("tw_taipei_villages.geojson")], "community")
    stated = {str(feature.properties["CPTVID"]): feature.properties["AREA"] for feature in raw}
    for area in plan.areas:
        assert area.area_m2 == pytest.approx(stated[area.code], rel=2e-3), area.code


def test_taipei_districts_are_the_villages_parents_by_code_prefix(
        taipei_districts: ImportPlan) -> None:
    assert len(taipei_districts.areas) == 12
    assert all(area.parent_rule == "top level" for area in taipei_districts.areas)
    villages = plan_import([sample("tw_taipei_villages.geojson")], "community",
                           known_parents=taipei_districts.as_parents())
    _, raw = read_features(sample("tw_taipei_villages.geojson"))
    district_of = {str(f.properties["CPTVID"]): str(f.properties["CPTID"]) for f in raw}
    for area in villages.areas:
        assert area.parent_code == district_of[area.code]
        assert area.parent_rule == f"parent {area.parent_code} by code prefix"
    assert villages.area("6301200042").parent_rule == "parent 6301200 by code prefix"
    assert not [f for f in villages.findings if "outside its parent" in f.reason]
    # 新安里 and 中央里 are in two districts each: not a problem.
    assert not [f for f in villages.findings if "also used by" in f.reason]


def test_taipei_villages_placed_by_location_without_usable_codes(
        taipei_districts: ImportPlan) -> None:
    villages = plan_import([sample("tw_taipei_villages.geojson")], "community",
                           code_field="PTVNAME",
                           name_field="VNAME", known_parents=taipei_districts.as_parents())
    rules = {area.parent_rule.split(" by ")[1].split(" (")[0] for area in villages.areas}
    assert rules == {"location"}
    area = next(a for a in villages.areas if a.code == "臺北市北投區湖田里")
    assert area.parent_code == "6301200"
    assert area.parent_rule.startswith("parent 6301200 by location (")


def test_tokyo_cp932_and_the_duplicate_code_merged() -> None:
    plan = plan_import([sample("jp_tokyo_shinjuku_smallareas_2015.shp")], "community")
    assert _notes(plan, "encoding cp932 (detected: not UTF-8; the DBF's language byte 0x13")
    assert _notes(plan, "CRS EPSG:4612 JGD2000")
    assert len(plan.areas) == 152
    yamabuki = plan.area("131040720")
    assert yamabuki.name == "山吹町"
    assert yamabuki.source_numbers == (96, 97)
    assert (yamabuki.households, yamabuki.population) == (2105, 3151)
    merged = [f for f in plan.findings if f.kind == "merged"]
    assert [(f.feature_number, f.code) for f in merged] == [(96, "131040720")]
    assert plan.area("13104001001").name == "四谷１丁目"
    west, south, east, north = shapely.total_bounds([a.geometry for a in plan.areas])
    assert 139.67 < west < east < 139.75
    assert 35.67 < south < north < 35.73


def test_london_from_british_national_grid() -> None:
    plan = plan_import([sample("uk_london_msoa_2021.shp")], "community")
    assert len(plan.areas) == 1002
    assert _notes(plan, "CRS EPSG:27700 OSGB36 / British National Grid "
                        "(from uk_london_msoa_2021.prj), transformed to WGS84")
    assert _notes(plan, "encoding latin-1 (from uk_london_msoa_2021.cpg (ISO-8859-1))")
    city = plan.area("E02000001")
    assert city.name == "City of London 001"
    assert city.geometry.centroid.x == pytest.approx(-0.09, abs=0.005)
    assert city.geometry.centroid.y == pytest.approx(51.515, abs=0.003)
    assert city.area_m2 == pytest.approx(2.9e6, rel=0.05)  # the Square Mile


def test_london_without_prj_is_refused(tmp_path: Path) -> None:
    shp = copy_layer("uk_london_msoa_2021", tmp_path, without=(".prj",))
    with pytest.raises(ValidationError, match=r"uk_london_msoa_2021.shp: coordinates up to "
                                              r"\d+ look like metres"):
        plan_import([shp], "community")
    plan = plan_import([shp], "community", crs="EPSG:27700")
    assert len(plan.areas) == 1002


def test_nyc_needs_names_from_codes_then_merges_149_features_into_71() -> None:
    path = sample("us_nyc_community_districts.geojson")
    nameless = plan_import([path], "community")
    assert nameless.areas == []
    assert nameless.counts()["rejected"] == 149
    assert "no name: the file has no name field" in nameless.findings[0].reason
    plan = plan_import([path], "community", name_from_code=True)
    assert len(plan.areas) == 71
    assert sum(len(area.source_numbers) for area in plan.areas) == 149
    assert plan.area("356").name == "356"
    assert len(plan.area("356").source_numbers) == 22
    assert len(plan.area("410").source_numbers) == 5
    merged = [f for f in plan.findings if f.kind == "merged"]
    assert len(merged) == sum(1 for area in plan.areas if len(area.source_numbers) > 1)
    assert any(f.code == "356" and "merged into one area" in f.reason for f in merged)
    overlaps = [f for f in plan.findings if f.reason.startswith("overlaps ")]
    assert overlaps  # joint interest areas and neighbours overlap in this file
    assert all(" m²" in f.reason or " ha" in f.reason for f in overlaps)
    assert _notes(plan, "names taken from the codes")


def test_csv_with_one_bad_wkt_row(tmp_path: Path) -> None:
    path = tmp_path / "grids.csv"
    path.write_text(
        "code,name,households,wkt\n"
        'G1,一号,120,"POLYGON ((120 30, 120.001 30, 120.001 30.001, 120 30.001, 120 30))"\n'
        'G2,二号,80,"POLYGON ((120.001 30, 120.002 30, nonsense))"\n'
        'G3,三号,,"POLYGON ((120.002 30, 120.003 30, 120.003 30.001, 120.002 30.001, '
        '120.002 30))"\n',
        encoding="utf-8")
    plan = plan_import([path], "grid")
    assert [area.code for area in plan.areas] == ["G1", "G3"]
    assert plan.area("G1").households == 120
    assert plan.area("G3").households is None
    [finding] = plan.findings
    assert (finding.file, finding.feature_number, finding.code, finding.kind) == (
        "grids.csv", 2, "G2", "rejected")
    assert finding.line().startswith("grids.csv:feature 2 (code G2): rejected: unreadable WKT")


def test_synthetic_grids_in_villages_by_code_prefix(tmp_path: Path) -> None:
    villages = plan_import([sample("tw_taipei_villages.geojson")], "community")
    cells = write_grid_cells(tmp_path / "cells.geojson", 300)
    plan = plan_import([cells], "grid", known_parents=villages.as_parents())
    assert len(plan.areas) == 300
    assert all(area.parent_rule.endswith("by code prefix") for area in plan.areas)
    assert all(area.parent_code == area.code.split("-")[0] for area in plan.areas)
    assert not [f for f in plan.findings if "outside its parent" in f.reason]


def test_files_and_levels_are_checked() -> None:
    with pytest.raises(ValidationError, match="unknown level 'province'"):
        plan_import([sample("tw_taipei_districts.geojson")], "province")
    with pytest.raises(ValidationError, match="no files"):
        plan_import([], "grid")


def test_the_report_reads_as_text(taipei_districts: ImportPlan) -> None:
    lines = taipei_districts.report_lines()
    assert lines[0] == ("12 features in 1 file → 12 district areas; 0 rejected, 0 repaired, "
                        "0 merged, 0 warnings")
    assert ("tw_taipei_districts.geojson: code: CPTID (proposed: unique values, named like a "
            "code)") in lines
    assert taipei_districts.report().endswith("\n")


def test_an_empty_file_gives_no_areas_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    plan = plan_import([path], "grid")
    assert plan.areas == []
    assert "empty.geojson: the file holds no features" in plan.notes
