"""The hazard registry panel and the case's hazards, driven as an officer would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import Role
from console.hazards.domain import HazardStatus, RiskLevel
from tests.gui.helpers import child, choose, click, open_dialog
from widgets.cases.hazards import CaseHazards
from widgets.changes.bus import ChangeBus
from widgets.hazards.dialogs import HazardDialog
from widgets.hazards.inspection_dialogs import InspectionDialog
from widgets.hazards.registry import HazardRegistry
from widgets.hazards.table_model import Column


@pytest.fixture
def demo(app: App) -> App:
    assert app.hazards.load_demo() == 40
    return app


@pytest.fixture
def bus(demo: App) -> ChangeBus:
    """The change bus the test's registries follow (read with ``poll``, never started)."""
    return ChangeBus(demo)


@pytest.fixture
def open_registry(qtbot: QtBot, demo: App,
                  bus: ChangeBus) -> Iterator[Callable[[str], HazardRegistry]]:
    """Opens the registry acting as the first operator of ``role``."""
    shown: list[HazardRegistry] = []

    def open_as(role: str) -> HazardRegistry:
        who = next(o for o in demo.operators.list() if o.role is Role(role))
        demo.act_as(who.username)
        registry = HazardRegistry(demo, bus)
        qtbot.addWidget(registry)
        registry.resize(1400, 800)
        registry.show()
        qtbot.waitExposed(registry)
        shown.append(registry)
        return registry

    yield open_as
    for registry in shown:
        registry.shutdown()


def _ok(dialog: QDialog) -> QPushButton:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def shown_codes(registry: HazardRegistry) -> list[str]:
    proxy, model = registry.proxy, registry.model
    return [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).code
            for r in range(proxy.rowCount())]


def cell_text(registry: HazardRegistry, code: str, column: Column,
              role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
    model = registry.model
    pos = model.row_of(_id(registry, code))
    assert pos is not None
    return model.data(model.index(pos, column), role)


def _id(registry: HazardRegistry, code: str) -> int:
    for hazard_id in registry.model.hazard_ids():
        pos = registry.model.row_of(hazard_id)
        assert pos is not None
        if registry.model.row_at(pos).code == code:
            return hazard_id
    raise AssertionError(f"{code} is not in the table")


def click_row(qtbot: QtBot, registry: HazardRegistry, code: str) -> None:
    pos = registry.model.row_of(_id(registry, code))
    assert pos is not None
    index = registry.proxy.mapFromSource(registry.model.index(pos, Column.CODE))
    assert index.isValid(), f"{code} is filtered out"
    registry.table.scrollTo(index)
    rect = registry.table.visualRect(index)
    qtbot.mouseClick(registry.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_cell(qtbot: QtBot, registry: HazardRegistry, likelihood: int, severity: int) -> None:
    matrix = registry.matrix
    qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton,
                     pos=matrix.cell_rect(likelihood, severity).center())


def test_table_model_is_a_well_behaved_model(qtbot: QtBot, qtmodeltester: ModelTester,
                                             open_registry: Callable[[str], HazardRegistry]
                                             ) -> None:
    registry = open_registry("duty_officer")
    qtmodeltester.check(registry.model)
    qtmodeltester.check(registry.proxy)


def test_registry_shows_levels_in_words_and_colours_and_the_countdown(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App) -> None:
    registry = open_registry("duty_officer")
    assert registry.loaded
    codes = shown_codes(registry)
    assert len(codes) == 39  # the retired one is hidden by the default status filter
    assert "HZ-0037" not in codes
    first = registry.model.row_at(registry.proxy.mapToSource(registry.proxy.index(0, 0)).row())
    assert first.level is RiskLevel.EXTREME
    assert cell_text(registry, first.code, Column.LEVEL) == f"Extreme {first.score}"
    assert cell_text(registry, first.code, Column.LEVEL, Qt.ItemDataRole.ForegroundRole) \
        is not None
    overdue = demo.hazards.overdue()[0]
    assert str(cell_text(registry, overdue.code, Column.DUE)).startswith("overdue ")
    assert "of 40 hazards shown" in child(registry, QLabel, "hazardCount").text()


def test_matrix_click_filters_the_table_and_a_second_click_clears(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry]) -> None:
    registry = open_registry("duty_officer")
    everything = shown_codes(registry)
    in_cell = registry.matrix.counts.at(3, 4)
    assert in_cell > 1

    with qtbot.waitSignal(registry.matrix.cell_selected) as selected:
        click_cell(qtbot, registry, 3, 4)
    assert selected.args == [(3, 4)]
    rows = [registry.model.row_at(registry.proxy.mapToSource(registry.proxy.index(r, 0)).row())
            for r in range(registry.proxy.rowCount())]
    assert len(rows) == in_cell
    assert {(r.likelihood, r.severity) for r in rows} == {(3, 4)}
    label = child(registry, QLabel, "matrixFilterLabel")
    assert label.isVisible()
    assert "L3 × S4" in label.text()

    click_cell(qtbot, registry, 3, 4)  # the same cell again: no filter
    assert shown_codes(registry) == everything
    assert not label.isVisible()

    click_cell(qtbot, registry, 4, 5)
    assert len(shown_codes(registry)) == registry.matrix.counts.at(4, 5)
    click(qtbot, child(registry, QToolButton, "clearMatrixFilter"))
    assert shown_codes(registry) == everything
    assert registry.matrix.selected is None


