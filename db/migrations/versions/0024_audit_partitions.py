"""the audit log partitioned by year on PostgreSQL (issue 24, city scale)

A city's audit log grows by tens of millions of entries a year and refuses DELETE, so a
closed year can only leave the database whole: as a partition, detached, dumped and
dropped. ``audit_log`` becomes a table partitioned by RANGE (at), one partition per year
present in the data plus a default partition; the app adds this year's and next year's as
it opens (db/partitions.py). The primary key becomes (id, at), since a partitioned table's
unique keys must include the partition key; ids still come from the one sequence, so they
stay unique and rising. The handover's foreign key to audit_log.id goes for that reason.
A BRIN index on ``at`` (a few pages a year) serves reads bounded in time.

SQLite: nothing changes.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "audit_log is append-only: entries are never changed or removed"
HANDOVER_FK = "fk_significant_events_audit_id_audit_log"


def _guard(conn: Connection) -> None:
    """The append-only guard of migration 0001, on the partitioned table (PostgreSQL 13+
    clones row triggers to every partition, present and future)."""
    conn.execute(text(
        "CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"))
    conn.execute(text(
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"))
    conn.execute(text(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()"))


def _move(conn: Connection, create_new: Sequence[str], keys: Sequence[str]) -> None:
    """Rename the current table aside, create the new one (and its partitions), copy the
    rows over, hand the id sequence to the new table and drop the old one; then the keys,
    indexes and the append-only guard."""
    sequence = conn.execute(text("SELECT pg_get_serial_sequence('audit_log', 'id')")).scalar_one()
    conn.execute(text("ALTER TABLE significant_events "
                      f"DROP CONSTRAINT IF EXISTS {HANDOVER_FK}"))
    conn.execute(text("ALTER TABLE audit_log RENAME TO audit_log_old"))
    conn.execute(text("ALTER TABLE audit_log_old DROP CONSTRAINT pk_audit_log"))
    conn.execute(text("ALTER TABLE audit_log_old "
                      "DROP CONSTRAINT fk_audit_log_operator_id_operators"))
    conn.execute(text("DROP INDEX IF EXISTS ix_audit_log_entity"))
    for statement in create_new:
        conn.execute(text(statement))
    conn.execute(text("INSERT INTO audit_log SELECT * FROM audit_log_old"))
    conn.execute(text(f"ALTER SEQUENCE {sequence} OWNED BY NONE"))
    conn.execute(text("DROP TABLE audit_log_old"))
    conn.execute(text("DROP FUNCTION IF EXISTS audit_log_refuse_change() CASCADE"))
    conn.execute(text(f"ALTER TABLE audit_log ALTER COLUMN id SET DEFAULT nextval('{sequence}')"))
    conn.execute(text(f"ALTER SEQUENCE {sequence} OWNED BY audit_log.id"))
    conn.execute(text(f"ALTER TABLE audit_log ADD CONSTRAINT pk_audit_log "
                      f"PRIMARY KEY ({', '.join(keys)})"))
    conn.execute(text(
        "ALTER TABLE audit_log ADD CONSTRAINT fk_audit_log_operator_id_operators "
        "FOREIGN KEY (operator_id) REFERENCES operators (id)"))
    conn.execute(text("CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, id)"))
    _guard(conn)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    years = conn.execute(text(
        "SELECT DISTINCT extract(year FROM at AT TIME ZONE 'UTC')::int FROM audit_log "
        "ORDER BY 1")).scalars().all()
    _move(conn, [
        "CREATE TABLE audit_log (LIKE audit_log_old INCLUDING DEFAULTS) "
        "PARTITION BY RANGE (at)",
        *(f"CREATE TABLE audit_log_y{year} PARTITION OF audit_log FOR VALUES FROM "
          f"('{year}-01-01 00:00:00+00') TO ('{year + 1}-01-01 00:00:00+00')"
          for year in years),
        "CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT",
    ], ("id", "at"))
    conn.execute(text("CREATE INDEX ix_audit_log_at_brin ON audit_log USING brin (at)"))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text("DROP INDEX IF EXISTS ix_audit_log_at_brin"))
    _move(conn, ["CREATE TABLE audit_log (LIKE audit_log_old INCLUDING DEFAULTS)"], ("id",))
    conn.execute(text(
        f"ALTER TABLE significant_events ADD CONSTRAINT {HANDOVER_FK} "
        "FOREIGN KEY (audit_id) REFERENCES audit_log (id)"))
