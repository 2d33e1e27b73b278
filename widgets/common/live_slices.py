"""Live changes applied in slices: ids queued from the change bus, a few per event-loop turn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from PySide6.QtCore import QObject, QTimer

from widgets.common.tables import owned_timer


class LiveSlices:
    """Ids of rows changed somewhere, applied a slice per event-loop turn, so that a burst
    of thousands never holds the GUI thread for long.

    ``queue(ids)`` remembers them (once each, in the order first queued) and starts the
    turn, and ``also`` (a debounce timer, such as the stage or matrix counts) if it is not
    running; each turn hands at most ``size()`` of them to ``apply`` and leaves the rest
    for the next. True while ids wait.
    """

    def __init__(self, owner: QObject, apply: Callable[[list[int]], None],
                 size: Callable[[], int], also: QTimer | None = None) -> None:
        self._pending: dict[int, None] = {}
        self._apply = apply
        self._size = size
        self._also = also
        self._timer = owned_timer(owner, 0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def __len__(self) -> int:
        return len(self._pending)

    def queue(self, ids: Iterable[int]) -> None:
        for row_id in ids:
            self._pending[row_id] = None
        if not self._timer.isActive():
            self._timer.start()
        if self._also is not None and not self._also.isActive():
            self._also.start()

    def stop(self) -> None:
        """Apply nothing more until ids are queued again (what waits stays queued)."""
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        chunk = list(islice(self._pending, self._size()))
        for row_id in chunk:
            del self._pending[row_id]
        self._apply(chunk)
        if self._pending:
            self._timer.start()
