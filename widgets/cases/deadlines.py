"""The detail pane's table of one case's deadlines: stage, when due, met or not, level."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from console.cases.deadlines import DeadlineView, minutes_late
from widgets.cases.table_model import level_meaning
from widgets.common import labels
from widgets.common.time_text import lateness_text, local_time, local_time_seconds
from widgets.shell.theme import current_theme, escalation_colors

MAX_ROWS = 3  # register, dispatch, resolve


def met_text(late: int) -> str:
    """How a stage ended against its deadline: ``met 40 min early``, ``met on time``,
    ``completed 2 d 22 h late``."""
    translate = QCoreApplication.translate
    if late > 0:
        return translate("CaseDeadlinesTable", "completed {late} late").format(
            late=lateness_text(late))
    if late <= -1:
        return translate("CaseDeadlinesTable", "met {early} early").format(
            early=lateness_text(-late))
    return translate("CaseDeadlinesTable", "met on time")


class CaseDeadlinesTable(QTableWidget):
    """Read-only: one row per deadline, tinted like the board by its level.

    Signals: only those of ``QTableWidget``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("caseDeadlines")
        self.setAccessibleName(self.tr("Deadlines"))
        self.setHorizontalHeaderLabels(
            [self.tr("Stage"), self.tr("Due"), self.tr("Status"), self.tr("Level")])
        due_header = self.horizontalHeaderItem(1)
        if due_header is not None:
            due_header.setToolTip(self.tr("When it falls due (the center's time)"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def show_deadlines(self, deadlines: Sequence[DeadlineView]) -> None:
        """Fill the table with ``deadlines`` (in the order the case met them)."""
        tints = escalation_colors(current_theme())
        self.setRowCount(len(deadlines))
        for row, d in enumerate(deadlines):
            late = minutes_late(d)
            if d.met_at is not None and late is not None:
                status = met_text(late)
                status_tip = self.tr("Met at {when}; due at {due}").format(
                    when=local_time_seconds(d.met_at), due=local_time_seconds(d.due_at))
            elif d.paused:
                status = self.tr("paused")
                status_tip = self.tr("The case is paused: this clock is stopped")
            else:
                status = self.tr("pending")
                status_tip = self.tr("Warning at {warn}; level 3 at {long}").format(
                    warn=local_time(d.warn_at), long=local_time(d.long_at))
            level = labels.level_label(d.level) or labels.level_name(0)
            cells = (
                (labels.deadline_kind_label(d.kind),
                 self.tr("Counted in working time") if d.calendar == "working"
                 else self.tr("Counted round the clock")),
                (local_time(d.due_at), local_time_seconds(d.due_at)),
                (status, status_tip),
                (level, level_meaning(d.level)),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                tint = tints.get(d.level) if d.met_at is None else None
                if tint is not None:
                    item.setBackground(tint)
                self.setItem(row, column, item)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = max(self.rowCount(), 1)
        height = (self.horizontalHeader().sizeHint().height()
                  + self.verticalHeader().defaultSectionSize() * min(rows, MAX_ROWS)
                  + 2 * self.frameWidth())
        self.setFixedHeight(height)
