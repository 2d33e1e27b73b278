"""The case board's table model: rows of cases, precomputed for painting, updated in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from console.case_query import CaseFilter
from console.domain import CaseRow, Severity, Stage
from widgets import labels
from widgets.time_text import NO_VALUE, duration_text, local_time_seconds, short_local_time

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values to sort by (numbers and plain text)

_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    REF = 0
    SEV = 1
    TITLE = 2
    CATEGORY = 3
    STAGE = 4
    GRID = 5
    TEAM = 6
    REPORTED = 7
    AGE = 8
    UPDATED = 9


COLUMN_COUNT = len(Column)
_ALIGNMENT = tuple(_RIGHT if c in {Column.AGE, Column.UPDATED} else _LEFT for c in Column)


def column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("CaseBoardModel", "Ref"),
        QCoreApplication.translate("CaseBoardModel", "Sev"),
        QCoreApplication.translate("CaseBoardModel", "Title"),
        QCoreApplication.translate("CaseBoardModel", "Category"),
        QCoreApplication.translate("CaseBoardModel", "Stage"),
        QCoreApplication.translate("CaseBoardModel", "Grid"),
        QCoreApplication.translate("CaseBoardModel", "Team"),
        QCoreApplication.translate("CaseBoardModel", "Reported"),
        QCoreApplication.translate("CaseBoardModel", "Age"),
        QCoreApplication.translate("CaseBoardModel", "Updated"),
    )


@dataclass(slots=True)
class _Item:
    """One row as painted: display text and sort keys, worked out once. (Tooltips and
    the relative times are made on demand: only for the few cells on screen.)"""

    row: CaseRow
    display: tuple[str, ...]
    sort: tuple[Any, ...]


class CaseBoardModel(QAbstractTableModel):
    """Cases as table rows, with an id → row index for live updates.

    ``reset_rows`` is for a full reload (a filter change); ``apply_rows`` applies live
    changes with the narrowest signals (row-span ``dataChanged``, row removals, one
    batched insert at the end) and never resets.

    The model sorts itself (``sort``) by the raw values of ``SORT_ROLE``: a list sort in
    Python takes milliseconds for 10,000 rows, where a proxy comparing through ``data()``
    takes a second. After live changes it re-sorts with ``layoutChanged``, which keeps
    selection and scroll position (persistent indexes move with their rows).

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._shown_at = now()  # the moment Age and Updated are measured from
        self._items: list[_Item] = []
        self._index: dict[int, int] = {}
        self._titles = column_titles()
        self._severity_colors: dict[Severity, QColor] = {}
        self._grid_names: Mapping[int, str] = {}
        self._team_names: Mapping[int, str] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ---- configuration -----------------------------------------------------------------

    def set_reference_names(self, grids: Mapping[int, str], teams: Mapping[int, str]) -> None:
        """Grid and team names for tooltips."""
        self._grid_names = grids
        self._team_names = teams

    def set_severity_colors(self, colors: Mapping[Severity, QColor]) -> None:
        """Colours of the severity column for the current theme; repaints that column."""
        self._severity_colors = dict(colors)
        if self._items:
            self.dataChanged.emit(
                self.index(0, Column.SEV), self.index(len(self._items) - 1, Column.SEV),
                [Qt.ItemDataRole.ForegroundRole],
            )

    # ---- reading -----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column < Column.AGE:
                return item.display[column]
            if column == Column.AGE:
                return duration_text((self._shown_at - item.row.reported_at).total_seconds())
            return _ago(self._shown_at, item.row.updated_at)
        if role == SORT_ROLE:
            return item.sort[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.SEV:
                return self._severity_colors.get(item.row.severity)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[column]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < COLUMN_COUNT):
            return self._titles[section]
        return None

    def row_at(self, row: int) -> CaseRow:
        return self._items[row].row

    def row_of(self, case_id: int) -> int | None:
        """The model row showing case ``case_id``, if it is on the board."""
        return self._index.get(case_id)

    def case_ids(self) -> list[int]:
        return [item.row.id for item in self._items]

    # ---- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``'s raw values (stable: ties keep their order)."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self._resort()

    def _resort(self) -> None:
        if self._sort_column < 0 or len(self._items) < 2:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._items[p.row()].row.id, p.column()) for p in persistent]
        column = self._sort_column
        self._items.sort(key=lambda item: item.sort[column],
                         reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._index[case_id], col) for case_id, col in held])
        self.layoutChanged.emit()

    # ---- writing -----------------------------------------------------------------------

    def reset_rows(self, rows: Iterable[CaseRow]) -> None:
        """Replace every row: only for a full reload, such as a filter change."""
        self.beginResetModel()
        self._shown_at = self._now()
        self._items = [self._prepare(row) for row in rows]
        if self._sort_column >= 0:
            column = self._sort_column
            self._items.sort(key=lambda item: item.sort[column],
                             reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.endResetModel()

    def apply_rows(self, rows: Iterable[CaseRow], flt: CaseFilter) -> None:
        """Apply live rows: update in place, remove those no longer matching ``flt``,
        append new matching ones (then re-sort, if sorted). Never resets."""
        latest = {row.id: row for row in rows}
        changed: list[int] = []
        removed: list[int] = []
        added: list[_Item] = []
        reorder = False
        for row in latest.values():
            pos = self._index.get(row.id)
            keep = flt.matches(row)
            if pos is None:
                if keep:
                    added.append(self._prepare(row))
            elif not keep:
                removed.append(pos)
            elif self._items[pos].row != row:
                old = self._items[pos]
                self._items[pos] = new = self._prepare(row)
                changed.append(pos)
                if self._sort_column >= 0:
                    reorder |= old.sort[self._sort_column] != new.sort[self._sort_column]
        last_column = COLUMN_COUNT - 1
        for pos in sorted(changed):
            self.dataChanged.emit(self.index(pos, 0), self.index(pos, last_column))
        if removed:
            for first, last in _descending_runs(removed):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._items[first:last + 1]
                self.endRemoveRows()
            self._reindex()
        if added:
            start = len(self._items)
            self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
            self._items.extend(added)
            for pos, item in enumerate(added, start):
                self._index[item.row.id] = pos
            self.endInsertRows()
        if reorder or (added and self._sort_column >= 0):
            self._resort()

    def refresh_ages(self) -> None:
        """Time passed: measure Age and Updated from now and repaint only those two
        adjacent columns (the view repaints just the visible cells)."""
        self._shown_at = self._now()
        if self._items:
            self.dataChanged.emit(
                self.index(0, Column.AGE), self.index(len(self._items) - 1, Column.UPDATED),
                [Qt.ItemDataRole.DisplayRole],
            )

    # ---- internals ---------------------------------------------------------------------

    def _reindex(self) -> None:
        self._index = {item.row.id: pos for pos, item in enumerate(self._items)}

    @staticmethod
    def _prepare(row: CaseRow) -> _Item:
        category = labels.category_label(row.category)
        reported_ts = row.reported_at.timestamp()
        return _Item(
            row=row,
            display=(row.reference, labels.severity_label(row.severity), row.title, category,
                     labels.stage_status(row.stage, row.paused), row.grid_code,
                     row.team_code or NO_VALUE, short_local_time(row.reported_at)),
            sort=(
                row.reference,
                int(row.severity),
                row.title.casefold(),
                category.casefold(),
                _STAGE_ORDER[row.stage] * 2 + int(row.paused),
                row.grid_code,
                row.team_code or "",
                reported_ts,
                -reported_ts,
                row.updated_at.timestamp(),
            ),
        )

    def _tooltip(self, item: _Item, column: int) -> str:
        row = item.row
        if column == Column.REF:
            return f"{row.reference} — {row.title}"
        if column == Column.SEV:
            return QCoreApplication.translate("CaseBoardModel", "Severity {sev}").format(
                sev=item.display[Column.SEV])
        if column == Column.STAGE and row.rework_count:
            return QCoreApplication.translate(
                "CaseBoardModel", "{stage} — reworked {n}×").format(
                    stage=item.display[Column.STAGE], n=row.rework_count)
        if column == Column.GRID:
            return f"{row.grid_code} {self._grid_names.get(row.grid_id, '')}".strip()
        if column == Column.TEAM:
            if row.team_id is None:
                return QCoreApplication.translate("CaseBoardModel", "Not dispatched yet")
            return self._team_names.get(row.team_id, row.team_code or NO_VALUE)
        if column in (Column.REPORTED, Column.AGE):
            return local_time_seconds(row.reported_at)
        if column == Column.UPDATED:
            return local_time_seconds(row.updated_at)
        return item.display[column]


def _ago(now: datetime, when: datetime) -> str:
    """``12 m ago``: how fresh a change is, which matters more on a live board than the
    clock time (that is in the tooltip)."""
    return QCoreApplication.translate("CaseBoardModel", "{d} ago").format(
        d=duration_text((now - when).total_seconds()))


def _descending_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous (first, last) runs of ``rows``, last run first, so removing them in
    order never shifts a run still to be removed."""
    runs: list[tuple[int, int]] = []
    for pos in sorted(set(rows), reverse=True):
        if runs and runs[-1][0] == pos + 1:
            runs[-1] = (pos, runs[-1][1])
        else:
            runs.append((pos, pos))
    return runs
