"""Refusing a database this Watchroom cannot trust: one from a newer Watchroom, or a
SQLite file with damaged pages."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

# The quick check reads every page; on a large file it stops after this long (a damaged
# page met so far is still reported), so opening a big database stays quick.
QUICK_CHECK_BUDGET_S = 2.0


class DatabaseRefused(Exception):
    """The database cannot be opened; the message says why, in one line."""


def check_sqlite_pages(engine: Engine, path: str,
                       budget_s: float = QUICK_CHECK_BUDGET_S) -> bool:
    """Run SQLite's ``quick_check`` for at most ``budget_s`` seconds; raise
    ``DatabaseRefused`` naming the file when it finds damage. Returns True when the whole
    file was checked, False when the time ran out first (nothing wrong found so far)."""
    if engine.dialect.name != "sqlite":
        return True
    deadline = time.monotonic() + budget_s
    ran_out = [False]

    def progress() -> int:
        if time.monotonic() > deadline:
            ran_out[0] = True
            return 1  # interrupts the check
        return 0

    try:
        with engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection
            raw.set_progress_handler(progress, 10_000)
            try:
                rows = raw.execute("PRAGMA quick_check(5)").fetchall()
            except Exception as exc:  # sqlite3.OperationalError: interrupted, or damage
                if ran_out[0]:
                    return False
                raise DatabaseRefused(_damaged(path, str(exc))) from exc
            finally:
                raw.set_progress_handler(None, 0)
    except DatabaseError as exc:
        raise DatabaseRefused(_damaged(path, str(exc.orig or exc))) from exc
    problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
    if problems:
        raise DatabaseRefused(_damaged(path, "; ".join(problems[:3])))
    return True


class PageCheck:
    """``check_sqlite_pages`` on a thread of its own, so a console opening a large file
    shows its window meanwhile; ``result`` waits for it and raises ``DatabaseRefused`` as
    the check would have, ``running`` and ``refusal`` tell without waiting. SQLite reads the pages
    without Python's lock, on its own connection (WAL: beside the start's writes)."""

    def __init__(self, engine: Engine, path: str,
                 budget_s: float = QUICK_CHECK_BUDGET_S) -> None:
        self._refused: DatabaseRefused | None = None
        self._whole = False
        self._thread = threading.Thread(
            target=self._run, args=(engine, path, budget_s), name="sqlite-page-check",
            daemon=True)
        self._thread.start()

    def _run(self, engine: Engine, path: str, budget_s: float) -> None:
        try:
            self._whole = check_sqlite_pages(engine, path, budget_s)
        except DatabaseRefused as exc:
            self._refused = exc

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def refusal(self) -> str | None:
        """Why the file is refused, once the check has ended and found damage."""
        return None if self.running or self._refused is None else str(self._refused)

    def wait(self) -> None:
        """Wait for the check to end, whatever it found (before the engine is closed)."""
        self._thread.join()

    def result(self) -> bool:
        """Wait for the check; True when the whole file was read, False when its time
        ran out first; ``DatabaseRefused`` naming the file when it found damage."""
        self._thread.join()
        if self._refused is not None:
            raise self._refused
        return self._whole


def _damaged(path: str, detail: str) -> str:
    first = detail.splitlines()[0] if detail else "unreadable"
    return (f"the database file {path} is damaged ({first}); restore it from a backup, "
            "or open another one with --db")
