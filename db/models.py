"""SQLAlchemy 2 typed models: grids, operators, teams, cases, the audit log, the change feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import Computed

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


def table_of(model: type[Base]) -> Table:
    """A model's Core table, typed as one (for fast executemany inserts and updates)."""
    return cast(Table, model.__table__)


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
    # Sign-in (migration 0009): the argon2id encoded hash only, never the password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


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
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", use_alter=True, name="fk_teams_leader_id_members"))
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
    # Deadlines, denormalised from ``deadlines`` for the board (kept in step by the
    # deadline service and the escalation engine, in the same transactions).
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_due_kind: Mapped[str | None] = mapped_column(String(16))
    supervised: Mapped[bool] = mapped_column(default=False, server_default="0")
    sla_tier_id: Mapped[int | None] = mapped_column(ForeignKey("sla_tiers.id"))
    # The registered hazard this case involves, if any.
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id"))

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


class Deadline(Base):
    """One clock: a stage of a case, or an inspection cycle of a hazard (exactly one of
    ``case_id`` and ``hazard_id`` is set). Thresholds are stored, so the engine needs no
    policy lookups; ``next_at`` is the next threshold to pass (NULL when met, paused or
    at level 3)."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    hazard_id: Mapped[int | None] = mapped_column(ForeignKey("hazards.id"))
    kind: Mapped[str] = mapped_column(String(16))  # register | dispatch | resolve | inspection
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
        CheckConstraint("(case_id IS NULL) <> (hazard_id IS NULL)", name="one_subject"),
    )


class Alert(Base):
    """Something a duty officer must see: from a feed (CAP, JSON lines, CSV), the
    escalation engine, a hazard inspection or a roster gap."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(24))
    external_id: Mapped[str] = mapped_column(String(255), default="")
    dedup_key: Mapped[str] = mapped_column(String(255), unique=True)
    sender: Mapped[str] = mapped_column(String(255), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cap_status: Mapped[str] = mapped_column(String(16), default="Actual")
    msg_type: Mapped[str] = mapped_column(String(16), default="Alert")
    scope: Mapped[str] = mapped_column(String(16), default="Private")
    event: Mapped[str] = mapped_column(String(255), default="")
    category: Mapped[str] = mapped_column(String(64), default="")
    urgency: Mapped[str] = mapped_column(String(16), default="Unknown")
    severity: Mapped[str] = mapped_column(String(16), default="Unknown")
    certainty: Mapped[str] = mapped_column(String(16), default="Unknown")
    headline: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    instruction: Mapped[str] = mapped_column(Text, default="")
    area_desc: Mapped[str] = mapped_column(Text, default="")
    # JSON: {"polygons": [...], "circles": [...], "geocodes": {...}}
    geometry: Mapped[str] = mapped_column(Text, default="{}")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="new")
    shelved_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    repeat_count: Mapped[int] = mapped_column(Integer, default=1)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    raw: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Added by migration 0003 (feeds). The language of the info block shown, and every
    # info block of a CAP alert (all languages) as JSON.
    language: Mapped[str] = mapped_column(String(35), default="", server_default="")
    infos: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # CAP <references> as received: "sender,identifier,sent" triples, space-separated.
    cap_references: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What the importer or an operator wants the next reader to know.
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A CAP Update/Cancel/Ack message is kept as its own row (its raw payload, its
    # dedup key), always resolved, pointing at the alert it was applied to; the panel
    # hides such rows.
    applied_to_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"))
    # 1 Extreme … 5 Unknown, computed by the database from ``severity`` so that every
    # writer (feeds, escalation engine) gets it right: "most severe first" is an index.
    severity_rank: Mapped[int] = mapped_column(
        SmallInteger,
        Computed("CASE severity WHEN 'Extreme' THEN 1 WHEN 'Severe' THEN 2 "
                 "WHEN 'Moderate' THEN 3 WHEN 'Minor' THEN 4 ELSE 5 END", persisted=True),
    )
    # 1 while the alert is not resolved (new, acknowledged, shelved): the panel's default
    # view is one range of an index, whether 50 or 100,000 alerts are open.
    is_open: Mapped[int] = mapped_column(
        SmallInteger,
        Computed("CASE WHEN status = 'resolved' THEN 0 ELSE 1 END", persisted=True),
    )
    shelved_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_alerts_status_received", "status", "received_at"),
        Index("ix_alerts_case", "case_id"),
        # The panel's order (most severe first, then newest), per view: open alerts,
        # one status, all alerts.
        Index("ix_alerts_open_rank", "is_open", "severity_rank", received_at.desc(),
              id.desc()),
        Index("ix_alerts_status_rank", "status", "severity_rank", received_at.desc(),
              id.desc()),
        Index("ix_alerts_rank_received", "severity_rank", received_at.desc(), id.desc()),
        Index("ix_alerts_status_acknowledged", "status", "acknowledged_at"),
        Index("ix_alerts_shelved_until", "shelved_until"),
        # Partial: only messages applied to another alert are in it, so a query for the
        # alerts themselves (applied_to_id IS NULL) is never steered onto it.
        Index("ix_alerts_applied_to", "applied_to_id",
              sqlite_where=applied_to_id.is_not(None),
              postgresql_where=applied_to_id.is_not(None)),
    )


# Tables defined in their own modules register on the same metadata.
import db.handover_models  # noqa: E402
import db.hazard_models  # noqa: E402
import db.kpi_models  # noqa: E402
import db.roster_models  # noqa: E402, F401
