"""Reading incidents: the list, the one-glance detail, the merged log, the plan library."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.errors import NotFound
from console.incidents.domain import (
    IncidentDetail,
    IncidentKind,
    IncidentRow,
    IncidentStatus,
    LinkedItem,
    LogLine,
    ReportRecord,
    TaskKind,
    TaskRow,
    TaskStatus,
    TeamLine,
)
from console.incidents.plans import PlanSpec, tasks_from_json
from console.rosters.domain import TeamStatus
from console.territory.district import DistrictService
from db.database import Database
from db.models import (
    Alert,
    AuditEntry,
    Case,
    Deadline,
    Grid,
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

LINKED_MAX = 2000  # per kind in the view: an incident with more is read in pages elsewhere
CASE_LOG_MAX = 2000


class IncidentQueries:
    """The reads of the incident service (no writes, no role checks: everyone reads)."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 zone: Callable[[], ZoneInfo],
                 teams: Callable[[], list[TeamStatus]] | None = None) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._zone = zone
        self._teams = teams

    def _district_zone(self) -> ZoneInfo:
        return self._zone()

    # ---- lists ----------------------------------------------------------------------

    def rows(self, *, open_only: bool = False, limit: int = 200) -> list[IncidentRow]:
        """Incidents, newest first; ``open_only``: those not closed (the banner's)."""
        now = self._clock.now()
        with self._db.read() as s:
            query = select(Incident).order_by(Incident.declared_at.desc()).limit(limit)
            if open_only:
                query = query.where(Incident.status != IncidentStatus.CLOSED.value)
            return [self._row(s, i, now) for i in s.scalars(query)]

    def drills_between(self, start: datetime, end: datetime) -> list[IncidentRow]:
        """The drills (演练) that happened in ``[start, end)``: the bulletin lists them
        apart, since they stay out of its figures."""
        now = self._clock.now()
        with self._db.read() as s:
            return [self._row(s, i, now) for i in s.scalars(
                select(Incident).where(Incident.drill.is_(True), Incident.occurred_at >= start,
                                       Incident.occurred_at < end)
                .order_by(Incident.occurred_at))]

    def open_incidents(self) -> list[IncidentRow]:
        """The incidents not closed yet: emergency mode while there is one."""
        return self.rows(open_only=True)

    def _row(self, s: Session, incident: Incident, now: datetime) -> IncidentRow:
        open_tasks, overdue = s.execute(select(
            func.count(), func.count().filter(IncidentTask.due_at < now))
            .where(IncidentTask.incident_id == incident.id,
                   IncidentTask.status == TaskStatus.OPEN.value)).one()
        commander = s.scalar(select(Operator.display_name)
                             .where(Operator.id == incident.commander_id)) or ""
        return IncidentRow(id=incident.id, reference=incident.reference, title=incident.title,
                           kind=IncidentKind(incident.kind), level=incident.level,
                           drill=incident.drill, status=IncidentStatus(incident.status),
                           occurred_at=incident.occurred_at, declared_at=incident.declared_at,
                           commander=commander, open_tasks=open_tasks or 0,
                           overdue_tasks=overdue or 0)

    def plans(self) -> list[PlanSpec]:
        """The plan library, by code (the order a bundle writes them in)."""
        with self._db.read() as s:
            return [PlanSpec(p.code, IncidentKind(p.kind), p.level, p.name, p.name_zh,
                             tasks_from_json(p.tasks))
                    for p in s.scalars(select(ResponsePlan)
                                       .order_by(ResponsePlan.code))]

    # ---- one incident ---------------------------------------------------------------

    @staticmethod
    def _find(s: Session, reference: str) -> Incident:
        incident = s.scalars(select(Incident).where(
            Incident.reference == reference.strip().upper())).first()
        if incident is None:
            raise NotFound(f"No incident {reference!r}.")
        return incident

    def get(self, reference: str) -> IncidentDetail:
        """Everything the incident view shows: linked cases by stage, alerts, hazards,
        committed and available teams, tasks, reports."""
        now = self._clock.now()
        with self._db.read() as s:
            incident = self._find(s, reference)
            grids = tuple(s.scalars(select(Grid.code).join(
                IncidentGrid, IncidentGrid.grid_id == Grid.id)
                .where(IncidentGrid.incident_id == incident.id).order_by(Grid.code)))
            cases, alerts, hazards = self._linked(s, incident.id)
            stages: dict[str, int] = {}
            for item in cases:
                if item.state == "confirmed":
                    stages[item.status] = stages.get(item.status, 0) + 1
            tasks = self._tasks(s, incident.id)
            plans = tuple(sorted(code for code in set(s.scalars(
                select(IncidentTask.plan_code).where(IncidentTask.incident_id == incident.id,
                                                     IncidentTask.plan_code.is_not(None))
                .distinct())) if code))
            return IncidentDetail(
                row=self._row(s, incident, now), grids=grids, plan_codes=plans,
                figures=json.loads(incident.figures or "{}"), summary=incident.summary,
                review=incident.review, stood_down_at=incident.stood_down_at,
                closed_at=incident.closed_at, version=incident.version, cases=cases,
                alerts=alerts, hazards=hazards, teams=self._team_lines(s, incident.id),
                tasks=tasks, reports=self._reports(s, incident.id, tasks),
                stage_counts=stages)

    def _linked(self, s: Session, incident_id: int) -> tuple[
            tuple[LinkedItem, ...], tuple[LinkedItem, ...], tuple[LinkedItem, ...]]:
        live = and_(IncidentLink.incident_id == incident_id, IncidentLink.state != "dismissed")
        cases = tuple(LinkedItem("case", cid, ref, title, state, stage, grid or "")
                      for cid, ref, title, state, stage, grid in s.execute(
                          select(Case.id, Case.reference, Case.title, IncidentLink.state,
                                 Case.stage, Grid.code)
                          .join(IncidentLink, and_(IncidentLink.kind == "case",
                                                   IncidentLink.target_id == Case.id))
                          .outerjoin(Grid, Grid.id == Case.grid_id)
                          .where(live).order_by(IncidentLink.state, Case.reference)
                          .limit(LINKED_MAX)))
        alerts = tuple(LinkedItem("alert", aid, f"A{aid}", headline, state, status, grid or "")
                       for aid, headline, state, status, grid in s.execute(
                           select(Alert.id, Alert.headline, IncidentLink.state, Alert.status,
                                  Grid.code)
                           .join(IncidentLink, and_(IncidentLink.kind == "alert",
                                                    IncidentLink.target_id == Alert.id))
                           .outerjoin(Grid, Grid.id == Alert.grid_id)
                           .where(live).order_by(IncidentLink.state, Alert.id.desc())
                           .limit(LINKED_MAX)))
        hazards = tuple(LinkedItem("hazard", hid, code, name, state, level, grid or "")
                        for hid, code, name, state, level, grid in s.execute(
                            select(Hazard.id, Hazard.code, Hazard.name, IncidentLink.state,
                                   Hazard.level, Grid.code)
                            .join(IncidentLink, and_(IncidentLink.kind == "hazard",
                                                     IncidentLink.target_id == Hazard.id))
                            .outerjoin(Grid, Grid.id == Hazard.grid_id)
                            .where(live).order_by(IncidentLink.state, Hazard.code)
                            .limit(LINKED_MAX)))
        return cases, alerts, hazards

    def _team_lines(self, s: Session, incident_id: int) -> tuple[TeamLine, ...]:
        committed = {code: task for code, task in s.execute(
            select(Team.code, IncidentTeam.task).join(Team, Team.id == IncidentTeam.team_id)
            .where(IncidentTeam.incident_id == incident_id,
                   IncidentTeam.released_at.is_(None)))}
        statuses = self._teams() if self._teams is not None else []
        lines = [TeamLine(st.team.code, st.team.name_en, st.team.code in committed,
                          committed.get(st.team.code, ""),
                          sum(r.ready for r in st.current), st.available)
                 for st in statuses]
        known = {line.code for line in lines}
        lines += [TeamLine(code, code, True, task, 0, 0)
                  for code, task in committed.items() if code not in known]
        return tuple(sorted(lines, key=lambda t: (not t.committed, t.code)))

    def _tasks(self, s: Session, incident_id: int) -> tuple[TaskRow, ...]:
        done_by = {i: n for i, n in s.execute(select(Operator.id, Operator.display_name))}
        teams = dict(s.execute(select(Team.id, Team.code)).all())
        levels = dict(s.execute(select(Deadline.task_id, Deadline.level).join(
            IncidentTask, IncidentTask.id == Deadline.task_id)
            .where(IncidentTask.incident_id == incident_id)).all())
        return tuple(
            TaskRow(id=t.id, number=t.number, key=t.key, kind=TaskKind(t.kind), title=t.title,
                    title_zh=t.title_zh,
                    owner=teams.get(t.owner_team_id or 0) or t.owner_role or "",
                    level=t.level, status=TaskStatus(t.status), created_at=t.created_at,
                    due_at=t.due_at, done_at=t.done_at, done_by=done_by.get(t.done_by or 0, ""),
                    note=t.note, escalation_level=levels.get(t.id, 0) or 0)
            for t in s.scalars(select(IncidentTask).where(IncidentTask.incident_id == incident_id)
                               .order_by(IncidentTask.number)))

    @staticmethod
    def _reports(s: Session, incident_id: int,
                 tasks: tuple[TaskRow, ...]) -> tuple[ReportRecord, ...]:
        by_id = {t.id: t for t in tasks}
        names = dict(s.execute(select(Operator.id, Operator.display_name)).all())
        out = []
        for r in s.scalars(select(IncidentReport).where(IncidentReport.incident_id == incident_id)
                           .order_by(IncidentReport.sent_at)):
            task = by_id.get(r.task_id or 0)
            due = task.due_at if task else None
            body = json.loads(r.body or "{}")
            out.append(ReportRecord(r.kind, r.number, r.sent_at, names.get(r.signed_by, ""),
                                    due, None if due is None else r.sent_at <= due,
                                    str(body.get("text", ""))))
        return tuple(out)

    def log(self, reference: str) -> list[LogLine]:
        """The incident log (ICS 214): its own entries, its tasks' escalations and the
        actions on its linked cases, in the order they happened."""
        with self._db.read() as s:
            incident = self._find(s, reference)
            names = dict(s.execute(select(Operator.id, Operator.display_name)).all())
            lines = [LogLine(e.at, e.recorded_at, names.get(e.operator_id, ""), e.action,
                             e.text)
                     for e in s.scalars(select(IncidentLogEntry)
                                        .where(IncidentLogEntry.incident_id == incident.id))]
            tasks = {t.id: t for t in s.scalars(select(IncidentTask).where(
                IncidentTask.incident_id == incident.id))}
            if tasks:
                for entry in s.scalars(select(AuditEntry).where(
                        AuditEntry.entity == "incident_task",
                        AuditEntry.entity_id.in_(list(tasks)))):
                    task = tasks[entry.entity_id]
                    detail = json.loads(entry.detail or "{}")
                    level = (detail.get("level") or [0, 0])[-1]
                    lines.append(LogLine(entry.at, entry.at, names.get(entry.operator_id, ""),
                                         entry.action,
                                         f"T{task.number} {task.title}: deadline "
                                         f"{_LEVEL_WORDS.get(level, str(level))}", "task"))
            case_refs = dict(s.execute(select(Case.id, Case.reference).join(
                IncidentLink, and_(IncidentLink.kind == "case",
                                   IncidentLink.target_id == Case.id))
                .where(IncidentLink.incident_id == incident.id,
                       IncidentLink.state == "confirmed")).all())
            if case_refs:
                for entry in s.scalars(select(AuditEntry).where(
                        AuditEntry.entity == "case", AuditEntry.entity_id.in_(list(case_refs)),
                        AuditEntry.at >= incident.declared_at)
                        .order_by(AuditEntry.at).limit(CASE_LOG_MAX)):
                    lines.append(LogLine(entry.at, entry.at, names.get(entry.operator_id, ""),
                                         entry.action,
                                         f"{case_refs[entry.entity_id]} "
                                         f"{entry.action.replace('_', ' ')}", "case"))
        return sorted(lines, key=lambda line: (line.at, line.recorded_at))

    @staticmethod
    def item_label(s: Session, kind: str, target_id: int) -> str:
        if kind == "case":
            return s.scalar(select(Case.reference).where(Case.id == target_id)) or "?"
        if kind == "hazard":
            return s.scalar(select(Hazard.code).where(Hazard.id == target_id)) or "?"
        return f"A{target_id}"


_LEVEL_WORDS = {1: "warning", 2: "breached", 3: "breached for long"}
