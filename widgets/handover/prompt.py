"""The handover prompt: a strip in the status bar, shown when the shift's handover falls
due, with a button that opens it. It never takes focus or the keyboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton

from console.app import App
from console.handover.shifts import DutyShift
from widgets.common.time_text import short_local_time


class _Bridge(QObject):
    """Receives the service's call on whatever thread the duty ran, and re-emits it;
    the prompt's slot then runs in the GUI thread (a queued connection).

    Signals:
        due(str, object, object): the shift's name, start and end.
    """

    due = Signal(str, object, object)


class HandoverPrompt(QFrame):
    """Asks, without interrupting, for the handover of the shift that is ending.

    Signals:
        open_requested(): the officer clicked "Open handover…".
    """

    open_requested = Signal()

    def __init__(self, app: App, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.setObjectName("handoverPrompt")
        self._status_bar = status_bar
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._app = app
        self._text = QLabel(self)
        self._text.setObjectName("handoverPromptText")
        # A tool button: as low as the status bar's labels, so the bar keeps its height.
        self._open = QToolButton(self)
        self._open.setText(self.tr("Open handover…"))
        self._open.setObjectName("handoverPromptOpen")
        self._open.setAccessibleName(self.tr("Open the shift handover"))
        self._open.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._dismiss = QToolButton(self)
        self._dismiss.setObjectName("handoverPromptDismiss")
        self._dismiss.setText("✕")
        self._dismiss.setToolTip(self.tr("Remind me later (the File menu has it too)"))
        self._dismiss.setAccessibleName(self.tr("Dismiss the handover reminder"))
        self._dismiss.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._dismiss.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 2, 0)
        layout.setSpacing(8)
        layout.addWidget(self._text)
        layout.addWidget(self._open)
        layout.addWidget(self._dismiss)
        self._bridge = _Bridge(self)
        self._bridge.due.connect(self._on_bridge_due, Qt.ConnectionType.QueuedConnection)
        self._open.clicked.connect(self._on_open_clicked)
        self._dismiss.clicked.connect(self.withdraw)
        listener = self._on_service_due
        app.handovers.proposal_due.append(listener)

        def forget() -> None:
            if listener in app.handovers.proposal_due:
                app.handovers.proposal_due.remove(listener)
        self.destroyed.connect(forget)
        self.hide()

    def _on_service_due(self, shift: DutyShift) -> None:
        # Any thread (the scheduler's): only emit, touch nothing.
        self._bridge.due.emit(shift.name, shift.starts_at, shift.ends_at)

    def _on_bridge_due(self, name: str, starts_at: datetime, ends_at: datetime) -> None:
        self._text.setText(self.tr("The {name} shift ends {end}: time for the handover.")
                           .format(name=name, end=short_local_time(ends_at)))
        # In the bar only while it asks: a hidden widget would still set the bar's height.
        self._status_bar.addWidget(self)
        self.show()

    def withdraw(self) -> None:
        """Take the prompt out of the status bar (the dialog opened, or dismissed)."""
        if self.isVisible():
            self._status_bar.removeWidget(self)
        self.hide()

    def _on_open_clicked(self) -> None:
        self.withdraw()
        self.open_requested.emit()
