"""Cases and the per-year reference counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Case(Base):
    """A problem found in a grid, running the closed loop from report to close."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    # Where it is, WGS84 longitude/latitude, when the reporter gave a point or an address
    # the gazetteer knows; the grid was derived from it (point in polygon).
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    reporter: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(24))
    severity: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(String(24))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    stage: Mapped[str] = mapped_column(String(24))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pause_reason: Mapped[str] = mapped_column(String(200), default="")
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    rework_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Deadlines, denormalised from ``deadlines`` for the board (kept in step by the
    # deadline service and the escalation engine, in the same transactions).
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_due_kind: Mapped[str | None] = mapped_column(String(16))
    supervised: Mapped[bool] = mapped_column(default=False, server_default="0")
    sla_tier_id: Mapped[int | None] = mapped_column(ForeignKey("sla_tiers.id"))
    # The registered hazard this case involves, if any.
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id"))
    # Joint handling (issue 22): returns (退单) so far, a dispute awaiting or past its
    # ruling (确权), the team ruled the owner, and reopenings after a callback (回访).
    return_count: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    disputed: Mapped[bool] = mapped_column(default=False, server_default="0")
    ruled_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    callback_reopens: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_cases_stage_reported", "stage", "reported_at"),
        # History pages walk these in closed_at order and stop after a page, with or
        # without a grid or team filter (migration 0005).
        Index("ix_cases_stage_closed", "stage", "closed_at"),
        Index("ix_cases_grid_stage_closed", "grid_id", "stage", "closed_at"),
        Index("ix_cases_team_stage_closed", "team_id", "stage", "closed_at"),
        # Partial indexes for the board's paused and overdue counts: a few rows each,
        # instead of visiting every open case in the table (migration 0006).
        # A hazard's linked cases (migration 0007): a lookup, not a scan of every case.
        Index("ix_cases_hazard", "hazard_id"),
        Index("ix_cases_paused", "stage", sqlite_where=text("paused_at IS NOT NULL"),
              postgresql_where=text("paused_at IS NOT NULL")),
        Index("ix_cases_overdue", "stage", sqlite_where=text("escalation_level >= 2"),
              postgresql_where=text("escalation_level >= 2")),
    )


class Counter(Base):
    """Named counters, e.g. the per-year sequence behind case references."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[int] = mapped_column(BigId, default=0)
