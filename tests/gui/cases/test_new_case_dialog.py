"""Reporting a case through the New case dialog, and its validation as the officer types."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import Category, OperatorRef, Severity
from tests.gui.helpers import board_row_ids, child, choose, click, open_dialog
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.main_window import MainWindow


def _ok(dialog: QDialog) -> QPushButton:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_new_case_appears_on_the_board_and_is_selected(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    click(qtbot, child(main_window, QPushButton, "newCaseButton"))
    dialog = open_dialog(main_window, NewCaseDialog, "newCaseDialog")

    qtbot.keyClicks(child(dialog, QLineEdit, "newCaseTitle"), "Gas smell in stairwell")
    choose(child(dialog, QComboBox, "newCaseCategory"), Category.UTILITIES.value)
    choose(child(dialog, QComboBox, "newCaseSeverity"), int(Severity.HIGH))
    choose(child(dialog, QComboBox, "newCaseGrid"), "XH-01")
    qtbot.keyClicks(child(dialog, QLineEdit, "newCaseLocation"), "Block 3, unit 2")
    assert child(dialog, QComboBox, "newCaseGrid").currentText() == "XH-01 Riverside North"

    with qtbot.waitSignal(dialog.case_reported) as reported:
        click(qtbot, _ok(dialog))
    reference = reported.args[0]

    case = app.cases.get(reference)
    assert case.row.title == "Gas smell in stairwell"
    assert case.row.severity is Severity.HIGH
    assert case.row.grid_code == "XH-01"
    assert case.location == "Block 3, unit 2"
    assert not dialog.isVisible()
    assert case.row.id in board_row_ids(main_window)
    assert main_window.board.selected_case_id() == case.row.id
    assert main_window.detail.case_id == case.row.id
    assert child(main_window.detail, QLabel, "detailReference").text() == reference


def test_new_case_selected_even_when_filters_would_hide_it(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    choose(child(main_window, QComboBox, "categoryFilter"), Category.FIRE.value)
    main_window.board.open_new_case_dialog()
    dialog = open_dialog(main_window, NewCaseDialog, "newCaseDialog")
    qtbot.keyClicks(child(dialog, QLineEdit, "newCaseTitle"), "Noise complaint, late karaoke")
    choose(child(dialog, QComboBox, "newCaseCategory"), Category.DISPUTE.value)
    choose(child(dialog, QComboBox, "newCaseGrid"), "XH-05")
    with qtbot.waitSignal(dialog.case_reported) as reported:
        click(qtbot, _ok(dialog))

    case_id = app.cases.get(reported.args[0]).row.id
    assert child(main_window, QComboBox, "categoryFilter").currentData() is None
    assert main_window.board.selected_case_id() == case_id


def test_ok_waits_for_a_valid_form_and_says_what_is_wrong(
        qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.board.open_new_case_dialog()
    dialog = open_dialog(main_window, NewCaseDialog, "newCaseDialog")
    ok = _ok(dialog)
    error = child(dialog, QLabel, "newCaseError")
    title = child(dialog, QLineEdit, "newCaseTitle")
    grid = child(dialog, QComboBox, "newCaseGrid")

    assert not ok.isEnabled()
    assert error.isVisible()
    assert "title" in error.text().lower()

    qtbot.keyClicks(title, "   ")  # blanks are not a title
    assert not ok.isEnabled()
    assert "title" in error.text().lower()

    qtbot.keyClicks(title, "Fallen tree blocks lane")
    assert not ok.isEnabled()
    assert "grid" in error.text().lower()

    qtbot.keyClicks(grid.lineEdit(), "XH-99")
    assert not ok.isEnabled()
    assert "Unknown grid" in error.text()
    assert "XH-99" in error.text()

    grid.lineEdit().clear()
    qtbot.keyClicks(grid.lineEdit(), "xh-07")  # the code is enough, in any case
    assert ok.isEnabled()
    assert not error.isVisible()

    title.setText("x" * 201)
    assert not ok.isEnabled()
    assert "201" in error.text()


def test_a_refusal_from_the_service_keeps_the_dialog_open(
        qtbot: QtBot, main_window: MainWindow, app: App, reviewer: OperatorRef) -> None:
    app.act_as(reviewer.username)  # reviewers read; they may not report cases
    main_window.board.open_new_case_dialog()
    dialog = open_dialog(main_window, NewCaseDialog, "newCaseDialog")
    qtbot.keyClicks(child(dialog, QLineEdit, "newCaseTitle"), "Blocked drain")
    choose(child(dialog, QComboBox, "newCaseGrid"), "XH-02")

    with qtbot.assert_not_emitted(dialog.case_reported):
        click(qtbot, _ok(dialog))

    error = child(dialog, QLabel, "newCaseError")
    assert dialog.isVisible()
    assert error.isVisible()
    assert "may not report cases" in error.text()
    assert app.cases.stage_counts().open_total == 0
