"""Runs one read for the handover views off the GUI thread; the result comes back through
a signal (queued into the GUI thread), tagged with the request's generation."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance


class _Delivery(QObject):
    """Lives in the GUI thread; workers emit through it.

    Signals:
        done(int, object): a request's generation and its result.
        failed(int, str): a request's generation and what went wrong, in words.
    """

    done = Signal(int, object)
    failed = Signal(int, str)


class _Call(QRunnable):
    """One call in a pool thread. Touches no widget."""

    def __init__(self, call: Callable[[], object], generation: int,
                 delivery: _Delivery) -> None:
        super().__init__()
        self._call = call
        self._generation = generation
        self._delivery = delivery

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as exc:  # whatever the database said, the view must hear of it
            self._deliver(self._delivery.failed, str(exc) or type(exc).__name__)
            return
        self._deliver(self._delivery.done, result)

    def _deliver(self, signal: SignalInstance, payload: object) -> None:
        with suppress(RuntimeError):  # the view was destroyed meanwhile
            signal.emit(self._generation, payload)


class BackgroundRead(QObject):
    """One read at a time in a pool of its own; only the latest request's result is
    delivered (an older one still running is ignored when it ends).

    Signals:
        done(object): the latest request's result, in the GUI thread.
        failed(str): the latest request failed; the error's message.
    """

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._generation = 0
        self._delivery = _Delivery(self)
        self._delivery.done.connect(self._on_delivery_done)
        self._delivery.failed.connect(self._on_delivery_failed)

    def start(self, call: Callable[[], object]) -> None:
        self._generation += 1
        self._pool.clear()
        job = _Call(call, self._generation, self._delivery)
        job.setAutoDelete(True)
        self._pool.start(job)

    def wait(self, msecs: int = -1) -> bool:
        self._pool.clear()
        return self._pool.waitForDone(msecs)

    def _on_delivery_done(self, generation: int, result: object) -> None:
        if generation == self._generation:
            self.done.emit(result)

    def _on_delivery_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)
