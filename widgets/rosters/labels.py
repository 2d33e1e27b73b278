"""The roster's words and colours (availability, readiness, crews) and wall-clock times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from console.rosters.domain import (
    Availability,
    Readiness,
    ShiftKind,
    ShiftRow,
    TeamStatus,
)
from widgets.common.time_text import weekday_name
from widgets.shell.theme import Theme


@dataclass(frozen=True, slots=True)
class RosterColors:
    """Text colours of availability and readiness, and the tint of a row with a gap;
    readable on the theme's table background (tests hold them to WCAG AA)."""

    availability: Mapping[Availability, str]
    readiness: Mapping[Readiness, str]
    gap_background: str


_COLORS: dict[Theme, RosterColors] = {
    Theme.DARK: RosterColors(
        availability={Availability.AVAILABLE: "#6fcf97", Availability.ON_TASK: "#5aa9e6",
                      Availability.OFF_DUTY: "#9aa4af", Availability.LEAVE: "#e8c95a"},
        readiness={Readiness.READY: "#6fcf97", Readiness.GAP: "#ff8080",
                   Readiness.NO_SHIFT: "#9aa4af"},
        gap_background="#3f2226",
    ),
    Theme.LIGHT: RosterColors(
        availability={Availability.AVAILABLE: "#1b6e3f", Availability.ON_TASK: "#1f6fb2",
                      Availability.OFF_DUTY: "#56616d", Availability.LEAVE: "#7a5d00"},
        readiness={Readiness.READY: "#1b6e3f", Readiness.GAP: "#b3202a",
                   Readiness.NO_SHIFT: "#56616d"},
        gap_background="#f8e1e1",
    ),
}


def roster_colors(theme: Theme) -> RosterColors:
    return _COLORS[theme]


@cache
def _availability_labels() -> dict[Availability, str]:
    return {
        Availability.AVAILABLE: QCoreApplication.translate("RosterLabels", "Available"),
        Availability.ON_TASK: QCoreApplication.translate("RosterLabels", "On task"),
        Availability.OFF_DUTY: QCoreApplication.translate("RosterLabels", "Off duty"),
        Availability.LEAVE: QCoreApplication.translate("RosterLabels", "On leave"),
    }


@cache
def _readiness_labels() -> dict[Readiness, str]:
    return {
        Readiness.READY: QCoreApplication.translate("RosterLabels", "Ready"),
        Readiness.GAP: QCoreApplication.translate("RosterLabels", "Gap"),
        Readiness.NO_SHIFT: QCoreApplication.translate("RosterLabels", "No shift"),
    }


def availability_label(value: Availability) -> str:
    return _availability_labels()[value]


def readiness_label(value: Readiness) -> str:
    return _readiness_labels()[value]


def readiness_text(status: TeamStatus) -> str:
    """``Ready 12/12``, ``⚠ Gap 11/12``, ``No shift``: never the colour alone."""
    shift = status.readiness_shift
    if shift is None:
        return readiness_label(Readiness.NO_SHIFT)
    text = QCoreApplication.translate("RosterLabels", "{state} {ready}/{needed}").format(
        state=readiness_label(status.readiness), ready=shift.ready, needed=shift.needed)
    return f"⚠ {text}" if status.readiness is Readiness.GAP else text


def crew_text(shift: ShiftRow) -> str:
    """``A``, ``on call 3``: who a shift is, briefly."""
    crew = shift.crew or shift.team_code
    if shift.kind is ShiftKind.ON_CALL:
        return QCoreApplication.translate("RosterLabels", "on call {crew}").format(crew=crew)
    return crew


class ZoneTimes:
    """Times as the roster shows them: the center's wall clock."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def hm(self, when: datetime) -> str:
        return when.astimezone(self.zone).strftime("%H:%M")

    def day_hm(self, when: datetime, today: date) -> str:
        """``20:00`` today, ``Mon 08:00`` another day."""
        local = when.astimezone(self.zone)
        if local.date() == today:
            return local.strftime("%H:%M")
        return f"{weekday_name(local.date())} {local.strftime('%H:%M')}"

    def span(self, shift: ShiftRow) -> str:
        start = shift.starts_at.astimezone(self.zone)
        end = shift.ends_at.astimezone(self.zone)
        if end - start >= timedelta(days=1):
            return (f"{weekday_name(start.date())} {start.strftime('%H:%M')}–"
                    f"{weekday_name(end.date())} {end.strftime('%H:%M')}")
        return f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"

    def full(self, when: datetime) -> str:
        return when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()


def retranslate() -> None:
    """Forget the cached words, after a translator was installed or removed."""
    _availability_labels.cache_clear()
    _readiness_labels.cache_clear()
