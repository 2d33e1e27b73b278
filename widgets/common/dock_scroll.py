"""A dock's panel in a frameless scroll area, so a small dock scrolls instead of raising
the main window's minimum size above a laptop screen's; and the room a panel has, so it
can lay its parts out side by side in a low, wide strip and stacked in a tall dock."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget


@runtime_checkable
class FitsRoom(Protocol):
    def fit_to_room(self, room: QSize) -> None:
        """Arrange the panel's parts for ``room``, the space its dock gives it."""


class DockScroll(QScrollArea):
    """Tells its panel (when the panel cares) how much room the dock gives it: a panel
    at its minimum size inside a smaller dock is never resized, so it cannot ask."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        panel = self.widget()
        if isinstance(panel, FitsRoom):
            panel.fit_to_room(self.viewport().size())


def scrolling(parent: QWidget, name: str, widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless, resizable scroll area named ``<name>Scroll``."""
    scroller = DockScroll(parent)
    scroller.setObjectName(f"{name}Scroll")
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    scroller.setWidget(widget)
    return scroller


def is_wide(room: QSize) -> bool:
    """A low, wide strip (the window's bottom area), not a tall dock."""
    return room.width() > 2 * room.height()


def orient(splitter: QSplitter, room: QSize, first_share: float) -> bool:
    """Side by side in a wide ``room``, one above the other in a tall one; the first
    part gets ``first_share`` of the length when the orientation changes. Returns
    whether it changed."""
    wide = is_wide(room)
    wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
    if splitter.orientation() == wanted:
        return False
    splitter.setOrientation(wanted)
    total = max(room.width() if wide else room.height(), 200)
    first = int(total * first_share)
    splitter.setSizes([first, total - first])
    return True
