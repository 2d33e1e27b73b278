"""Major incidents: the incident, its area, the cases, alerts and hazards linked to it, the
teams committed, its tasks (from response plans), its reports upward and its log; and
the library of response plans (预案)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Incident(Base):
    """One major event (a flood, a chemical fire), run by a commander. ``level`` is the
    response level 1–4 (I 特别重大 … IV 一般); ``occurred_at`` is when it happened,
    ``declared_at`` when it was entered. A drill (演练) runs the same path."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(SmallInteger)
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open|stood_down|closed
    commander_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    declared_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stood_down_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
    # After-action notes: what to change in the plan.
    review: Mapped[str] = mapped_column(Text, default="")
    # JSON {"dead": 0, "injured": 3, "missing": 0, "evacuated": 120, "affected": 800}
    figures: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index("ix_incidents_status", "status"),)


class IncidentGrid(Base):
    """A grid in an incident's affected area."""

    __tablename__ = "incident_grids"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)


class IncidentLink(Base):
    """A case, alert or hazard tied to an incident: ``proposed`` (in its area, found by the
    console) until the coordinator confirms or dismisses it; ``confirmed`` when linked by
    hand or opened from the incident."""

    __tablename__ = "incident_links"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(8))  # case | alert | hazard
    target_id: Mapped[int] = mapped_column(BigId)
    state: Mapped[str] = mapped_column(String(10))  # proposed | confirmed | dismissed
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))

    __table_args__ = (
        UniqueConstraint("incident_id", "kind", "target_id"),
        Index("ix_incident_links_target", "kind", "target_id"),
    )


class IncidentTeam(Base):
    """A team committed to an incident (``released_at`` set when it is stood down)."""

    __tablename__ = "incident_teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    task: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_incident_teams_incident", "incident_id"),)


class IncidentTask(Base):
    """A task of an incident, made by activating a plan (or by hand). Its deadline is a
    row of ``deadlines`` the escalation engine watches. ``kind`` is ``task`` or a report
    upward: ``report_first`` (首报), ``report_followup`` (续报), ``report_final`` (终报)."""

    __tablename__ = "incident_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)  # T1, T2… within the incident
    plan_code: Mapped[str | None] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(40))  # the plan's task key (unique per incident)
    kind: Mapped[str] = mapped_column(String(16), default="task")
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    owner_role: Mapped[str | None] = mapped_column(String(16))
    owner_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    level: Mapped[int] = mapped_column(SmallInteger)  # the response level that made it
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | done | skipped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("incident_id", "number"),
        UniqueConstraint("incident_id", "key"),
    )


class IncidentReport(Base):
    """A report sent upward: generated from the incident's data, reviewed, signed, sent.
    ``body`` is the text as signed (JSON of its sections)."""

    __tablename__ = "incident_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(10))  # first | followup | final
    number: Mapped[int] = mapped_column(Integer)  # 续报 1, 2… per kind
    task_id: Mapped[int | None] = mapped_column(ForeignKey("incident_tasks.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signed_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("incident_id", "kind", "number"),)


class IncidentLogEntry(Base):
    """One line of the incident log (ICS 214): append-only. ``at`` is when it happened,
    ``recorded_at`` when it was written (they differ for entries written afterwards)."""

    __tablename__ = "incident_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    action: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_incident_log_incident_at", "incident_id", "at"),)


class ResponsePlan(Base):
    """A response plan (预案) for one incident type at one response level. ``tasks`` is the
    JSON list of its task templates (see ``console.incidents.plans``)."""

    __tablename__ = "response_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    tasks: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("kind", "level"),)
