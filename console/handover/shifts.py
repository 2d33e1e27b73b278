"""The center's duty shifts (default 08:00–20:00 and 20:00–08:00 local): which one runs
at a moment, which one comes next. Not the teams' roster shifts (console/rosters.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from console.core.errors import ValidationError

DEFAULT_PATTERN = "08:00=Day,20:00=Night"
PATTERN_ENV = "WATCHROOM_SHIFTS"


@dataclass(frozen=True, slots=True)
class DutyShift:
    """One duty shift of the center: ``[starts_at, ends_at)`` in UTC, and its name."""

    name: str
    starts_at: datetime
    ends_at: datetime

    def contains(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at

    def label(self, zone: ZoneInfo) -> str:
        start = self.starts_at.astimezone(zone)
        end = self.ends_at.astimezone(zone)
        return f"{self.name} {start:%Y-%m-%d %H:%M}–{end:%H:%M}"


@dataclass(frozen=True, slots=True)
class ShiftPattern:
    """Local start times of the shifts of every day, each shift running until the next
    start. ``parse("08:00=Day,20:00=Night")``; the ``WATCHROOM_SHIFTS`` variable sets it."""

    starts: tuple[tuple[time, str], ...]
    timezone: str

    @classmethod
    def parse(cls, text: str, timezone: str) -> ShiftPattern:
        starts: list[tuple[time, str]] = []
        for number, part in enumerate(p.strip() for p in text.split(",") if p.strip()):
            clock, _, name = part.partition("=")
            try:
                hours, minutes = (int(v) for v in clock.strip().split(":"))
                start = time(hours, minutes)
            except ValueError:
                raise ValidationError(
                    f"Shift start {clock.strip()!r} is not a time like 08:00.", "shifts"
                ) from None
            starts.append((start, name.strip() or f"Shift {number + 1}"))
        if not starts:
            raise ValidationError("Name at least one shift start, like 08:00=Day.", "shifts")
        starts.sort()
        if len({t for t, _ in starts}) != len(starts):
            raise ValidationError("Two shifts start at the same time.", "shifts")
        ZoneInfo(timezone)  # an unknown zone fails here, not at the first question
        return cls(tuple(starts), timezone)

    @classmethod
    def configured(cls, timezone: str) -> ShiftPattern:
        """The pattern of ``WATCHROOM_SHIFTS``, else 08:00 Day and 20:00 Night."""
        return cls.parse(os.environ.get(PATTERN_ENV) or DEFAULT_PATTERN, timezone)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _starts_around(self, day: date) -> list[tuple[datetime, str]]:
        """Every shift start of the local days before, of and after ``day``, in UTC."""
        out: list[tuple[datetime, str]] = []
        for offset in (-1, 0, 1):
            d = day + timedelta(days=offset)
            for start, name in self.starts:
                local = datetime.combine(d, start, tzinfo=self.zone)
                out.append((local.astimezone(UTC), name))
        return sorted(out)

    def current_shift(self, now: datetime) -> DutyShift:
        """The shift running at ``now``."""
        starts = self._starts_around(now.astimezone(self.zone).date())
        for (start, name), (end, _) in pairwise(starts):
            if start <= now < end:
                return DutyShift(name, start, end)
        raise AssertionError("a day's shifts always cover it")  # pragma: no cover

    def next_shift(self, now: datetime) -> DutyShift:
        """The shift after the one running at ``now``."""
        return self.current_shift(self.current_shift(now).ends_at)

    def previous_shift(self, now: datetime) -> DutyShift:
        """The shift before the one running at ``now``."""
        return self.current_shift(self.current_shift(now).starts_at - timedelta(seconds=1))

    def shifts_between(self, start: datetime, end: datetime) -> list[DutyShift]:
        """Shifts overlapping ``[start, end)``, oldest first."""
        out: list[DutyShift] = []
        shift = self.current_shift(start)
        while shift.starts_at < end:
            out.append(shift)
            shift = self.current_shift(shift.ends_at)
        return out
