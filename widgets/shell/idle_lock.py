"""Locking a seat left alone: after a quiet spell (15 minutes unless configured) the seat
locks itself, as Ctrl+L does, so a console walked away from does not stay signed in.

Quiet is measured on the console's clock (tests move a fake one): every key press, click
and wheel turn anywhere in the application counts as activity. The limit comes from the
setting ``seat/idleLockMinutes``, else ``WATCHROOM_IDLE_LOCK_MINUTES``; 0 switches it off.
"""

from __future__ import annotations

import os
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from console.app import App

DEFAULT_IDLE_MINUTES = 15
CHECK_INTERVAL_MS = 10_000
SETTING = "seat/idleLockMinutes"
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin})


def idle_minutes(settings: QSettings) -> int:
    """The configured quiet spell in minutes (0: never lock by itself)."""
    raw = settings.value(SETTING) if settings.contains(SETTING) else \
        os.environ.get("WATCHROOM_IDLE_LOCK_MINUTES", DEFAULT_IDLE_MINUTES)
    try:
        return max(0, int(str(raw)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class IdleLock(QObject):
    """Watches the application's input and calls ``lock`` after ``minutes`` of quiet."""

    def __init__(self, app: App, lock: object, minutes: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("idleLock")
        self._app = app
        self._lock = lock
        self.limit = timedelta(minutes=minutes)
        self._last = app.clock.now()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        qapp = QApplication.instance()
        if minutes > 0 and qapp is not None:
            qapp.installEventFilter(self)
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def touch(self) -> None:
        """Someone is at the seat now."""
        self._last = self._app.clock.now()

    def check(self) -> bool:
        """Lock if the seat has been quiet for the limit; True if it locked now."""
        if not self.active or self._app.clock.now() - self._last < self.limit:
            return False
        self.touch()  # the next quiet spell counts from the lock
        lock = self._lock
        if callable(lock):
            lock()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._last = self._app.clock.now()
        return False
