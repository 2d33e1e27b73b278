"""Hazards near a case (its grid and the grids touching it), for the case detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import CaseDetail
from console.core.errors import NotFound, WatchroomError
from console.hazards.domain import NearbyHazard
from console.operators.service import CASE_WRITERS
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.hazards import labels as hl
from widgets.shell.theme import Theme, current_theme


class CaseHazards(QWidget):
    """The hazards around one case, riskiest first: the one the case names (if any),
    then those in its own grid, then those in the neighbouring grids.

    Signals:
        hazard_activated(int): a hazard was double-clicked (show it in the registry).
        case_changed(int): this widget changed the case (named or cleared its hazard).
    """

    hazard_activated = Signal(int)
    case_changed = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHazards")
        self._app = app
        self._case_id = -1
        self._case: CaseDetail | None = None
        self._near: list[NearbyHazard] = []
        self._theme = current_theme()
        self._build()
        self._connect_signals()
        self.show_case_id(-1)

    def _build(self) -> None:
        self._summary = QLabel(self)
        self._summary.setObjectName("caseHazardsSummary")
        self._summary.setProperty("fieldName", True)
        self._summary.setWordWrap(True)
        self._list = QTreeWidget(self)
        self._list.setObjectName("caseHazardList")
        self._list.setAccessibleName(self.tr("Hazards nearby"))
        self._list.setRootIsDecorated(False)
        self._list.setAlternatingRowColors(True)
        self._list.setUniformRowHeights(True)
        self._list.setHeaderLabels([self.tr("Level"), self.tr("Code"), self.tr("Name"),
                                    self.tr("Where"), self.tr("Next due")])
        header = self._list.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        metrics = self._list.fontMetrics()
        bold = QFont(self._list.font())
        bold.setBold(True)
        wide = QFontMetrics(bold)
        header.resizeSection(0, wide.horizontalAdvance("Extreme 25") + 16)
        header.resizeSection(1, wide.horizontalAdvance("HZ-00000") + 12)
        header.resizeSection(3, wide.horizontalAdvance("★ named") + 16)
        header.resizeSection(4, metrics.horizontalAdvance("overdue 23 d 23 h") + 12)
        self._link = QPushButton(self.tr("Name in this case"), self)
        self._link.setObjectName("linkHazardButton")
        self._link.setToolTip(self.tr("Record that the case involves the selected hazard"))
        self._unlink = QPushButton(self.tr("Clear the named hazard"), self)
        self._unlink.setObjectName("unlinkHazardButton")
        self._message = QLabel(self)
        self._message.setObjectName("caseHazardsMessage")
        self._message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self._link)
        buttons.addWidget(self._unlink)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._summary)
        layout.addWidget(self._list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self._message)

    def _connect_signals(self) -> None:
        self._list.itemSelectionChanged.connect(self._update_buttons)
        self._list.itemActivated.connect(self._on_list_item_activated)
        self._link.clicked.connect(self._on_link_clicked)
        self._unlink.clicked.connect(self._on_unlink_clicked)

    # ---- public ------------------------------------------------------------------------

    @property
    def case_id(self) -> int:
        return self._case_id

    def hazard_codes(self) -> list[str]:
        """The codes listed, in order (for tests and the handover)."""
        return [n.row.code for n in self._near]

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._render()

    def show_case_id(self, case_id: int) -> None:
        """List the hazards near case ``case_id`` (nothing for -1)."""
        self._case_id = case_id
        self._message.clear()
        self._message.hide()
        self.refresh()

    def refresh(self) -> None:
        if self._case_id == -1:
            self._case, self._near = None, []
        else:
            try:
                self._case = self._app.cases.get_by_id(self._case_id)
                self._near = self._app.hazards.near_case(self._case_id)
            except NotFound:
                self._case, self._near = None, []
        self._render()

    def refresh_if_changed(self, hazard_ids: list[int]) -> None:
        """Hazards changed somewhere: re-read if one of them is listed (or could now be)."""
        if self._case_id != -1:
            self.refresh()

    def refresh_if_case_changed(self, case_ids: list[int]) -> None:
        if self._case_id in case_ids:
            self.refresh()

    # ---- showing -----------------------------------------------------------------------

    def _render(self) -> None:
        self._list.clear()
        case = self._case
        if case is None:
            self._summary.setText(self.tr("Select a case to see the hazards around it."))
            self._update_buttons()
            return
        grid = self._app.district.grid(case.row.grid_id)
        around = sum(1 for n in self._near if not n.own_grid and not n.named_by_case)
        own = sum(1 for n in self._near if n.own_grid)
        if self._near:
            self._summary.setText(self.tr(
                "{own} in {grid} {name}, {around} in the grids around it").format(
                    own=own, grid=grid.code, name=labels.place_name(grid), around=around))
        else:
            self._summary.setText(self.tr(
                "No registered hazards in {grid} {name} or the grids around it.").format(
                    grid=grid.code, name=labels.place_name(grid)))
        levels = hl.level_colors(self._theme)
        due = hl.due_colors(self._theme)
        now = self._app.clock.now()
        bold = QFont(self._list.font())
        bold.setBold(True)
        items = []
        for near in self._near:
            row = near.row
            if near.named_by_case:
                where = self.tr("★ named")
            elif near.own_grid:
                where = self.tr("here")
            else:
                where = row.grid_code
            countdown, state = hl.countdown_text(now, row.next_inspection_due,
                                                 row.inspection_interval_days, row.watched)
            item = QTreeWidgetItem([hl.level_with_score(row.level, row.score), row.code,
                                    row.name, where, countdown])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setForeground(0, levels[row.level].text)
            item.setFont(0, bold)
            if state in due:
                item.setForeground(4, due[state])
            if near.named_by_case:
                for column in range(1, 4):
                    item.setFont(column, bold)
            item.setToolTip(2, self.tr("{name}\n{kind}, {unit}").format(
                name=row.name, kind=hl.kind_label(row.kind), unit=row.responsible_unit))
            item.setToolTip(3, self.tr("Named by the case") if near.named_by_case
                            else self.tr("In the case's grid, {grid}").format(grid=row.grid_code)
                            if near.own_grid
                            else self.tr("In {grid}, next to the case's grid").format(
                                grid=row.grid_code))
            items.append(item)
        self._list.addTopLevelItems(items)
        self._update_buttons()

    def _selected(self) -> NearbyHazard | None:
        items = self._list.selectedItems()
        if not items:
            return None
        hazard_id = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((n for n in self._near if n.row.id == hazard_id), None)

    def _update_buttons(self) -> None:
        allowed = self._app.operator.role in CASE_WRITERS
        selected = self._selected()
        named = any(n.named_by_case for n in self._near)
        self._link.setEnabled(allowed and self._case is not None and selected is not None
                              and not selected.named_by_case)
        self._unlink.setVisible(named)
        self._unlink.setEnabled(allowed and named)

    # ---- acting ------------------------------------------------------------------------

    def _set_case_hazard(self, code: str | None) -> None:
        case = self._case
        if case is None:
            return
        try:
            self._app.cases.link_hazard(self._app.operator, case.reference, code,
                                        expected_version=case.version)
        except WatchroomError as exc:
            self._message.setText(error_text(exc))
            self._message.show()
            self.refresh()
            return
        self._message.hide()
        self.refresh()
        self.case_changed.emit(case.row.id)

    def _on_link_clicked(self) -> None:
        selected = self._selected()
        if selected is not None:
            self._set_case_hazard(selected.row.code)

    def _on_unlink_clicked(self) -> None:
        self._set_case_hazard(None)

    def _on_list_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        hazard_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(hazard_id, int):
            self.hazard_activated.emit(hazard_id)
