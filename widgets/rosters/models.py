"""The roster panel's models: teams at a glance, members, the week of shifts, now and next.

Each model keeps rows precomputed for ``data()`` and applies changes with the narrowest
signals it can (row-span ``dataChanged``, row inserts and removals); a reset only when the
whole content changes (another week, another team's people).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from console.core.domain import TeamRef
from console.rosters.domain import (
    Availability,
    MemberRow,
    Readiness,
    ShiftKind,
    ShiftMemberRef,
    ShiftRow,
    TeamStatus,
)
from widgets.common import labels
from widgets.common.row_model import SORT_ROLE, ModelIndex, RowTableModel
from widgets.common.time_text import NO_VALUE, duration_text, weekday_day_month, weekday_name
from widgets.shell.theme import Theme

ID_ROLE = Qt.ItemDataRole.UserRole + 2
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


# ---- colours and words ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterColors:
    """Text colours of availability and readiness, and the tint of a row with a gap;
    readable on the theme's table background (tests hold them to WCAG AA)."""

    availability: Mapping[Availability, str]
    readiness: Mapping[Readiness, str]
    gap_background: str


_COLORS: dict[Theme, RosterColors] = {
    Theme.DARK: RosterColors(
        availability={Availability.AVAILABLE: "#6fcf97", Availability.ON_TASK: "#5aa9e6",
                      Availability.OFF_DUTY: "#9aa4af", Availability.LEAVE: "#e8c95a"},
        readiness={Readiness.READY: "#6fcf97", Readiness.GAP: "#ff8080",
                   Readiness.NO_SHIFT: "#9aa4af"},
        gap_background="#3f2226",
    ),
    Theme.LIGHT: RosterColors(
        availability={Availability.AVAILABLE: "#1b6e3f", Availability.ON_TASK: "#1f6fb2",
                      Availability.OFF_DUTY: "#56616d", Availability.LEAVE: "#7a5d00"},
        readiness={Readiness.READY: "#1b6e3f", Readiness.GAP: "#b3202a",
                   Readiness.NO_SHIFT: "#56616d"},
        gap_background="#f8e1e1",
    ),
}


def roster_colors(theme: Theme) -> RosterColors:
    return _COLORS[theme]


@cache
def _availability_labels() -> dict[Availability, str]:
    return {
        Availability.AVAILABLE: QCoreApplication.translate("RosterLabels", "Available"),
        Availability.ON_TASK: QCoreApplication.translate("RosterLabels", "On task"),
        Availability.OFF_DUTY: QCoreApplication.translate("RosterLabels", "Off duty"),
        Availability.LEAVE: QCoreApplication.translate("RosterLabels", "On leave"),
    }


@cache
def _readiness_labels() -> dict[Readiness, str]:
    return {
        Readiness.READY: QCoreApplication.translate("RosterLabels", "Ready"),
        Readiness.GAP: QCoreApplication.translate("RosterLabels", "Gap"),
        Readiness.NO_SHIFT: QCoreApplication.translate("RosterLabels", "No shift"),
    }


def availability_label(value: Availability) -> str:
    return _availability_labels()[value]


def readiness_label(value: Readiness) -> str:
    return _readiness_labels()[value]


def readiness_text(status: TeamStatus) -> str:
    """``Ready 12/12``, ``⚠ Gap 11/12``, ``No shift``: never the colour alone."""
    shift = status.readiness_shift
    if shift is None:
        return readiness_label(Readiness.NO_SHIFT)
    text = QCoreApplication.translate("RosterLabels", "{state} {ready}/{needed}").format(
        state=readiness_label(status.readiness), ready=shift.ready, needed=shift.needed)
    return f"⚠ {text}" if status.readiness is Readiness.GAP else text


def crew_text(shift: ShiftRow) -> str:
    """``A``, ``on call 3``: who a shift is, briefly."""
    crew = shift.crew or shift.team_code
    if shift.kind is ShiftKind.ON_CALL:
        return QCoreApplication.translate("RosterLabels", "on call {crew}").format(crew=crew)
    return crew


