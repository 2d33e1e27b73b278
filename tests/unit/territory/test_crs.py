"""Choosing a file's CRS, transforming to WGS84, GCJ-02, refusing impossible coordinates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyproj
import pytest
from shapely.geometry import Point, box

from console.core.errors import ValidationError
from console.territory.crs import choose_crs, parse_crs, to_wgs84
from console.territory.gcj02 import gcj02_to_wgs84, in_china, wgs84_to_gcj02
from console.territory.gis_files import read_features
from tests.unit.territory.sample_files import copy_layer, sample

GEOD = pyproj.Geod(ellps="WGS84")

# Published test pairs of the forward formula (googollee/eviltransform's test suite):
# WGS84 lat, lon → GCJ-02 lat, lon.
EVILTRANSFORM_PAIRS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_PAIRS)
def test_gcj02_forward_formula_matches_published_pairs(wgs_lat: float, wgs_lon: float,
                                                       gcj_lat: float, gcj_lon: float) -> None:
    lon, lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert float(lon) == pytest.approx(gcj_lon, abs=1e-9)
    assert float(lat) == pytest.approx(gcj_lat, abs=1e-9)
    # The offset is a few hundred metres, as GCJ-02 is known to be.
    assert 300 < _metres(wgs_lon, wgs_lat, gcj_lon, gcj_lat) < 800


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_PAIRS)
def test_gcj02_inverse_recovers_wgs84_to_half_a_metre(wgs_lat: float, wgs_lon: float,
                                                      gcj_lat: float, gcj_lon: float) -> None:
    lon, lat = gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert _metres(float(lon), float(lat), wgs_lon, wgs_lat) < 0.5


def test_gcj02_round_trip_over_china_is_under_half_a_metre() -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(75, 134, 2000)
    lat = rng.uniform(18, 53, 2000)
    back_lon, back_lat = wgs84_to_gcj02(*gcj02_to_wgs84(lon, lat))
    error = GEOD.inv(lon, lat, back_lon, back_lat)[2]
    assert float(np.max(error)) < 0.5


def test_gcj02_is_wgs84_outside_china() -> None:
    lon, lat = gcj02_to_wgs84([-0.09, 139.7], [51.5, 35.7])
    assert list(lon) == [-0.09, 139.7]
    assert list(lat) == [51.5, 35.7]
    assert not in_china(139.7, 35.7)
    assert in_china(121.47, 31.23)


def test_the_callers_crs_wins_over_the_prj() -> None:
    info, _ = read_features(sample("uk_london_msoa_2021.shp"))
    assert choose_crs(info, None).label.startswith("EPSG:27700")
    assert choose_crs(info, "EPSG:4326").kind == "wgs84"
    assert choose_crs(info, "gcj02").kind == "gcj02"


def test_crs_names_and_codes_people_type() -> None:
    by_name = parse_crs("CGCS2000 / 3-degree Gauss-Kruger CM 120E")
    assert by_name.kind == "projected"
    assert by_name.label.startswith("EPSG:4549")
    assert parse_crs("EPSG:4490").kind == "geographic"
    assert parse_crs("urn:ogc:def:crs:OGC:1.3:CRS84").kind == "wgs84"
    assert parse_crs("GCJ-02").kind == "gcj02"
    with pytest.raises(ValidationError, match="not a CRS the import knows"):
        parse_crs("EPSG:99999999")


def test_cgcs2000_gauss_kruger_central_meridian_maps_to_120e() -> None:
    choice = parse_crs("EPSG:4549")
    square = box(499_950, 3_450_000, 500_050, 3_450_100)
    [moved], _ = to_wgs84("zone.shp", [square], choice)
    assert moved is not None
    assert moved.centroid.x == pytest.approx(120.0, abs=1e-6)
    assert moved.centroid.y == pytest.approx(31.17, abs=0.01)


def test_london_british_national_grid_to_wgs84() -> None:
    info, features = read_features(sample("uk_london_msoa_2021.shp"))
    choice = choose_crs(info, None)
    assert choice.origin == "from uk_london_msoa_2021.prj"
    moved, _ = to_wgs84(info.name, [feature.geometry for feature in features], choice)
    city = next(geometry for feature, geometry in zip(features, moved, strict=True)
                if feature.properties["MSOA21CD"] == "E02000001")
    assert city is not None
    assert city.centroid.x == pytest.approx(-0.09, abs=0.005)
    assert city.centroid.y == pytest.approx(51.515, abs=0.003)


def test_london_without_prj_is_metres_read_as_degrees(tmp_path: Path) -> None:
    shp = copy_layer("uk_london_msoa_2021", tmp_path, without=(".prj",))
    info, features = read_features(shp)
    choice = choose_crs(info, None)
    with pytest.raises(ValidationError, match=r"coordinates up to 561957 look like metres, but "
                                              r"the file names no CRS") as caught:
        to_wgs84(info.name, [feature.geometry for feature in features], choice)
    assert "uk_london_msoa_2021.shp" in str(caught.value)
    assert "--crs" in str(caught.value)


def test_london_claimed_geographic_is_refused(tmp_path: Path) -> None:
    shp = copy_layer("uk_london_msoa_2021", tmp_path, without=(".prj",))
    shp.with_suffix(".prj").write_text(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
        '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
        encoding="ascii")
    info, features = read_features(shp)
    with pytest.raises(ValidationError, match="look like metres, but the file claims "
                                              "geographic degrees"):
        to_wgs84(info.name, [feature.geometry for feature in features], choose_crs(info, None))


def test_degrees_claimed_projected_are_refused() -> None:
    with pytest.raises(ValidationError, match="look like lon/lat degrees, but EPSG:27700"):
        to_wgs84("x.geojson", [box(-0.1, 51.5, -0.09, 51.51)], parse_crs("EPSG:27700"))


def test_projected_claim_that_leaves_the_globe_is_refused() -> None:
    far = box(9e7, 9e7, 9.1e7, 9.1e7)
    with pytest.raises(ValidationError, match="off the globe"):
        to_wgs84("x.shp", [far], parse_crs("EPSG:4549"))


def test_data_far_from_the_crs_area_of_use_gets_a_note() -> None:
    # A point of Shanghai (zone CM 120E) read as the CM 117E zone lands 300 km off.
    _, notes = to_wgs84("x.shp", [Point(500_000, 3_450_000).buffer(50)],
                        parse_crs("EPSG:4548"))
    assert notes == []
    _, notes = to_wgs84("x.shp", [Point(1_500_000, 3_450_000).buffer(50)],
                        parse_crs("EPSG:4548"))
    assert any("outside the area" in note for note in notes)


def test_missing_geometries_pass_through() -> None:
    moved, _ = to_wgs84("x.shp", [None, box(500_000, 3_450_000, 500_100, 3_450_100)],
                        parse_crs("EPSG:4549"))
    assert moved[0] is None
    assert moved[1] is not None


def test_latitude_first_is_refused_as_swapped() -> None:
    with pytest.raises(ValidationError, match="look like latitude, longitude"):
        to_wgs84("points.csv", [box(31.2, 121.4, 31.21, 121.41)], parse_crs("EPSG:4326"))


def test_an_unreadable_crs_member_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.geojson"
    path.write_text('{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
                    '{"name": "EPSG:nonsense"}}, "features": []}', encoding="utf-8")
    info, _ = read_features(path)
    with pytest.raises(ValidationError, match=r"^odd\.geojson: 'EPSG:nonsense' is not a CRS"):
        choose_crs(info, None)
