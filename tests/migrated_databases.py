"""Databases already at the newest schema, made once per test process and copied per test.

Opening a brand-new database runs every Alembic migration (about half a second on either
backend); most tests only want an app on an empty, current database. So each test process
(each pytest-xdist worker) migrates one SQLite file and one PostgreSQL template database
the first time a test asks, and each test then gets a copy of it: the file copied into
the test's own folder, or ``CREATE DATABASE ... TEMPLATE``. A copy holds everything the
migrations wrote (tables, seed rows, triggers, functions, sequences), so ``open_app``
finds it at head and does only what it does on every open.

The template is made by the same ``db.migrate.upgrade`` ``open_app`` runs, from an
empty database, in the same process: what a test sees is what migrating its own
database would have given. Tests of the migrations themselves use ``db_url`` without an
app fixture, or the ``fresh_database`` marker, and start from an empty database.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.database import Database
from db.migrate import upgrade

SQLITE_NAME = "watchroom.sqlite"


class MigratedTemplates:
    """One test process's migrated databases, made on first use; ``close`` drops the
    PostgreSQL template."""

    def __init__(self, folder: Path, pg_server_url: str) -> None:
        self._folder = folder
        self._pg_server_url = pg_server_url
        self._sqlite: Path | None = None
        self._pg_template: str | None = None

    def copy_sqlite(self, target: Path) -> None:
        """Put a migrated SQLite database at ``target`` (which must not exist yet)."""
        if self._sqlite is None:
            path = self._folder / SQLITE_NAME
            database = Database(f"sqlite:///{path}")
            try:
                upgrade(database.engine)
                with database.engine.connect() as conn:
                    # Everything into the main file, so that the file alone is the database.
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                database.close()  # the last connection out removes the -wal and -shm files
            for suffix in ("-wal", "-shm"):
                if Path(f"{path}{suffix}").exists():
                    raise RuntimeError(f"{path}{suffix} left after closing the template")
            self._sqlite = path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._sqlite, target)

    def pg_template(self) -> str:
        """The name of a migrated PostgreSQL database to ``CREATE DATABASE`` from; no
        connection to it stays open (PostgreSQL refuses to copy a database in use)."""
        if self._pg_template is None:
            worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
            name = f"wr_tpl_{worker}_{uuid.uuid4().hex[:8]}"
            admin = create_engine(self._pg_server_url, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                self._pg_template = name  # dropped by close() even if migrating fails
                url = make_url(self._pg_server_url).set(database=name)
                database = Database(url.render_as_string(hide_password=False))
                try:
                    upgrade(database.engine)
                finally:
                    database.close()
            finally:
                admin.dispose()
        return self._pg_template

    def close(self) -> None:
        if self._pg_template is None:
            return
        admin = create_engine(self._pg_server_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self._pg_template}" WITH (FORCE)'))
        finally:
            admin.dispose()
            self._pg_template = None
