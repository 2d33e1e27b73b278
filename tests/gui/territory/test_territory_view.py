"""The territory view: the tree and the map of a small territory, an administrator's edits,
and a duty officer who may only read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
)
from pytestqt.qtbot import QtBot
from shapely.geometry import MultiPolygon, Polygon, box, mapping

from console.app import App
from console.core.domain import Role
from console.territory.plan import plan_import
from tests.gui.helpers import child, choose, click, open_dialog
from widgets.main_window import MainWindow
from widgets.territory.area_dialogs import AddGridDialog, RenameAreaDialog, parse_shape
from widgets.territory.area_map import AreaMap, MapItem
from widgets.territory.map_paths import LocalProjection, shape_path
from widgets.territory.tree_model import TerritoryTreeModel
from widgets.territory.view import TerritoryView

# Two districts side by side near Harbin (45.75° N: a plain lon/lat plot would stretch them
# by 43 %), three grids; 东湖 has a pond (a hole), 西山 two parts.
EAST_LAKE = Polygon(((126.60, 45.70), (126.64, 45.70), (126.64, 45.74), (126.60, 45.74)),
                    [((126.61, 45.71), (126.63, 45.71), (126.63, 45.73), (126.61, 45.73))])
WEST_HILL = MultiPolygon([box(126.64, 45.70, 126.66, 45.72), box(126.66, 45.72, 126.68, 45.74)])
RIVER = box(126.70, 45.70, 126.74, 45.74)


def _write(path: Path, features: list[tuple[str, str, object]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code, "name": name, "households": 300},
         "geometry": mapping(geometry)} for code, name, geometry in features]}),
        encoding="utf-8")
    return path


def load_small_territory(app: App, folder: Path) -> None:
    """Districts D1 and D2, grids D1-1 东湖 (with a hole), D1-2 西山 (two parts), D2-1 江畔."""
    actor = app.operator
    districts = _write(folder / "districts.geojson", [
        ("D1", "南岗区", box(126.59, 45.69, 126.69, 45.75)),
        ("D2", "道里区", box(126.69, 45.69, 126.75, 45.75))])
    grids = _write(folder / "grids.geojson", [
        ("D1-1", "东湖", EAST_LAKE), ("D1-2", "西山", WEST_HILL), ("D2-1", "江畔", RIVER)])
    app.territory.store(actor, plan_import([districts], "district"))
    app.territory.store(actor, plan_import([grids], "grid",
                                           known_parents=app.territory.known_parents("grid")))


@pytest.fixture
def admin_app(empty_app: App, tmp_path: Path) -> App:
    empty_app.operators.create_first_admin("admin", "Admin", "correct-horse-9")
    empty_app.act_as("admin")
    load_small_territory(empty_app, tmp_path)
    return empty_app


@pytest.fixture
def view(qtbot: QtBot, admin_app: App) -> TerritoryView:
    shown = TerritoryView(admin_app)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    qtbot.waitUntil(shown.loaded, timeout=20_000)
    yield shown
    shown.wait()


def _tree_texts(tree: QTreeView) -> list[str]:
    model = tree.model()
    out = []

    def walk(parent: object, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append("  " * depth + str(index.data()))
            walk(index, depth + 1)
    walk(tree.rootIndex(), 0)
    return out


def test_the_tree_holds_the_districts_and_their_grids(
        qtbot: QtBot, view: TerritoryView, qtmodeltester: object) -> None:
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    assert _tree_texts(child(view, QTreeView, "territoryTree")) == [
        "南岗区", "  东湖", "  西山", "道里区", "  江畔"]
    # Nothing chosen: the map shows the top level.
    assert sorted(child(view, AreaMap, "territoryMap").codes("child")) == ["D1", "D2"]


def test_choosing_a_district_maps_it_with_its_grids_and_the_holes_stay_open(
        qtbot: QtBot, view: TerritoryView) -> None:
    assert view.select_area("D1")
    area_map = child(view, AreaMap, "territoryMap")
    assert area_map.codes("outline") == ["D1"]
    assert area_map.codes("child") == ["D1-1", "D1-2"]
    assert child(view, QLabel, "territoryAreaBelow").text() == "2 grids, 600 households"
    # The pond in the middle of 东湖 is not part of it; its shore is.
    transform = area_map.transform()
    projection = LocalProjection.around((126.59, 45.69, 126.69, 45.75))
    pond = transform.map(QPointF(*projection.xy(126.62, 45.72)))
    shore = transform.map(QPointF(*projection.xy(126.605, 45.72)))
    assert area_map.code_at(pond) is None
    assert area_map.code_at(shore) == "D1-1"
    # Both parts of 西山 are drawn.
    for lon, lat in ((126.65, 45.71), (126.67, 45.73)):
        assert area_map.code_at(transform.map(QPointF(*projection.xy(lon, lat)))) == "D1-2"


def test_the_map_is_to_scale_north_up(qtbot: QtBot) -> None:
    # A block 1 km × 1 km at 60° N spans 0.018° of longitude and 0.009° of latitude.
    block = box(25.0, 60.0, 25.0 + 1000 / (111_195 * 0.5), 60.0 + 1000 / 111_195)
    path = shape_path(block, LocalProjection.around(block.bounds))
    rect = path.boundingRect()
    assert rect.width() == pytest.approx(rect.height(), rel=0.01)
    area_map = AreaMap()
    area_map.resize(400, 300)
    area_map.set_items([MapItem("B", "block", block, "selected")])
    t = area_map.transform()
    assert t.m11() == pytest.approx(-t.m22()), "the same scale both ways, y flipped: north up"


def test_clicking_a_grid_on_the_map_chooses_it_and_shows_its_workers(
        qtbot: QtBot, view: TerritoryView, admin_app: App) -> None:
    admin_app.rosters.add_team(admin_app.operator, code="GW-DH", name_en="East Lake workers",
                               kind="grid_workers", base_grid="D1-1")
    admin_app.rosters.add_member(admin_app.operator, team="GW-DH", name="王芳",
                                 role="grid worker", phone="13800000001")
    view.select_area("D1")
    area_map = child(view, AreaMap, "territoryMap")
    point = area_map.point_of("D1-1")
    assert point is not None
    qtbot.mouseClick(area_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert view.selected_code() == "D1-1"
    assert area_map.codes("selected") == ["D1-1"]
    assert area_map.codes("outline") == ["D1"]
    workers = child(view, QLabel, "territoryGridWorkers").text()
    assert "王芳 · grid worker · 13800000001" in workers
    assert "(GW-DH)" in workers


def test_an_administrator_finds_a_grid_by_pinyin_and_renames_it(
        qtbot: QtBot, view: TerritoryView, admin_app: App) -> None:
    qtbot.keyClicks(child(view, QLineEdit, "territoryFilter"), "xishan")
    tree = child(view, QTreeView, "territoryTree")
    qtbot.waitUntil(lambda: _tree_texts(tree) == ["南岗区", "  西山"])
    view.select_area("D1-2")
    click(qtbot, child(view, QPushButton, "territoryRenameButton"))
    dialog = open_dialog(view, RenameAreaDialog, "renameAreaDialog")
    chinese = child(dialog, QLineEdit, "renameAreaZh")
    chinese.selectAll()
    chinese.insert("西山公园")
    qtbot.keyClicks(child(dialog, QLineEdit, "renameAreaEn"), "West Hill Park")
    click(qtbot, child(dialog, QPushButton, "renameAreaDialogOk"))
    assert not dialog.isVisible()
    renamed = next(a for a in admin_app.territory.areas("grid") if a.code == "D1-2")
    assert (renamed.name_zh, renamed.name_en) == ("西山公园", "West Hill Park")
    # In the English interface an area with an English name goes by it (as grids do).
    assert _tree_texts(tree) == ["南岗区", "  West Hill Park"]
    assert child(view, QLabel, "territoryAreaTitle").text().startswith("West Hill Park")


def test_an_administrator_retires_restores_and_adds_a_grid(
        qtbot: QtBot, view: TerritoryView, admin_app: App) -> None:
    view.select_area("D2-1")
    retire = child(view, QPushButton, "territoryRetireButton")
    click(qtbot, retire)
    assert admin_app.district.grid_by_code("D2-1").retired
    assert retire.text().replace("&", "") == "Restore"
    assert "takes no new cases" in child(view, QLabel, "territoryMessage").text()
    click(qtbot, retire)
    assert not admin_app.district.grid_by_code("D2-1").retired

    click(qtbot, child(view, QPushButton, "territoryAddGridButton"))
    dialog = open_dialog(view, AddGridDialog, "addGridDialog")
    qtbot.keyClicks(child(dialog, QLineEdit, "addGridCode"), "D2-2")
    name = child(dialog, QLineEdit, "addGridName")
    name.setFocus()
    name.insert("码头")
    ok = child(dialog, QPushButton, "addGridDialogOk")
    assert not ok.isEnabled()
    shape = child(dialog, QPlainTextEdit, "addGridShape")
    shape.setPlainText("POLYGON ((126.70 45.74, 126.72 45.74, 126.72 45.75, 126.70 45.75, "
                       "126.70 45.74))")
    assert ok.isEnabled(), child(dialog, QLabel, "addGridDialogError").text()
    assert child(dialog, AreaMap, "addGridPreview").codes("selected") == [""]
    click(qtbot, ok)
    qtbot.waitUntil(lambda: view.selected_code() == "D2-2", timeout=20_000)
    added = admin_app.district.grid_by_code("D2-2")
    assert added.parent_code == "D2", "held by the district the chosen grid is in"
    assert added.name_zh == "码头"


def test_shapes_are_read_from_wkt_and_geojson_and_refused_when_not_polygons() -> None:
    square = "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))"
    assert parse_shape(square).area == 1
    feature = json.dumps({"type": "Feature", "properties": {},
                          "geometry": mapping(box(1, 1, 2, 2))})
    assert parse_shape(feature).area == 1
    for bad, why in (("POINT (1 1)", "a Point, not a polygon"),
                     ("POLYGON ((500000 3000000, 500100 3000000, 500100 3000100, "
                      "500000 3000000))", "not longitude and latitude"),
                     ("{nope", "not GeoJSON"), ("POLYGON ((1 1", "not WKT")):
        with pytest.raises(ValueError, match=why):
            parse_shape(bad)


def test_a_duty_officer_reads_the_territory_and_may_not_change_it(
        qtbot: QtBot, admin_app: App, settings: QSettings) -> None:
    admin_app.operators.create(admin_app.operator, "officer", "Officer", Role.DUTY_OFFICER)
    admin_app.act_as("officer")
    window = MainWindow(admin_app, settings)
    qtbot.addWidget(window)
    window.show()
    try:
        assert not window.territory_dock.isVisible(), "closed until opened"
        window.findChild(type(window.territory_dock.toggleViewAction()),
                         "toggleTerritoryViewDock").trigger()
        assert window.territory_dock.isVisible()
        view = window.territory
        qtbot.waitUntil(view.loaded, timeout=20_000)
        assert _tree_texts(child(view, QTreeView, "territoryTree"))[:1] == ["南岗区"]
        view.select_area("D1-1")
        for name in ("territoryRenameButton", "territoryHouseholdsButton",
                     "territoryRetireButton", "territoryAddGridButton",
                     "territoryReimportButton"):
            button = child(view, QPushButton, name)
            assert not button.isEnabled(), name
            assert button.toolTip() == "Only an administrator may change the territory."
        setup = window.findChild(type(window.territory_dock.toggleViewAction()),
                                 "setupCenterAction")
        assert setup is not None
        assert not setup.isEnabled()
        assert setup.toolTip().startswith("Only an administrator sets up the center.")
        # An administrator signing in at this seat gets the actions back.
        admin_app.act_as("admin")
        assert child(view, QPushButton, "territoryRenameButton").isEnabled()
        assert setup.isEnabled()
    finally:
        window.territory.wait()
        window.close()


def test_a_reload_that_keeps_the_tree_changes_rows_in_place(
        qtbot: QtBot, admin_app: App) -> None:
    model = TerritoryTreeModel()
    model.set_areas(admin_app.territory.areas())
    resets: list[int] = []
    changes: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda first, _last: changes.append(first.row()))
    admin_app.territory.set_households(admin_app.operator, "D1-2", 512)
    model.set_areas(admin_app.territory.areas())
    assert resets == []
    assert changes == [1], "one row: 西山, the second grid of 南岗区"


def _list_codes(view: TerritoryView) -> list[str]:
    teams = child(view, QListWidget, "territoryGridTeams")
    return [teams.item(i).text().split(" · ")[0] for i in range(teams.count())]


def test_an_administrator_bases_a_team_in_a_grid_and_takes_one_out(
        qtbot: QtBot, view: TerritoryView, admin_app: App) -> None:
    actor = admin_app.operator
    admin_app.rosters.add_team(actor, code="GW-DH", name_en="East Lake workers",
                               kind="grid_workers", base_grid="D1-1")
    admin_app.rosters.add_member(actor, team="GW-DH", name="王芳", role="grid worker")
    admin_app.rosters.add_team(actor, code="FIRE-9", name_en="River fire station",
                               kind="fire", base_grid="D2-1")
    view.select_area("D1-1")
    editor = child(view, QGroupBox, "territoryTeamsEditor")
    assert editor.isVisible()
    assert _list_codes(view) == ["GW-DH"]
    assert "East Lake workers · Grid workers · 1 member" in \
        child(view, QListWidget, "territoryGridTeams").item(0).text()
    # Base the fire station here: it leaves the river grid.
    choice = child(view, QComboBox, "territoryTeamChoice")
    assert "FIRE-9 · River fire station · based in D2-1" in \
        [choice.itemText(i) for i in range(choice.count())]
    assign = child(view, QPushButton, "territoryAssignTeamButton")
    assert not assign.isEnabled(), "nothing chosen yet"
    choose(choice, "FIRE-9")
    click(qtbot, assign)
    assert _list_codes(view) == ["FIRE-9", "GW-DH"]
    assert child(view, QLabel, "territoryTeamsMessage").text() == "FIRE-9 is based in D1-1 now."
    assert [t.code for t in admin_app.rosters.teams_based_in("D2-1")] == []
    # Take the grid workers out: the grid has no grid workers left.
    teams = child(view, QListWidget, "territoryGridTeams")
    remove = child(view, QPushButton, "territoryRemoveTeamButton")
    assert not remove.isEnabled(), "no team picked in the list"
    item = teams.item(_list_codes(view).index("GW-DH"))
    qtbot.mouseClick(teams.viewport(), Qt.MouseButton.LeftButton,
                     pos=teams.visualItemRect(item).center())
    click(qtbot, remove)
    assert _list_codes(view) == ["FIRE-9"]
    assert admin_app.district.team_by_code("GW-DH").base_grid_id is None
    assert child(view, QLabel, "territoryGridWorkers").text() == \
        "No grid-worker team is based here."
    # Areas above grids have no teams editor.
    view.select_area("D1")
    assert not editor.isVisible()


def test_a_duty_officer_sees_the_teams_but_a_coordinator_assigns_them(
        qtbot: QtBot, admin_app: App) -> None:
    actor = admin_app.operator
    admin_app.rosters.add_team(actor, code="GW-DH", name_en="East Lake workers",
                               kind="grid_workers", base_grid="D1-1")
    admin_app.operators.create(actor, "officer", "Officer", Role.DUTY_OFFICER)
    admin_app.operators.create(actor, "coord", "Coordinator", Role.COORDINATOR)
    admin_app.act_as("officer")
    shown = TerritoryView(admin_app)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    qtbot.waitUntil(shown.loaded, timeout=20_000)
    try:
        shown.select_area("D1-1")
        assert _list_codes(shown) == ["GW-DH"]
        for name in ("territoryAssignTeamButton", "territoryRemoveTeamButton"):
            button = child(shown, QPushButton, name)
            assert not button.isEnabled()
            assert button.toolTip() == \
                "Only a coordinator or an administrator may assign teams."
        assert not child(shown, QComboBox, "territoryTeamChoice").isEnabled()
        admin_app.act_as("coord")  # a coordinator assigns teams, not the territory
        assert child(shown, QComboBox, "territoryTeamChoice").isEnabled()
        assert not child(shown, QPushButton, "territoryRenameButton").isEnabled()
        teams = child(shown, QListWidget, "territoryGridTeams")
        qtbot.mouseClick(teams.viewport(), Qt.MouseButton.LeftButton,
                         pos=teams.visualItemRect(teams.item(0)).center())
        click(qtbot, child(shown, QPushButton, "territoryRemoveTeamButton"))
        assert _list_codes(shown) == ["No team is based in this grid."]
    finally:
        shown.wait()
