"""Handover tables: shift handovers (frozen once signed) and significant-event flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Handover(Base):
    """One shift's handover: the snapshot taken when it was proposed, the outgoing
    officer's notes and signature, the incoming officer's signature. Once both have
    signed, the database refuses UPDATE and DELETE of the row (migration 0010)."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_start: Mapped[datetime] = mapped_column(UTCDateTime)
    shift_end: Mapped[datetime] = mapped_column(UTCDateTime)
    shift_name: Mapped[str] = mapped_column(String(48), default="")
    # The frozen snapshot (console.handover.domain.HandoverSnapshot) as JSON.
    snapshot: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    outgoing_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    outgoing_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    incoming_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    incoming_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_handovers_shift_start", "shift_start"),
        CheckConstraint("incoming_signed_at IS NULL OR outgoing_signed_at IS NOT NULL",
                        name="out_before_in"),
    )


class SignificantEvent(Base):
    """A case event (an audit entry, notes included) or an alert an officer flagged as
    significant for the shift's activity log. Exactly one of the two is named."""

    __tablename__ = "significant_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("audit_log.id"),
                                                 unique=True)
    alert_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("alerts.id"), unique=True)
    # When the event happened (the audit entry's time, the alert's arrival).
    event_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What it was about and what happened, as shown in the log (frozen at flag time).
    subject: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    remark: Mapped[str] = mapped_column(Text, default="")
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    flagged_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))

    __table_args__ = (
        Index("ix_significant_events_event_at", "event_at"),
        Index("ix_significant_events_flagged_at", "flagged_at"),
        CheckConstraint("(audit_id IS NULL) <> (alert_id IS NULL)", name="one_subject"),
    )
