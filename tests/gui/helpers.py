"""Helpers for GUI tests: finding widgets by objectName and acting as a person would."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.lifecycle import Action
from console.core.domain import CaseDetail
from widgets.main_window import MainWindow

T = TypeVar("T", bound=QObject)


def child(parent: QObject, kind: type[T], name: str) -> T:
    """The child called ``name``; fails the test if there is none."""
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def open_dialog(parent: QObject, kind: type[T], name: str) -> T:
    """The visible dialog called ``name`` (closed ones may linger until deleted)."""
    shown = [d for d in parent.findChildren(kind, name)
             if isinstance(d, QDialog) and d.isVisible()]
    assert len(shown) == 1, f"expected one open {name!r}, found {len(shown)}"
    return shown[0]


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not shown"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, data: object) -> None:
    """Pick the entry whose data is ``data``, as from the drop-down list."""
    index = combo.findData(data)
    assert index >= 0, f"{combo.objectName()} has no entry {data!r}"
    combo.setCurrentIndex(index)


def visible_actions(window: MainWindow) -> set[str]:
    """The action buttons the detail pane shows now."""
    return {b.objectName().removeprefix("action_")
            for b in window.detail.findChildren(QPushButton)
            if b.objectName().startswith("action_") and b.isVisible()}


def board_row_ids(window: MainWindow) -> list[int]:
    """Case ids in the order the table shows them (after sorting and quick search)."""
    proxy = window.board.proxy
    model = window.board.model
    return [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).id
            for r in range(proxy.rowCount())]


def click_case_row(qtbot: QtBot, window: MainWindow, case_id: int) -> None:
    """Click the case's row in the board's table."""
    board = window.board
    pos = board.model.row_of(case_id)
    assert pos is not None, f"case {case_id} is not on the board"
    index = board.proxy.mapFromSource(board.model.index(pos, 0))
    board.table.scrollTo(index)
    rect = board.table.visualRect(index)
    qtbot.mouseClick(board.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def close_case(app: App, reference: str, team: str = "PATROL-1") -> CaseDetail:
    """Take a case round the whole loop through the service, as another officer would."""
    actor = app.operator
    app.cases.register(actor, reference)
    app.cases.dispatch(actor, reference, team)
    app.cases.start(actor, reference)
    app.cases.resolve(actor, reference)
    app.cases.verify(actor, reference, passed=True)
    return app.cases.apply(actor, reference, Action.CLOSE)
