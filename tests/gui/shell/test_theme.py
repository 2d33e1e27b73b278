"""Applying the theme a window already wears leaves its widgets alone."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from widgets.main_window import MainWindow
from widgets.shell.theme import Theme, apply_theme


class StyleEvents(QObject):
    """Counts the style changes and re-polishes a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.count += 1
        return False


def test_the_same_theme_again_restyles_nothing_and_another_restyles(
        qtbot: QtBot, main_window: MainWindow) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    table = main_window.findChild(QTableView, "caseTable")
    assert table is not None
    events = StyleEvents()
    table.installEventFilter(events)
    apply_theme(qapp, main_window.theme)  # what the window does as it is built
    assert events.count == 0
    other = Theme.LIGHT if main_window.theme is Theme.DARK else Theme.DARK
    apply_theme(qapp, other)
    assert events.count > 0
    table.removeEventFilter(events)
    apply_theme(qapp, main_window.theme)
