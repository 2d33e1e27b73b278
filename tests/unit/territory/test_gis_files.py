"""Reading GeoJSON, Shapefiles and WKT CSVs into raw features (real sample files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapefile

from console.core.errors import ValidationError
from console.territory.gis_files import read_features
from tests.unit.territory.sample_files import copy_layer, sample


def test_shanghai_utf8_dbf_without_cpg_is_detected_as_utf8() -> None:
    info, features = read_features(sample("cn_shanghai_districts_amap.shp"))
    assert info.format == "shapefile"
    assert info.encoding == "utf-8"
    assert "UTF-8" in info.encoding_reason
    assert info.crs_text is None  # no .prj
    assert len(features) == 16
    names = {feature.properties["name"] for feature in features}
    assert {"崇明区", "浦东新区", "黄浦区"} <= names
    assert all(feature.geometry is not None and feature.problem is None for feature in features)
    assert info.field_names[:2] == ("name", "adcode")


def test_tokyo_cp932_is_detected_from_the_language_byte() -> None:
    info, features = read_features(sample("jp_tokyo_shinjuku_smallareas_2015.shp"))
    assert info.encoding == "cp932"
    assert "0x13" in info.encoding_reason
    assert features[0].properties["S_NAME"] == "四谷１丁目"
    assert info.crs_text is not None
    assert "GCS_JGD_2000" in info.crs_text


def test_london_cpg_wins_over_the_requested_encoding() -> None:
    info, features = read_features(sample("uk_london_msoa_2021.shp"), encoding="utf-8")
    assert info.encoding == "latin-1"
    assert "uk_london_msoa_2021.cpg" in info.encoding_reason
    assert "utf-8 was not used" in info.encoding_reason
    assert len(features) == 1002


def test_sibling_files_are_found_in_any_letter_case(tmp_path: Path) -> None:
    shp = copy_layer("jp_tokyo_shinjuku_smallareas_2015", tmp_path, rename={
        ".dbf": "jp_tokyo_shinjuku_smallareas_2015.DBF",
        ".prj": "jp_tokyo_shinjuku_smallareas_2015.PRJ"})
    info, features = read_features(shp)
    assert len(features) == 153
    assert info.crs_origin == "jp_tokyo_shinjuku_smallareas_2015.PRJ"


def test_a_shp_without_its_dbf_is_refused(tmp_path: Path) -> None:
    shp = copy_layer("cn_shanghai_districts_amap", tmp_path, without=(".dbf",))
    with pytest.raises(ValidationError, match=r"cn_shanghai_districts_amap.shp: .*no \.dbf"):
        read_features(shp)


def test_a_missing_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"nowhere\.geojson: no such file"):
        read_features(tmp_path / "nowhere.geojson")


def test_unreadable_json_is_refused_with_the_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken.geojson: not valid JSON \(line 1"):
        read_features(broken)


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "areas.kml"
    other.write_text("<kml/>", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"areas\.kml: not a format"):
        read_features(other)


def test_geojson_legacy_crs_member_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps({
        "type": "Feature", "properties": {"code": "1"},
        "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
        "geometry": {"type": "Polygon", "coordinates": [[[120, 30], [120.01, 30],
                                                         [120.01, 30.01], [120, 30]]]}}),
        encoding="utf-8")
    info, features = read_features(path)
    assert info.crs_text == "EPSG:4490"
    assert info.crs_origin == "GeoJSON crs member"
    assert len(features) == 1
    assert features[0].number == 1


def test_taipei_villages_read_with_crs84() -> None:
    info, features = read_features(sample("tw_taipei_villages.geojson"))
    assert info.crs_text == "urn:ogc:def:crs:OGC:1.3:CRS84"
    assert len(features) == 456
    assert features[0].properties["CPTVID"] == "6301200042"
    assert features[0].properties["NPTVID"] == 6301200042.0


def test_a_geojson_feature_with_broken_coordinates_is_kept_with_its_problem(
        tmp_path: Path) -> None:
    path = tmp_path / "two.geojson"
    square = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "A"},
         "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"code": "B"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}},
        {"type": "Feature", "properties": {"code": "C"}, "geometry": None},
    ]}), encoding="utf-8")
    _, features = read_features(path)
    assert features[0].problem is None
    assert features[1].problem is not None
    assert features[1].problem.startswith("unreadable geometry")
    assert features[2].geometry is None
    assert features[2].problem is None


def test_csv_with_wkt_keeps_good_rows_and_reports_the_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "grids.csv"
    path.write_text(
        "网格编码,网格名称,WKT\n"
        'G1,一号网格,"POLYGON ((120 30, 120.01 30, 120.01 30.01, 120 30.01, 120 30))"\n'
        'G2,二号网格,"POLYGON ((120 30, 120.01 30, oops))"\n'
        "\n"
        'G3,三号网格,"MULTIPOLYGON (((120.02 30, 120.03 30, 120.03 30.01, 120.02 30)))"\n',
        encoding="utf-8-sig")
    info, features = read_features(path)
    assert info.format == "csv"
    assert info.field_names == ("网格编码", "网格名称")
    assert [feature.number for feature in features] == [1, 2, 4]
    assert features[0].properties == {"网格编码": "G1", "网格名称": "一号网格"}
    assert features[0].geometry is not None
    assert features[1].geometry is None
    assert features[1].problem is not None
    assert "unreadable WKT in column WKT" in features[1].problem
    assert features[2].geometry is not None
    assert features[2].geometry.geom_type == "MultiPolygon"


def test_csv_in_gb18030_and_a_named_geometry_column(tmp_path: Path) -> None:
    path = tmp_path / "grids.csv"
    path.write_text("code;名称;shape_wkt\nG1;一号网格;POLYGON ((0 0, 1 0, 1 1, 0 0))\n",
                    encoding="gb18030")
    info, features = read_features(path, geometry_column="shape_wkt")
    assert info.encoding == "gb18030"
    assert features[0].properties["名称"] == "一号网格"
    with pytest.raises(ValidationError, match="no WKT geometry column"):
        read_features(path)


def test_gbk_dbf_without_cpg_falls_back_to_gb18030(tmp_path: Path) -> None:
    base = tmp_path / "gbk_grids"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding="gbk") as writer:
        writer.field("CODE", "C", 10)
        writer.field("NAME", "C", 40)
        writer.poly([[[120, 30], [120, 30.01], [120.01, 30.01], [120.01, 30], [120, 30]]])
        writer.record("G1", "静安寺街道第一网格")
    info, features = read_features(base.with_suffix(".shp"))
    assert info.encoding == "gb18030"
    assert "not UTF-8" in info.encoding_reason
    assert features[0].properties["NAME"] == "静安寺街道第一网格"


def test_a_wrong_cpg_is_obeyed_but_the_garbled_names_are_reported(tmp_path: Path) -> None:
    shp = copy_layer("jp_tokyo_shinjuku_smallareas_2015", tmp_path)
    shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
    info, _ = read_features(shp)
    assert info.encoding == "utf-8"
    assert any("do not decode as utf-8" in note for note in info.notes)
