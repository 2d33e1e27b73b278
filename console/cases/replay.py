"""Case replay: what the board showed about a case at a chosen moment, rebuilt from the
append-only audit log (stage, severity, team, escalation level, deadlines, notes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from console.cases.deadlines import LEVEL_NAMES
from console.core.errors import NotFound
from console.core.reconnect import retries_lost_connection
from db.database import Database
from db.models import AuditEntry, Case, Deadline, Operator

# Which step meets which deadline (close meets every one; reopen un-meets resolve).
MEETS = {"register": "register", "dispatch": "dispatch", "resolve": "resolve"}


@dataclass(frozen=True, slots=True)
class ReplayDeadline:
    """One deadline as it stood at the moment: pending or met, and its level."""

    kind: str
    due_at: datetime | None
    level: int
    met: bool

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, str(self.level))


@dataclass(frozen=True, slots=True)
class ReplayNote:
    at: datetime
    operator: str
    action: str
    text: str


@dataclass(frozen=True, slots=True)
class ReplayState:
    """A case as the board showed it at ``at``. ``existed`` is False before its report."""

    reference: str
    at: datetime
    existed: bool
    title: str
    category: str
    severity: int
    grid: str
    stage: str
    paused: bool
    pause_reason: str
    team: str | None
    supervised: bool
    rework_count: int
    escalation_level: int
    deadlines: tuple[ReplayDeadline, ...]
    notes: tuple[ReplayNote, ...]
    events: int  # audit entries up to the moment
    last_event_at: datetime | None

    @property
    def next_due(self) -> ReplayDeadline | None:
        pending = [d for d in self.deadlines if not d.met and d.due_at is not None]
        return min(pending, key=lambda d: d.due_at or self.at) if pending else None


@retries_lost_connection
class CaseReplay:
    """Replays a case's audit entries up to a moment."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def at(self, reference: str, moment: datetime) -> ReplayState:
        ref = reference.strip().upper()
        with self._db.read() as s:
            case_id = s.scalar(select(Case.id).where(Case.reference == ref))
            if case_id is None:
                raise NotFound(f"No case {reference.strip()!r}.")
            planned = {kind: due for kind, due in s.execute(
                select(Deadline.kind, Deadline.due_at).where(Deadline.case_id == case_id))}
            entries = s.execute(
                select(AuditEntry.at, AuditEntry.action, AuditEntry.detail,
                       Operator.display_name)
                .join(Operator, Operator.id == AuditEntry.operator_id)
                .where(AuditEntry.entity == "case", AuditEntry.entity_id == case_id,
                       AuditEntry.at <= moment)
                .order_by(AuditEntry.id)).all()
        return replay(ref, moment, [(at, action, json.loads(detail or "{}"), who)
                                    for at, action, detail, who in entries], planned)


def replay(reference: str, moment: datetime,
           entries: list[tuple[datetime, str, dict[str, Any], str]],
           planned: dict[str, datetime]) -> ReplayState:
    """Fold ``entries`` (oldest first, all at or before ``moment``) into a board state.
    Deadlines' due times come from their escalation entries when there is one, else from
    the plan stored now (a pause after ``moment`` may since have moved it)."""
    title = category = grid = stage = pause_reason = ""
    severity = rework = 0
    team: str | None = None
    paused = supervised = False
    started: set[str] = set()
    met: set[str] = set()
    levels: dict[str, int] = {}
    dues: dict[str, datetime] = {}
    notes: list[ReplayNote] = []
    for at, action, detail, who in entries:
        if action == "report":
            title = str(detail.get("title", ""))
            category = str(detail.get("category", ""))
            severity = int(detail.get("severity", 0))
            grid = str(detail.get("grid", ""))
            stage = "reported"
            started |= {"register", "resolve"}
        if isinstance(detail.get("stage"), list):
            stage = str(detail["stage"][1])
        if isinstance(detail.get("team"), list):
            team = detail["team"][1]
        if isinstance(detail.get("rework_count"), list):
            rework = int(detail["rework_count"][1])
        if action == "register":
            started.add("dispatch")
        if action in MEETS:
            met.add(MEETS[action])
        elif action == "reopen":
            met.discard("resolve")
        elif action == "close":
            met |= started
        elif action == "pause":
            paused, pause_reason = True, str(detail.get("reason", ""))
        elif action == "resume":
            paused, pause_reason = False, ""
        elif action == "supervise":
            supervised = True
        elif action == "escalate":
            kind = str(detail.get("deadline", ""))
            level = detail.get("level", [0, 0])
            levels[kind] = max(levels.get(kind, 0),
                               int(level[1] if isinstance(level, list) else level))
            if detail.get("due_at"):
                dues[kind] = datetime.fromisoformat(str(detail["due_at"]))
        text = detail.get("note") or detail.get("reason")
        if text:
            notes.append(ReplayNote(at, who, action, str(text)))
    order = ("register", "dispatch", "resolve")
    deadlines = tuple(
        ReplayDeadline(kind, dues.get(kind, planned.get(kind)), levels.get(kind, 0),
                       kind in met)
        for kind in order if kind in started)
    level = max((d.level for d in deadlines if not d.met), default=0)
    return ReplayState(
        reference, moment, bool(entries), title, category, severity, grid, stage, paused,
        pause_reason, team, supervised, rework, level, deadlines, tuple(notes), len(entries),
        entries[-1][0] if entries else None)
