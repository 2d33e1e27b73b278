"""The roster panel's row models: teams at a glance and members (the week and who is on now
and next are in ``schedule_models``; words and colours in ``labels``).

Each model keeps rows precomputed for ``data()`` and applies changes with the narrowest
signals it can (row-span ``dataChanged``, row inserts and removals); a reset only when the
whole content changes (another week, another team's people).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from console.rosters.domain import (
    Availability,
    MemberRow,
    Readiness,
    ShiftKind,
    TeamStatus,
)
from widgets.common import labels
from widgets.common.row_model import ID_ROLE, SORT_ROLE, ModelIndex, RowTableModel
from widgets.common.time_text import NO_VALUE, duration_text
from widgets.rosters.labels import (
    RosterColors,
    ZoneTimes,
    availability_label,
    crew_text,
    readiness_label,
    readiness_text,
    roster_colors,
)
from widgets.shell.theme import Theme

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

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
        super().__init__(team_column_titles, lambda item: item.status.team.id, parent)
        self._times = times
        self._today: date | None = None  # of the last statuses set
        self._colors = roster_colors(Theme.DARK)

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns()

    def cell(self, item: _TeamItem, column: int, role: int) -> Any:
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
        super().__init__(member_column_titles, lambda item: item.row.id, parent)
        self._qualification_names: Mapping[str, str] = {}
        self._colors = roster_colors(Theme.DARK)
        self._now: datetime | None = None

    def set_qualification_names(self, names: Mapping[str, str]) -> None:
        self._qualification_names = dict(names)

    def set_colors(self, colors: RosterColors) -> None:
        self._colors = colors
        self._emit_columns(MemberColumn.AVAILABILITY, MemberColumn.AVAILABILITY,
                           [Qt.ItemDataRole.ForegroundRole])

    def cell(self, item: _MemberItem, column: int, role: int) -> Any:
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
            contact = "\n".join(c for c in (row.phone, row.email) if c)
            return f"{row.name}{lead}\n{row.role}\n{contact}"
        if column == MemberColumn.QUALIFICATIONS:
            return "\n".join(self._qualification_names.get(q, q) for q in row.qualifications)
        if column == MemberColumn.SHIFT:
            return (translate("MemberTableModel", "On a shift running now") if row.on_shift
                    else translate("MemberTableModel", "Not on a shift now"))
        return self._items[self._index[row.id]].display[column]


class MemberProxy(QSortFilterProxyModel):
    """Filters members by team, qualification and free text (name, role, phone, e-mail).

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
            hay = f"{row.name} {row.role} {row.phone} {row.email} {row.team_code}".casefold()
            return all(w in hay for w in self._words)
        return True
