"""The alert panel's table model (rows precomputed, updated in place) and its filter proxy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from console.alerts.service import AlertFilter, AlertRow
from widgets.alerts.headlines import headline_text
from widgets.alerts.labels import severity_text, source_text, status_text, urgency_text
from widgets.common.row_model import SORT_ROLE, ModelIndex, RowTableModel
from widgets.common.time_text import local_time, short_local_time

ALERT_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the alert's id, on every cell

CRITICAL_SEVERITIES = frozenset({"Extreme", "Severe"})

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AlertColumn(IntEnum):
    SEV = 0
    URGENCY = 1
    SOURCE = 2
    TITLE = 3
    AREA = 4
    RECEIVED = 5
    REPEATS = 6
    STATUS = 7
    CASE = 8




def column_titles() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("AlertTableModel", "Sev"),
        QCoreApplication.translate("AlertTableModel", "Urgency"),
        QCoreApplication.translate("AlertTableModel", "Source"),
        QCoreApplication.translate("AlertTableModel", "Event / headline"),
        QCoreApplication.translate("AlertTableModel", "Area / grid"),
        QCoreApplication.translate("AlertTableModel", "Received"),
        QCoreApplication.translate("AlertTableModel", "×"),
        QCoreApplication.translate("AlertTableModel", "Status"),
        QCoreApplication.translate("AlertTableModel", "Case"),
    )


def is_critical_unacknowledged(row: AlertRow) -> bool:
    """An Extreme or Severe alert nobody has acknowledged yet: it flashes."""
    return row.needs_attention and row.severity in CRITICAL_SEVERITIES


def area_text(row: AlertRow, *, every_grid: bool = False) -> str:
    """``XH-07 · Block 3``: the grid cell and the area's own words. An area over several
    cells reads ``XH-07 +2`` in a list and names them all (``XH-07, XH-08, XH-12``) with
    ``every_grid``."""
    area = " ".join(row.area_desc.split())
    grids = row.grid_codes
    many = len(grids) > 1 and not every_grid
    where = f"{grids[0]} +{len(grids) - 1}" if many else ", ".join(grids)
    return " · ".join(p for p in (where, area) if p)


@dataclass(slots=True)
class AlertItem:
    """An alert as the table shows it: its row, display texts, sort keys, and whether it
    flashes. Built by ``prepare_item``, which touches no widget and no model, so a feed
    reader can build items in its own thread and hand them to the GUI thread."""

    row: AlertRow
    display: tuple[str, ...]
    sort: tuple[Any, ...]
    flashes: bool


def shown_title(row: AlertRow) -> str:
    """The alert's title as the panel shows it: the console's own headlines reworded in
    the interface language (``headlines``), a feed's as it came."""
    return headline_text(row.source, row.headline) if row.headline else row.title


def prepare_item(row: AlertRow) -> AlertItem:
    """``row`` as a table item (texts in the interface language, sort keys)."""
    received = row.received_at.timestamp()
    display = (
        severity_text(row.severity),
        urgency_text(row.urgency),
        source_text(row.source),
        " ".join(shown_title(row).split()),
        area_text(row),
        short_local_time(row.received_at),
        f"×{row.repeat_count}" if row.repeat_count > 1 else "",
        status_text(row.status),
        row.case_reference or "",
    )
    # The Sev column sorts most severe first and, within a severity, newest first.
    sort = (
        row.severity_rank * 1e11 - received,
        row.urgency,
        row.source,
        display[AlertColumn.TITLE].casefold(),
        display[AlertColumn.AREA].casefold(),
        received,
        row.repeat_count,
        row.status.value,
        row.case_reference or "",
    )
    return AlertItem(row, display, sort, is_critical_unacknowledged(row))


