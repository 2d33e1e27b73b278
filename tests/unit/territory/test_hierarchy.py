"""Placing areas under their parents: parent field, codes, location; outside-parent reports."""

from __future__ import annotations

from shapely.geometry import Polygon, box

from console.territory.areas import Level, ParentInfo
from console.territory.checks import Draft, merge_features
from console.territory.checks import check_features as check
from console.territory.fields import FieldChoice
from console.territory.hierarchy import (
    national_parent,
    percent,
    place_areas,
    prefix_parent,
    separator_parent,
)
from console.territory.raw_features import RawFeature

FIELDS = FieldChoice(code="code", name="name", parent="parent")


def square(x: float, y: float, size: float = 0.01) -> Polygon:
    return box(120 + x, 30 + y, 120 + x + size, 30 + y + size)


def drafts(*rows: tuple[str, str, Polygon] | tuple[str, str, Polygon, str]) -> list[Draft]:
    features = [RawFeature(number, {"code": row[0], "name": row[1],
                                    "parent": row[3] if len(row) > 3 else None}, row[2])
                for number, row in enumerate(rows, start=1)]
    checked, findings = check("areas.geojson", features, FIELDS)
    assert findings == []
    merged, _ = merge_features(checked)
    return merged


def test_national_codes_name_their_parents() -> None:
    assert national_parent("31010100100101", "grid") == "310101001001"
    assert national_parent("310101001001", "community") == "310101001"
    assert national_parent("310101001", "street") == "310101"
    assert national_parent("310101", "district") is None
    assert national_parent("6301200042", "community") is None  # not the national layout
    assert national_parent("3101010010010A", "grid") is None


def test_code_prefix_rules() -> None:
    assert separator_parent("BH-3-2") == "BH-3"
    assert separator_parent("BH_3_2") == "BH_3"
    assert separator_parent("3.2.1") == "3.2"
    assert separator_parent("E02000001") is None
    known = {"63012": None, "6301200": None, "6301000": None}
    assert prefix_parent("6301200042", known) == "6301200"
    assert prefix_parent("6301200", known) == "63012"
    assert prefix_parent("6401200042", known) is None


def test_fourteen_digit_chain_from_district_to_grid() -> None:
    levels: list[tuple[Level, str, Polygon]] = [
        ("district", "310101", square(0, 0, 0.08)),
        ("street", "310101001", square(0, 0, 0.04)),
        ("community", "310101001001", square(0, 0, 0.02)),
        ("grid", "31010100100101", square(0, 0, 0.01)),
    ]
    known: dict[str, ParentInfo] | None = None
    rules = []
    for level, code, shape in levels:
        placements, findings = place_areas(drafts((code, f"{level} {code}", shape)), level,
                                           known)
        assert findings == []
        rules.append(placements[0].rule)
        known = {code: ParentInfo(f"{level} {code}", shape)}
    assert rules == ["top level", "parent 310101 by 9-digit code",
                     "parent 310101001 by 12-digit code",
                     "parent 310101001001 by 14-digit code"]


def test_separator_prefix_places_bh_3_2_in_bh_3() -> None:
    known = {"BH-3": ParentInfo("北湖三社区", square(0, 0, 0.02)),
             "BH-4": ParentInfo("北湖四社区", square(0.02, 0, 0.02))}
    placements, findings = place_areas(drafts(("BH-3-2", "三社区二网格", square(0, 0))),
                                       "grid", known)
    assert (placements[0].parent_code, placements[0].rule) == ("BH-3",
                                                              "parent BH-3 by code prefix")
    assert placements[0].share == 1.0
    assert findings == []


def test_a_grid_mostly_outside_its_parent_is_reported() -> None:
    known = {"BH-3": ParentInfo("北湖三社区", square(0, 0, 0.02))}
    # 0.004 of the 0.01-wide grid lies inside BH-3: 40%.
    grid = square(0.016, 0)
    placements, findings = place_areas(drafts(("BH-3-2", "三社区二网格", grid)), "grid", known)
    assert placements[0].parent_code == "BH-3"
    [finding] = findings
    assert finding.kind == "warning"
    assert finding.reason == "mostly outside its parent BH-3: 40% inside"


def test_location_places_an_area_in_the_parent_holding_most_of_it() -> None:
    known = {"S1": ParentInfo("一街道", square(0, 0, 0.02)),
             "S2": ParentInfo("二街道", square(0.02, 0, 0.02))}
    # 98% in S2, 2% in S1.
    grid = square(0.0198, 0)
    placements, findings = place_areas(drafts(("C9", "九社区", grid)), "community", known)
    assert (placements[0].parent_code, placements[0].rule) == (
        "S2", "parent S2 by location (98% inside)")
    assert findings == []


def test_an_area_outside_every_parent_has_none() -> None:
    known = {"S1": ParentInfo("一街道", square(0, 0, 0.02))}
    placements, findings = place_areas(drafts(("C9", "九社区", square(1, 1))), "community",
                                       known)
    assert placements[0].parent_code is None
    assert findings[0].reason == "no parent found: not inside any known street"


def test_parent_field_first_and_checked_against_known_parents() -> None:
    known = {"S1": ParentInfo("一街道", square(0, 0, 0.02)),
             "S2": ParentInfo("二街道", square(0.02, 0, 0.02))}
    placements, findings = place_areas(
        drafts(("C1", "一社区", square(0, 0), "S1"), ("C2", "二社区", square(0.02, 0), "S7")),
        "community", known, parent_field="parent")
    assert placements[0].rule == "parent S1 from field parent"
    assert placements[1].rule == "parent S2 by location (100% inside)"
    assert findings[0].reason == "parent S7 from field parent is not a known street"


def test_without_known_parents_only_the_field_gives_a_parent() -> None:
    placements, _ = place_areas(
        drafts(("C1", "一社区", square(0, 0), "S1"), ("310101001001", "二社区", square(1, 0))),
        "community", None, parent_field="parent")
    assert placements[0].parent_code == "S1"
    assert "not checked" in placements[0].rule
    assert (placements[1].parent_code, placements[1].rule) == (
        None, "top level: no street areas given")


def test_same_name_under_one_parent_is_a_warning() -> None:
    known = {"S1": ParentInfo("一街道", square(0, 0, 0.04))}
    _, findings = place_areas(drafts(("C1", "新安里", square(0, 0)),
                                     ("C2", "新安里", square(0.02, 0))), "community", known)
    assert [f.reason for f in findings] == ["name 新安里 is also used by C1 in street S1"]


def test_percent_never_rounds_up_to_whole() -> None:
    assert percent(0.996) == "99%"
    assert percent(1.0) == "100%"
    assert percent(0.4) == "40%"


def test_an_invalid_parent_shape_is_repaired_for_the_overlay() -> None:
    bow_tie = Polygon([(120, 30), (120.02, 30.02), (120.02, 30), (120, 30.02), (120, 30)])
    known = {"S1": ParentInfo("一街道", bow_tie)}
    placements, _ = place_areas(drafts(("C1", "一社区", square(0.012, 0.004, 0.004))),
                                "community", known)
    assert placements[0].parent_code == "S1"
