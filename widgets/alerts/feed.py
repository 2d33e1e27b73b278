"""The alert panel's reading of the alerts the change bus named, one small query at a
time; and its periodic alert timers, run off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from itertools import islice

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from console.alerts.service import AlertRow
from widgets.alerts.model import AlertItem, prepare_item

RowsByIds = Callable[[list[int]], list[AlertRow]]

ROWS_CHUNK = 40  # alerts per read of their rows (one primary-key IN query, ~2 ms)


class AlertRowReader:
    """Reads the rows of the alerts the change bus named in steps small enough for a
    turn of the GUI thread: each ``step`` runs one query, the rows of the next
    ``ROWS_CHUNK`` alerts queued, and returns them as prepared table items. An alert
    named again while queued is read once.

    Why steps on the GUI thread and not a reader thread: CPython runs Python code in one
    thread at a time. A reader thread building rows makes every ``data()`` call of a
    paint and every sort comparison of an insert wait for the interpreter; measured
    during a 20,000-alert burst, paints took 150-770 ms that way, against ~8-12 ms alone.
    In steps, the query time is part of a turn the panel bounds (``SLICE_BUDGET_S``).

    ``idle`` is True when no alert named is left to read.
    """

    def __init__(self, rows_by_ids: RowsByIds) -> None:
        self._rows_by_ids = rows_by_ids
        self._ids: dict[int, None] = {}  # alerts named, not read yet, in order

    @property
    def idle(self) -> bool:
        return not self._ids

    @property
    def queued(self) -> int:
        """Alerts named whose rows are not read yet."""
        return len(self._ids)

    def add(self, alert_ids: Iterable[int]) -> None:
        """Read these alerts' rows in the next steps."""
        self._ids.update(dict.fromkeys(alert_ids))

    def step(self) -> list[AlertItem]:
        """One query; the items of the alerts it read. A failed query changes nothing,
        so the same step is tried again later."""
        chunk = list(islice(self._ids, ROWS_CHUNK))
        if not chunk:
            return []
        items = [prepare_item(row) for row in self._rows_by_ids(chunk)]
        for alert_id in chunk:
            del self._ids[alert_id]
        return items


class _TimersDelivery(QObject):
    """Lives in the GUI thread; the worker emits through it (a queued connection).

    Signals:
        done(int): how many alerts the timers brought back.
        failed(str): what went wrong, in words.
    """

    done = Signal(int)
    failed = Signal(str)


class _RunTimers(QRunnable):
    def __init__(self, run: Callable[[], int], delivery: _TimersDelivery) -> None:
        super().__init__()
        self._run = run
        self._delivery = delivery

    def run(self) -> None:
        try:
            done = self._run()
        except Exception as exc:  # a pool thread must not swallow it
            with suppress(RuntimeError):  # the panel is gone: nobody to tell
                self._delivery.failed.emit(str(exc) or type(exc).__name__)
            return
        with suppress(RuntimeError):
            self._delivery.done.emit(done)


class AlertTimersRunner(QObject):
    """Runs the alert service's timers (shelved alerts coming back, acknowledged ones
    re-attended) in a thread of its own. They write: on SQLite, ``BEGIN IMMEDIATE`` waits
    for the write lock as long as another process (an importer in a burst) holds it,
    which on the GUI thread would freeze the window for that long. Its work is a few
    small statements, so it hardly competes with the GUI thread for the interpreter.
    One run at a time; a ``start`` while one runs is dropped (the next tick catches up).

    Signals:
        done(int): alerts brought back, in the GUI thread.
        failed(str): the error, in the GUI thread.
    """

    done = Signal(int)
    failed = Signal(str)

    def __init__(self, run: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._running = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._delivery = _TimersDelivery(self)
        self._delivery.done.connect(self._on_done)
        self._delivery.failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> bool:
        """Run the timers once in the background; False if a run is still going."""
        if self._running:
            return False
        self._running = True
        job = _RunTimers(self._run, self._delivery)
        job.setAutoDelete(True)
        self._pool.start(job)
        return True

    def wait(self, msecs: int = -1) -> bool:
        """Wait for a run to end (before the database is closed); True if none is left."""
        return self._pool.waitForDone(msecs)

    def _on_done(self, done: int) -> None:
        self._running = False
        self.done.emit(done)

    def _on_failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)
