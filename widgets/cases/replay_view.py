"""Case replay: pick a case and a moment, see what the board showed about it then."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.replay import ReplayState
from console.core.domain import Stage
from widgets.cases.timeline_text import action_text
from widgets.common import labels
from widgets.common.background import BackgroundWork
from widgets.common.time_text import (
    NO_VALUE,
    center_editor,
    from_qt,
    local_time,
    short_local_time,
    to_qt,
)


def _stage(value: str) -> str:
    try:
        return labels.stage_label(Stage(value))
    except ValueError:
        return value or NO_VALUE



class CaseReplayView(QWidget):
    """Replays one case's audit log up to a chosen moment (read off the GUI thread).

    Signals: only those of ``QWidget``.
    """

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseReplay")
        self._app = app
        self._work = BackgroundWork(self)
        self._reference = QLineEdit(self)
        self._reference.setObjectName("replayReference")
        self._reference.setAccessibleName(self.tr("Case reference"))
        self._reference.setPlaceholderText("C-2026-000123")
        self._moment = center_editor(QDateTimeEdit(self))
        self._moment.setObjectName("replayMoment")
        self._moment.setAccessibleName(self.tr("Moment to replay"))
        self._moment.setCalendarPopup(True)
        self._moment.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._moment.setDateTime(self._local(app.clock.now()))
        self._show = QPushButton(self.tr("Replay"), self)
        self._show.setObjectName("replayShow")
        self._show.setAccessibleName(self.tr("Replay the case at that moment"))
        self._state = QLabel(self.tr("Name a case and a moment: the replay shows what the "
                                     "board showed about it then, from the audit log."), self)
        self._state.setObjectName("replayState")
        self._state.setWordWrap(True)
        self._state.setTextFormat(Qt.TextFormat.PlainText)
        self._state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._deadlines = self._table("replayDeadlines", self.tr("Deadlines then"), (
            self.tr("Deadline"), self.tr("Due"), self.tr("Level"), self.tr("Met")))
        self._notes = self._table("replayNotes", self.tr("Notes up to then"), (
            self.tr("Time"), self.tr("By"), self.tr("Action"), self.tr("Text")))
        inputs = QHBoxLayout()
        inputs.addWidget(QLabel(self.tr("Case"), self))
        inputs.addWidget(self._reference, 1)
        inputs.addWidget(QLabel(self.tr("at"), self))
        inputs.addWidget(self._moment)
        inputs.addWidget(self._show)
        tables = QHBoxLayout()
        tables.addWidget(self._deadlines, 4)
        tables.addWidget(self._notes, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addWidget(self._state)
        layout.addLayout(tables, 1)
        self._show.clicked.connect(self._on_show_clicked)
        self._reference.returnPressed.connect(self._on_show_clicked)

    @staticmethod
    def _local(when: datetime) -> QDateTime:
        return to_qt(when)

    def _table(self, name: str, accessible: str, columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns), self)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(list(columns))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return table

    def replay(self, reference: str, moment: datetime) -> None:
        """Show ``reference`` at ``moment`` (fills the inputs, reads in the background)."""
        self._reference.setText(reference)
        self._moment.setDateTime(self._local(moment))
        self._on_show_clicked()

    def moment(self) -> datetime:
        return from_qt(self._moment.dateTime())

    def _on_show_clicked(self) -> None:
        reference = self._reference.text().strip()
        if not reference:
            self._state.setText(self.tr("Type a case reference first."))
            return
        moment = self.moment()
        replay = self._app.handovers.replay
        self._state.setText(self.tr("Replaying {ref}…").format(ref=reference.upper()))
        self._work.start(lambda: replay(reference, moment), self._on_replay_read,
                         self._on_replay_failed, kind="replay")

    def _on_replay_failed(self, message: str) -> None:
        self._state.setText(message)
        self._deadlines.setRowCount(0)
        self._notes.setRowCount(0)

    def _on_replay_read(self, state: ReplayState) -> None:
        if not state.existed:
            self._state.setText(self.tr("{ref} had not been reported yet at {when}.").format(
                ref=state.reference, when=local_time(state.at)))
            self._deadlines.setRowCount(0)
            self._notes.setRowCount(0)
            return
        stage = _stage(state.stage)
        if state.paused:
            stage += " " + self.tr("(paused: {why})").format(why=state.pause_reason)
        due = state.next_due
        self._state.setText(self.tr(
            "{ref} at {when}: {stage} · {severity} · {category} · grid {grid} · team {team} "
            "· {level}{supervised} · next due {due} · {events} events so far.\n{title}")
            .format(ref=state.reference, when=local_time(state.at), stage=stage,
                    severity=labels.stored_severity_label(state.severity),
                    category=labels.stored_category_label(state.category, NO_VALUE),
                    grid=state.grid or NO_VALUE, team=state.team or NO_VALUE,
                    level=labels.level_label(state.escalation_level),
                    supervised=self.tr(" · supervised") if state.supervised else "",
                    due=(f"{labels.deadline_kind_label(due.kind)} {local_time(due.due_at)}"
                         if due else NO_VALUE),
                    events=state.events, title=state.title))
        self._deadlines.setRowCount(len(state.deadlines))
        for r, d in enumerate(state.deadlines):
            for c, text in enumerate((labels.deadline_kind_label(d.kind), local_time(d.due_at),
                                      labels.level_label(d.level),
                                      self.tr("met") if d.met else self.tr("pending"))):
                self._deadlines.setItem(r, c, QTableWidgetItem(text))
        self._notes.setRowCount(len(state.notes))
        for r, n in enumerate(state.notes):
            for c, text in enumerate((short_local_time(n.at), n.operator,
                                      action_text(n.action), n.text)):
                self._notes.setItem(r, c, QTableWidgetItem(text))
        self._deadlines.resizeColumnsToContents()
        self._notes.resizeColumnToContents(0)
