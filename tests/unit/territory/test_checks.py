"""Checking features into areas: rejections, repairs, merges, overlaps, slivers."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from console.territory.areas import Finding
from console.territory.checks import (
    CheckedFeature,
    check_features,
    find_overlaps,
    find_slivers,
    merge_features,
)
from console.territory.fields import FieldChoice
from console.territory.geodesy import area_m2, format_m2
from console.territory.raw_features import RawFeature

FIELDS = FieldChoice(code="code", name="name", households="hh", population="pop")

# About 96 m by 111 m at latitude 30°.
CELL = 0.001


def cell(x: int, y: int, size: float = CELL) -> Polygon:
    return box(120 + x * CELL, 30 + y * CELL, 120 + x * CELL + size, 30 + y * CELL + size)


def raw(number: int, code: object, name: object, geometry: BaseGeometry | None,
        **more: object) -> RawFeature:
    return RawFeature(number, {"code": code, "name": name, **more}, geometry)


def check(features: list[RawFeature], **options: bool) -> tuple[list[CheckedFeature],
                                                               list[Finding]]:
    return check_features("grids.geojson", features, FIELDS, **options)


def test_good_features_pass_with_ccw_multipolygons() -> None:
    clockwise = Polygon(list(cell(0, 0).exterior.coords)[::-1])
    checked, findings = check([raw(1, "G1", " 一号 网格 ", clockwise, hh="12", pop=30.0)])
    assert findings == []
    [feature] = checked
    assert feature.code == "G1"
    assert feature.name == "一号 网格"
    assert isinstance(feature.geometry, MultiPolygon)
    assert feature.geometry.geoms[0].exterior.is_ccw
    assert (feature.households, feature.population) == (12, 30)


def test_holes_are_kept_clockwise() -> None:
    ring = Polygon(cell(0, 0, 3 * CELL).exterior.coords, [cell(1, 1).exterior.coords])
    [feature], _ = check([raw(1, "G1", "一号", ring)])
    polygon = feature.geometry.geoms[0]
    assert len(polygon.interiors) == 1
    assert not polygon.interiors[0].is_ccw


def test_missing_code_and_missing_name_are_rejected() -> None:
    checked, findings = check([raw(1, None, "一号", cell(0, 0)), raw(2, "G2", "", cell(1, 0)),
                               raw(3, "G3", "三号", cell(2, 0))])
    assert [feature.code for feature in checked] == ["G3"]
    assert [(f.feature_number, f.code, f.reason, f.kind) for f in findings] == [
        (1, None, "no code (field code is empty)", "rejected"),
        (2, "G2", "no name (field name is empty)", "rejected"),
    ]


def test_no_name_field_takes_the_code_only_when_asked() -> None:
    fields = FieldChoice(code="code", name=None)
    feature = raw(1, 101, None, cell(0, 0))
    checked, findings = check_features("nyc.geojson", [feature], fields)
    assert checked == []
    assert "the file has no name field" in findings[0].reason
    checked, findings = check_features("nyc.geojson", [feature], fields, name_from_code=True)
    assert (checked[0].code, checked[0].name, findings) == ("101", "101", [])


@pytest.mark.parametrize(("geometry", "reason"), [
    (None, "empty geometry"),
    (Polygon(), "empty geometry"),
    (Point(120, 30), "not a polygon (Point)"),
    (LineString([(120, 30), (120.1, 30)]), "not a polygon (LineString)"),
])
def test_empty_and_non_polygon_geometries_are_rejected(geometry: BaseGeometry | None,
                                                       reason: str) -> None:
    checked, findings = check([raw(1, "G1", "一号", geometry)])
    assert checked == []
    assert (findings[0].reason, findings[0].kind) == (reason, "rejected")


def test_a_reader_problem_is_a_rejection() -> None:
    feature = RawFeature(4, {"code": "G4", "name": "四号"}, None, "unreadable WKT: oops")
    _, findings = check([feature])
    assert (findings[0].feature_number, findings[0].reason) == (4, "unreadable WKT: oops")


def test_a_bow_tie_is_repaired_and_reported_with_the_reason() -> None:
    bow_tie = Polygon([(120, 30), (120.001, 30.001), (120.001, 30), (120, 30.001), (120, 30)])
    [feature], findings = check([raw(1, "G1", "一号", bow_tie)])
    assert feature.geometry.is_valid
    assert len(feature.geometry.geoms) == 2
    assert findings[0].kind == "repaired"
    assert findings[0].reason.startswith("invalid geometry repaired (Self-intersection[")


def test_bad_counts_are_warnings_not_rejections() -> None:
    [feature], findings = check([raw(1, "G1", "一号", cell(0, 0), hh="many", pop=-3)])
    assert (feature.households, feature.population) == (None, None)
    assert [f.reason for f in findings] == ["hh ignored: 'many' is not a number",
                                           "pop ignored: -3 is not a whole number of zero or more"]


def test_same_code_same_name_is_merged_and_counts_add_up() -> None:
    checked, _ = check([raw(96, "131040720", "山吹町", cell(0, 0), hh=2105, pop=3151),
                        raw(97, "131040720", "山吹町", cell(5, 5), hh=0, pop=0),
                        raw(98, "131040730", "揚場町", cell(9, 9))])
    drafts, findings = merge_features(checked)
    assert [draft.code for draft in drafts] == ["131040720", "131040730"]
    merged = drafts[0]
    assert merged.numbers == (96, 97)
    assert len(merged.geometry.geoms) == 2
    assert (merged.households, merged.population) == (2105, 3151)
    assert [(f.feature_number, f.kind) for f in findings] == [(96, "merged")]
    assert "features 96, 97 share code and name (山吹町)" in findings[0].reason


def test_same_code_other_name_is_rejected_naming_the_first() -> None:
    checked, _ = check([raw(88, "131040720", "山吹町", cell(0, 0)),
                        raw(90, "131040720", "赤城元町", cell(3, 3))])
    drafts, findings = merge_features(checked)
    assert len(drafts) == 1
    assert drafts[0].numbers == (88,)
    assert findings[0].kind == "rejected"
    assert findings[0].feature_number == 90
    assert findings[0].reason.startswith(
        "code 131040720 already used by feature 88 (山吹町)")


def test_touching_areas_do_not_overlap() -> None:
    checked, _ = check([raw(1, "A", "甲", cell(0, 0)), raw(2, "B", "乙", cell(1, 0))])
    drafts, _ = merge_features(checked)
    assert find_overlaps(drafts) == []


def test_an_overlap_is_reported_in_square_metres() -> None:
    a, b = cell(0, 0), box(120 + 0.9 * CELL, 30, 120 + 1.9 * CELL, 30 + CELL)
    checked, _ = check([raw(1, "A", "甲", a), raw(2, "B", "乙", b)])
    drafts, _ = merge_features(checked)
    [finding] = find_overlaps(drafts)
    expected = area_m2(a.intersection(b))
    assert 1_000 < expected < 1_100  # 9.6 m by 111 m
    assert (finding.feature_number, finding.code, finding.kind) == (2, "B", "warning")
    assert finding.reason == f"overlaps A (甲) by {format_m2(expected)}"
    assert find_overlaps(drafts, tolerance_m2=2_000) == []


def test_slivers_tiny_and_thin() -> None:
    tiny = box(120, 30, 120 + 5e-6, 30 + 5e-6)  # about 0.5 m by 0.55 m
    thin = box(120.01, 30, 120.011, 30 + 2e-6)  # about 96 m by 0.2 m
    whole = MultiPolygon([cell(5, 5), box(120.02, 30, 120.02 + 5e-6, 30 + 5e-6)])
    checked, _ = check([raw(1, "T", "小", tiny), raw(2, "L", "细", thin),
                        raw(3, "OK", "好", cell(3, 3)), raw(4, "P", "多", whole)])
    drafts, _ = merge_features(checked)
    findings = find_slivers(drafts)
    assert [(f.code, f.kind) for f in findings] == [("T", "warning"), ("L", "warning"),
                                                    ("P", "warning")]
    assert findings[0].reason.startswith("sliver: 0.")
    assert findings[1].reason == "sliver: 21 m², 0.22 m wide on average"
    assert findings[2].reason == "part 2 of 2 is a sliver under 1.00 m²"
