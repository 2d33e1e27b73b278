"""Brings the change listener's wake-ups onto the GUI thread, as a queued signal."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from console.core.change_notifier import ChangeNotifier

# With notifications, a poller's timer is only a safety net: this many times slower.
NOTIFIED_POLL_FACTOR = 5


class ChangeWakeup(QObject):
    """Subscribes to the app's change notifier while started. The notifier calls back on
    its listener thread; this object re-emits on its own thread, and coalesces: while
    one wake-up is queued, more add nothing (the reader reads everything new anyway).

    Signals:
        woken(): the change feed may have grown; read it now.
    """

    woken = Signal()
    _notified = Signal()  # emitted on the listener thread, delivered queued

    def __init__(self, notifier: ChangeNotifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._queued = threading.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._notified.connect(self._on_notified, Qt.ConnectionType.QueuedConnection)

    @property
    def live(self) -> bool:
        return self._notifier.live

    def start(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self._notifier.subscribe(self._on_listener_woken)

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_listener_woken(self) -> None:
        # Listener thread: touch nothing but the flag and a queued signal.
        if not self._queued.is_set():
            self._queued.set()
            self._notified.emit()

    def _on_notified(self) -> None:
        self._queued.clear()  # before reading, so a change committed meanwhile wakes again
        if self._unsubscribe is None:
            return  # queued before stop() and delivered after it: a stopped reader reads not
        self.woken.emit()
