"""Plain domain objects that leave the console layer: rows, details, timeline entries.

Widgets and the command line only ever see these frozen dataclasses, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.vocabulary import OPEN_STAGES, Category, Role, Severity, Source, Stage, TeamKind

__all__ = [
    "OPEN_STAGES",
    "CaseDetail",
    "CaseRow",
    "Category",
    "ChangeEvent",
    "GridRef",
    "OperatorRef",
    "Role",
    "Severity",
    "Source",
    "Stage",
    "StageCounts",
    "TeamKind",
    "TeamRef",
    "TimelineEntry",
]


@dataclass(frozen=True, slots=True)
class OperatorRef:
    id: int
    username: str
    display_name: str
    role: Role


@dataclass(frozen=True, slots=True)
class GridRef:
    id: int
    code: str
    name_en: str
    name_zh: str
    community_en: str
    community_zh: str
    households: int
    polygon: tuple[tuple[float, float], ...]
    #: The area (community, street…) holding the grid, by code; empty when none.
    parent_code: str = ""
    #: A retired grid keeps its history and cases, and takes no new ones.
    retired: bool = False

    def name(self, lang: str = "en") -> str:
        """The name in ``lang``: a territory loaded from a Chinese file may have no
        English name, and then shows its Chinese one."""
        return self.name_zh if lang.startswith("zh") else (self.name_en or self.name_zh)


@dataclass(frozen=True, slots=True)
class TeamRef:
    id: int
    code: str
    name_en: str
    name_zh: str
    kind: TeamKind
    base_grid_id: int | None
    min_staffing: int

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


@dataclass(frozen=True, slots=True)
class CaseRow:
    """What the case board shows for one case: one row, precomputed for ``data()``."""

    id: int
    reference: str
    title: str
    category: Category
    severity: Severity
    source: Source
    stage: Stage
    paused: bool
    grid_id: int
    grid_code: str
    team_id: int | None
    team_code: str | None
    reported_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    rework_count: int
    version: int
    escalation_level: int = 0
    next_due_at: datetime | None = None
    next_due_kind: str | None = None
    supervised: bool = False
    # Teams with an assisting part of the case (joint handling): the team filter's match.
    assist_team_ids: frozenset[int] = frozenset()

    @property
    def is_open(self) -> bool:
        return self.stage is not Stage.CLOSED


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything about one case, for the detail pane and ``case show``."""

    row: CaseRow
    description: str
    location: str
    reporter: str
    pause_reason: str
    paused_at: datetime | None
    paused_seconds: int
    registered_at: datetime | None
    dispatched_at: datetime | None
    started_at: datetime | None
    resolved_at: datetime | None
    verified_at: datetime | None
    created_by: str
    updated_by: str
    #: Where the case is, WGS84 (lon, lat), when it was reported with a point.
    point: tuple[float, float] | None = None

    @property
    def reference(self) -> str:
        return self.row.reference

    @property
    def version(self) -> int:
        return self.row.version


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One audit entry of a case: who did what, when, and what changed."""

    id: int
    at: datetime
    operator: str
    operator_username: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One row of the change feed: an entity that another writer touched."""

    seq: int
    entity: str
    entity_id: int
    op: str


@dataclass(frozen=True, slots=True)
class StageCounts:
    """Open cases per stage, paused among them, and cases closed since a moment."""

    by_stage: dict[Stage, int]
    paused: int
    closed_since: int
    overdue: int = 0

    @property
    def open_total(self) -> int:
        return sum(n for stage, n in self.by_stage.items() if stage is not Stage.CLOSED)
