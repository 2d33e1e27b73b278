"""A panel's own cursor on the change feed: one small indexed query per tick."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from console.app import App
from console.core.domain import ChangeEvent
from widgets.changes.change_wakeup import NOTIFIED_POLL_FACTOR, ChangeWakeup

POLL_INTERVAL_MS = 1000
POLL_LIMIT = 2000


def ids_of(events: list[ChangeEvent], entity: str) -> list[int]:
    """The ids of ``entity`` among ``events``, each once, in the order first seen."""
    return list(dict.fromkeys(e.entity_id for e in events if e.entity == entity))


class FeedPoller(QObject):
    """Reads ``changes`` after the newest change at construction, every ``interval_ms``
    (at once again while a backlog is being read), and hands each batch to
    ``announce``, which subclasses turn into their panel's signals.

    Signals: none of its own; subclasses declare theirs.
    """

    def __init__(self, app: App, parent: QObject | None = None,
                 interval_ms: int = POLL_INTERVAL_MS, timer_name: str = "") -> None:
        super().__init__(parent)
        self._app = app
        self._last_seq = app.changes.latest_seq()
        # On PostgreSQL a notification wakes the poll at once; the timer is a safety net.
        self._wakeup = ChangeWakeup(app.notifier, self)
        self._wakeup.woken.connect(self.poll)
        self._interval_ms = interval_ms * NOTIFIED_POLL_FACTOR if self._wakeup.live \
            else interval_ms
        self._timer = QTimer(self)
        self._timer.setObjectName(timer_name)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self._running = False

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def start(self) -> None:
        self._running = True
        self._timer.start(self._interval_ms)
        self._wakeup.start()

    def stop(self) -> None:
        self._wakeup.stop()
        self._running = False
        self._timer.stop()

    def poll(self) -> None:
        """Read what changed since the last look and announce it."""
        events = self._app.changes.since(self._last_seq, limit=POLL_LIMIT)
        if events:
            self._last_seq = events[-1].seq
            self.announce(events)
        if self._running:
            self._timer.start(0 if len(events) >= POLL_LIMIT else self._interval_ms)

    def announce(self, events: list[ChangeEvent]) -> None:
        """Emit the panel's signals for ``events`` (overridden by each panel's watcher)."""
