"""SQLAlchemy 2 typed models: grids, operators, teams, cases, the audit log, the change feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only gives an INTEGER PRIMARY KEY the rowid fast path, not a BIGINT one.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Grid(Base):
    """A cell of the territory, with its grid workers' households."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    community_en: Mapped[str] = mapped_column(String(120), default="")
    community_zh: Mapped[str] = mapped_column(String(120), default="")
    households: Mapped[int] = mapped_column(Integer, default=0)
    # Closed ring of [lon, lat] pairs, as JSON text.
    polygon: Mapped[str] = mapped_column(Text, default="[]")


class Operator(Base):
    """A person (or the engine) who acts on the console; every audit entry names one."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(24))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Team(Base):
    """An emergency or service team that cases are dispatched to."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    base_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    min_staffing: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Case(Base):
    """A problem found in a grid, running the closed loop from report to close."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
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

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_cases_stage_reported", "stage", "reported_at"),
        Index("ix_cases_closed_at", "closed_at"),
        Index("ix_cases_grid_stage", "grid_id", "stage"),
        Index("ix_cases_team_stage", "team_id", "stage"),
    )


class AuditEntry(Base):
    """One thing that happened, who did it and when. Append-only: the database refuses
    UPDATE and DELETE on this table (triggers created by the migration)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int] = mapped_column(BigId)
    action: Mapped[str] = mapped_column(String(32))
    # What changed, as JSON: {"field": [old, new], ...} plus free keys like "note".
    detail: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "id"),)


class Change(Base):
    """The change feed: one row per mutation, written in the mutation's transaction.

    Consoles poll ``seq > last_seen`` (the primary key) and refetch the rows named.
    """

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int] = mapped_column(BigId)
    op: Mapped[str] = mapped_column(String(12))

    # AUTOINCREMENT: a sequence number is never reused, even after old rows are pruned.
    __table_args__ = ({"sqlite_autoincrement": True},)


class Counter(Base):
    """Named counters, e.g. the per-year sequence behind case references."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[int] = mapped_column(BigId, default=0)
