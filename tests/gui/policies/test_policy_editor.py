"""The SLA policy editor and the stricter tiers, as a coordinator and as a duty officer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import CaseDetail, OperatorRef, Role
from tests.gui.helpers import child, click, open_dialog
from widgets.cases.table_model import Column
from widgets.common.time_text import to_qt
from widgets.main_window import MainWindow
from widgets.policies.editor import PolicyEditor
from widgets.policies.table_model import PolicyColumn


def _coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def _open_editor(window: MainWindow) -> PolicyEditor:
    """Tools → SLA policies…"""
    child(window, QAction, "slaPoliciesAction").trigger()
    editor = open_dialog(window, PolicyEditor, "policyEditor")
    editor.activateWindow()  # as the window manager does for a new dialog
    return editor


def _edit_cell(qtbot: QtBot, editor: PolicyEditor, row: int, column: PolicyColumn,
               text: str) -> None:
    """Double-click the cell, type over it and press Enter, as a person would."""
    table = child(editor, QTableView, "policyTable")
    index = table.model().index(row, column)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "double-click opens an editor"
    line = editors[0]
    line.selectAll()
    qtbot.keyClicks(line, text)
    with qtbot.waitSignal(editor.model.edits_changed, timeout=2000):  # committed next turn
        qtbot.keyClick(line, Qt.Key.Key_Return)


def _fire_row(editor: PolicyEditor) -> int:
    row = editor.model.row_of(("fire", 1))
    assert row is not None
    return row


def _cell_text(editor: PolicyEditor, row: int, column: PolicyColumn) -> str:
    return str(editor.model.data(editor.model.index(row, column)))


def _due(window: MainWindow, case: CaseDetail) -> str:
    model = window.board.model
    return str(model.data(model.index(model.row_of(case.row.id) or 0, Column.DUE)))


def test_policy_model_passes_qt_model_tester(qtmodeltester: ModelTester, app: App) -> None:
    from widgets.policies.table_model import PolicyTableModel

    model = PolicyTableModel(editable=True)
    model.set_policies(app.sla.policies())
    qtmodeltester.check(model)


def test_a_coordinator_changes_a_limit_and_the_board_follows(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        app: App, clock: FakeClock) -> None:
    case = app.cases.report(app.operator, title="Smoke from a restaurant kitchen",
                            category="fire", severity=1, grid="XH-04")
    app.act_as(_coordinator(app).username)
    window = open_window(settings)
    qtbot.waitUntil(lambda: window.board.model.row_of(case.row.id) is not None, timeout=5000)
    clock.advance(timedelta(seconds=30))
    window.board.refresh_countdowns()
    assert _due(window, case) == "Register 2 m 30 s"

    editor = _open_editor(window)
    assert "Read-only" not in child(editor, QLabel, "policyAccess").text()
    save = child(editor, QPushButton, "policySave")
    assert save.isVisible()
    assert not save.isEnabled(), "nothing to save yet"
    row = _fire_row(editor)
    assert _cell_text(editor, row, PolicyColumn.REGISTER) == "3 min"

    _edit_cell(qtbot, editor, row, PolicyColumn.WARNING, "1.5")  # a ratio above 0.99
    assert not save.isEnabled(), "a bad cell blocks Save"
    warning = editor.model.index(row, PolicyColumn.WARNING)
    assert editor.model.data(warning, Qt.ItemDataRole.BackgroundRole) is not None
    assert "between 0.05 and 0.99" in str(
        editor.model.data(warning, Qt.ItemDataRole.ToolTipRole))
    _edit_cell(qtbot, editor, row, PolicyColumn.WARNING, "0.75")  # back as it was
    assert editor.model.data(warning, Qt.ItemDataRole.BackgroundRole) is None
    assert not save.isEnabled()

    _edit_cell(qtbot, editor, row, PolicyColumn.REGISTER, "10")
    assert _cell_text(editor, row, PolicyColumn.REGISTER) == "10 min"
    assert save.isEnabled()
    click(qtbot, save)

    message = child(editor, QLabel, "policyMessage")
    assert message.isVisible()
    assert message.text() == ("Policy fire/1 saved; 2 pending deadline(s) of 1 open case(s) "
                              "moved to the new limits.")
    assert not save.isEnabled(), "saved: no edits left"
    assert app.sla.policy_for(case.row.category, case.row.severity).register_minutes == 10
    # The board hears of the policy through the change feed and reads its rows again.
    qtbot.waitUntil(lambda: _due(window, case) == "Register 9 m 30 s", timeout=5000)
    editor.close()


def test_limits_read_and_are_typed_in_days_hours_and_minutes(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    app.act_as(_coordinator(app).username)
    editor = _open_editor(main_window)
    row = _fire_row(editor)
    assert editor.model.headerData(PolicyColumn.SUPERVISION, Qt.Orientation.Horizontal) \
        == "Supervision factor", "no header that looks like a close button"
    _edit_cell(qtbot, editor, row, PolicyColumn.RESOLVE, "4 d 16 h 30 min")
    assert _cell_text(editor, row, PolicyColumn.RESOLVE) == "4 d 16 h 30 min"
    _edit_cell(qtbot, editor, row, PolicyColumn.LONG, "2 h")
    assert _cell_text(editor, row, PolicyColumn.LONG) == "2 h"
    _edit_cell(qtbot, editor, row, PolicyColumn.DISPATCH, "2 h 30")  # which unit is 30?
    dispatch = editor.model.index(row, PolicyColumn.DISPATCH)
    assert "4 d 16 h 30 min" in str(editor.model.data(dispatch, Qt.ItemDataRole.ToolTipRole))
    assert not child(editor, QPushButton, "policySave").isEnabled()
    _edit_cell(qtbot, editor, row, PolicyColumn.DISPATCH, "90")
    assert _cell_text(editor, row, PolicyColumn.DISPATCH) == "1 h 30 min"
    click(qtbot, child(editor, QPushButton, "policySave"))
    policy = app.sla.policy_for("fire", 1)
    assert (policy.resolve_minutes, policy.long_breach_minutes, policy.dispatch_minutes) \
        == (6750, 120, 90)
    editor.close()


def test_policy_editor_is_read_only_for_a_duty_officer(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    editor = _open_editor(main_window)
    assert child(editor, QLabel, "policyAccess").text().startswith("Read-only")
    assert not child(editor, QPushButton, "policySave").isVisible()
    row = _fire_row(editor)
    index = editor.model.index(row, PolicyColumn.REGISTER)
    assert not editor.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    table = child(editor, QTableView, "policyTable")
    rect = table.visualRect(index)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()], \
        "no editor opens"
    assert not editor.model.setData(index, "1")
    tiers = child(editor, QTabWidget, "policyTabs")
    tiers.setCurrentIndex(1)
    assert child(editor, QLabel, "tierAccess").text().startswith("Read-only")
    assert not child(editor, QPushButton, "tierCreate").isVisible()
    editor.close()


def test_a_conflicting_save_is_shown_inline_with_reload(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        app: App) -> None:
    coordinator = app.act_as(_coordinator(app).username)
    window = open_window(settings)
    editor = _open_editor(window)
    row = _fire_row(editor)
    _edit_cell(qtbot, editor, row, PolicyColumn.RESOLVE, "200")
    shown = editor.model.policy_at(row)  # someone else saves first
    app.sla.update_policy(coordinator, shown.id, shown.version, resolve_minutes=180)

    click(qtbot, child(editor, QPushButton, "policySave"))
    message = child(editor, QLabel, "policyMessage")
    assert f"changed by {coordinator.display_name} at " in message.text()
    assert message.property("kind") == "error"
    reload = child(editor, QPushButton, "policyReload")
    assert reload.isVisible()
    click(qtbot, reload)
    assert _cell_text(editor, row, PolicyColumn.RESOLVE) == "3 h"
    assert not editor.model.has_edits
    assert not reload.isVisible()
    editor.close()


def test_a_coordinator_switches_on_a_stricter_tier(
        qtbot: QtBot, open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        app: App, clock: FakeClock) -> None:
    app.act_as(_coordinator(app).username)
    window = open_window(settings)
    editor = _open_editor(window)
    child(editor, QTabWidget, "policyTabs").setCurrentIndex(1)
    tiers = child(editor, QTableWidget, "tierTable")
    assert tiers.rowCount() == 0
    create = child(editor, QPushButton, "tierCreate")
    assert not create.isEnabled(), "a name and a grid first"

    qtbot.keyClicks(child(editor, QLineEdit, "tierName"), "Flood season 2026")
    factor = child(editor, QDoubleSpinBox, "tierFactor")
    factor.setValue(0.6)
    grids = child(editor, QListWidget, "tierGrids")
    for code in ("XH-06", "XH-09"):
        [item] = grids.findItems(code, Qt.MatchFlag.MatchStartsWith)
        rect = grids.visualItemRect(item)
        # The check box sits at the left of the row.
        qtbot.mouseClick(grids.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 10, rect.center().y()))
        assert item.checkState() == Qt.CheckState.Checked
    start = clock.now() + timedelta(hours=1)
    child(editor, QDateTimeEdit, "tierStarts").setDateTime(to_qt(start))
    child(editor, QDateTimeEdit, "tierEnds").setDateTime(to_qt(start + timedelta(days=30)))
    assert create.isEnabled()
    click(qtbot, create)

    message = child(editor, QLabel, "tierMessage")
    assert message.text().startswith("Tier “Flood season 2026” is on: limits × 0.6 in 2 grids")
    [tier] = app.sla.tiers()
    assert (tier.name, tier.factor) == ("Flood season 2026", 0.6)
    assert tier.grid_ids == {app.district.grid_by_code(c).id for c in ("XH-06", "XH-09")}
    assert tier.starts_at == start.replace(second=0, microsecond=0)
    assert tiers.rowCount() == 1
    assert tiers.item(0, 2).text() == "XH-06, XH-09"  # type: ignore[union-attr]

    # A bad one is refused inline and nothing is added.
    qtbot.keyClicks(child(editor, QLineEdit, "tierName"), "Backwards")
    child(editor, QDateTimeEdit, "tierEnds").setDateTime(to_qt(start - timedelta(days=1)))
    click(qtbot, create)
    assert message.text() == "The tier must end after it starts."
    assert len(app.sla.tiers()) == 1
    editor.close()
