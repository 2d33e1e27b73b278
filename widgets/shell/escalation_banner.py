"""The banner that announces new breaches on the board without taking the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from console.core.domain import CaseRow
from widgets.common import labels
from widgets.common.time_text import NO_VALUE, short_local_time

BLINK_MS = 800  # a slow pulse between two reds: noticed from across the room, not a strobe
NAMED_CASES = 3  # the banner names this many cases and counts the rest


def describe_breach(row: CaseRow) -> str:
    """``▲2 breached · C-2026-000123 · Register due 08:03 · Smoke from a kitchen``."""
    due = (QCoreApplication.translate("EscalationBanner", "{kind} due {when}").format(
        kind=labels.deadline_kind_label(row.next_due_kind),
        when=short_local_time(row.next_due_at))
        if row.next_due_at is not None else NO_VALUE)
    return f"{labels.level_label(row.escalation_level)} · {row.reference} · {due} · {row.title}"


class EscalationBanner(QFrame):
    """A strip across the top of the board naming the cases that just breached a
    deadline, pulsing until the officer clicks it (which shows the case) or presses Esc.

    It never takes focus: whatever the officer is typing keeps the keyboard.

    Signals:
        case_clicked(int): the banner was clicked; the id of the case it names first.
        dismissed(): the officer clicked it or pressed Esc; it is hidden.
    """

    case_clicked = Signal(int)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationBanner")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._rows: list[CaseRow] = []
        self._text = QLabel(self)
        self._text.setObjectName("escalationBannerText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setWordWrap(True)
        self._hint = QLabel(self.tr("Click to show · Esc to dismiss"), self)
        self._hint.setObjectName("escalationBannerHint")
        self._close = QToolButton(self)
        self._close.setObjectName("escalationBannerClose")
        self._close.setText("✕")
        self._close.setToolTip(self.tr("Dismiss (Esc)"))
        self._close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._close.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(12)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._hint, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignVCenter)
        self._blink = QTimer(self)
        self._blink.setObjectName("escalationBannerBlink")
        self._blink.setInterval(BLINK_MS)
        # Esc anywhere in the window, but only while the banner shows.
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._escape.setEnabled(False)
        self._set_lit(True)
        self.hide()
        self._blink.timeout.connect(self._on_blink_timeout)
        self._close.clicked.connect(self.dismiss)
        self._escape.activated.connect(self.dismiss)

    @property
    def rows(self) -> list[CaseRow]:
        """The cases the banner names, newest breach first."""
        return list(self._rows)

    @property
    def lit(self) -> bool:
        return self.property("blink") == "on"

    def announce(self, rows: list[CaseRow]) -> None:
        """Name ``rows`` (new breaches) first, before any still unacknowledged."""
        fresh = {row.id for row in rows}
        self._rows = [*rows, *(r for r in self._rows if r.id not in fresh)]
        self._text.setText(self._summary())
        self.setToolTip("\n".join(describe_breach(r) for r in self._rows))
        self._set_lit(True)
        self._escape.setEnabled(True)
        self.show()
        self._blink.start()

    def dismiss(self) -> None:
        """Acknowledged: stop pulsing and hide."""
        self._blink.stop()
        self._escape.setEnabled(False)
        self._rows = []
        self.hide()
        self.dismissed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._rows:
            super().mousePressEvent(event)
            return
        event.accept()
        case_id = self._rows[0].id
        self.dismiss()
        self.case_clicked.emit(case_id)

    def _summary(self) -> str:
        if len(self._rows) == 1:
            return describe_breach(self._rows[0])
        named = ", ".join(f"{r.reference} ({labels.deadline_kind_label(r.next_due_kind)})"
                          for r in self._rows[:NAMED_CASES])
        more = len(self._rows) - NAMED_CASES
        text = self.tr("▲ {n} cases breached a deadline: {cases}").format(
            n=len(self._rows), cases=named)
        if more > 0:
            text += self.tr(" and {n} more").format(n=more)
        return text

    def _set_lit(self, lit: bool) -> None:
        self.setProperty("blink", "on" if lit else "off")
        self.style().unpolish(self)
        self.style().polish(self)

    def _on_blink_timeout(self) -> None:
        self._set_lit(not self.lit)
