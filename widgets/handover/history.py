"""Handover history: past handovers by date, each opened exactly as signed, and the case
replay beside them (what the board showed about a case at a chosen moment)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.errors import WatchroomError
from console.handover.domain import HandoverStatus, HandoverSummary
from widgets.cases.replay_view import CaseReplayView
from widgets.common.background import BackgroundWork
from widgets.common.plurals import counted
from widgets.common.report_words import shift_name
from widgets.common.time_text import (
    NO_VALUE,
    center_zone,
    local_date,
    local_time,
    pydate,
    qdate,
    short_local_time,
)
from widgets.handover.dialog import HandoverDialog

HANDOVER_ID_ROLE = Qt.ItemDataRole.UserRole
DEFAULT_DAYS = 7


class HandoverHistory(QWidget):
    """Browse handovers by the dates of their shifts (read off the GUI thread); open one
    read only, as it was signed; replay a case.

    Signals:
        handover_opened(int): a handover's dialog was opened (its id).
    """

    handover_opened = Signal(int)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverHistory")
        self._app = app
        self._work = BackgroundWork(self)
        self._rows: list[HandoverSummary] = []
        # The center's today by the console's clock (never the machine's calendar).
        today = qdate(local_date(app.clock.now()))
        self._from = QDateEdit(today.addDays(-DEFAULT_DAYS), self)
        self._from.setObjectName("handoverHistoryFrom")
        self._from.setAccessibleName(self.tr("Shifts from"))
        self._from.setCalendarPopup(True)
        self._from.setDisplayFormat("yyyy-MM-dd")
        self._to = QDateEdit(today, self)
        self._to.setObjectName("handoverHistoryTo")
        self._to.setAccessibleName(self.tr("Shifts until"))
        self._to.setCalendarPopup(True)
        self._to.setDisplayFormat("yyyy-MM-dd")
        self._show = QPushButton(self.tr("Show"), self)
        self._show.setObjectName("handoverHistoryShow")
        self._show.setAccessibleName(self.tr("Show the handovers of these dates"))
        self._open = QPushButton(self.tr("Open as signed…"), self)
        self._open.setObjectName("handoverHistoryOpen")
        self._open.setAccessibleName(self.tr("Open the selected handover"))
        self._open.setEnabled(False)
        self._status = QLabel(self)
        self._status.setObjectName("handoverHistoryStatus")
        self._table = QTableWidget(0, 8, self)
        self._table.setObjectName("handoverHistoryTable")
        self._table.setAccessibleName(self.tr("Handovers"))
        self._table.setHorizontalHeaderLabels([
            self.tr("Shift"), self.tr("From"), self.tr("To"), self.tr("Outgoing"),
            self.tr("Incoming"), self.tr("Open cases"), self.tr("Significant"),
            self.tr("Status")])
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setAlternatingRowColors(True)
        self._table.verticalHeader().hide()
        self._table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self._table.horizontalHeader().setStretchLastSection(True)
        self.replay_view = CaseReplayView(app, self)

        browse = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Shifts from"), browse))
        top.addWidget(self._from)
        top.addWidget(QLabel(self.tr("to"), browse))
        top.addWidget(self._to)
        top.addWidget(self._show)
        top.addStretch(1)
        top.addWidget(self._status)
        top.addWidget(self._open)
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 4, 0, 0)
        browse_layout.addLayout(top)
        browse_layout.addWidget(self._table, 1)
        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("handoverHistoryTabs")
        self._tabs.addTab(browse, self.tr("Handovers"))
        self._tabs.addTab(self.replay_view, self.tr("Case replay"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._tabs)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._show.clicked.connect(self.reload)
        self._open.clicked.connect(self.open_selected)
        self._table.itemDoubleClicked.connect(self.open_selected)
        self._table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    # ---- public ----------------------------------------------------------------------

    def show_replay(self) -> None:
        self._tabs.setCurrentWidget(self.replay_view)

    def reload(self) -> None:
        """Read the handovers of the chosen dates (the center's days, both included)."""
        zone = center_zone()
        first, last = pydate(self._from.date()), pydate(self._to.date())
        start = datetime.combine(first, time(), zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
        history = self._app.handovers.history
        self._status.setText(self.tr("Reading…"))
        self._work.start(lambda: history(start, end), self._on_history_read,
                         self._on_history_failed, kind="history")

    def set_dates(self, first: QDate, last: QDate) -> None:
        self._from.setDate(first)
        self._to.setDate(last)
        self.reload()

    def handover_ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def select_handover(self, handover_id: int) -> bool:
        for row, summary in enumerate(self._rows):
            if summary.id == handover_id:
                self._table.selectRow(row)
                return True
        return False

    def open_selected(self) -> HandoverDialog | None:
        """Open the selected handover read only, exactly as stored."""
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return None
        handover_id = self._rows[rows[0].row()].id
        try:
            record = self._app.handovers.get(handover_id)
        except WatchroomError as exc:
            self._status.setText(str(exc))
            return None
        dialog = HandoverDialog(self._app, record, self, read_only=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.handover_opened.emit(handover_id)
        return dialog

    # ---- slots -----------------------------------------------------------------------

    def _on_history_failed(self, message: str) -> None:
        self._status.setText(message)

    def _on_history_read(self, rows: list[HandoverSummary]) -> None:
        self._rows = rows
        statuses = {HandoverStatus.DRAFT: self.tr("draft"),
                    HandoverStatus.SIGNED_OUT: self.tr("signed out"),
                    HandoverStatus.TAKEN_OVER: self.tr("signed by both")}
        self._table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            cells = (
                self.tr("{name} shift").format(name=shift_name(h.shift_name)),
                local_time(h.shift_start), short_local_time(h.shift_end),
                (f"{h.outgoing} · {short_local_time(h.outgoing_signed_at)}"
                 if h.outgoing else NO_VALUE),
                (f"{h.incoming} · {short_local_time(h.incoming_signed_at)}"
                 if h.incoming else NO_VALUE),
                str(h.open_total), str(h.significant), statuses[h.status])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(HANDOVER_ID_ROLE, h.id)
                self._table.setItem(r, c, item)
        self._table.resizeColumnsToContents()
        self._status.setText(counted(self.tr("{n} handover(s)"), len(rows)).format(n=len(rows)))
        self._on_table_item_selection_changed()

    def _on_table_item_selection_changed(self) -> None:
        self._open.setEnabled(bool(self._table.selectionModel().selectedRows()))
