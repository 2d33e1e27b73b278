"""The shared setup of list tables and of the filter bars above them."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QTableView, QWidget

ROW_PADDING = 12  # pixels above and below a line of text in a table row


def row_table(parent: QWidget, name: str, accessible_name: str = "",
              model: QAbstractItemModel | None = None, *, padding: int = ROW_PADDING,
              sorting: bool = False) -> QTableView:
    """A table of rows as the console shows lists: whole rows selected one at a time,
    alternating rows, no grid nor row numbers, one line per row (elided), scrolled by
    pixel. ``model`` is set before sorting is turned on."""
    table = QTableView(parent)
    table.setObjectName(name)
    if accessible_name:
        table.setAccessibleName(accessible_name)
    if model is not None:
        table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + padding)
    table.horizontalHeader().setHighlightSections(False)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    if sorting:
        table.setSortingEnabled(True)
    return table


def filter_combo(parent: QWidget, name: str, tooltip: str, chars: int,
                 combo: QComboBox | None = None) -> QComboBox:
    """A combo of a filter bar (``combo``, or a new plain one): room for ``chars``
    characters, and an open list as wide as its longest entry."""
    if combo is None:
        combo = QComboBox(parent)
        combo.setObjectName(name)
    combo.setToolTip(tooltip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


def fill_combo(combo: QComboBox, any_label: str, items: list[tuple[str, object]]) -> None:
    """Refill a filter combo: first the entry that filters nothing (data None)."""
    combo.clear()
    combo.addItem(any_label, None)
    for text, value in items:
        combo.addItem(text, value)


def owned_timer(parent: QObject, interval_ms: int, single: bool = True) -> QTimer:
    """A timer of ``parent``'s (single shot unless ``single`` is False)."""
    made = QTimer(parent)
    made.setSingleShot(single)
    made.setInterval(interval_ms)
    return made


def search_field(parent: QWidget, name: str, accessible_name: str, placeholder: str,
                 min_width: int = 0) -> QLineEdit:
    """The free-text search of a filter bar (with a clear button)."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    if min_width:
        field.setMinimumWidth(min_width)
    return field


def select_source_row(table: QTableView, row: int | None) -> bool:
    """Make row ``row`` of the model behind ``table``'s filter proxy the current, selected
    row and scroll to it; False when there is no such row or the filters hide it."""
    proxy = table.model()
    if row is None or not isinstance(proxy, QSortFilterProxyModel):
        return False
    source = proxy.sourceModel()
    index = proxy.mapFromSource(source.index(row, 0))
    if not index.isValid():
        return False
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)
    return True
