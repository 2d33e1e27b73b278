"""Wakes change-feed readers the moment another seat commits (PostgreSQL LISTEN/NOTIFY).

The feed (``changes``, read by ``seq > last_seen``) is the truth; a notification only
says "read it now". Each process holds one dedicated listening connection, on a
thread of its own, and calls its subscribers from that thread. A dropped connection is
reopened with backoff, and on every (re)connect all subscribers are woken, so each
catches up from the last sequence *it* saw: nothing a notification missed is lost. On
SQLite there is nothing to listen to and the readers keep polling.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.engine import make_url

from db.engine import pg_connect_params
from db.pg_coordination import CHANGES_CHANNEL

log = logging.getLogger(__name__)

Wake = Callable[[], None]


def libpq_conninfo(db_url: str, *, application_name: str) -> str:
    """A libpq connection string for ``db_url`` (an SQLAlchemy URL), as the engine's pool
    reads it (``db.engine.pg_url``): TCP keepalives so that a dead server or a cut cable
    is noticed in seconds, not hours, and with several servers (a primary and its
    standby) every one of them, connecting to the one that accepts writes."""
    from psycopg.conninfo import make_conninfo

    params = pg_connect_params(db_url)
    params.setdefault("application_name", application_name)
    return make_conninfo("", **params)


class Backoff:
    """Delays between reconnection attempts: doubling from ``first`` up to ``most``."""

    def __init__(self, first: float = 0.2, most: float = 5.0) -> None:
        self.first = first
        self.most = most
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self.most, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.first


class ChangeNotifier(Protocol):
    """What change-feed readers subscribe to."""

    @property
    def live(self) -> bool:
        """True when notifications can arrive (PostgreSQL): polling is only a safety net."""
        ...

    def subscribe(self, wake: Wake) -> Callable[[], None]:
        """Call ``wake`` (from another thread) whenever the feed may have grown; returns
        the function that unsubscribes."""
        ...

    def close(self) -> None: ...


class PollingOnly:
    """SQLite: no notifications; readers poll on their timers."""

    live = False

    def subscribe(self, wake: Wake) -> Callable[[], None]:
        return lambda: None

    def close(self) -> None:
        return None


class PgChangeNotifier:
    """LISTENs on a dedicated autocommit connection, started with the first subscriber.

    ``last_seq`` is the highest sequence number a notification named (for diagnostics:
    readers keep their own cursors). ``connects`` counts successful (re)connections.
    """

    live = True

    def __init__(self, db_url: str, *, backoff: Backoff | None = None,
                 idle_s: float = 0.25, application_name: str = "watchroom-listener") -> None:
        self._conninfo = libpq_conninfo(db_url, application_name=application_name)
        self._backoff = backoff or Backoff()
        self._idle_s = idle_s
        self._lock = threading.Lock()
        self._subscribers: list[Wake] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = threading.Event()
        self._backend_pid: int | None = None
        self.last_seq = 0
        self.connects = 0

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def backend_pid(self) -> int | None:
        """The server process of the listening connection (None while disconnected)."""
        return self._backend_pid

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def subscribe(self, wake: Wake) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(wake)
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="change-listener",
                                                daemon=True)
                self._thread.start()

        def unsubscribe() -> None:
            with self._lock:
                if wake in self._subscribers:
                    self._subscribers.remove(wake)

        return unsubscribe

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    # ---- the listener thread -----------------------------------------------------

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                conn = psycopg.connect(self._conninfo, autocommit=True)
            except psycopg.Error as exc:
                delay = self._backoff.next()
                log.warning("change listener cannot connect (%s); retrying in %.1f s",
                            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                            delay)
                self._stop.wait(delay)
                continue
            try:
                conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                self._backend_pid = conn.info.backend_pid
                self._backoff.reset()
                self.connects += 1
                self._connected.set()
                if self.connects > 1:
                    log.info("change listener reconnected; catching up from the feed")
                # Whatever was committed while nobody listened is read from the feed now.
                self._wake()
                while not self._stop.is_set():
                    woken = False
                    for notify in conn.notifies(timeout=self._idle_s, stop_after=1):
                        self._note(notify.payload)
                        woken = True
                    if woken:
                        self._wake()
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    log.warning("change listener lost its connection (%s); reconnecting",
                                str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            finally:
                self._connected.clear()
                self._backend_pid = None
                conn.close()
            if not self._stop.is_set():
                self._stop.wait(self._backoff.next())

    def _note(self, payload: str) -> None:
        try:
            seq = int(json.loads(payload).get("seq") or 0)
        except (ValueError, AttributeError, TypeError):
            return
        self.last_seq = max(self.last_seq, seq)

    def _wake(self) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for wake in subscribers:
            try:
                wake()
            except Exception:  # one broken subscriber must not deafen the others
                log.exception("a change-feed subscriber failed on wake-up")


def change_notifier_for(db_url: str) -> PgChangeNotifier | PollingOnly:
    """A listener on PostgreSQL; on SQLite, nothing to listen to."""
    if make_url(db_url).get_backend_name() == "postgresql":
        return PgChangeNotifier(db_url)
    return PollingOnly()
