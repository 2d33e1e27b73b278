"""Major incidents at the console: declare from the window, link an alert and two cases,
finish a task, write a follow-up report, close with the review; the banner on every
seat, the drill watermark, and who may declare."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.incidents.domain import DRILL_MARK, IncidentStatus, TaskStatus
from tests.gui.helpers import child, choose, click, open_dialog
from widgets.common.grid_picker import GridPicker
from widgets.incidents.banner import IncidentBanner
from widgets.main_window import MainWindow

PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"
TABS = {"cases": 0, "alerts": 1, "hazards": 2, "teams": 3, "tasks": 4, "reports": 5, "log": 6}


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    coord = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    app.incidents.import_plans(coord, PLANS)
    return coord


def _alert(app: App, tmp_path: Path) -> int:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "w1", "event": "Water over the road", "category": "Met",
                                "lat": 30.296, "lon": 120.1545}) + "\n")
    assert app.importer.import_file(path).ok
    return app.alerts.list_alerts().rows[0].id


def _tab(qtbot: QtBot, window: MainWindow, name: str) -> QWidget:
    tabs = child(window, QTabWidget, "incidentTabs")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS[name]).center())
    assert tabs.currentIndex() == TABS[name]
    return tabs.currentWidget()


def _click_row(qtbot: QtBot, table: QTableView, text: str) -> None:
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == text:
            rect = table.visualRect(model.index(row, 0))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no row {text!r} in {table.objectName()}")


def _column(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def _banner(window: MainWindow) -> IncidentBanner:
    return child(window, IncidentBanner, "incidentBanner")


def test_a_coordinator_runs_an_incident_from_the_console(
        qtbot: QtBot, app: App, coordinator: OperatorRef, clock: FakeClock, tmp_path: Path,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    app.act_as(coordinator.username)
    first = app.cases.report(app.operator, title="Water in the underpass", category="flood",
                             severity=3, grid="XH-01").row
    second = app.cases.report(app.operator, title="Car stuck in water", category="flood",
                              severity=2, grid="XH-02").row
    alert_id = _alert(app, tmp_path)
    window = open_window(settings)
    window.resize(1600, 1000)
    assert not _banner(window).isVisible()
    assert not window.incidents.dock.isVisible()

    # Declare from the Incident menu's action, in its dialog.
    window.incidents.declare_action.trigger()
    dialog = open_dialog(window, QDialog, "incidentDeclareDialog")
    qtbot.keyClicks(child(dialog, QLineEdit, "incidentTitle"), "Underpass flooded")
    choose(child(dialog, QComboBox, "incidentKind"), "flood")
    choose(child(dialog, QComboBox, "incidentLevel"), 3)
    picker = child(dialog, GridPicker, "incidentGridPicker")
    line = picker.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "XH-07")
    click(qtbot, child(dialog, QPushButton, "incidentAddGrid"))
    assert [child(dialog, QWidget, "incidentGrids").item(0).data(  # type: ignore[attr-defined]
        Qt.ItemDataRole.UserRole)] == ["XH-07"]
    click(qtbot, child(dialog, QPushButton, "incidentDeclareOk"))
    assert not dialog.isVisible()
    (row,) = app.incidents.rows(open_only=True)
    assert (row.reference, row.level, row.drill) == ("I-2026-0001", 3, False)

    # Emergency mode: the banner and the dock, on this incident.
    banner = _banner(window)
    assert banner.isVisible()
    assert "I-2026-0001 Underpass flooded · Level III 较大 · 0 min" in banner.text()
    assert window.incidents.dock.isVisible()
    assert "I-2026-0001 Underpass flooded" in child(window, QLabel, "incidentHeaderTitle").text()
    clock.advance(timedelta(minutes=125))
    window.incidents.refresh()
    assert "· 2 h 05 min" in banner.text()
    assert "overdue" in banner.text()

    # Link an alert and two cases by reference.
    page = _tab(qtbot, window, "cases")
    qtbot.keyClicks(child(page, QLineEdit, "incidentCasesLinkEdit"),
                    f"{first.reference}, {second.reference} A{alert_id}")
    click(qtbot, child(page, QPushButton, "incidentCasesLink"))
    assert sorted(_column(child(page, QTableView, "incidentCases"), 0)) == sorted(
        [first.reference, second.reference])
    assert "Reported 2" in child(page, QLabel, "incidentStageCounts").text()
    detail = app.incidents.get(row.reference)
    assert {c.reference for c in detail.cases if c.state == "confirmed"} == {
        first.reference, second.reference}
    assert [a.target_id for a in detail.alerts if a.state == "confirmed"] == [alert_id]
    _tab(qtbot, window, "alerts")
    assert _column(child(window, QTableView, "incidentAlerts"), 0) == [f"A{alert_id}"]

    # Finish the first task.
    page = _tab(qtbot, window, "tasks")
    tasks = child(page, QTableView, "incidentTasks")
    _click_row(qtbot, tasks, "T1")
    click(qtbot, child(page, QPushButton, "incidentTaskDone"))
    assert _column(tasks, 4)[0] == "Done (late)"
    assert app.incidents.get(row.reference).tasks[0].status is TaskStatus.DONE

    # A follow-up report, generated, edited, signed.
    page = _tab(qtbot, window, "reports")
    choose(child(page, QComboBox, "incidentReportKindChoice"), "followup")
    click(qtbot, child(page, QPushButton, "incidentWriteReport"))
    report = open_dialog(window, QDialog, "incidentReportDialog")
    text = child(report, QPlainTextEdit, "incidentReportText")
    generated = text.toPlainText()
    assert generated.startswith("Follow-up report no. 1 · I-2026-0001 Underpass flooded")
    assert "2. Response level: III (Large)." in generated
    assert "3. Area: XH-07." in generated
    assert first.reference in generated
    assert second.reference in generated
    assert "Next steps:" in generated
    assert "T2 Close flooded underpasses" in generated
    qtbot.keyClick(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClicks(text, "Pumps 3 and 4 on site.")
    click(qtbot, child(report, QPushButton, "incidentReportOk"))
    assert not report.isVisible()
    sent = app.incidents.get(row.reference).reports
    assert [(r.kind, r.number) for r in sent] == [("followup", 1)]
    assert sent[0].text.endswith("Pumps 3 and 4 on site.")
    assert _column(child(page, QTableView, "incidentReports"), 0) == ["Follow-up report 1"]

    # The log shows what was done, newest last.
    page = _tab(qtbot, window, "log")
    qtbot.keyClicks(child(page, QLineEdit, "incidentLogText"), "Pump 3 arrived")
    click(qtbot, child(page, QPushButton, "incidentAddLog"))
    entries = _column(child(page, QTableView, "incidentLog"), 2)
    assert entries[0].startswith("Declared: Underpass flooded, level III")
    assert any(e.startswith("Linked ") and first.reference in e for e in entries)
    assert any(e.startswith("T1 Notify the duty leader") and "done (late)" in e
               for e in entries)
    assert "followup report 1 signed and sent" in entries
    assert entries[-1] == "Pump 3 arrived"

    # Close with the review: emergency mode ends.
    click(qtbot, child(window, QPushButton, "incidentCloseButton"))
    closing = open_dialog(window, QDialog, "incidentCloseDialog")
    qtbot.keyClicks(child(closing, QPlainTextEdit, "incidentCloseSummary"),
                    "Water pumped out; underpass reopened")
    qtbot.keyClicks(child(closing, QPlainTextEdit, "incidentCloseReview"),
                    "Pre-position pumps when rain is forecast")
    click(qtbot, child(closing, QPushButton, "incidentCloseOk"))
    detail = app.incidents.get(row.reference)
    assert detail.row.status is IncidentStatus.CLOSED
    assert detail.review == "Pre-position pumps when rain is forecast"
    assert not _banner(window).isVisible()
    assert not window.incidents.dock.isVisible()


def test_the_banner_shows_on_a_duty_officer_seat(
        qtbot: QtBot, app: App, coordinator: OperatorRef, officer: OperatorRef,
        clock: FakeClock, main_window: MainWindow) -> None:
    assert not main_window.incidents.declare_action.isEnabled()
    app.incidents.declare(coordinator, title="Chemical smell at the depot", kind="hazmat",
                          level=2, grids=["XH-03"])
    app.incidents.declare(coordinator, title="Crowd at the station", kind="crowd", level=4)
    clock.advance(timedelta(minutes=12))
    main_window.bus.poll()
    banner = _banner(main_window)
    assert banner.isVisible()
    # The gravest first, the others counted.
    assert "I-2026-0001 Chemical smell at the depot · Level II 重大 · 12 min" in banner.text()
    assert "+1 more" in banner.text()
    assert main_window.incidents.dock.isVisible()
    # The officer works tasks and writes in the log, but does not command.
    view = main_window.incidents.view
    assert not child(view, QPushButton, "incidentRaiseLevel").isEnabled()
    assert not child(view, QPushButton, "incidentCloseButton").isEnabled()
    page = _tab(qtbot, main_window, "log")
    qtbot.keyClicks(child(page, QLineEdit, "incidentLogText"), "Street office informed")
    qtbot.keyClick(child(page, QLineEdit, "incidentLogText"), Qt.Key.Key_Return)
    assert _column(child(page, QTableView, "incidentLog"), 2)[-1] == "Street office informed"
    assert officer.display_name in _column(child(page, QTableView, "incidentLog"), 1)
    # A click on the banner opens the incident it names.
    view.show_reference("I-2026-0002")
    qtbot.mouseClick(banner, Qt.MouseButton.LeftButton)
    assert view.reference == "I-2026-0001"


def test_a_drill_watermarks_the_window_until_it_closes(
        qtbot: QtBot, app: App, coordinator: OperatorRef, main_window: MainWindow) -> None:
    watermark = child(main_window, QWidget, "drillWatermark")
    assert not watermark.isVisible()
    drill = app.incidents.declare(coordinator, title="Flood drill", kind="flood", level=4,
                                  drill=True)
    main_window.bus.poll()
    assert watermark.isVisible()
    assert watermark.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert watermark.geometry().contains(main_window.board.geometry().center())
    assert _banner(main_window).text().startswith(DRILL_MARK)
    app.incidents.close(coordinator, drill.row.reference, "Drill over", "")
    main_window.bus.poll()
    assert not watermark.isVisible()
    assert not _banner(main_window).isVisible()


def test_a_reviewer_cannot_declare(app: App, reviewer: OperatorRef,
                                   open_window: Callable[[QSettings], MainWindow],
                                   settings: QSettings) -> None:
    app.act_as(reviewer.username)
    window = open_window(settings)
    action = window.incidents.declare_action
    assert not action.isEnabled()
    assert "Only a coordinator or an administrator declares an incident." in action.toolTip()


def test_no_incident_no_emergency_mode(main_window: MainWindow) -> None:
    """Without an open incident the strip and the dock take no room from the board."""
    assert not main_window.incidents.bar.isVisible()
    assert not main_window.incidents.dock.isVisible()
    assert main_window.incidents.toggle_action.shortcut().toString() == "Ctrl+8"


def test_a_console_started_during_an_incident_shows_its_dock_in_front(
        app: App, coordinator: OperatorRef, qtbot: QtBot,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    """A seat that starts (or restarts) mid-incident opens on the incident, not behind
    the case detail it shares a tab group with."""
    app.incidents.declare(coordinator, title="Underpass flooded", kind="flood", level=3,
                          grids=["XH-07"])
    window = open_window(settings)
    dock = window.findChild(QDockWidget, "incidentViewDock")
    assert dock is not None
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty(), timeout=3000)
    assert dock.isVisible()
