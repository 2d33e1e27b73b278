"""The center's time zone: every time a person reads is written in it, whatever the machine's.

Storage and machine-readable output stay UTC / ISO 8601 with an offset; anything shown,
typed or printed for a person goes through these helpers with the center's zone (the zone
of its working calendar, which its shifts and reports use too).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_CENTER_ZONE = "Asia/Shanghai"


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called ``name`` (the default center zone when empty)."""
    return ZoneInfo(name or DEFAULT_CENTER_ZONE)


def in_zone(when: datetime, zone: tzinfo) -> datetime:
    """``when`` (aware; naive is taken as UTC, as stored by SQLite) as a time in ``zone``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(zone)


def clock_text(when: datetime | None, zone: tzinfo) -> str:
    """``14:03:12`` in ``zone``, or ``?``: the moment a row was changed, in a message."""
    return in_zone(when, zone).strftime("%H:%M:%S") if when is not None else "?"


def minute_text(when: datetime | None, zone: tzinfo) -> str:
    """``14:03`` in ``zone``, or ``?``."""
    return in_zone(when, zone).strftime("%H:%M") if when is not None else "?"


def stamp_text(when: datetime | None, zone: tzinfo) -> str:
    """``2026-12-04 14:03`` in ``zone``, or ``never``: a time in a command-line table."""
    return in_zone(when, zone).strftime("%Y-%m-%d %H:%M") if when is not None else "never"


def wall_time(naive: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time a person typed without a zone, as meant in ``zone`` (aware, UTC)."""
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=zone).astimezone(UTC)
