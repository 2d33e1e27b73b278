"""A change notifier rung by hand, for tests of what reads the change feed when woken
(the seats' change wake-up, the headless engine): ``ring`` calls every subscriber from a
thread of its own, as the PostgreSQL listener does."""

from __future__ import annotations

import threading
from collections.abc import Callable


class HandNotifier:
    """A live notifier the test rings by hand."""

    live = True

    def __init__(self) -> None:
        self._wakes: list[Callable[[], None]] = []

    def subscribe(self, wake: Callable[[], None]) -> Callable[[], None]:
        self._wakes.append(wake)
        return lambda: self._wakes.remove(wake)

    def ring(self) -> None:
        for wake in list(self._wakes):
            threading.Thread(target=wake).start()

    def close(self) -> None:
        self._wakes.clear()
