"""The real map: the basemap under the cells, the markers at their positions, and a case
placed by a click on the new-case dialog's map or by an address."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QSlider,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.territory.locator import distance_m
from console.territory.places import LonLat
from tests.gui.helpers import child, click
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.grid_map.panel import GridMap
from widgets.grid_map.view import GridMapView
from widgets.main_window import MainWindow

BUNDLE = Path(__file__).resolve().parents[3] / "resources" / "demo-center"


@pytest.fixture
def mapped(app: App) -> App:
    """The demo district with its two tile sets and its door-plate addresses."""
    system = app.operators.system()
    for name in ("demo-night.mbtiles", "demo-street.mbtiles"):  # as the bundle adds them
        app.basemaps.add(system, str(BUNDLE / "basemaps" / name))
    assert app.gazetteer.import_csv(system, BUNDLE / "addresses.csv").ok
    return app


def _inside(app: App, code: str) -> tuple[float, float]:
    inner = shapely.Polygon(app.district.grid_by_code(code).polygon).representative_point()
    return inner.x, inner.y


def _wait_for_cells(qtbot: QtBot, grid_map: GridMap) -> GridMapView:
    qtbot.waitUntil(lambda: grid_map.loaded and not grid_map.view.district_rect.isEmpty(),
                    timeout=10_000)
    return grid_map.view


def _click_at(qtbot: QtBot, grid_map: GridMap, point: tuple[float, float]) -> None:
    view = grid_map.view
    at: QPoint = view.mapFromScene(grid_map.scene_point(point))
    assert view.viewport().rect().contains(at)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_the_basemap_is_drawn_under_the_cells_and_switched(
        qtbot: QtBot, mapped: App, open_window, settings) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = open_window(settings)
    grid_map = window.grid_map
    view = _wait_for_cells(qtbot, grid_map)
    choice = child(grid_map, QComboBox, "basemapChoice")
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "No basemap", "Demo night map 演示夜间图", "Demo street map 演示街道图"]
    assert choice.currentText() == "Demo night map 演示夜间图"  # the first, by default
    attribution = child(grid_map, QLabel, "basemapAttribution")
    assert "Watchroom demo map" in attribution.text()
    # Painting asks for the tiles (on worker threads); when they are in, they are drawn.
    view.grab()
    qtbot.waitUntil(lambda: view.tiles.requested > 0 and view.tiles.idle(), timeout=10_000)
    view.grab()
    assert view.tiles.drawn >= 1
    assert view.tiles.zoom_at(view.transform().m11()) in range(12, 17)
    # The cells go translucent over the map; the slider sets how much.
    slider = child(grid_map, QSlider, "gridOpacity")
    slider.setValue(30)
    assert grid_map.cell_layer.opacity == pytest.approx(0.30)
    choice.setCurrentIndex(choice.findData(""))  # no basemap: the cells whole again
    assert grid_map.cell_layer.opacity == 1.0
    assert view.tiles.source is None
    assert not attribution.isVisible()
    assert settings.value("map/basemap") == "-"  # the seat's own choice, kept


def test_cases_and_alerts_are_marked_where_they_are_and_a_click_selects_them(
        qtbot: QtBot, mapped: App, open_window, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lon, lat = _inside(mapped, "XH-12")
    case = mapped.cases.report(mapped.operator, title="Water main burst", category="utilities",
                               severity=1, point=LonLat(lon, lat))
    alert_file = tmp_path / "flood.jsonl"
    alx, aly = _inside(mapped, "XH-25")
    alert_file.write_text(f'{{"id": "F-1", "event": "Flood", "severity": "Severe", '
                          f'"lat": {aly}, "lon": {alx}}}\n')
    assert mapped.importer.import_file(alert_file).ok
    window: MainWindow = open_window(settings)
    grid_map = window.grid_map
    _wait_for_cells(qtbot, grid_map)
    points = grid_map.points
    assert [c.reference for c in points.cases] == [case.reference]
    assert len(points.alerts) == 1
    assert {b.code for b in points.bases} >= {"FIRE-1"}  # every team with a base grid
    with qtbot.waitSignal(grid_map.case_chosen) as chosen:
        _click_at(qtbot, grid_map, (lon, lat))
    assert chosen.args == [case.reference]
    assert window.board.selected_case_id() == case.row.id
    with qtbot.waitSignal(grid_map.alert_chosen):
        _click_at(qtbot, grid_map, (alx, aly))
    selected = window.alerts.selected_alert()
    assert selected is not None
    assert selected.event == "Flood"


def test_a_case_is_placed_by_a_click_on_the_dialogs_map(qtbot: QtBot, mapped: App) -> None:
    dialog = NewCaseDialog(mapped)
    qtbot.addWidget(dialog)
    dialog.show()
    place_map = dialog.place_map
    _wait_for_cells(qtbot, place_map)
    qtbot.keyClicks(child(dialog, QLineEdit, "newCaseTitle"), "Manhole cover missing")
    where = _inside(mapped, "XH-17")
    _click_at(qtbot, place_map, where)
    assert child(dialog, QComboBox, "newCaseGrid").currentText().startswith("XH-17")
    point_text = child(dialog, QLabel, "newCasePoint").text()
    assert "grid XH-17" in point_text
    assert " · near " in point_text  # the nearest door-plate address, and how far
    assert place_map.pin.isVisible()
    with qtbot.waitSignal(dialog.case_reported) as reported:
        click(qtbot, dialog.findChild(QDialogButtonBox).button(  # type: ignore[union-attr]
            QDialogButtonBox.StandardButton.Ok))
    case = mapped.cases.get(reported.args[0])
    assert case.row.grid_code == "XH-17"
    assert case.point is not None
    # Where the click was, to the pixel (a pixel's Mercator metres exceed the ground's).
    pixel_m = 1.0 / place_map.view.transform().m11()
    assert distance_m(case.point, where) < 1.5 * pixel_m
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_click_off_the_territory_is_refused_with_the_nearest_grid(
        qtbot: QtBot, mapped: App) -> None:
    dialog = NewCaseDialog(mapped)
    qtbot.addWidget(dialog)
    dialog.show()
    place_map = dialog.place_map
    view = _wait_for_cells(qtbot, place_map)
    corner = view.mapToScene(QPoint(3, 3))  # the view's corner lies past the district
    lon, lat = place_map._projection.lonlat(QPointF(corner))
    _click_at(qtbot, place_map, (lon, lat))
    assert "is outside the territory (nearest grid XH-" in \
        child(dialog, QLabel, "newCasePoint").text()
    assert dialog.point is None
    assert not place_map.pin.isVisible()


def test_a_case_is_placed_by_its_address_typed_in_pinyin(qtbot: QtBot, mapped: App) -> None:
    dialog = NewCaseDialog(mapped)
    qtbot.addWidget(dialog)
    dialog.show()
    address = child(dialog, QLineEdit, "newCaseAddress")
    qtbot.keyClicks(address, "dongxinjie12")
    matches = child(dialog, QListWidget, "newCaseAddressMatches")
    assert matches.isVisible()
    assert matches.item(0).text().startswith("东新街12号")
    rect = matches.visualItemRect(matches.item(0))
    qtbot.mouseClick(matches.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = next(m for m in mapped.gazetteer.search("东新街12号", 1))
    assert dialog.point == LonLat(expected.lon, expected.lat)
    assert child(dialog, QLineEdit, "newCaseLocation").text() == "东新街12号"
    assert child(dialog, QComboBox, "newCaseGrid").currentText().startswith(expected.grid_code)
