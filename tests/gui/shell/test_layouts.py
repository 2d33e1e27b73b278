"""The window's layouts: every list shows rows at a center's screen sizes, details sit
beside their lists instead of pushing them away, and View › Layout offers the control-room
and coordinator arrangements, kept for the next start."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGraphicsView,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import OperatorRef
from tests.gui.helpers import child
from widgets.main_window import MainWindow
from widgets.shell.layouts import Layout
from widgets.shell.theme import LARGE_TYPE, type_scale

# The main list of each panel, by dock, with the rows it must show at each screen size:
# 8–10 on a 1080-line monitor, a working handful on a 1366×768 laptop.
LISTS = {
    "caseTable": (None, 12, 5),
    "alertTable": ("alertPanelDock", 10, 4),
    "rosterTeams": ("rosterViewDock", 8, 3),
    "rosterMembers": ("rosterViewDock", 8, 2),
    "rosterNowNext": ("rosterViewDock", 8, 2),
    "hazardTable": ("hazardRegistryDock", 8, 3),
    "handoverHistoryTable": ("handoverHistoryDock", 8, 3),
}
SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}


def rows_in_view(view: QAbstractItemView) -> int:
    """How many rows of ``view`` a person sees: the part of its viewport not clipped by
    a dock, a scroll area or the window, over the height of a row."""
    seen = view.viewport().visibleRegion().boundingRect().height()
    if isinstance(view, QTableView):
        row = view.verticalHeader().defaultSectionSize()
    else:
        row = max(view.sizeHintForRow(0), view.fontMetrics().height() + 8)
    return seen // max(row, 1)


def _settle(qtbot: QtBot) -> None:
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(10)


def _window_at(open_window: Callable[[QSettings], MainWindow], settings: QSettings,
               qtbot: QtBot, size: tuple[int, int]) -> MainWindow:
    window = open_window(settings)
    window.resize(*size)
    _settle(qtbot)
    child(window, QAction, "resetLayoutAction").trigger()  # the shares of this size
    _settle(qtbot)
    return window


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_every_list_of_the_default_layout_shows_its_rows(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings, qtbot: QtBot,
        size: str) -> None:
    window = _window_at(open_window, settings, qtbot, SIZES[size])
    wanted = {name: (dock, big if size == "1920x1080" else small)
              for name, (dock, big, small) in LISTS.items()}
    seen: dict[str, int] = {}
    for name, (dock_name, _) in wanted.items():
        if dock_name is not None:
            child(window, QDockWidget, dock_name).raise_()
            _settle(qtbot)
        seen[name] = rows_in_view(child(window, QAbstractItemView, name))
    assert {n: seen[n] for n in wanted if seen[n] < wanted[n][1]} == {}, seen


def test_the_first_window_fills_the_screen_with_alerts_and_the_detail_in_front(
        main_window: MainWindow) -> None:
    assert main_window.width() >= 1024  # the screen, or a 1080p one offscreen
    assert main_window.first_start
    for name in ("alertPanelDock", "caseDetailDock"):
        dock = child(main_window, QDockWidget, name)
        assert not dock.visibleRegion().isEmpty(), f"{name} is not in front"


def test_selecting_an_alert_keeps_the_alert_list_rows(
        app: App, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        qtbot: QtBot, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "w1", "event": "Water level above warning mark",
                                "category": "Met", "lat": 30.296, "lon": 120.1545}) + "\n")
    assert app.importer.import_file(feed).ok
    window = _window_at(open_window, settings, qtbot, SIZES["1920x1080"])
    table = child(window, QTableView, "alertTable")
    qtbot.waitUntil(lambda: table.model().rowCount() >= 1, timeout=5000)
    before = rows_in_view(table)
    table.selectRow(0)
    _settle(qtbot)
    assert child(window, QDockWidget, "alertPanelDock").isVisible()
    assert rows_in_view(table) == before >= 10, "the detail sits beside the list"


def test_control_room_and_coordinator_layouts_are_picked_and_kept(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        qtbot: QtBot) -> None:
    window = _window_at(open_window, settings, qtbot, SIZES["1920x1080"])
    board = child(window, QTableView, "caseTable")
    normal_row = board.verticalHeader().defaultSectionSize()

    child(window, QAction, "layoutControlRoom").trigger()
    _settle(qtbot)
    shown = {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert {"alertPanelDock", "gridMapDock"} <= shown
    assert not {"rosterViewDock", "hazardRegistryDock", "dashboardDock"} & shown
    assert not child(window, QDockWidget, "gridMapDock").visibleRegion().isEmpty()
    assert type_scale() == LARGE_TYPE
    assert board.verticalHeader().defaultSectionSize() > normal_row, "rows grow with type"

    child(window, QAction, "layoutCoordinator").trigger()
    _settle(qtbot)
    rosters = child(window, QDockWidget, "rosterViewDock")
    hazards = child(window, QDockWidget, "hazardRegistryDock")
    assert rosters.isVisible()
    assert hazards.isVisible()
    assert hazards not in window.tabifiedDockWidgets(rosters), "side by side, not tabs"
    assert hazards.x() > rosters.x() + rosters.width() // 2
    assert not child(window, QDockWidget, "alertPanelDock").isVisible()
    assert type_scale() == 1.0
    assert board.verticalHeader().defaultSectionSize() == normal_row
    window.close()

    again = open_window(settings)
    assert again.layout_name is Layout.COORDINATOR
    assert child(again, QAction, "layoutCoordinator").isChecked()
    assert child(again, QDockWidget, "hazardRegistryDock").isVisible()
    assert not child(again, QDockWidget, "alertPanelDock").isVisible()

    child(again, QAction, "layoutDutyOfficer").trigger()
    _settle(qtbot)
    assert child(again, QDockWidget, "alertPanelDock").isVisible()
    assert child(again, QDockWidget, "rosterViewDock").isVisible()


def test_the_control_room_keeps_normal_type_on_a_laptop_screen(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        qtbot: QtBot) -> None:
    # Large type is for a wall: on 768 lines it would leave the board three rows.
    window = _window_at(open_window, settings, qtbot, SIZES["1366x768"])
    child(window, QAction, "layoutControlRoom").trigger()
    _settle(qtbot)
    assert type_scale() == 1.0
    assert rows_in_view(child(window, QTableView, "caseTable")) >= 5
    assert rows_in_view(child(window, QTableView, "alertTable")) >= 4
    child(window, QAction, "layoutDutyOfficer").trigger()


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_the_dashboard_fits_its_strip_without_scrolling(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings, qtbot: QtBot,
        size: str) -> None:
    window = _window_at(open_window, settings, qtbot, SIZES[size])
    child(window, QDockWidget, "dashboardDock").raise_()
    _settle(qtbot)
    scroll = child(window, QScrollArea, "dashboardDockScroll")
    assert not scroll.verticalScrollBar().isVisible()
    assert not scroll.horizontalScrollBar().isVisible()
    charts = [w for w in window.findChildren(QWidget) if w.objectName().endswith("Chart")
              and w.objectName() != "dashboardChartPicker"]
    shown = [c.objectName() for c in charts if c.isVisible()]
    picker = child(window, QComboBox, "dashboardChartPicker")
    if size == "1920x1080":  # two rows of three
        assert len(shown) == 6
        assert not picker.isVisible()
        assert rows_in_view(child(window, QTableView, "kpiAreaTable")) >= 8
        return
    # A 768-line strip holds one chart at a time, picked by name, and the ranking beside.
    assert picker.isVisible()
    assert shown == [picker.currentData()]
    picker.setCurrentIndex(picker.findData("escalationsChart"))
    _settle(qtbot)
    assert [c.objectName() for c in charts if c.isVisible()] == ["escalationsChart"]
    plot = child(window, QGraphicsView, "escalationsChartPlot")
    assert plot.viewport().visibleRegion().boundingRect().height() >= 120
    ranking = child(window, QTableView, "kpiAreaTable")
    # The figures are computed off the GUI thread once the dock is first shown.
    qtbot.waitUntil(lambda: ranking.model().rowCount() >= 2, timeout=30_000)
    whole = [r for r in range(ranking.model().rowCount())
             if ranking.rowViewportPosition(r) >= 0
             and ranking.rowViewportPosition(r) + ranking.rowHeight(r)
             <= ranking.viewport().height()]
    assert len(whole) >= 2, "the ranking beside the chart shows whole rows"


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_the_case_timeline_shows_its_entries_at_both_sizes(
        app: App, officer: OperatorRef, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings, qtbot: QtBot, size: str) -> None:
    case = app.cases.report(officer, title="Burst water main", category="utilities",
                            severity=2, grid="XH-03")
    for n in range(8):
        app.cases.note(officer, case.reference, f"Crew update {n + 1}")
    window = _window_at(open_window, settings, qtbot, SIZES[size])
    window.board.reload()
    qtbot.waitUntil(lambda: window.board.select_case(case.row.id))
    timeline = child(window, QTreeWidget, "caseTimeline")
    qtbot.waitUntil(lambda: timeline.topLevelItemCount() >= 9)
    _settle(qtbot)
    tabs = child(window, QTabWidget, "detailTabs")
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    if size == "1366x768":
        # The deadlines are a tab beside the timeline: the timeline keeps its rows.
        assert "Deadlines" in titles
        assert rows_in_view(timeline) >= 5
    else:
        assert "Deadlines" not in titles
        assert child(window, QWidget, "detailDeadlinesBox").isVisible()
        assert rows_in_view(timeline) >= 6  # counted in the first entry's two lines
