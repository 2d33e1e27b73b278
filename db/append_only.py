"""Database-level guards that make a table append-only (SQLite and PostgreSQL triggers)."""

from __future__ import annotations

from sqlalchemy import Connection, text


def forbid_update_and_delete(conn: Connection, table: str) -> None:
    """Install triggers so that the database itself refuses UPDATE and DELETE on ``table``."""
    message = f"{table} is append-only: entries are never changed or removed"
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.execute(
                text(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
            )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$"
            )
        )
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
            )
        )
        conn.execute(
            text(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()"
            )
        )
    else:
        raise RuntimeError(f"no append-only guard for {conn.dialect.name}")


def drop_guard(conn: Connection, table: str) -> None:
    if conn.dialect.name == "sqlite":
        for op in ("update", "delete"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op}"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP FUNCTION IF EXISTS {table}_refuse_change() CASCADE"))
