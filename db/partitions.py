"""The audit log's yearly partitions on PostgreSQL (migration 0024).

A city writes tens of millions of audit entries a year into a log that refuses UPDATE and
DELETE. Partitioned by the year of ``at``, a closed year is one table: it can be detached,
dumped and dropped whole (README, "Retention and growth"), a query bounded in time reads
only its years, and each year's indexes stay the size of one year. Rows of a year that has
no partition yet land in ``audit_log_default``; the app creates this year's and next
year's partitions when it opens (``ensure_audit_years``), so that only happens if no
console or engine ran for a whole year.

SQLite has no partitions: there the audit log stays one table, and nothing here runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

AUDIT = "audit_log"
DEFAULT_PARTITION = "audit_log_default"
# Objects the PostgreSQL schema has beyond (or instead of) the models' description: the
# schema comparison in tests/unit/core/test_storage.py leaves them out.
POSTGRES_ONLY_INDEXES = frozenset({
    "ix_audit_log_at_brin",
    "ix_cases_board",  # migration 0026: the board's order over the open cases
})
# A partitioned table's unique keys must include the partition key, so audit_log.id alone
# cannot be a foreign key's target: the handover's significant events name the entry by
# id without the database checking it (an archived year takes its entries away).
POSTGRES_DROPPED_FOREIGN_KEYS = frozenset({"fk_significant_events_audit_id_audit_log"})


def year_partition(year: int) -> str:
    return f"{AUDIT}_y{year}"


def is_partition_name(name: str) -> bool:
    """True for the name of one of the audit log's partitions."""
    suffix = name.removeprefix(f"{AUDIT}_y")
    return name == DEFAULT_PARTITION or (suffix != name and suffix.isdigit())


def is_partitioned(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.execute(text(
        "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        "WHERE c.relname = :t AND pg_table_is_visible(c.oid)"), {"t": AUDIT}).scalar())


def existing_years(conn: Connection) -> set[int]:
    rows = conn.execute(text(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :t"), {"t": AUDIT})
    prefix = f"{AUDIT}_y"
    return {int(name[len(prefix):]) for (name,) in rows
            if name.startswith(prefix) and name[len(prefix):].isdigit()}


def ensure_audit_years(conn: Connection, years: Iterable[int]) -> list[int]:
    """Create the yearly partitions of ``years`` that do not exist yet; returns the years
    created. A year whose entries already sit in the default partition is left there
    (PostgreSQL refuses the new partition) and logged: those entries stay readable, and
    the README's archive procedure covers the default partition too."""
    if not is_partitioned(conn):
        return []
    have = existing_years(conn)
    made: list[int] = []
    for year in sorted(set(years) - have):
        try:
            with conn.begin_nested():
                conn.execute(text(
                    f"CREATE TABLE {year_partition(year)} PARTITION OF {AUDIT} "
                    f"FOR VALUES FROM ('{year}-01-01 00:00:00+00') "
                    f"TO ('{year + 1}-01-01 00:00:00+00')"))
        except DBAPIError as exc:
            log.warning("audit log: no partition for %s (%s); its entries stay in %s",
                        year, str(exc.orig).strip(), DEFAULT_PARTITION)
            continue
        made.append(year)
    return made


def keep_years_ahead(engine: Engine, now: datetime) -> list[int]:
    """This year's and next year's audit partitions, created if missing (PostgreSQL; a
    no-op elsewhere). Every console and the engine call it as they open."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.begin() as conn:
        return ensure_audit_years(conn, (now.year, now.year + 1))