def test_matrix_works_from_the_keyboard(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry]) -> None:
    registry = open_registry("duty_officer")
    matrix = registry.matrix
    matrix.setFocus()
    qtbot.keyClick(matrix, Qt.Key.Key_Up)  # from (3, 3) to (4, 3)
    qtbot.keyClick(matrix, Qt.Key.Key_Right)  # (4, 4)
    qtbot.keyClick(matrix, Qt.Key.Key_Space)
    assert matrix.selected == (4, 4)
    assert len(shown_codes(registry)) == matrix.counts.at(4, 4)
    qtbot.keyClick(matrix, Qt.Key.Key_Escape)
    assert matrix.selected is None


def test_filters_and_matrix_counts_agree(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry]) -> None:
    registry = open_registry("duty_officer")
    choose(child(registry, QComboBox, "hazardKindFilter"), "gas_station")
    assert registry.matrix.counts.total == len(shown_codes(registry)) == 3
    # (QTest types ASCII only: a Chinese name arrives through an input method.)
    qtbot.keyClicks(child(registry, QLineEdit, "hazardSearch"), "cng")
    assert shown_codes(registry) == ["HZ-0014"]
    child(registry, QLineEdit, "hazardSearch").clear()
    choose(child(registry, QComboBox, "hazardStatusFilter"), "all")
    choose(child(registry, QComboBox, "hazardKindFilter"), None)
    assert len(shown_codes(registry)) == 40


def test_register_a_hazard_through_the_dialog(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App) -> None:
    registry = open_registry("coordinator")
    click(qtbot, child(registry, QPushButton, "registerHazardButton"))
    dialog = open_dialog(registry, HazardDialog, "hazardDialog")
    ok = _ok(dialog)
    error = child(dialog, QLabel, "hazardDialogError")
    code = child(dialog, QLineEdit, "hazardCode")
    assert code.text() == "HZ-0041"  # suggested
    assert not ok.isEnabled()
    assert "name" in error.text().lower()

    code.clear()
    qtbot.keyClicks(code, "HZ-0001")
    qtbot.keyClicks(child(dialog, QLineEdit, "hazardName"), "Jiang'an Petrol Station")
    assert "already registered" in error.text()
    assert not ok.isEnabled()
    code.clear()
    qtbot.keyClicks(code, "hz-0100")
    assert "grid" in error.text().lower()
    choose(child(dialog, QComboBox, "hazardKind"), "gas_station")
    grid = child(dialog, QComboBox, "hazardGrid")
    qtbot.keyClicks(grid.lineEdit(), "XH-99")
    assert "Unknown grid" in error.text()
    grid.lineEdit().clear()
    choose(grid, "XH-06")
    qtbot.keyClicks(child(dialog, QLineEdit, "hazardLon"), "120.2")
    assert "both longitude and latitude" in error.text()
    qtbot.keyClicks(child(dialog, QLineEdit, "hazardLat"), "30.29")
    qtbot.keyClicks(child(dialog, QLineEdit, "hazardUnit"), "Sinopec Jiang'an station")
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "hazardSurroundings"),
                    "Jiang'an Primary School 200 m")
    choose(child(dialog, QComboBox, "hazardLikelihood"), 4)
    choose(child(dialog, QComboBox, "hazardSeverity"), 5)
    assert "Extreme 20" in child(dialog, QLabel, "hazardRiskPreview").text()
    assert ok.isEnabled()
    assert not error.isVisible()

    with qtbot.waitSignal(dialog.hazard_saved) as saved:
        click(qtbot, ok)
    assert saved.args == ["HZ-0100"]
    assert not dialog.isVisible()
    hazard = demo.hazards.get("HZ-0100")
    assert (hazard.row.grid_code, hazard.row.level, hazard.row.score) == (
        "XH-06", RiskLevel.EXTREME, 20)
    assert hazard.surroundings == "Jiang'an Primary School 200 m"
    assert (hazard.lon, hazard.lat) == (120.2, 30.29)
    assert registry.selected_hazard_id() == hazard.row.id
    assert child(registry.detail, QLabel, "hazardDetailCode").text() == "HZ-0100"
    qtbot.waitUntil(lambda: registry.matrix.counts.at(4, 5) == 4, timeout=3000)