class ZoneTimes:
    """Times as the roster shows them: the center's wall clock."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def hm(self, when: datetime) -> str:
        return when.astimezone(self.zone).strftime("%H:%M")

    def day_hm(self, when: datetime, today: date) -> str:
        """``20:00`` today, ``Mon 08:00`` another day."""
        local = when.astimezone(self.zone)
        if local.date() == today:
            return local.strftime("%H:%M")
        return f"{weekday_name(local.date())} {local.strftime('%H:%M')}"

    def span(self, shift: ShiftRow) -> str:
        start = shift.starts_at.astimezone(self.zone)
        end = shift.ends_at.astimezone(self.zone)
        if end - start >= timedelta(days=1):
            return (f"{weekday_name(start.date())} {start.strftime('%H:%M')}–"
                    f"{weekday_name(end.date())} {end.strftime('%H:%M')}")
        return f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"

    def full(self, when: datetime) -> str:
        return when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()


# ---- teams at a glance ------------------------------------------------------------------


class TeamColumn(IntEnum):
    TEAM = 0
    READINESS = 1
    NOW = 2
    NEXT = 3
    AVAILABLE = 4
    ON_TASK = 5
    AWAY = 6
    NAME = 7


def team_column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("TeamStatusModel", "Team"),
        QCoreApplication.translate("TeamStatusModel", "Readiness"),
        QCoreApplication.translate("TeamStatusModel", "On now"),
        QCoreApplication.translate("TeamStatusModel", "Next"),
        QCoreApplication.translate("TeamStatusModel", "Avail."),
        QCoreApplication.translate("TeamStatusModel", "Task"),
        QCoreApplication.translate("TeamStatusModel", "Off/leave"),
        QCoreApplication.translate("TeamStatusModel", "Name"),
    )


@dataclass(slots=True)
class _TeamItem:
    status: TeamStatus
    display: tuple[str, ...]
    tooltip: tuple[str, ...]
    sort: tuple[Any, ...]


class TeamStatusModel(RowTableModel[_TeamItem, int]):
    """One row per team: readiness in words and colour, who is on now and next, and
    members by availability. ``set_statuses`` updates rows in place.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, times: ZoneTimes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._times = times
        self._today: date | None = None  # of the last statuses set
        self._colors = roster_colors(Theme.DARK)

    def column_titles(self) -> tuple[str, ...]:
        return team_column_titles()

    def item_key(self, item: _TeamItem) -> int:
        return item.status.team.id

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip[column]
        if role == SORT_ROLE:
            return item.sort[column]
        if role == ID_ROLE:
            return item.status.team.id
        if role == Qt.ItemDataRole.ForegroundRole and column == TeamColumn.READINESS:
            return QColor(self._colors.readiness[item.status.readiness])
        if role == Qt.ItemDataRole.BackgroundRole and item.status.readiness is Readiness.GAP:
            return QColor(self._colors.gap_background)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        return None

    def status_at(self, row: int) -> TeamStatus:
        return self._items[row].status

    def set_statuses(self, statuses: Sequence[TeamStatus], now: datetime) -> None:
        """Apply fresh statuses: changed rows repaint, vanished teams are removed, new
        ones appended."""
        today = self._times.today(now)
        self._today = today
        fresh = {s.team.id: self._prepare(s, today) for s in statuses}
        self._remove_rows(pos for pos, item in enumerate(self._items)
                          if self.item_key(item) not in fresh)
        for pos, item in enumerate(self._items):
            new = fresh.pop(self.item_key(item))
            if new.display != item.display or new.status != item.status:
                self._replace_item(pos, new)
        self._append_items(list(fresh.values()))

    def retranslate(self) -> None:
        """The interface language changed: column titles and row texts anew, in place."""
        self._retranslate_titles()
        if self._today is not None:
            today = self._today
            self._items = [self._prepare(item.status, today) for item in self._items]
        self._emit_columns()

    def _prepare(self, s: TeamStatus, today: date) -> _TeamItem:
        translate = QCoreApplication.translate
        t = self._times
        duty = [r for r in s.current if r.kind is ShiftKind.DUTY] or list(s.current)
        now_text = ", ".join(
            translate("TeamStatusModel", "{crew} until {end}").format(
                crew=crew_text(r), end=t.day_hm(r.ends_at, today)) for r in duty) or NO_VALUE
        next_text = (translate("TeamStatusModel", "{crew} at {start}").format(
            crew=crew_text(s.next), start=t.day_hm(s.next.starts_at, today))
            if s.next is not None else NO_VALUE)
        by = s.by_availability
        away = by.get(Availability.OFF_DUTY, 0) + by.get(Availability.LEAVE, 0)
        readiness = readiness_text(s)
        shift = s.readiness_shift
        readiness_tip = (
            translate("TeamStatusModel", "{state}: {ready} of {needed} needed are available and "
               "qualified on {crew} {span}").format(
                state=readiness_label(s.readiness), ready=shift.ready, needed=shift.needed,
                crew=crew_text(shift), span=t.span(shift))
            if shift is not None else
            translate("TeamStatusModel", "No shift now nor in the next 24 hours"))
        people_tip = ", ".join(m.name for r in duty for m in r.members)
        return _TeamItem(
            status=s,
            display=(s.team.code, readiness, now_text, next_text,
                     f"{s.available}/{s.members}", str(by.get(Availability.ON_TASK, 0)),
                     f"{by.get(Availability.OFF_DUTY, 0)}/{by.get(Availability.LEAVE, 0)}",
                     labels.place_name(s.team)),
            tooltip=(
                f"{s.team.code} — {s.team.name_en} / {s.team.name_zh}"
                + (f"\n{translate('TeamStatusModel', 'Leader')}: {s.leader_name}"
                   if s.leader_name else ""),
                readiness_tip,
                people_tip or now_text,
                (", ".join(m.name for m in s.next.members) if s.next is not None
                 else next_text),
                translate("TeamStatusModel", "{n} of {total} members available").format(
                    n=s.available, total=s.members),
                translate("TeamStatusModel", "Members on task on cases"),
                translate("TeamStatusModel", "Off duty / on leave"),
                s.team.name_zh,
            ),
            sort=(s.team.code,
                  ({Readiness.GAP: 0, Readiness.READY: 2, Readiness.NO_SHIFT: 3}[s.readiness],
                   (shift.ready - shift.needed) if shift else 0),
                  now_text, s.next.starts_at.timestamp() if s.next else float("inf"),
                  s.available, by.get(Availability.ON_TASK, 0), away,
                  labels.collation_key(labels.place_name(s.team))),
        )


