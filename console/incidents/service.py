"""Incident service: declaring and running a major incident, and its plan library.

Every change goes through here: role check, the rows, one line in the incident's log, an
audit entry and a change-feed entry (entity ``incident``), in one transaction; a task's
deadline is a ``deadlines`` row the escalation engine watches like a case's.

Who may do what: coordinators (and administrators) declare, change the level, link,
commit teams, import plans, write reports, stand down and close; duty officers on the
floor also write log entries and mark tasks done, skipped or reassigned; reviewers read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from console.cases.service import CaseService
from console.clock import Clock
from console.core.counters import next_value
from console.core.domain import OperatorRef, Role
from console.core.errors import ConflictError, NotFound, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.incidents import tasks as task_rules
from console.incidents.domain import (
    FIGURES,
    REPORT_KINDS,
    IncidentDetail,
    IncidentKind,
    IncidentStatus,
    TaskKind,
    TaskStatus,
    level_text,
)
from console.incidents.plans import PlanFile, parse_plans, plans_json
from console.incidents.queries import IncidentQueries
from console.operators.service import require_role
from console.rosters.domain import TeamStatus
from console.territory.district import DistrictService
from db.database import Database
from db.models import (
    Alert,
    Case,
    Hazard,
    Incident,
    IncidentGrid,
    IncidentLink,
    IncidentLogEntry,
    IncidentReport,
    IncidentTask,
    IncidentTeam,
    Operator,
    ResponsePlan,
    Team,
)

COMMAND = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
FLOOR = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
TITLE_MAX = 200
TEXT_MAX = 4000
PROPOSE_MAX = 500  # per kind: the area's open cases, live alerts and active hazards


@dataclass
class PlanImport:
    """What importing a plan file did."""

    path: Path
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(value: str | None, what: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"{what} is required.", what.lower())
    if len(text) > limit:
        raise ValidationError(f"{what} is longer than {limit} characters.", what.lower())
    return text


def parse_level(value: int | str) -> int:
    """1–4, or I–IV as the plans write them."""
    text = str(value).strip().upper()
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4}
    level = roman.get(text) or (int(text) if text.isdigit() else 0)
    if level not in (1, 2, 3, 4):
        raise ValidationError(f"Unknown response level {value!r}: use 1–4 (I–IV).", "level")
    return level


def parse_kind(value: str) -> IncidentKind:
    try:
        return IncidentKind(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise ValidationError(f"Unknown incident type {value!r}: use "
                              f"{', '.join(k.value for k in IncidentKind)}.", "type") from None


@retries_lost_connection
class IncidentService(IncidentQueries):
    """Declares, runs and closes major incidents; keeps the plan library."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 zone: Callable[[], ZoneInfo], cases: CaseService,
                 teams: Callable[[], list[TeamStatus]] | None = None) -> None:
        super().__init__(db, clock, district, zone, teams)
        self._cases = cases
        # Called after a commit that added or ended task deadlines (the engine re-aims).
        self.committed: list[Callable[[], None]] = []

    def _notify(self) -> None:
        for listener in list(self.committed):
            listener()

    # ---- plans -------------------------------------------------------------------

    def import_plans(self, actor: OperatorRef, path: Path) -> PlanImport:
        """Load a plan file: each good plan is added, or replaces the plan of its code;
        each bad one is reported by line and left out."""
        require_role(actor, COMMAND, "edit response plans")
        parsed: PlanFile = parse_plans(path)
        result = PlanImport(path, problems=list(parsed.problems))
        now = self._clock.now()
        with self._db.write.begin() as s:
            teams = set(s.scalars(select(Team.code)))
            for plan in parsed.plans:
                unknown = sorted({t.team for t in plan.tasks if t.team and t.team not in teams})
                if unknown:
                    result.problems.append(f"{path}, line {plan.line}: plan {plan.code}: "
                                           f"unknown team {unknown[0]!r}")
                    continue
                row = s.scalars(select(ResponsePlan).where(
                    (ResponsePlan.code == plan.code)
                    | ((ResponsePlan.kind == plan.kind.value)
                       & (ResponsePlan.level == plan.level)))).first()
                tasks = plans_json(plan)
                if row is None:
                    row = ResponsePlan(code=plan.code)
                    s.add(row)
                    result.added.append(plan.code)
                elif (row.code, row.kind, row.level, row.name, row.name_zh, row.tasks) == (
                        plan.code, plan.kind.value, plan.level, plan.name, plan.name_zh,
                        tasks):
                    result.unchanged.append(plan.code)  # importing twice changes nothing
                    continue
                else:
                    result.replaced.append(plan.code)
                row.code, row.kind, row.level = plan.code, plan.kind.value, plan.level
                row.name, row.name_zh = plan.name, plan.name_zh
                row.tasks, row.updated_at = tasks, now
                s.flush()
                record(s, actor=actor, at=now, entity="plan", entity_id=row.id,
                       action="plan_import", detail={"code": plan.code, "file": str(path)})
        return result

    def delete_plan(self, actor: OperatorRef, code: str) -> None:
        require_role(actor, COMMAND, "edit response plans")
        with self._db.write.begin() as s:
            plan = s.scalars(select(ResponsePlan).where(
                ResponsePlan.code == code.strip().upper())).first()
            if plan is None:
                raise NotFound(f"No response plan {code!r}.")
            record(s, actor=actor, at=self._clock.now(), entity="plan", entity_id=plan.id,
                   action="plan_delete", detail={"code": plan.code})
            s.delete(plan)

    # ---- the incident ----------------------------------------------------------------

    def _load(self, s: Session, reference: str, *, writable: bool = True) -> Incident:
        incident = s.scalars(select(Incident).where(
            Incident.reference == reference.strip().upper())).first()
        if incident is None:
            raise NotFound(f"No incident {reference!r}.")
        if writable and incident.status == IncidentStatus.CLOSED:
            raise ValidationError(f"Incident {incident.reference} is closed.")
        return incident

    @staticmethod
    def _log(s: Session, incident: Incident, actor: OperatorRef, now: datetime, action: str,
             text: str, detail: Mapping[str, Any] | None = None,
             at: datetime | None = None) -> None:
        s.add(IncidentLogEntry(incident_id=incident.id, at=at or now, recorded_at=now,
                               operator_id=actor.id, action=action, text=text,
                               detail=json.dumps(dict(detail or {}), ensure_ascii=False,
                                                 sort_keys=True, default=str)))
        record(s, actor=actor, at=now, entity="incident", entity_id=incident.id,
               action=f"incident_{action}", detail={"text": text, **(detail or {})})

    def _grid_ids(self, codes: Iterable[str]) -> list[int]:
        return [self._district.grid_by_code(code).id for code in codes if code.strip()]

    def declare(self, actor: OperatorRef, *, title: str, kind: str | IncidentKind,
                level: int | str, grids: Sequence[str] = (), drill: bool = False,
                occurred_at: datetime | None = None, commander: str | None = None,
                plan: str | None = None, text: str = "") -> IncidentDetail:
        """Declare an incident: emergency mode on every seat; the plans of its type at its
        level (or only ``plan``) make their tasks; the area's open cases, live alerts and
        active hazards are proposed for linking."""
        require_role(actor, COMMAND, "declare an incident")
        title = _text(title, "Title", TITLE_MAX)
        incident_kind = parse_kind(kind) if isinstance(kind, str) else kind
        number = parse_level(level)
        grid_ids = self._grid_ids(grids)
        now = self._clock.now()
        if occurred_at is not None and occurred_at > now:
            raise ValidationError("An incident cannot have happened in the future.",
                                  "occurred_at")
        with self._db.write.begin() as s:
            commander_id = self._operator_id(s, commander) if commander else actor.id
            year = now.astimezone(self._district_zone()).year
            reference = f"I-{year}-{next_value(s, f'incident-{year}'):04d}"
            incident = Incident(reference=reference, title=title, kind=incident_kind.value,
                                level=number, drill=drill, status="open",
                                commander_id=commander_id, declared_by=actor.id,
                                occurred_at=occurred_at or now, declared_at=now, summary="",
                                review="", figures="{}", version=1)
            s.add(incident)
            s.flush()
            s.add_all(IncidentGrid(incident_id=incident.id, grid_id=g) for g in grid_ids)
            chosen = None
            if plan:
                chosen = s.scalars(select(ResponsePlan).where(
                    ResponsePlan.code == plan.strip().upper())).first()
                if chosen is None:
                    raise NotFound(f"No response plan {plan!r}.")
            made = task_rules.activate_plans(s, incident, now,
                                             [chosen] if chosen is not None else None)
            self._log(s, incident, actor, now, "declare",
                      text or f"Declared: {title}, level {level_text(number)}"
                      + (" (drill)" if drill else ""),
                      {"level": number, "kind": incident_kind.value, "drill": drill,
                       "tasks": len(made), "grids": list(grids)},
                      at=occurred_at)
            self._propose(s, incident, actor, now, grid_ids)
        self._notify()
        return self.get(reference)

    def set_level(self, actor: OperatorRef, reference: str, level: int | str,
                  text: str = "") -> IncidentDetail:
        """Raise or lower the response level. Raising it activates the stricter plans'
        extra tasks, all in this one transaction; lowering it keeps the tasks made."""
        require_role(actor, COMMAND, "change an incident's level")
        number = parse_level(level)
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            if incident.status != IncidentStatus.OPEN:
                raise ValidationError(f"Incident {incident.reference} has stood down.")
            old = incident.level
            if number == old:
                raise ValidationError(f"Incident {incident.reference} is already at level "
                                      f"{level_text(number)}.", "level")
            incident.level = number
            incident.version += 1
            made = task_rules.activate_plans(s, incident, now) if number < old else []
            note = _text(text, "Text", TEXT_MAX, required=False)
            self._log(s, incident, actor, now, "level",
                      f"Level {level_text(old)} → {level_text(number)}"
                      + (f": {note}" if note else ""),
                      {"level": [old, number], "tasks": len(made)})
        self._notify()
        return self.get(reference)

    def add_log(self, actor: OperatorRef, reference: str, text: str,
                at: datetime | None = None) -> None:
        """A free entry in the incident log, with the time it happened (default now)."""
        require_role(actor, FLOOR, "write in an incident's log")
        body = _text(text, "Text", TEXT_MAX)
        now = self._clock.now()
        if at is not None and at > now:
            raise ValidationError("A log entry cannot be in the future.", "at")
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            self._log(s, incident, actor, now, "note", body, at=at)

    def set_figures(self, actor: OperatorRef, reference: str,
                    figures: Mapping[str, int]) -> None:
        """The casualty and impact figures the reports carry (dead, injured, missing,
        evacuated, affected)."""
        require_role(actor, COMMAND, "change an incident's figures")
        for name, value in figures.items():
            if name not in FIGURES:
                raise ValidationError(f"Unknown figure {name!r}: use {', '.join(FIGURES)}.")
            if not isinstance(value, int) or value < 0:
                raise ValidationError(f"{name} must be a whole number, 0 or more.", name)
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            merged = {**json.loads(incident.figures or "{}"), **figures}
            incident.figures = json.dumps(merged, sort_keys=True)
            incident.version += 1
            self._log(s, incident, actor, now, "figures",
                      ", ".join(f"{k} {v}" for k, v in figures.items()), dict(figures))

    # ---- links and teams ---------------------------------------------------------------

    def _propose(self, s: Session, incident: Incident, actor: OperatorRef, now: datetime,
                 grid_ids: list[int]) -> int:
        if not grid_ids:
            return 0
        linked = {(k, t) for k, t in s.execute(select(IncidentLink.kind, IncidentLink.target_id)
                                               .where(IncidentLink.incident_id == incident.id))}
        found = [("case", i) for i in s.scalars(select(Case.id).where(
            Case.grid_id.in_(grid_ids), Case.closed_at.is_(None)).limit(PROPOSE_MAX))]
        found += [("alert", i) for i in s.scalars(select(Alert.id).where(
            Alert.grid_id.in_(grid_ids), Alert.status != "resolved").limit(PROPOSE_MAX))]
        found += [("hazard", i) for i in s.scalars(select(Hazard.id).where(
            Hazard.grid_id.in_(grid_ids), Hazard.status != "retired").limit(PROPOSE_MAX))]
        new = [(k, t) for k, t in found if (k, t) not in linked]
        s.add_all(IncidentLink(incident_id=incident.id, kind=k, target_id=t, state="proposed",
                               at=now, by_id=actor.id) for k, t in new)
        return len(new)

    def propose(self, actor: OperatorRef, reference: str) -> int:
        """Look again for open cases, live alerts and active hazards in the area; returns
        how many new proposals there are."""
        require_role(actor, COMMAND, "link to an incident")
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            grid_ids = list(s.scalars(select(IncidentGrid.grid_id)
                                      .where(IncidentGrid.incident_id == incident.id)))
            count = self._propose(s, incident, actor, now, grid_ids)
            if count:
                self._log(s, incident, actor, now, "propose",
                          f"{count} items in the area proposed", {"count": count})
        return count

    def _target(self, s: Session, item: str) -> tuple[str, int, str]:
        """``C-2026-000123`` a case, ``A123`` or ``alert:123`` an alert, a hazard's code."""
        text = item.strip()
        upper = text.upper()
        if upper.startswith("C-"):
            case_id = s.scalar(select(Case.id).where(Case.reference == upper))
            if case_id is None:
                raise NotFound(f"No case {text!r}.")
            return "case", case_id, upper
        digits = upper.removeprefix("ALERT:").removeprefix("A")
        if digits.isdigit() and (upper.startswith(("A", "ALERT:"))):
            if s.get(Alert, int(digits)) is None:
                raise NotFound(f"No alert {text!r}.")
            return "alert", int(digits), f"A{int(digits)}"
        hazard_id = s.scalar(select(Hazard.id).where(Hazard.code == upper))
        if hazard_id is None:
            raise NotFound(f"No case, alert or hazard {text!r} (a case is C-YYYY-NNNNNN, "
                           f"an alert A123, a hazard its code).")
        return "hazard", hazard_id, upper

    def link(self, actor: OperatorRef, reference: str, items: Sequence[str]) -> list[str]:
        """Link cases, alerts and hazards (confirming a proposal of the same item)."""
        require_role(actor, COMMAND, "link to an incident")
        if not items:
            raise ValidationError("Name a case, alert or hazard to link.")
        now = self._clock.now()
        done: list[str] = []
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            for item in items:
                kind, target_id, label = self._target(s, item)
                self._set_link(s, incident, kind, target_id, "confirmed", actor, now)
                done.append(label)
            self._log(s, incident, actor, now, "link", "Linked " + ", ".join(done),
                      {"items": done})
        return done

    def open_case(self, actor: OperatorRef, reference: str, *, title: str, category: str,
                  severity: int | str, grid: str, description: str = "",
                  location: str = "") -> str:
        """A new case opened from the incident, linked to it; a drill's case has the
        source ``drill`` and stays out of the KPIs. Returns the case's reference."""
        require_role(actor, COMMAND, "open cases for an incident")
        with self._db.read() as s:
            incident = self._load(s, reference)
            drill, incident_ref = incident.drill, incident.reference
        case = self._cases.report(actor, title=title, category=category, severity=severity,
                                  grid=grid, description=description, location=location,
                                  source="drill" if drill else "hotline",
                                  reporter=f"incident {incident_ref}")
        self.link(actor, incident_ref, [case.row.reference])
        return case.row.reference

    def set_link_state(self, actor: OperatorRef, reference: str, kind: str, target_id: int,
                       confirmed: bool) -> None:
        """Confirm or dismiss a proposed (or linked) item."""
        require_role(actor, COMMAND, "link to an incident")
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            self._set_link(s, incident, kind, target_id,
                           "confirmed" if confirmed else "dismissed", actor, now)
            label = self.item_label(s, kind, target_id)
            self._log(s, incident, actor, now, "link" if confirmed else "unlink",
                      ("Linked " if confirmed else "Dismissed ") + label,
                      {"kind": kind, "id": target_id})

    @staticmethod
    def _set_link(s: Session, incident: Incident, kind: str, target_id: int, state: str,
                  actor: OperatorRef, now: datetime) -> None:
        link = s.scalars(select(IncidentLink).where(
            IncidentLink.incident_id == incident.id, IncidentLink.kind == kind,
            IncidentLink.target_id == target_id)).first()
        if link is None:
            s.add(IncidentLink(incident_id=incident.id, kind=kind, target_id=target_id,
                               state=state, at=now, by_id=actor.id))
        else:
            link.state, link.at, link.by_id = state, now, actor.id

    def commit_team(self, actor: OperatorRef, reference: str, team: str,
                    task: str = "", release: bool = False) -> None:
        """Commit a team to the incident (with what it is to do), or release it."""
        require_role(actor, COMMAND, "commit teams to an incident")
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            team_row = s.scalars(select(Team).where(Team.code == team.strip().upper())).first()
            if team_row is None:
                raise NotFound(f"No team {team!r}.")
            current = s.scalars(select(IncidentTeam).where(
                IncidentTeam.incident_id == incident.id, IncidentTeam.team_id == team_row.id,
                IncidentTeam.released_at.is_(None))).first()
            if release:
                if current is None:
                    raise ValidationError(f"{team_row.code} is not committed.")
                current.released_at = now
                self._log(s, incident, actor, now, "release", f"{team_row.code} released")
                return
            if current is not None:
                raise ValidationError(f"{team_row.code} is already committed.")
            s.add(IncidentTeam(incident_id=incident.id, team_id=team_row.id, committed_at=now,
                               task=_text(task, "Task", 200, required=False)))
            self._log(s, incident, actor, now, "commit",
                      f"{team_row.code} committed" + (f": {task}" if task else ""),
                      {"team": team_row.code})

    # ---- tasks -----------------------------------------------------------------------

    def _task(self, s: Session, incident: Incident, code: str) -> IncidentTask:
        text = code.strip().upper().removeprefix("T")
        task = s.scalars(select(IncidentTask).where(
            IncidentTask.incident_id == incident.id,
            (IncidentTask.number == int(text)) if text.isdigit()
            else (IncidentTask.key == code.strip()))).first()
        if task is None:
            raise NotFound(f"No task {code!r} in {incident.reference}.")
        return task

    def finish_task(self, actor: OperatorRef, reference: str, task: str, *,
                    skipped: bool = False, note: str = "") -> None:
        """Mark a task done, or skipped (with a reason). Its deadline stops, and the alerts
        its lateness raised resolve themselves. A report is done by sending it."""
        require_role(actor, FLOOR, "work an incident's tasks")
        reason = _text(note, "Reason", TEXT_MAX, required=skipped)
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            row = self._task(s, incident, task)
            if row.status != TaskStatus.OPEN:
                raise ConflictError(f"T{row.number} is already {row.status}.")
            if not skipped and row.kind != TaskKind.TASK:
                raise ValidationError(f"T{row.number} is a report: it is done when the report "
                                      f"is signed and sent.")
            self._close_task(s, incident, row, actor, now,
                             TaskStatus.SKIPPED if skipped else TaskStatus.DONE, reason)
        self._notify()

    def _close_task(self, s: Session, incident: Incident, row: IncidentTask,
                    actor: OperatorRef, now: datetime, status: TaskStatus, note: str) -> None:
        row.status, row.done_at, row.done_by, row.note = status.value, now, actor.id, note
        task_rules.stop_clocks(s, [row.id], now, f"task T{row.number} {status.value}",
                               actor.id)
        late = now > row.due_at
        self._log(s, incident, actor, now, f"task_{status.value}",
                  f"T{row.number} {row.title}: {status.value}"
                  + (" (late)" if late and status is TaskStatus.DONE else "")
                  + (f" — {note}" if note else ""),
                  {"task": row.number, "late": late})

    def reassign_task(self, actor: OperatorRef, reference: str, task: str, *,
                      role: str | None = None, team: str | None = None) -> None:
        require_role(actor, FLOOR, "work an incident's tasks")
        if (role is None) == (team is None):
            raise ValidationError("Give the task a role or a team.")
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            row = self._task(s, incident, task)
            if team is not None:
                team_id = s.scalar(select(Team.id).where(Team.code == team.strip().upper()))
                if team_id is None:
                    raise NotFound(f"No team {team!r}.")
                row.owner_team_id, row.owner_role = team_id, None
            else:
                row.owner_role, row.owner_team_id = role, None
            self._log(s, incident, actor, now, "task_reassign",
                      f"T{row.number} {row.title} → {team or role}", {"task": row.number})

    # ---- reports upward ----------------------------------------------------------------

    def record_report(self, actor: OperatorRef, reference: str, kind: str,
                      body: Mapping[str, Any]) -> int:
        """A report upward signed by ``actor`` and marked sent now: its reporting task is
        done (on time or late), and the next follow-up is due ``every`` minutes on.
        Returns its number (续报 1, 2, …)."""
        require_role(actor, COMMAND, "sign an incident report")
        if kind not in REPORT_KINDS:
            raise ValidationError(f"Unknown report {kind!r}: use {', '.join(REPORT_KINDS)}.")
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            if kind == "final" and incident.status == IncidentStatus.OPEN:
                raise ValidationError("The final report follows the stand-down.")
            number = 1 + len(list(s.scalars(select(IncidentReport.id).where(
                IncidentReport.incident_id == incident.id, IncidentReport.kind == kind))))
            task = s.scalars(select(IncidentTask).where(
                IncidentTask.incident_id == incident.id,
                IncidentTask.kind == f"report_{kind}", IncidentTask.status == "open")
                .order_by(IncidentTask.due_at)).first()
            s.add(IncidentReport(incident_id=incident.id, kind=kind, number=number,
                                 task_id=task.id if task else None,
                                 body=json.dumps(dict(body), ensure_ascii=False, default=str),
                                 created_at=now, signed_by=actor.id, sent_at=now))
            if task is not None:
                self._close_task(s, incident, task, actor, now, TaskStatus.DONE, "")
                if kind == "followup":
                    task_rules.next_followup(s, incident, task, now)
            self._log(s, incident, actor, now, "report",
                      f"{kind} report {number} signed and sent", {"kind": kind,
                                                                   "number": number})
        self._notify()
        return number

    # ---- the end ---------------------------------------------------------------------

    def stand_down(self, actor: OperatorRef, reference: str, text: str) -> None:
        """The response is over: teams are released, open tasks other than reports are
        skipped, and the final report (终报) falls due."""
        require_role(actor, COMMAND, "stand an incident down")
        body = _text(text, "Text", TEXT_MAX)
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            if incident.status != IncidentStatus.OPEN:
                raise ValidationError(f"Incident {incident.reference} has already stood down.")
            incident.status, incident.stood_down_at = "stood_down", now
            incident.version += 1
            for committed in s.scalars(select(IncidentTeam).where(
                    IncidentTeam.incident_id == incident.id,
                    IncidentTeam.released_at.is_(None))):
                committed.released_at = now
            for row in s.scalars(select(IncidentTask).where(
                    IncidentTask.incident_id == incident.id, IncidentTask.status == "open",
                    IncidentTask.kind.in_(("task", "report_followup")))):
                self._close_task(s, incident, row, actor, now, TaskStatus.SKIPPED,
                                 "stood down")
            task_rules.final_report_task(s, incident, now)
            self._log(s, incident, actor, now, "stand_down", body)
        self._notify()

    def close(self, actor: OperatorRef, reference: str, summary: str,
              review: str = "") -> None:
        """Close with a summary and the after-action notes (what to change in the plan).
        An open incident stands down first; open tasks left are skipped."""
        require_role(actor, COMMAND, "close an incident")
        body = _text(summary, "Summary", TEXT_MAX)
        notes = _text(review, "Review", TEXT_MAX, required=False)
        now = self._clock.now()
        with self._db.write.begin() as s:
            incident = self._load(s, reference)
            if incident.stood_down_at is None:
                incident.stood_down_at = now
            for row in s.scalars(select(IncidentTask).where(
                    IncidentTask.incident_id == incident.id, IncidentTask.status == "open")):
                self._close_task(s, incident, row, actor, now, TaskStatus.SKIPPED,
                                 "incident closed")
            for committed in s.scalars(select(IncidentTeam).where(
                    IncidentTeam.incident_id == incident.id,
                    IncidentTeam.released_at.is_(None))):
                committed.released_at = now
            s.execute(delete(IncidentLink).where(IncidentLink.incident_id == incident.id,
                                                 IncidentLink.state == "proposed"))
            incident.status, incident.closed_at = "closed", now
            incident.summary, incident.review = body, notes
            incident.version += 1
            self._log(s, incident, actor, now, "close", body, {"review": notes})
        self._notify()

    # ---- helpers ----------------------------------------------------------------------

    @staticmethod
    def _operator_id(s: Session, username: str) -> int:
        found = s.scalar(select(Operator.id).where(Operator.username == username.strip()))
        if found is None:
            raise NotFound(f"No operator {username!r}.")
        return found