def test_record_an_inspection_through_the_dialog(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App,
        clock: FakeClock) -> None:
    registry = open_registry("duty_officer")
    before = demo.hazards.get("HZ-0009")  # the metro pit, inspected weekly, overdue
    click_row(qtbot, registry, "HZ-0009")
    assert registry.detail.hazard_id == before.row.id
    assert not child(registry.detail, QPushButton, "editHazardButton").isEnabled()
    click(qtbot, child(registry.detail, QPushButton, "recordInspectionButton"))
    dialog = open_dialog(registry, InspectionDialog, "inspectionDialog")
    ok = _ok(dialog)
    assert not ok.isEnabled()
    assert "who inspected" in child(dialog, QLabel, "inspectionDialogError").text()

    qtbot.keyClicks(child(dialog, QLineEdit, "inspectionInspector"),
                    "Zhao Min (district construction bureau)")
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "inspectionFindings"),
                    "Temporary strut installed; deflection back to 19 mm.")
    path = child(dialog, QLineEdit, "inspectionPhotoPath")
    qtbot.keyClicks(path, "/srv/watchroom/photos/HZ-0009/strut-4.jpg")
    click(qtbot, child(dialog, QPushButton, "inspectionAddPhoto"))
    qtbot.keyClicks(path, "/srv/watchroom/photos/HZ-0009/panel.jpg")
    qtbot.keyClick(path, Qt.Key.Key_Return)
    assert child(dialog, QListWidget, "inspectionPhotos").count() == 2
    choose(child(dialog, QComboBox, "inspectionLikelihood"), 2)
    assert "High 15 → High 10" in child(dialog, QLabel, "inspectionRiskPreview").text()
    assert ok.isEnabled()

    with qtbot.waitSignal(dialog.inspection_recorded):
        click(qtbot, ok)
    after = demo.hazards.get("HZ-0009")
    assert after.row.next_inspection_due == clock.now() + timedelta(days=7)
    assert after.row.likelihood == 2
    [latest, *_older] = demo.hazards.inspections(after.row.id)
    assert latest.photos == ("/srv/watchroom/photos/HZ-0009/strut-4.jpg",
                             "/srv/watchroom/photos/HZ-0009/panel.jpg")
    inspections = child(registry.detail, QTreeWidget, "hazardInspections")
    assert inspections.topLevelItemCount() == 3
    assert "Zhao Min" in inspections.topLevelItem(0).text(1)
    tabs = child(registry.detail, QTabWidget, "hazardDetailTabs")
    assert tabs.tabText(1) == "Inspections (3)"
    qtbot.waitUntil(lambda: str(cell_text(registry, "HZ-0009", Column.DUE)).startswith("in "),
                    timeout=3000)


def test_roles_decide_the_buttons(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry]) -> None:
    reviewer = open_registry("reviewer")
    assert not child(reviewer, QPushButton, "registerHazardButton").isEnabled()
    click_row(qtbot, reviewer, "HZ-0001")
    assert not child(reviewer.detail, QPushButton, "recordInspectionButton").isEnabled()
    assert not child(reviewer.detail, QPushButton, "retireHazardButton").isEnabled()
    coordinator = open_registry("coordinator")
    click_row(qtbot, coordinator, "HZ-0001")
    for name in ("recordInspectionButton", "editHazardButton", "retireHazardButton",
                 "mitigateHazardButton"):
        assert child(coordinator.detail, QPushButton, name).isEnabled(), name


