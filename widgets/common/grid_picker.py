"""The one grid picker: a combo that finds a grid as it is typed (code, name, pinyin).

Every place that chooses a grid (the board's filter, a new case, a hazard, a promoted
alert, a team's base grid) uses ``GridPicker``; a territory of 10,000 grids is found by
typing ``XH-07``, ``滨河``, ``binhe`` or ``bhb`` instead of scrolling a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from console.core.domain import GridRef
from console.territory.grid_search import GridSearch
from widgets.common import labels

ModelIndex = QModelIndex | QPersistentModelIndex
SHOWN = 30  # matches listed under the field: enough to choose from, quick to read
GRID_ROLE = Qt.ItemDataRole.UserRole + 1
# ``DistrictService.search_grids``: (text, limit, include_retired=...) -> best first.
GridFinder = Callable[..., list[GridRef]]


def grid_text(grid: GridRef) -> str:
    """``XH-01 Riverside North``: how a grid reads in pickers (code first, then its name)."""
    return f"{grid.code} {labels.place_name(grid)}"


class GridMatches(QAbstractListModel):
    """The grids found for what was typed, best first (a new list per search).

    Signals: only those of ``QAbstractListModel``.
    """

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
    """Completes a ``GridPicker`` from the grid search. Choosing a match (click, or Enter
    on the first) selects the picker's entry of that grid. With ``restore_on_leave``,
    leaving the field without choosing puts back the entry chosen before (an empty field
    chooses the first entry, "all grids"), so a filter never shows text it does not apply.

    Signals: only those of ``QCompleter``.
    """

    def __init__(self, picker: GridPicker, find: Callable[[str], list[GridRef]], *,
                 restore_on_leave: bool) -> None:
        super().__init__(picker)
        self.setObjectName(f"{picker.objectName()}Completer")
        self._picker = picker
        self._find = find
        self._matches = GridMatches(self)
        self.setModel(self._matches)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)
        picker.setCompleter(self)
        line = picker.lineEdit()
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
        return self._find(text) if text.strip() else []

    def _on_text_edited(self, text: str) -> None:
        self._matches.set_grids(self.search(text))

    def _on_activated(self, text: str) -> None:
        """A match was chosen from the list (the combo picks the entry of that text too)."""
        for row in range(self._matches.rowCount()):
            grid = self._matches.grid_at(row)
            if grid is not None and grid_text(grid) == text:
                self._picker.choose(grid)
                return

    def _on_return_pressed(self) -> None:
        """Enter on typed text that is no entry: take the best match."""
        picker = self._picker
        if picker.currentText() == picker.itemText(picker.currentIndex()):
            return
        grid = self._matches.grid_at(0)
        if grid is not None:
            picker.choose(grid)
            popup = self.popup()
            if popup is not None:
                QTimer.singleShot(0, popup.hide)

    def _on_editing_finished(self) -> None:
        picker = self._picker
        popup = self.popup()
        if popup is not None and popup.isVisible():
            return  # the list has the focus for a moment: still choosing
        if not picker.currentText().strip():
            picker.setCurrentIndex(0)
            picker.setEditText(picker.itemText(0))
        elif picker.currentText() != picker.itemText(picker.currentIndex()):
            picker.setEditText(picker.itemText(picker.currentIndex()))


class GridListModel(QAbstractListModel):
    """A picker's entries: an optional first entry, then each grid's text and data."""

    def __init__(self, grids: Sequence[GridRef], data_of: Callable[[GridRef], object],
                 first: str | None, first_data: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grids = grids
        self._texts = [grid_text(g) for g in grids]
        self._data_of = data_of
        self._first = first
        self._first_data = first_data
        self._offset = 0 if first is None else 1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grids) + self._offset

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row() - self._offset
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._first if row < 0 else self._texts[row]
        if role == Qt.ItemDataRole.UserRole:
            return self._first_data if row < 0 else self._data_of(self._grids[row])
        return None


class GridPicker(QComboBox):
    """An editable combo of grids, each entry holding the grid's code (``key="code"``) or
    id (``key="id"``) as its data, found as typed by code, name, pinyin or initials.

    ``set_grids`` fills it (with a first entry such as "All grids" when given);
    ``chosen_grid`` is the grid whose code the field starts with, typed or chosen.
    ``find`` is the district's search (``DistrictService.search_grids``, whose index is
    built once per territory); without one, the picker indexes the grids it holds.

    Signals: only those of ``QComboBox``.
    """

    def __init__(self, parent: QWidget | None = None, *, name: str,
                 key: Literal["code", "id"] = "code", find: GridFinder | None = None,
                 include_retired: bool = False, restore_on_leave: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._key = key
        self._find = find
        self._include_retired = include_retired
        self._grids: list[GridRef] = []
        self._by_code: dict[str, GridRef] = {}
        self._own_search: GridSearch | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._completer = GridCompleter(self, self._search, restore_on_leave=restore_on_leave)

    @property
    def grid_completer(self) -> GridCompleter:
        return self._completer

    def set_grids(self, grids: Iterable[GridRef], first: str | None = None,
                  first_data: object = None) -> None:
        """Offer ``grids`` (after an entry ``first`` holding ``first_data``, if given);
        nothing is chosen when there is no first entry."""
        self._grids = list(grids)
        self._by_code = {g.code.upper(): g for g in self._grids}
        self._own_search = None
        # One list model for the lot: a city's 160,000 cells would take seconds as
        # 160,000 addItem calls, each announced to the view.
        # (QComboBox deletes the model it replaces when it owns it, and hands the new one
        # to its completer: the search completer is detached meanwhile to keep its own.)
        line = self.lineEdit()
        if line is not None:
            line.setCompleter(None)  # type: ignore[arg-type]
        self.setModel(GridListModel(self._grids, self.data_of, first, first_data, self))
        if line is not None:
            line.setCompleter(self._completer)
        self.setCurrentIndex(0 if first is not None else -1)

    def data_of(self, grid: GridRef) -> object:
        """What this picker's entry for ``grid`` holds (its code or its id)."""
        return grid.code if self._key == "code" else grid.id

    def choose(self, grid: GridRef) -> bool:
        """Select ``grid``'s entry; False when the picker does not list it."""
        index = self.findData(self.data_of(grid))
        if index < 0:
            return False
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index))
        return True

    def chosen_grid(self) -> GridRef | None:
        """The grid whose code the field starts with (typed or chosen), if listed."""
        words = self.currentText().split()
        return self._by_code.get(words[0].upper()) if words else None

    def problem(self, missing: str, unknown: str) -> str:
        """What is wrong with the field: ``missing`` when it is empty, ``unknown`` (its
        ``{grid}`` filled with what was typed) when no listed grid is typed; else ``""``."""
        typed = self.currentText().strip()
        if not typed:
            return missing
        if self.chosen_grid() is None:
            return unknown.format(grid=typed)
        return ""

    def _search(self, text: str) -> list[GridRef]:
        if self._find is not None:
            return self._find(text, SHOWN, include_retired=self._include_retired)
        if self._own_search is None:
            self._own_search = GridSearch(self._grids)
        return self._own_search.find(text, SHOWN, include_retired=self._include_retired)
