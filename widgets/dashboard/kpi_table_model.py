"""The KPI tables: one row per area (grid, community or street) or team, sortable by any
figure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from console.kpis.joint import JointFigures
from console.kpis.service import KpiRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value / 3600:.1f}"


def _key(value: float | None) -> float:
    """Sort value: rows without a figure sort below every real one."""
    return -math.inf if value is None else float(value)


# (header, display text, sort value)
Column = tuple[str, Callable[[KpiRow], str], Callable[[KpiRow], Any]]


def _columns() -> tuple[Column, ...]:
    # lupdate reads the literal context and source of every ``translate(...)`` call.
    translate = QCoreApplication.translate
    rate, hours = _rate, _hours
    return (
        (translate("KpiTableModel", "Code"), lambda r: r.key, lambda r: r.key),
        (translate("KpiTableModel", "Name"), lambda r: r.name(QLocale().name()),
         lambda r: r.name(QLocale().name())),
        (translate("KpiTableModel", "Registered"), lambda r: str(r.registered),
         lambda r: r.registered),
        (translate("KpiTableModel", "Closed"), lambda r: str(r.closed), lambda r: r.closed),
        (translate("KpiTableModel", "Closure rate"), lambda r: rate(r.closure_rate),
         lambda r: _key(r.closure_rate)),
        (translate("KpiTableModel", "On-time rate"), lambda r: rate(r.on_time_rate),
         lambda r: _key(r.on_time_rate)),
        (translate("KpiTableModel", "Mean h to close"),
         lambda r: hours(r.mean_time_to_close_s), lambda r: _key(r.mean_time_to_close_s)),
        (translate("KpiTableModel", "P90 h to close"),
         lambda r: hours(r.p90_time_to_close_s), lambda r: _key(r.p90_time_to_close_s)),
        (translate("KpiTableModel", "Rework rate"), lambda r: rate(r.rework_rate),
         lambda r: _key(r.rework_rate)),
        (translate("KpiTableModel", "Warnings"), lambda r: str(r.escalations[0]),
         lambda r: r.escalations[0]),
        (translate("KpiTableModel", "Breaches"), lambda r: str(r.escalations[1]),
         lambda r: r.escalations[1]),
        (translate("KpiTableModel", "Long breaches"), lambda r: str(r.escalations[2]),
         lambda r: r.escalations[2]),
        (translate("KpiTableModel", "Open"), lambda r: str(r.open_total),
         lambda r: r.open_total),
    )


class KpiTableModel(QAbstractTableModel):
    """Rows are ``KpiRow``s (frozen, computed off the GUI thread); ``data`` only formats.

    ``set_rows`` keeps rows in place when the same grids/teams come back (one
    ``dataChanged`` for the rows whose figures moved), inserts on the first load, and
    resets only when the set of keys itself changed (a district reload)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []  # KpiRow here, JointFigures in JointTableModel
        self._columns: tuple[tuple[str, Callable[[Any], str], Callable[[Any], Any]], ...] = \
            _columns()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._columns):
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        _, text, sort = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == SORT_ROLE:
            return sort(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def rows(self) -> list[KpiRow]:
        return list(self._rows)

    def row_for(self, key: str) -> KpiRow | None:
        return next((r for r in self._rows if r.key == key), None)

    def set_rows(self, rows: Sequence[KpiRow]) -> None:
        self._set(list(rows))

    def _set(self, rows: list[Any]) -> None:
        if not self._rows and rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows = rows
            self.endInsertRows()
            return
        if [r.key for r in rows] != [r.key for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        changed = [i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True))
                   if old != new]
        self._rows = rows
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0),
                                  self.index(changed[-1], len(self._columns) - 1))


class KpiSortProxy(QSortFilterProxyModel):
    """Sorts by the numbers, not by their text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)


def _joint_columns() -> tuple[tuple[str, Callable[[JointFigures], str],
                                    Callable[[JointFigures], Any]], ...]:
    translate = QCoreApplication.translate
    rate = _rate

    def minutes(value: float | None) -> str:
        return "—" if value is None else f"{value / 60:.1f}"
    return (
        (translate("KpiTableModel", "Code"), lambda r: r.key, lambda r: r.key),
        (translate("KpiTableModel", "Name"), lambda r: r.name(QLocale().name()),
         lambda r: r.name(QLocale().name())),
        (translate("KpiTableModel", "Whistles"), lambda r: str(r.whistled),
         lambda r: r.whistled),
        (translate("KpiTableModel", "Mean min to report in"),
         lambda r: minutes(r.mean_report_in_s), lambda r: _key(r.mean_report_in_s)),
        (translate("KpiTableModel", "Returns"), lambda r: str(r.returns),
         lambda r: r.returns),
        (translate("KpiTableModel", "Return rate"), lambda r: rate(r.return_rate),
         lambda r: _key(r.return_rate)),
        (translate("KpiTableModel", "Disputes ruled"), lambda r: str(r.ruled),
         lambda r: r.ruled),
        (translate("KpiTableModel", "Callback rate"), lambda r: rate(r.callback_rate),
         lambda r: _key(r.callback_rate)),
        (translate("KpiTableModel", "Satisfaction rate"),
         lambda r: rate(r.satisfaction_rate), lambda r: _key(r.satisfaction_rate)),
        (translate("KpiTableModel", "Resolution rate"), lambda r: rate(r.resolution_rate),
         lambda r: _key(r.resolution_rate)),
        (translate("KpiTableModel", "Parts on time"), lambda r: rate(r.parts_on_time_rate),
         lambda r: _key(r.parts_on_time_rate)),
    )


class JointTableModel(KpiTableModel):
    """The joint-handling KPIs (issue 22): one row per grid, street or team."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = _joint_columns()

    def set_joint_rows(self, rows: Sequence[JointFigures]) -> None:
        self._set(list(rows))

    def joint_rows(self) -> list[JointFigures]:
        return list(self._rows)