def test_retire_through_the_status_dialog(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App) -> None:
    registry = open_registry("coordinator")
    click_row(qtbot, registry, "HZ-0036")
    click(qtbot, child(registry.detail, QPushButton, "retireHazardButton"))
    dialog = open_dialog(registry, QDialog, "hazardStatusDialog")
    ok = _ok(dialog)
    assert not ok.isEnabled()  # a reason is required
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "hazardStatusNote"),
                    "Trench backfilled, road reopened")
    click(qtbot, ok)
    assert demo.hazards.get("HZ-0036").row.status is HazardStatus.RETIRED
    qtbot.waitUntil(lambda: "HZ-0036" not in shown_codes(registry), timeout=3000)


def test_changes_from_another_console_arrive_without_a_reset(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App,
        bus: ChangeBus) -> None:
    registry = open_registry("duty_officer")
    coordinator = next(o for o in demo.operators.list() if o.role is Role.COORDINATOR)
    before = registry.matrix.counts.at(4, 5)
    with qtbot.assert_not_emitted(registry.model.modelReset):
        demo.hazards.update(coordinator, "HZ-0001", likelihood=4, severity=5)
        bus.poll()
        qtbot.waitUntil(lambda: cell_text(registry, "HZ-0001", Column.LEVEL) == "Extreme 20",
                        timeout=3000)
        qtbot.waitUntil(lambda: registry.matrix.counts.at(4, 5) == before + 1, timeout=3000)


def test_the_countdown_moves_with_the_clock_and_repaints_only_its_column(
        qtbot: QtBot, open_registry: Callable[[str], HazardRegistry], demo: App,
        clock: FakeClock) -> None:
    registry = open_registry("duty_officer")
    row = demo.hazards.get("HZ-0002").row
    assert row.next_inspection_due is not None
    text = str(cell_text(registry, "HZ-0002", Column.DUE))
    assert text.startswith("in ")
    clock.set(row.next_inspection_due + timedelta(hours=2))
    columns: set[tuple[int, int]] = set()

    def seen(top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        columns.add((top.column(), bottom.column()))

    registry.model.dataChanged.connect(seen)
    registry.refresh_countdown()
    registry.model.dataChanged.disconnect(seen)
    assert columns == {(Column.DUE, Column.DUE)}
    assert cell_text(registry, "HZ-0002", Column.DUE) == "overdue 2 h 0 m"
    assert "overdue" in child(registry.detail, QLabel, "hazardDetailDue").text() or \
        registry.detail.hazard_id != row.id


def test_pages_after_the_first_load_in_the_background(
        qtbot: QtBot, demo: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HazardRegistry, "first_page", 10)
    monkeypatch.setattr(HazardRegistry, "page_size", 7)
    registry = HazardRegistry(demo, ChangeBus(demo))
    qtbot.addWidget(registry)
    try:
        assert registry.model.rowCount() >= 10
        qtbot.waitUntil(lambda: registry.loaded, timeout=10_000)
        assert registry.model.hazard_ids() == [r.id for r in demo.hazards.rows()]
    finally:
        registry.shutdown()


def test_case_hazards_lists_its_grid_and_the_neighbours_and_names_one(
        qtbot: QtBot, demo: App) -> None:
    case = demo.cases.report(demo.operator, title="Fuel smell near the school",
                             category="fire", severity=2, grid="XH-01")
    pane = CaseHazards(demo)
    qtbot.addWidget(pane)
    pane.resize(700, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_case_id(case.row.id)
    codes = pane.hazard_codes()
    # XH-01 itself, then XH-02, XH-07, XH-08 around it; the retired pit in XH-02 is left out.
    assert codes[0] == "HZ-0001"
    assert set(codes) == {"HZ-0001", "HZ-0002", "HZ-0007", "HZ-0008"}
    assert "1 in XH-01" in child(pane, QLabel, "caseHazardsSummary").text()
    hazard_list = child(pane, QTreeWidget, "caseHazardList")
    link = child(pane, QPushButton, "linkHazardButton")
    assert not link.isEnabled()
    item = hazard_list.topLevelItem(0)
    rect = hazard_list.visualItemRect(item)
    qtbot.mouseClick(hazard_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.center()))
    with qtbot.waitSignal(pane.case_changed):
        click(qtbot, link)
    assert demo.hazards.hazard_of_case(case.row.id) is not None
    assert "named" in hazard_list.topLevelItem(0).text(3)
    click(qtbot, child(pane, QPushButton, "unlinkHazardButton"))
    assert demo.hazards.hazard_of_case(case.row.id) is None
