"""Alerts from feeds, the engine and the console."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import Computed

from db.models.base import Base, BigId
from db.types import UTCDateTime


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


class AlertGrid(Base):
    """Every grid an alert's area covers (migration 0016). ``Alert.grid_id`` stays the
    grid the alert is shown under (the one its area's centre falls in, or the first);
    this table holds the rest too, so a grid filter finds a flood warning in each grid
    its polygon reaches."""

    __tablename__ = "alert_grids"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"),
                                          primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), primary_key=True)

    __table_args__ = (Index("ix_alert_grids_grid", "grid_id", "alert_id"),)
