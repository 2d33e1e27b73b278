"""Keyboard only: one case through the whole closed loop without touching the mouse, and a
shortcut on every menu action, shown in the menus and tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import Stage
from widgets.main_window import MainWindow
from widgets.shell.keyboard import CASE_SHORTCUTS

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def _open_dialog(window: MainWindow) -> QDialog:
    shown = [d for d in window.findChildren(QDialog) if d.isVisible()]
    assert len(shown) == 1, [d.objectName() for d in shown]
    return shown[0]


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier =
           Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is now, as a person would type it."""
    qtbot.keyClick(_focus(), key, modifier)


def _back_to(qtbot: QtBot, window: QWidget) -> None:
    """A dialog opened or closed: the window manager gives the keyboard to that window
    (the offscreen platform of the tests has no window manager to do it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is window)


def test_one_case_through_the_closed_loop_by_keyboard_alone(
        qtbot: QtBot, app: App, main_window: MainWindow) -> None:
    window = main_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board.setFocus()

    # Report: Ctrl+N opens the form with the keyboard in the title field.
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _focus().objectName() == "newCaseTitle")
    dialog = _open_dialog(window)
    qtbot.keyClicks(_focus(), "Gas smell in stairwell")
    for name in ("newCaseCategory", "newCaseSeverity", "newCaseAddress", "newCaseGrid"):
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focus().objectName() == name or _focus().parent().objectName() == name
    qtbot.keyClicks(_focus(), "XH-03")
    _press(qtbot, Qt.Key.Key_Tab)  # on to the source (Hotline, as proposed)
    assert dialog.isVisible()
    _press(qtbot, Qt.Key.Key_Return)  # the form's default button: Report case
    qtbot.waitUntil(lambda: not dialog.isVisible())
    _back_to(qtbot, window)
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.row.title == "Gas smell in stairwell")
    reference = window.detail.detail.reference

    def stage() -> Stage:
        return app.cases.get(reference).row.stage

    assert stage() is Stage.REPORTED

    def step(key: Qt.Key, expected: Stage) -> None:
        qtbot.keyClick(_focus(), key, CTRL_SHIFT)
        qtbot.waitUntil(lambda: stage() is expected)
        qtbot.waitUntil(lambda: window.detail.detail is not None
                        and window.detail.detail.row.stage is expected)

    step(Qt.Key.Key_R, Stage.REGISTERED)
    # Dispatch asks for the team (the usual one is proposed): Enter accepts it.
    qtbot.keyClick(_focus(), Qt.Key.Key_D, CTRL_SHIFT)
    qtbot.waitUntil(lambda: any(d.isVisible() and d.objectName() == "dispatchDialog"
                                for d in window.findChildren(QDialog)))
    _back_to(qtbot, _open_dialog(window))
    assert _focus().objectName() == "dispatchTeam"
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stage() is Stage.DISPATCHED)
    _back_to(qtbot, window)
    assert app.cases.get(reference).row.team_code
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.row.stage is Stage.DISPATCHED)
    step(Qt.Key.Key_W, Stage.IN_PROGRESS)
    step(Qt.Key.Key_E, Stage.RESOLVED)
    step(Qt.Key.Key_V, Stage.VERIFIED)
    step(Qt.Key.Key_C, Stage.CLOSED)
    assert [e for e in app.cases.timeline(reference) if e.action] != []


def test_every_menu_action_has_a_shortcut_shown_in_its_tooltip(main_window: MainWindow) -> None:
    missing = []
    for top in main_window.menuBar().actions():
        menu = top.menu()
        assert menu is not None
        stack = list(menu.actions())
        while stack:
            action = stack.pop()
            if action.isSeparator():
                continue
            if action.menu() is not None:
                stack.extend(action.menu().actions())
                continue
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if not keys:
                missing.append(action.text())
            elif keys not in action.toolTip():
                missing.append(f"{action.text()}: tooltip {action.toolTip()!r}")
    assert missing == []


def test_shortcuts_do_not_clash(main_window: MainWindow) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for action in main_window.findChildren(QAction):
        keys = action.shortcut().toString()
        if not keys or action.shortcutContext() is Qt.ShortcutContext.WidgetShortcut:
            continue
        if keys in seen and seen[keys] != action.objectName():
            clashes.append((keys, seen[keys], action.objectName()))
        seen[keys] = action.objectName()
    assert clashes == []
    assert set(CASE_SHORTCUTS.values()) <= set(seen)
