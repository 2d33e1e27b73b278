"""Paging: the channels pages go out on, the rules saying who is paged for what, and the
outbox of pages (one row per page, written in the transaction of its cause)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class PagingChannel(Base):
    """A way out: an SMTP server, a webhook, a DingTalk or WeCom robot, an SMS gateway.
    ``secret`` (password, signing key, token) is never shown back by the console."""

    __tablename__ = "paging_channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # email | webhook | dingtalk | wecom | sms
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(Text, default="")
    # JSON: {"msgtype": "markdown", "body": "...", ...}: what a kind needs beyond its URL.
    options: Mapped[str] = mapped_column(Text, default="{}")
    timeout_s: Mapped[int] = mapped_column(Integer, default=10)
    rate_per_min: Mapped[int] = mapped_column(Integer, default=30)
    give_up_min: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PagingRule(Base):
    """Who is paged, on which channel, for a trigger (``escalation:2``, ``alert:extreme``,
    ``readiness``, ``inspection``), and how it repeats and moves up the chain."""

    __tablename__ = "paging_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trigger: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(24), default="")
    severity: Mapped[int | None] = mapped_column(SmallInteger)
    target: Mapped[str] = mapped_column(String(255))
    channel_id: Mapped[int] = mapped_column(ForeignKey("paging_channels.id"))
    repeat_min: Mapped[int | None] = mapped_column(Integer)
    repeats: Mapped[int] = mapped_column(Integer, default=2)
    then_rule_id: Mapped[int | None] = mapped_column(ForeignKey("paging_rules.id"))
    quiet: Mapped[str] = mapped_column(String(11), default="")  # "22:00-07:00", center zone
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_paging_rules_trigger", "trigger", "active"),)


class Page(Base):
    """One page to one target: queued → sent (→ repeated) → acknowledged, or failed and
    retried with backoff until it gives up. ``claim`` and ``claimed_until`` are the
    sender's lease: only the engine whose compare-and-set took the row sends it."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    cause_key: Mapped[str] = mapped_column(String(128))
    trigger: Mapped[str] = mapped_column(String(32))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("paging_rules.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("paging_channels.id"))
    target: Mapped[str] = mapped_column(String(255))
    recipient: Mapped[str] = mapped_column(String(255), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"))
    subject: Mapped[str] = mapped_column(String(16))  # case | hazard | shift | alert | test
    subject_id: Mapped[int] = mapped_column(BigId)
    reference: Mapped[str] = mapped_column(String(64), default="")
    # JSON: what the message says (title, grid, stage, level, minutes late…).
    context: Mapped[str] = mapped_column(Text, default="{}")
    step: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0, then 1 per --then
    repeat_no: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim: Mapped[str] = mapped_column(String(36), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))

    __table_args__ = (
        Index("ix_pages_next_attempt", "next_attempt_at"),
        Index("ix_pages_cause", "cause_key"),
        Index("ix_pages_case", "case_id", "id"),
        Index("ix_pages_channel_attempt", "channel_id", "last_attempt_at"),
    )
