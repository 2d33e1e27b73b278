"""Grid pickers found by typing: the board's filter and the new-case grid by pinyin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from console.app import App
from tests.gui.helpers import child, click, open_dialog
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.common.grid_picker import GridCompleter
from widgets.main_window import MainWindow


def _type_and_enter(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_the_board_filter_finds_a_grid_by_its_pinyin(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    combo = child(main_window, QComboBox, "gridFilter")
    completer = combo.completer()
    assert isinstance(completer, GridCompleter)
    with qtbot.waitSignal(main_window.board.grid_shown) as shown:
        _type_and_enter(qtbot, combo, "chuanwu")  # 船坞, "Dockyard" in English
    assert shown.args == ["XH-05"], "the board shows that grid's cases"
    assert combo.currentData() == app.district.grid_by_code("XH-05").id
    assert combo.currentText() == "XH-05 Dockyard"


def test_the_board_filter_lists_matches_by_initials_and_puts_back_what_it_shows(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    combo = child(main_window, QComboBox, "gridFilter")
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "bhb")  # 滨河北, 滨河… by pinyin initials
    completer = combo.completer()
    assert isinstance(completer, GridCompleter)
    found = [completer.matches.grid_at(r) for r in range(completer.matches.rowCount())]
    assert [g.code for g in found if g is not None][:1] == ["XH-01"]
    # Leaving without choosing: the filter says again what it applies (all grids).
    completer.popup().hide()
    line.editingFinished.emit()
    assert combo.currentIndex() == 0
    assert combo.currentText() == combo.itemText(0)


def test_a_new_case_takes_its_grid_typed_in_pinyin_and_never_a_retired_one(
        qtbot: QtBot, main_window: MainWindow, app: App) -> None:
    admin = next(o for o in app.operators.list() if o.role.value == "admin")
    app.territory.retire(admin, "XH-04")  # 老码头
    click(qtbot, child(main_window, QPushButton, "newCaseButton"))
    dialog = open_dialog(main_window, NewCaseDialog, "newCaseDialog")
    combo = child(dialog, QComboBox, "newCaseGrid")
    completer = combo.completer()
    assert isinstance(completer, GridCompleter)
    line = combo.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "laomatou")
    assert completer.matches.rowCount() == 0, "a retired grid takes no new cases"
    assert combo.findData("XH-04") == -1
    line.clear()
    _type_and_enter(qtbot, combo, "wangjiangmen")  # 望江门
    assert combo.currentData() == "XH-03"
    assert dialog.chosen_grid() is not None
    assert dialog.chosen_grid().code == "XH-03"
    dialog.reject()
