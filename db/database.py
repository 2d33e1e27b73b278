"""A database handle: the engine and the two session factories services use."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, pg_servers, writer

log = logging.getLogger(__name__)

T = TypeVar("T")

# SQLSTATEs that mean the session is gone, whatever the driver made of the socket:
# class 08 (connection exception) and the server shutting down or crashing (57P01-57P03).
_LOST_STATES_PREFIX = "08"
_LOST_STATES = frozenset({"57P01", "57P02", "57P03"})


class ConnectionLost(SQLAlchemyError):
    """The connection to the database server broke: the server stopped or crashed, a
    standby is taking over, the network dropped.

    ``commit_sent`` is True when it broke after the transaction's COMMIT was sent: the
    server may or may not have committed it, so it is never retried blindly. When it is
    False the transaction cannot have been committed (nothing of it was saved).
    """

    def __init__(self, reason: str, *, commit_sent: bool) -> None:
        if commit_sent:
            message = (f"The connection to the database was lost while saving ({reason}): "
                       "the change may or may not have been saved. The console reconnects "
                       "by itself; look before doing it again.")
        else:
            message = (f"The connection to the database was lost ({reason}); nothing was "
                       "saved. The console reconnects by itself: try again in a moment.")
        super().__init__(message)
        self.reason = reason
        self.commit_sent = commit_sent


class _Unit:
    """One call that may span several transactions, retried as a whole (see
    ``retry_if_lost``): whether any of its transactions sent a COMMIT."""

    __slots__ = ("commit_sent",)

    def __init__(self) -> None:
        self.commit_sent = False


_UNIT: ContextVar[_Unit | None] = ContextVar("watchroom_db_unit", default=None)


def retry_if_lost(call: Callable[[], T]) -> T:
    """Run ``call``; if the connection is lost before any of its COMMITs was sent, run it
    once more (a fresh connection: the pool replaces the dead ones).

    Nothing of a transaction that never sent COMMIT was saved, so running it again
    cannot double anything; a call that sent a COMMIT (even one that failed) is never
    run again, since the server may hold that transaction. Calls nested in another
    such call run once: the outermost one decides.
    """
    if _UNIT.get() is not None:
        return call()
    unit = _Unit()
    token = _UNIT.set(unit)
    try:
        try:
            return call()
        except ConnectionLost as exc:
            if exc.commit_sent:
                raise
            if unit.commit_sent:  # an earlier transaction of the call was committed
                raise ConnectionLost(exc.reason, commit_sent=True) from exc
            log.warning("connection to the database lost before commit (%s); trying once "
                        "more", exc.reason)
        return call()
    finally:
        _UNIT.reset(token)


class Database:
    """Holds one engine and hands out sessions.

    ``read`` sessions take no lock; ``write`` sessions take SQLite's write lock at BEGIN
    (``BEGIN IMMEDIATE``), so two writers queue on the busy timeout instead of failing.

    On PostgreSQL, an error that means the server connection is gone is raised as
    ``ConnectionLost`` (saying whether COMMIT had been sent), and ``reconnecting`` is
    True from then until a connection is checked out again.
    """

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self.read: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self.write: sessionmaker[Session] = sessionmaker(
            writer(self.engine), expire_on_commit=False
        )
        self._connected_once = False
        self._lost = False
        self._lost_lock = threading.Lock()
        self._commit_sent: weakref.WeakSet[Connection] = weakref.WeakSet()
        if self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "begin", self._on_begin)
            event.listen(self.engine, "commit", self._on_commit)
            event.listen(self.engine, "handle_error", self._on_error)
            event.listen(self.engine, "checkout", self._on_checkout)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def reconnecting(self) -> bool:
        """True after the server connection was lost, until one is made again."""
        return self._lost

    def describe(self) -> str:
        """Where the data lives, for the status bar: a path or host/database, no password."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return f"SQLite {url.database or 'in memory'}"
        return f"PostgreSQL {','.join(pg_servers(url))}/{url.database}"

    def close(self) -> None:
        self.engine.dispose()

    # ---- what the engine tells about its connections (PostgreSQL) --------------------

    def _on_begin(self, conn: Connection) -> None:
        self._commit_sent.discard(conn)

    def _on_commit(self, conn: Connection) -> None:
        # Called just before COMMIT goes to the server.
        self._commit_sent.add(conn)
        unit = _UNIT.get()
        if unit is not None:
            unit.commit_sent = True

    def _on_checkout(self, _dbapi: Any, _record: Any, _proxy: Any) -> None:
        self._connected_once = True
        if self._lost:
            with self._lost_lock:
                if self._lost:
                    self._lost = False
                    log.info("connected to the database again")

    def _on_error(self, context: ExceptionContext) -> ConnectionLost | None:
        if context.is_pre_ping:
            return None  # the pool replaces that connection itself
        original = context.original_exception
        state = str(getattr(original, "sqlstate", "") or "")
        lost = context.is_disconnect or state.startswith(_LOST_STATES_PREFIX) \
            or state in _LOST_STATES
        if context.connection is None:
            # No connection could be made. At open that is a wrong address or password,
            # and stays the driver's error; once the console has worked, it is an outage.
            lost = self._connected_once and isinstance(
                original, self.engine.dialect.loaded_dbapi.OperationalError)
        if not lost:
            return None
        commit_sent = False
        if context.connection is not None:
            context.is_disconnect = True  # the pool drops this connection and older ones
            commit_sent = context.connection in self._commit_sent
        with self._lost_lock:
            if not self._lost:
                log.warning("lost the connection to the database; reconnecting")
            self._lost = True
        reason = str(original).splitlines()[0] if str(original) else type(original).__name__
        return ConnectionLost(reason, commit_sent=commit_sent)
