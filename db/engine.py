"""Engine factory: one place that knows how to open SQLite and PostgreSQL properly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

# How long a writer waits for another writer's lock before giving up, in ms.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def sqlite_synchronous() -> str:
    """NORMAL by default: in WAL mode a power cut can lose the last transactions but
    never corrupts the file. ``WATCHROOM_SQLITE_SYNCHRONOUS=FULL`` trades write speed for
    losing nothing that was committed."""
    value = os.environ.get("WATCHROOM_SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if value not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ValueError(f"WATCHROOM_SQLITE_SYNCHRONOUS={value!r}: use NORMAL or FULL")
    return value


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the settings Watchroom relies on.

    SQLite: WAL, foreign keys, busy timeout, and transactions begun by us, so that a
    writing session can take the write lock up front (``BEGIN IMMEDIATE``) instead of
    failing on a lock upgrade when two writers meet.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _make_sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _make_sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    in_memory = database in {"", ":memory:"} or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    synchronous = sqlite_synchronous()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take SQLite's write lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine
