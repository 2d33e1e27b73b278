"""The case detail pane: one case's fields, deadlines, legal next actions and timeline."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.deadlines import DeadlineView, latest_met, minutes_late
from console.cases.joint import FINISHED, JointView, PartState
from console.cases.lifecycle import JOINT_STEPS, NEEDS_TEXT, Action
from console.core.domain import CaseDetail, TeamRef, TimelineEntry
from console.core.errors import ConflictError, WatchroomError
from console.operators.service import SUPERVISORS
from widgets.cases.action_dialogs import (
    DispatchDialog,
    JointStepDialog,
    TextActionDialog,
    suggested_team,
)
from widgets.cases.deadlines import CaseDeadlinesTable
from widgets.cases.hazards import CaseHazards
from widgets.cases.photos import CasePhotoStrip
from widgets.cases.table_model import level_meaning
from widgets.cases.timeline_text import action_text, describe_change
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.flow_layout import flow_container
from widgets.common.panes import DetailPane, named_label, set_style_property
from widgets.common.time_text import (
    NO_VALUE,
    duration_text,
    lateness_text,
    local_time,
    local_time_seconds,
    short_local_time,
)
from widgets.handover.flags import TimelineFlagging

# Below this height of its dock the deadlines are a tab beside the timeline (a 768-line
# screen's dock is about 650 pixels; a 1080-line one's about 960).
TAB_DEADLINES_BELOW_PX = 800
# The actions a person takes from the pane (``report`` is the New case dialog's).
PANE_ACTIONS: tuple[Action, ...] = tuple(a for a in Action if a is not Action.REPORT)
# Steps of the loop (as opposed to pause, resume and note): the first legal one is primary.
_LOOP_STEPS = frozenset(PANE_ACTIONS) - {Action.PAUSE, Action.RESUME, Action.NOTE}


class FieldsArea(QScrollArea):
    """As tall as the fields it holds, up to ``MAX_LINES`` lines; it scrolls only past
    that (a very long description), so the timeline below keeps its room. On a short
    screen it gives way down to ``MIN_LINES`` lines (and scrolls) before the window
    would have to grow.

    Signals: only those of ``QScrollArea``.
    """

    MAX_LINES = 20
    MIN_LINES = 6

    def __init__(self, fields: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailFields")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(fields)
        self._fields = fields

    def sizeHint(self) -> QSize:
        fields = self._fields
        width = max(self.viewport().width(), 1)
        height = (fields.heightForWidth(width) if fields.hasHeightForWidth()
                  else fields.sizeHint().height())
        cap = self.fontMetrics().lineSpacing() * self.MAX_LINES
        # Never more than a third of the window (a quarter on a 768-line laptop screen):
        # the deadlines and the timeline below keep their rows.
        height = self.window().height()
        if height > 0:
            share = height // 3 if height >= 900 else height // 4
            cap = min(cap, max(share, self.fontMetrics().lineSpacing() * self.MIN_LINES))
        return QSize(super().sizeHint().width(), min(max(height, 0), cap))

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        floor = self.fontMetrics().lineSpacing() * self.MIN_LINES
        return QSize(hint.width(), min(hint.height(), floor))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped text needs a new height at a new width


class CaseDetailPane(DetailPane[CaseDetail]):
    """Everything about the selected case, and the buttons for exactly its legal actions.

    Each action makes one service call with the version the pane showed, so a case
    changed behind its back is refused with a conflict, shown inline with a Reload.
    Coordinators and administrators may also put an open case under supervision (督办).

    Signals:
        case_changed(int): this pane changed that case (the board refreshes its row).
    """

    case_changed = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetail")
        self._app = app
        # (reference, version) the officer saw when starting an action with a dialog.
        self._pending: tuple[str, int] | None = None
        self._text_action: Action | None = Action.NOTE  # None: the text is a supervision
        self._joint_action = Action.NOTE  # the joint step the joint dialog is open for
        self._joint: JointView | None = None
        self._values: dict[str, QLabel] = {}
        self._buttons: dict[Action, QPushButton] = {}
        self._build()
        self._connect_signals()
        self.show_case_id(-1)

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self._build_stack(self.tr("Select a case on the board to see its details, act on it "
                                  "and read its timeline."), "detailPlaceholder",
                          self._build_content())

    # The action dialogs are built the first time they open.

    @cached_property
    def _dispatch_dialog(self) -> DispatchDialog:
        dialog = DispatchDialog(self)
        dialog.accepted.connect(self._on_dispatch_dialog_accepted)
        return dialog

    @cached_property
    def _text_dialog(self) -> TextActionDialog:
        dialog = TextActionDialog(self)
        dialog.accepted.connect(self._on_text_dialog_accepted)
        return dialog

    @cached_property
    def _joint_dialog(self) -> JointStepDialog:
        dialog = JointStepDialog(self)
        dialog.accepted.connect(self._on_joint_dialog_accepted)
        return dialog

    def _build_content(self) -> QWidget:
        content = QWidget(self)
        self._reference = named_label(content, "detailReference", selectable=True)
        self._severity = named_label(content, "detailSeverity")
        self._stage = named_label(content, "detailStage")
        self._level = named_label(content, "detailLevel")
        self._supervised = named_label(content, "detailSupervised",
                                       self.tr("★ Under supervision"))
        self._supervised.setToolTip(
            self.tr("Pinned on every board; what was left of its deadlines was shortened"))
        self._title = named_label(content, "detailTitle", selectable=True, wrap=True)

        # Wraps in a narrow column (a 1366-pixel laptop's) instead of widening the pane.
        header_box, header = flow_container(content, spacing=12)
        for part in (self._reference, self._severity, self._stage, self._level,
                     self._supervised):
            header.addWidget(part)

        actions_box, actions = flow_container(content)
        for action in PANE_ACTIONS:
            text = labels.action_label(action)
            if action is Action.DISPATCH or action in NEEDS_TEXT or action in JOINT_STEPS:
                text += "…"
            button = QPushButton(text, actions_box)
            button.setObjectName(f"action_{action.value}")
            button.clicked.connect(lambda _checked=False, a=action: self._on_action_clicked(a))
            actions.addWidget(button)
            self._buttons[action] = button
        self._supervise = QPushButton(self.tr("Supervise…"), actions_box)
        self._supervise.setObjectName("action_supervise")
        self._supervise.setToolTip(self.tr(
            "Put the case under supervision (督办): pinned on every board, what is left of "
            "its deadlines shortened"))
        actions.addWidget(self._supervise)

        self._message = QLabel(content)
        self._message.setObjectName("detailMessage")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._reload = QPushButton(self.tr("Reload"), content)
        self._reload.setObjectName("detailReload")
        self._reload.setToolTip(self.tr("Show the case as it is now"))
        message_row = QHBoxLayout()
        message_row.addWidget(self._message, 1)
        message_row.addWidget(self._reload, 0, Qt.AlignmentFlag.AlignTop)


        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(header_box)
        layout.addWidget(self._title)
        layout.addWidget(actions_box)
        layout.addLayout(message_row)
        self._photos = CasePhotoStrip(content)
        layout.addWidget(self._photos)
        # Fields at their natural height (scrolling past a very long description), the
        # deadlines and the timeline below, the line between them dragged at will: the
        # timeline is never pushed out of the dock, only made shorter.
        splitter = QSplitter(Qt.Orientation.Vertical, content)
        splitter.setObjectName("detailSplitter")
        splitter.addWidget(self._build_fields(splitter))
        lower = QWidget(splitter)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(8)
        self._lower_layout = lower_layout
        lower_layout.addWidget(self._build_deadlines(lower))
        # The timeline, and the registered hazards in the case's grid and its neighbours.
        tabs = QTabWidget(lower)
        tabs.setObjectName("detailTabs")
        tabs.setDocumentMode(True)
        tabs.addTab(self._build_timeline(tabs), self.tr("Timeline"))
        self._hazards = CaseHazards(self._app, tabs)
        tabs.addTab(self._hazards, self.tr("Hazards nearby"))
        self._tabs = tabs
        lower_layout.addWidget(tabs, 1)
        splitter.addWidget(lower)
        splitter.setCollapsible(1, False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        return content

    def _build_deadlines(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        box.setObjectName("detailDeadlinesBox")
        title = QLabel(self.tr("Deadlines"), box)
        title.setProperty("fieldName", True)
        self._deadlines_box, self._deadlines_title = box, title
        self._deadlines = CaseDeadlinesTable(box)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(self._deadlines)
        return box

    # ---- room ----------------------------------------------------------------------------

    def fit_to_room(self, room: QSize) -> None:
        """In a short dock (a 768-line laptop's) the deadlines become a tab beside the
        timeline, which then shows a working handful of entries instead of one or two;
        the header still says how late the case is. In a tall dock they sit above it."""
        self.set_deadlines_tabbed(room.height() < TAB_DEADLINES_BELOW_PX)

    def deadlines_tabbed(self) -> bool:
        return self._tabs.indexOf(self._deadlines_box) >= 0

    def set_deadlines_tabbed(self, tabbed: bool) -> None:
        if tabbed == self.deadlines_tabbed():
            return
        if tabbed:
            self._deadlines_title.hide()  # the tab names it
            self._tabs.insertTab(1, self._deadlines_box, self.tr("Deadlines"))
        else:
            self._tabs.removeTab(self._tabs.indexOf(self._deadlines_box))
            self._lower_layout.insertWidget(0, self._deadlines_box)
            self._deadlines_title.show()
            self._deadlines_box.show()

    def _build_fields(self, parent: QWidget) -> QWidget:
        fields = QWidget()
        grid = QGridLayout(fields)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        # What the case is: one field per line, values may wrap across the pane.
        row = 0
        for key, title in (("category", self.tr("Category")), ("source", self.tr("Source")),
                           ("grid", self.tr("Grid")), ("team", self.tr("Team")),
                           ("joint", self.tr("Joint handling")),
                           ("location", self.tr("Location")), ("reporter", self.tr("Reporter")),
                           ("pause_reason", self.tr("Pause reason")),
                           ("description", self.tr("Description"))):
            grid.addWidget(self._field_name(title, fields), row, 0)
            grid.addWidget(self._field_value(key, fields), row, 1, 1, 3)
            row += 1
        # When it moved through the loop, and how it went: short values, two per line.
        pairs = [
            (("reported", self.tr("Reported")), ("registered", self.tr("Registered"))),
            (("dispatched", self.tr("Dispatched")), ("started", self.tr("Started"))),
            (("resolved", self.tr("Resolved")), ("verified", self.tr("Verified"))),
            (("closed", self.tr("Closed")), ("paused_for", self.tr("Paused in total"))),
            (("rework", self.tr("Rework")), ("updated_by", self.tr("Updated by"))),
        ]
        for pair in pairs:
            for col, (key, title) in enumerate(pair):
                grid.addWidget(self._field_name(title, fields), row, col * 2)
                grid.addWidget(self._field_value(key, fields), row, col * 2 + 1)
            row += 1
        grid.setRowStretch(row, 1)
        self._fields_area = FieldsArea(fields, parent)
        return self._fields_area

    def _field_name(self, title: str, parent: QWidget) -> QLabel:
        name = QLabel(title, parent)
        name.setProperty("fieldName", True)
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return name

    def _field_value(self, key: str, parent: QWidget) -> QLabel:
        value = QLabel(parent)
        value.setObjectName(f"detail_{key}")
        value.setWordWrap(True)
        value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._values[key] = value
        return value

    def _build_timeline(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        self._timeline = QTreeWidget(box)
        self._timeline.setObjectName("caseTimeline")
        self._timeline.setAccessibleName(self.tr("Timeline"))
        self._flagging = TimelineFlagging(self._app, self._timeline, self)
        self._timeline.setRootIsDecorated(False)
        self._timeline.setAlternatingRowColors(True)
        self._timeline.setUniformRowHeights(False)  # one line per change
        self._timeline.setHeaderLabels(
            [self.tr("Time"), self.tr("By"), self.tr("Action"), self.tr("What changed")])
        header_item = self._timeline.headerItem()
        header_item.setToolTip(0, self.tr("When (the center's time)"))
        header_item.setToolTip(1, self.tr("The operator who acted"))
        header = self._timeline.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._size_timeline_columns()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._timeline, 1)  # the tab names it
        return box

    def _size_timeline_columns(self) -> None:
        self._timeline.ensurePolished()  # measure with the theme's font
        header = self._timeline.header()
        metrics = self._timeline.fontMetrics()
        bold = QFont(self._timeline.font())
        bold.setBold(True)
        titles = QFontMetrics(bold)
        header.resizeSection(0, metrics.horizontalAdvance("11-22 08:00") + 20)
        header.resizeSection(1, max(titles.horizontalAdvance(self.tr("By")),
                                    metrics.horizontalAdvance("王建华")) + 24)
        header.resizeSection(2, metrics.horizontalAdvance(
            labels.action_label(Action.REOPEN)) + 20)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_timeline_columns()
        elif event.type() == QEvent.Type.LanguageChange and self._detail is not None:
            self.refresh()  # fields, actions and timeline composed in the new language

    def _connect_signals(self) -> None:
        self._reload.clicked.connect(self._on_reload_clicked)
        self._supervise.clicked.connect(self._on_supervise_clicked)
        self._flagging.flagged.connect(self.refresh)
        self._flagging.failed.connect(self._set_message)

    # ---- public ------------------------------------------------------------------------

    @property
    def case_id(self) -> int:
        return self._shown_id

    def show_case_id(self, case_id: int) -> None:
        """Show case ``case_id`` (or the placeholder for -1), read afresh."""
        self.show_id(case_id)
        self._hazards.show_case_id(case_id)

    @property
    def hazards(self) -> CaseHazards:
        """The hazards near the shown case (its ``hazard_activated`` opens one)."""
        return self._hazards

    # ---- showing -----------------------------------------------------------------------

    def _read(self, shown_id: int) -> CaseDetail:
        return self._app.cases.get_by_id(shown_id)

    def _clear(self) -> None:
        self._show_actions(())
        self._supervise.hide()

    def _render(self, detail: CaseDetail) -> None:
        self._detail = detail
        row = detail.row
        self._stack.setCurrentIndex(1)
        self._reference.setText(row.reference)
        self._severity.setText(labels.severity_label(row.severity))
        set_style_property(self._severity, "severity", str(int(row.severity)))
        self._stage.setText(labels.stage_status(row.stage, row.paused))
        deadlines = self._app.deadlines.for_case(row.id)
        self._show_level(row.escalation_level, deadlines)
        set_style_property(self._level, "level", str(row.escalation_level))
        self._supervised.setVisible(row.supervised)
        self._title.setText(row.title)
        grid = self._app.district.grid(row.grid_id)
        team = (self._app.district.team(row.team_id) if row.team_id is not None else None)
        values = {
            "category": labels.category_label(row.category),
            "source": labels.source_label(row.source),
            "grid": f"{grid.code} {labels.place_name(grid)}",
            "team": f"{team.code} — {labels.place_name(team)}" if team else NO_VALUE,
            "location": detail.location or NO_VALUE,
            "reporter": detail.reporter or NO_VALUE,
            "rework": str(row.rework_count),
            "updated_by": labels.operator_name(detail.updated_by),
            "reported": short_local_time(row.reported_at),
            "registered": short_local_time(detail.registered_at),
            "dispatched": short_local_time(detail.dispatched_at),
            "started": short_local_time(detail.started_at),
            "resolved": short_local_time(detail.resolved_at),
            "verified": short_local_time(detail.verified_at),
            "closed": short_local_time(row.closed_at),
            "paused_for": duration_text(detail.paused_seconds) if detail.paused_seconds
            else NO_VALUE,
            "pause_reason": (self.tr("{reason} (since {when})").format(
                reason=detail.pause_reason, when=local_time(detail.paused_at))
                if row.paused else NO_VALUE),
            "description": detail.description or NO_VALUE,
        }
        for key, text in values.items():
            self._values[key].setText(text)
        self._values["joint"].setText(NO_VALUE)
        for key, when in (("reported", row.reported_at), ("registered", detail.registered_at),
                          ("dispatched", detail.dispatched_at), ("started", detail.started_at),
                          ("resolved", detail.resolved_at), ("verified", detail.verified_at),
                          ("closed", row.closed_at)):
            self._values[key].setToolTip(local_time_seconds(when))
        self._fields_area.updateGeometry()
        self._joint = self._app.cases.joint(row.reference)
        self._values["joint"].setText(self._joint_text(self._joint))
        self._show_actions(self._joint.legal)
        self._supervise.setVisible(self._app.operator.role in SUPERVISORS and row.is_open
                                   and not row.supervised)
        self._deadlines.show_deadlines(deadlines)
        self._photos.show_photos(self._app.photos.of_case(row.id))
        self._render_timeline(self._app.cases.timeline(row.reference))

    def _joint_text(self, joint: JointView) -> str:
        """Assisting parts, returns, dispute or ruling, callbacks: one line each."""
        states = {PartState.SUMMONED: self.tr("summoned"), PartState.REPORTED:
                  self.tr("reported in"), PartState.DONE: self.tr("done"),
                  PartState.WAIVED: self.tr("waived")}
        st = joint.state
        lines = [self.tr("Assisting: {parts}").format(parts=", ".join(
            f"{p.team_code} {states[p.state]}" + (f" ({p.text})" if p.text else "")
            for p in st.parts))] if st.parts else []
        if st.return_count:
            lines.append(self.tr("Returned {n} time(s)").format(n=st.return_count))
        if st.disputed:
            lines.append(self.tr("Disputed: waiting for the coordinator's ruling"))
        if joint.ruled_team_code:
            lines.append(self.tr("Ruled owner: {team}").format(team=joint.ruled_team_code))
        for c in joint.callbacks:
            if c.satisfaction is None:
                lines.append(self.tr("Callback {n}: due").format(n=c.round))
            else:
                lines.append(self.tr("Callback {n}: {satisfaction}, resolved: {resolved}")
                             .format(n=c.round, satisfaction=c.satisfaction.value,
                                     resolved=self.tr("yes") if c.resolved
                                     else self.tr("no")))
        return "\n".join(lines) or NO_VALUE

    def _show_level(self, level: int, deadlines: Sequence[DeadlineView]) -> None:
        """The header's summary of the deadlines: the running level while one is late,
        else the stage that ended latest past its deadline, else "On time"."""
        late = latest_met(deadlines) if level <= 0 else None
        late_by = minutes_late(late) if late is not None else None
        if late is not None and late_by is not None:
            kind = labels.deadline_kind_label(late.kind)
            self._level.setText(self.tr("{kind} {late} late").format(
                kind=kind, late=lateness_text(late_by)))
            self._level.setToolTip(self.tr(
                "No deadline is late now; the {kind} stage was completed {late} after its "
                "deadline and reached {level}").format(
                    kind=kind.lower(), late=lateness_text(late_by),
                    level=labels.level_label(late.level) or labels.level_name(0)))
        else:
            self._level.setText(labels.level_label(level) or labels.level_name(0).capitalize())
            self._level.setToolTip(level_meaning(level))

    def _show_actions(self, legal: tuple[Action, ...]) -> None:
        primary = next((a for a in legal if a in _LOOP_STEPS), None)
        for action, button in self._buttons.items():
            shown = action in legal
            button.setVisible(shown)
            button.setEnabled(shown)
            if button.property("primary") != (action is primary):
                button.setProperty("primary", action is primary)
                button.style().unpolish(button)
                button.style().polish(button)

    def _render_timeline(self, entries: list[TimelineEntry]) -> None:
        self._timeline.clear()
        items = []
        for entry in entries:
            action = action_text(entry.action)
            changed = describe_change(entry.detail)
            item = QTreeWidgetItem([short_local_time(entry.at),
                                    labels.operator_name(entry.operator,
                                                         entry.operator_username), action,
                                    changed])
            item.setToolTip(0, local_time_seconds(entry.at))
            item.setToolTip(1, entry.operator_username)
            item.setToolTip(3, changed)
            items.append(item)
        self._timeline.addTopLevelItems(items)
        self._flagging.mark(items, entries)
        # Names are short in Chinese and longer in pinyin: fit the ones on show.
        self._timeline.resizeColumnToContents(1)
        self._timeline.resizeColumnToContents(2)
        if items:
            self._timeline.scrollToItem(items[-1])

    # ---- acting ------------------------------------------------------------------------

    def _perform(self, reference: str, version: int, action: Action,
                 team: str | None = None, text: str = "", **joint: object) -> None:
        """One service call; the outcome is shown inline. ``joint``: the assisting teams,
        reason, satisfaction and citizen's view of a joint-handling step."""
        try:
            detail = self._app.cases.apply(self._app.operator, reference, action,
                                           expected_version=version, team=team, text=text,
                                           **joint)  # type: ignore[arg-type]
        except ConflictError as exc:
            self._set_message(error_text(exc), offer_reload=True)
            return
        except WatchroomError as exc:
            self._set_message(error_text(exc))
            return
        self._render(detail)
        self._set_message(self.tr("{action}: done — {ref} is now {stage}.").format(
            action=labels.action_label(action), ref=detail.reference,
            stage=labels.stage_status(detail.row.stage, detail.row.paused).lower()), "info")
        self.case_changed.emit(detail.row.id)

    def _on_action_clicked(self, action: Action) -> None:
        if self._detail is None:
            return
        row = self._detail.row
        self._pending = (row.reference, row.version)
        if action is Action.DISPATCH:
            teams = self._app.district.teams()
            self._dispatch_dialog.prepare(
                row, teams, suggested_team(row, self._app.district.grids(), teams))
            self._dispatch_dialog.open()
        elif action in JOINT_STEPS:
            self._joint_action = action
            self._joint_dialog.prepare(row, action, self._joint_teams(action))
            self._joint_dialog.open()
        elif action in NEEDS_TEXT:
            self._text_action = action
            self._text_dialog.prepare(row, action)
            self._text_dialog.open()
        else:
            self._perform(row.reference, row.version, action)

    def _joint_teams(self, action: Action) -> list[TeamRef]:
        """The teams a joint step chooses from: any team but the lead and the ones already
        assisting (whistle), the parts open for the step, or every team (rule)."""
        teams = self._app.district.teams()
        parts = self._joint.state.parts if self._joint is not None else ()
        lead = self._detail.row.team_id if self._detail is not None else None
        wanted: set[int] | None = None
        if action is Action.WHISTLE:
            busy = {p.team_id for p in parts if p.state not in FINISHED}
            return [t for t in teams if t.id != lead and t.id not in busy]
        if action is Action.REPORT_IN:
            wanted = {p.team_id for p in parts if p.state is PartState.SUMMONED}
        elif action is Action.PART_DONE:
            wanted = {p.team_id for p in parts if p.state is PartState.REPORTED}
        elif action is Action.WAIVE:
            wanted = {p.team_id for p in parts if p.state not in FINISHED}
        elif action is not Action.RULE:
            return []
        return [t for t in teams if wanted is None or t.id in wanted]

    def _on_joint_dialog_accepted(self) -> None:
        if self._pending is None:
            return
        reference, version = self._pending
        dialog, action = self._joint_dialog, self._joint_action
        self._perform(
            reference, version, action, team=dialog.team_code() or None, text=dialog.text(),
            assist=dialog.checked_teams() or None, reason=dialog.reason(),
            satisfaction=dialog.satisfaction() if action is Action.CALLBACK else None,
            resolved=dialog.resolved() if action is Action.CALLBACK else None)

    def _supervise_case(self, reference: str, version: int, text: str) -> None:
        """One service call; the outcome is shown inline."""
        try:
            detail = self._app.cases.supervise(self._app.operator, reference, text,
                                               expected_version=version)
        except ConflictError as exc:
            self._set_message(error_text(exc), offer_reload=True)
            return
        except WatchroomError as exc:
            self._set_message(error_text(exc))
            return
        self._render(detail)
        self._set_message(self.tr("{ref} is under supervision: pinned on every board, "
                                  "its deadlines shortened.").format(ref=detail.reference),
                          "info")
        self.case_changed.emit(detail.row.id)

    def _on_supervise_clicked(self) -> None:
        if self._detail is None:
            return
        row = self._detail.row
        self._pending = (row.reference, row.version)
        self._text_action = None
        self._text_dialog.ask(
            self.tr("Supervise — {ref}").format(ref=row.reference),
            self.tr("Why does {ref} need supervision? The owner team and the supervisor "
                    "will read this.").format(ref=row.reference),
            self.tr("Supervise"))
        self._text_dialog.open()

    def _on_dispatch_dialog_accepted(self) -> None:
        if self._pending is not None:
            reference, version = self._pending
            dialog = self._dispatch_dialog
            assist = dialog.assisting()
            if assist:
                self._perform(reference, version, Action.DISPATCH, team=dialog.team_code(),
                              assist=assist, parts=dialog.parts())
            else:
                self._perform(reference, version, Action.DISPATCH, team=dialog.team_code())

    def _on_text_dialog_accepted(self) -> None:
        if self._pending is None:
            return
        reference, version = self._pending
        if self._text_action is None:
            self._supervise_case(reference, version, self._text_dialog.text())
        else:
            self._perform(reference, version, self._text_action, text=self._text_dialog.text())

