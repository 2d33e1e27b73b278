"""The handover prompt: a strip in the status bar, shown when the shift's handover falls
due, with a button that opens it. It never takes focus or the keyboard."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from console.app import App
from console.shifts import DutyShift
from widgets.time_text import short_local_time


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

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverPrompt")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._app = app
        self._text = QLabel(self)
        self._text.setObjectName("handoverPromptText")
        self._open = QPushButton(self.tr("Open handover…"), self)
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
        self._dismiss.clicked.connect(self.hide)
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
        self.show()

    def _on_open_clicked(self) -> None:
        self.hide()
        self.open_requested.emit()
