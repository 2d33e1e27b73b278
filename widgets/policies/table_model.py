"""The SLA policies as an editable table: edits held per cell, checked as they are typed."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from console.cases.sla import ROUND_THE_CLOCK, WORKING_TIME, PolicyView, validate_policy_fields
from console.core.durations import parse_span
from console.core.errors import ValidationError
from widgets.common import labels
from widgets.common.row_model import ModelIndex, RowTableModel
from widgets.common.time_text import span_minutes_text


class PolicyColumn(IntEnum):
    CATEGORY = 0
    SEVERITY = 1
    REGISTER = 2
    DISPATCH = 3
    RESOLVE = 4
    WARNING = 5
    LONG = 6
    CALENDAR = 7
    SUPERVISION = 8


# The policy field behind each editable column (``console.cases.sla.EDITABLE``).
FIELDS: dict[PolicyColumn, str] = {
    PolicyColumn.REGISTER: "register_minutes",
    PolicyColumn.DISPATCH: "dispatch_minutes",
    PolicyColumn.RESOLVE: "resolve_minutes",
    PolicyColumn.WARNING: "warning_ratio",
    PolicyColumn.LONG: "long_breach_minutes",
    PolicyColumn.CALENDAR: "calendar",
    PolicyColumn.SUPERVISION: "supervision_factor",
}
CALENDARS = (ROUND_THE_CLOCK, WORKING_TIME)
# The columns that hold spans of time (stored as minutes, shown as 4 d 16 h 30 min).
SPANS = frozenset({PolicyColumn.REGISTER, PolicyColumn.DISPATCH, PolicyColumn.RESOLVE,
                   PolicyColumn.LONG})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _titles() -> tuple[str, ...]:
    translate = QCoreApplication.translate
    return (
        translate("PolicyTableModel", "Category"),
        translate("PolicyTableModel", "Severity"),
        translate("PolicyTableModel", "Register"),
        translate("PolicyTableModel", "Dispatch"),
        translate("PolicyTableModel", "Resolve"),
        translate("PolicyTableModel", "Warning at"),
        translate("PolicyTableModel", "Long breach"),
        translate("PolicyTableModel", "Calendar"),
        translate("PolicyTableModel", "Supervision factor"),
    )


def _header_tips() -> dict[PolicyColumn, str]:
    translate = QCoreApplication.translate
    return {
        PolicyColumn.REGISTER: translate("PolicyTableModel",
                                  "Time from report to registration: type e.g. "
                                  "4 d 16 h 30 min, 2 h or 90 (minutes)"),
        PolicyColumn.DISPATCH: translate("PolicyTableModel",
                                  "Time from registration to dispatch: type e.g. "
                                  "4 d 16 h 30 min, 2 h or 90 (minutes)"),
        PolicyColumn.RESOLVE: translate("PolicyTableModel",
                                 "Time from report to resolution: type e.g. "
                                 "4 d 16 h 30 min, 2 h or 90 (minutes)"),
        PolicyColumn.WARNING: translate("PolicyTableModel",
                                 "Share of the time allowed after which level 1 (warning) "
                                 "is raised, 0.05–0.99"),
        PolicyColumn.LONG: translate("PolicyTableModel",
                              "Time past the deadline before level 3 (the commander)"),
        PolicyColumn.CALENDAR: translate("PolicyTableModel",
                                  "24x7: round the clock; working: office hours only"),
        PolicyColumn.SUPERVISION: translate("PolicyTableModel",
                                     "What is left of a supervised case's deadlines is "
                                     "multiplied by this, 0.05–1"),
    }


def calendar_label(calendar: str) -> str:
    if calendar == WORKING_TIME:
        return QCoreApplication.translate("PolicyTableModel", "working")
    return QCoreApplication.translate("PolicyTableModel", "24x7")


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class PolicyTableModel(RowTableModel[PolicyView, tuple[str, int]]):
    """One row per (category, severity) policy. Edits stay in the model until saved:
    each edited cell is checked at once with ``validate_policy_fields`` (a bad one is
    tinted and says why in its tooltip); ``changes`` gives what Save sends.

    Signals:
        edits_changed(): a cell was edited (or the edits were dropped).
    """

    edits_changed = Signal()

    def __init__(self, editable: bool, parent: QObject | None = None) -> None:
        super().__init__(_titles, lambda item: (item.category.value, int(item.severity)), parent)
        self._editable = editable
        self._edits: dict[tuple[int, str], str] = {}  # (row, field) -> text as typed
        self._errors: dict[tuple[int, str], str] = {}
        self._tips = _header_tips()
        self._error_color = QColor()
        self._edited_font: QFont | None = None

    # ---- configuration -----------------------------------------------------------------

    def set_colors(self, error: QColor) -> None:
        """The tint of a cell that does not validate (the theme's)."""
        self._error_color = error

    def set_edited_font(self, font: QFont) -> None:
        """The font of an edited, not yet saved, cell."""
        self._edited_font = font

    def set_policies(self, policies: Sequence[PolicyView]) -> None:
        """Show ``policies`` as saved, dropping every edit."""
        self.beginResetModel()
        self._items = list(policies)
        self._reindex()
        self._edits.clear()
        self._errors.clear()
        self.endResetModel()
        self.edits_changed.emit()

    # ---- reading -----------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(PolicyColumn)):
            return self._tips.get(PolicyColumn(section))
        return super().headerData(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and PolicyColumn(index.column()) in FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), PolicyColumn(index.column())
        policy = self._items[row]
        field = FIELDS.get(column)
        key = (row, field or "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == PolicyColumn.CATEGORY:
                return labels.category_label(policy.category)
            if column == PolicyColumn.SEVERITY:
                return labels.severity_label(policy.severity)
            assert field is not None
            text = self._edits.get(key, _text(getattr(policy, field)))
            if column == PolicyColumn.CALENDAR and role == Qt.ItemDataRole.DisplayRole:
                return calendar_label(text) if text in CALENDARS else text
            if column in SPANS and text.isdigit():
                return span_minutes_text(int(text))  # shown and edited as 4 d 16 h 30 min
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._error_color if key in self._errors else None
        if role == Qt.ItemDataRole.FontRole:
            return self._edited_font if key in self._edits else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self._errors:
                return self._errors[key]
            if key in self._edits and field is not None:
                return QCoreApplication.translate(
                    "PolicyTableModel", "Edited, not saved yet (was {old})").format(
                        old=_text(getattr(policy, field)))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column in (PolicyColumn.CATEGORY, PolicyColumn.SEVERITY,
                                       PolicyColumn.CALENDAR) else _RIGHT
        return None

    def policy_at(self, row: int) -> PolicyView:
        return self._items[row]

    # ---- editing -----------------------------------------------------------------------

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = index.row()
        column = PolicyColumn(index.column())
        field = FIELDS[column]
        text = str(value).strip()
        minutes = parse_span(text) if column in SPANS else None
        if minutes is not None:
            text = str(minutes)  # what was typed, as the whole minutes it stores
        key = (row, field)
        if text == _text(getattr(self._items[row], field)):
            self._edits.pop(key, None)
            self._errors.pop(key, None)
        else:
            self._edits[key] = text
            try:
                validate_policy_fields({field: text})
            except ValidationError as exc:
                self._errors[key] = str(exc)
            else:
                self._errors.pop(key, None)
        self.dataChanged.emit(index, index)
        self.edits_changed.emit()
        return True

    @property
    def has_edits(self) -> bool:
        return bool(self._edits)

    @property
    def has_errors(self) -> bool:
        return bool(self._errors)

    def changes(self) -> list[tuple[PolicyView, dict[str, str]]]:
        """Each edited policy (as it was shown) with its edited fields, as typed."""
        rows: dict[int, dict[str, str]] = {}
        for (row, field), text in sorted(self._edits.items()):
            rows.setdefault(row, {})[field] = text
        return [(self._items[row], fields) for row, fields in sorted(rows.items())]
