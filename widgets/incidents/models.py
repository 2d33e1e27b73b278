"""The incident view's table models: one small adapter over the row-model base, its
columns declared as (title, text) pairs; a reload keeps rows (and the selection) when
the same items come back, repainting only the ones that changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from widgets.common.row_model import ID_ROLE, SORT_ROLE, RowTableModel

I = TypeVar("I")  # noqa: E741 - the row item, as in the base
K = TypeVar("K", bound=Hashable)

Column = tuple[Callable[[], str], Callable[[Any], str]]


class ColumnsModel(RowTableModel[I, K], Generic[I, K]):
    """Rows of ``I`` under ``columns`` (title, text of an item); ``tint`` gives a row's
    background (or None) and ``tip`` its tooltip. Texts are worked out once per item."""

    def __init__(self, columns: Sequence[Column], key: Callable[[I], K], *,
                 tint: Callable[[I], QColor | None] | None = None,
                 tip: Callable[[I], str] | None = None,
                 parent: QObject | None = None) -> None:
        self._columns = list(columns)
        super().__init__(lambda: [title() for title, _ in self._columns], key, parent)
        self._tint = tint
        self._tip = tip
        self._texts: dict[K, tuple[str, ...]] = {}

    def set_items(self, items: Sequence[I]) -> None:
        """Show ``items``: the same keys in the same order repaint the rows that changed;
        anything else is a reload."""
        texts = {self.item_key(i): tuple(text(i) for _, text in self._columns) for i in items}
        if [self.item_key(i) for i in items] == self.keys():
            old = self._texts
            self._texts = texts
            for pos, item in enumerate(items):
                if self._items[pos] != item or old.get(self.item_key(item)) != \
                        texts[self.item_key(item)]:
                    self._replace_item(pos, item)
            return
        self._texts = texts
        self._reset_items(items)

    def retranslate(self) -> None:
        self._retranslate_titles()
        self._texts = {self.item_key(i): tuple(text(i) for _, text in self._columns)
                       for i in self._items}
        self._emit_columns()

    def cell(self, item: I, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._texts[self.item_key(item)][column]
        if role == Qt.ItemDataRole.BackgroundRole and self._tint is not None:
            colour = self._tint(item)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and self._tip is not None:
            return self._tip(item) or None
        if role == ID_ROLE:
            return self.item_key(item)
        return None