class AlertTableModel(RowTableModel[AlertItem, int]):
    """Alerts as table rows, with an id → row index for live changes.

    ``reset_rows`` is for the first load; ``apply_rows`` updates known alerts with one
    row-span ``dataChanged`` each and appends new ones with one ``beginInsertRows``;
    it never resets. Order and filtering are the proxy's (``AlertFilterProxy``).

    While ``set_flash_lit(True)``, unacknowledged Extreme and Severe rows are tinted.

    Signals: only those of ``QAbstractTableModel``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(column_titles, lambda item: item.row.id, parent)
        self._flashing = 0  # items that flash, kept as rows come and change
        self._severity_colors: dict[str, QColor] = {}
        self._flash_color: QColor | None = None
        self._lit = False

    # ---- configuration -----------------------------------------------------------------

    def set_colors(self, severity: Mapping[str, QColor], flash: QColor) -> None:
        """Severity text colours (by CAP severity) and the flash tint for the theme."""
        self._severity_colors = dict(severity)
        self._flash_color = flash
        self._emit_columns(roles=[Qt.ItemDataRole.ForegroundRole,
                                  Qt.ItemDataRole.BackgroundRole])

    def set_flash_lit(self, lit: bool) -> None:
        """Turn the tint of flashing rows on or off, without a signal: the caller repaints
        the view's viewport, which asks ``data()`` for the visible cells only.

        A ``dataChanged`` here, even for the background role alone, makes the sorting
        proxy re-filter and re-sort every row in the span: with 20,000 new critical
        alerts that was most of a second per blink on the GUI thread."""
        self._lit = lit

    @property
    def flash_lit(self) -> bool:
        return self._lit

    # ---- columns and roles -------------------------------------------------------------

    def cell(self, item: AlertItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display[column]
        if role == SORT_ROLE:
            return item.sort[column]
        if role == ALERT_ID_ROLE:
            return item.row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == AlertColumn.SEV:
                return self._severity_colors.get(item.row.severity)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self._lit and item.flashes:
                return self._flash_color
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == AlertColumn.REPEATS else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and section == AlertColumn.REPEATS
                and orientation == Qt.Orientation.Horizontal):
            return QCoreApplication.translate("AlertTableModel", "Repeats: times received")
        return super().headerData(section, orientation, role)

    def row_at(self, pos: int) -> AlertRow:
        return self._items[pos].row

    def alert(self, alert_id: int) -> AlertRow | None:
        pos = self._index.get(alert_id)
        return self._items[pos].row if pos is not None else None

    def rows(self) -> list[AlertRow]:
        return [item.row for item in self._items]

    def flashing_count(self) -> int:
        """Unacknowledged Extreme and Severe alerts in the model (kept count, not a scan)."""
        return self._flashing

    def sources(self) -> set[str]:
        return {item.row.source for item in self._items}

    # ---- changing ----------------------------------------------------------------------

    def retranslate(self) -> None:
        """The interface language changed: column titles and row texts anew, in place
        (same rows, same order: selection and scroll stay)."""
        self._retranslate_titles()
        self._items = [prepare_item(item.row) for item in self._items]
        self._emit_columns()

    def reset_rows(self, rows: Iterable[AlertRow]) -> None:
        """A full load (the first one): the only reset."""
        items = [prepare_item(row) for row in rows]
        self._flashing = sum(1 for item in items if item.flashes)
        self._reset_items(items)

    def apply_rows(self, rows: Iterable[AlertRow]) -> int:
        """Update known alerts in place and append new ones; returns how many were new."""
        return self.apply_items([prepare_item(row) for row in rows])

    def apply_items(self, items: Iterable[AlertItem]) -> int:
        """``apply_rows`` for items already prepared (e.g. by a feed reader)."""
        added: list[AlertItem] = []
        added_ids: set[int] = set()
        for item in items:
            alert_id = item.row.id
            pos = self._index.get(alert_id)
            if pos is None:
                if alert_id not in added_ids:
                    added_ids.add(alert_id)
                    added.append(item)
                    self._flashing += item.flashes
                continue
            self._flashing += item.flashes - self._items[pos].flashes
            self._replace_item(pos, item)
        self._append_items(added)
        return len(added)

    @staticmethod
    def _tooltip(item: AlertItem, column: int) -> str | None:
        row = item.row
        if column == AlertColumn.TITLE:
            return shown_title(row)
        if column == AlertColumn.AREA:
            return row.area_desc or None
        if column == AlertColumn.RECEIVED:
            return QCoreApplication.translate(
                "AlertTableModel", "Received {received}\nLast seen {seen}").format(
                received=local_time(row.received_at), seen=local_time(row.last_seen_at))
        if column == AlertColumn.REPEATS and row.repeat_count > 1:
            return QCoreApplication.translate(
                "AlertTableModel", "Received {n} times; last seen {seen}").format(
                n=row.repeat_count, seen=local_time(row.last_seen_at))
        return None


class AlertFilterProxy(QSortFilterProxyModel):
    """Shows the alerts an ``AlertFilter`` matches, sorted by the model's ``SORT_ROLE``
    (by default: most severe first, newest first within a severity).

    Signals: only those of ``QSortFilterProxyModel``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = AlertFilter()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def alert_filter(self) -> AlertFilter:
        return self._filter

    def set_alert_filter(self, flt: AlertFilter) -> None:
        if flt == self._filter:
            return
        self.beginFilterChange()
        self._filter = flt
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AlertTableModel):
            return True
        return self._filter.matches(model.row_at(source_row))
