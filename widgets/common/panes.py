"""Parts shared by detail panes and dialogs: a placeholder before a choice, a message line,
and style properties the theme's style sheet reads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, and restyle ``widget`` if it changed."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def show_message(label: QLabel, text: str, kind: str = "error") -> None:
    """Say ``text`` on a message line styled by its ``kind`` (error, info…); hidden when
    there is nothing to say."""
    label.setText(text)
    label.setVisible(bool(text))
    set_style_property(label, "kind", kind)


def placeholder_stack(pane: QWidget, text: str, name: str, content: QWidget, *,
                      dim: bool = False) -> tuple[QStackedWidget, QLabel]:
    """Fill ``pane`` with a stack of a centred placeholder (page 0, shown until something
    is chosen) and ``content`` (page 1). ``dim`` styles the placeholder as a field name."""
    stack = QStackedWidget(pane)
    placeholder = QLabel(text, pane)
    placeholder.setObjectName(name)
    if dim:
        placeholder.setProperty("fieldName", True)
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setWordWrap(True)
    stack.addWidget(placeholder)
    stack.addWidget(content)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(stack)
    return stack, placeholder
