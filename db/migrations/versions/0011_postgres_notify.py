"""PostgreSQL change notification (issue 9): the change feed numbered in commit order,
and a NOTIFY per change, so seats see each other at once and never skip a change.
Nothing changes on SQLite, whose writers already commit one at a time in number order.

The trigger is written out here as db/pg_coordination.py had it (its channel, lock keys and
threshold as literal values), so a later change there cannot change this migration.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The NOTIFY channel consoles listen on; advisory lock (namespace "WR", key 1) that
# numbers one transaction's changes at a time; above this many changes in a transaction,
# one summary notification (entity "*").
CHANGES_CHANNEL = "watchroom_changes"
LOCK_NAMESPACE = 0x5752
CHANGE_ORDER_LOCK = 1
NOTIFY_EACH_UP_TO = 100

_PROVISIONAL_SEQUENCE = "changes_provisional_seq"
_FUNCTION = "changes_number_at_commit"
_TRIGGER = "changes_number_at_commit"


def upgrade() -> None:
    install_commit_order(op.get_bind())


def downgrade() -> None:
    drop_commit_order(op.get_bind())


def install_commit_order(conn: Connection) -> None:
    """Number ``changes`` rows in commit order and NOTIFY them (PostgreSQL only).

    A sequence value is taken when a row is inserted, but transactions commit in any
    order, so a reader doing ``seq > last_seen`` could move past a number whose row
    commits later and never see it. Here an insert takes a *provisional* negative
    number (invisible to readers, which only ask for ``seq > last_seen >= 0``); a
    deferred constraint trigger, run as the transaction commits, takes a transaction
    advisory lock — held until the commit is visible — and renumbers the
    transaction's rows from the real sequence. Numbers are thus handed out in the
    order transactions become visible, and the lock is held only for the commit, after
    every row lock of the transaction is taken, so it adds no deadlock.
    """
    if conn.dialect.name != "postgresql":
        return
    real = conn.execute(text("SELECT pg_get_serial_sequence('changes', 'seq')")).scalar_one()
    conn.execute(text(f"CREATE SEQUENCE {_PROVISIONAL_SEQUENCE} AS bigint"))
    conn.execute(text(
        f"ALTER TABLE changes ALTER COLUMN seq SET DEFAULT -nextval('{_PROVISIONAL_SEQUENCE}')"))
    conn.execute(text(f"""
CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pending bigint;
    base bigint;
    notified bigint;
BEGIN
    -- The first row's trigger renumbers every row of the transaction; the rest find
    -- their provisional number gone and stop here.
    IF NEW.seq >= 0 OR NOT EXISTS (SELECT 1 FROM changes WHERE seq = NEW.seq) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock({LOCK_NAMESPACE}, {CHANGE_ORDER_LOCK});
    -- Negative numbers a reader can see are this transaction's own rows only.
    SELECT count(*) INTO pending FROM changes WHERE seq < 0;
    base := nextval('{real}');
    IF pending > 1 THEN
        PERFORM setval('{real}', base + pending - 1);
    END IF;
    WITH numbered AS (
        SELECT seq, row_number() OVER (ORDER BY seq DESC) AS n FROM changes WHERE seq < 0
    ), renumbered AS (
        UPDATE changes c SET seq = base + numbered.n - 1
        FROM numbered WHERE c.seq = numbered.seq
        RETURNING c.seq, c.entity, c.entity_id
    )
    SELECT count(*) INTO notified FROM (
        SELECT pg_notify('{CHANGES_CHANNEL}', json_build_object(
            'seq', seq, 'entity', entity, 'id', entity_id)::text)
        FROM renumbered WHERE pending <= {NOTIFY_EACH_UP_TO}
    ) notified;
    IF notified = 0 THEN
        PERFORM pg_notify('{CHANGES_CHANNEL}', json_build_object(
            'seq', base + pending - 1, 'entity', '*', 'id', 0)::text);
    END IF;
    RETURN NULL;
END $$"""))
    conn.execute(text(
        f"CREATE CONSTRAINT TRIGGER {_TRIGGER} AFTER INSERT ON changes "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()"))


def drop_commit_order(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    real = conn.execute(text("SELECT pg_get_serial_sequence('changes', 'seq')")).scalar_one()
    conn.execute(text(f"DROP TRIGGER IF EXISTS {_TRIGGER} ON changes"))
    conn.execute(text(f"DROP FUNCTION IF EXISTS {_FUNCTION}()"))
    conn.execute(text(f"ALTER TABLE changes ALTER COLUMN seq SET DEFAULT nextval('{real}')"))
    conn.execute(text(f"DROP SEQUENCE IF EXISTS {_PROVISIONAL_SEQUENCE}"))
