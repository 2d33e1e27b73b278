"""The grid map: colours that match the figures, a click that filters the board, hover,
layers, markers, zoom, and live updates that repaint only the cells that changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QHelpEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QToolButton,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import OperatorRef, Role
from console.hazards.domain import RiskLevel
from console.territory.grid_map import MapLayer
from tests.gui.helpers import board_row_ids, child, choose, click
from widgets.grid_map import labels as labels_module
from widgets.grid_map.panel import GridMap
from widgets.grid_map.style import map_colors
from widgets.hazards import labels as hl
from widgets.main_window import MainWindow
from widgets.shell.i18n import CHINESE, ENGLISH, install_language
from widgets.shell.theme import Theme

# Hand-made: five open cases in XH-01, two in XH-02, none elsewhere.
PLAN = {"XH-01": 5, "XH-02": 2}


def report(app: App, grid: str) -> int:
    return app.cases.report(app.operator, title=f"Broken street light in {grid}",
                            category="utilities", severity=3, grid=grid).row.id


@pytest.fixture
def cases(app: App) -> dict[str, list[int]]:
    return {grid: [report(app, grid) for _ in range(n)] for grid, n in PLAN.items()}


def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


@pytest.fixture
def open_map(qtbot: QtBot, app: App) -> Iterator[Callable[[], GridMap]]:
    shown: list[GridMap] = []

    def open_one() -> GridMap:
        grid_map = GridMap(app)
        qtbot.addWidget(grid_map)
        grid_map.resize(520, 620)
        grid_map.show()
        qtbot.waitExposed(grid_map)
        # Figures and (read from history when shown) closure rates both in.
        qtbot.waitUntil(lambda: grid_map.loaded and grid_map.closure_read)
        shown.append(grid_map)
        return grid_map

    yield open_one
    for grid_map in shown:
        grid_map.shutdown()


def cell_centre(grid_map: GridMap, code: str) -> QPoint:
    """Where a person clicks a cell: its label's spot (the centroid), on the viewport."""
    return grid_map.view.mapFromScene(grid_map.cell_item(code).label.pos())


def show_map(window: MainWindow, qtbot: QtBot) -> GridMap:
    dock = child(window, QDockWidget, "gridMapDock")
    dock.show()
    dock.raise_()
    grid_map = window.grid_map
    qtbot.waitUntil(lambda: grid_map.loaded and grid_map.isVisible())
    return grid_map


