"""The append-only audit log and the change feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


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


class ChangeWatermark(Base):
    """How far the change feed was pruned: every change with ``seq <= pruned_through`` is
    gone. One row (id 1), written in the same transaction as each batch of deletes.

    A reader whose cursor is below it was away longer than the retention and must reload
    instead of replaying. A gap in the sequence alone proves nothing (PostgreSQL burns a
    number when a numbered commit fails): this row is the truth.
    """

    __tablename__ = "change_watermark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pruned_through: Mapped[int] = mapped_column(BigId, default=0)
    pruned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