# ---- members ------------------------------------------------------------------------------


class MemberColumn(IntEnum):
    NAME = 0
    TEAM = 1
    AVAILABILITY = 2
    ROLE = 3
    PHONE = 4
    SHIFT = 5
    SINCE = 6
    QUALIFICATIONS = 7


def member_column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("MemberTableModel", "Name"),
        QCoreApplication.translate("MemberTableModel", "Team"),
        QCoreApplication.translate("MemberTableModel", "Availability"),
        QCoreApplication.translate("MemberTableModel", "Role"),
        QCoreApplication.translate("MemberTableModel", "Phone"),
        QCoreApplication.translate("MemberTableModel", "Shift"),
        QCoreApplication.translate("MemberTableModel", "Since"),
        QCoreApplication.translate("MemberTableModel", "Qualifications"),
    )


_AVAILABILITY_ORDER = {a: i for i, a in enumerate(Availability)}


@dataclass(slots=True)
class _MemberItem:
    row: MemberRow
    display: list[str]
    sort: tuple[Any, ...]


class MemberTableModel(RowTableModel[_MemberItem, int]):
    """Members as rows with an id → row index; ``apply_rows`` updates, removes (members
    who no longer serve) and appends without a reset.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qualification_names: Mapping[str, str] = {}
        self._colors = roster_colors(Theme.DARK)
        self._now: datetime | None = None

    def set_qualification_names(self, names: Mapping[str, str]) -> None:
        self._qualification_names = dict(names)

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns(MemberColumn.AVAILABILITY, MemberColumn.AVAILABILITY,
                           [Qt.ItemDataRole.ForegroundRole])

    def column_titles(self) -> tuple[str, ...]:
        return member_column_titles()

    def item_key(self, item: _MemberItem) -> int:
        return item.row.id

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display[column]
        if role == SORT_ROLE:
            return item.sort[column]
        if role == ID_ROLE:
            return item.row.id
        if role == Qt.ItemDataRole.ForegroundRole and column == MemberColumn.AVAILABILITY:
            return QColor(self._colors.availability[item.row.availability])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item.row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        return None

    def row_at(self, row: int) -> MemberRow:
        return self._items[row].row

    def member_ids(self) -> list[int]:
        return self.keys()

    def rows(self) -> Iterator[MemberRow]:
        return (item.row for item in self._items)

    def reset_rows(self, rows: Iterable[MemberRow], now: datetime) -> None:
        """Replace every row: only for a full reload (the whole roster changed)."""
        self._now = now
        self._reset_items([self._prepare(r) for r in rows if r.active])

    def retranslate(self) -> None:
        """The interface language changed: column titles and row texts anew, in place."""
        self._retranslate_titles()
        self._items = [self._prepare(item.row) for item in self._items]
        self._emit_columns()

    def apply_rows(self, rows: Iterable[MemberRow], now: datetime) -> None:
        """Apply fresh rows of some members: in place, removed, or appended."""
        self._now = now
        changed: list[int] = []
        removed: list[int] = []
        added: list[_MemberItem] = []
        for row in rows:
            pos = self._index.get(row.id)
            if pos is None:
                if row.active:
                    added.append(self._prepare(row))
            elif not row.active:
                removed.append(pos)
            elif self._items[pos].row != row:
                self._items[pos] = self._prepare(row)
                changed.append(pos)
        for pos in sorted(changed):
            self._emit_rows(pos, pos)
        self._remove_rows(removed)
        self._append_items(added)

    def refresh_since(self, now: datetime) -> None:
        """Time passes: recompute the Since column and repaint only it."""
        self._now = now
        if not self._items:
            return
        for item in self._items:
            item.display[MemberColumn.SINCE] = self._since(item.row)
        self._emit_columns(MemberColumn.SINCE, MemberColumn.SINCE,
                           [Qt.ItemDataRole.DisplayRole])

    def _since(self, row: MemberRow) -> str:
        """How long a member has been on task, off duty or on leave (a dash while
        available: that is the normal state, and a column of ages would be noise)."""
        if self._now is None or row.availability is Availability.AVAILABLE:
            return NO_VALUE
        return duration_text((self._now - row.availability_since).total_seconds())

    def _prepare(self, row: MemberRow) -> _MemberItem:
        translate = QCoreApplication.translate
        state = availability_label(row.availability)
        if row.availability is Availability.ON_TASK and row.current_case_ref:
            state = translate("MemberTableModel", "{state} {case}").format(
                state=state, case=row.current_case_ref)
        names = [self._qualification_names.get(q, q) for q in row.qualifications]
        return _MemberItem(
            row=row,
            display=[row.name, row.team_code, state, row.role, row.phone or NO_VALUE,
                     translate("MemberTableModel", "On shift") if row.on_shift else NO_VALUE,
                     self._since(row), ", ".join(names)],
            sort=(labels.collation_key(row.name), row.team_code,
                  (_AVAILABILITY_ORDER[row.availability], row.current_case_ref or ""),
                  row.role.casefold(), row.phone, not row.on_shift,
                  row.availability_since.timestamp(), ", ".join(names)),
        )

    def _tooltip(self, row: MemberRow, column: int) -> str:
        translate = QCoreApplication.translate
        if column == MemberColumn.NAME:
            lead = translate("MemberTableModel", " — team leader") if row.leader else ""
            return f"{row.name}{lead}\n{row.role}\n{row.phone}"
        if column == MemberColumn.QUALIFICATIONS:
            return "\n".join(self._qualification_names.get(q, q) for q in row.qualifications)
        if column == MemberColumn.SHIFT:
            return (translate("MemberTableModel", "On a shift running now") if row.on_shift
                    else translate("MemberTableModel", "Not on a shift now"))
        return self._items[self._index[row.id]].display[column]


class MemberProxy(QSortFilterProxyModel):
    """Filters members by team, qualification and free text (name, role, phone).

    Signals: only those of ``QSortFilterProxyModel``.
    """

    def __init__(self, model: MemberTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._members = model
        self._team_id: int | None = None
        self._qualification: str | None = None
        self._words: list[str] = []
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def team_id(self) -> int | None:
        return self._team_id

    @property
    def qualification(self) -> str | None:
        return self._qualification

    def set_filter(self, *, team_id: int | None, qualification: str | None,
                   text: str) -> None:
        words = text.casefold().split()
        if (team_id, qualification, words) == (self._team_id, self._qualification,
                                                self._words):
            return
        self.beginFilterChange()
        self._team_id, self._qualification, self._words = team_id, qualification, words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        return self.accepts(self._members.row_at(source_row))

    def accepts(self, row: MemberRow) -> bool:
        if self._team_id is not None and row.team_id != self._team_id:
            return False
        if self._qualification and self._qualification not in row.qualifications:
            return False
        if self._words:
            hay = f"{row.name} {row.role} {row.phone} {row.team_code}".casefold()
            return all(w in hay for w in self._words)
        return True


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
        super().__init__(parent)
        self._times = times
        self._colors = roster_colors(Theme.DARK)

    def column_titles(self) -> tuple[str, ...]:
        return duty_column_titles()

    def item_key(self, item: _DutyItem) -> tuple[int, int]:
        return (item.shift_id, item.member.id)

    def retranslate(self) -> None:
        """The interface language changed: the column titles anew."""
        self._retranslate_titles()

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display[index.column()]
        if role == ID_ROLE:
            return item.member.id
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == DutyColumn.AVAILABILITY:
            return QColor(self._colors.availability[item.member.availability])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DutyColumn.AVAILABILITY:
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


def retranslate() -> None:
    """Forget the cached words, after a translator was installed or removed."""
    _availability_labels.cache_clear()
    _readiness_labels.cache_clear()
