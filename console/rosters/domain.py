"""Roster vocabulary and the plain objects the roster service hands out (no ORM, no Qt).

Availability of a member is a live status, set by people and by dispatch, independent
of the schedule:

- ``available``: fit and reachable; counts towards a shift's readiness;
- ``on_task``: sent on a case (set by dispatch, cleared when the case is resolved);
- ``off_duty``: not reachable for now (resting after nights, ill for the day);
- ``leave``: on leave.

A shift is *ready* when its members who are ``available`` and hold at least one of their
team kind's staffing qualifications (``STAFFING_QUALIFICATIONS``) number at least the
team's minimum staffing; otherwise it is a readiness gap.

Dispatch proposes members holding at least one of the qualifications the case category
needs (``CATEGORY_QUALIFICATIONS``; an empty set means any member will do).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from console.core.domain import Category, Severity, TeamKind, TeamRef
from console.reports.wording import ENGLISH, ReportWords


class Availability(StrEnum):
    AVAILABLE = "available"
    ON_TASK = "on_task"
    OFF_DUTY = "off_duty"
    LEAVE = "leave"


class ShiftKind(StrEnum):
    DUTY = "duty"
    ON_CALL = "on_call"


class Readiness(StrEnum):
    READY = "ready"  # the relevant shift has at least the minimum staffing
    GAP = "gap"  # it has fewer
    NO_SHIFT = "no_shift"  # nothing running now nor starting within a day


# The qualifications a member must hold (any one of) to count towards the minimum
# staffing of a team of each kind. A kind not listed counts every available member.
STAFFING_QUALIFICATIONS: dict[TeamKind, frozenset[str]] = {
    TeamKind.RESCUE: frozenset({"rope_rescue", "swift_water", "hazmat"}),
    TeamKind.FIRE: frozenset({"firefighting"}),
    TeamKind.MEDICAL: frozenset({"medic", "first_aid"}),
    TeamKind.MEDIATION: frozenset({"mediator"}),
    TeamKind.PATROL: frozenset({"patrol"}),
    TeamKind.GRID_WORKERS: frozenset({"grid_worker"}),
    TeamKind.UTILITIES: frozenset({"electrician", "gas_fitter", "plumber"}),
}

# What a case of each category needs from the members sent to it (any one of them). The
# order is the order of preference: a member holding the first ranks before one holding
# only a later one.
CATEGORY_QUALIFICATIONS: dict[Category, tuple[str, ...]] = {
    Category.FIRE: ("firefighting", "hazmat"),
    Category.FLOOD: ("swift_water", "rope_rescue"),
    Category.PUBLIC_SECURITY: ("patrol",),
    Category.TRAFFIC: ("patrol", "first_aid", "driver"),
    Category.DISPUTE: ("mediator",),
    Category.PETITION: ("mediator",),
    Category.UTILITIES: ("electrician", "gas_fitter", "plumber"),
    Category.PUBLIC_HEALTH: ("medic", "first_aid"),
    Category.ENVIRONMENT: ("grid_worker", "hazmat"),
    Category.OTHER: (),
}

# How many members the dispatch dialog ticks by default, by case severity.
SUGGESTED_CREW: dict[Severity, int] = {
    Severity.CRITICAL: 6, Severity.HIGH: 4, Severity.MEDIUM: 2, Severity.LOW: 1,
}


def staffing_qualifications(kind: TeamKind) -> frozenset[str]:
    return STAFFING_QUALIFICATIONS.get(kind, frozenset())


def counts_for_staffing(kind: TeamKind, availability: Availability,
                        qualifications: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether a member counts towards a shift's readiness."""
    if availability is not Availability.AVAILABLE:
        return False
    needed = staffing_qualifications(kind)
    return not needed or bool(needed.intersection(qualifications))


@dataclass(frozen=True, slots=True)
class QualificationRef:
    code: str
    name_en: str
    name_zh: str

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One member as the roster shows them; ``on_shift`` is true while a shift of theirs
    runs (at the moment the row was read)."""

    id: int
    team_id: int
    team_code: str
    name: str
    role: str
    phone: str
    email: str
    availability: Availability
    availability_since: datetime
    current_case_id: int | None
    current_case_ref: str | None
    qualifications: tuple[str, ...]
    leader: bool
    active: bool
    on_shift: bool
    version: int


@dataclass(frozen=True, slots=True)
class ShiftMemberRef:
    """A member on a shift, with what readiness needs to know about them."""

    id: int
    name: str
    role: str
    phone: str
    team_id: int
    availability: Availability
    counts: bool  # available and holding a staffing qualification of the shift's team


@dataclass(frozen=True, slots=True)
class ShiftRow:
    id: int
    team_id: int
    team_code: str
    rotation_id: int | None
    kind: ShiftKind
    crew: str
    starts_at: datetime
    ends_at: datetime
    members: tuple[ShiftMemberRef, ...]
    needed: int
    readiness_alerted_at: datetime | None
    version: int

    @property
    def ready(self) -> int:
        return sum(1 for m in self.members if m.counts)

    @property
    def gap(self) -> bool:
        return self.ready < self.needed

    def runs_at(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """A team at a glance: members by availability, who is on now, who is next, and
    the readiness of the shift that matters now (the running one, else the next)."""

    team: TeamRef
    leader_name: str | None
    members: int
    by_availability: dict[Availability, int]
    current: tuple[ShiftRow, ...]
    next: ShiftRow | None
    readiness: Readiness
    readiness_shift: ShiftRow | None

    @property
    def available(self) -> int:
        return self.by_availability.get(Availability.AVAILABLE, 0)


@dataclass(frozen=True, slots=True)
class RotationRef:
    id: int
    team_id: int
    name: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected input row (or shift), and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(slots=True)
class InputReport:
    """What an import or a batch of shifts did: rows kept, rows rejected and why."""

    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, words: ReportWords = ENGLISH) -> list[str]:
        """``members.csv: 2 added, 0 updated, 0 unchanged, 1 rejected``, then
        ``members.csv: line 3: REASON`` per refused row (in ``words``' language)."""
        translate = words.translate
        head = translate("RosterImport", "{source}: {added} added, {updated} updated, "
                                         "{unchanged} unchanged, {rejected} rejected").format(
            source=self.source, added=self.added, updated=self.updated,
            unchanged=self.unchanged, rejected=len(self.problems))
        return [head, *(translate("RosterImport", "{source}: line {line}: {reason}").format(
            source=self.source, line=p.line, reason=words.sentence(p.reason))
            for p in self.problems)]


@dataclass(frozen=True, slots=True)
class GenerationReport:
    rotation_id: int
    created: int
    skipped: int  # already generated before
    left_out: tuple[str, ...]  # members left out of a shift, and why


@dataclass(frozen=True, slots=True)
class ReadinessChange:
    """What a readiness check did about one shift's alert."""

    kind: str  # "raised" | "reopened" | "resolved"
    shift_id: int
    team_code: str
    crew: str
    starts_at: datetime
    ready: int
    needed: int
    alert_id: int
