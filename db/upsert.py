"""``INSERT … ON CONFLICT`` in the dialect of the database a session writes to.

PostgreSQL and SQLite spell the upsert the same way in SQLAlchemy, each through its own
``insert``; the module is taken from the engine's dialect, which the engine has loaded
already, so a console on SQLite never imports the PostgreSQL dialect (and its catalog
tables: a tenth of a second of a cold start) just to name it."""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause


def upsert(s: Session, table: FromClause) -> Any:
    """``insert(table)`` of the session's dialect, which has ``on_conflict_do_update``
    and ``excluded`` (PostgreSQL or SQLite; typed ``Any`` as each has its own class)."""
    dialect = s.get_bind().dialect.name
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert(table)
