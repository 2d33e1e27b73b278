"""Hazard registry vocabulary, the 5×5 risk matrix, the inspection clock policy, and rows.

The risk matrix
---------------
``score = likelihood × severity``, both 1–5, and the score gives the level::

    score  1–4  low      (blue)     低风险
    score  5–9  medium   (yellow)   一般风险
    score 10–16 high     (orange)   较大风险
    score 20–25 extreme  (red)      重大风险

Why this mapping: it is the plain L×S matrix of the four-colour risk grading that
Chinese safety work uses (安全风险分级管控, "红橙黄蓝"), so the colours and the four
levels are the ones an officer already knows from the units' own registers. Cells with
the same score always share a level, so the matrix is symmetric: "almost certain but
minor" (5×2) ranks with "unlikely but catastrophic" (2×5). No product of two numbers
1–5 falls between 16 and 20, so the top band is exactly the four cells 4×5, 5×4, 5×5.

The inspection clock
--------------------
Each watched hazard (active or mitigated) has one inspection clock on the escalation
engine. For an inspection interval ``I``:

- level 1 "inspection coming due" at ``due − min(7 days, 10 % of I)``;
- level 2 "inspection overdue" at the due date;
- level 3 "inspection overdue for long" ``min(30 days, I)`` after the due date: a whole
  missed cycle for a weekly check, a month for an annual one.

A mitigated hazard is still watched (its controls must be seen to hold); a retired one
is not, and has no next inspection due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from console.core.domain import Stage

LIKELIHOODS = (1, 2, 3, 4, 5)
SEVERITIES = (1, 2, 3, 4, 5)
INTERVAL_MIN_DAYS = 1
INTERVAL_MAX_DAYS = 730
DEFAULT_INTERVAL_DAYS = 30
CODE_MAX = 32
NAME_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
INSPECTOR_MAX = 120
PHOTOS_MAX = 20
PHOTO_PATH_MAX = 500

WARN_BEFORE_MAX = timedelta(days=7)
WARN_BEFORE_SHARE = 0.10
LONG_AFTER_MAX = timedelta(days=30)


class HazardKind(StrEnum):
    """What sort of hazard source it is."""

    CHEMICALS = "hazardous_chemicals"
    GAS_STATION = "gas_station"
    CONSTRUCTION_PIT = "construction_pit"
    FLOOD_UNDERPASS = "flood_prone_underpass"
    OLD_BUILDING = "old_building"
    CROWDED_VENUE = "crowded_venue"
    SLOPE = "slope"
    HIGH_VOLTAGE = "high_voltage"
    OTHER = "other"


# The case category a problem at a hazard of each kind becomes (a promoted inspection
# alert, a case opened from the registry): who would be sent to it.
KIND_CATEGORY: dict[HazardKind, str] = {
    HazardKind.CHEMICALS: "fire", HazardKind.GAS_STATION: "fire",
    HazardKind.CONSTRUCTION_PIT: "other", HazardKind.FLOOD_UNDERPASS: "flood",
    HazardKind.OLD_BUILDING: "other", HazardKind.CROWDED_VENUE: "public_security",
    HazardKind.SLOPE: "other", HazardKind.HIGH_VOLTAGE: "utilities",
    HazardKind.OTHER: "other",
}


def hazard_code_of_alert(source: str, headline: str) -> str | None:
    """The hazard an inspection alert is about (the engine writes "HZ-0012: inspection
    overdue (…)" with source "hazard"), else None."""
    if source != "hazard" or ": " not in headline:
        return None
    return headline.split(": ", 1)[0].strip() or None


def alert_meaning(headline: str) -> str:
    """"inspection overdue" from "HZ-0012: inspection overdue (2 d 06 h late)"."""
    text = headline.split(": ", 1)[-1]
    return text.rsplit(" (", 1)[0].strip()


class HazardStatus(StrEnum):
    ACTIVE = "active"
    MITIGATED = "mitigated"
    RETIRED = "retired"


# Hazards whose inspections are watched by the escalation engine.
WATCHED = frozenset({HazardStatus.ACTIVE, HazardStatus.MITIGATED})


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    EXTREME = "extreme"

    @property
    def rank(self) -> int:
        """0 low … 3 extreme, for sorting."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2, RiskLevel.EXTREME: 3}


class Likelihood(IntEnum):
    RARE = 1
    UNLIKELY = 2
    POSSIBLE = 3
    LIKELY = 4
    ALMOST_CERTAIN = 5


class Consequence(IntEnum):
    """The severity axis of the matrix (named apart from the cases' ``Severity``)."""

    NEGLIGIBLE = 1
    MINOR = 2
    MODERATE = 3
    MAJOR = 4
    CATASTROPHIC = 5


def risk_score(likelihood: int, severity: int) -> int:
    """``likelihood × severity``; both must be 1–5."""
    if likelihood not in LIKELIHOODS or severity not in SEVERITIES:
        raise ValueError(f"likelihood and severity must be 1-5, not {likelihood}, {severity}")
    return likelihood * severity


def level_for_score(score: int) -> RiskLevel:
    """The level of a score: 1–4 low, 5–9 medium, 10–16 high, 20–25 extreme."""
    if score <= 4:
        return RiskLevel.LOW
    if score <= 9:
        return RiskLevel.MEDIUM
    if score <= 16:
        return RiskLevel.HIGH
    return RiskLevel.EXTREME


def assess(likelihood: int, severity: int) -> tuple[int, RiskLevel]:
    """(score, level) of one cell of the matrix."""
    score = risk_score(likelihood, severity)
    return score, level_for_score(score)


def warn_before(interval_days: int) -> timedelta:
    """How long before the due date the clock says "coming due"."""
    return min(WARN_BEFORE_MAX, timedelta(days=interval_days) * WARN_BEFORE_SHARE)


def long_after(interval_days: int) -> timedelta:
    """How long after the due date an inspection is "overdue for long"."""
    return min(LONG_AFTER_MAX, timedelta(days=interval_days))


@dataclass(frozen=True, slots=True)
class HazardRow:
    """What the registry table shows for one hazard, precomputed for ``data()``."""

    id: int
    code: str
    name: str
    kind: HazardKind
    grid_id: int
    grid_code: str
    location: str
    responsible_unit: str
    likelihood: int
    severity: int
    score: int
    level: RiskLevel
    status: HazardStatus
    inspection_interval_days: int
    next_inspection_due: datetime | None
    last_inspected_at: datetime | None
    version: int

    @property
    def watched(self) -> bool:
        return self.status in WATCHED

    def due_state(self, now: datetime) -> int:
        """0 on time, 1 coming due, 2 overdue (the clock's levels, ignoring "for long")."""
        if self.next_inspection_due is None or not self.watched:
            return 0
        if now >= self.next_inspection_due:
            return 2
        if now >= self.next_inspection_due - warn_before(self.inspection_interval_days):
            return 1
        return 0


@dataclass(frozen=True, slots=True)
class HazardDetail:
    """Everything about one hazard except its lists (inspections, cases)."""

    row: HazardRow
    lon: float | None
    lat: float | None
    contact: str
    surroundings: str
    controls: str
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @property
    def code(self) -> str:
        return self.row.code

    @property
    def version(self) -> int:
        return self.row.version


@dataclass(frozen=True, slots=True)
class InspectionRecord:
    """One inspection in a hazard's history."""

    id: int
    hazard_id: int
    inspected_at: datetime
    inspector: str
    findings: str
    photos: tuple[str, ...]
    likelihood: int
    severity: int
    recorded_by: str
    recorded_at: datetime

    @property
    def score(self) -> int:
        return risk_score(self.likelihood, self.severity)

    @property
    def level(self) -> RiskLevel:
        return level_for_score(self.score)


@dataclass(frozen=True, slots=True)
class LinkedCase:
    """A case that names the hazard."""

    id: int
    reference: str
    title: str
    stage: Stage
    grid_code: str
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class NearbyHazard:
    """A hazard near a case: in the case's own grid or a neighbouring one."""

    row: HazardRow
    own_grid: bool
    named_by_case: bool


@dataclass(frozen=True, slots=True)
class HazardFilter:
    """What the registry shows. Empty sets mean "any"; ``cell`` is (likelihood, severity)."""

    statuses: frozenset[HazardStatus] = WATCHED
    kinds: frozenset[HazardKind] = field(default_factory=frozenset)
    grid_ids: frozenset[int] = field(default_factory=frozenset)
    text: str = ""
    cell: tuple[int, int] | None = None

    def matches(self, row: HazardRow, *, ignore_cell: bool = False) -> bool:
        """The same test as the service's SQL, for rows held by a view."""
        if self.statuses and row.status not in self.statuses:
            return False
        if self.kinds and row.kind not in self.kinds:
            return False
        if self.grid_ids and row.grid_id not in self.grid_ids:
            return False
        if (not ignore_cell and self.cell is not None
                and (row.likelihood, row.severity) != self.cell):
            return False
        return not self.text or text_matches(self.text, row)


def text_matches(text: str, row: HazardRow) -> bool:
    """Quick search: every word occurs in the code, name, grid, location or unit."""
    haystack = (f"{row.code} {row.name} {row.grid_code} {row.location} "
                f"{row.responsible_unit}").casefold()
    return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True, slots=True)
class HazardCursor:
    """Where the next page of the registry starts: after this (score, due, id)."""

    score: int
    due_key: datetime
    hazard_id: int


@dataclass(frozen=True, slots=True)
class HazardPage:
    rows: list[HazardRow]
    next_cursor: HazardCursor | None


@dataclass(frozen=True, slots=True)
class MatrixCounts:
    """Hazards per cell of the 5×5 matrix: ``counts[(likelihood, severity)]``."""

    counts: dict[tuple[int, int], int]

    def at(self, likelihood: int, severity: int) -> int:
        return self.counts.get((likelihood, severity), 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def by_level(self) -> dict[RiskLevel, int]:
        out = dict.fromkeys(RiskLevel, 0)
        for (likelihood, severity), n in self.counts.items():
            out[assess(likelihood, severity)[1]] += n
        return out
