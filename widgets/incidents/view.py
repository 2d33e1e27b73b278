"""The incident view (``incidentView``): one incident at a glance — header, cases by
stage, alerts, hazards, teams, tasks, reports and the log — and the coordinator's
commands. Each button makes one service call; refusals show on the message line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import OperatorRef, Role, Stage
from console.core.errors import NotFound, WatchroomError
from console.incidents.domain import (
    DRILL_MARK,
    FIGURES,
    IncidentDetail,
    IncidentRow,
    IncidentStatus,
    LinkedItem,
    LogLine,
    ReportRecord,
    TaskKind,
    TaskRow,
    TaskStatus,
    TeamLine,
)
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.panes import named_label, show_message
from widgets.common.tables import row_table
from widgets.common.time_text import (
    NO_VALUE,
    center_editor,
    from_qt,
    local_time,
    short_local_time,
    to_qt,
)
from widgets.incidents import labels as il
from widgets.incidents.dialogs import (
    CloseIncidentDialog,
    FiguresDialog,
    ReassignDialog,
    ReportDialog,
    TextDialog,
)
from widgets.incidents.labels import COMMAND
from widgets.incidents.models import ColumnsModel
from widgets.shell.status_bar import follow_operator
from widgets.shell.theme import current_theme, escalation_colors, scaled_pt

FLOOR = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN})
LinkKey = tuple[str, int]


def _button(parent: QWidget, name: str, text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("…", ""))
    if tip:
        button.setToolTip(tip)
    return button


def _stage_text(stage: str) -> str:
    try:
        return labels.stage_label(Stage(stage))
    except ValueError:
        return stage


RESIZE_PRECISION_ROWS = 60


class IncidentView(QWidget):
    """The incident chosen (``show_reference``) with its linked items, teams, tasks,
    reports and log, read afresh by ``refresh`` (the window calls it on live changes).

    Signals:
        case_activated(int): a linked case was double-clicked (select it on the board).
        changed(str): this view changed that incident (the banner reads afresh).
    """

    case_activated = Signal(int)
    changed = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentView")
        self._app = app
        self._reference: str | None = None
        self._detail: IncidentDetail | None = None
        self._log: list[LogLine] = []
        self._open: list[IncidentRow] = []
        self._build()
        self._connect_signals()
        follow_operator(self, app, self._on_operator_changed)
        self._grey(None)

    # ---- building -------------------------------------------------------------------

    def _build(self) -> None:
        self._choice = QComboBox(self)
        self._choice.setObjectName("incidentChoice")
        self._choice.setAccessibleName(self.tr("Incident shown"))
        self._title = named_label(self, "incidentHeaderTitle", selectable=True, wrap=True)
        font = QFont(self._title.font())
        font.setPointSizeF(scaled_pt(13))
        font.setBold(True)
        self._title.setFont(font)
        self._level = named_label(self, "incidentHeaderLevel")
        self._level.setFont(font)
        self._facts = named_label(self, "incidentHeaderFacts", wrap=True)
        self._figures = named_label(self, "incidentHeaderFigures", wrap=True)
        self._figures_button = _button(self, "incidentFigures", self.tr("Figures…"),
                                       self.tr("Casualty and impact figures for the reports"))
        self._raise = _button(self, "incidentRaiseLevel", self.tr("Raise level…"),
                              self.tr("One level graver: the stricter plan's tasks start"))
        self._lower = _button(self, "incidentLowerLevel", self.tr("Lower level…"))
        self._stand_down = _button(self, "incidentStandDown", self.tr("Stand down…"),
                                   self.tr("The response is over: teams released, the "
                                           "final report falls due"))
        self._close = _button(self, "incidentCloseButton", self.tr("Close…"),
                              self.tr("Close with the summary and the after-action review"))
        self._message = named_label(self, "incidentMessage", wrap=True)
        self._message.hide()

        self._command_buttons: list[QPushButton] = []
        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("incidentTabs")
        self._tabs.setDocumentMode(True)
        self._cases_model = self._linked_model()
        self._alerts_model = self._linked_model()
        self._hazards_model = self._linked_model()
        self._stage_counts = named_label(self, "incidentStageCounts", wrap=True)
        self._tabs.addTab(self._linked_page("Cases", self._cases_model, self._stage_counts), "")
        self._tabs.addTab(self._linked_page("Alerts", self._alerts_model), "")
        self._tabs.addTab(self._linked_page("Hazards", self._hazards_model), "")
        self._tabs.addTab(self._teams_page(), "")
        self._tabs.addTab(self._tasks_page(), "")
        self._tabs.addTab(self._reports_page(), "")
        self._tabs.addTab(self._log_page(), "")
        self._tabs.setCurrentIndex(4)  # the tasks: what to do next

        level_row = QHBoxLayout()
        level_row.addWidget(self._level)
        level_row.addWidget(self._facts, 1)
        figures_row = QHBoxLayout()
        figures_row.addWidget(self._figures, 1)
        figures_row.addWidget(self._figures_button)
        commands = QHBoxLayout()
        for button in (self._raise, self._lower, self._stand_down, self._close):
            commands.addWidget(button)
        commands.addStretch(1)
        self._placeholder = named_label(self, "incidentPlaceholder", wrap=True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._choice)
        layout.addWidget(self._title)
        layout.addLayout(level_row)
        layout.addLayout(figures_row)
        layout.addLayout(commands)
        layout.addWidget(self._message)
        layout.addWidget(self._tabs, 1)
        layout.addWidget(self._placeholder, 1)
        self._retranslate()

    def _linked_model(self) -> ColumnsModel[LinkedItem, LinkKey]:
        return ColumnsModel(
            [(lambda: self.tr("Reference"), lambda i: i.reference),
             (lambda: self.tr("Title"), lambda i: i.title),
             (lambda: self.tr("State"), self._linked_state),
             (lambda: self.tr("Grid"), lambda i: i.grid),
             (lambda: self.tr("Linked"), lambda i: self.tr("proposed")
              if i.state == "proposed" else self.tr("linked"))],
            lambda i: (i.kind, i.target_id),
            tint=lambda i: QColor(escalation_colors(current_theme())[1])
            if i.state == "proposed" else None,
            parent=self)

    def _linked_state(self, item: LinkedItem) -> str:
        return _stage_text(item.status) if item.kind == "case" else item.status

    def _table(self, parent: QWidget, name: str, model: ColumnsModel[Any, Any],
               stretch: int = 1) -> QTableView:
        """A list of the view: column ``stretch`` (the title) takes the room left, the
        others fit their contents."""
        table = row_table(parent, name, name, model, padding=8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Fit the columns to the first rows only: measuring 1,000 linked cases on every
        # refresh would cost the view most of its opening time.
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        return table

    def _linked_page(self, name: str, model: ColumnsModel[LinkedItem, LinkKey],
                     above: QWidget | None = None) -> QWidget:
        page = QWidget(self)
        table = self._table(page, f"incident{name}", model)
        confirm = _button(page, f"incident{name}Confirm", self.tr("Confirm"),
                          self.tr("Link the selected proposal to the incident"))
        dismiss = _button(page, f"incident{name}Dismiss", self.tr("Dismiss"),
                          self.tr("Not part of the incident"))
        edit = QLineEdit(page)
        edit.setObjectName(f"incident{name}LinkEdit")
        edit.setAccessibleName(self.tr("References to link"))
        edit.setPlaceholderText(self.tr("C-2026-000123, A45, HZ-0003"))
        link = _button(page, f"incident{name}Link", self.tr("Link"),
                       self.tr("Link cases, alerts or hazards by reference"))
        row = QHBoxLayout()
        row.addWidget(confirm)
        row.addWidget(dismiss)
        row.addWidget(edit, 1)
        row.addWidget(link)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        if above is not None:
            layout.addWidget(above)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        confirm.clicked.connect(lambda: self._on_link_state(table, model, True))
        dismiss.clicked.connect(lambda: self._on_link_state(table, model, False))
        link.clicked.connect(lambda: self._on_link(edit))
        edit.returnPressed.connect(lambda: self._on_link(edit))
        table.doubleClicked.connect(lambda index: self._on_linked_activated(model, index))
        setattr(self, f"_{name.lower()}_table", table)
        self._command_buttons += [confirm, dismiss, link]
        return page

    def _teams_page(self) -> QWidget:
        page = QWidget(self)
        self._teams_model: ColumnsModel[TeamLine, str] = ColumnsModel(
            [(lambda: self.tr("Team"), lambda t: t.code),
             (lambda: self.tr("Name"), lambda t: t.name),
             (lambda: self.tr("Committed"), lambda t: self.tr("committed") if t.committed
              else ""),
             (lambda: self.tr("On duty"), lambda t: str(t.on_duty)),
             (lambda: self.tr("Available"), lambda t: str(t.available)),
             (lambda: self.tr("Task"), lambda t: t.task)],
            lambda t: t.code, parent=self)
        self._teams_table = self._table(page, "incidentTeams", self._teams_model, stretch=5)
        self._team_task = QLineEdit(page)
        self._team_task.setObjectName("incidentTeamTask")
        self._team_task.setAccessibleName(self.tr("What the team is to do"))
        self._team_task.setPlaceholderText(self.tr("What the team is to do (optional)"))
        self._commit = _button(page, "incidentCommitTeam", self.tr("Commit"),
                               self.tr("Commit the selected team to the incident"))
        self._release = _button(page, "incidentReleaseTeam", self.tr("Release"))
        row = QHBoxLayout()
        row.addWidget(self._team_task, 1)
        row.addWidget(self._commit)
        row.addWidget(self._release)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._teams_table, 1)
        layout.addLayout(row)
        return page

    def _tasks_page(self) -> QWidget:
        page = QWidget(self)
        self._tasks_model: ColumnsModel[TaskRow, int] = ColumnsModel(
            [(lambda: self.tr("Task"), lambda t: t.code),
             (lambda: self.tr("Title"), il.task_title),
             (lambda: self.tr("Owner"), lambda t: il.owner_label(t.owner)),
             (lambda: self.tr("Due"), lambda t: short_local_time(t.due_at)),
             (lambda: self.tr("State"), il.task_state)],
            lambda t: t.id,
            tint=lambda t: QColor(escalation_colors(current_theme())[t.escalation_level])
            if t.status is TaskStatus.OPEN and t.escalation_level else None,
            tip=lambda t: t.note, parent=self)
        self._tasks_table = self._table(page, "incidentTasks", self._tasks_model)
        self._done = _button(page, "incidentTaskDone", self.tr("Done"),
                             self.tr("Mark the selected task done"))
        self._skip = _button(page, "incidentTaskSkip", self.tr("Skip…"),
                             self.tr("Skip the selected task, with a reason"))
        self._reassign = _button(page, "incidentTaskReassign", self.tr("Reassign…"))
        row = QHBoxLayout()
        row.addWidget(self._done)
        row.addWidget(self._skip)
        row.addWidget(self._reassign)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._tasks_table, 1)
        layout.addLayout(row)
        return page

    def _reports_page(self) -> QWidget:
        page = QWidget(self)
        self._reports_model: ColumnsModel[ReportRecord, tuple[str, int]] = ColumnsModel(
            [(lambda: self.tr("Report"), lambda r: il.report_label(r.kind)
              + (f" {r.number}" if r.kind == "followup" else "")),
             (lambda: self.tr("Sent"), lambda r: short_local_time(r.sent_at)),
             (lambda: self.tr("Due"), lambda r: short_local_time(r.due_at)),
             (lambda: self.tr("On time"), lambda r: NO_VALUE if r.on_time is None
              else self.tr("on time") if r.on_time else self.tr("late")),
             (lambda: self.tr("Signed by"), lambda r: r.signed_by)],
            lambda r: (r.kind, r.number), parent=self)
        splitter = QSplitter(Qt.Orientation.Vertical, page)
        self._reports_table = self._table(splitter, "incidentReports", self._reports_model,
                                          stretch=4)
        self._report_body = QPlainTextEdit(splitter)
        self._report_body.setObjectName("incidentReportBody")
        self._report_body.setAccessibleName(self.tr("Report text"))
        self._report_body.setReadOnly(True)
        splitter.addWidget(self._reports_table)
        splitter.addWidget(self._report_body)
        self._report_kind = QComboBox(page)
        self._report_kind.setObjectName("incidentReportKindChoice")
        self._report_kind.setAccessibleName(self.tr("Report to write"))
        self._write_report = _button(page, "incidentWriteReport", self.tr("Write report…"),
                                     self.tr("A report upward, generated from the incident's "
                                             "data, to edit and sign"))
        row = QHBoxLayout()
        row.addWidget(self._report_kind)
        row.addWidget(self._write_report)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        return page

    def _log_page(self) -> QWidget:
        page = QWidget(self)
        self._log_model: ColumnsModel[LogLine, int] = ColumnsModel(
            [(lambda: self.tr("When"), lambda line: short_local_time(line.at)),
             (lambda: self.tr("Who"), lambda line: line.operator),
             (lambda: self.tr("Entry"), lambda line: line.text)],
            lambda line: id(line),
            tip=lambda line: self.tr("recorded {when}").format(when=local_time(
                line.recorded_at)) if line.recorded_at != line.at else "",
            parent=self)
        self._log_table = self._table(page, "incidentLog", self._log_model, stretch=2)
        self._log_text = QLineEdit(page)
        self._log_text.setObjectName("incidentLogText")
        self._log_text.setAccessibleName(self.tr("Log entry"))
        self._log_text.setPlaceholderText(self.tr("What happened (Enter adds it)"))
        self._log_at_on = QCheckBox(self.tr("at"), page)
        self._log_at_on.setObjectName("incidentLogAtOn")
        self._log_at_on.setAccessibleName(self.tr("Give the time it happened"))
        self._log_at = center_editor(QDateTimeEdit(page))
        self._log_at.setObjectName("incidentLogAt")
        self._log_at.setAccessibleName(self.tr("When it happened"))
        self._log_at.setDisplayFormat("MM-dd HH:mm")
        self._log_at.setEnabled(False)
        self._add_log = _button(page, "incidentAddLog", self.tr("Add to log"))
        row = QHBoxLayout()
        row.addWidget(self._log_text, 1)
        row.addWidget(self._log_at_on)
        row.addWidget(self._log_at)
        row.addWidget(self._add_log)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._log_table, 1)
        layout.addLayout(row)
        return page

    def _connect_signals(self) -> None:
        self._choice.activated.connect(self._on_choice_activated)
        self._figures_button.clicked.connect(self._on_figures)
        self._raise.clicked.connect(lambda: self._on_level(-1))
        self._lower.clicked.connect(lambda: self._on_level(+1))
        self._stand_down.clicked.connect(self._on_stand_down)
        self._close.clicked.connect(self._on_close)
        self._commit.clicked.connect(lambda: self._on_team(release=False))
        self._release.clicked.connect(lambda: self._on_team(release=True))
        self._done.clicked.connect(self._on_done)
        self._skip.clicked.connect(self._on_skip)
        self._reassign.clicked.connect(self._on_reassign)
        self._write_report.clicked.connect(self._on_write_report)
        self._reports_table.selectionModel().currentRowChanged.connect(
            self._on_report_selected)
        self._add_log.clicked.connect(self._on_add_log)
        self._log_text.returnPressed.connect(self._on_add_log)
        self._log_at_on.toggled.connect(self._on_log_at_toggled)
        self._tasks_table.selectionModel().selectionChanged.connect(self._grey_task_buttons)

    # ---- public ---------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        return self._reference

    @property
    def detail(self) -> IncidentDetail | None:
        return self._detail

    @property
    def log_lines(self) -> list[LogLine]:
        return list(self._log)

    def set_open_incidents(self, rows: list[IncidentRow]) -> None:
        """The open incidents to choose from (the banner's, gravest first)."""
        self._open = list(rows)
        self._fill_choice()

    def show_reference(self, reference: str | None) -> None:
        self._reference = reference
        self._message.hide()
        self._fill_choice()
        self.refresh()

    def refresh(self) -> None:
        """Read the shown incident afresh."""
        if self._reference is None:
            self._render(None)
            return
        try:
            detail = self._app.incidents.get(self._reference)
            log = self._app.incidents.log(self._reference)
        except NotFound as exc:
            self._render(None, error_text(exc))
            return
        self._log = log
        self._render(detail)

    def refresh_if_linked(self, kind: str, ids: list[int]) -> None:
        """Live changes of cases, alerts or hazards: read afresh if one is linked."""
        detail = self._detail
        if detail is None:
            return
        items = {"case": detail.cases, "alert": detail.alerts, "hazard": detail.hazards}[kind]
        if {i.target_id for i in items} & set(ids):
            self.refresh()

    def tick(self, now: datetime) -> None:
        """The clock moved: the elapsed time anew."""
        if self._detail is not None:
            self._facts.setText(self._facts_text(self._detail, now))

    # ---- showing --------------------------------------------------------------------

    def _fill_choice(self) -> None:
        self._choice.blockSignals(True)
        self._choice.clear()
        refs = [r.reference for r in self._open]
        for row in self._open:
            self._choice.addItem((f"{DRILL_MARK} · " if row.drill else "")
                                 + f"{row.reference} {row.title}", row.reference)
        if self._reference is not None and self._reference not in refs:
            self._choice.addItem(self._reference, self._reference)
        self._choice.setCurrentIndex(max(0, self._choice.findData(self._reference)))
        self._choice.setVisible(self._choice.count() > 1)
        self._choice.blockSignals(False)

    def _render(self, detail: IncidentDetail | None, placeholder: str = "") -> None:
        self._detail = detail
        shown = detail is not None
        for widget in (self._title, self._level, self._facts, self._figures,
                       self._figures_button, self._raise, self._lower, self._stand_down,
                       self._close, self._tabs):
            widget.setVisible(shown)
        self._placeholder.setVisible(not shown)
        if detail is None:
            self._placeholder.setText(placeholder or self.tr(
                "No incident is open. Declare one from Incident › Declare incident…"))
            for model in (self._cases_model, self._alerts_model, self._hazards_model):
                model.set_items([])
            self._teams_model.set_items([])
            self._tasks_model.set_items([])
            self._reports_model.set_items([])
            self._log_model.set_items([])
            self._grey(None)
            return
        row = detail.row
        drill = f"{DRILL_MARK} · " if row.drill else ""
        self._title.setText(f"{drill}{row.reference} {row.title}")
        colour = il.level_colour(row.level)
        self._level.setText(f" {il.level_label(row.level)} ")
        self._level.setStyleSheet(f"background: {colour.name()}; color: {il.text_on(colour)};"
                                  " padding: 2px 6px; border-radius: 3px;")
        self._facts.setText(self._facts_text(detail, self._app.clock.now()))
        given = [f"{il.figure_label(n)} {detail.figures[n]}" for n in FIGURES
                 if n in detail.figures]
        self._figures.setText(self.tr("Figures: {list}").format(
            list=", ".join(given) if given else self.tr("none entered")))
        self._stage_counts.setText(self._stage_counts_text(detail))
        self._cases_model.set_items(detail.cases)
        self._alerts_model.set_items(detail.alerts)
        self._hazards_model.set_items(detail.hazards)
        self._teams_model.set_items(detail.teams)
        self._tasks_model.set_items(detail.tasks)
        self._reports_model.set_items(detail.reports)
        self._log_model.set_items(self._log)
        self._log_table.scrollToBottom()
        self._fill_report_kinds(detail)
        self._set_tab_titles()
        self._grey(detail)

    def _facts_text(self, detail: IncidentDetail, now: datetime) -> str:
        row = detail.row
        parts = [il.kind_label(row.kind),
                 self.tr("commander {name}").format(name=row.commander or NO_VALUE),
                 self.tr("since {when}").format(when=short_local_time(row.occurred_at)),
                 il.elapsed_text((now - row.occurred_at).total_seconds())]
        if row.status is not IncidentStatus.OPEN:
            parts.append(il.status_label(row.status))
        if detail.grids:
            parts.append(", ".join(detail.grids))
        return " · ".join(parts)

    def _stage_counts_text(self, detail: IncidentDetail) -> str:
        proposed = sum(1 for c in detail.cases if c.state == "proposed")
        stages = ", ".join(f"{_stage_text(stage)} {n}"
                           for stage, n in sorted(detail.stage_counts.items()))
        text = self.tr("Linked by stage: {stages}").format(stages=stages or NO_VALUE)
        if proposed:
            text += " · " + self.tr("%n proposed", "", proposed)
        return text

    def _fill_report_kinds(self, detail: IncidentDetail) -> None:
        due = [t.kind.report for t in detail.tasks
               if t.status is TaskStatus.OPEN and t.kind is not TaskKind.TASK]
        wanted = due[0] if due else ("final" if detail.row.status is not IncidentStatus.OPEN
                                     else "followup")
        self._report_kind.clear()
        for kind in ("first", "followup", "final"):
            self._report_kind.addItem(il.report_label(kind), kind)
        self._report_kind.setCurrentIndex(max(0, self._report_kind.findData(wanted)))

    def _set_tab_titles(self) -> None:
        detail = self._detail
        counts = [0] * 7
        if detail is not None:
            open_tasks = sum(1 for t in detail.tasks if t.status is TaskStatus.OPEN)
            counts = [len(detail.cases), len(detail.alerts), len(detail.hazards),
                      sum(1 for t in detail.teams if t.committed), open_tasks,
                      len(detail.reports), len(self._log)]
        titles = [self.tr("Cases"), self.tr("Alerts"), self.tr("Hazards"), self.tr("Teams"),
                  self.tr("Tasks"), self.tr("Reports"), self.tr("Log")]
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self._tabs.setTabText(index, f"{title} ({count})" if count else title)

    def _grey(self, detail: IncidentDetail | None) -> None:
        role = self._app.operator.role
        command = role in COMMAND
        floor = role in FLOOR
        live = detail is not None and detail.row.status is not IncidentStatus.CLOSED
        running = detail is not None and detail.row.status is IncidentStatus.OPEN
        why = "" if command else self.tr("Only a coordinator or an administrator commands "
                                         "an incident.")
        level = detail.row.level if detail is not None else 0
        for button, ok in ((self._raise, running and level > 1),
                           (self._lower, running and level < 4),
                           (self._stand_down, running), (self._close, live),
                           (self._figures_button, live), (self._commit, live),
                           (self._release, live), (self._write_report, live),
                           *((b, live) for b in self._command_buttons)):
            button.setEnabled(command and ok)
            if why:
                button.setToolTip(why)
        self._add_log.setEnabled(floor and live)
        self._log_text.setEnabled(floor and live)
        self._grey_task_buttons()

    def _grey_task_buttons(self) -> None:
        task = self._selected_task()
        role = self._app.operator.role
        open_task = task is not None and task.status is TaskStatus.OPEN
        self._done.setEnabled(role in FLOOR and open_task and task is not None
                              and task.kind is TaskKind.TASK)
        self._skip.setEnabled(role in FLOOR and open_task)
        self._reassign.setEnabled(role in FLOOR and open_task)

    def _retranslate(self) -> None:
        self._set_tab_titles()
        for model in (self._cases_model, self._alerts_model, self._hazards_model,
                      self._teams_model, self._tasks_model, self._reports_model,
                      self._log_model):
            model.retranslate()
        if self._detail is not None:
            self._render(self._detail)
        else:
            self._render(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_log_model"):
            self._retranslate()

    # ---- acting ---------------------------------------------------------------------

    def _act(self, call: Callable[[OperatorRef, str], object]) -> bool:
        """One service call on the shown incident; its refusal on the message line."""
        if self._reference is None:
            return False
        try:
            call(self._app.operator, self._reference)
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return False
        self._message.hide()
        self._after_change()
        return True

    def _after_change(self) -> None:
        self.refresh()
        if self._reference is not None:
            self.changed.emit(self._reference)

    def _dialog_done(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._after_change)
        dialog.open()

    def _selected(self, table: QTableView) -> int | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected_task(self) -> TaskRow | None:
        row = self._selected(self._tasks_table)
        return self._tasks_model.item_at(row) if row is not None else None

    def _on_choice_activated(self, index: int) -> None:
        self.show_reference(self._choice.itemData(index))

    def _on_link_state(self, table: QTableView, model: ColumnsModel[LinkedItem, LinkKey],
                       confirmed: bool) -> None:
        row = self._selected(table)
        if row is None:
            show_message(self._message, self.tr("Select an item first."))
            return
        item = model.item_at(row)
        self._act(lambda op, ref: self._app.incidents.set_link_state(
            op, ref, item.kind, item.target_id, confirmed))

    def _on_link(self, edit: QLineEdit) -> None:
        items = [part for part in edit.text().replace(",", " ").split() if part]
        if self._act(lambda op, ref: self._app.incidents.link(op, ref, items)):
            edit.clear()

    def _on_linked_activated(self, model: ColumnsModel[LinkedItem, LinkKey],
                             index: QModelIndex) -> None:
        item = model.item_at(index.row())
        if item.kind == "case":
            self.case_activated.emit(item.target_id)

    def _on_team(self, release: bool) -> None:
        row = self._selected(self._teams_table)
        if row is None:
            show_message(self._message, self.tr("Select a team first."))
            return
        team = self._teams_model.item_at(row)
        task = self._team_task.text().strip()
        if self._act(lambda op, ref: self._app.incidents.commit_team(
                op, ref, team.code, task=task, release=release)):
            self._team_task.clear()

    def _on_done(self) -> None:
        task = self._selected_task()
        if task is not None:
            self._act(lambda op, ref: self._app.incidents.finish_task(op, ref, task.code))

    def _on_skip(self) -> None:
        task = self._selected_task()
        reference = self._reference
        if task is None or reference is None:
            return
        self._dialog_done(TextDialog(
            self, "incidentSkipDialog", self.tr("Skip {task}").format(task=task.code),
            self.tr("Why is {task} skipped?").format(task=f"{task.code} {il.task_title(task)}"),
            self.tr("Skip"), lambda text: self._app.incidents.finish_task(
                self._app.operator, reference, task.code, skipped=True, note=text)))

    def _on_reassign(self) -> None:
        task = self._selected_task()
        if task is None or self._reference is None or self._detail is None:
            return
        self._dialog_done(ReassignDialog(self._app, self._reference, task.code,
                                         [t.code for t in self._detail.teams], self))

    def _on_write_report(self) -> None:
        if self._detail is None:
            return
        self._dialog_done(ReportDialog(self._app, self._detail,
                                       str(self._report_kind.currentData()), self))

    def _on_report_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._report_body.setPlainText(
            self._reports_model.item_at(current.row()).text if current.isValid() else "")

    def _on_figures(self) -> None:
        if self._detail is not None:
            self._dialog_done(FiguresDialog(self._app, self._detail, self))

    def _on_level(self, step: int) -> None:
        if self._detail is None or self._reference is None:
            return
        reference = self._reference
        new = self._detail.row.level + step
        title = self.tr("Raise to {level}") if step < 0 else self.tr("Lower to {level}")
        self._dialog_done(TextDialog(
            self, "incidentLevelDialog", title.format(level=il.level_label(new)),
            self.tr("Why? (written in the incident log)"), title.format(
                level=il.level_label(new)),
            lambda text: self._app.incidents.set_level(self._app.operator, reference, new,
                                                       text)))

    def _on_stand_down(self) -> None:
        reference = self._reference
        if reference is None:
            return
        self._dialog_done(TextDialog(
            self, "incidentStandDownDialog", self.tr("Stand down {reference}").format(
                reference=reference),
            self.tr("Why is the response over? Committed teams are released, open tasks "
                    "skipped; the final report falls due."), self.tr("Stand down"),
            lambda text: self._app.incidents.stand_down(self._app.operator, reference, text)))

    def _on_close(self) -> None:
        if self._reference is not None:
            self._dialog_done(CloseIncidentDialog(self._app, self._reference, self))

    def _on_add_log(self) -> None:
        text = self._log_text.text().strip()
        at = from_qt(self._log_at.dateTime()) if self._log_at_on.isChecked() else None
        if self._act(lambda op, ref: self._app.incidents.add_log(op, ref, text, at)):
            self._log_text.clear()
            self._log_at_on.setChecked(False)

    def _on_log_at_toggled(self, on: bool) -> None:
        self._log_at.setEnabled(on)
        if on:
            self._log_at.setDateTime(to_qt(self._app.clock.now()))

    def _on_operator_changed(self, _op: OperatorRef) -> None:
        self._grey(self._detail)
