"""The tabs behind the alerts (rosters, hazard registry, dashboard, handover history) and
behind the case detail (grid map) are built when a person first brings them in front,
with their content; so are the docks that open only on demand (territory, incident).
Until then the start pays for none of them, and the charts, geometry, projection and YAML
libraries are not even loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QTabBar, QTableView, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from console.app import App
from tests.gui.helpers import child
from widgets.main_window import MainWindow

REPO = Path(__file__).resolve().parents[3]
BEHIND = {"rosterViewDock": "rosterView", "hazardRegistryDock": "hazardRegistry",
          "dashboardDock": "dashboard", "handoverHistoryDock": "handoverHistory",
          "gridMapDock": "gridMap"}
ON_DEMAND = {"territoryViewDock": "territoryView", "incidentViewDock": "incidentView"}


def _tab(window: MainWindow, title: str) -> tuple[QTabBar, int]:
    """The dock tab titled ``title`` (its bar and index)."""
    for bar in window.findChildren(QTabBar):
        if bar.parentWidget() is not window or bar.isHidden():
            continue
        for index in range(bar.count()):
            if bar.tabText(index) == title:
                return bar, index
    raise AssertionError(f"no dock tab titled {title!r}")


def test_a_tab_behind_the_alerts_is_built_when_clicked_with_its_rows(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    window = open_window(settings)
    for dock, panel in BEHIND.items():
        assert child(window, QDockWidget, dock).toggleViewAction().isChecked(), dock
        assert window.findChild(QWidget, panel) is None, f"{panel} was built at start"
    for dock, panel in ON_DEMAND.items():
        assert not child(window, QDockWidget, dock).toggleViewAction().isChecked(), dock
        assert window.findChild(QWidget, panel) is None, f"{panel} was built at start"

    bar, index = _tab(window, "Rosters")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.findChild(QWidget, "rosterView") is not None)
    roster = child(window, QWidget, "rosterView")
    qtbot.waitUntil(roster.isVisible)
    teams = child(roster, QTableView, "rosterTeams")
    qtbot.waitUntil(lambda: teams.model().rowCount() > 0)  # the demo district's teams
    # The others stay unbuilt until their turn.
    assert window.findChild(QWidget, "hazardRegistry") is None
    assert window.findChild(QWidget, "dashboard") is None

    bar, index = _tab(window, "Hazard registry")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.findChild(QWidget, "hazardRegistry") is not None)
    qtbot.waitUntil(child(window, QWidget, "hazardRegistry").isVisible)


def test_the_map_built_when_its_tab_is_clicked_outlines_the_grid_the_board_shows(
        qtbot: QtBot, main_window: MainWindow) -> None:
    """Chosen on the board before the map existed: the map picks it up when built."""
    board = main_window.board
    board.show_grid("XH-03")
    assert main_window.findChild(QWidget, "gridMap") is None
    bar, index = _tab(main_window, "Grid map")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: main_window.findChild(QWidget, "gridMap") is not None)
    grid_map = main_window.grid_map
    qtbot.waitUntil(lambda: grid_map.selected_grid == "XH-03")
    # And it follows the board from then on.
    board.show_grid("XH-05")
    qtbot.waitUntil(lambda: grid_map.selected_grid == "XH-05")


def test_the_territory_is_built_when_opened_from_the_view_menu_with_its_areas(
        qtbot: QtBot, main_window: MainWindow) -> None:
    toggle = main_window.findChild(QDockWidget, "territoryViewDock").toggleViewAction()
    toggle.trigger()  # its tab appears in the right column; the person clicks it
    bar, index = _tab(main_window, "Territory")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: main_window.findChild(QWidget, "territoryView") is not None)
    tree = child(main_window, QWidget, "territoryView").findChild(QTreeView)
    assert tree is not None
    qtbot.waitUntil(lambda: tree.model().rowCount() > 0)  # the demo district


def test_a_hazard_named_in_the_detail_opens_the_registry_on_it(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    app.hazards.load_demo()
    hazard = app.hazards.rows()[0]
    assert main_window.findChild(QWidget, "hazardRegistry") is None
    main_window.detail.hazards.hazard_activated.emit(hazard.id)
    registry = child(main_window, QWidget, "hazardRegistry")
    qtbot.waitUntil(registry.isVisible)
    assert main_window.hazards is registry


def test_the_charts_library_loads_with_the_dashboard_not_at_start(tmp_path: Path) -> None:
    """A fresh console process (this one loaded everything long ago), started as
    ``main.py`` starts it."""
    script = f"""
import sys
from datetime import UTC, datetime
import main  # the command line's modules, as `python main.py` loads them
from console.app import open_app
from console.clock import FakeClock
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDockWidget
from widgets.main_window import MainWindow

app = open_app({f"sqlite:///{tmp_path / 'w.sqlite'}"!r},
               FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC)))
qapp = QApplication([])
window = MainWindow(app, QSettings({str(tmp_path / 'w.ini')!r}, QSettings.Format.IniFormat))
window.show()
for _ in range(20):
    qapp.processEvents()
print("at start", "pyqtgraph" in sys.modules, window.findChild(QDockWidget, "dashboardDock")
      .toggleViewAction().isChecked())
print("geometry at start", sorted(m for m in ("shapely", "pyproj", "numpy", "yaml")
                                  if m in sys.modules))
window.findChild(QDockWidget, "dashboardDock").raise_()
for _ in range(20):
    qapp.processEvents()
print("dashboard shown", "pyqtgraph" in sys.modules,
      window.findChild(QDockWidget, "dashboardDock").widget().widget().objectName())
window.close()
app.close()
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=240, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-3] == "at start False True"
    assert lines[-2] == "geometry at start []"
    assert lines[-1] == "dashboard shown True dashboard"
