"""The command palette (Ctrl+K): finds menu actions and cases by typing; Enter runs or
opens the one chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import OperatorRef
from widgets.main_window import MainWindow
from widgets.shell.command_palette import CommandPalette, plain
from widgets.shell.i18n import CHINESE, ENGLISH, install_language
from widgets.shell.theme import Theme, current_theme


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(ENGLISH)


def _palette(qtbot: QtBot, window: MainWindow) -> CommandPalette:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.board, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.findChild(CommandPalette, "commandPalette")
    assert palette is not None
    qtbot.waitUntil(palette.isVisible)
    palette.activateWindow()  # the window manager's part, absent offscreen
    qtbot.waitUntil(lambda: palette.input.hasFocus())
    return palette


def test_plain_menu_texts() -> None:
    assert plain("&New case…") == "New case"
    assert plain("文件(&F)") == "文件"
    assert plain("Now && next") == "Now & next"


def test_typing_finds_a_menu_action_and_enter_runs_it(
        qtbot: QtBot, main_window: MainWindow) -> None:
    palette = _palette(qtbot, main_window)
    assert palette.objectName() == "commandPalette"
    assert len(palette.entries()) > 15  # every menu action, before anything is typed
    qtbot.keyClicks(palette.input, "light")
    assert palette.entries()[0].startswith("View › Theme › Light")
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_theme() is Theme.LIGHT)
    assert not any(p.isVisible() for p in main_window.findChildren(CommandPalette))


def test_arrow_keys_choose_and_enter_opens_the_new_case_form(
        qtbot: QtBot, main_window: MainWindow) -> None:
    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "new case")
    entries = palette.entries()
    assert any(e.startswith("File › New case") for e in entries)
    target = next(i for i, e in enumerate(entries) if e.startswith("File › New case"))
    for _ in range(target):
        qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    assert palette.results.currentRow() == target
    assert "Ctrl+N" in palette.results.currentItem().text()  # the shortcut, to learn it
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(d.isVisible() and d.objectName() == "newCaseDialog"
                                for d in main_window.findChildren(QDialog)))


def test_a_case_is_found_by_reference_or_title_and_opened(
        qtbot: QtBot, app: App, officer: OperatorRef, main_window: MainWindow) -> None:
    case = app.cases.report(officer, title="Collapsed scaffolding on Binhe Road",
                            category="other", severity=2, grid="XH-05")
    app.cases.report(officer, title="Loud music", category="dispute", severity=4,
                     grid="XH-06")
    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "scaffolding")
    palette.search_now()
    assert palette.entries()[0].startswith(f"Case {case.reference} · Collapsed scaffolding")
    assert not any("Loud music" in e for e in palette.entries())
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main_window.detail.detail is not None
                    and main_window.detail.detail.reference == case.reference)

    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, case.reference)
    palette.search_now()
    assert palette.entries()[0].startswith(f"Case {case.reference}")


def test_chinese_actions_and_case_titles_are_found(
        qtbot: QtBot, app: App, officer: OperatorRef, main_window: MainWindow) -> None:
    case = app.cases.report(officer, title="居民楼道内有燃气味", category="fire", severity=1,
                            grid="XH-03")
    main_window.set_language(CHINESE)
    palette = _palette(qtbot, main_window)
    # Typed by an input method: the whole word at once (keyClicks cannot type 汉字).
    palette.input.insert("浅色")
    assert palette.entries()[0].startswith("视图 › 主题 › 浅色")
    palette.input.clear()
    palette.input.insert("燃气")
    palette.search_now()
    assert palette.entries()[0].startswith(f"案件 {case.reference} · 居民楼道内有燃气味")


def test_a_closed_case_is_found_by_its_whole_reference(
        qtbot: QtBot, app: App, officer: OperatorRef, main_window: MainWindow) -> None:
    from console.cases.lifecycle import Action

    case = app.cases.report(officer, title="Blocked drain", category="utilities", severity=4,
                            grid="XH-07")
    ref = case.reference
    for action, kw in ((Action.REGISTER, {}), (Action.DISPATCH, {"team": "UTIL-1"}),
                       (Action.START, {}), (Action.RESOLVE, {}), (Action.VERIFY, {}),
                       (Action.CLOSE, {})):
        version = app.cases.get(ref).row.version
        app.cases.apply(officer, ref, action, expected_version=version, **kw)
    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, ref.lower())
    palette.search_now()
    assert palette.entries()[0].startswith(f"Case {ref} · Blocked drain · Closed")
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main_window.detail.detail is not None
                    and main_window.detail.detail.reference == ref)


def _choose(qtbot: QtBot, palette: CommandPalette, start: str) -> None:
    """Walk down to the first entry starting with ``start`` and press Enter."""
    entries = palette.entries()
    target = next(i for i, e in enumerate(entries) if e.startswith(start))
    for _ in range(target):
        qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not palette.isVisible())


def test_categories_teams_grids_hazards_and_people_are_found_and_gone_to(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    from PySide6.QtWidgets import QComboBox, QDockWidget, QLineEdit, QTableView

    from tests.gui.helpers import child

    manager = next(o for o in app.operators.list() if o.role.value == "coordinator")
    hazard = app.hazards.register(manager, code="HZ-0077", name="Riverside petrol station",
                                  kind="gas_station", grid="XH-07", likelihood=3,
                                  severity=4)
    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "flood")
    assert "Category Flood: its open cases" in palette.entries()
    _choose(qtbot, palette, "Category Flood")
    assert child(main_window, QComboBox, "categoryFilter").currentData() == "flood"

    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "XH-07")
    _choose(qtbot, palette, "Grid XH-07")
    xh07 = app.district.grid_by_code("XH-07").id
    assert child(main_window, QComboBox, "gridFilter").currentData() == xh07
    assert child(main_window, QComboBox, "alertGridFilter").currentData() == xh07

    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "petrol")
    palette.search_now()
    _choose(qtbot, palette, "Hazard HZ-0077")
    assert child(main_window, QDockWidget, "hazardRegistryDock").isVisible()
    assert main_window.hazards.selected_hazard_id() == hazard.row.id

    rescue = app.district.team_by_code("RESCUE-1")
    palette = _palette(qtbot, main_window)
    qtbot.keyClicks(palette.input, "rescue-1")
    _choose(qtbot, palette, "Team RESCUE-1")
    assert child(main_window, QDockWidget, "rosterViewDock").isVisible()
    teams = child(main_window, QTableView, "rosterTeams")
    assert teams.currentIndex() == main_window.roster.team_index(rescue.id)

    member = app.rosters.add_member(manager, team=rescue.id, name="王敏", role="Rescuer")
    palette = _palette(qtbot, main_window)
    palette.input.insert(member.name)  # what an input method commits
    palette.search_now()
    _choose(qtbot, palette, f"Member {member.name}")
    assert child(main_window, QLineEdit, "rosterSearch").text() == member.name
