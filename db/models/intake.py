"""The intake API's tables: tokens, idempotency keys, feed heartbeats and case photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class ApiToken(Base):
    """One integration's bearer token (a hotline, a field app, a sensor gateway): only
    the SHA-256 of the secret is kept; the token acts as its own operator."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(255))  # comma-separated, sorted
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotencyKey(Base):
    """A client's ``Idempotency-Key`` for ``POST /cases``, per token: a retry with the
    same key gets the case the first request reported (``reference`` is empty while that
    first request is still running)."""

    __tablename__ = "api_idempotency_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id"))
    key: Mapped[str] = mapped_column(String(255))
    reference: Mapped[str] = mapped_column(String(32), default="")
    # SHA-256 of the request's fields: the same key with another body is refused.
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("token_id", "key"),)


class FeedHeartbeat(Base):
    """A feed that says it is alive (``POST /heartbeats/{feed}``). ``next_due_at`` is
    when it counts as silent (last beat + interval × factor), NULL once its silence has
    raised an alert: the engine's check is one range of the index."""

    __tablename__ = "feed_heartbeats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    interval_s: Mapped[int] = mapped_column(Integer)
    last_beat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    beats: Mapped[int] = mapped_column(Integer, default=0)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"))


class CasePhoto(Base):
    """A photo of a case from the field (before, after or other), stored content-addressed
    by its SHA-256 in the photo folder beside the database."""

    __tablename__ = "case_photos"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # before, after, other
    mime: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))

    __table_args__ = (Index("ix_case_photos_case", "case_id", "id"),)
