"""Keyboard-first: the Case menu (a shortcut for every step of the loop) and shortcuts in
tooltips."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from console.cases.lifecycle import NEEDS_TEXT, Action
from widgets.common import labels

# The case detail pane's buttons, by key: Ctrl+Shift and a letter of the step's name.
CASE_SHORTCUTS: dict[str, str] = {
    Action.REGISTER.value: "Ctrl+Shift+R",
    Action.DISPATCH.value: "Ctrl+Shift+D",
    Action.START.value: "Ctrl+Shift+W",  # start Work
    Action.RESOLVE.value: "Ctrl+Shift+E",  # rEsolve
    Action.VERIFY.value: "Ctrl+Shift+V",
    Action.REOPEN.value: "Ctrl+Shift+O",
    Action.CLOSE.value: "Ctrl+Shift+C",
    Action.PAUSE.value: "Ctrl+Shift+B",  # Break off
    Action.RESUME.value: "Ctrl+Shift+U",
    Action.NOTE.value: "Ctrl+Shift+M",  # Memo
    "supervise": "Ctrl+Shift+S",
}
_TIP_PROPERTY = "watchroomPlainToolTip"  # the tooltip before the shortcut was added
# Actions other modules put in the main window's menus, by objectName, and the keys they
# get when their module gave them none (so that every menu action has a shortcut).
DEFAULT_SHORTCUTS: dict[str, str] = {
    "toggleGridMapDock": "Ctrl+5",
    "toggleDashboardDock": "Ctrl+6",
    "operatorsAction": "Ctrl+Alt+O",
}


def native(keys: QKeySequence | str) -> str:
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def fill_case_menu(menu: QMenu, detail: QWidget, owner: QObject) -> list[QAction]:
    """One action per step of the case detail pane, each pressing the pane's button
    (so the pane's dialogs and checks run as for a click). Enabled as the button is."""
    actions: list[QAction] = []
    for key, keys in CASE_SHORTCUTS.items():
        if key == "supervise":
            text = QCoreApplication.translate("CaseDetailPane", "Supervise…")
        else:
            action = Action(key)
            text = labels.action_label(action)
            if action is Action.DISPATCH or action in NEEDS_TEXT:
                text += "…"
        menu_action = QAction(text, owner)
        menu_action.setObjectName(f"caseAction_{key}")
        menu_action.setShortcut(QKeySequence(keys))
        menu_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu_action.triggered.connect(
            lambda _checked=False, k=key: press_case_button(detail, k))
        menu.addAction(menu_action)
        actions.append(menu_action)

    def sync() -> None:
        for key, menu_action in zip(CASE_SHORTCUTS, actions, strict=True):
            button = detail.findChild(QPushButton, f"action_{key}")
            menu_action.setEnabled(button is not None and button.isEnabled()
                                   and not button.isHidden())

    menu.aboutToShow.connect(sync)
    return actions


def press_case_button(detail: QWidget, key: str) -> bool:
    """Click the pane's button for ``key`` if the current case allows that step."""
    button = detail.findChild(QPushButton, f"action_{key}")
    if button is None or button.isHidden() or not button.isEnabled():
        return False
    button.click()
    return True


def give_default_shortcuts(actions: Iterable[QAction]) -> None:
    """The keys of ``DEFAULT_SHORTCUTS`` for those of ``actions`` that have none."""
    for action in actions:
        keys = DEFAULT_SHORTCUTS.get(action.objectName())
        if keys and action.shortcut().isEmpty():
            action.setShortcut(QKeySequence(keys))


def show_shortcuts_in_tooltips(actions: Iterable[QAction]) -> None:
    """``Acknowledge (F2)``: every action with a shortcut names it in its tooltip (menus
    show it beside the text by themselves). Idempotent; call again after a language
    change."""
    for action in actions:
        keys = native(action.shortcut())
        if not keys:
            continue
        tip = action.toolTip()
        suffix = f" ({keys})"
        if tip.endswith(suffix):
            continue
        action.setProperty(_TIP_PROPERTY, tip)
        action.setToolTip(tip + suffix)


def plain_tooltip(action: QAction) -> str:
    """The tooltip without the shortcut added by ``show_shortcuts_in_tooltips``."""
    tip = action.toolTip()
    keys = native(action.shortcut())
    suffix = f" ({keys})"
    return tip[: -len(suffix)] if keys and tip.endswith(suffix) else tip
