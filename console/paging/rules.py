"""Paging rules: which trigger pages which target on which channel, with optional
category and severity filters, quiet hours, repeats and the next rule up the chain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.core.domain import Category
from console.core.errors import ValidationError

TRIGGERS = ("escalation:1", "escalation:2", "escalation:3", "alert:extreme", "alert:severe",
            "readiness", "inspection", "task:1", "task:2", "task:3")
# Never held back by quiet hours: a breached deadline and a critical alert wake people.
URGENT_TRIGGERS = frozenset({"escalation:2", "escalation:3", "alert:extreme", "alert:severe",
                             "task:2", "task:3"})
_QUIET = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
MAX_REPEATS = 10


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    trigger: str
    category: str
    severity: int | None
    target: str
    channel_id: int
    channel: str
    repeat_min: int | None
    repeats: int
    then_rule_id: int | None
    quiet: str
    active: bool

    def matches(self, trigger: str, category: str | None, severity: int | None) -> bool:
        """Whether a cause of ``trigger`` (a case's category and severity, if any) pages
        by this rule. ``alert:severe`` also takes extreme alerts."""
        if not self.active:
            return False
        if self.trigger != trigger and not (self.trigger == "alert:severe"
                                            and trigger == "alert:extreme"):
            return False
        if self.category and self.category != (category or ""):
            return False
        return self.severity is None or self.severity == severity

    def describe(self) -> str:
        parts = [f"#{self.id}", f"on {self.trigger}"]
        if self.category:
            parts.append(f"category {self.category}")
        if self.severity is not None:
            parts.append(f"severity {self.severity}")
        parts.append(f"to {self.target} by {self.channel}")
        if self.repeat_min:
            parts.append(f"every {self.repeat_min} min ×{self.repeats}")
        if self.then_rule_id:
            parts.append(f"then #{self.then_rule_id}")
        if self.quiet:
            parts.append(f"quiet {self.quiet}")
        return "  ".join(parts)


def check_trigger(text: str) -> str:
    trigger = text.strip().lower()
    if trigger not in TRIGGERS:
        raise ValidationError(f"Unknown trigger {text!r}: use {', '.join(TRIGGERS)}.", "on")
    return trigger


def check_category(text: str | None) -> str:
    if not text:
        return ""
    try:
        return Category(text.strip().lower()).value
    except ValueError:
        raise ValidationError(f"Unknown category {text!r}: use "
                              f"{', '.join(c.value for c in Category)}.", "category") from None


def check_severity(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        severity = int(value)
    except (TypeError, ValueError):
        severity = 0
    if not 1 <= severity <= 4:
        raise ValidationError(f"Severity is 1 (critical) to 4 (low), not {value!r}.",
                              "severity")
    return severity


def check_quiet(text: str | None) -> str:
    if not text:
        return ""
    if not _QUIET.match(text.strip()):
        raise ValidationError(f"Quiet hours are written HH:MM-HH:MM (e.g. 22:00-07:00), not "
                              f"{text!r}.", "quiet")
    return text.strip()


def quiet_until(quiet: str, trigger: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """When the quiet hours holding back a page of ``trigger`` end, or None if it goes now.
    Urgent triggers (levels 2–3, critical alerts) are never held back."""
    match = _QUIET.match(quiet) if quiet else None
    if match is None or trigger in URGENT_TRIGGERS:
        return None
    start = time(int(match[1]), int(match[2]))
    end = time(int(match[3]), int(match[4]))
    local = now.astimezone(zone)
    t = local.time()
    inside = (start <= t < end) if start <= end else (t >= start or t < end)
    if not inside or start == end:
        return None
    end_at = datetime.combine(local.date(), end, tzinfo=zone)
    if end_at <= local:
        end_at += timedelta(days=1)
    return end_at.astimezone(now.tzinfo)
