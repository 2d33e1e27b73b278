"""A dock whose panel is built the first time it is seen, so the window's first paint
waits only for the panels in front (a tab at the back of a dock group costs nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDockWidget, QWidget

P = TypeVar("P", bound=QWidget)


class LazyDock(Generic[P]):
    """Holds ``dock`` with an empty stand-in until its panel is needed: when the dock
    becomes visible (its tab clicked or raised, View's toggle, a layout showing it in
    front) or when ``panel()`` is asked for (a wire, a palette jump, a test). ``build``
    makes the panel, ``place`` puts it in the dock (e.g. in a scroll area) and ``built``
    connects it once it exists.
    """

    def __init__(self, dock: QDockWidget, build: Callable[[], P],
                 place: Callable[[P], QWidget] | None = None,
                 built: Callable[[P], None] | None = None) -> None:
        self._dock = dock
        self._build = build
        self._place = place
        self._built = built
        self._panel: P | None = None
        stand_in = QWidget(dock)
        stand_in.setObjectName(f"{dock.objectName()}StandIn")
        dock.setWidget(stand_in)
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    @property
    def is_built(self) -> bool:
        return self._panel is not None

    @property
    def built_panel(self) -> P | None:
        """The panel if it was built, else None (closing or re-theming builds nothing)."""
        return self._panel

    def panel(self) -> P:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            panel = self._build()
            self._panel = panel
            stand_in = self._dock.widget()
            self._dock.setWidget(self._place(panel) if self._place is not None else panel)
            if stand_in is not None:
                stand_in.deleteLater()
            if self._built is not None:
                self._built(panel)
        return self._panel

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self._panel is None:
            self.panel()
