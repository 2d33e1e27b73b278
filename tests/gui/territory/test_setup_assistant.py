"""The set-up assistant clicked through on real files: the center, Taipei's districts and
villages, the report before anything is written, Cancel, and an import that fails whole."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot
from shapely.geometry import box, mapping

from console.app import App
from console.core.domain import Role
from tests.gui.helpers import child, choose, click
from tests.unit.territory.sample_files import sample
from widgets.main_window import MainWindow
from widgets.shell.first_run import needs_setting_up, offer_set_up
from widgets.shell.launcher import run_gui
from widgets.shell.sign_in_dialog import FirstAdminDialog
from widgets.territory.area_map import AreaMap
from widgets.territory.import_page import TerritoryImportPage
from widgets.territory.setup_assistant import SetupAssistant

CHECK_TIMEOUT_MS = 60_000  # the villages are 2.4 MB: seconds on a busy machine


@pytest.fixture
def admin_app(empty_app: App) -> App:
    empty_app.operators.create_first_admin("admin", "Admin", "correct-horse-9")
    empty_app.act_as("admin")
    return empty_app


@pytest.fixture
def assistant(qtbot: QtBot, admin_app: App) -> SetupAssistant:
    wizard = SetupAssistant(admin_app)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    yield wizard
    wizard.wait()


def _button(wizard: SetupAssistant, name: str) -> QPushButton:
    return child(wizard, QPushButton, name)


def _name_the_center(qtbot: QtBot, wizard: SetupAssistant) -> None:
    name = child(wizard, QLineEdit, "centerName")
    name.setFocus()
    name.insert("臺北市")  # as an input method commits it
    qtbot.keyClicks(name, " EOC")
    zone_filter = child(wizard, QLineEdit, "centerZoneFilter")
    qtbot.keyClicks(zone_filter, "Taipei")
    zones = child(wizard, QListView, "centerZoneList")
    assert zones.model().rowCount() == 1
    rect = zones.visualRect(zones.model().index(0, 0))
    qtbot.mouseClick(zones.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, _button(wizard, "setupNextButton"))


def _check_files(qtbot: QtBot, page: TerritoryImportPage, *paths: Path) -> None:
    files = child(page, QLineEdit, "territoryFiles")
    files.clear()
    qtbot.keyClicks(files, "; ".join(str(p) for p in paths))
    qtbot.keyClick(files, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.plan() is not None and not page.busy(),
                    timeout=CHECK_TIMEOUT_MS)


def _import(qtbot: QtBot, page: TerritoryImportPage) -> None:
    with qtbot.waitSignal(page.imported, timeout=CHECK_TIMEOUT_MS):
        click(qtbot, child(page, QPushButton, "territoryImportButton"))


def test_the_report_and_the_map_come_before_anything_is_written_and_cancel_writes_nothing(
        qtbot: QtBot, assistant: SetupAssistant, admin_app: App) -> None:
    _name_the_center(qtbot, assistant)
    page = assistant.territory_page
    assert assistant.currentPage() is page
    assert child(page, QComboBox, "territoryLevel").currentData() == "district", \
        "an empty territory starts at the top"
    _check_files(qtbot, page, sample("tw_taipei_districts.geojson"))

    report = child(page, QPlainTextEdit, "territoryReport").toPlainText()
    assert report.startswith("12 features in 1 file → 12 district areas; 0 rejected")
    assert "code: CPTID (proposed" in report
    # The mapping is chosen from the file's own columns, the proposals preselected.
    code_field = child(page, QComboBox, "territoryCodeField")
    assert code_field.currentText() == "CPTID"
    assert "TNAME" in [code_field.itemText(i) for i in range(code_field.count())]
    assert child(page, QComboBox, "territoryNameField").currentText() == "TNAME"
    assert len(child(page, AreaMap, "territoryPreview").codes("child")) == 12
    assert admin_app.territory.areas() == [], "checking writes nothing"
    assert not _button(assistant, "setupNextButton").isEnabled(), "no grids yet"

    click(qtbot, _button(assistant, "setupCancelButton"))
    assert not assistant.isVisible()
    assert admin_app.territory.areas() == []
    # The step finished before stays: the center's name and zone.
    assert admin_app.territory.center().name == "臺北市 EOC"
    assert admin_app.zone == ZoneInfo("Asia/Taipei")


def test_districts_then_villages_as_grids_then_the_board(
        qtbot: QtBot, assistant: SetupAssistant, admin_app: App) -> None:
    _name_the_center(qtbot, assistant)
    page = assistant.territory_page
    _check_files(qtbot, page, sample("tw_taipei_districts.geojson"))
    _import(qtbot, page)
    assert len(admin_app.territory.areas("district")) == 12
    assert child(page, QLabel, "territoryPresent").text() == \
        "In the territory now: 12 × District."

    click(qtbot, child(page, QPushButton, "territoryNextLevelButton"))
    level = child(page, QComboBox, "territoryLevel")
    assert level.currentData() == "street"
    choose(level, "grid")  # Taipei has no streets: its villages are the grids
    _check_files(qtbot, page, sample("tw_taipei_villages.geojson"))
    report = child(page, QPlainTextEdit, "territoryReport").toPlainText()
    assert report.startswith("456 features in 1 file → 456 grid areas; 0 rejected, "
                             "2 repaired")
    assert "(code 6301000001): repaired: invalid geometry repaired" in report
    preview = child(page, AreaMap, "territoryPreview")
    assert len(preview.codes("outline")) == 12
    assert len(preview.codes("child")) == 456
    assert admin_app.district.grids() == []
    _import(qtbot, page)

    grids = {g.code: g for g in admin_app.district.grids()}
    assert len(grids) == 456
    assert grids["6301200042"].name_zh == "湖田里"
    assert grids["6301200042"].parent_code == "6301200"
    click(qtbot, _button(assistant, "setupNextButton"))  # teams and people: optional
    assert assistant.currentPage() is assistant.people_page
    click(qtbot, _button(assistant, "setupNextButton"))
    assert "Grid: 456" in child(assistant, QLabel, "readySummary").text()
    click(qtbot, _button(assistant, "setupFinishButton"))
    assert assistant.result() == SetupAssistant.DialogCode.Accepted


def test_an_import_that_fails_writes_nothing_at_all(
        qtbot: QtBot, assistant: SetupAssistant, admin_app: App, tmp_path: Path) -> None:
    _name_the_center(qtbot, assistant)
    page = assistant.territory_page
    _check_files(qtbot, page, sample("tw_taipei_districts.geojson"))
    _import(qtbot, page)
    # Three grids, one of which reuses a district's code: the store refuses the whole file.
    cells = {"G-1": (121.50, 25.03), "6301200": (121.51, 25.03), "G-3": (121.52, 25.03)}
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code, "name": f"格{n}"},
         "geometry": mapping(box(x, y, x + 0.005, y + 0.005))}
        for n, (code, (x, y)) in enumerate(cells.items())]}), encoding="utf-8")
    click(qtbot, child(page, QPushButton, "territoryNextLevelButton"))
    choose(child(page, QComboBox, "territoryLevel"), "grid")
    _check_files(qtbot, page, path)
    plan = page.plan()
    assert plan is not None
    assert len(plan.areas) == 3
    with qtbot.assertNotEmitted(page.imported, wait=200):
        click(qtbot, child(page, QPushButton, "territoryImportButton"))
        qtbot.waitUntil(lambda: not page.busy(), timeout=CHECK_TIMEOUT_MS)
    status = child(page, QLabel, "territoryStatus").text()
    assert status.startswith("Nothing was imported:")
    assert "6301200" in status
    assert admin_app.district.grids() == [], "not one grid of the file was kept"
    assert len(admin_app.territory.areas()) == 12


def test_only_an_administrator_of_a_center_without_grids_is_offered_the_assistant(
        qtbot: QtBot, admin_app: App) -> None:
    assert needs_setting_up(admin_app)
    shown: list[str] = []

    def leave() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SetupAssistant):
            shown.append(dialog.objectName())
            dialog.reject()
        else:
            QTimer.singleShot(20, leave)

    QTimer.singleShot(0, leave)
    assert offer_set_up(admin_app) is False, "left, not finished"
    assert shown == ["setupAssistant"]
    assert needs_setting_up(admin_app), "it comes back at the next sign-in"

    admin_app.operators.create(admin_app.operator, "officer", "Officer", Role.DUTY_OFFICER)
    admin_app.act_as("officer")
    assert not needs_setting_up(admin_app), "a duty officer is never asked"
    admin_app.act_as("admin")
    admin_app.territory.add_grid(admin_app.operator, "G-1", "一格", None,
                                 box(121.50, 25.03, 121.51, 25.04))
    assert not needs_setting_up(admin_app), "the center has a grid"
    assert offer_set_up(admin_app) is False
    assert shown == ["setupAssistant"]


def test_first_run_goes_from_the_administrator_to_the_assistant_to_the_board(
        qtbot: QtBot, empty_app: App, settings: QSettings) -> None:
    seen: list[str] = []
    poll = QTimer()
    poll.setInterval(20)

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FirstAdminDialog) and "admin" not in seen:
            seen.append("admin")
            for name, text in (("firstAdminUser", "chief"), ("firstAdminName", "Chief"),
                               ("firstAdminPassword", "s3cure-enough"),
                               ("firstAdminConfirm", "s3cure-enough")):
                qtbot.keyClicks(child(dialog, QLineEdit, name), text)
            click(qtbot, child(dialog, QPushButton, "firstAdminButton"))
        elif isinstance(dialog, SetupAssistant) and "assistant" not in seen:
            seen.append("assistant")
            click(qtbot, child(dialog, QPushButton, "setupCancelButton"))

    def started() -> None:
        poll.stop()
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        seen.append(f"board:{len(windows)}")
        for window in windows:
            window.close()

    poll.timeout.connect(act)
    poll.start()
    try:
        assert run_gui(empty_app, started, settings=settings, sign_in=True) == 0
    finally:
        poll.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow | FirstAdminDialog | SetupAssistant):
                widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == ["admin", "assistant", "board:1"]
