"""Major incidents: the vocabulary (types, response levels I–IV, task states) and the
plain records the console's incident view, command line and reports read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class IncidentKind(StrEnum):
    FLOOD = "flood"
    FIRE = "fire"
    HAZMAT = "hazmat"
    CROWD = "crowd"
    PUBLIC_HEALTH = "public_health"
    GEOLOGICAL = "geological"
    OTHER = "other"


KIND_NAMES = {IncidentKind.FLOOD: ("Flood", "洪涝"), IncidentKind.FIRE: ("Fire", "火灾"),
              IncidentKind.HAZMAT: ("Hazardous materials", "危化品"),
              IncidentKind.CROWD: ("Crowd", "人员聚集"),
              IncidentKind.PUBLIC_HEALTH: ("Public health", "公共卫生"),
              IncidentKind.GEOLOGICAL: ("Geological", "地质灾害"),
              IncidentKind.OTHER: ("Other", "其他")}


@dataclass(frozen=True, slots=True)
class ResponseLevel:
    """A response level of China's emergency plans: I is the gravest."""

    number: int
    roman: str
    name: str
    name_zh: str
    colour: str  # the level's colour in the national scheme (红橙黄蓝)


LEVELS = {
    1: ResponseLevel(1, "I", "Especially major", "特别重大", "#d32f2f"),
    2: ResponseLevel(2, "II", "Major", "重大", "#f57c00"),
    3: ResponseLevel(3, "III", "Large", "较大", "#fbc02d"),
    4: ResponseLevel(4, "IV", "General", "一般", "#1976d2"),
}


class IncidentStatus(StrEnum):
    OPEN = "open"
    STOOD_DOWN = "stood_down"  # the response is over; the final report and review follow
    CLOSED = "closed"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


class TaskKind(StrEnum):
    TASK = "task"
    REPORT_FIRST = "report_first"
    REPORT_FOLLOWUP = "report_followup"
    REPORT_FINAL = "report_final"

    @property
    def report(self) -> str | None:
        """``first``, ``followup`` or ``final`` for a reporting duty, else None."""
        return self.value.removeprefix("report_") if self.value.startswith("report_") \
            else None


REPORT_KINDS = ("first", "followup", "final")
REPORT_NAMES = {"first": ("First report", "首报"), "followup": ("Follow-up report", "续报"),
                "final": ("Final report", "终报")}
# The casualty and impact figures a coordinator keeps up to date for the reports.
FIGURES = ("dead", "injured", "missing", "evacuated", "affected")
FIGURE_NAMES = {"dead": ("Dead", "死亡"), "injured": ("Injured", "受伤"),
                "missing": ("Missing", "失踪"), "evacuated": ("Evacuated", "转移安置"),
                "affected": ("Affected", "受影响人口")}
DRILL_MARK = "演练 / DRILL"


def level_text(level: int) -> str:
    """``IV`` for 4: levels are written in Roman numerals, as the plans write them."""
    return LEVELS[level].roman


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An incident as the banner and the incident list show it."""

    id: int
    reference: str
    title: str
    kind: IncidentKind
    level: int
    drill: bool
    status: IncidentStatus
    occurred_at: datetime
    declared_at: datetime
    commander: str
    open_tasks: int
    overdue_tasks: int

    @property
    def label(self) -> str:
        drill = f"{DRILL_MARK} · " if self.drill else ""
        return f"{drill}{self.reference} {self.title} · level {level_text(self.level)}"


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    number: int
    key: str
    kind: TaskKind
    title: str
    title_zh: str
    owner: str  # a role ("coordinator") or a team code
    level: int
    status: TaskStatus
    created_at: datetime
    due_at: datetime
    done_at: datetime | None
    done_by: str
    note: str
    escalation_level: int  # 0 on time, 1 warning, 2 breached, 3 breached for long

    @property
    def code(self) -> str:
        return f"T{self.number}"

    @property
    def on_time(self) -> bool | None:
        """Whether it was done by its deadline (None while open or when skipped)."""
        if self.status is not TaskStatus.DONE or self.done_at is None:
            return None
        return self.done_at <= self.due_at


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of the incident log: what happened when, and who wrote it."""

    at: datetime
    recorded_at: datetime
    operator: str
    action: str
    text: str
    source: str = "incident"  # incident | task | case


@dataclass(frozen=True, slots=True)
class LinkedItem:
    kind: str  # case | alert | hazard
    target_id: int
    reference: str
    title: str
    state: str  # proposed | confirmed
    status: str  # the case's stage, the alert's status, the hazard's level
    grid: str


@dataclass(frozen=True, slots=True)
class TeamLine:
    code: str
    name: str
    committed: bool
    task: str
    on_duty: int
    available: int


@dataclass(frozen=True, slots=True)
class ReportRecord:
    kind: str
    number: int
    sent_at: datetime
    signed_by: str
    due_at: datetime | None
    on_time: bool | None
    text: str


@dataclass(frozen=True)
class IncidentDetail:
    """Everything the incident view shows at one glance."""

    row: IncidentRow
    grids: tuple[str, ...]
    plan_codes: tuple[str, ...]
    figures: dict[str, int]
    summary: str
    review: str
    stood_down_at: datetime | None
    closed_at: datetime | None
    version: int
    cases: tuple[LinkedItem, ...] = ()
    alerts: tuple[LinkedItem, ...] = ()
    hazards: tuple[LinkedItem, ...] = ()
    teams: tuple[TeamLine, ...] = ()
    tasks: tuple[TaskRow, ...] = ()
    reports: tuple[ReportRecord, ...] = ()
    stage_counts: dict[str, int] = field(default_factory=dict)
