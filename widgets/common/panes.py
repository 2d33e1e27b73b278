"""Detail panes and their parts: one base for a pane showing a thing chosen elsewhere, a
placeholder before a choice, a message line, and style properties the style sheet reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from console.core.errors import NotFound
from widgets.common.domain_messages import error_text


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


class _FitsTheDock(QVBoxLayout):
    """Says it has no height-for-width: a dock's scroll area would otherwise size the
    pane to its preferred height (wrapping headers and buttons ask for it) and scroll the
    lower parts (the case timeline) out of the dock. At its minimum the pane fits a
    768-line screen, its splitters giving the parts what is left."""

    def hasHeightForWidth(self) -> bool:
        return False


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
    layout = _FitsTheDock(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(stack)
    return stack, placeholder


D = TypeVar("D")


class DetailPane(QWidget, Generic[D]):
    """One thing chosen elsewhere (a case, a hazard), shown in full and read afresh by id:
    a placeholder until something is chosen or when it is gone, and a message line with
    a Reload button for refusals.

    A subclass builds its content with ``_message`` (a QLabel) and ``_reload`` (a
    QPushButton) in it, passes it to ``_build_stack``, connects ``_reload`` to
    ``_on_reload_clicked``, and gives ``_read`` (the service call) and ``_render``;
    ``_clear`` hides what only makes sense with something shown.

    Signals: only those of ``QWidget``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_id = -1
        self._detail: D | None = None

    @property
    def detail(self) -> D | None:
        return self._detail

    def show_id(self, shown_id: int) -> None:
        """Show the thing ``shown_id`` (or the placeholder for -1), read afresh."""
        self._shown_id = shown_id
        self._set_message("")
        self._load()

    def refresh(self) -> None:
        """Read the shown thing afresh."""
        if self._shown_id != -1:
            self._load()

    def refresh_if_changed(self, ids: list[int]) -> None:
        """Live changes arrived: re-read the shown thing if it is among them."""
        if self._shown_id != -1 and self._shown_id in ids:
            self._load()

    # ---- for the subclass ------------------------------------------------------------

    def _build_stack(self, text: str, name: str, content: QWidget, *,
                     dim: bool = False) -> None:
        self._stack, self._placeholder = placeholder_stack(self, text, name, content, dim=dim)

    # What each pane defines for itself: reading its detail by id (a service call) and
    # showing it.
    _read: Callable[[int], D]
    _render: Callable[[D], None]

    def _clear(self) -> None:
        """Nothing is shown any more (nothing chosen, or it is gone)."""

    def _load(self) -> None:
        if self._shown_id == -1:
            self._show_placeholder()
            return
        try:
            detail = self._read(self._shown_id)
        except NotFound as exc:
            self._show_placeholder(error_text(exc))
            return
        self._render(detail)

    def _show_placeholder(self, text: str = "") -> None:
        self._detail = None
        self._clear()
        self._stack.setCurrentIndex(0)
        if text:
            self._placeholder.setText(text)

    def _set_message(self, text: str, kind: str = "error", offer_reload: bool = False) -> None:
        show_message(self._message, text, kind)
        self._reload.setVisible(offer_reload)

    def _on_reload_clicked(self) -> None:
        self._set_message("")
        self._load()

    # Built by the subclass (declared for the type checker).
    _message: QLabel
    _reload: QPushButton


def named_label(parent: QWidget, name: str, text: str = "", *, selectable: bool = False,
                wrap: bool = False) -> QLabel:
    """A label of a pane, found by its object name (tests, style sheets, screen readers);
    ``selectable``: its text can be selected to copy (a reference, a title)."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label
