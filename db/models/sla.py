"""SLA policies, stricter tiers, the working calendar and case deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
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


class SlaPolicy(Base):
    """Minutes allowed per stage for one (category, severity), and how lateness escalates."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(24))
    severity: Mapped[int] = mapped_column(SmallInteger)
    register_minutes: Mapped[int] = mapped_column(Integer)
    dispatch_minutes: Mapped[int] = mapped_column(Integer)
    resolve_minutes: Mapped[int] = mapped_column(Integer)
    warning_ratio: Mapped[float] = mapped_column(Float)
    long_breach_minutes: Mapped[int] = mapped_column(Integer)
    # "24x7" (every minute counts) or "working" (the working calendar's hours only).
    calendar: Mapped[str] = mapped_column(String(12))
    supervision_factor: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (UniqueConstraint("category", "severity"),)


class SlaTier(Base):
    """A stricter tier for chosen grids over a chosen period (a major event, flood season):
    cases opened there and then get their limits multiplied by ``factor``."""

    __tablename__ = "sla_tiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    factor: Mapped[float] = mapped_column(Float)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SlaTierGrid(Base):
    __tablename__ = "sla_tier_grids"

    tier_id: Mapped[int] = mapped_column(ForeignKey("sla_tiers.id", ondelete="CASCADE"),
                                         primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)


class WorkingCalendarRow(Base):
    """The center's working hours (one row, name "default")."""

    __tablename__ = "working_calendars"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(48), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # JSON: [0, 1, 2, 3, 4] and [["08:30", "12:00"], ["13:30", "17:30"]]
    weekdays: Mapped[str] = mapped_column(Text)
    periods: Mapped[str] = mapped_column(Text)


class CalendarDay(Base):
    """A holiday (``off``) or a make-up working day (``work``) of a working calendar."""

    __tablename__ = "calendar_days"

    calendar_id: Mapped[int] = mapped_column(ForeignKey("working_calendars.id"),
                                             primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120), default="")


# Exactly one subject per clock (CASE sums: PostgreSQL does not add booleans).
ONE_SUBJECT = ("(CASE WHEN case_id IS NULL THEN 0 ELSE 1 END"
               " + CASE WHEN hazard_id IS NULL THEN 0 ELSE 1 END"
               " + CASE WHEN task_id IS NULL THEN 0 ELSE 1 END"
               " + CASE WHEN part_id IS NULL THEN 0 ELSE 1 END"
               " + CASE WHEN callback_id IS NULL THEN 0 ELSE 1 END) = 1")


class Deadline(Base):
    """One clock: a stage of a case, an inspection cycle of a hazard, or an incident's task
    (exactly one of ``case_id``, ``hazard_id`` and ``task_id`` is set). Thresholds are
    stored, so the engine needs no policy lookups; ``next_at`` is the next threshold to
    pass (NULL when met, paused or at level 3)."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("incident_tasks.id"))
    # An assisting team's part of a case (report in, part done) or a callback (issue 22).
    part_id: Mapped[int | None] = mapped_column(ForeignKey("case_parts.id"))
    callback_id: Mapped[int | None] = mapped_column(ForeignKey("case_callbacks.id"))
    # register | dispatch | resolve | inspection | task | report | report_in | part |
    # callback
    kind: Mapped[str] = mapped_column(String(16))
    calendar: Mapped[str] = mapped_column(String(12))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    budget_s: Mapped[int] = mapped_column(Integer)
    warning_ratio: Mapped[float] = mapped_column(Float)
    long_s: Mapped[int] = mapped_column(Integer)
    paused_s: Mapped[int] = mapped_column(Integer, default=0)
    paused_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    long_at: Mapped[datetime] = mapped_column(UTCDateTime)
    level: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("case_id", "kind"),
        Index("ix_deadlines_next_at", "next_at"),
        Index("ix_deadlines_hazard", "hazard_id"),
        Index("ix_deadlines_task", "task_id"),
        Index("ix_deadlines_part", "part_id"),
        Index("ix_deadlines_callback", "callback_id"),
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
    )
