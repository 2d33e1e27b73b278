"""What the alert panel holds and the promote-to-case rules: statuses, rows, filters, pages,
counts, and how a CAP alert's category and severity become a case's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from console.core.domain import CaseDetail, Category, Severity

CAP_SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")

# Promote to case: CAP severity → case severity (1 critical … 4 low).
CASE_SEVERITY = {"Extreme": Severity.CRITICAL, "Severe": Severity.HIGH,
                 "Moderate": Severity.MEDIUM, "Minor": Severity.LOW, "Unknown": Severity.LOW}
# Promote to case: CAP category → case category. Met and Geo become ``flood`` when the
# event speaks of water (see FLOOD_WORDS), otherwise ``other``.
CASE_CATEGORY: dict[str, Category] = {
    "Fire": Category.FIRE,
    "CBRNE": Category.FIRE,  # hazardous materials are the fire brigade's
    "Safety": Category.PUBLIC_SECURITY,
    "Security": Category.PUBLIC_SECURITY,
    "Rescue": Category.PUBLIC_SECURITY,
    "Health": Category.PUBLIC_HEALTH,
    "Transport": Category.TRAFFIC,
    "Infra": Category.UTILITIES,
    "Env": Category.ENVIRONMENT,
}
FLOOD_WORDS = ("flood", "rain", "storm surge", "surge", "typhoon", "hurricane", "tsunami",
               "inundat", "waterlog", "洪", "涝", "暴雨", "台风", "海啸", "积水", "内涝")

TITLE_MAX = 200
CASE_TEXT_MAX = 2000


class AlertStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    SHELVED = "shelved"
    RESOLVED = "resolved"


ACTIVE_STATUSES = frozenset({AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.SHELVED})


@dataclass(frozen=True, slots=True)
class AlertRow:
    """One line of the alert panel, precomputed for ``data()``."""

    id: int
    source: str
    event: str
    headline: str
    category: str
    severity: str
    urgency: str
    certainty: str
    status: AlertStatus
    received_at: datetime
    last_seen_at: datetime
    sent_at: datetime | None
    expires_at: datetime | None
    shelved_until: datetime | None
    repeat_count: int
    grid_id: int | None
    grid_code: str | None
    area_desc: str
    case_id: int | None
    case_reference: str | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    msg_type: str
    cap_status: str
    language: str
    severity_rank: int
    version: int
    # The other grids the alert's area reaches (id, code), beyond ``grid_id``.
    more_grids: tuple[tuple[int, str], ...] = ()

    @property
    def grid_ids(self) -> frozenset[int]:
        """Every grid the alert is in: the one it is shown under and the rest."""
        first = () if self.grid_id is None else (self.grid_id,)
        return frozenset((*first, *(gid for gid, _code in self.more_grids)))

    @property
    def grid_codes(self) -> tuple[str, ...]:
        first = () if self.grid_code is None else (self.grid_code,)
        return (*first, *(code for _gid, code in self.more_grids))

    @property
    def title(self) -> str:
        """What to show as the alert's title: its headline, else its event."""
        return self.headline or self.event

    @property
    def needs_attention(self) -> bool:
        return self.status is AlertStatus.NEW


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """A CAP Update/Cancel/Ack/Error message that was applied to an alert."""

    id: int
    msg_type: str
    external_id: str
    sender: str
    sent_at: datetime | None
    received_at: datetime


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """Everything about one alert, for the detail view: texts, area, every info block,
    the raw payload as received, and the messages applied to it."""

    row: AlertRow
    external_id: str
    dedup_key: str
    sender: str
    scope: str
    description: str
    instruction: str
    note: str
    references: str
    geometry: Mapping[str, Any]
    infos: tuple[Mapping[str, Any], ...]
    raw: str
    resolved_at: datetime | None
    resolved_by: str | None
    shelved_by: str | None
    updated_at: datetime | None
    updated_by: str | None
    messages: tuple[AlertMessage, ...] = ()

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def version(self) -> int:
        return self.row.version


@dataclass(frozen=True, slots=True)
class Promotion:
    """An alert promoted to a case: both, as they are now."""

    alert: AlertDetail
    case: CaseDetail


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """What the panel shows. Empty sets mean "any"; by default the alerts still open."""

    statuses: frozenset[AlertStatus] = ACTIVE_STATUSES
    severities: frozenset[str] = field(default_factory=frozenset)
    sources: frozenset[str] = field(default_factory=frozenset)
    grid_ids: frozenset[int] = field(default_factory=frozenset)
    text: str = ""

    def with_(self, **changes: Any) -> AlertFilter:
        return replace(self, **changes)

    def matches(self, row: AlertRow) -> bool:
        """The same test as the SQL of ``list_alerts``, for a row that changed live."""
        if self.statuses and row.status not in self.statuses:
            return False
        if self.severities and row.severity not in self.severities:
            return False
        if self.sources and row.source not in self.sources:
            return False
        if self.grid_ids and not (self.grid_ids & row.grid_ids):
            return False
        haystack = f"{row.headline} {row.event} {row.area_desc}".casefold()
        return all(word in haystack for word in self.text.casefold().split())


@dataclass(frozen=True, slots=True)
class AlertCursor:
    """Where a page ended, for the next page (keyset paging: stable while alerts arrive)."""

    severity_rank: int
    received_at: datetime
    id: int


@dataclass(frozen=True, slots=True)
class AlertPage:
    rows: list[AlertRow]
    next: AlertCursor | None


@dataclass(frozen=True, slots=True)
class AlertCounts:
    """New (unacknowledged) alerts per CAP severity, plus acknowledged and shelved."""

    new_by_severity: dict[str, int]
    acknowledged: int
    shelved: int

    @property
    def new_total(self) -> int:
        return sum(self.new_by_severity.values())


def _is_flood(*texts: str) -> bool:
    joined = " ".join(texts).casefold()
    return any(word in joined for word in FLOOD_WORDS)


def case_category(cap_category: str, event: str = "", headline: str = "") -> Category:
    """The case category for an alert's CAP category (several: the first that maps)."""
    for name in cap_category.split():
        if name in {"Met", "Geo"}:
            if _is_flood(event, headline):
                return Category.FLOOD
            continue
        if name in CASE_CATEGORY:
            return CASE_CATEGORY[name]
    if _is_flood(event, headline):
        return Category.FLOOD
    return Category.OTHER


def case_severity(cap_severity: str) -> Severity:
    return CASE_SEVERITY.get(cap_severity, Severity.LOW)
