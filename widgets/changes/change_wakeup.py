"""Brings the change listener's wake-ups onto the GUI thread, as a queued signal."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal

from console.core.change_notifier import ChangeNotifier

# With notifications, a poller's timer is only a safety net: this many times slower.
NOTIFIED_POLL_FACTOR = 5
# Wake-ups closer together than this are merged into one, at the end of the gap: a seat
# under a stream of changes (a writer at 50 a second) reads the feed and the changed
# rows ten times a second, not fifty; a lone change still wakes the reader at once.
MIN_GAP_MS = 100


class ChangeWakeup(QObject):
    """Subscribes to the app's change notifier while started. The notifier calls back on
    its listener thread; this object re-emits on its own thread, and coalesces: while
    one wake-up is queued, more add nothing (the reader reads everything new anyway),
    and one that comes sooner than ``min_gap_ms`` after the last is held until then.

    Signals:
        woken(): the change feed may have grown; read it now.
    """

    woken = Signal()
    _notified = Signal()  # emitted on the listener thread, delivered queued

    def __init__(self, notifier: ChangeNotifier, parent: QObject | None = None,
                 min_gap_ms: int = MIN_GAP_MS) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._queued = threading.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._min_gap_ms = min_gap_ms
        self._since_woken = QElapsedTimer()  # invalid until the first wake-up
        self._held = QTimer(self)
        self._held.setObjectName("changeWakeupHeld")
        self._held.setSingleShot(True)
        self._held.timeout.connect(self._wake)
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
        self._held.stop()

    def _on_listener_woken(self) -> None:
        # Listener thread: touch nothing but the flag and a queued signal.
        if not self._queued.is_set():
            self._queued.set()
            self._notified.emit()

    def _on_notified(self) -> None:
        self._queued.clear()  # before reading, so a change committed meanwhile wakes again
        if self._unsubscribe is None:
            return  # queued before stop() and delivered after it: a stopped reader reads not
        if self._held.isActive():
            return  # the held wake-up reads this change too
        if self._since_woken.isValid():
            left = self._min_gap_ms - self._since_woken.elapsed()
            if left > 0:
                self._held.start(left)
                return
        self._wake()

    def _wake(self) -> None:
        if self._unsubscribe is None:
            return
        self._since_woken.start()
        self.woken.emit()
