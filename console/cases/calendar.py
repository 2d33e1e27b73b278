"""Time that counts towards a deadline: round the clock, or working hours by a calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class DeadlineClock(Protocol):
    """How a deadline counts time: ``add`` moves forward by counted seconds, ``between``
    measures counted seconds between two instants (0 if ``end`` is before ``start``)."""

    def add(self, start: datetime, seconds: float) -> datetime: ...

    def between(self, start: datetime, end: datetime) -> float: ...


class RoundTheClock:
    """Every second counts (emergencies)."""

    def add(self, start: datetime, seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    def between(self, start: datetime, end: datetime) -> float:
        return max(0.0, (end - start).total_seconds())


@dataclass(frozen=True)
class WorkingCalendar:
    """Working hours in the center's time zone, minus holidays, plus make-up working days.

    ``periods`` are (start, end) local times within a day, e.g. 08:30–12:00 and
    13:30–17:30; ``weekdays`` are Python weekday numbers (0 = Monday). ``holidays`` are
    days off even on a weekday; ``workdays`` are weekend days worked (China's 调休).
    """

    timezone: str = "Asia/Shanghai"
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    periods: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)),
                                              (time(13, 30), time(17, 30)))
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.periods or any(a >= b for a, b in self.periods):
            raise ValueError("working periods must each start before they end")
        if not self.weekdays and not self.workdays:
            raise ValueError("a working calendar needs at least one working day")

    @property
    def _tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def _windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's working windows as aware UTC datetimes."""
        if not self.is_working_day(day):
            return []
        tz = self._tz
        return [
            (datetime.combine(day, a, tz).astimezone(UTC),
             datetime.combine(day, b, tz).astimezone(UTC))
            for a, b in self.periods
        ]

    def add(self, start: datetime, seconds: float) -> datetime:
        remaining = max(0.0, seconds)
        day = start.astimezone(self._tz).date()
        cursor = start
        # A deadline further than ten years of working days away is a data error.
        for _ in range(3660):
            for begin, end in self._windows(day):
                if end <= cursor:
                    continue
                begin = max(begin, cursor)
                available = (end - begin).total_seconds()
                if remaining <= available:
                    return begin + timedelta(seconds=remaining)
                remaining -= available
                cursor = end
            day += timedelta(days=1)
        raise ValueError("deadline lies beyond ten years of working time")

    def between(self, start: datetime, end: datetime) -> float:
        if end <= start:
            return 0.0
        total = 0.0
        day = start.astimezone(self._tz).date()
        last = end.astimezone(self._tz).date()
        while day <= last:
            for begin, finish in self._windows(day):
                lo, hi = max(begin, start), min(finish, end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return total
