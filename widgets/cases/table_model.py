"""The case board's table model: rows of cases, precomputed for painting, updated in place.

The board's deadlines live here too: a countdown column repainted on its own, rows tinted by
escalation level (and the level spelled out for those who cannot tell the tints apart), and
cases under supervision (督办) pinned above every sort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from console.cases.query import OVERDUE_LEVEL, CaseFilter
from console.core.domain import CaseRow, Severity, Stage
from widgets.common import labels
from widgets.common.row_model import SORT_ROLE, RowTableModel
from widgets.common.time_text import (
    NO_VALUE,
    countdown_text,
    duration_text,
    local_time,
    local_time_seconds,
    short_local_time,
)

_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Column(IntEnum):
    REF = 0
    SEV = 1
    TITLE = 2
    CATEGORY = 3
    STAGE = 4
    DUE = 5
    LEVEL = 6
    GRID = 7
    TEAM = 8
    REPORTED = 9
    AGE = 10
    UPDATED = 11


COLUMN_COUNT = len(Column)
_ALIGNMENT = tuple(_RIGHT if c in {Column.AGE, Column.UPDATED} else _LEFT for c in Column)
_NO_DUE = float("inf")  # the sort key of a case with no running deadline (paused or none)
# New rows landing in at most this many places are inserted where they belong, one
# insert per run; beyond it, appended and sorted into place with one layout change.
MAX_INSERT_RUNS = 32


def column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("CaseBoardModel", "Ref"),
        QCoreApplication.translate("CaseBoardModel", "Sev"),
        QCoreApplication.translate("CaseBoardModel", "Title"),
        QCoreApplication.translate("CaseBoardModel", "Category"),
        QCoreApplication.translate("CaseBoardModel", "Stage"),
        QCoreApplication.translate("CaseBoardModel", "Due"),
        QCoreApplication.translate("CaseBoardModel", "Level"),
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
    due_kind: str  # the stage the next deadline is for, in words

    @property
    def unpinned(self) -> bool:
        """Sorts supervised cases (False) above the rest."""
        return not self.row.supervised

    @property
    def no_due(self) -> bool:
        """Sorts cases without a running deadline after the rest, in either direction."""
        return self.sort[Column.DUE] == _NO_DUE


class CaseBoardModel(RowTableModel[_Item, int]):
    """Cases as table rows, with an id → row index for live updates.

    ``reset_rows`` is for a full reload (a filter change); ``apply_rows`` applies live
    changes with the narrowest signals (row-span ``dataChanged``, row removals, one
    batched insert at the end) and never resets; ``insert_rows`` adds rows loaded in the
    background, also without a reset.

    The model sorts itself (``sort``) by the raw values of ``SORT_ROLE``: a list sort in
    Python takes milliseconds for 10,000 rows, where a proxy comparing through ``data()``
    takes a second. After live changes it re-sorts with ``layoutChanged``, which keeps
    selection and scroll position (persistent indexes move with their rows). Whatever the
    sort, supervised cases stay on top, and sorting by Due puts cases without a running
    deadline last.

    The Due column counts down from the moment of the last ``refresh_countdowns`` (or of
    the last change applied); the view repaints only the rows it is asked to.

    Signals:
        escalated(list): ``CaseRow``s whose escalation level rose to breached (2) or
            breached for long (3) in one ``apply_rows``; a case the board did not show
            before counts only when the board shows overdue cases alone (outside that
            filter, it merely came into view).
    """

    escalated = Signal(list)

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(column_titles, lambda item: item.row.id, parent)
        self._now = now
        self._shown_at = now()  # the moment Age and Updated are measured from
        self._due_now = self._shown_at  # the moment the countdowns are measured from
        self._levels: dict[int, int] = {}  # last level seen per case, on the board or not
        self._severity_colors: dict[Severity, QColor] = {}
        self._level_colors: dict[int, QColor] = {}
        self._emphasis: QFont | None = None
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
        self._emit_columns(Column.SEV, Column.SEV, [Qt.ItemDataRole.ForegroundRole])

    def set_level_colors(self, colors: Mapping[int, QColor]) -> None:
        """Row tints per escalation level for the current theme; repaints the rows."""
        self._level_colors = dict(colors)
        self._emit_columns(roles=[Qt.ItemDataRole.BackgroundRole])

    def set_emphasis_font(self, font: QFont) -> None:
        """The font (the table's, bold) of a breached case's Level cell."""
        self._emphasis = font

    # ---- columns and roles -------------------------------------------------------------

    def cell(self, item: _Item, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DUE:
                return self._due_text(item)
            if column < Column.AGE:
                return item.display[column]
            if column == Column.AGE:
                return duration_text((self._shown_at - item.row.reported_at).total_seconds())
            return _ago(self._shown_at, item.row.updated_at)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._level_colors.get(item.row.escalation_level)
        if role == SORT_ROLE:
            return item.sort[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.SEV:
                return self._severity_colors.get(item.row.severity)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == Column.LEVEL and item.row.escalation_level >= OVERDUE_LEVEL:
                return self._emphasis
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENT[column]
        return None

    def retranslate(self) -> None:
        """The interface language changed: column titles and row texts anew, in place
        (same rows, same order: selection and scroll stay)."""
        self._retranslate_titles()
        self._items = [self._prepare(item.row) for item in self._items]
        self._emit_columns()

    def row_at(self, row: int) -> CaseRow:
        return self._items[row].row

    def case_ids(self) -> list[int]:
        return self.keys()

    # ---- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``'s raw values (stable: ties keep their order), supervised
        cases first."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self._resort()

    def _order(self, items: list[_Item]) -> None:
        """Sort ``items`` in place the way the board shows them."""
        column = self._sort_column
        if column >= 0:
            items.sort(key=lambda item: item.sort[column],
                       reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        if column == Column.DUE:
            items.sort(key=lambda item: (item.unpinned, item.no_due))
        else:
            items.sort(key=lambda item: item.unpinned)

    def _resort(self) -> None:
        self._sort_items(self._order)

    # ---- writing -----------------------------------------------------------------------

    def reset_rows(self, rows: Iterable[CaseRow]) -> None:
        """Replace every row: only for a full reload, such as a filter change."""
        self._shown_at = self._due_now = self._now()
        items = [self._prepare(row) for row in rows]
        self._remember_levels(items)
        self._order(items)
        self._reset_items(items)

    def insert_rows(self, rows: Iterable[CaseRow]) -> int:
        """Add rows not on the board yet (loaded in the background) where the sort puts
        them: one insert per run of new rows, or, when they land in many places, one
        insert at the end and a layout change. Never a reset. Rows already on the board
        are left as they are: what the live updates brought is at least as fresh.
        Returns how many were added."""
        added = [self._prepare(row) for row in rows if row.id not in self._index]
        if not added:
            return 0
        self._due_now = self._now()
        self._remember_levels(added)
        # The rows on the board are in order already, and the sort is stable: in the
        # merged order they keep theirs, and the new ones fall into runs between them.
        merged = [*self._items, *added]
        self._order(merged)
        fresh = {id(item) for item in added}
        runs: list[tuple[int, int]] = []
        for pos, item in enumerate(merged):
            if id(item) in fresh:
                if runs and runs[-1][1] == pos - 1:
                    runs[-1] = (runs[-1][0], pos)
                else:
                    runs.append((pos, pos))
        if len(runs) <= MAX_INSERT_RUNS:
            # In ascending order, each run's final position is its position now.
            for first, last in runs:
                self._insert_items(first, merged[first:last + 1])
            return len(added)
        self._append_items(added)
        self._resort()
        return len(added)

    def apply_rows(self, rows: Iterable[CaseRow], flt: CaseFilter) -> None:
        """Apply live rows: update in place, remove those no longer matching ``flt``,
        append new matching ones (then re-sort, if sorted). Never resets."""
        latest = {row.id: row for row in rows}
        self._due_now = self._now()  # the changed rows count down from the same moment
        changed: list[int] = []
        removed: list[int] = []
        added: list[_Item] = []
        escalated: list[CaseRow] = []
        reorder = False
        for row in latest.values():
            pos = self._index.get(row.id)
            keep = flt.matches(row)
            if keep and self._rose_to_breach(row, flt):
                escalated.append(row)
            self._levels[row.id] = row.escalation_level
            if pos is None:
                if keep:
                    added.append(self._prepare(row))
            elif not keep:
                removed.append(pos)
            elif self._items[pos].row != row:
                old = self._items[pos]
                self._items[pos] = new = self._prepare(row)
                changed.append(pos)
                reorder |= old.unpinned != new.unpinned
                if self._sort_column >= 0:
                    reorder |= old.sort[self._sort_column] != new.sort[self._sort_column]
        for pos in sorted(changed):
            self._emit_rows(pos, pos)
        self._remove_rows(removed)
        self._append_items(added)
        if reorder or (added and (self._sort_column >= 0
                                  or any(item.row.supervised for item in added))):
            self._resort()
        if escalated:
            self.escalated.emit(escalated)

    def _rose_to_breach(self, row: CaseRow, flt: CaseFilter) -> bool:
        """Whether ``row`` is a new breach: its level rose to 2 or 3 since last seen. A
        case never seen was outside the filter; below breach if the filter is overdue."""
        if row.escalation_level < OVERDUE_LEVEL:
            return False
        before = self._levels.get(row.id)
        if before is None:
            return flt.overdue_only
        return row.escalation_level > before

    def _remember_levels(self, items: Iterable[_Item]) -> None:
        for item in items:
            self._levels[item.row.id] = item.row.escalation_level

    def refresh_countdowns(self, runs: Iterable[tuple[int, int]]) -> None:
        """A second passed: measure the countdowns from now and repaint the Due cells of
        the rows in ``runs`` ((first, last) model rows: the ones on screen) only."""
        self._due_now = self._now()
        self._emit_column_runs(Column.DUE, runs, [Qt.ItemDataRole.DisplayRole])

    def refresh_ages(self) -> None:
        """Time passed: measure Age and Updated from now and repaint only those two
        adjacent columns (the view repaints just the visible cells)."""
        self._shown_at = self._now()
        self._emit_columns(Column.AGE, Column.UPDATED, [Qt.ItemDataRole.DisplayRole])

    # ---- internals ---------------------------------------------------------------------

    @staticmethod
    def _prepare(row: CaseRow) -> _Item:
        category = labels.category_label(row.category)
        reported_ts = row.reported_at.timestamp()
        reference = (QCoreApplication.translate("CaseBoardModel", "★ {ref}").format(
            ref=row.reference) if row.supervised else row.reference)
        running = row.next_due_at is not None and not row.paused
        return _Item(
            row=row,
            display=(reference, labels.severity_label(row.severity), row.title, category,
                     labels.stage_status(row.stage, row.paused), "",
                     labels.level_mark(row.escalation_level), row.grid_code,
                     row.team_code or NO_VALUE, short_local_time(row.reported_at)),
            sort=(
                row.reference,
                int(row.severity),
                labels.collation_key(row.title),
                labels.collation_key(category),
                _STAGE_ORDER[row.stage] * 2 + int(row.paused),
                row.next_due_at.timestamp() if running and row.next_due_at else _NO_DUE,
                row.escalation_level,
                row.grid_code,
                row.team_code or "",
                reported_ts,
                -reported_ts,
                row.updated_at.timestamp(),
            ),
            due_kind=labels.deadline_kind_label(row.next_due_kind),
        )

    def _due_text(self, item: _Item) -> str:
        """``Register 2 m 14 s``, ``Dispatch 12 m 05 s late``, ``paused`` or a dash."""
        row = item.row
        if row.paused and row.is_open:
            return QCoreApplication.translate("CaseBoardModel", "paused")
        if row.next_due_at is None:
            return NO_VALUE
        left = (row.next_due_at - self._due_now).total_seconds()
        if left >= 0:
            return QCoreApplication.translate("CaseBoardModel", "{kind} {left}").format(
                kind=item.due_kind, left=countdown_text(left))
        return QCoreApplication.translate("CaseBoardModel", "{kind} {late} late").format(
            kind=item.due_kind, late=countdown_text(left))

    def _tooltip(self, item: _Item, column: int) -> str:
        row = item.row
        if column == Column.REF:
            if row.supervised:
                return QCoreApplication.translate(
                    "CaseBoardModel", "Under supervision\n{ref} — {title}").format(
                        ref=row.reference, title=row.title)
            return f"{row.reference} — {row.title}"
        if column == Column.DUE:
            return self._due_tooltip(item)
        if column == Column.LEVEL:
            return level_meaning(row.escalation_level)
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

    @staticmethod
    def _due_tooltip(item: _Item) -> str:
        row = item.row
        if row.next_due_at is None:
            return QCoreApplication.translate("CaseBoardModel", "No deadline running")
        due = QCoreApplication.translate("CaseBoardModel", "{kind} due {when}").format(
            kind=item.due_kind, when=local_time(row.next_due_at))
        if row.paused:
            return QCoreApplication.translate(
                "CaseBoardModel", "Paused: the deadline clock is stopped\n{due}").format(due=due)
        return due


def level_meaning(level: int) -> str:
    """What an escalation level asks of whom, for tooltips."""
    texts = {
        0: QCoreApplication.translate("CaseBoardModel", "On time"),
        1: QCoreApplication.translate(
            "CaseBoardModel", "Level 1 — warning: most of the time allowed is used"),
        2: QCoreApplication.translate(
            "CaseBoardModel", "Level 2 — breached: the supervisor chases the owner team"),
        3: QCoreApplication.translate(
            "CaseBoardModel", "Level 3 — breached for long: the commander takes over"),
    }
    return texts[min(max(level, 0), 3)]


def _ago(now: datetime, when: datetime) -> str:
    """``12 m ago``: how fresh a change is, which matters more on a live board than the
    clock time (that is in the tooltip)."""
    return QCoreApplication.translate("CaseBoardModel", "{d} ago").format(
        d=duration_text((now - when).total_seconds()))
