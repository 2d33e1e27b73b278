"""The roster's schedule models: the week of shifts (teams × days) and who is on now and next.

The week is a grid of cells, not a list of rows, so ``WeekModel`` stays on
``QAbstractTableModel``; ``DutyModel`` is a row model on the shared base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor

from console.core.domain import TeamRef
from console.rosters.domain import (
    ShiftMemberRef,
    ShiftRow,
)
from widgets.common import labels
from widgets.common.row_model import ID_ROLE, ModelIndex, RowTableModel
from widgets.common.time_text import NO_VALUE, weekday_day_month
from widgets.rosters.labels import (
    RosterColors,
    ZoneTimes,
    availability_label,
    crew_text,
    roster_colors,
)
from widgets.shell.theme import Theme

_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

# ---- the week -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WeekCell:
    text: str
    tooltip: str
    gap: bool


class WeekModel(QAbstractTableModel):
    """Teams × seven days: the shifts of each team that start on each day (a shift over
    a day long is shown on every day it covers), with their readiness in words.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, times: ZoneTimes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._times = times
        self._teams: list[TeamRef] = []
        self._days: list[date] = []
        self._today: date | None = None
        self._cells: dict[tuple[int, int], _WeekCell] = {}
        self._colors = roster_colors(Theme.DARK)

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        if self._teams:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._teams) - 1, len(self._days) - 1))

    @property
    def first_day(self) -> date | None:
        return self._days[0] if self._days else None

    def max_lines(self) -> int:
        """The most shifts any one cell lists (for the row height)."""
        return max((c.text.count("\n") + 1 for c in self._cells.values()), default=1)

    def team_at(self, row: int) -> TeamRef:
        return self._teams[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._teams)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._days)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self._cells.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text if cell else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip if cell else None
        if role == Qt.ItemDataRole.BackgroundRole and cell is not None and cell.gap:
            # The tint says "look here"; the ⚠ line says which shift and by how much.
            return QColor(self._colors.gap_background)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _TOP_LEFT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._days):
                day = self._days[section]
                label = weekday_day_month(day)
                if day == self._today:
                    return QCoreApplication.translate("WeekModel", "{day} · today").format(
                        day=label)
                return label
            if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._teams):
                return self._teams[section].code
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical
                and 0 <= section < len(self._teams)):
            return labels.place_name(self._teams[section])
        return None

    def set_week(self, first_day: date, teams: Sequence[TeamRef], shifts: Sequence[ShiftRow],
                 now: datetime) -> None:
        """Show the week from ``first_day``: the same week and teams repaint only the
        cells that changed; another week or team list is a full reload. Readiness is
        marked on shifts not over yet (a past shift's members have moved on since)."""
        days = [first_day + timedelta(days=i) for i in range(7)]
        teams = list(teams)
        today = self._times.today(now)
        cells = self._cells_for(days, teams, shifts, now)
        same = days == self._days and [t.id for t in teams] == [t.id for t in self._teams]
        if not same or today != self._today:
            self.beginResetModel()
            self._days, self._teams, self._cells, self._today = days, teams, cells, today
            self.endResetModel()
            return
        changed = [key for key in set(cells) | set(self._cells)
                   if cells.get(key) != self._cells.get(key)]
        self._cells = cells
        for row, column in sorted(changed):
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    def _cells_for(self, days: list[date], teams: list[TeamRef], shifts: Sequence[ShiftRow],
                   now: datetime) -> dict[tuple[int, int], _WeekCell]:
        translate = QCoreApplication.translate
        zone = self._times.zone
        row_of = {t.id: i for i, t in enumerate(teams)}
        lines: dict[tuple[int, int], list[tuple[str, str, bool]]] = {}
        for shift in shifts:
            row = row_of.get(shift.team_id)
            if row is None:
                continue
            start = shift.starts_at.astimezone(zone)
            end = shift.ends_at.astimezone(zone)
            for column, day in enumerate(days):
                day_start = datetime.combine(day, time(0), tzinfo=zone)
                day_end = day_start + timedelta(days=1)
                starts_today = start.date() == day
                covers_day = start <= day_start and end >= day_end
                if not (starts_today or covers_day):
                    continue
                crew = crew_text(shift)
                span = (f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}" if starts_today
                        else translate("WeekModel", "all day"))
                text = f"{crew} {span}"
                gap = shift.gap and shift.ends_at > now
                if gap:
                    text = translate("WeekModel", "⚠ {text} {ready}/{needed}").format(
                        text=text, ready=shift.ready, needed=shift.needed)
                tip = translate("WeekModel", "{team} {crew}: {span}, {ready} of {needed} ready\n"
                         "{people}").format(
                    team=shift.team_code, crew=crew, span=self._times.span(shift),
                    ready=shift.ready, needed=shift.needed,
                    people=", ".join(m.name for m in shift.members))
                lines.setdefault((row, column), []).append((text, tip, gap))
        return {key: _WeekCell("\n".join(t for t, _, _ in items),
                               "\n\n".join(tip for _, tip, _ in items),
                               any(g for _, _, g in items))
                for key, items in lines.items()}


