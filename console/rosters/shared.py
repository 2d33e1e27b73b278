"""What the three roster services share: their context, who may edit, and field checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.clock import Clock
from console.core.domain import OperatorRef, Role, TeamRef
from console.core.errors import NotFound, ValidationError
from console.core.versioned import VersionedWrites
from console.operators.service import CASE_WRITERS
from console.rosters.domain import Availability
from console.rosters.readiness import ReadinessWatch
from console.territory.district import DistrictService
from db.database import Database
from db.models import Team, table_of
from db.models.rosters import CaseAssignment, Member, Shift, ShiftMember

# Roles that may edit rosters (teams, members, rotations, shifts, anyone's availability).
ROSTER_EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
# Roles that may send members on cases (and bring back those they sent).
DISPATCHERS = CASE_WRITERS

NAME_MAX, ROLE_MAX, PHONE_MAX, EMAIL_MAX = 120, 64, 40, 254
PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,38}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

MEMBERS, SHIFTS, TEAMS = table_of(Member), table_of(Shift), table_of(Team)
ASSIGNMENTS, SHIFT_MEMBERS = table_of(CaseAssignment), table_of(ShiftMember)


@dataclass
class RosterContext:
    """The database, clock and district the roster services work on, the center's zone
    (rotations' local times, the week view's days), the one readiness watch they all keep
    in step, and the callbacks run after every committed change."""

    db: Database
    clock: Clock
    district: DistrictService
    system: Callable[[], OperatorRef]
    timezone: str
    watch: ReadinessWatch
    committed: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.timezone)
        self.writes = VersionedWrites(self.db, lambda: self.zone)

    def notify(self) -> None:
        for callback in list(self.committed):
            callback()

    def local(self, when: datetime) -> str:
        """``2026-11-22 08:00`` in the center's zone."""
        return when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def span(self, starts: datetime, ends: datetime) -> str:
        """``2026-11-22 08:00–20:00`` in the center's zone (both dates when a day or more)."""
        fmt = "%H:%M" if (ends - starts) < timedelta(hours=24) else "%Y-%m-%d %H:%M"
        return f"{self.local(starts)}–{ends.astimezone(self.zone).strftime(fmt)}"

    def team(self, team: str | int) -> TeamRef:
        """The team with this id or code, looked up again if another console added it
        since the district's cache was filled."""
        try:
            return (self.district.team(team) if isinstance(team, int)
                    else self.district.team_by_code(str(team)))
        except (KeyError, ValidationError):
            self.district.invalidate()
            if isinstance(team, int):
                try:
                    return self.district.team(team)
                except KeyError:
                    raise NotFound(f"No team with id {team}.") from None
            return self.district.team_by_code(str(team))


def clean_text(value: str, label: str, limit: int, required: bool) -> str:
    """``value`` on one line, checked for emptiness and length."""
    text = " ".join(str(value).split())
    if required and not text:
        raise ValidationError(f"The {label} must not be empty.", label)
    if len(text) > limit:
        raise ValidationError(f"The {label} is {len(text)} characters; at most {limit}.",
                              label)
    return text


def clean_phone(value: str) -> str:
    phone = str(value).strip()
    if phone and not PHONE.match(phone):
        raise ValidationError(f"Phone {phone!r} is not a phone number (digits, spaces, "
                              f"'-', an optional leading '+').", "phone")
    return phone


def clean_email(value: str) -> str:
    """An e-mail address (or nothing): one ``@``, a dot in the domain, no spaces."""
    email = str(value).strip()
    if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
        raise ValidationError(f"E-mail {email!r} is not an address like "
                              "name@example.org.", "email")
    return email


def clean_min_staffing(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 500:
        raise ValidationError(f"Minimum staffing must be a whole number from 1 to 500, "
                              f"not {value!r}.", "min_staffing")
    return value


def parse_availability(value: object) -> Availability:
    try:
        return Availability(str(value).strip().lower().replace(" ", "_"))
    except ValueError:
        raise ValidationError(
            f"Unknown availability {value!r}; use one of: available, on_task, off_duty, "
            f"leave.", "availability") from None