def test_cell_colours_and_numbers_match_the_open_cases(
        open_map: Callable[[], GridMap], cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    assert grid_map.layer is MapLayer.OPEN
    # Largest value 5: step 2, so 0 | 1–2 | 3–4 | 5–6 | 7 or more.
    ramp = map_colors(Theme.DARK).buckets
    expected = {"XH-01": ("5", 3), "XH-02": ("2", 1), "XH-17": ("0", 0)}
    for code, (text, bucket) in expected.items():
        item = grid_map.cell_item(code)
        assert item.label.value == text
        assert item.brush().color() == ramp[bucket].fill, code
    legend = child(grid_map, QLabel, "gridMapLegend").text()
    for words in ("Open cases", "1–2", "5–6", "7 or more"):
        assert words in legend
    assert [text for text, _ in grid_map.legend_entries()] == \
        ["0", "1–2", "3–4", "5–6", "7 or more"]


def test_light_theme_recolours_the_cells(open_map: Callable[[], GridMap],
                                         cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    grid_map.set_theme(Theme.LIGHT)
    assert grid_map.cell_item("XH-01").brush().color() == map_colors(Theme.LIGHT).buckets[3].fill
    assert grid_map.cell_item("XH-01").label.value == "5"


def test_hover_shows_the_cells_figures(qtbot: QtBot, open_map: Callable[[], GridMap],
                                       cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    viewport = grid_map.view.viewport()
    pos = cell_centre(grid_map, "XH-01")
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)  # what resting the mouse there sends
    qtbot.waitUntil(lambda: "XH-01" in QToolTip.text())
    text = QToolTip.text()
    assert "Open cases: 5" in text
    assert "Overdue cases: 0" in text
    assert "Hazards: none watched" in text
    QToolTip.hideText()


def test_hazard_layer_colours_by_the_highest_level(
        qtbot: QtBot, app: App, open_map: Callable[[], GridMap]) -> None:
    who = coordinator(app)
    app.hazards.register(who, code="HZ-A", name="Petrol station", kind="gas_station",
                         grid="XH-04", likelihood=5, severity=5, lon=120.172, lat=30.296)
    app.hazards.register(who, code="HZ-B", name="Old block", kind="old_building",
                         grid="XH-04", likelihood=1, severity=2)
    grid_map = open_map()
    choose(child(grid_map, QComboBox, "gridMapLayer"), MapLayer.HAZARD.value)
    levels = map_colors(Theme.DARK).levels
    assert grid_map.cell_item("XH-04").label.value == "Extreme"
    assert grid_map.cell_item("XH-04").brush().color() == levels[4].fill
    assert grid_map.cell_item("XH-05").brush().color() == levels[0].fill
    assert "Extreme" in child(grid_map, QLabel, "gridMapLegend").text()
    # One marker: the hazard with coordinates; resting the mouse on it names it.
    [marker] = grid_map.hazard_markers()
    assert marker.code == "HZ-A"
    viewport = grid_map.view.viewport()
    pos = grid_map.view.mapFromScene(grid_map.scene_point(marker.point))
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: "HZ-A" in QToolTip.text())
    assert "Petrol station: Extreme 25" in QToolTip.text()
    QToolTip.hideText()
    # The toggle hides the markers.
    child(grid_map, QCheckBox, "gridMapHazardMarkers").setChecked(False)
    assert grid_map.hazard_markers() == []


def test_case_markers_count_open_cases_and_can_be_hidden(
        qtbot: QtBot, open_map: Callable[[], GridMap], cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    assert grid_map.case_marker_items() == [], \
        "on the open-cases layer the cell's figure is the count: no second badge"
    choose(child(grid_map, QComboBox, "gridMapLayer"), MapLayer.HAZARD.value)
    shown = {m.grid_id for m in grid_map.case_marker_items()}
    assert shown == {grid_map.cell_item(code).grid_id for code in PLAN}
    grid_map.view.viewport().repaint()
    assert set(grid_map.badges.last_drawn) == shown  # the district's cells hold badges
    # Resting the mouse on XH-01's badge counts its cases.
    view, viewport = grid_map.view, grid_map.view.viewport()
    [badge] = [m for m in grid_map.case_marker_items()
               if m.grid_id == grid_map.cell_item("XH-01").grid_id]
    below = 15 if grid_map.compact else 24  # pixels under the centroid
    pos = view.mapFromScene(grid_map.scene_point(badge.point)) + QPoint(0, below)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: "XH-01: 5 open cases" in QToolTip.text())
    QToolTip.hideText()
    child(grid_map, QCheckBox, "gridMapCaseMarkers").setChecked(False)
    assert grid_map.case_marker_items() == []


@dataclass(frozen=True)
class _Row:
    key: str
    closure_rate: float | None


class _Kpis:
    def by_grid(self, start: datetime, end: datetime) -> list[_Row]:
        return [_Row("XH-01", 0.4), _Row("XH-02", 0.97)]


def test_closure_layer_reads_rates_off_the_gui_thread(
        qtbot: QtBot, app: App, open_map: Callable[[], GridMap]) -> None:
    app.grid_map.kpis = _Kpis()
    grid_map = open_map()
    qtbot.waitUntil(lambda: grid_map.closure_read)
    choose(child(grid_map, QComboBox, "gridMapLayer"), MapLayer.CLOSURE.value)
    ramp = map_colors(Theme.DARK)
    assert grid_map.cell_item("XH-01").label.value == "40 %"
    assert grid_map.cell_item("XH-01").brush().color() == ramp.buckets[4].fill  # under 50 %
    assert grid_map.cell_item("XH-02").brush().color() == ramp.buckets[0].fill
    assert grid_map.cell_item("XH-03").brush().color() == ramp.no_data.fill
    assert "Closure rate, 30 days: 40 %" in grid_map.cell_item("XH-01").toolTip()


def test_live_change_repaints_only_the_cells_that_changed(
        qtbot: QtBot, app: App, open_map: Callable[[], GridMap],
        cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    new_id = report(app, "XH-02")  # 2 → 3: another bucket, same scale
    with qtbot.waitSignal(grid_map.refreshed):
        grid_map.queue_case_ids([new_id])
    assert grid_map.cell_item("XH-02").label.value == "3"
    assert grid_map.repainted == {"XH-02"}
    assert "Open cases: 3" in grid_map.cell_item("XH-02").toolTip()


def test_live_hazard_change_recolours_its_cell_and_adds_its_marker(
        qtbot: QtBot, app: App, open_map: Callable[[], GridMap]) -> None:
    grid_map = open_map()
    choose(child(grid_map, QComboBox, "gridMapLayer"), MapLayer.HAZARD.value)
    assert grid_map.cell_item("XH-09").label.value == "None"
    hazard = app.hazards.register(
        coordinator(app), code="HZ-PIT", name="Metro pit", kind="construction_pit",
        grid="XH-09", likelihood=4, severity=3, lon=120.165, lat=30.285)
    with qtbot.waitSignal(grid_map.refreshed):
        grid_map.queue_hazard_ids([hazard.row.id])
    assert grid_map.cell_item("XH-09").label.value == "High"
    assert grid_map.cell_item("XH-09").brush().color() == map_colors(Theme.DARK).levels[3].fill
    assert grid_map.repainted == {"XH-09"}
    assert [m.code for m in grid_map.hazard_markers()] == ["HZ-PIT"]


def test_zoom_keys_buttons_and_fit(qtbot: QtBot, open_map: Callable[[], GridMap]) -> None:
    grid_map = open_map()
    view = grid_map.view
    assert view.zoom == pytest.approx(1.0)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom == pytest.approx(1.25)
    click(qtbot, child(grid_map, QToolButton, "gridMapZoomIn"))
    assert view.zoom == pytest.approx(1.5625)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom == pytest.approx(1.25)
    click(qtbot, child(grid_map, QToolButton, "gridMapFit"))
    assert view.zoom == pytest.approx(1.0)


def test_click_on_a_cell_filters_the_board_and_the_registry(
        qtbot: QtBot, app: App, cases: dict[str, list[int]], main_window: MainWindow) -> None:
    grid_map = show_map(main_window, qtbot)
    xh02 = app.district.grid_by_code("XH-02").id
    qtbot.mouseClick(grid_map.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=cell_centre(grid_map, "XH-02"))
    assert child(main_window, QComboBox, "gridFilter").currentData() == xh02
    qtbot.waitUntil(lambda: sorted(board_row_ids(main_window)) == sorted(cases["XH-02"]))
    assert main_window.hazards.current_filter().grid_ids == frozenset({xh02})
    assert child(main_window.hazards, QLabel, "hazardGridFilterLabel").text() == "Grid: XH-02"
    assert child(main_window, QComboBox, "alertGridFilter").currentData() == xh02
    assert grid_map.selected_grid == "XH-02"

    # A second click on the same cell shows every grid again.
    qtbot.mouseClick(grid_map.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=cell_centre(grid_map, "XH-02"))
    assert child(main_window, QComboBox, "gridFilter").currentData() is None
    qtbot.waitUntil(lambda: len(board_row_ids(main_window)) == sum(PLAN.values()))
    assert main_window.hazards.current_filter().grid_ids == frozenset()
    assert child(main_window, QComboBox, "alertGridFilter").currentData() is None
    assert grid_map.selected_grid is None


def test_map_dock_toggles_from_the_view_menu(qtbot: QtBot, main_window: MainWindow) -> None:
    toggle = child(main_window, QAction, "toggleGridMapDock")
    dock = child(main_window, QDockWidget, "gridMapDock")
    grid_map = main_window.grid_map  # built now if its tab has not shown yet
    assert dock.widget() is grid_map
    was_shown = toggle.isChecked()
    toggle.trigger()
    assert toggle.isChecked() is not was_shown
    assert dock.isHidden() is was_shown


def test_small_cells_print_their_figure_only_until_zoomed_in(
        qtbot: QtBot, open_map: Callable[[], GridMap], cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    grid_map.resize(320, 360)
    qtbot.waitUntil(lambda: grid_map.view.width() < 320)
    assert grid_map.compact
    assert grid_map.cell_item("XH-01").label.compact
    assert grid_map.cell_item("XH-01").label.value == "5"  # the figure stays
    for _ in range(10):  # a few steps in, as far as the panel's height allows
        if not grid_map.compact:
            break
        click(qtbot, child(grid_map, QToolButton, "gridMapZoomIn"))
    assert not grid_map.compact
    assert not grid_map.cell_item("XH-01").label.compact


def test_the_chosen_cell_follows_the_boards_grid_filter(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    grid_map = show_map(main_window, qtbot)
    choose(child(main_window, QComboBox, "gridFilter"), app.district.grid_by_code("XH-05").id)
    assert grid_map.selected_grid == "XH-05"
    assert grid_map.cell_item("XH-05").selected
    choose(child(main_window, QComboBox, "gridFilter"), None)
    assert grid_map.selected_grid is None
    assert not grid_map.cell_item("XH-05").selected


def test_switching_to_chinese_renames_the_cells_and_the_hazard_levels(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    app.hazards.register(coordinator(app), code="HZ-A", name="Petrol station",
                         kind="gas_station", grid="XH-04", likelihood=5, severity=5)
    grid_map = show_map(main_window, qtbot)
    grid_map.refresh()
    qtbot.waitUntil(lambda: grid_map.figures("XH-04") is not None
                    and grid_map.figures("XH-04").hazards == 1)  # type: ignore[union-attr]
    choose(child(grid_map, QComboBox, "gridMapLayer"), MapLayer.HAZARD.value)
    try:
        main_window.set_language(CHINESE)
        # Tooltips are worded when shown; the printed figures when the language event
        # reaches the map.
        qtbot.waitUntil(lambda: "滨河北" in grid_map.cell_item("XH-01").toolTip()
                        and grid_map.cell_item("XH-04").label.value
                        == hl.level_label(RiskLevel.EXTREME))
        assert grid_map.cell_item("XH-04").label.value != "Extreme"
    finally:
        install_language(ENGLISH)
    qtbot.waitUntil(lambda: "Riverside North" in grid_map.cell_item("XH-01").toolTip()
                    and grid_map.cell_item("XH-04").label.value == "Extreme")


def test_a_case_change_repaints_only_the_cells_around_it(
        qtbot: QtBot, app: App, open_map: Callable[[], GridMap],
        cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    viewport = grid_map.view.viewport()
    viewport.repaint()
    every = {item.cell.code for item in grid_map.cell_items()}
    new_id = report(app, "XH-02")
    with qtbot.waitSignal(grid_map.refreshed):
        grid_map.queue_case_ids([new_id])
    viewport.repaint()
    painted = {shape.cell.code for shape in grid_map.cell_layer.last_painted}
    assert "XH-02" in painted  # in its new colour…
    assert grid_map.cell_item("XH-02").brush().color() == map_colors(Theme.DARK).buckets[2].fill
    assert len(painted) < len(every) // 2  # …with its neighbours, not the district


def test_labels_are_printed_only_on_cells_big_enough_to_hold_them(
        monkeypatch: pytest.MonkeyPatch, open_map: Callable[[], GridMap],
        cases: dict[str, list[int]]) -> None:
    grid_map = open_map()
    view = grid_map.view
    view.viewport().repaint()
    assert "XH-01" in grid_map.labels.last_printed  # the whole district fits: readable
    # A city of 10,000 cells shows colours, not numbers, until one zooms in: cells
    # smaller on screen than the least size print nothing. Raise it past the median cell.
    scale = view.transform().m11()
    sizes = {item.cell.code: min(item.shape.rect.width(), item.shape.rect.height()) * scale
             for item in grid_map.cell_items()}
    least = sorted(sizes.values())[len(sizes) // 2] + 0.5
    monkeypatch.setattr(labels_module, "LABEL_MIN_PX", least)
    view.viewport().repaint()
    printed = set(grid_map.labels.last_printed)
    assert printed, "the bigger cells keep their labels"
    assert all(sizes[code] >= least for code in printed)
    assert {code for code, size in sizes.items() if size < least}.isdisjoint(printed)


def test_the_cell_under_the_mouse_is_outlined(open_map: Callable[[], GridMap]) -> None:
    grid_map = open_map()
    viewport = grid_map.view.viewport()
    pos = QPointF(cell_centre(grid_map, "XH-03"))
    QApplication.sendEvent(viewport, QMouseEvent(  # what moving the mouse there sends
        QEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    shown = grid_map.view.hover.shape_shown
    assert shown is not None
    assert shown.cell.code == "XH-03"
    assert grid_map.view.hover.isVisible()


def test_the_map_counts_what_the_boards_filters_show(
        qtbot: QtBot, app: App, cases: dict[str, list[int]], main_window: MainWindow) -> None:
    app.cases.report(app.operator, title="Smoke from a bin store", category="fire",
                     severity=1, grid="XH-02")
    grid_map = show_map(main_window, qtbot)
    qtbot.waitUntil(lambda: grid_map.cell_item("XH-02").label.value == "3")
    choose(child(main_window, QComboBox, "categoryFilter"), "fire")
    qtbot.waitUntil(lambda: grid_map.cell_item("XH-02").label.value == "1")
    assert grid_map.cell_item("XH-01").label.value == "0"
    legend = child(grid_map, QLabel, "gridMapLegend").text()
    assert "Fire" in legend, "the legend says what is counted"
    choose(child(main_window, QComboBox, "severityFilter"), 3)  # fire and severity 3
    qtbot.waitUntil(lambda: grid_map.cell_item("XH-02").label.value == "0")
    choose(child(main_window, QComboBox, "categoryFilter"), None)
    choose(child(main_window, QComboBox, "severityFilter"), None)
    qtbot.waitUntil(lambda: (grid_map.cell_item("XH-01").label.value,
                             grid_map.cell_item("XH-02").label.value) == ("5", "3"))
    assert "Fire" not in child(grid_map, QLabel, "gridMapLegend").text()
