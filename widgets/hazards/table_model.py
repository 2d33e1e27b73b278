"""The hazard registry's table model and filter proxy: rows of hazards, updated in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from console.hazards.domain import HazardFilter, HazardRow, HazardStatus, RiskLevel
from widgets.common import labels
from widgets.common.plurals import counted
from widgets.common.row_model import ModelIndex, RowTableModel, ascending_runs
from widgets.common.time_text import NO_VALUE, local_time, local_time_seconds, short_local_time
from widgets.hazards import labels as hl

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_STATUS_ORDER = {HazardStatus.ACTIVE: 0, HazardStatus.MITIGATED: 1, HazardStatus.RETIRED: 2}
_FAR = float("inf")


class Column(IntEnum):
    LEVEL = 0
    CODE = 1
    NAME = 2
    DUE = 3
    GRID = 4
    KIND = 5
    STATUS = 6
    LAST = 7
    UNIT = 8


COLUMN_COUNT = len(Column)
_ALIGNMENT = tuple(_RIGHT if c is Column.DUE else _LEFT for c in Column)
# The order rows arrive in from the service: highest risk, then nearest inspection.
LOAD_ORDER = (Column.LEVEL, Qt.SortOrder.DescendingOrder)


def column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("HazardTableModel", "Level"),
        QCoreApplication.translate("HazardTableModel", "Code"),
        QCoreApplication.translate("HazardTableModel", "Name"),
        QCoreApplication.translate("HazardTableModel", "Next inspection"),
        QCoreApplication.translate("HazardTableModel", "Grid"),
        QCoreApplication.translate("HazardTableModel", "Kind"),
        QCoreApplication.translate("HazardTableModel", "Status"),
        QCoreApplication.translate("HazardTableModel", "Last inspected"),
        QCoreApplication.translate("HazardTableModel", "Responsible unit"),
    )


def _due_ts(row: HazardRow) -> float:
    due = row.next_inspection_due if row.watched else None
    return due.timestamp() if due is not None else _FAR


def _sort_key(column: int) -> Callable[[HazardRow], Any]:
    """Raw values to sort by. Level sorts by score; within a score the nearest inspection
    comes first when sorted high to low (the order the service loads rows in)."""
    if column == Column.LEVEL:
        return lambda r: (r.score, -_due_ts(r), -r.id)
    if column == Column.CODE:
        return lambda r: r.code
    if column == Column.NAME:
        return lambda r: labels.collation_key(r.name)
    if column == Column.KIND:
        return lambda r: labels.collation_key(hl.kind_label(r.kind))
    if column == Column.GRID:
        return lambda r: (r.grid_code, r.code)
    if column == Column.DUE:
        return lambda r: (_due_ts(r), -r.score)
    if column == Column.STATUS:
        return lambda r: (_STATUS_ORDER[r.status], -r.score)
    if column == Column.LAST:
        return lambda r: r.last_inspected_at.timestamp() if r.last_inspected_at else -_FAR
    return lambda r: labels.collation_key(r.responsible_unit)


@dataclass(slots=True)
class _Item:
    """One row, with its display texts worked out the first time it is painted."""

    row: HazardRow
    display: tuple[str, ...] | None = None


class HazardTableModel(RowTableModel[_Item, int]):
    """Hazards as table rows, with an id → row index for live updates.

    Rows arrive in pages (``append_rows``) and live (``apply_rows``: update in place,
    append new ones); the model never resets after the first load. It sorts itself (a
    Python list sort with one key per row, not a comparison call per pair), and the
    proxy only filters. The countdown column reads the clock at paint time;
    ``refresh_countdown`` repaints just that column of the rows asked for.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(column_titles, lambda item: item.row.id, parent)
        self._now = now
        self._shown_at = now()
        self._sort_column: int = LOAD_ORDER[0]
        self._sort_order = LOAD_ORDER[1]
        self._level_colors: dict[RiskLevel, hl.LevelColors] = {}
        self._due_colors: dict[int, QColor] = {}
        self._dim = QColor()
        self._bold = QFont()
        self._bold.setBold(True)
        self._grid_names: Mapping[int, str] = {}

    # ---- configuration -----------------------------------------------------------------

    def set_colors(self, levels: Mapping[RiskLevel, hl.LevelColors],
                   due: Mapping[int, QColor], dim: QColor) -> None:
        self._level_colors = dict(levels)
        self._due_colors = dict(due)
        self._dim = dim
        self._emit_columns(roles=[Qt.ItemDataRole.ForegroundRole,
                                  Qt.ItemDataRole.DecorationRole])

    def set_grid_names(self, names: Mapping[int, str]) -> None:
        self._grid_names = names

    # ---- columns and roles -------------------------------------------------------------

    def cell(self, item: _Item, column: int, role: int) -> Any:
        row = item.row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DUE:
                return self._countdown(row)[0]
            if item.display is None:
                item.display = self._prepare(row)
            return item.display[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.LEVEL:
                colors = self._level_colors.get(row.level)
                return colors.text if colors is not None else None
            if column == Column.DUE:
                return self._due_colors.get(self._countdown(row)[1])
            if row.status is HazardStatus.RETIRED and self._dim.isValid():
                return self._dim
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.LEVEL:
            colors = self._level_colors.get(row.level)
            return colors.text if colors is not None else None
        if role == Qt.ItemDataRole.FontRole and column in (Column.LEVEL, Column.DUE):
            if column == Column.LEVEL or self._countdown(row)[1] == 2:
                return self._bold
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[column]
        return None

    def row_at(self, row: int) -> HazardRow:
        return self._items[row].row

    def hazard_ids(self) -> list[int]:
        return self.keys()

    # ---- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``'s raw values (stable: ties keep their order)."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self._resort()

    def _sorted_from(self, start: int) -> bool:
        """Whether the rows from ``start`` on (and the one before) are in sort order: pages
        that arrive in load order need no re-sort."""
        if self._sort_column < 0:
            return True
        key = _sort_key(self._sort_column)
        keys = [key(item.row) for item in self._items[max(0, start - 1):]]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            return all(a >= b for a, b in pairwise(keys))
        return all(a <= b for a, b in pairwise(keys))

    def _resort(self) -> None:
        if self._sort_column < 0:
            return
        key = _sort_key(self._sort_column)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        self._sort_items(lambda items: items.sort(key=lambda item: key(item.row),
                                                  reverse=reverse))

    # ---- writing -----------------------------------------------------------------------

    def append_rows(self, rows: Iterable[HazardRow]) -> None:
        """Rows of a page, in load order: appended (then sorted, if sorted otherwise).
        Rows already held are updated instead."""
        self.apply_rows(rows)

    def apply_rows(self, rows: Iterable[HazardRow]) -> None:
        """Live or paged rows: update those held in place (row-span ``dataChanged``),
        append new ones with one insert, then keep the sort. Never resets."""
        added: list[_Item] = []
        changed: list[int] = []
        reorder = False
        key = _sort_key(self._sort_column) if self._sort_column >= 0 else None
        for row in rows:
            pos = self._index.get(row.id)
            if pos is None:
                added.append(_Item(row))
                continue
            old = self._items[pos].row
            if old != row:
                self._items[pos] = _Item(row)
                changed.append(pos)
                if key is not None:
                    reorder |= key(old) != key(row)
        for pos in sorted(changed):
            self._emit_rows(pos, pos)
        if added:
            start = len(self._items)
            self._append_items(added)
            reorder |= not self._sorted_from(start)
        if reorder:
            self._resort()

    def retranslate(self) -> None:
        """The interface language changed: column titles and row texts anew, in place."""
        self._retranslate_titles()
        for item in self._items:
            item.display = None
        self._emit_columns()

    def refresh_countdown(self, rows: Iterable[int] | None = None) -> None:
        """Time passed: repaint the countdown column, of ``rows`` only when given (the
        visible ones), else of every row."""
        self._shown_at = self._now()
        if rows is None:
            self._emit_columns(Column.DUE, Column.DUE, [Qt.ItemDataRole.DisplayRole])
            return
        self._emit_column_runs(Column.DUE, ascending_runs(rows),
                               [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    # ---- internals ---------------------------------------------------------------------

    def _countdown(self, row: HazardRow) -> tuple[str, int]:
        return hl.countdown_text(self._shown_at, row.next_inspection_due,
                                 row.inspection_interval_days, row.watched)

    @staticmethod
    def _prepare(row: HazardRow) -> tuple[str, ...]:
        return (
            hl.level_with_score(row.level, row.score), row.code, row.name, "",
            row.grid_code, hl.kind_label(row.kind), hl.status_label(row.status),
            short_local_time(row.last_inspected_at) if row.last_inspected_at else NO_VALUE,
            row.responsible_unit or NO_VALUE,
        )

    def _tooltip(self, row: HazardRow, column: int) -> str:
        if column == Column.LEVEL:
            return QCoreApplication.translate(
                "HazardTableModel", "{level}: likelihood {l} × severity {s} = {score}").format(
                    level=hl.level_label(row.level), l=hl.likelihood_label(row.likelihood),
                    s=hl.severity_label(row.severity), score=row.score)
        if column == Column.DUE:
            if not row.watched or row.next_inspection_due is None:
                return QCoreApplication.translate("HazardTableModel",
                                                  "Not watched: the hazard is retired")
            return counted(QCoreApplication.translate(
                "HazardTableModel", "Due {when}; every {n} day(s)"),
                row.inspection_interval_days).format(
                    when=local_time(row.next_inspection_due), n=row.inspection_interval_days)
        if column == Column.GRID:
            return f"{row.grid_code} {self._grid_names.get(row.grid_id, '')}".strip()
        if column == Column.LAST:
            return local_time_seconds(row.last_inspected_at)
        if column == Column.NAME:
            return f"{row.code} — {row.name}"
        if column == Column.UNIT:
            return row.responsible_unit
        return ""


class HazardProxy(QSortFilterProxyModel):
    """Filters the registry by a ``HazardFilter`` (status, kind, quick search, matrix
    cell); sorting is the source model's.

    Signals: only those of ``QSortFilterProxyModel``.
    """

    def __init__(self, model: HazardTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hazards = model
        self._filter = HazardFilter()
        self.setSourceModel(model)
        self.setDynamicSortFilter(True)

    @property
    def hazard_filter(self) -> HazardFilter:
        return self._filter

    def set_filter(self, flt: HazardFilter) -> None:
        if flt != self._filter:
            self.beginFilterChange()
            self._filter = flt
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts; the proxy keeps its order and only filters."""
        self._hazards.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        return self._filter.matches(self._hazards.row_at(source_row))
