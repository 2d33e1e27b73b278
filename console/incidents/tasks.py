"""An incident's tasks from its plans: making them (with a deadline the escalation engine
watches), and closing their clocks when they are done or skipped. Runs inside the
incident service's transactions."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from console.alerts.conditions import resolve_deadline_alerts
from console.incidents.domain import TaskKind
from console.incidents.plans import TaskTemplate, tasks_from_json
from db.models import Deadline, Incident, IncidentTask, ResponsePlan, Team

# A task warns when a quarter of its time is left, and is "breached for long" half its
# time (at least a quarter of an hour) after its deadline.
WARNING_RATIO = 0.75
LONG_MIN_S = 15 * 60


def task_clock(task: IncidentTask, start: datetime) -> Deadline:
    """The deadline row of ``task``, from ``start`` to its ``due_at``."""
    budget = max(60, int((task.due_at - start).total_seconds()))
    long_s = max(LONG_MIN_S, budget // 2)
    warn_at = start + timedelta(seconds=budget * WARNING_RATIO)
    return Deadline(task_id=task.id, kind="report" if task.kind != TaskKind.TASK else "task",
                    calendar="24x7", started_at=start, budget_s=budget,
                    warning_ratio=WARNING_RATIO, long_s=long_s, paused_s=0, warn_at=warn_at,
                    due_at=task.due_at, long_at=task.due_at + timedelta(seconds=long_s),
                    level=0, next_at=warn_at)


def applicable_plans(s: Session, incident: Incident) -> list[ResponsePlan]:
    """The plans of the incident's type at its level or milder (IV ⊂ III ⊂ II ⊂ I): a
    graver level adds the stricter plan's tasks to those already made."""
    return list(s.scalars(select(ResponsePlan).where(
        ResponsePlan.kind == incident.kind, ResponsePlan.level >= incident.level)
        .order_by(ResponsePlan.level.desc())))


def _kind_of(template: TaskTemplate) -> TaskKind:
    return TaskKind(f"report_{template.report}") if template.report else TaskKind.TASK


def add_task(s: Session, incident: Incident, *, key: str, kind: TaskKind, title: str,
             title_zh: str, role: str | None, team_id: int | None, due_at: datetime,
             now: datetime, plan_code: str | None) -> IncidentTask:
    number = (s.scalar(select(func.max(IncidentTask.number))
                       .where(IncidentTask.incident_id == incident.id)) or 0) + 1
    task = IncidentTask(incident_id=incident.id, number=number, plan_code=plan_code, key=key,
                        kind=kind.value, title=title, title_zh=title_zh, owner_role=role,
                        owner_team_id=team_id, level=incident.level, status="open",
                        created_at=now, due_at=due_at, note="")
    s.add(task)
    s.flush()
    s.add(task_clock(task, now))
    return task


def activate_plans(s: Session, incident: Incident, now: datetime,
                   plans: list[ResponsePlan] | None = None) -> list[IncidentTask]:
    """Make the tasks of every applicable plan that are not made yet, their deadlines
    counted from ``now`` (a final report's from the stand-down: it is made then)."""
    made = set(s.scalars(select(IncidentTask.key)
                         .where(IncidentTask.incident_id == incident.id)))
    teams = dict(s.execute(select(Team.code, Team.id)).all())
    out: list[IncidentTask] = []
    for plan in plans if plans is not None else applicable_plans(s, incident):
        for template in tasks_from_json(plan.tasks):
            if template.key in made or template.report == "final":
                continue
            made.add(template.key)
            out.append(add_task(
                s, incident, key=template.key, kind=_kind_of(template), title=template.title,
                title_zh=template.title_zh, role=template.role,
                team_id=teams.get(template.team) if template.team else None,
                due_at=now + timedelta(minutes=template.within_min), now=now,
                plan_code=plan.code))
    return out


def final_report_task(s: Session, incident: Incident, now: datetime) -> IncidentTask | None:
    """At stand-down: the final report (终报) the plans ask for, due within their limit
    (the shortest, if several plans name one); one a day after if no plan does."""
    templates = [(plan.code, t) for plan in applicable_plans(s, incident)
                 for t in tasks_from_json(plan.tasks) if t.report == "final"]
    exists = s.scalar(select(IncidentTask.id).where(
        IncidentTask.incident_id == incident.id,
        IncidentTask.kind == TaskKind.REPORT_FINAL.value))
    if exists is not None:
        return None
    code, template = min(templates, key=lambda p: p[1].within_min) if templates else (
        None, TaskTemplate("final-report", "Final report upward", "终报", "coordinator", None,
                           24 * 60, report="final"))
    return add_task(s, incident, key=template.key, kind=TaskKind.REPORT_FINAL,
                    title=template.title, title_zh=template.title_zh, role=template.role,
                    team_id=None, due_at=now + timedelta(minutes=template.within_min),
                    now=now, plan_code=code)


def next_followup(s: Session, incident: Incident, after: IncidentTask,
                  now: datetime) -> IncidentTask | None:
    """The next follow-up report (续报), ``every`` minutes after this one was sent, while
    the response lasts."""
    if incident.status != "open":
        return None
    for plan in applicable_plans(s, incident):
        for template in tasks_from_json(plan.tasks):
            if template.report == "followup" and template.every_min:
                number = 1 + (s.scalar(select(func.count()).where(
                    IncidentTask.incident_id == incident.id,
                    IncidentTask.kind == TaskKind.REPORT_FOLLOWUP.value)) or 0)
                # "#n", not "-n": a plan's own key may end in "-3" (FLOOD-III's
                # "followup-3"), and a made-up key must never take it.
                taken = set(s.scalars(select(IncidentTask.key).where(
                    IncidentTask.incident_id == incident.id)))
                while f"{template.key}#{number}" in taken:
                    number += 1
                return add_task(s, incident, key=f"{template.key}#{number}",
                                kind=TaskKind.REPORT_FOLLOWUP, title=template.title,
                                title_zh=template.title_zh, role=template.role, team_id=None,
                                due_at=now + timedelta(minutes=template.every_min), now=now,
                                plan_code=plan.code)
    return None


def stop_clocks(s: Session, task_ids: list[int], now: datetime, reason: str,
                actor_id: int | None) -> None:
    """The tasks are done or skipped: their deadlines are met now, and the alerts their
    lateness raised resolve themselves."""
    if not task_ids:
        return
    deadline_ids = list(s.scalars(select(Deadline.id).where(Deadline.task_id.in_(task_ids),
                                                            Deadline.met_at.is_(None))))
    if not deadline_ids:
        return
    s.execute(update(Deadline).where(Deadline.id.in_(deadline_ids))
              .values(met_at=now, next_at=None)
              .execution_options(synchronize_session=False))
    resolve_deadline_alerts(s, deadline_ids, now, reason, actor_id)