# ---- who is on now and next -------------------------------------------------------------


class DutyColumn(IntEnum):
    WHEN = 0
    NAME = 1
    ROLE = 2
    AVAILABILITY = 3
    PHONE = 4


def duty_column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("DutyModel", "Shift"),
        QCoreApplication.translate("DutyModel", "Name"),
        QCoreApplication.translate("DutyModel", "Role"),
        QCoreApplication.translate("DutyModel", "Availability"),
        QCoreApplication.translate("DutyModel", "Phone"),
    )


@dataclass(frozen=True, slots=True)
class _DutyItem:
    shift_id: int
    member: ShiftMemberRef
    display: tuple[str, ...]


class DutyModel(RowTableModel[_DutyItem, tuple[int, int]]):
    """The people of one team's running shifts and of its next shift, with phones: whom
    to call now.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, times: ZoneTimes, parent: QObject | None = None) -> None:
        super().__init__(duty_column_titles, lambda item: (item.shift_id, item.member.id), parent)
        self._times = times
        self._colors = roster_colors(Theme.DARK)

    def retranslate(self) -> None:
        """The interface language changed: the column titles anew."""
        self._retranslate_titles()

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns()

    def cell(self, item: _DutyItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display[column]
        if role == ID_ROLE:
            return item.member.id
        if role == Qt.ItemDataRole.ForegroundRole and column == DutyColumn.AVAILABILITY:
            return QColor(self._colors.availability[item.member.availability])
        if role == Qt.ItemDataRole.ToolTipRole and column == DutyColumn.AVAILABILITY:
            return (QCoreApplication.translate("DutyModel", "Counts towards readiness")
                    if item.member.counts else
                    QCoreApplication.translate("DutyModel", "Does not count towards readiness "
                                               "(not available, or lacks the team's "
                                               "qualification)"))
        return None

    def set_shifts(self, current: Sequence[ShiftRow], upcoming: ShiftRow | None,
                   now: datetime) -> None:
        """Show these shifts' people: the same people repaint in place, others reload."""
        translate = QCoreApplication.translate
        today = self._times.today(now)
        items: list[_DutyItem] = []
        for shift, label in ([(s, translate("DutyModel", "Now")) for s in current]
                             + ([(upcoming, translate("DutyModel", "Next"))] if upcoming else [])):
            when = translate("DutyModel", "{label} · {crew} {start}–{end}").format(
                label=label, crew=crew_text(shift),
                start=self._times.day_hm(shift.starts_at, today),
                end=self._times.day_hm(shift.ends_at, today))
            for n, member in enumerate(shift.members):
                state = availability_label(member.availability)
                if member.counts:
                    state = f"{state} ✓"
                # The shift is named on its first row only: a column of repeats is noise.
                items.append(_DutyItem(shift.id, member, (
                    when if n == 0 else "", member.name, member.role, state,
                    member.phone or NO_VALUE)))
        if [self.item_key(i) for i in items] != self.keys():
            self._reset_items(items)
            return
        for pos, (old, new) in enumerate(zip(list(self._items), items, strict=True)):
            if old != new:
                self._replace_item(pos, new)
