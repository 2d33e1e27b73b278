"""Durations as people write them: lateness like the board (``2 d 06 h``), and exact
spans for settings (``4 d 16 h 30 min``), read back from what a person types."""

from __future__ import annotations

import re

MINUTES_PER_DAY = 24 * 60

# The words a person may put after a number, in English or Chinese, as minutes.
_UNITS: dict[str, int] = {
    "d": MINUTES_PER_DAY, "day": MINUTES_PER_DAY, "days": MINUTES_PER_DAY,
    "天": MINUTES_PER_DAY, "日": MINUTES_PER_DAY,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60, "小时": 60, "时": 60,
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "分钟": 1, "分": 1,
}
_PART = re.compile(r"(\d+)\s*([a-z]+|小时|分钟|[天日时分])?", re.IGNORECASE)


def late_text(minutes: int) -> str:
    """How late (or how long), at the board's precision: ``2 d 06 h``, ``3 h 05 min``,
    ``40 min``, ``< 1 min``. The sign is the caller's to say (late, early, due in)."""
    minutes = abs(int(minutes))
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours:02d} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    if mins:
        return f"{mins} min"
    return "< 1 min"


def span_parts(minutes: int) -> tuple[int, int, int]:
    """(days, hours, minutes) of a whole number of minutes."""
    days, rest = divmod(abs(int(minutes)), MINUTES_PER_DAY)
    hours, mins = divmod(rest, 60)
    return days, hours, mins


def span_text(minutes: int) -> str:
    """An exact span, every unit that is not zero: ``4 d 16 h 30 min``, ``90 min`` stays
    ``1 h 30 min``, ``0 min``."""
    days, hours, mins = span_parts(minutes)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def parse_span(text: str) -> int | None:
    """Minutes in ``text`` as a person types a span: ``4 d 16 h 30 min``, ``4d16h30m``,
    ``2 h``, ``1天2小时``, or a bare number of minutes (``6750``). None when it is not
    one: an unknown unit, a stray word, nothing at all."""
    rest = text.strip().replace(",", "")
    if not rest:
        return None
    total = 0
    pos = 0
    bare_seen = False
    while pos < len(rest):
        if rest[pos].isspace():
            pos += 1
            continue
        match = _PART.match(rest, pos)
        if match is None:
            return None
        number, unit = int(match.group(1)), match.group(2)
        if unit is None:
            if bare_seen or total:
                return None  # "2 h 30" is ambiguous: say the unit
            bare_seen = True
            total += number
        else:
            factor = _UNITS.get(unit.lower())
            if factor is None or bare_seen:
                return None
            total += number * factor
        pos = match.end()
    return total
