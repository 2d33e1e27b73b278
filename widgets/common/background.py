"""One way off the GUI thread: a callable on a worker, its outcome back by a queued signal."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    Qt,
    QThreadPool,
    Signal,
)

from widgets.common.domain_messages import error_text

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (steps done, steps in all), called by the work


@dataclass(eq=False, slots=True)
class _Request:
    """One request: what to call back on the GUI thread, and whether it still wants to."""

    number: int
    kind: str | None
    on_done: Callable[[Any], None]
    on_failed: Callable[[str], None] | None
    on_progress: Progress | None
    # Set on the GUI thread, read by the worker (a plain attribute: atomic under the GIL).
    cancelled: bool = False


@dataclass(eq=False, slots=True)
class _Lane:
    """What the worker may look at: whether the owner is gone (set on the GUI thread)."""

    closed: bool = False


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it, so the connected slots run
    in the GUI thread (queued connections), never in the worker.

    Signals:
        finished(int, bool, object): request number, whether it succeeded, and its result
            or its exception (None when a cancelled request was skipped).
        progressed(int, int, int): request number, steps done, steps in all.
    """

    finished = Signal(int, bool, object)
    progressed = Signal(int, int, int)


class BackgroundWork(QObject):
    """Runs callables one at a time, in order, on a worker thread of its own, and calls
    back on the GUI thread: ``on_done(result)``, or ``on_failed(message)`` with the error
    in the interface language (``error_text``). Results come back in the order they were
    asked for.

    A request may name a ``kind``: a newer request of the same kind makes the older one
    stale, and a stale request's result (or error, or progress) is never delivered; one
    not begun yet never runs. ``cancel`` makes requests stale without a newer one.
    Requests without a kind are all delivered.

    Give it the object whose methods are the callbacks as parent: when the parent is
    destroyed, the requests not begun are dropped, the one running is waited for, and
    nothing is called back. Work on a worker touches no widget; it reads or writes
    through services. Owners that need two requests to run side by side (a slow history
    read beside quick live counts) use two of these.

    Signals: only those of ``QObject``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Created before the relay, so the pool (a child) is destroyed first: its own
        # destructor waits for the request running, while the relay still exists.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lane = _Lane()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._on_relay_progressed,
                                       Qt.ConnectionType.QueuedConnection)
        self._requests: dict[int, _Request] = {}  # asked for, not delivered yet
        self._latest: dict[str, _Request] = {}  # the newest request of each kind
        self._numbers = 0
        self.destroyed.connect(partial(_close, self._lane, self._requests))

    # ---- asking ----------------------------------------------------------------------

    def start(self, fn: Callable[[], T], on_done: Callable[[T], None],
              on_failed: Callable[[str], None] | None = None, *,
              kind: str | None = None) -> int:
        """Run ``fn()`` on the worker; ``on_done(result)`` on the GUI thread, or
        ``on_failed(message)`` if it raised (None: the owner has nothing to say about a
        failure, and the next request tries again). Returns the request's number."""
        return self._submit(lambda _progress: fn(), on_done, on_failed, None, kind)

    def start_reporting(self, fn: Callable[[Progress], T], on_done: Callable[[T], None],
                        on_progress: Progress,
                        on_failed: Callable[[str], None] | None = None, *,
                        kind: str | None = None) -> int:
        """As ``start``, for work that reports its steps: ``fn(progress)`` calls
        ``progress(done, total)`` on the worker, and ``on_progress(done, total)`` follows
        on the GUI thread (never after the request went stale)."""
        return self._submit(fn, on_done, on_failed, on_progress, kind)

    def cancel(self, kind: str | None = None) -> None:
        """Make the pending requests of ``kind`` (None: every pending request) stale:
        nothing of them is delivered, and those not begun never run."""
        for request in self._requests.values():
            if kind is None or request.kind == kind:
                request.cancelled = True

    @property
    def busy(self) -> bool:
        """A request was asked for and its outcome is not delivered yet."""
        return bool(self._requests)

    def wait_idle(self, msecs: int = -1) -> bool:
        """Wait (at most ``msecs``; -1: as long as it takes) until every request has run,
        and deliver their outcomes now, including those of requests the callbacks start.
        True if none is left. For tests, and for owners closing down (before the
        database is closed)."""
        deadline = QDeadlineTimer(msecs)
        while self._requests:
            if not self._pool.waitForDone(deadline.remainingTime()):
                return False
            # The finished requests' outcomes are queued to this object: deliver them.
            QCoreApplication.sendPostedEvents(self)
            if self._requests and deadline.hasExpired():
                return False
        return True

    # ---- on the worker ------------------------------------------------------------------

    def _submit(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
                on_failed: Callable[[str], None] | None, on_progress: Progress | None,
                kind: str | None) -> int:
        self._numbers += 1
        request = _Request(self._numbers, kind, on_done, on_failed, on_progress)
        if kind is not None:
            older = self._latest.get(kind)
            if older is not None:
                older.cancelled = True
            self._latest[kind] = request
        self._requests[request.number] = request
        self._pool.start(partial(_run, fn, request, self._lane, self._relay))
        return request.number

    # ---- back on the GUI thread ---------------------------------------------------------

    def _on_relay_finished(self, number: int, ok: bool, outcome: object) -> None:
        request = self._requests.pop(number, None)
        if request is None:
            return
        if request.kind is not None and self._latest.get(request.kind) is request:
            del self._latest[request.kind]
        if request.cancelled:
            return
        if ok:
            request.on_done(outcome)
        elif request.on_failed is not None:
            assert isinstance(outcome, BaseException)
            request.on_failed(error_text(outcome) or type(outcome).__name__)

    def _on_relay_progressed(self, number: int, done: int, total: int) -> None:
        request = self._requests.get(number)
        if request is not None and not request.cancelled and request.on_progress is not None:
            request.on_progress(done, total)


def _run(fn: Callable[[Progress], Any], request: _Request, lane: _Lane,
         relay: _Relay) -> None:
    """One request, on the worker thread. Touches no widget; tells the GUI thread how it
    ended, whatever happened (the owner waits for every request it asked for)."""
    number = request.number
    if request.cancelled or lane.closed:
        _tell(lane, lambda: relay.finished.emit(number, False, None))
        return

    def progress(done: int, total: int) -> None:
        if not request.cancelled:
            _tell(lane, lambda: relay.progressed.emit(number, done, total))

    ok = False
    try:
        outcome: object = fn(progress)
        ok = True
    except Exception as exc:  # whatever the database said, the owner must hear of it
        outcome = exc
    _tell(lane, lambda: relay.finished.emit(number, ok, outcome))


def _tell(lane: _Lane, emit: Callable[[], None]) -> None:
    """Emit through the relay unless its owner is going. The relay's C++ object outlives
    every request (the pool, destroyed before it, waits for them), but while the owner is
    being destroyed PySide may already have let go of the relay's Python wrapper."""
    if not lane.closed:
        with suppress(RuntimeError):
            emit()


def _close(lane: _Lane, requests: dict[int, _Request], *_args: object) -> None:
    """The owner is being destroyed (connected to ``destroyed``, so it holds no reference
    to it): nothing more is delivered, and the requests not begun return at once when
    the pool's destructor runs them while it waits for the one running. Touches plain
    Python objects only: PySide may have let go of the children's wrappers already, and
    a wrapper collected on another thread delivers ``destroyed`` late."""
    lane.closed = True
    for request in requests.values():
        request.cancelled = True
