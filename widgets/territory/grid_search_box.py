"""Grid pickers that find a grid as it is typed: by code, name, pinyin or its initials."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter

from console.app import App
from console.core.domain import GridRef
from widgets.common import labels

ModelIndex = QModelIndex | QPersistentModelIndex
SHOWN = 30  # matches listed under the field: enough to choose from, quick to read
GRID_ROLE = Qt.ItemDataRole.UserRole + 1


def grid_text(grid: GridRef) -> str:
    """``XH-01 Riverside North``: how a grid reads in pickers (code first, then its name)."""
    return f"{grid.code} {labels.place_name(grid)}"


def grid_code(grid: GridRef) -> str:
    """What a picker whose entries hold grid codes stores for ``grid``."""
    return grid.code


def grid_id(grid: GridRef) -> int:
    """What a filter whose entries hold grid ids stores for ``grid``."""
    return grid.id


class GridMatches(QAbstractListModel):
    """The grids found for what was typed, best first (a new list per search)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grids: list[GridRef] = []
        self._texts: list[str] = []
        self._tips: list[str] = []

    def set_grids(self, grids: Sequence[GridRef]) -> None:
        self.beginResetModel()
        self._grids = list(grids)
        self._texts = [grid_text(g) for g in self._grids]
        self._tips = [" · ".join(p for p in (g.community_zh or g.community_en, g.parent_code)
                                 if p) for g in self._grids]
        self.endResetModel()

    def grid_at(self, row: int) -> GridRef | None:
        return self._grids[row] if 0 <= row < len(self._grids) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._grids):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._texts[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or None
        if role == GRID_ROLE:
            return self._grids[index.row()]
        return None


class GridCompleter(QCompleter):
    """Completes an editable grid combo from the territory's grid search, so that a
    territory of thousands of grids is found by typing ``XH-07``, ``滨河``, ``binhe`` or
    ``bhb``. Choosing a match (click, or Enter on the first) selects the combo's entry
    whose data is ``data_of(grid)``. With ``restore_on_leave``, leaving the field without
    choosing puts back the entry chosen before (an empty field chooses the first entry,
    "all grids"), so a filter never shows text it does not apply.

    Signals: only those of ``QCompleter``.
    """

    def __init__(self, app: App, combo: QComboBox, *, include_retired: bool,
                 data_of: Callable[[GridRef], object],
                 restore_on_leave: bool = False) -> None:
        super().__init__(combo)
        self.setObjectName(f"{combo.objectName()}Completer")
        self._app = app
        self._combo = combo
        self._include_retired = include_retired
        self._data_of = data_of
        self._matches = GridMatches(self)
        self.setModel(self._matches)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setCompleter(self)
        line = combo.lineEdit()
        assert line is not None
        self.activated.connect(self._on_activated)
        line.textEdited.connect(self._on_text_edited)
        line.returnPressed.connect(self._on_return_pressed)
        if restore_on_leave:
            line.editingFinished.connect(self._on_editing_finished)

    @property
    def matches(self) -> GridMatches:
        return self._matches

    def search(self, text: str) -> list[GridRef]:
        """The grids offered for ``text``, best first."""
        if not text.strip():
            return []
        return self._app.district.search_grids(text, SHOWN,
                                               include_retired=self._include_retired)

    def _on_text_edited(self, text: str) -> None:
        self._matches.set_grids(self.search(text))

    def choose(self, grid: GridRef) -> bool:
        """Select ``grid``'s entry in the combo; False when the combo does not list it."""
        index = self._combo.findData(self._data_of(grid))
        if index < 0:
            return False
        self._combo.setCurrentIndex(index)
        self._combo.setEditText(self._combo.itemText(index))
        return True

    def _on_activated(self, text: str) -> None:
        """A match was chosen from the list (the combo picks the entry of that text too)."""
        for row in range(self._matches.rowCount()):
            grid = self._matches.grid_at(row)
            if grid is not None and grid_text(grid) == text:
                self.choose(grid)
                return

    def _on_return_pressed(self) -> None:
        """Enter on typed text that is no entry: take the best match."""
        combo = self._combo
        if combo.currentText() == combo.itemText(combo.currentIndex()):
            return
        grid = self._matches.grid_at(0)
        if grid is not None:
            self.choose(grid)
            popup = self.popup()
            if popup is not None:
                QTimer.singleShot(0, popup.hide)

    def _on_editing_finished(self) -> None:
        combo = self._combo
        popup = self.popup()
        if popup is not None and popup.isVisible():
            return  # the list has the focus for a moment: still choosing
        if not combo.currentText().strip():
            combo.setCurrentIndex(0)
            combo.setEditText(combo.itemText(0))
        elif combo.currentText() != combo.itemText(combo.currentIndex()):
            combo.setEditText(combo.itemText(combo.currentIndex()))
