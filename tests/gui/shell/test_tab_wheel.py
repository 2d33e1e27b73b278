"""The mouse wheel over a tab bar scrolls what is under it; it never switches the tab."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QTabBar
from pytestqt.qtbot import QtBot

from widgets.main_window import MainWindow


def _wheel(bar: QTabBar, steps: int) -> None:
    """Turn the wheel over the middle of ``bar`` by ``steps`` notches (negative: down)."""
    pos = QPointF(bar.rect().center())
    event = QWheelEvent(pos, QPointF(bar.mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(bar, event)


def test_the_wheel_over_any_tab_bar_leaves_the_tab_alone(
        qtbot: QtBot, main_window: MainWindow) -> None:
    bars = [b for b in main_window.findChildren(QTabBar) if b.count() > 1]
    assert bars, "the default layout has tabbed docks or panes"
    for bar in bars:
        for start in (0, bar.count() - 1):
            bar.setCurrentIndex(start)
            _wheel(bar, -1)
            _wheel(bar, 1)
            _wheel(bar, -3)
            assert bar.currentIndex() == start, f"the wheel switched a tab of {bar.tabText(0)!r}"
