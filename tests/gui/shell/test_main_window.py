"""The main window: menus, status bar, and layout and theme kept between sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from tests.gui.helpers import child, open_dialog
from widgets.cases.board import CaseBoard
from widgets.cases.detail import CaseDetailPane
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.main_window import MainWindow
from widgets.shell.theme import Theme, current_theme

CENTER = ZoneInfo("Asia/Shanghai")  # the demo center's zone: every time on screen is in it


def test_composition(main_window: MainWindow) -> None:
    assert main_window.objectName() == "mainWindow"
    assert main_window.windowTitle() == "Watchroom"
    assert isinstance(main_window.centralWidget(), CaseBoard)
    assert main_window.centralWidget().objectName() == "caseBoard"
    dock = child(main_window, QDockWidget, "caseDetailDock")
    scroller = dock.widget()
    assert isinstance(scroller, QScrollArea)  # the window fits a laptop screen's height
    assert isinstance(scroller.widget(), CaseDetailPane)
    assert scroller.widget().objectName() == "caseDetail"
    features = dock.features()
    assert features & QDockWidget.DockWidgetFeature.DockWidgetMovable
    assert features & QDockWidget.DockWidgetFeature.DockWidgetFloatable
    assert main_window.dockWidgetArea(dock) is Qt.DockWidgetArea.RightDockWidgetArea
    # Every dock open, the console still fits a 1366 × 768 laptop screen.
    assert main_window.minimumSizeHint().height() <= 700
    assert main_window.minimumSizeHint().width() <= 1300


def test_status_bar_shows_operator_database_counts_and_clock(
        qtbot: QtBot, main_window: MainWindow, app: App, officer: OperatorRef,
        clock: FakeClock) -> None:
    assert child(main_window, QLabel, "statusOperator").text() == \
        f"{officer.display_name} · Duty officer"
    database = child(main_window, QLabel, "statusDatabase")
    where = app.db.describe()
    head, _, tail = database.text().partition("…")  # long paths are shortened in the middle
    assert where.startswith(head)
    assert where.endswith(tail)
    assert where in database.toolTip()
    counts = child(main_window, QLabel, "statusCounts")
    assert counts.text() == "Open 0 · paused 0"
    clock_label = child(main_window, QLabel, "statusClock")
    assert clock_label.text() == clock.now().astimezone(CENTER).strftime("%Y-%m-%d %H:%M:%S")

    app.cases.report(app.operator, title="Flooded underpass", category="flood", severity=1,
                     grid="XH-06")
    qtbot.waitUntil(lambda: counts.text() == "Open 1 · paused 0", timeout=5000)
    clock.advance(timedelta(minutes=7, seconds=5))
    expected = clock.now().astimezone(CENTER).strftime("%Y-%m-%d %H:%M:%S")
    qtbot.waitUntil(lambda: clock_label.text() == expected, timeout=3000)


def test_file_new_case_opens_the_dialog(main_window: MainWindow) -> None:
    action = child(main_window, QAction, "newCaseAction")
    assert action.shortcut().toString() == "Ctrl+N"
    action.trigger()
    assert open_dialog(main_window, NewCaseDialog, "newCaseDialog").isVisible()
    assert child(main_window, QAction, "quitAction").shortcut().toString() == "Ctrl+Q"


def test_view_menu_hides_and_shows_the_detail_dock(main_window: MainWindow) -> None:
    dock = child(main_window, QDockWidget, "caseDetailDock")
    toggle = dock.toggleViewAction()
    assert toggle in main_window.menuBar().actions()[1].menu().actions()
    toggle.trigger()
    assert not dock.isVisible()
    child(main_window, QAction, "resetLayoutAction").trigger()
    assert dock.isVisible()


def test_theme_switches_at_runtime(main_window: MainWindow) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    assert current_theme() is Theme.DARK
    dark_sheet = qapp.styleSheet()
    child(main_window, QAction, "themeLight").trigger()
    assert current_theme() is Theme.LIGHT
    assert qapp.styleSheet() != dark_sheet
    assert child(main_window, QAction, "themeLight").isChecked()
    assert not child(main_window, QAction, "themeDark").isChecked()


def test_layout_and_theme_are_restored(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    first = open_window(settings)
    dock = child(first, QDockWidget, "caseDetailDock")
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    # Offscreen, the screen is 800 × 800 and restoring clamps to it: change the height.
    first.resize(first.width(), 700)
    child(first, QAction, "themeLight").trigger()
    first.close()
    assert settings.value("theme") == "light"

    second = open_window(settings)
    dock = child(second, QDockWidget, "caseDetailDock")
    assert second.dockWidgetArea(dock) is Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.size().height() == 700
    assert child(second, QAction, "themeLight").isChecked()
    assert current_theme() is Theme.LIGHT

    child(second, QAction, "resetLayoutAction").trigger()
    assert second.dockWidgetArea(dock) is Qt.DockWidgetArea.RightDockWidgetArea


def test_alerts_rosters_and_hazards_are_docked_and_the_detail_names_nearby_hazards(
        app: App, officer: OperatorRef, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTabWidget, QWidget

    app.hazards.load_demo()
    hazard = app.hazards.rows()[0]
    grid = app.district.grid(hazard.grid_id).code
    case = app.cases.report(officer, title="Smell of gas near the station", category="fire",
                            severity=2, grid=grid)
    window = open_window(settings)
    # The rosters and the registry are tabs behind the alerts: built when brought in front.
    for dock, name in (("alertPanelDock", "alertPanel"), ("rosterViewDock", "rosterView"),
                       ("hazardRegistryDock", "hazardRegistry")):
        child(window, QDockWidget, dock).raise_()
        qtbot.waitUntil(lambda name=name: window.findChild(QWidget, name) is not None)
    window.board.show_case(case.reference)
    tabs = child(window, QTabWidget, "detailTabs")
    tabs.setCurrentIndex(1)
    nearby = child(window, QWidget, "caseHazards")
    qtbot.waitUntil(lambda: hazard.code in " ".join(
        w.text() for w in nearby.findChildren(QLabel)) or _tree_has(nearby, hazard.code))


def _tree_has(widget: object, text: str) -> bool:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QAbstractItemView

    for view in widget.findChildren(QAbstractItemView):  # type: ignore[attr-defined]
        model = view.model()
        for row in range(model.rowCount(QModelIndex())):
            for col in range(model.columnCount(QModelIndex())):
                if text in str(model.index(row, col).data()):
                    return True
    return False
