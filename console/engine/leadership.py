"""Which engine fires the timers: on PostgreSQL the one holding a session advisory lock.

Several consoles and headless engines may run on one database. On PostgreSQL one of
them takes a session-level advisory lock on a dedicated connection and is the *leader*:
it sweeps and arms the deadline alarm. The others are on *standby* and try to take the
lock every few seconds, so when the leader dies (its connection closes and the server
releases the lock) another takes over within seconds. On SQLite every engine fires
(*shared*): the compare-and-set on each deadline's level keeps every escalation single
either way, so leadership only saves work; it is never what makes escalation correct.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from sqlalchemy.engine import make_url

from console.core.change_notifier import libpq_conninfo
from db.pg_coordination import ENGINE_LEADER_LOCK, LOCK_NAMESPACE

log = logging.getLogger(__name__)

RETRY_S = 2.0  # a standby engine tries to take over this often


class EngineRole(StrEnum):
    OFF = "off"  # no engine runs in this process
    SHARED = "shared"  # SQLite: every engine fires
    LEADER = "leader"  # this engine fires the timers
    STANDBY = "standby"  # another engine fires; this one takes over if it dies


class EngineLeadership(Protocol):
    @property
    def role(self) -> EngineRole: ...

    @property
    def is_leader(self) -> bool:
        """True when this process should fire the timers (leader, or shared)."""
        ...

    def start(self, on_change: Callable[[bool], None]) -> None:
        """Begin; ``on_change(leading)`` is called (from any thread) on every change."""
        ...

    def close(self) -> None: ...


class SharedLeadership:
    """SQLite: every engine fires; the compare-and-set keeps escalations single."""

    def __init__(self) -> None:
        self._role = EngineRole.OFF

    @property
    def role(self) -> EngineRole:
        return self._role

    @property
    def is_leader(self) -> bool:
        return self._role is EngineRole.SHARED

    def start(self, on_change: Callable[[bool], None]) -> None:
        self._role = EngineRole.SHARED
        on_change(True)

    def close(self) -> None:
        self._role = EngineRole.OFF


class AdvisoryLockLeadership:
    """A session advisory lock on a dedicated connection, tried every ``retry_s``.

    While leading, the same loop checks every ``retry_s`` that the connection (and so
    the lock) is still alive; if it is not, this engine stands down at once and goes
    back to trying. ``backend_pid`` is the server process holding the connection.
    """

    def __init__(self, db_url: str, *, retry_s: float = RETRY_S,
                 application_name: str = "watchroom-engine") -> None:
        self._conninfo = libpq_conninfo(db_url, application_name=application_name)
        self._retry_s = retry_s
        self._role = EngineRole.OFF
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_change: Callable[[bool], None] = lambda leading: None
        self._changed = threading.Condition()
        self.backend_pid: int | None = None
        self.takeovers = 0

    @property
    def role(self) -> EngineRole:
        return self._role

    @property
    def is_leader(self) -> bool:
        return self._role is EngineRole.LEADER

    def wait_for(self, role: EngineRole, timeout: float) -> bool:
        """Block until this engine is in ``role`` (for tests and the command line)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._role is role, timeout)

    def start(self, on_change: Callable[[bool], None]) -> None:
        self._on_change = on_change
        self._set_role(EngineRole.STANDBY)
        self._thread = threading.Thread(target=self._run, name="engine-leadership",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._set_role(EngineRole.OFF)

    def _set_role(self, role: EngineRole) -> None:
        with self._changed:
            before = self._role
            self._role = role
            self._changed.notify_all()
        leading = role is EngineRole.LEADER
        if leading != (before is EngineRole.LEADER) and role is not EngineRole.OFF:
            try:
                self._on_change(leading)
            except Exception:
                log.exception("the engine failed to %s", "take over" if leading
                              else "stand down")

    def _run(self) -> None:
        import psycopg

        conn: psycopg.Connection[tuple[object, ...]] | None = None
        said_standby = False
        while not self._stop.is_set():
            try:
                if conn is None or conn.closed:
                    conn = psycopg.connect(self._conninfo, autocommit=True)
                    self.backend_pid = conn.info.backend_pid
                if self.is_leader:
                    conn.execute("SELECT 1")  # still connected, so still holding the lock
                else:
                    row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                       (LOCK_NAMESPACE, ENGINE_LEADER_LOCK)).fetchone()
                    if row is not None and row[0]:
                        self.takeovers += 1
                        log.info("this engine is the leader: it fires the timers")
                        self._set_role(EngineRole.LEADER)
                    elif not said_standby:
                        log.info("another engine leads; this one stands by and takes over "
                                 "if it stops")
                        said_standby = True
            except psycopg.Error as exc:
                if self.is_leader:
                    log.warning("engine lost its leadership connection (%s); standing by",
                                str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self._set_role(EngineRole.STANDBY)
                said_standby = False
                if conn is not None:
                    conn.close()
                conn = None
                self.backend_pid = None
            self._stop.wait(self._retry_s)
        if conn is not None:
            conn.close()  # the server releases the session lock with the session
        self.backend_pid = None


def engine_leadership_for(db_url: str) -> AdvisoryLockLeadership | SharedLeadership:
    if make_url(db_url).get_backend_name() == "postgresql":
        return AdvisoryLockLeadership(db_url)
    return SharedLeadership()
