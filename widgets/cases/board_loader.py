"""Loads the whole open board off the GUI thread; the rows come back through a signal."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from console.cases.query import CaseFilter
from console.core.domain import CaseRow

OpenCases = Callable[[CaseFilter], list[CaseRow]]


class _Delivery(QObject):
    """Lives in the GUI thread; the worker emits through it, so the connected slots run
    in the GUI thread (a queued connection), never in the worker.

    Signals:
        loaded(int, object): a load's generation and its rows (a list of ``CaseRow``).
        failed(int, str): a load's generation and what went wrong, in words.
    """

    loaded = Signal(int, object)
    failed = Signal(int, str)


class _Load(QRunnable):
    """One call of ``open_cases(flt)`` in a pool thread. Touches no widget."""

    def __init__(self, open_cases: OpenCases, flt: CaseFilter, generation: int,
                 delivery: _Delivery) -> None:
        super().__init__()
        self._open_cases = open_cases
        self._filter = flt
        self._generation = generation
        self._delivery = delivery

    def run(self) -> None:
        try:
            rows = self._open_cases(self._filter)
        except Exception as exc:
            # Whatever the database said: an exception must not end silently in a pool
            # thread while the board waits for rows that never come.
            self._deliver(self._delivery.failed, str(exc) or type(exc).__name__)
            return
        self._deliver(self._delivery.loaded, rows)

    def _deliver(self, signal: SignalInstance, payload: object) -> None:
        # RuntimeError: the board was destroyed while we read; nobody is waiting any more.
        with suppress(RuntimeError):
            signal.emit(self._generation, payload)


class OpenBoardLoader(QObject):
    """Reads every open case matching a filter in a thread of its own pool.

    Each ``start`` is a new generation; a load still queued is dropped, and the board
    discards a result whose generation is not the latest (the filter changed meanwhile).

    Signals:
        loaded(int, object): generation and rows (a list of ``CaseRow``), in the GUI thread.
        failed(int, str): generation and the error's message, in the GUI thread.
    """

    loaded = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, open_cases: OpenCases, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_cases = open_cases
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one load at a time; a newer one waits its turn
        self._delivery = _Delivery(self)
        self._delivery.loaded.connect(self.loaded)
        self._delivery.failed.connect(self.failed)

    def start(self, flt: CaseFilter, generation: int) -> None:
        """Load the rows for ``flt`` as ``generation`` (dropping any load not begun)."""
        self._pool.clear()
        load = _Load(self._open_cases, flt, generation, self._delivery)
        load.setAutoDelete(True)
        self._pool.start(load)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for a running load to finish (at shutdown); True if none is left."""
        self._pool.clear()
        return self._pool.waitForDone(msecs)
