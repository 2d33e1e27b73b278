"""Rotation patterns: the JSON stored in ``rotations.pattern`` and the shifts it yields.

A pattern is a cycle of days that repeats forever from an anchor date; on each day of the
cycle some *slots* start, each one shift of one crew. Times are local times of the
pattern's time zone (the center's, Asia/Shanghai by default), so a 08:00 day shift stays
at 08:00 local in any zone; the shifts themselves are stored in UTC.

Format (JSON object, every key required unless marked)::

    {
      "timezone": "Asia/Shanghai",      IANA zone of the local times below (optional,
                                        default Asia/Shanghai)
      "anchor": "2026-11-02",           the local date that is day 0 of the cycle
      "cycle_days": 4,                  the cycle repeats every this many days (1-366)
      "crews": {"A": [12, 13, 14],      crew label -> member ids (members.id); a label is
                "B": [15, 16, 17]},     1-32 characters and is stored on each shift
      "slots": [                        the shifts that start on each day of the cycle
        {"day": 0,                      day of the cycle, 0 <= day < cycle_days
         "start": "08:00",              local start time, HH:MM
         "hours": 12,                   length in hours, more than 0 and at most 192
         "crew": "A",                   a key of "crews"
         "kind": "duty"}                "duty" or "on_call" (optional, default "duty")
      ]
    }

The date a slot falls on is ``anchor + k × cycle_days + day`` for every whole ``k``
(negative too), so any date range can be generated, before or after the anchor. A slot
longer than a day simply runs into the next days (a weekly on-call slot is 168 hours).
Lengths are real hours: in a zone with daylight saving a 12-hour night shift stays 12
hours long (the center's zone has none).

The builders below make the three patterns the demo district uses: crews rotating on
12-hour day and night shifts, day shifts on weekdays, and a weekly on-call rotation.
This module is plain Python (no SQL): the roster loader and the console both use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"
SHIFT_KINDS = ("duty", "on_call")
MAX_SHIFT_HOURS = 192  # eight days: the longest shift any query has to look back for
MAX_CYCLE_DAYS = 366
CREW_LABEL_MAX = 32


class PatternError(ValueError):
    """A rotation pattern that cannot be used; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Slot:
    day: int
    start: time
    hours: float
    crew: str
    kind: str = "duty"


@dataclass(frozen=True, slots=True)
class RotationPattern:
    timezone: str
    anchor: date
    cycle_days: int
    crews: Mapping[str, tuple[int, ...]]
    slots: tuple[Slot, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def member_ids(self) -> set[int]:
        return {m for ids in self.crews.values() for m in ids}


@dataclass(frozen=True, slots=True)
class PlannedShift:
    """One shift a pattern yields: which crew, when (UTC) and who."""

    crew: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    member_ids: tuple[int, ...]


def _time(text: object, where: str) -> time:
    try:
        hh, mm = str(text).split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise PatternError(f"{where}: start {text!r} is not a time like 08:00.") from None


def parse_pattern(value: str | Mapping[str, Any]) -> RotationPattern:
    """Read and check a pattern (JSON text or an already decoded object)."""
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except json.JSONDecodeError as exc:
            raise PatternError(f"The rotation pattern is not valid JSON: {exc.msg} "
                               f"(line {exc.lineno}, column {exc.colno}).") from None
    else:
        data = value
    if not isinstance(data, Mapping):
        raise PatternError("The rotation pattern must be a JSON object.")
    missing = [k for k in ("anchor", "cycle_days", "crews", "slots") if k not in data]
    if missing:
        raise PatternError(f"The rotation pattern lacks: {', '.join(missing)}.")
    tz = str(data.get("timezone") or DEFAULT_TIMEZONE)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise PatternError(f"Unknown time zone {tz!r}; use an IANA name such as "
                           f"Asia/Shanghai.") from None
    try:
        anchor = date.fromisoformat(str(data["anchor"]))
    except ValueError:
        raise PatternError(f"Anchor {data['anchor']!r} is not a date like 2026-11-02.") \
            from None
    cycle = data["cycle_days"]
    if not isinstance(cycle, int) or isinstance(cycle, bool) or not 1 <= cycle <= MAX_CYCLE_DAYS:
        raise PatternError(f"cycle_days must be a whole number of days from 1 to "
                           f"{MAX_CYCLE_DAYS}, not {cycle!r}.")
    raw_crews = data["crews"]
    if not isinstance(raw_crews, Mapping) or not raw_crews:
        raise PatternError("crews must name at least one crew and its member ids.")
    crews: dict[str, tuple[int, ...]] = {}
    for label, ids in raw_crews.items():
        label = str(label).strip()
        if not label or len(label) > CREW_LABEL_MAX:
            raise PatternError(f"Crew label {label!r} must be 1 to {CREW_LABEL_MAX} "
                               f"characters.")
        if not isinstance(ids, Sequence) or isinstance(ids, str) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise PatternError(f"Crew {label}: members must be a list of member ids.")
        crews[label] = tuple(dict.fromkeys(ids))
    raw_slots = data["slots"]
    if not isinstance(raw_slots, Sequence) or isinstance(raw_slots, str) or not raw_slots:
        raise PatternError("slots must list at least one shift of the cycle.")
    slots: list[Slot] = []
    for n, raw in enumerate(raw_slots, 1):
        where = f"Slot {n}"
        if not isinstance(raw, Mapping):
            raise PatternError(f"{where} must be an object with day, start, hours, crew.")
        day = raw.get("day")
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day < cycle:
            raise PatternError(f"{where}: day must be from 0 to {cycle - 1}, not {day!r}.")
        hours = raw.get("hours")
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) \
                or not 0 < hours <= MAX_SHIFT_HOURS:
            raise PatternError(f"{where}: hours must be more than 0 and at most "
                               f"{MAX_SHIFT_HOURS}, not {hours!r}.")
        crew = str(raw.get("crew", "")).strip()
        if crew not in crews:
            raise PatternError(f"{where}: crew {crew!r} is not one of: "
                               f"{', '.join(crews)}.")
        kind = str(raw.get("kind", "duty"))
        if kind not in SHIFT_KINDS:
            raise PatternError(f"{where}: kind must be duty or on_call, not {kind!r}.")
        slots.append(Slot(day, _time(raw.get("start"), where), float(hours), crew, kind))
    return RotationPattern(tz, anchor, cycle, crews, tuple(slots))


