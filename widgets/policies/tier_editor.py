"""Stricter SLA tiers: the list, and a form to switch one on for some grids and a while."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.sla import COORDINATORS, TierView
from console.core.errors import WatchroomError
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.panes import show_message
from widgets.common.plurals import counted
from widgets.common.time_text import center_editor, from_qt, local_time, to_qt

DEFAULT_FACTOR = 0.5
DEFAULT_DAYS = 7
DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


class TierEditor(QWidget):
    """Lists every tier and creates one: a name, a factor below 1, the grids it covers and
    the time it is in force. Cases reported in those grids meanwhile get their limits
    multiplied by the factor. Read-only, and saying so, for roles that may not.

    Signals: only those of ``QWidget``.
    """

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tierEditor")
        self._app = app
        self._editable = app.operator.role in COORDINATORS
        self._tiers: list[TierView] = []
        self._build()
        self._create.clicked.connect(self._on_create_clicked)
        self._name.textChanged.connect(self._on_form_changed)
        self._grids.itemChanged.connect(self._on_form_changed)
        self._load()
        self._on_form_changed()

    def _build(self) -> None:
        self._table = QTableWidget(0, 6, self)
        self._table.setObjectName("tierTable")
        self._table.setAccessibleName(self.tr("Stricter tiers"))
        self._table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Factor"), self.tr("Grids"), self.tr("From"),
             self.tr("Until"), self.tr("Active")])
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.verticalHeader().hide()
        self._table.setWordWrap(False)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._empty = QLabel(self.tr("No stricter tier has been switched on."), self)
        self._empty.setObjectName("tierEmpty")
        self._empty.setProperty("fieldName", True)

        now = self._app.clock.now().replace(second=0, microsecond=0)
        self._name = QLineEdit(self)
        self._name.setObjectName("tierName")
        self._name.setPlaceholderText(self.tr("e.g. Flood season 2026"))
        self._factor = QDoubleSpinBox(self)
        self._factor.setObjectName("tierFactor")
        self._factor.setRange(0.05, 0.95)
        self._factor.setSingleStep(0.05)
        self._factor.setDecimals(2)
        self._factor.setValue(DEFAULT_FACTOR)
        self._factor.setToolTip(self.tr("Limits are multiplied by this: 0.5 halves them"))
        self._grids = QListWidget(self)
        self._grids.setObjectName("tierGrids")
        self._grids.setAccessibleName(self.tr("Grids the tier covers"))
        self._grids.setToolTip(self.tr("Tick the grids the tier covers"))
        for grid in self._app.district.grids():
            item = QListWidgetItem(f"{grid.code} {labels.place_name(grid)}", self._grids)
            item.setData(Qt.ItemDataRole.UserRole, grid.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self._starts = self._date_time("tierStarts", to_qt(now))
        self._ends = self._date_time("tierEnds", to_qt(now + timedelta(days=DEFAULT_DAYS)))
        self._create = QPushButton(self.tr("Switch on tier"), self)
        self._create.setObjectName("tierCreate")
        self._create.setProperty("primary", True)
        self._message = QLabel(self)
        self._message.setObjectName("tierMessage")
        self._message.setWordWrap(True)
        self._message.hide()
        self._access = QLabel(self)
        self._access.setObjectName("tierAccess")
        self._access.setWordWrap(True)
        self._access.setProperty("fieldName", True)
        self._access.setText(
            self.tr("A tier applies to cases reported in its grids while it is in force.")
            if self._editable else
            self.tr("Read-only: switching on a stricter tier needs a coordinator or an "
                    "administrator."))

        # The new tier: its fields on the left, the grids it covers on the right.
        self._form_box = QWidget(self)
        fields = QFormLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addRow(self.tr("Name"), self._name)
        fields.addRow(self.tr("Factor"), self._factor)
        fields.addRow(self.tr("From (the center's time)"), self._starts)
        fields.addRow(self.tr("Until (the center's time)"), self._ends)
        fields.addRow(self._message)
        grids_title = QLabel(self.tr("Grids"), self._form_box)
        grids_title.setProperty("fieldName", True)
        grids = QVBoxLayout()
        grids.setContentsMargins(0, 0, 0, 0)
        grids.addWidget(grids_title)
        grids.addWidget(self._grids, 1)
        columns = QHBoxLayout(self._form_box)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        left = QVBoxLayout()
        left.addLayout(fields)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(grids, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._create)
        self._form_box.setEnabled(self._editable)
        self._create.setVisible(self._editable)

        layout = QVBoxLayout(self)
        layout.addWidget(self._access)
        layout.addWidget(self._table, 2)
        layout.addWidget(self._empty)
        layout.addWidget(self._form_box, 3)
        layout.addLayout(buttons)

    def _date_time(self, name: str, value: QDateTime) -> QDateTimeEdit:
        edit = center_editor(QDateTimeEdit(self))
        edit.setDateTime(value)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_TIME_FORMAT)
        return edit

    # ---- parts, for tests --------------------------------------------------------------

    @property
    def table(self) -> QTableWidget:
        return self._table

    # ---- showing -----------------------------------------------------------------------

    def _load(self) -> None:
        self._show_tiers(self._app.sla.tiers())

    def _show_tiers(self, tiers: list[TierView]) -> None:
        self._tiers = list(tiers)
        codes = {g.id: g.code for g in self._app.district.grids()}
        self._table.setRowCount(len(tiers))
        for row, tier in enumerate(tiers):
            grids = ", ".join(sorted(codes.get(g, str(g)) for g in tier.grid_ids))
            cells = (tier.name, f"{tier.factor:g}", grids, local_time(tier.starts_at),
                     local_time(tier.ends_at), self.tr("yes") if tier.active else self.tr("no"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self._table.setItem(row, column, item)
        self._empty.setVisible(not tiers)

    def _checked_grids(self) -> list[int]:
        out = []
        for row in range(self._grids.count()):
            item = self._grids.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _set_message(self, text: str, kind: str) -> None:
        show_message(self._message, text, kind)

    # ---- slots -------------------------------------------------------------------------

    def _on_form_changed(self) -> None:
        ready = bool(self._name.text().strip()) and bool(self._checked_grids())
        self._create.setEnabled(self._editable and ready)
        self._create.setToolTip("" if ready else
                                self.tr("Name the tier and tick at least one grid"))

    def _on_create_clicked(self) -> None:
        try:
            tier = self._app.sla.create_tier(
                self._app.operator, name=self._name.text(), factor=self._factor.value(),
                grid_ids=self._checked_grids(), starts_at=from_qt(self._starts.dateTime()),
                ends_at=from_qt(self._ends.dateTime()))
        except WatchroomError as exc:
            self._set_message(error_text(exc), "error")
            return
        self._set_message(counted(self.tr("Tier “{name}” is on: limits × {factor:g} in {n} "
                                          "grid(s) from {start} until {end}."),
                                  len(tier.grid_ids)).format(
            name=tier.name, factor=tier.factor, n=len(tier.grid_ids),
            start=local_time(tier.starts_at), end=local_time(tier.ends_at)), "info")
        self._name.clear()
        self._show_tiers(sorted([*self._tiers, tier], key=lambda t: t.starts_at))
