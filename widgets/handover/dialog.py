"""The shift handover dialog: the snapshot's tables, the activity log, the outgoing
officer's notes and signature, the incoming officer's signature, and the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import Stage
from console.core.errors import WatchroomError
from console.handover.domain import HandoverRecord, HandoverStatus
from console.handover.report import handover_report
from widgets.alerts.headlines import headline_text
from widgets.alerts.labels import severity_text, source_text, urgency_text
from widgets.common import labels
from widgets.common.panes import show_message
from widgets.common.report_pdf import write_pdf
from widgets.common.report_words import QtReportWords, shift_name
from widgets.common.time_text import (
    NO_VALUE,
    lateness_text,
    local,
    local_time,
    short_local_time,
)

DIALOG_SIZE = (1040, 720)


def _stage(value: str) -> str:
    try:
        return labels.stage_label(Stage(value))
    except ValueError:
        return value



class HandoverDialog(QDialog):
    """One handover. A draft can be signed out by the operator at this console (with
    their notes); a signed-out one taken over by another officer with their password;
    a handover signed by both is shown exactly as signed, read only. Never modal: the
    board stays usable behind it.

    Signals:
        handover_changed(int): the handover was signed out or taken over (its id).
    """

    handover_changed = Signal(int)

    def __init__(self, app: App, record: HandoverRecord, parent: QWidget | None = None,
                 *, read_only: bool = False, message: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Shift handover"))
        self.setModal(False)
        self._app = app
        self._record = record
        self._read_only = read_only
        self._build()
        self._connect_signals()
        self._render()
        if message:
            self._set_message(message)
        self.resize(*DIALOG_SIZE)

    @classmethod
    def for_current_shift(cls, app: App, parent: QWidget | None = None) -> HandoverDialog:
        """Propose the handover of the shift being handed over (as the operator at this
        console). Someone who may not write handovers (a reviewer) sees the current
        snapshot read only, and why."""
        try:
            return cls(app, app.handovers.propose(app.operator), parent)
        except WatchroomError as exc:
            return cls(app, app.handovers.preview(), parent, read_only=True, message=str(exc))

    @property
    def record(self) -> HandoverRecord:
        return self._record

    # ---- building --------------------------------------------------------------------

    def _build(self) -> None:
        self._title = QLabel(self)
        self._title.setObjectName("handoverTitle")
        self._title.setProperty("heading", True)
        self._summary = QLabel(self)
        self._summary.setObjectName("handoverSummary")
        self._summary.setWordWrap(True)

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("handoverTabs")
        self._stage_counts = QLabel(self)
        self._stage_counts.setObjectName("handoverStageCounts")
        self._stage_counts.setWordWrap(True)
        self._cases = self._table("handoverCasesTable", self.tr("Open cases"), (
            self.tr("Case"), self.tr("Title"), self.tr("Stage"), self.tr("Severity"),
            self.tr("Category"), self.tr("Team"), self.tr("Escalation"), self.tr("Next due")))
        cases_tab = QWidget(self._tabs)
        cases_layout = QVBoxLayout(cases_tab)
        cases_layout.addWidget(self._stage_counts)
        cases_layout.addWidget(self._cases, 1)
        self._tabs.addTab(cases_tab, self.tr("Open cases"))
        self._escalations = self._table(
            "handoverEscalationsTable", self.tr("Escalations during the shift"), (
                self.tr("Time"), self.tr("Case / hazard"), self.tr("Deadline"),
                self.tr("Level"), self.tr("Late by")))
        self._tabs.addTab(self._escalations, self.tr("Escalations"))
        self._alerts = self._table("handoverAlertsTable", self.tr("Unacknowledged alerts"), (
            self.tr("Received"), self.tr("Severity"), self.tr("Urgency"), self.tr("Source"),
            self.tr("Headline"), self.tr("Repeats")))
        self._tabs.addTab(self._alerts, self.tr("Unacknowledged alerts"))
        self._hazards = self._table("handoverHazardsTable", self.tr("Hazards"), (
            self.tr("Code"), self.tr("Name"), self.tr("Risk"), self.tr("Status"),
            self.tr("Inspection due"), self.tr("Why listed")))
        self._tabs.addTab(self._hazards, self.tr("Hazards"))
        self._readiness = self._table(
            "handoverReadinessTable", self.tr("Team readiness for the next shift"), (
                self.tr("Team"), self.tr("Crew"), self.tr("Roster shift"), self.tr("Ready"),
                self.tr("Needed"), self.tr("Readiness")))
        self._tabs.addTab(self._readiness, self.tr("Next shift's teams"))
        self._significant = self._table(
            "handoverSignificantTable", self.tr("Significant events"), (
                self.tr("Time"), self.tr("Subject"), self.tr("What happened"),
                self.tr("Remark"), self.tr("Flagged by")))
        self._tabs.addTab(self._significant, self.tr("Significant events"))

        self._notes = QPlainTextEdit(self)
        self._notes.setObjectName("handoverNotes")
        self._notes.setAccessibleName(self.tr("Notes for the next shift"))
        self._notes.setPlaceholderText(
            self.tr("What the next shift must know: open threads, promises made, "
                    "who to call…"))
        self._notes.setTabChangesFocus(True)

        outgoing = QGroupBox(self.tr("Outgoing officer"), self)
        outgoing.setObjectName("handoverOutgoingBox")
        self._outgoing_signature = QLabel(outgoing)
        self._outgoing_signature.setObjectName("handoverOutgoingSignature")
        self._sign_out = QPushButton(self.tr("Sign as outgoing"), outgoing)
        self._sign_out.setObjectName("handoverSignOutButton")
        self._sign_out.setAccessibleName(self.tr("Sign as outgoing"))
        self._sign_out.setProperty("primary", True)
        # Signing cannot be undone: the first click asks, the second signs.
        self._sign_out_cancel = QPushButton(self.tr("Not yet"), outgoing)
        self._sign_out_cancel.setObjectName("handoverSignOutCancel")
        self._sign_out_cancel.setAccessibleName(self.tr("Do not sign yet"))
        self._sign_out_cancel.hide()
        self._sign_out_armed = False
        out_layout = QVBoxLayout(outgoing)
        out_layout.addWidget(self._outgoing_signature)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self._sign_out, 1)
        sign_row.addWidget(self._sign_out_cancel)
        out_layout.addLayout(sign_row)

        incoming = QGroupBox(self.tr("Incoming officer"), self)
        incoming.setObjectName("handoverIncomingBox")
        self._incoming_signature = QLabel(incoming)
        self._incoming_signature.setObjectName("handoverIncomingSignature")
        self._incoming_user = QLineEdit(incoming)
        self._incoming_user.setObjectName("handoverIncomingUser")
        self._incoming_user.setAccessibleName(self.tr("Incoming officer's user name"))
        self._incoming_password = QLineEdit(incoming)
        self._incoming_password.setObjectName("handoverIncomingPassword")
        self._incoming_password.setAccessibleName(self.tr("Incoming officer's password"))
        self._incoming_password.setEchoMode(QLineEdit.EchoMode.Password)
        self._take_over = QPushButton(self.tr("Sign as incoming and take over"), incoming)
        self._take_over.setObjectName("handoverTakeOverButton")
        self._take_over.setAccessibleName(self.tr("Sign as incoming and take over"))
        in_form = QFormLayout()
        in_form.addRow(self.tr("User name"), self._incoming_user)
        in_form.addRow(self.tr("Password"), self._incoming_password)
        in_layout = QVBoxLayout(incoming)
        in_layout.addWidget(self._incoming_signature)
        in_layout.addLayout(in_form)
        in_layout.addWidget(self._take_over)

        self._message = QLabel(self)
        self._message.setObjectName("handoverMessage")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.hide()
        self._refresh = QPushButton(self.tr("Refresh snapshot"), self)
        self._refresh.setObjectName("handoverRefreshButton")
        self._refresh.setAccessibleName(self.tr("Refresh snapshot"))
        self._refresh.setToolTip(self.tr("Take the snapshot again, as things stand now"))
        self._export = QPushButton(self.tr("Export PDF…"), self)
        self._export.setObjectName("handoverExportButton")
        self._export.setAccessibleName(self.tr("Export PDF"))
        self._close = QPushButton(self.tr("Close"), self)
        self._close.setObjectName("handoverCloseButton")
        self._close.setAccessibleName(self.tr("Close"))

        signatures = QHBoxLayout()
        signatures.addWidget(outgoing, 1)
        signatures.addWidget(incoming, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self._message, 1)
        buttons.addStretch(1)
        buttons.addWidget(self._refresh)
        buttons.addWidget(self._export)
        buttons.addWidget(self._close)
        notes_title = QLabel(self.tr("Notes from the outgoing officer"), self)
        notes_title.setProperty("fieldName", True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._summary)
        layout.addWidget(self._tabs, 3)
        layout.addWidget(notes_title)
        layout.addWidget(self._notes, 1)
        layout.addLayout(signatures)
        layout.addLayout(buttons)

    def _table(self, name: str, accessible: str, columns: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns), self)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(list(columns))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return table

    def _connect_signals(self) -> None:
        self._sign_out.clicked.connect(self._on_sign_out_clicked)
        self._sign_out_cancel.clicked.connect(lambda: self._arm_sign_out(False))
        self._notes.textChanged.connect(self._on_notes_changed)
        self._take_over.clicked.connect(self._on_take_over_clicked)
        self._incoming_password.returnPressed.connect(self._on_take_over_clicked)
        self._refresh.clicked.connect(self._on_refresh_clicked)
        self._export.clicked.connect(self._on_export_clicked)
        self._close.clicked.connect(self.close)

    # ---- showing ---------------------------------------------------------------------

    @staticmethod
    def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    def _render(self) -> None:
        words = QtReportWords()
        record = self._record
        snap = record.snapshot
        status = {
            HandoverStatus.DRAFT: self.tr("Draft, not signed"),
            HandoverStatus.SIGNED_OUT: self.tr("Signed out, waiting for the incoming "
                                               "officer"),
            HandoverStatus.TAKEN_OVER: self.tr("Signed by both officers"),
        }[record.status]
        self._title.setText(self.tr("{name} shift {start} – {end} · {status}").format(
            name=shift_name(snap.shift_name), start=local_time(snap.shift_start),
            end=short_local_time(snap.shift_end), status=status))
        self._summary.setText(self.tr(
            "Snapshot taken {when}: {open} open cases, {esc} escalations during the shift, "
            "{alerts} unacknowledged alerts, {flags} significant events.").format(
                when=local_time(snap.taken_at), open=snap.open_total,
                esc=snap.escalations_total, alerts=snap.alerts_total,
                flags=len(snap.significant)))
        self._stage_counts.setText(" · ".join(
            f"{_stage(stage)} {n}" for stage, n in snap.open_by_stage))
        self._fill(self._cases, [
            (c.reference, c.title,
             _stage(c.stage) + (f" {labels.pause_mark()}" if c.paused else ""),
             labels.stored_severity_label(c.severity),
             labels.stored_category_label(c.category), c.team or NO_VALUE,
             labels.level_label(c.escalation_level)
             + (self.tr(" · supervised") if c.supervised else ""),
             (f"{labels.deadline_kind_label(c.next_due_kind)} {short_local_time(c.next_due_at)}"
              if c.next_due_at else NO_VALUE))
            for c in snap.cases])
        self._fill(self._escalations, [
            (short_local_time(e.at), e.reference, labels.deadline_kind_label(e.deadline),
             labels.level_label(e.level), lateness_text(e.minutes_late) if e.minutes_late > 0
             else NO_VALUE) for e in snap.escalations])
        self._fill(self._alerts, [
            (short_local_time(a.received_at), severity_text(a.severity),
             urgency_text(a.urgency), source_text(a.source),
             headline_text(a.source, a.headline), str(a.repeat_count)) for a in snap.alerts])
        self._fill(self._hazards, [
            (h.code, h.name, words.hazard_level(h.level), words.hazard_status(h.status),
             local_time(h.next_inspection_due),
             ", ".join(text for text, on in ((self.tr("inspection overdue"), h.overdue),
                                             (self.tr("changed"), h.changed)) if on))
            for h in snap.hazards])
        self._fill(self._readiness, [
            (f"{r.team} {r.team_name}".strip(), r.crew or NO_VALUE,
             (f"{short_local_time(r.starts_at)} – {short_local_time(r.ends_at)}"
              if r.starts_at else self.tr("no shift")),
             str(r.ready), str(r.needed), self.tr("GAP") if r.gap else self.tr("ready"))
            for r in snap.readiness])
        self._fill(self._significant, [
            (short_local_time(e.event_at), e.subject, e.summary, e.remark or NO_VALUE,
             e.flagged_by) for e in snap.significant])
        self._notes.setPlainText(record.notes)
        draft = record.status is HandoverStatus.DRAFT and not self._read_only
        signed_out = record.status is HandoverStatus.SIGNED_OUT and not self._read_only
        self._notes.setReadOnly(not draft)
        self._sign_out.setEnabled(draft)
        self._refresh.setEnabled(draft)
        for widget in (self._incoming_user, self._incoming_password, self._take_over):
            widget.setEnabled(signed_out)
        self._outgoing_signature.setText(
            self.tr("Signed by {name} at {when}").format(
                name=record.outgoing, when=local_time(record.outgoing_signed_at))
            if record.outgoing_signed_at else
            self.tr("Not signed yet; {name} signs as outgoing.").format(
                name=self._app.operator.display_name) if draft else self.tr("Not signed"))
        self._incoming_signature.setText(
            self.tr("Signed by {name} at {when}").format(
                name=record.incoming, when=local_time(record.incoming_signed_at))
            if record.incoming_signed_at else self.tr("Not signed"))

    def _set_message(self, text: str, kind: str = "error") -> None:
        show_message(self._message, text, kind)

    # ---- acting ----------------------------------------------------------------------

    def _arm_sign_out(self, armed: bool) -> None:
        """Show the second step of signing (a confirmation and a way back), or leave it."""
        self._sign_out_armed = armed
        self._sign_out.setText(self.tr("Sign now: this cannot be undone") if armed
                               else self.tr("Sign as outgoing"))
        self._sign_out_cancel.setVisible(armed)
        if armed:
            self._set_message(self.tr(
                "Signing freezes this snapshot and your notes for the incoming officer; "
                "it cannot be undone. Click again to sign, or Not yet to go on writing."),
                "warning")
        else:
            self._set_message("")

    def _on_notes_changed(self) -> None:
        if self._sign_out_armed:  # writing more: the question asked no longer stands
            self._arm_sign_out(False)

    def _on_sign_out_clicked(self) -> None:
        if not self._sign_out_armed:
            self._arm_sign_out(True)
            return
        self._arm_sign_out(False)
        try:
            self._record = self._app.handovers.sign_out(
                self._app.operator, self._record.id, self._notes.toPlainText(),
                expected_version=self._record.version)
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._render()
        self._set_message(self.tr("Signed out. The incoming officer signs below to take "
                                  "over."), "info")
        self._incoming_user.setFocus()
        self.handover_changed.emit(self._record.id)

    def _on_take_over_clicked(self) -> None:
        if not self._take_over.isEnabled():
            return
        password = self._incoming_password.text()
        self._incoming_password.clear()
        try:
            self._record = self._app.take_over(self._record.id,
                                               self._incoming_user.text(), password)
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        self._render()
        self._set_message(self.tr("{name} took over the shift and now acts at this "
                                  "console.").format(name=self._record.incoming), "info")
        self.handover_changed.emit(self._record.id)

    def _on_refresh_clicked(self) -> None:
        try:
            self._record = self._app.handovers.propose(self._app.operator)
        except WatchroomError as exc:
            self._set_message(str(exc))
            return
        notes = self._notes.toPlainText()
        self._render()
        self._notes.setPlainText(notes)  # what was typed is kept
        self._set_message("")

    def _on_export_clicked(self) -> None:
        start = local(self._record.snapshot.shift_start)
        suggested = f"handover-{start:%Y%m%d-%H%M}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the handover as PDF"), suggested, self.tr("PDF (*.pdf)"))
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path) -> bool:
        """Write the handover as shown (the stored snapshot) to ``path``."""
        try:
            write_pdf(handover_report(self._record, self._app.clock.now(), QtReportWords()), path)
        except (OSError, WatchroomError) as exc:
            self._set_message(self.tr("Could not write {path}: {why}").format(
                path=path, why=exc))
            return False
        self._set_message(self.tr("Saved {path}").format(path=path), "info")
        return True
