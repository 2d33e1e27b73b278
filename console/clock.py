"""Clocks: the system clock for real use and a fake one tests move by hand."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that can say what time it is, as a timezone-aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock of this machine, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def scheduler_time(delay_seconds: float) -> datetime:
    """The machine's time ``delay_seconds`` from now: for APScheduler, whose timers run on
    the machine's clock whatever clock the console was given (the delay is measured on
    the console's clock by the caller)."""
    return datetime.now(UTC) + timedelta(seconds=delay_seconds)


class FakeClock:
    """A clock that stands still until a test moves it.

    It may be moved backwards too (a clock corrected by NTP), which the
    escalation engine must survive.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now = self._now + delta

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware time")
        with self._lock:
            self._now = when.astimezone(UTC)
