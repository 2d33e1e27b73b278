"""Territory reads, checks and imports off the GUI thread; the outcome comes back by signal."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from widgets.common.domain_messages import error_text

T = TypeVar("T")


@dataclass(eq=False, slots=True)
class _Request:
    number: int
    kind: str | None
    on_done: Callable[[Any], None]
    on_failed: Callable[[str], None] | None


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it (queued into the GUI thread).

    Signals:
        finished(int, bool, object): request number, whether it succeeded, its result or
            its exception.
    """

    finished = Signal(int, bool, object)


class _Call(QRunnable):
    """One callable on a pool thread. It touches no widget."""

    def __init__(self, number: int, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._number = number
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            outcome: object = self._fn()
            ok = True
        except Exception as exc:  # whatever went wrong, the page must hear of it
            outcome, ok = exc, False
        with suppress(RuntimeError):  # the owner is gone: nobody to tell
            self._relay.finished.emit(self._number, ok, outcome)


class OffThread(QObject):
    """Runs callables one at a time, in order, on a thread of its own, and calls back on the
    GUI thread: ``on_done(result)`` or ``on_failed(message)`` (the error in the interface
    language). A newer request of the same ``kind`` makes an older one's outcome stale: it
    is not delivered. The same shape as the shared background helper's ``start``, so the
    territory widgets move to it by changing an import.

    Signals: only those of ``QObject``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished,
                                     Qt.ConnectionType.QueuedConnection)
        self._pending: dict[int, _Request] = {}
        self._latest: dict[str, int] = {}
        self._numbers = 0

    def start(self, fn: Callable[[], T], on_done: Callable[[T], None],
              on_failed: Callable[[str], None] | None = None, *,
              kind: str | None = None) -> int:
        """Run ``fn()`` on the worker; returns the request's number."""
        self._numbers += 1
        number = self._numbers
        self._pending[number] = _Request(number, kind, on_done, on_failed)
        if kind is not None:
            self._latest[kind] = number
        call = _Call(number, fn, self._relay)
        call.setAutoDelete(True)
        self._pool.start(call)
        return number

    def busy(self, kind: str | None = None) -> bool:
        """Whether a request (of ``kind``, or of any kind) has not been delivered yet."""
        return any(kind is None or r.kind == kind for r in self._pending.values())

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker to finish what it was given (shutting down, tests)."""
        return self._pool.waitForDone(msecs)

    def _on_relay_finished(self, number: int, ok: bool, outcome: object) -> None:
        request = self._pending.pop(number, None)
        if request is None:
            return
        if request.kind is not None and self._latest.get(request.kind) != number:
            return  # a newer request of the same kind was made meanwhile
        if ok:
            request.on_done(outcome)
        elif request.on_failed is not None:
            assert isinstance(outcome, BaseException)
            request.on_failed(error_text(outcome))
