"""Column types: timezone-aware UTC timestamps on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores an aware datetime as UTC and always gives back an aware UTC datetime.

    PostgreSQL keeps it in a ``timestamptz``; SQLite, which has no time zones, keeps
    the naive UTC value as ISO text, which still sorts and indexes in time order.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} refused: store aware UTC times")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def sqlite_text(value: datetime) -> str:
    """What ``UTCDateTime`` stores on SQLite for an aware ``value`` (naive UTC text with
    microseconds, ``2026-11-22 08:00:00.000000``), made directly: bulk writers pass it
    to the driver without SQLAlchemy's per-value processing, three times slower."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} refused: store aware UTC times")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]
