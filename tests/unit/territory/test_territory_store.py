"""The territory in the database: a real district file and its villages loaded, re-loaded,
retired and exported, as an administrator would from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import box, mapping

from console.app import App
from console.clock import FakeClock
from console.core.domain import Role
from console.core.errors import PermissionDenied, ValidationError
from console.territory.cli import export_grids
from console.territory.plan import plan_import
from main import main
from tests.unit.territory.sample_files import sample


@pytest.fixture
def admin(empty_app: App) -> App:
    empty_app.operators.create_first_admin("admin", "Admin", "correct-horse-9")
    empty_app.act_as("admin")
    return empty_app


def _grid_file(path: Path, cells: dict[str, tuple[float, float]], parent: str = "") -> Path:
    """A GeoJSON of square grids near the demo district (0.01° cells at the given corners)."""
    features = [{"type": "Feature",
                 "properties": {"code": code, "name": f"网格{code}", "parent": parent,
                                "households": 100 + i},
                 "geometry": mapping(box(x, y, x + 0.01, y + 0.01))}
                for i, (code, (x, y)) in enumerate(cells.items())]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


CELLS = {"T-01": (120.10, 30.20), "T-02": (120.11, 30.20), "T-03": (120.12, 30.20)}


def test_taipei_districts_then_villages_are_placed_by_code(admin: App) -> None:
    territory = admin.territory
    districts = plan_import([sample("tw_taipei_districts.geojson")], "district")
    territory.store(admin.operator, districts)
    villages = plan_import([sample("tw_taipei_villages.geojson")], "community",
                           known_parents=territory.known_parents("community"))
    result = territory.store(admin.operator, villages)
    assert len(result.created) == 456
    by_code = {a.code: a for a in territory.areas("community")}
    # 湖田里 is in 北投區 (6301200): Taipei has no street level, so villages sit in districts.
    assert by_code["6301200042"].parent_code == "6301200"
    assert by_code["6301200042"].name_zh == "湖田里"
    assert territory.levels_present() == ["district", "community"]


def test_reimport_updates_nothing_twice_and_retire_missing_keeps_history(
        admin: App, tmp_path: Path, clock: FakeClock) -> None:
    territory = admin.territory
    first = plan_import([_grid_file(tmp_path / "g.geojson", CELLS)], "grid")
    assert sorted(territory.store(admin.operator, first).created) == ["T-01", "T-02", "T-03"]
    again = plan_import([_grid_file(tmp_path / "g.geojson", CELLS)], "grid")
    result = territory.store(admin.operator, again)
    assert (result.created, result.updated, len(result.unchanged)) == ([], [], 3)
    assert len(admin.district.grids()) == 3  # nothing duplicated

    admin.operators.create(admin.operator, "duty", "Duty Officer", Role.DUTY_OFFICER)
    admin.act_as("duty")
    ref = admin.cases.report(admin.operator, title="Blocked drain", category="utilities",
                             severity=3, grid="T-03").reference
    admin.act_as("admin")
    fewer = plan_import([_grid_file(tmp_path / "g2.geojson",
                                    {k: v for k, v in CELLS.items() if k != "T-03"})], "grid")
    retired = territory.store(admin.operator, fewer, retire_missing=True)
    assert retired.retired == ["T-03"]
    assert retired.retired_with_open_cases == {"T-03": 1}
    assert "retired: T-03 (keeps its 1 open case)" in retired.lines()
    # The retired grid keeps its case and its history, and takes no new ones.
    assert admin.cases.get(ref).row.grid_id == admin.district.grid_by_code("T-03").id
    assert admin.district.grid_by_code("T-03").retired
    with pytest.raises(ValidationError, match="T-03 is retired"):
        admin.cases.report(admin.operator, title="Another", category="utilities",
                           severity=3, grid="T-03")
    assert [g.code for g in admin.district.active_grids()] == ["T-01", "T-02"]


def test_only_an_administrator_changes_the_territory(admin: App, tmp_path: Path) -> None:
    admin.operators.create(admin.operator, "duty", "Duty Officer", Role.DUTY_OFFICER)
    plan = plan_import([_grid_file(tmp_path / "g.geojson", CELLS)], "grid")
    admin.act_as("duty")
    with pytest.raises(PermissionDenied, match="change the territory"):
        admin.territory.store(admin.operator, plan)
    assert admin.district.grids() == []


def test_export_has_the_documented_properties_and_reimports_the_same(
        admin: App, tmp_path: Path) -> None:
    territory = admin.territory
    territory.store(admin.operator, plan_import([_grid_file(tmp_path / "g.geojson", CELLS)],
                                                "grid"))
    out = tmp_path / "out.geojson"
    with out.open("w", encoding="utf-8") as f:
        assert export_grids(territory, "geojson", f) == 3
    exported = json.loads(out.read_text(encoding="utf-8"))
    first = exported["features"][0]["properties"]
    assert set(first) >= {"code", "name", "level", "parent", "households", "population",
                          "retired"}
    assert first == {**first, "code": "T-01", "name": "网格T-01", "level": "grid",
                     "households": 100, "retired": False}
    again = territory.store(admin.operator, plan_import([out], "grid"))
    assert len(again.unchanged) == 3


def test_command_line_import_dry_run_report_and_exit_codes(
        admin: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = admin.db.url
    bad = json.loads(_grid_file(tmp_path / "g.geojson", CELLS).read_text(encoding="utf-8"))
    bad["features"][1]["properties"]["code"] = ""
    (tmp_path / "bad.geojson").write_text(json.dumps(bad), encoding="utf-8")
    admin.close()
    code = main(["district", "import", str(tmp_path / "bad.geojson"), "--dry-run",
                 "--code", "code", "--db", url, "--operator", "admin"])
    captured = capsys.readouterr()
    out = captured.out
    # A feature was rejected; the good ones were (would be) kept.
    assert code == 1, captured.out + captured.err
    assert "bad.geojson:feature 2" in out
    assert "rejected" in out
    assert "2 grid areas would be created" in out
    assert "Dry run: nothing was written." in out
    assert main(["export", "grids", "--format", "csv", "--db", url,
                 "--operator", "admin"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []  # the dry run wrote nothing
