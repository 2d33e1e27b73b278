"""Proposing the code, name, parent and count fields; normalising codes and counts."""

from __future__ import annotations

import pytest

from console.core.errors import ValidationError
from console.territory.fields import normalise_code, propose_fields, to_count
from console.territory.gis_files import read_features
from tests.unit.territory.sample_files import sample


@pytest.mark.parametrize(("value", "code"), [
    (6301200042.0, "6301200042"),
    ("6301200042.0", "6301200042"),
    (" 131040720 ", "131040720"),
    (101, "101"),
    ("0101", "0101"),
    ("BH-3-2", "BH-3-2"),
    (12.5, "12.5"),
    ("", None),
    ("   ", None),
    (None, None),
    (float("nan"), None),
])
def test_codes_are_normalised_to_text(value: object, code: str | None) -> None:
    assert normalise_code(value) == code


def test_counts() -> None:
    assert to_count(3151) == 3151
    assert to_count("2105") == 2105
    assert to_count(12.0) == 12
    assert to_count("") is None
    assert to_count(None) is None
    for bad in ("many", -1, 2.5):
        with pytest.raises(ValueError, match="not a"):
            to_count(bad)


def _proposal(file: str, **given: str) -> dict[str, str | None]:
    info, features = read_features(sample(file))
    choice = propose_fields(info.name, info.field_names,
                            [feature.properties for feature in features], **given)
    return {"code": choice.code, "name": choice.name, "parent": choice.parent,
            "households": choice.households, "population": choice.population}


def test_taipei_villages_fields() -> None:
    assert _proposal("tw_taipei_villages.geojson") == {
        "code": "CPTVID", "name": "VNAME", "parent": None, "households": None,
        "population": None}


def test_taipei_districts_fields() -> None:
    proposal = _proposal("tw_taipei_districts.geojson")
    assert (proposal["code"], proposal["name"]) == ("CPTID", "TNAME")


def test_tokyo_fields_with_counts() -> None:
    assert _proposal("jp_tokyo_shinjuku_smallareas_2015.shp") == {
        "code": "KEY_CODE", "name": "S_NAME", "parent": None, "households": "SETAI",
        "population": "JINKO"}


def test_london_fields_by_suffix() -> None:
    proposal = _proposal("uk_london_msoa_2021.shp")
    assert (proposal["code"], proposal["name"]) == ("MSOA21CD", "MSOA21NM")


def test_shanghai_fields() -> None:
    proposal = _proposal("cn_shanghai_districts_amap.shp")
    assert (proposal["code"], proposal["name"]) == ("adcode", "name")


def test_nyc_code_by_values_and_no_name() -> None:
    proposal = _proposal("us_nyc_community_districts.geojson")
    assert proposal["code"] == "communityDistrict"
    assert proposal["name"] is None


def test_the_reasons_say_why() -> None:
    info, features = read_features(sample("tw_taipei_villages.geojson"))
    choice = propose_fields(info.name, info.field_names,
                            [feature.properties for feature in features])
    notes = choice.notes()
    assert notes[0] == "code: CPTVID (proposed: unique values, named like a code)"
    assert notes[1].startswith("name: VNAME (proposed: text, 454 distinct values")


def test_given_fields_win_and_are_matched_ignoring_case() -> None:
    proposal = _proposal("tw_taipei_villages.geojson", code="nptvid", name="PTVNAME")
    assert (proposal["code"], proposal["name"]) == ("NPTVID", "PTVNAME")


def test_a_given_field_the_file_lacks_is_refused() -> None:
    with pytest.raises(ValidationError, match="no field 'GRID_NO' for the code") as caught:
        _proposal("tw_taipei_districts.geojson", code="GRID_NO")
    assert caught.value.field == "code_field"


def test_chinese_field_names() -> None:
    rows: list[dict[str, object]] = [
        {"网格编码": f"31010100100{index}", "网格名称": f"{index}号网格", "户数": 100 + index,
         "人口": 300 + index, "上级编码": "310101001001"}
        for index in range(1, 6)]
    choice = propose_fields("grids.csv", list(rows[0]), rows)
    assert (choice.code, choice.name, choice.parent, choice.households,
            choice.population) == ("网格编码", "网格名称", "上级编码", "户数", "人口")