def pattern_json(pattern: RotationPattern) -> str:
    """The pattern as stored: stable key order, so equal patterns give equal text."""

    def hours(value: float) -> float | int:
        return int(value) if float(value).is_integer() else value

    return json.dumps({
        "timezone": pattern.timezone,
        "anchor": pattern.anchor.isoformat(),
        "cycle_days": pattern.cycle_days,
        "crews": {label: list(ids) for label, ids in pattern.crews.items()},
        "slots": [{"day": s.day, "start": s.start.strftime("%H:%M"), "hours": hours(s.hours),
                   "crew": s.crew, "kind": s.kind} for s in pattern.slots],
    }, ensure_ascii=False)


def expand(pattern: RotationPattern, first_day: date, last_day: date) -> list[PlannedShift]:
    """Every shift whose local start date lies in ``first_day … last_day`` (inclusive),
    in start order."""
    if last_day < first_day:
        raise PatternError(f"The range ends ({last_day}) before it starts ({first_day}).")
    zone = pattern.zone
    by_day: dict[int, list[Slot]] = {}
    for slot in pattern.slots:
        by_day.setdefault(slot.day, []).append(slot)
    out: list[PlannedShift] = []
    day = first_day
    while day <= last_day:
        for slot in by_day.get((day - pattern.anchor).days % pattern.cycle_days, ()):
            start = datetime.combine(day, slot.start, tzinfo=zone).astimezone(UTC)
            out.append(PlannedShift(slot.crew, slot.kind, start,
                                    start + timedelta(hours=slot.hours),
                                    pattern.crews[slot.crew]))
        day += timedelta(days=1)
    out.sort(key=lambda p: (p.starts_at, p.crew))
    return out


# ---- the usual patterns ----------------------------------------------------------------


def crews_on_day_and_night(crews: Mapping[str, Sequence[int]], anchor: date,
                           day_start: str = "08:00", shift_hours: int = 12,
                           timezone: str = DEFAULT_TIMEZONE) -> RotationPattern:
    """N crews on 12-hour shifts (四班两倒 for four crews): each crew works a day shift,
    the next day's night shift, then rests; on day ``d`` of the cycle crew ``d`` works
    the day and crew ``d - 1`` the night."""
    labels = list(crews)
    if len(labels) < 2:
        raise PatternError("Day-and-night shifts need at least two crews.")
    start = _time(day_start, "Day start")
    night = (datetime.combine(anchor, start) + timedelta(hours=shift_hours)).time()
    n = len(labels)
    slots = []
    for d in range(n):
        slots.append(Slot(d, start, shift_hours, labels[d], "duty"))
        slots.append(Slot(d, night, shift_hours, labels[(d - 1) % n], "duty"))
    return RotationPattern(timezone, anchor, n, {k: tuple(v) for k, v in crews.items()},
                           tuple(slots))


def weekday_days(crew: str, member_ids: Sequence[int], monday: date, start: str = "08:30",
                 hours: float = 9, weekdays: Sequence[int] = (0, 1, 2, 3, 4),
                 timezone: str = DEFAULT_TIMEZONE) -> RotationPattern:
    """One crew on day shifts on the given weekdays (0 = Monday)."""
    if monday.weekday() != 0:
        raise PatternError(f"The anchor of a weekday pattern must be a Monday, not {monday}.")
    at = _time(start, "Start")
    slots = tuple(Slot(d, at, hours, crew, "duty") for d in sorted(set(weekdays)))
    return RotationPattern(timezone, monday, 7, {crew: tuple(member_ids)}, slots)


def weekly_on_call(crews: Mapping[str, Sequence[int]], anchor: date, start: str = "08:00",
                   timezone: str = DEFAULT_TIMEZONE) -> RotationPattern:
    """Crews take turns on call for a week each, handing over at ``start``."""
    labels = list(crews)
    if not labels:
        raise PatternError("A weekly on-call rotation needs at least one crew.")
    at = _time(start, "Start")
    slots = tuple(Slot(7 * i, at, 168, label, "on_call") for i, label in enumerate(labels))
    return RotationPattern(timezone, anchor, 7 * len(labels),
                           {k: tuple(v) for k, v in crews.items()}, slots)
