"""The hazard detail pane: one hazard's fields, its actions, inspections and linked cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.errors import ConflictError, NotFound, WatchroomError
from console.hazards.domain import HazardDetail, HazardStatus, RiskLevel
from console.hazards.service import HAZARD_MANAGERS, INSPECTION_RECORDERS
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.flow_layout import flow_container
from widgets.common.panes import DetailPane, named_label, set_style_property
from widgets.common.plurals import counted
from widgets.common.time_text import NO_VALUE, local_time, local_time_seconds
from widgets.hazards import labels as hl
from widgets.hazards.dialogs import HazardDialog
from widgets.hazards.inspection_dialogs import HazardStatusDialog, InspectionDialog
from widgets.shell.theme import Theme, colors, current_theme, scaled_pt

_PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _key_labels() -> dict[str, str]:
    return {
        "likelihood": QCoreApplication.translate("HazardHistory", "likelihood"),
        "severity": QCoreApplication.translate("HazardHistory", "severity"),
        "level": QCoreApplication.translate("HazardHistory", "level"),
        "status": QCoreApplication.translate("HazardHistory", "status"),
        "next_inspection_due": QCoreApplication.translate("HazardHistory", "next due"),
        "inspection_interval_days": QCoreApplication.translate("HazardHistory",
                                                               "interval (days)"),
        "inspector": QCoreApplication.translate("HazardHistory", "inspector"),
        "note": QCoreApplication.translate("HazardHistory", "note"),
        "grid": QCoreApplication.translate("HazardHistory", "grid"),
        "name": QCoreApplication.translate("HazardHistory", "name"),
    }


def _value_text(key: str, value: Any) -> str:
    if value is None or value == "":
        return NO_VALUE
    if key in {"next_inspection_due", "inspected_at", "due_at"} and isinstance(value, str):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    if key == "level":
        try:
            return hl.level_label(RiskLevel(value))
        except ValueError:
            return str(value)
    if key == "status":
        try:
            return hl.status_label(HazardStatus(value))
        except ValueError:
            return str(value)
    return str(value)


def describe_hazard_change(detail: dict[str, Any]) -> str:
    """An audit entry of a hazard, readable: ``level: High → Extreme; next due: …``."""
    names = _key_labels()
    parts: list[str] = []
    for key, value in detail.items():
        if key in {"findings", "photos", "late_entry", "code", "loaded_from", "inspections",
                   "minutes_late", "deadline", "inspected_at", "surroundings", "controls"}:
            continue
        name = names.get(key, key.replace("_", " "))
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{name}: {_value_text(key, value[0])} → {_value_text(key, value[1])}")
        else:
            parts.append(f"{name}: {_value_text(key, value)}")
    return "; ".join(parts)


def _action_text(action: str) -> str:
    return {
        "register": QCoreApplication.translate("HazardHistory", "Registered"),
        "edit": QCoreApplication.translate("HazardHistory", "Edited"),
        "inspect": QCoreApplication.translate("HazardHistory", "Inspection"),
        "mitigate": QCoreApplication.translate("HazardHistory", "Mitigated"),
        "retire": QCoreApplication.translate("HazardHistory", "Retired"),
        "reactivate": QCoreApplication.translate("HazardHistory", "Made active"),
        "escalate": QCoreApplication.translate("HazardHistory", "Escalated"),
    }.get(action, action)


class HazardDetailPane(DetailPane[HazardDetail]):
    """Everything about the selected hazard and the actions the operator's role allows.

    Each action makes one service call with the version the pane showed, so a hazard
    changed behind its back is refused with a conflict, shown inline with a Reload.

    Signals:
        hazard_changed(int): this pane changed that hazard (the table refreshes its row).
        case_activated(int): a linked case was double-clicked (show it on the board).
    """

    hazard_changed = Signal(int)
    case_activated = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hazardDetail")
        self._app = app
        self._case_ids: set[int] = set()
        self._values: dict[str, QLabel] = {}
        self._theme = current_theme()
        self._build()
        self._connect_signals()
        self.show_hazard_id(-1)

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self._build_stack(
            self.tr("Select a hazard to see its details, inspections and linked cases."),
            "hazardDetailPlaceholder", self._build_content(), dim=True)
        self._status_dialog = HazardStatusDialog(self)

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self._code = named_label(content, "hazardDetailCode", selectable=True)
        self._level = named_label(content, "hazardDetailLevel")
        self._status = named_label(content, "hazardDetailStatus")
        self._due = named_label(content, "hazardDetailDue")
        self._name = named_label(content, "hazardDetailName", selectable=True, wrap=True)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self._code)
        header.addWidget(self._level)
        header.addWidget(self._status)
        header.addStretch(1)
        header.addWidget(self._due)

        actions_box, actions = flow_container(content)
        self._inspect = QPushButton(self.tr("Record inspection…"), actions_box)
        self._inspect.setObjectName("recordInspectionButton")
        self._inspect.setProperty("primary", True)
        self._edit = QPushButton(self.tr("Edit…"), actions_box)
        self._edit.setObjectName("editHazardButton")
        self._mitigate = QPushButton(self.tr("Mark mitigated…"), actions_box)
        self._mitigate.setObjectName("mitigateHazardButton")
        self._reactivate = QPushButton(self.tr("Make active…"), actions_box)
        self._reactivate.setObjectName("reactivateHazardButton")
        self._retire = QPushButton(self.tr("Retire…"), actions_box)
        self._retire.setObjectName("retireHazardButton")
        for button in (self._inspect, self._edit, self._mitigate, self._reactivate,
                       self._retire):
            actions.addWidget(button)

        self._message = QLabel(content)
        self._message.setObjectName("hazardDetailMessage")
        self._message.setWordWrap(True)
        self._reload = QPushButton(self.tr("Reload"), content)
        self._reload.setObjectName("hazardDetailReload")
        message_row = QHBoxLayout()
        message_row.addWidget(self._message, 1)
        message_row.addWidget(self._reload, 0, Qt.AlignmentFlag.AlignTop)

        self._tabs = QTabWidget(content)
        self._tabs.setObjectName("hazardDetailTabs")
        self._tabs.setDocumentMode(True)
        self._tabs.addTab(self._build_fields(), self.tr("Details"))
        self._inspections = self._tree("hazardInspections", [
            self.tr("Inspected"), self.tr("Inspector"), self.tr("Risk"), self.tr("Findings"),
            self.tr("Photos")])
        self._tabs.addTab(self._inspections, self.tr("Inspections"))
        self._inspections.setAccessibleName(self.tr("Inspections"))
        self._cases = self._tree("hazardCases", [
            self.tr("Case"), self.tr("Stage"), self.tr("Reported"), self.tr("Title")])
        self._tabs.addTab(self._cases, self.tr("Linked cases"))
        self._cases.setAccessibleName(self.tr("Linked cases"))
        self._history = self._tree("hazardHistory", [
            self.tr("Time"), self.tr("Operator"), self.tr("Action"), self.tr("What changed")])
        self._tabs.addTab(self._history, self.tr("History"))
        self._history.setAccessibleName(self.tr("History"))

        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self._name)
        layout.addWidget(actions_box)
        layout.addLayout(message_row)
        layout.addWidget(self._tabs, 1)
        self._size_trees()
        return content

    def _build_fields(self) -> QWidget:
        fields = QWidget()
        grid = QGridLayout(fields)
        grid.setContentsMargins(4, 6, 8, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(5)
        grid.setColumnStretch(1, 1)
        rows = [
            ("kind", self.tr("Kind")), ("grid", self.tr("Grid")),
            ("location", self.tr("Location")), ("unit", self.tr("Responsible unit")),
            ("contact", self.tr("Contact")), ("risk", self.tr("Risk")),
            ("interval", self.tr("Inspect every")), ("next_due", self.tr("Next inspection")),
            ("last", self.tr("Last inspected")), ("surroundings", self.tr("Surroundings")),
            ("controls", self.tr("Controls in place")), ("coordinates", self.tr("Coordinates")),
            ("updated", self.tr("Updated")),
        ]
        for row, (key, title) in enumerate(rows):
            name = QLabel(title, fields)
            name.setProperty("fieldName", True)
            value = QLabel(fields)
            value.setObjectName(f"hazardField_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self._values[key] = value
        grid.setRowStretch(len(rows), 1)
        scroll = QScrollArea()
        scroll.setObjectName("hazardFields")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        return scroll

    def _tree(self, name: str, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setWordWrap(False)
        tree.setHeaderLabels(headers)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = tree.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("2026-11-22 08:00") + 24)
        return tree

    def _size_trees(self) -> None:
        metrics = self.fontMetrics()
        inspections = self._inspections.header()
        inspections.resizeSection(1, metrics.horizontalAdvance("Chen Gong (district)") + 16)
        inspections.resizeSection(2, metrics.horizontalAdvance("Extreme 20") + 24)
        inspections.resizeSection(3, metrics.horizontalAdvance("M") * 26)
        cases = self._cases.header()
        cases.resizeSection(0, metrics.horizontalAdvance("C-2026-000000") + 20)
        cases.resizeSection(1, metrics.horizontalAdvance("In progress") + 20)
        cases.resizeSection(2, metrics.horizontalAdvance("2026-11-22 08:00") + 20)
        history = self._history.header()
        history.resizeSection(1, metrics.horizontalAdvance("Escalation engine") + 16)
        history.resizeSection(2, metrics.horizontalAdvance("Made active") + 20)

    def _connect_signals(self) -> None:
        self._inspect.clicked.connect(self.open_inspection_dialog)
        self._edit.clicked.connect(self.open_edit_dialog)
        self._mitigate.clicked.connect(
            lambda: self._open_status_dialog(HazardStatus.MITIGATED))
        self._retire.clicked.connect(lambda: self._open_status_dialog(HazardStatus.RETIRED))
        self._reactivate.clicked.connect(lambda: self._open_status_dialog(HazardStatus.ACTIVE))
        self._status_dialog.accepted.connect(self._on_status_dialog_accepted)
        self._reload.clicked.connect(self._on_reload_clicked)
        self._cases.itemActivated.connect(self._on_cases_item_activated)
        self._inspections.itemActivated.connect(self._on_inspections_item_activated)

    # ---- public ------------------------------------------------------------------------

    @property
    def hazard_id(self) -> int:
        return self._shown_id

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self._detail is not None:
            self._render(self._detail)

    def show_hazard_id(self, hazard_id: int) -> None:
        """Show hazard ``hazard_id`` (or the placeholder for -1), read afresh."""
        self.show_id(hazard_id)

    def refresh_cases_if_changed(self, case_ids: list[int]) -> None:
        """A case moved on somewhere: re-read the linked cases if it is one of them."""
        if self._shown_id != -1 and self._case_ids & set(case_ids):
            self._render_cases()

    def open_inspection_dialog(self) -> InspectionDialog | None:
        if self._detail is None:
            return None
        dialog = InspectionDialog(self._app, self._detail, self)
        dialog.inspection_recorded.connect(self._on_dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_edit_dialog(self) -> HazardDialog | None:
        if self._detail is None:
            return None
        dialog = HazardDialog(self._app, self._detail, self)
        dialog.hazard_saved.connect(self._on_dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # ---- showing -----------------------------------------------------------------------

    def _read(self, shown_id: int) -> HazardDetail:
        return self._app.hazards.get_by_id(shown_id)

    def _render(self, detail: HazardDetail) -> None:
        self._detail = detail
        row = detail.row
        self._stack.setCurrentIndex(1)
        theme = colors(self._theme)
        shades = hl.level_colors(self._theme)[row.level]
        self._code.setText(row.code)
        self._code.setStyleSheet(
            f"color: {theme.accent}; font-size: {scaled_pt(13)}pt; font-weight: bold;")
        self._level.setText(hl.level_with_score(row.level, row.score))
        self._level.setStyleSheet(
            f"background-color: {shades.fill.name()}; color: {shades.on_fill.name()};"
            f" border: 1px solid {shades.text.name()}; border-radius: 3px;"
            " padding: 2px 8px; font-weight: bold;")
        self._status.setText(hl.status_label(row.status))
        set_style_property(self._status, "fieldName", row.status is not HazardStatus.ACTIVE)
        self._name.setText(row.name)
        self._name.setStyleSheet(f"font-size: {scaled_pt(12)}pt; color: {theme.text};")
        grid = self._app.district.grid(row.grid_id)
        coordinates = (f"{detail.lon:.6f}, {detail.lat:.6f}"
                       if detail.lon is not None and detail.lat is not None else NO_VALUE)
        values = {
            "kind": hl.kind_label(row.kind),
            "grid": f"{grid.code} {grid.name_en} · {grid.name_zh}",
            "location": row.location or NO_VALUE,
            "unit": row.responsible_unit or NO_VALUE,
            "contact": detail.contact or NO_VALUE,
            "risk": self.tr("likelihood {l} × severity {s} = {score}, {level}").format(
                l=hl.likelihood_label(row.likelihood), s=hl.severity_label(row.severity),
                score=row.score, level=hl.level_label(row.level)),
            "interval": counted(self.tr("{n} day(s)"), row.inspection_interval_days).format(
                n=row.inspection_interval_days),
            "last": local_time(row.last_inspected_at),
            "surroundings": detail.surroundings or NO_VALUE,
            "controls": detail.controls or NO_VALUE,
            "coordinates": coordinates,
            "updated": self.tr("{when} by {who}").format(
                when=local_time(detail.updated_at), who=detail.updated_by),
        }
        for key, text in values.items():
            self._values[key].setText(text)
        self.refresh_countdown()
        self._show_actions()
        self._render_inspections()
        self._render_cases()
        self._render_history()

    def refresh_countdown(self) -> None:
        """The inspection countdown of the shown hazard, from the clock (no query)."""
        if self._detail is None:
            return
        row = self._detail.row
        countdown, state = hl.countdown_text(self._app.clock.now(), row.next_inspection_due,
                                             row.inspection_interval_days, row.watched)
        due_color = hl.due_colors(self._theme).get(state)
        self._due.setText(self.tr("Inspection {countdown}").format(countdown=countdown)
                          if row.watched else self.tr("Not watched"))
        self._due.setStyleSheet(f"color: {due_color.name()}; font-weight: bold;"
                                if due_color is not None else "")
        self._values["next_due"].setText(
            f"{local_time(row.next_inspection_due)} ({countdown})"
            if row.next_inspection_due else NO_VALUE)

    def _show_actions(self) -> None:
        detail = self._detail
        if detail is None:
            return
        role = self._app.operator.role
        manager = role in HAZARD_MANAGERS
        recorder = role in INSPECTION_RECORDERS
        status = detail.row.status
        need_manager = self.tr("Only coordinators and admins manage the registry.")
        self._inspect.setVisible(status is not HazardStatus.RETIRED)
        self._inspect.setEnabled(recorder)
        self._inspect.setToolTip("" if recorder else self.tr(
            "Only duty officers, coordinators and admins record inspections."))
        self._edit.setEnabled(manager)
        self._mitigate.setVisible(status is HazardStatus.ACTIVE)
        self._reactivate.setVisible(status is not HazardStatus.ACTIVE)
        self._retire.setVisible(status is not HazardStatus.RETIRED)
        for button in (self._edit, self._mitigate, self._reactivate, self._retire):
            button.setEnabled(manager)
            button.setToolTip("" if manager else need_manager)

    def _render_inspections(self) -> None:
        if self._detail is None:
            return
        records = self._app.hazards.inspections(self._detail.row.id)
        self._inspections.clear()
        levels = hl.level_colors(self._theme)
        items = []
        for record in records:
            photos = str(len(record.photos)) if record.photos else NO_VALUE
            item = QTreeWidgetItem([
                local_time(record.inspected_at), record.inspector,
                hl.level_with_score(record.level, record.score),
                " ".join(record.findings.split()) or NO_VALUE, photos])
            item.setForeground(2, levels[record.level].text)
            item.setToolTip(0, self.tr("Recorded {when} by {who}").format(
                when=local_time_seconds(record.recorded_at), who=record.recorded_by))
            item.setToolTip(2, self.tr("likelihood {l} × severity {s}").format(
                l=hl.likelihood_label(record.likelihood),
                s=hl.severity_label(record.severity)))
            item.setToolTip(3, record.findings)
            if record.photos:
                item.setToolTip(4, "\n".join(record.photos)
                                + "\n" + self.tr("Double-click to open the first photo"))
                item.setData(4, _PATH_ROLE, record.photos[0])
            items.append(item)
        self._inspections.addTopLevelItems(items)
        self._tabs.setTabText(1, self.tr("Inspections ({n})").format(n=len(records)))

    def _render_cases(self) -> None:
        if self._detail is None:
            return
        cases = self._app.hazards.cases_of(self._detail.row.id)
        self._case_ids = {c.id for c in cases}
        self._cases.clear()
        items = []
        for case in cases:
            item = QTreeWidgetItem([case.reference, labels.stage_label(case.stage),
                                    local_time(case.reported_at), case.title])
            item.setData(0, Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(3, self.tr("{title}\nDouble-click to show it on the board").format(
                title=case.title))
            items.append(item)
        self._cases.addTopLevelItems(items)
        self._tabs.setTabText(2, self.tr("Linked cases ({n})").format(n=len(cases)))

    def _render_history(self) -> None:
        if self._detail is None:
            return
        entries = self._app.hazards.timeline(self._detail.code)
        self._history.clear()
        items = []
        for entry in entries:
            changed = describe_hazard_change(entry.detail)
            item = QTreeWidgetItem([local_time_seconds(entry.at), entry.operator,
                                    _action_text(entry.action), changed])
            item.setToolTip(3, changed)
            items.append(item)
        self._history.addTopLevelItems(items)
        if items:
            self._history.scrollToItem(items[-1])

    def _set_message(self, text: str, kind: str = "error", offer_reload: bool = False) -> None:
        self._message.setText(text)
        self._message.setVisible(bool(text))
        theme = colors(self._theme)
        self._message.setStyleSheet(
            f"color: {theme.text}; border: 1px solid "
            f"{theme.accent if kind == 'info' else '#b5653a'}; border-radius: 3px;"
            " padding: 5px 8px;")
        self._reload.setVisible(offer_reload)

    # ---- acting ------------------------------------------------------------------------

    def _open_status_dialog(self, target: HazardStatus) -> None:
        if self._detail is None:
            return
        self._status_dialog.prepare(self._detail, target)
        self._status_dialog.open()

    def _on_status_dialog_accepted(self) -> None:
        detail = self._detail
        if detail is None:
            return
        target = self._status_dialog.target
        try:
            saved = self._app.hazards.set_status(
                self._app.operator, detail.code, target, note=self._status_dialog.note(),
                expected_version=detail.version)
        except ConflictError as exc:
            self._set_message(error_text(exc), offer_reload=True)
            return
        except WatchroomError as exc:
            self._set_message(error_text(exc))
            return
        self._render(saved)
        self._set_message(self.tr("{code} is now {status}.").format(
            code=saved.code, status=hl.status_label(saved.row.status).lower()), "info")
        self.hazard_changed.emit(saved.row.id)

    def _on_dialog_saved(self, code: str) -> None:
        try:
            saved = self._app.hazards.get(code)
        except NotFound:
            return
        self._render(saved)
        self._set_message(self.tr("Saved {code}.").format(code=code), "info")
        self.hazard_changed.emit(saved.row.id)

    def _on_cases_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(case_id, int):
            self.case_activated.emit(case_id)

    def _on_inspections_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(4, _PATH_ROLE)
        if isinstance(path, str) and path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
