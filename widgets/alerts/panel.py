"""The alert panel: alerts newest and most severe first, what to do with one, its detail.

Over 600 lines on purpose: the panel is already the thin half (the feed cursor, time
slicing, flash timer and shelving clocks are ``AlertManager``'s; the model, the labels and
the dialogs live beside it); what is left is one view's building, its actions and its
detail, which share the selected alert and the action buttons' state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cached_property

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFontDatabase, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.alerts.service import (
    CAP_SEVERITIES,
    AlertDetail,
    AlertFilter,
    AlertRow,
    AlertStatus,
    case_category,
    case_severity,
)
from console.app import App
from console.core.domain import Category, Severity
from console.core.errors import ConflictError, WatchroomError
from console.hazards.domain import KIND_CATEGORY, alert_meaning
from widgets.alerts.dialogs import PromoteDialog, ShelveDialog
from widgets.alerts.feeds import FeedHeartbeatsView
from widgets.alerts.labels import (
    inspection_text,
    known_sources,
    severity_text,
    source_text,
    status_text,
    urgency_text,
)
from widgets.alerts.manager import AlertManager
from widgets.alerts.model import (
    ALERT_ID_ROLE,
    AlertColumn,
    AlertFilterProxy,
    AlertTableModel,
    area_text,
    shown_title,
)
from widgets.changes.bus import ChangeBus
from widgets.common.flow_layout import flow_container
from widgets.common.grid_picker import GridPicker
from widgets.common.panes import show_message
from widgets.common.tables import row_table
from widgets.common.time_text import NO_VALUE, local_time
from widgets.hazards.labels import kind_label
from widgets.shell.theme import colors, current_theme

SOUND_KEY = "attention/soundOnCriticalAlert"

# The status filter's entries: (data, statuses shown).
_STATUS_CHOICES: tuple[tuple[str, frozenset[AlertStatus]], ...] = (
    ("active", frozenset({AlertStatus.NEW, AlertStatus.ACKNOWLEDGED})),
    ("all", frozenset()),
    ("new", frozenset({AlertStatus.NEW})),
    ("acknowledged", frozenset({AlertStatus.ACKNOWLEDGED})),
    ("shelved", frozenset({AlertStatus.SHELVED})),
    ("resolved", frozenset({AlertStatus.RESOLVED})),
)
# Severity colours: CAP severities on the theme's case-severity colours.
_CAP_TO_CASE = {"Extreme": Severity.CRITICAL, "Severe": Severity.HIGH,
                "Moderate": Severity.MEDIUM, "Minor": Severity.LOW}


class AlertPanel(QWidget):
    """Alerts from every feed, newest and most severe first, with what an officer does
    with one (acknowledge, shelve, resolve, promote to a case) and its full detail.

    The widgets and their wiring over an ``AlertManager``, which holds the alerts, reads
    their changes in (``poll``; ``start`` reads every 400 ms and runs the alert timers),
    and makes the service calls. The table is painted when the manager says, between its
    turns (never a model reset). Unacknowledged Extreme and Severe alerts flash, with an
    optional beep, and never take the keyboard.

    Actions for the main window's menus: ``acknowledge_action`` (F2), ``shelve_action``,
    ``resolve_action``, ``promote_action``, ``sound_action`` (checkable, saved).

    Signals:
        case_promoted(str): an alert became a case; the new case's reference.
        attention_changed(int): the number of unacknowledged critical alerts changed.
    """

    case_promoted = Signal(str)
    attention_changed = Signal(int)

    def __init__(self, app: App, bus: ChangeBus, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertPanel")
        self._settings = settings if settings is not None else QSettings()
        self._app = app
        self._bus = bus
        self._manager = AlertManager(app, bus, self)
        self._detail: AlertDetail | None = None
        self._dialog_alert_id = 0  # the alert the open dialog is about

        self.proxy = AlertFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_filters()
        self._build_table()
        self._build_actions()
        self._build_detail()
        self._build_layout()

        self._connect_signals()
        self._on_filter_changed()
        self.apply_theme_colors()
        self.reload()

    # ---- building ----------------------------------------------------------------------

    def _build_filters(self) -> None:
        self._status_filter = QComboBox(self)
        self._status_filter.setObjectName("alertStatusFilter")
        status_texts = {
            "active": self.tr("Active"),
            "all": self.tr("All statuses"),
            "new": status_text(AlertStatus.NEW),
            "acknowledged": status_text(AlertStatus.ACKNOWLEDGED),
            "shelved": status_text(AlertStatus.SHELVED),
            "resolved": status_text(AlertStatus.RESOLVED),
        }
        for key, _statuses in _STATUS_CHOICES:
            self._status_filter.addItem(status_texts[key], key)
        self._status_filter.setItemData(0, self.tr("New and acknowledged alerts"),
                                        Qt.ItemDataRole.ToolTipRole)
        self._severity_filter = QComboBox(self)
        self._severity_filter.setObjectName("alertSeverityFilter")
        self._severity_filter.addItem(self.tr("All severities"), "")
        for severity in CAP_SEVERITIES:
            self._severity_filter.addItem(severity_text(severity), severity)
        # The alerts of one grid (typed: code, name or pinyin), also set by a click on
        # the map.
        self._grid_filter = GridPicker(self, name="alertGridFilter", key="id",
                                       find=self._manager.district.search_grids,
                                       restore_on_leave=True)
        self._grid_filter.setAccessibleName(self.tr("Grid filter"))
        self._grid_filter.setToolTip(self.tr("Only the alerts of one grid cell"))
        self._grid_filter.setMinimumContentsLength(12)
        self._grid_filter.set_grids(self._manager.grids(), self.tr("All grids"))
        self._source_filter = QComboBox(self)
        self._source_filter.setObjectName("alertSourceFilter")
        self._source_filter.addItem(self.tr("All sources"), "")
        for source in known_sources():
            self._source_filter.addItem(source_text(source), source)
        self._attention_badge = QLabel(self)
        self._attention_badge.setObjectName("alertAttention")
        self._attention_badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._attention_badge.hide()
        self._sound_button = QToolButton(self)
        self._sound_button.setObjectName("alertSoundToggle")
        self._sound_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _build_table(self) -> None:
        self.table = row_table(self, "alertTable", self.tr("Alerts"), self.proxy, padding=8,
                               sorting=True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AlertColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        widths = {AlertColumn.SEV: "Moderate", AlertColumn.URGENCY: "Immediate",
                  AlertColumn.SOURCE: "Escalation", AlertColumn.AREA: "XH-07 · Bl",
                  AlertColumn.RECEIVED: "11-22 08:05", AlertColumn.REPEATS: "×99",
                  AlertColumn.STATUS: "Acknowledged", AlertColumn.CASE: "C-2026-000123"}
        for column, sample in widths.items():
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 26)
        self.table.sortByColumn(AlertColumn.SEV, Qt.SortOrder.AscendingOrder)

    def _action(self, name: str, text: str, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip} ({keys})"
        action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.acknowledge_action = self._action(
            "acknowledgeAlertAction", self.tr("Acknowledge"), "F2",
            self.tr("I have seen this alert"))
        self.shelve_action = self._action(
            "shelveAlertAction", self.tr("Shelve…"), "F3",
            self.tr("Put the alert aside for a while; it comes back by itself"))
        self.resolve_action = self._action(
            "resolveAlertAction", self.tr("Resolve"), "Ctrl+F2",
            self.tr("Nothing more to do about this alert"))
        self.promote_action = self._action(
            "promoteAlertAction", self.tr("Promote to case…"), "Ctrl+Shift+P",
            self.tr("Open a case from this alert"))
        self.sound_action = QAction(self.tr("Sound for critical alerts"), self)
        self.sound_action.setObjectName("alertSoundAction")
        self.sound_action.setCheckable(True)
        self.sound_action.setIconText(self.tr("♪ Sound"))
        self.sound_action.setChecked(
            bool(self._settings.value(SOUND_KEY, False, type=bool)))
        self.sound_action.setToolTip(self.tr("Beep when an Extreme or Severe alert arrives"))
        self._sound_button.setDefaultAction(self.sound_action)
        self._buttons: dict[QAction, QPushButton] = {}
        for action, name in ((self.acknowledge_action, "alertAcknowledge"),
                             (self.shelve_action, "alertShelve"),
                             (self.resolve_action, "alertResolve"),
                             (self.promote_action, "alertPromote")):
            button = QPushButton(action.text(), self)
            button.setObjectName(name)
            button.setToolTip(action.toolTip())
            self._buttons[action] = button
        self._buttons[self.acknowledge_action].setProperty("primary", True)

    def _build_detail(self) -> None:
        self.detail = QWidget(self)
        self.detail.setObjectName("alertDetail")
        self._headline = QLabel(self.detail)
        self._headline.setObjectName("alertDetailHeadline")
        self._headline.setWordWrap(True)
        self._headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(3)
        names = (
            ("description", self.tr("Description")), ("instruction", self.tr("Instruction")),
            ("area", self.tr("Area")), ("sender", self.tr("Sender")),
            ("classification", self.tr("Severity · urgency · certainty")),
            ("times", self.tr("Sent · received · expires")),
            ("repeats", self.tr("Repeats")), ("status", self.tr("Status")),
            ("acknowledged", self.tr("Acknowledged")), ("case", self.tr("Case")),
        )
        for key, title in names:
            name = QLabel(title, self.detail)
            name.setProperty("fieldName", True)
            value = QLabel(self.detail)
            value.setObjectName(f"alertDetail_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, value)
            self._fields[key] = value
        self._raw = QPlainTextEdit(self.detail)
        self._raw.setObjectName("alertRaw")
        self._raw.setAccessibleName(self.tr("Raw payload"))
        self._raw.setReadOnly(True)
        self._raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._raw.setMinimumHeight(90)
        self._placeholder = QLabel(self.tr("Select an alert to see its detail."), self.detail)
        self._placeholder.setObjectName("alertDetailPlaceholder")
        fields = QWidget(self.detail)
        fields.setLayout(form)
        scroll = QScrollArea(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(fields)
        self._detail_tabs = QTabWidget(self.detail)
        self._detail_tabs.setObjectName("alertDetailTabs")
        self._detail_tabs.addTab(scroll, self.tr("Detail"))
        self._detail_tabs.addTab(self._raw, self.tr("Raw payload"))
        self._detail_body = QWidget(self.detail)
        body = QVBoxLayout(self._detail_body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self._headline)
        body.addWidget(self._detail_tabs, 1)
        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._placeholder)
        layout.addWidget(self._detail_body, 1)
        self._detail_body.hide()

    def _build_layout(self) -> None:
        self._message = QLabel(self)
        self._message.setObjectName("alertMessage")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        self._reload = QPushButton(self.tr("Reload"), self)
        self._reload.setObjectName("alertReload")
        self._reload.setToolTip(self.tr("Show the alert as it is now"))
        self._reload.hide()

        filters = QHBoxLayout()
        for title, combo in ((self.tr("Status"), self._status_filter),
                             (self.tr("Severity"), self._severity_filter),
                             (self.tr("Source"), self._source_filter),
                             (self.tr("Grid"), self._grid_filter)):
            label = QLabel(title, self)
            label.setProperty("fieldName", True)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self._attention_badge)
        filters.addWidget(self._sound_button)

        # The actions head the detail, beside the list: they act on what is selected, and
        # the list keeps the strip's whole height (10 rows at 1080 lines, 6 at 768).
        side = QWidget(self)
        side.setObjectName("alertSide")
        # The buttons wrap in a narrow side: it never takes the list's width for them.
        buttons_box, buttons = flow_container(side)
        buttons.setContentsMargins(6, 6, 6, 0)
        for button in self._buttons.values():
            button.setParent(buttons_box)
            buttons.addWidget(button)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(buttons_box)
        side_layout.addWidget(self.detail, 1)
        self.feeds = FeedHeartbeatsView(self._app, self._bus, side)
        side_layout.addWidget(self.feeds)

        message_row = QHBoxLayout()
        message_row.addWidget(self._message, 1)
        message_row.addWidget(self._reload, 0, Qt.AlignmentFlag.AlignTop)

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("alertSplitter")
        self._splitter.addWidget(self.table)
        self._splitter.addWidget(side)
        self._splitter.setCollapsible(0, False)  # the list never; the detail may be folded
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)
        self._splitter.setSizes([600, 400])
        self._split_once = True

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addLayout(message_row)
        layout.addWidget(self._splitter, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._split_once:
            # Three quarters for the list (its headlines need the width), a quarter for
            # the detail and its buttons, at whatever width the window gives, until the
            # officer drags the line.
            width = self._splitter.width()
            self._splitter.setSizes([width * 3 // 4, width - width * 3 // 4])

    def _connect_signals(self) -> None:
        self._splitter.splitterMoved.connect(self._on_splitter_moved)
        self._status_filter.currentIndexChanged.connect(self._on_filter_changed)
        self._severity_filter.currentIndexChanged.connect(self._on_filter_changed)
        self._source_filter.currentIndexChanged.connect(self._on_filter_changed)
        self._grid_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.acknowledge_action.triggered.connect(self._on_acknowledge_triggered)
        self.shelve_action.triggered.connect(self._on_shelve_triggered)
        self.resolve_action.triggered.connect(self._on_resolve_triggered)
        self.promote_action.triggered.connect(self._on_promote_triggered)
        self.sound_action.toggled.connect(self._on_sound_toggled)
        self._reload.clicked.connect(self._on_reload_clicked)
        for action, button in self._buttons.items():
            button.clicked.connect(action.trigger)
        manager = self._manager
        manager.attention_changed.connect(self._on_manager_attention_changed)
        manager.attention_changed.connect(self.attention_changed)
        manager.critical_arrived.connect(self._on_manager_critical_arrived)
        manager.flash_toggled.connect(self._on_manager_flash_toggled)
        manager.rows_restyled.connect(self._on_manager_rows_restyled)
        manager.alerts_applied.connect(self._on_manager_alerts_applied)
        manager.painting_held.connect(self._on_manager_painting_held)
        manager.painting_released.connect(self._on_manager_painting_released)
        manager.feed_read_failed.connect(self._set_message)
        manager.feed_read_recovered.connect(self._on_manager_feed_read_recovered)
        manager.timers_failed.connect(self._set_message)

    # ---- public ------------------------------------------------------------------------

    @property
    def model(self) -> AlertTableModel:
        return self._manager.model

    def start(self) -> None:
        """Start reading the change feed and running the alert timers."""
        self._manager.start()

    def stop(self) -> None:
        """Stop reading and the timers; waits for a timers run still going (it writes)
        so the database can be closed after."""
        self._manager.stop()
        self.table.setUpdatesEnabled(True)

    @property
    def busy(self) -> bool:
        """The change feed is being read, or alerts read wait to be applied."""
        return self._manager.busy

    def reload(self) -> None:
        """Read the alerts afresh (the first load; the only model reset)."""
        try:
            self._manager.reload()
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._add_unknown_sources()
        self._update_actions()

    def poll(self) -> None:
        """Read the alerts changed since the last look, in the next turns."""
        self._manager.poll()

    def enqueue_rows(self, rows: Iterable[AlertRow]) -> None:
        """Apply ``rows`` (changed or new alerts) in turns, as alerts read are."""
        self._manager.enqueue_rows(rows)

    def run_timers(self) -> int:
        """Bring back shelved alerts whose time is up (and acknowledged alerts left
        alone too long), now, and say how many; the change feed then shows them. (Every
        30 s, once started, the panel runs them in the background instead.)"""
        try:
            return self._manager.run_timers()
        except WatchroomError as exc:
            self._set_message(str(exc))
            return 0

    def selected_alert(self) -> AlertRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        alert_id = rows[0].data(ALERT_ID_ROLE)
        return self.model.alert(int(alert_id)) if alert_id is not None else None

    def select_alert(self, alert_id: int) -> bool:
        pos = self.model.row_of(alert_id)
        if pos is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(pos, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    @property
    def attention_count(self) -> int:
        return self._manager.attention_count

    @property
    def flashing(self) -> bool:
        return self._manager.flashing

    def apply_theme_colors(self) -> None:
        """Severity colours and the flash tint of the current theme."""
        theme = colors(current_theme())
        severity = {cap: QColor(theme.severity[sev]) for cap, sev in _CAP_TO_CASE.items()}
        severity["Unknown"] = QColor(theme.dim_text)
        self.model.set_colors(severity, QColor(theme.escalation[2]))

    # ---- what the manager tells --------------------------------------------------------

    def _on_manager_alerts_applied(self, applied: set[int], sources: set[str]) -> None:
        self._add_unknown_sources(sources)
        selected = self.selected_alert()
        if selected is not None and self._detail is not None \
                and selected.id == self._detail.id and selected.id in applied:
            self._show_detail(selected.id)
        self._update_actions()

    def _on_manager_painting_held(self) -> None:
        self.table.setUpdatesEnabled(False)

    def _on_manager_painting_released(self) -> None:
        self.table.setUpdatesEnabled(True)
        self.table.repaint()

    def _on_manager_rows_restyled(self) -> None:
        self.table.viewport().update()  # the visible rows only; no model signal

    def _on_manager_feed_read_recovered(self) -> None:
        self._set_message("")

    def _on_manager_attention_changed(self, count: int) -> None:
        if count:
            self._attention_badge.setText(QCoreApplication.translate(
                "AlertPanel", "%n unacknowledged critical", "", count))
            self._attention_badge.setToolTip(self.tr(
                "Extreme or Severe alerts nobody has acknowledged yet"))
            self._attention_badge.show()
        else:
            self._attention_badge.hide()

    def _on_manager_flash_toggled(self, lit: bool) -> None:
        self._attention_badge.setProperty("blink", "on" if lit else "off")
        self._attention_badge.style().unpolish(self._attention_badge)
        self._attention_badge.style().polish(self._attention_badge)

    def _on_manager_critical_arrived(self) -> None:
        if self.sound_action.isChecked():
            QApplication.beep()

    def _add_unknown_sources(self, sources: set[str] | None = None) -> None:
        """Offer every source seen in the filter (the batch's, or all after a load)."""
        for source in sorted(self.model.sources() if sources is None else sources):
            if self._source_filter.findData(source) < 0:
                self._source_filter.addItem(source_text(source), source)

    # ---- acting ------------------------------------------------------------------------

    def _act(self, what: Callable[[AlertRow], AlertDetail], done: str,
             alert_id: int | None = None) -> None:
        """One manager action on the selected alert (or the one a dialog was opened for);
        the outcome is shown inline."""
        row = self.selected_alert() if alert_id is None else self.model.alert(alert_id)
        if row is None:
            return
        try:
            detail = what(row)
        except ConflictError as exc:
            self._set_message(str(exc), offer_reload=True)
            return
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._show_applied(detail)
        self._set_message(done.format(id=row.id, status=status_text(detail.row.status)),
                          kind="info")

    def _show_applied(self, detail: AlertDetail) -> None:
        selected = self.selected_alert()
        if selected is not None and selected.id == detail.id:
            self._fill_detail(detail)
        self._update_actions()

    def _on_acknowledge_triggered(self) -> None:
        self._act(self._manager.acknowledge, self.tr("Alert #{id} is now {status}."))

    def _on_resolve_triggered(self) -> None:
        self._act(self._manager.resolve, self.tr("Alert #{id} is now {status}."))

    def _on_shelve_triggered(self) -> None:
        row = self.selected_alert()
        if row is None:
            return
        self._dialog_alert_id = row.id
        self._shelve_dialog.prepare(row, self._manager.now())
        self._shelve_dialog.open()

    # The dialogs are built the first time they open.

    @cached_property
    def _shelve_dialog(self) -> ShelveDialog:
        dialog = ShelveDialog(self)
        dialog.accepted.connect(self._on_shelve_dialog_accepted)
        return dialog

    @cached_property
    def _promote_dialog(self) -> PromoteDialog:
        dialog = PromoteDialog(self)
        dialog.accepted.connect(self._on_promote_dialog_accepted)
        return dialog

    def _on_shelve_dialog_accepted(self) -> None:
        until = self._shelve_dialog.until()
        self._act(lambda row: self._manager.shelve(row, until),
                  self.tr("Alert #{id} is shelved until {until}; it comes back by itself.")
                  .replace("{until}", local_time(until)), self._dialog_alert_id)

    def _on_promote_triggered(self) -> None:
        row = self.selected_alert()
        if row is None:
            return
        try:
            grids = self._manager.grids()
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._dialog_alert_id = row.id
        category = case_category(row.category, row.event, row.headline)
        hazard = self._manager.hazard_of(row)
        if hazard is None:
            self._promote_dialog.prepare(row, grids, category, case_severity(row.severity))
        else:
            # A hazard's inspection alert: the case a person would write about the hazard,
            # in its grid, of the category its kind calls for.
            title = self.tr("{kind} {code}: {what}").format(
                kind=kind_label(hazard.row.kind), code=hazard.row.code,
                what=inspection_text(alert_meaning(row.headline)))
            self._promote_dialog.prepare(row, grids, Category(KIND_CATEGORY[hazard.row.kind]),
                                         case_severity(row.severity), title=title,
                                         grid_code=hazard.row.grid_code)
        self._promote_dialog.open()

    def _on_promote_dialog_accepted(self) -> None:
        row = self.model.alert(self._dialog_alert_id)
        if row is None:
            return
        dialog = self._promote_dialog
        try:
            promotion = self._manager.promote(row, dialog.title(), dialog.category(),
                                              dialog.severity(), dialog.grid_code())
        except ConflictError as exc:
            self._set_message(str(exc), offer_reload=True)
            return
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._show_applied(promotion.alert)
        reference = promotion.case.reference
        self._set_message(self.tr("Alert #{id} became case {ref}.").format(
            id=row.id, ref=reference), kind="info")
        self.case_promoted.emit(reference)

    def _on_reload_clicked(self) -> None:
        self._set_message("")
        row = self.selected_alert()
        if row is None:
            return
        try:
            self._manager.refresh_alert(row.id)
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._show_detail(row.id)
        self._update_actions()

    def _on_sound_toggled(self, checked: bool) -> None:
        self._settings.setValue(SOUND_KEY, checked)

    # ---- showing -----------------------------------------------------------------------

    def _on_filter_changed(self) -> None:
        statuses = dict(_STATUS_CHOICES)[str(self._status_filter.currentData())]
        severity = str(self._severity_filter.currentData() or "")
        source = str(self._source_filter.currentData() or "")
        grid = self._grid_filter.currentData()
        self.proxy.set_alert_filter(AlertFilter(
            statuses=statuses,
            severities=frozenset({severity}) if severity else frozenset(),
            sources=frozenset({source}) if source else frozenset(),
            grid_ids=frozenset({grid}) if isinstance(grid, int) else frozenset()))
        self._update_actions()

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._split_once = False  # the officer's own split from now on

    def show_grid(self, code: str | None) -> None:
        """Only the alerts of one grid cell (None: every grid), as the grid filter does;
        a click on the map lands here."""
        grid = self._manager.district.grid_by_code(code) if code else None
        index = self._grid_filter.findData(grid.id) if grid is not None else 0
        self._grid_filter.setCurrentIndex(max(index, 0))

    def _on_selection_changed(self, _selected: QItemSelection,
                              _deselected: QItemSelection) -> None:
        self._set_message("")
        row = self.selected_alert()
        if row is None:
            self._detail = None
            self._detail_body.hide()
            self._placeholder.show()
        else:
            self._show_detail(row.id)
        self._update_actions()

    def _show_detail(self, alert_id: int) -> None:
        try:
            detail = self._manager.detail(alert_id)
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._fill_detail(detail)

    def _fill_detail(self, detail: AlertDetail) -> None:
        self._detail = detail
        row = detail.row
        f = self._fields
        self._headline.setText(" ".join(shown_title(row).split()))
        f["description"].setText(detail.description.strip() or NO_VALUE)
        f["instruction"].setText(detail.instruction.strip() or NO_VALUE)
        f["area"].setText(area_text(row, every_grid=True) or NO_VALUE)
        f["sender"].setText(" · ".join(p for p in (detail.sender, source_text(row.source))
                                       if p))
        f["classification"].setText(" · ".join(
            p for p in (severity_text(row.severity), urgency_text(row.urgency),
                        row.certainty) if p))
        f["times"].setText(" · ".join((local_time(row.sent_at), local_time(row.received_at),
                                       local_time(row.expires_at))))
        f["repeats"].setText(
            self.tr("Received {n} times · last seen {when}").format(
                n=row.repeat_count, when=local_time(row.last_seen_at))
            if row.repeat_count > 1 else self.tr("Received once"))
        status = status_text(row.status)
        if row.status is AlertStatus.SHELVED and row.shelved_until is not None:
            status = self.tr("{status} until {when}").format(
                status=status, when=local_time(row.shelved_until))
        f["status"].setText(status)
        f["acknowledged"].setText(
            self.tr("{who} at {when}").format(who=row.acknowledged_by or NO_VALUE,
                                              when=local_time(row.acknowledged_at))
            if row.acknowledged_at is not None else NO_VALUE)
        f["case"].setText(row.case_reference or NO_VALUE)
        self._raw.setPlainText(_pretty(detail.raw))
        self._placeholder.hide()
        self._detail_body.show()

    def _update_actions(self) -> None:
        row = self.selected_alert()
        open_ = row is not None and row.status is not AlertStatus.RESOLVED
        self.acknowledge_action.setEnabled(
            open_ and row is not None and row.status is not AlertStatus.ACKNOWLEDGED)
        self.shelve_action.setEnabled(open_)
        self.resolve_action.setEnabled(open_)
        self.promote_action.setEnabled(row is not None and row.case_id is None)
        for action, button in self._buttons.items():
            button.setEnabled(action.isEnabled())

    def _set_message(self, text: str, kind: str = "error", offer_reload: bool = False) -> None:
        show_message(self._message, text, kind)
        self._reload.setVisible(offer_reload)



def _pretty(raw: str) -> str:
    """JSON payloads indented; XML and anything else as received."""
    text = raw.strip()
    if text.startswith(("{", "[")):
        try:
            return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            return raw
    return raw

