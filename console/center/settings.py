"""The center's settings: its name (Chinese, optional English), time zone and working week.

The name lives in ``center_settings``. The time zone and the working week live in the
working calendar, the one place the center's zone is read from (``App.zone``, deadlines
counted in working time, KPIs, every time shown): setting the zone here sets it there, so
there is never a second copy to disagree with.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import select

from console.cases.calendar import WorkingCalendar
from console.cases.sla import SlaService
from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import ValidationError
from console.core.journal import record
from console.engine.retention import (
    DEFAULT_RETENTION_DAYS,
    RETENTION_KEY,
    check_retention_days,
    retention_days,
)
from console.operators.service import require_role
from db.database import Database
from db.models import CenterSetting, WorkingCalendarRow

CENTER_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})
NAME_MAX = 120
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class CenterSettings:
    """What a center is called, the zone its shifts and reports use, its working week
    (Python weekday numbers, 0 = Monday; local working periods of a working day), and how
    many days the change feed keeps changes (seats away longer reload)."""

    name: str
    name_en: str
    timezone: str
    working_days: tuple[int, ...]
    working_hours: tuple[tuple[time, time], ...]
    change_retention_days: int = DEFAULT_RETENTION_DAYS  # the change feed keeps them (issue 24)


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(text: str) -> str:
    """``text`` as an IANA zone name this machine knows, or ValidationError naming the
    closest ones (``Asia/Shangai`` → did you mean Asia/Shanghai?)."""
    name = text.strip()
    if name in _zone_names():
        ZoneInfo(name)
        return name
    close = difflib.get_close_matches(name, sorted(_zone_names()), n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise ValidationError(f"Unknown time zone {text!r}: give an IANA name such as "
                          f"Asia/Shanghai or Asia/Urumqi.{hint}", "timezone")


def day_names(days: tuple[int, ...]) -> list[str]:
    """Weekday numbers as ``mon`` … ``sun``."""
    return [DAY_NAMES[d] for d in days]


def parse_days(values: list[Any]) -> tuple[int, ...]:
    """``["mon", "tue", …]`` as weekday numbers; ValidationError on anything else."""
    out = set()
    for value in values:
        text = str(value).strip().lower()[:3]
        if text not in DAY_NAMES:
            raise ValidationError(f"Unknown working day {value!r}: write mon, tue, wed, thu, "
                                  "fri, sat or sun.", "working_days")
        out.add(DAY_NAMES.index(text))
    return tuple(sorted(out))


def hours_text(periods: tuple[tuple[time, time], ...]) -> list[str]:
    """Working periods as ``08:30-12:00``."""
    return [f"{a:%H:%M}-{b:%H:%M}" for a, b in periods]


def parse_hours(values: list[Any]) -> tuple[tuple[time, time], ...]:
    """``["08:30-12:00", …]`` as (start, end) local times, in order and not overlapping."""
    periods = []
    for value in values:
        try:
            start, end = (time.fromisoformat(part.strip()) for part in str(value).split("-"))
        except ValueError:
            raise ValidationError(f"Working hours {value!r}: write them like 08:30-12:00.",
                                  "working_hours") from None
        periods.append((start, end))
    periods.sort()
    for (a, b), (c, _) in pairwise(periods):
        if c < b:
            raise ValidationError(f"Working hours {a:%H:%M}-{b:%H:%M} and the next period "
                                  "overlap.", "working_hours")
    return tuple(periods)


class CenterService:
    """Reads and changes the center's settings; changes are an administrator's, each one
    audit entry (entity ``center``)."""

    def __init__(self, db: Database, clock: Clock, sla: SlaService) -> None:
        self._db = db
        self._clock = clock
        self._sla = sla

    def settings(self) -> CenterSettings:
        with self._db.read() as s:
            values = dict(s.execute(select(CenterSetting.key, CenterSetting.value)).all())
            retention = retention_days(s)
        calendar = self._sla.working_calendar()
        return CenterSettings(
            name=values.get("name", ""), name_en=values.get("name_en", ""),
            timezone=calendar.timezone, working_days=tuple(sorted(calendar.weekdays)),
            working_hours=calendar.periods, change_retention_days=retention)

    def update(self, actor: OperatorRef, *, name: str | None = None,
               name_en: str | None = None, timezone: str | None = None,
               working_days: tuple[int, ...] | None = None,
               working_hours: tuple[tuple[time, time], ...] | None = None,
               change_retention_days: int | None = None) -> CenterSettings:
        """Change what is given (None leaves a setting as it is). A new zone is the
        working calendar's zone too, so every time shown follows it; services that
        planned shifts in the old zone (the rosters' week, the handover's shift names)
        take it at the next start of the console."""
        require_role(actor, CENTER_ADMINS, "change the center's settings")
        texts: dict[str, str] = {}
        if name is not None:
            texts["name"] = _name(name, "name")
        if name_en is not None:
            texts["name_en"] = _name(name_en, "English name", required=False)
        if change_retention_days is not None:
            texts[RETENTION_KEY] = str(check_retention_days(change_retention_days))
        calendar: dict[str, str] = {}
        if timezone is not None:
            calendar["timezone"] = check_timezone(timezone)
        current = self._sla.working_calendar()
        if working_days is not None or working_hours is not None:
            days = current.weekdays if working_days is None else frozenset(working_days)
            periods = current.periods if working_hours is None else working_hours
            if any(not 0 <= d <= 6 for d in days):
                raise ValidationError("Working days are 0 (Monday) to 6 (Sunday).",
                                      "working_days")
            try:
                WorkingCalendar(weekdays=days, periods=periods)
            except ValueError as error:
                raise ValidationError(f"The working week cannot be used: {error}.",
                                      "working_hours") from None
            calendar["weekdays"] = json.dumps(sorted(days))
            calendar["periods"] = json.dumps([[f"{a:%H:%M}", f"{b:%H:%M}"]
                                              for a, b in periods])
        now = self._clock.now()
        changed: dict[str, list[Any]] = {}
        with self._db.write.begin() as s:
            for key, value in texts.items():
                row = s.get(CenterSetting, key)
                old = row.value if row is not None else ""
                if old == value:
                    continue
                if row is None:
                    s.add(CenterSetting(key=key, value=value))
                else:
                    row.value = value
                changed[key] = [old, value]
            if calendar:
                cal = s.scalars(select(WorkingCalendarRow).where(
                    WorkingCalendarRow.name == "default")).first()
                if cal is None:
                    raise ValidationError("This database has no working calendar; open it "
                                          "once with the console to install one.", "timezone")
                for key, value in calendar.items():
                    old = getattr(cal, key)
                    if old != value:
                        setattr(cal, key, value)
                        changed[key] = [old, value]
            if changed:
                record(s, actor=actor, at=now, entity="center", entity_id=0,
                       action="settings", detail=changed)
        if changed:
            self._sla.invalidate()
        return self.settings()


def _name(text: str, what: str, required: bool = True) -> str:
    name = " ".join(str(text).split())
    if required and not name:
        raise ValidationError(f"The center's {what} cannot be empty.", "name")
    if len(name) > NAME_MAX:
        raise ValidationError(f"The center's {what} has {len(name)} characters; at most "
                              f"{NAME_MAX}.", "name")
    return name
