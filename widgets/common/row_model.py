"""One row-model base for the table models: precomputed rows, narrowest signals, sorting.

Orange's list-like table model is the example: a subclass declares its columns (their
titles) and answers the roles it needs from a row item worked out once; this base holds
the items, an id → row index, and changes them with the narrowest signal for each change:
a row-span ``dataChanged`` for an edit, ``beginInsertRows`` for rows added, row removals
by contiguous runs, ``layoutChanged`` (persistent indexes carried along) for a re-sort,
and ``beginResetModel`` only for a full reload.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from widgets.common.table_headers import column_title

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values to sort by (numbers and plain text)
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # what the row is known by, on every cell

I = TypeVar("I")  # noqa: E741 - the row item, as in Orange's models
K = TypeVar("K", bound=Hashable)


class RowTableModel(QAbstractTableModel, Generic[I, K]):
    """Rows of items of one kind, each known by a key (an id), under fixed columns.

    A subclass passes its column titles (a function, asked again on retranslate) and the
    key of an item, and answers the roles it needs in ``cell``. Reading: ``item_at``,
    ``row_of``, ``keys``, ``items``.
    Writing (for the subclass's own public methods): ``_reset_items`` (the only reset),
    ``_append_items``, ``_replace_item``, ``_remove_rows``, ``_sort_items`` and
    ``_emit_columns`` (one column span over every row, for a theme or a clock).

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, titles: Callable[[], Sequence[str]], key: Callable[[I], K],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._column_titles = titles
        self.item_key = key
        self._items: list[I] = []
        self._index: dict[K, int] = {}
        self._titles: tuple[str, ...] = tuple(titles())

    # ---- what a subclass answers ---------------------------------------------------------

    def cell(self, item: I, column: int, role: int) -> Any:
        """``data()`` for a valid index: the answer for ``role`` in ``column`` of ``item``
        (the hot path: read what was precomputed; never query the database here)."""
        return None

    # ---- Qt's reading --------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(self._items[index.row()], index.column(), role)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return column_title(self._titles, section, orientation, role)

    # ---- reading -------------------------------------------------------------------------

    def item_at(self, row: int) -> I:
        return self._items[row]

    def row_of(self, key: K) -> int | None:
        """The model row of the item known by ``key``, if there is one."""
        return self._index.get(key)

    def keys(self) -> list[K]:
        return [self.item_key(item) for item in self._items]

    def items(self) -> list[I]:
        return list(self._items)

    # ---- writing -------------------------------------------------------------------------

    def _retranslate_titles(self) -> None:
        """The interface language changed: the column titles anew."""
        self._titles = tuple(self._column_titles())
        if self._titles:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._titles) - 1)

    def _reset_items(self, items: Iterable[I]) -> None:
        """Replace every item: only for a full reload."""
        self.beginResetModel()
        self._items = list(items)
        self._reindex()
        self.endResetModel()

    def _append_items(self, items: Sequence[I]) -> None:
        """Add ``items`` after the last row, with one insert."""
        if not items:
            return
        start = len(self._items)
        self.beginInsertRows(QModelIndex(), start, start + len(items) - 1)
        self._items.extend(items)
        for pos, item in enumerate(items, start):
            self._index[self.item_key(item)] = pos
        self.endInsertRows()

    def _insert_items(self, pos: int, items: Sequence[I]) -> None:
        """Insert ``items`` before row ``pos``, with one insert (``row_of`` holds during
        the signal)."""
        if not items:
            return
        self.beginInsertRows(QModelIndex(), pos, pos + len(items) - 1)
        self._items[pos:pos] = items
        for at in range(pos, len(self._items)):
            self._index[self.item_key(self._items[at])] = at
        self.endInsertRows()

    def _replace_item(self, pos: int, item: I, roles: Sequence[int] = ()) -> None:
        """Put ``item`` in row ``pos`` (same key) and repaint that row alone."""
        self._items[pos] = item
        self._emit_rows(pos, pos, roles)

    def _remove_rows(self, rows: Iterable[int]) -> None:
        """Remove these rows: one removal per contiguous run, the last run first."""
        runs = descending_runs(rows)
        if not runs:
            return
        for first, last in runs:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._items[first:last + 1]
            self.endRemoveRows()
        self._reindex()

    def _sort_items(self, order: Callable[[list[I]], None]) -> None:
        """Re-sort with ``order`` (sorts a list of items in place), by one layout change
        that carries persistent indexes (selection, current row) along with their rows."""
        if len(self._items) < 2:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.item_key(self._items[p.row()]), p.column()) for p in persistent]
        order(self._items)
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._index[key], column) for key, column in held])
        self.layoutChanged.emit()

    def _emit_rows(self, first: int, last: int, roles: Sequence[int] = ()) -> None:
        """Repaint rows ``first`` to ``last``, every column (``roles``: only those)."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._titles) - 1),
                              list(roles))

    def _emit_columns(self, first: int = 0, last: int | None = None,
                      roles: Sequence[int] = ()) -> None:
        """Repaint columns ``first`` to ``last`` (None: the last) of every row."""
        if self._items:
            self.dataChanged.emit(
                self.index(0, first),
                self.index(len(self._items) - 1, len(self._titles) - 1 if last is None else last),
                list(roles))

    def _emit_column_runs(self, column: int, runs: Iterable[tuple[int, int]],
                          roles: Sequence[int] = ()) -> None:
        """Repaint ``column`` of the rows in ``runs`` ((first, last) rows, clipped)."""
        last_row = len(self._items) - 1
        for first, last in runs:
            first, last = max(first, 0), min(last, last_row)
            if first <= last:
                self.dataChanged.emit(self.index(first, column), self.index(last, column),
                                      list(roles))

    def _reindex(self) -> None:
        self._index = {self.item_key(item): pos for pos, item in enumerate(self._items)}


def ascending_runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Contiguous (first, last) runs of row numbers, in order."""
    runs: list[tuple[int, int]] = []
    for pos in sorted(set(rows)):
        if runs and runs[-1][1] == pos - 1:
            runs[-1] = (runs[-1][0], pos)
        else:
            runs.append((pos, pos))
    return runs


def descending_runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Contiguous (first, last) runs of ``rows``, last run first, so removing them in
    order never shifts a run still to be removed."""
    return ascending_runs(rows)[::-1]
