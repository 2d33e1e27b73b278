"""The case board's filter proxy: quick search and paused-only, client-side; the model sorts."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from console.cases.query import text_matches
from console.core.domain import CaseRow
from widgets.cases.table_model import SORT_ROLE, CaseBoardModel
from widgets.common.row_model import ModelIndex


class CaseBoardProxy(QSortFilterProxyModel):
    """Filters the open board client-side by quick search text and, when asked, to
    paused cases only; hands sorting to the model (see ``CaseBoardModel.sort``).

    Signals: only those of ``QSortFilterProxyModel``.
    """

    def __init__(self, model: CaseBoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases = model
        self._text = ""
        self._paused_only = False
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def text(self) -> str:
        return self._text

    @property
    def paused_only(self) -> bool:
        return self._paused_only

    def set_text(self, text: str) -> None:
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_paused_only(self, paused_only: bool) -> None:
        if paused_only != self._paused_only:
            self.beginFilterChange()
            self._paused_only = paused_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: CaseRow) -> bool:
        if self._paused_only and not row.paused:
            return False
        return not self._text or text_matches(self._text, row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast, in Python's list sort); the proxy keeps its
        order and only filters."""
        self._cases.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._text and not self._paused_only:
            return True
        return self.accepts(self._cases.row_at(source_row))
