"""Engine factory: one place that knows how to open SQLite and PostgreSQL properly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

# How long a writer waits for another writer's lock before giving up, in ms.
SQLITE_BUSY_TIMEOUT_MS = 15_000

# libpq settings every PostgreSQL connection gets unless the URL says otherwise: TCP
# keepalives, so a dead server or a cut cable is noticed in seconds rather than hours, and
# a bound on each connection attempt (per server, with several servers in the URL).
PG_CONNECTION_DEFAULTS = {
    "keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "3",
    "keepalives_count": "3", "connect_timeout": "5",
}


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
    # Pre-ping: a pooled connection to a server that has gone (or to the old primary,
    # after a standby took over) is found dead at checkout and replaced, never handed out.
    return create_engine(pg_url(url), pool_pre_ping=True, pool_size=5, max_overflow=5)


def pg_url(url: str | URL) -> URL:
    """``url`` as every PostgreSQL connection of Watchroom opens it.

    Several servers (a primary and its standbys) may be listed the way libpq's own URIs
    write them, ``?host=db1:5432,db2:5432``; SQLAlchemy's psycopg dialect wants one
    ``host`` per server (``?host=db1:5432&host=db2:5432``) or ``host=db1,db2&port=…``,
    so the first form is rewritten into the second. With more than one server,
    ``target_session_attrs`` defaults to ``read-write``: libpq then tries the servers in
    turn and keeps the one that accepts writes, the primary. Keepalives and a connect
    timeout are added (``PG_CONNECTION_DEFAULTS``) unless the URL sets them.
    """
    parsed = make_url(url)
    query: dict[str, str | tuple[str, ...]] = dict(parsed.query)
    hosts = query.get("host")
    if isinstance(hosts, str) and "," in hosts and ":" in hosts and "port" not in query:
        query["host"] = tuple(h.strip() for h in hosts.split(",") if h.strip())
    if _server_count(query.get("host")) > 1:
        query.setdefault("target_session_attrs", "read-write")
    for key, value in PG_CONNECTION_DEFAULTS.items():
        query.setdefault(key, value)
    return parsed.set(query=query)


def pg_servers(url: str | URL) -> list[str]:
    """The servers ``url`` names, as ``host`` or ``host:port``, in the order libpq tries
    them (for the status bar and messages)."""
    parsed = pg_url(url)
    hosts = parsed.query.get("host")
    if hosts is None:
        host = parsed.host or "localhost"
        return [f"{host}:{parsed.port}" if parsed.port else host]
    names = list(hosts) if isinstance(hosts, tuple) else hosts.split(",")
    ports = parsed.query.get("port")
    port_list = (list(ports) if isinstance(ports, tuple)
                 else ports.split(",") if ports else [])
    if port_list and all(":" not in name for name in names):
        if len(port_list) == 1:
            port_list = port_list * len(names)
        names = [f"{name}:{port}" if port else name
                 for name, port in zip(names, port_list, strict=False)]
    return names


def pg_connect_params(url: str | URL) -> dict[str, Any]:
    """The libpq parameters ``url`` stands for, as ``psycopg.connect`` takes them: the
    same translation the engine's pool makes (several servers become ``host=a,b`` and
    ``port=p,q``), for the connections Watchroom holds outside the pool (the change
    listener, the engine's leadership lock)."""
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    _args, params = PGDialect_psycopg().create_connect_args(pg_url(url))
    params.pop("context", None)  # psycopg adapters of the pool's own dialect
    return {key: str(value) for key, value in params.items()}


def _server_count(hosts: str | tuple[str, ...] | None) -> int:
    if hosts is None:
        return 1
    return len(hosts if isinstance(hosts, tuple) else hosts.split(","))


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
