"""A dock's panel in a frameless scroll area, so a small dock scrolls instead of raising
the main window's minimum size above a laptop screen's."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(parent: QWidget, name: str, widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless, resizable scroll area named ``<name>Scroll``."""
    scroller = QScrollArea(parent)
    scroller.setObjectName(f"{name}Scroll")
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    scroller.setWidget(widget)
    return scroller
