"""shift handovers and significant events (issue 8)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection, text

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shift_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shift_name", sa.String(length=48), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("outgoing_operator_id", sa.Integer(), nullable=True),
        sa.Column("outgoing_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("incoming_operator_id", sa.Integer(), nullable=True),
        sa.Column("incoming_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("incoming_signed_at IS NULL OR outgoing_signed_at IS NOT NULL",
                           name=op.f("ck_handovers_out_before_in")),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["operators.id"],
                                name=op.f("fk_handovers_proposed_by_id_operators")),
        sa.ForeignKeyConstraint(["outgoing_operator_id"], ["operators.id"],
                                name=op.f("fk_handovers_outgoing_operator_id_operators")),
        sa.ForeignKeyConstraint(["incoming_operator_id"], ["operators.id"],
                                name=op.f("fk_handovers_incoming_operator_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index("ix_handovers_shift_start", ["shift_start"], unique=False)

    op.create_table(
        "significant_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", BigId, nullable=True),
        sa.Column("alert_id", BigId, nullable=True),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flagged_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("(audit_id IS NULL) <> (alert_id IS NULL)",
                           name=op.f("ck_significant_events_one_subject")),
        sa.ForeignKeyConstraint(["audit_id"], ["audit_log.id"],
                                name=op.f("fk_significant_events_audit_id_audit_log")),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"],
                                name=op.f("fk_significant_events_alert_id_alerts")),
        sa.ForeignKeyConstraint(["flagged_by_id"], ["operators.id"],
                                name=op.f("fk_significant_events_flagged_by_id_operators")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_significant_events")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_significant_events_audit_id")),
        sa.UniqueConstraint("alert_id", name=op.f("uq_significant_events_alert_id")),
    )
    with op.batch_alter_table("significant_events", schema=None) as batch_op:
        batch_op.create_index("ix_significant_events_event_at", ["event_at"], unique=False)
        batch_op.create_index("ix_significant_events_flagged_at", ["flagged_at"],
                              unique=False)

    forbid_changing_signed(op.get_bind())


def downgrade() -> None:
    drop_signed_guard(op.get_bind())
    with op.batch_alter_table("significant_events", schema=None) as batch_op:
        batch_op.drop_index("ix_significant_events_flagged_at")
        batch_op.drop_index("ix_significant_events_event_at")
    op.drop_table("significant_events")
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index("ix_handovers_shift_start")
    op.drop_table("handovers")


# ---- the guard of signed handovers, as db/handover_guard.py had it -------------------

MESSAGE = "a signed handover never changes"
# Columns frozen by the outgoing signature.
OUTGOING_FROZEN = ("snapshot", "notes", "shift_start", "shift_end", "outgoing_operator_id",
                   "outgoing_signed_at")


def forbid_changing_signed(conn: Connection) -> None:
    """Install the triggers on ``handovers``."""
    if conn.dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in OUTGOING_FROZEN)
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_update BEFORE UPDATE ON handovers "
            "WHEN OLD.incoming_signed_at IS NOT NULL OR "
            f"(OLD.outgoing_signed_at IS NOT NULL AND ({changed})) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"))
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_delete BEFORE DELETE ON handovers "
            "WHEN OLD.outgoing_signed_at IS NOT NULL "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"))
    elif conn.dialect.name == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in OUTGOING_FROZEN)
        conn.execute(text(
            "CREATE FUNCTION handovers_refuse_signed_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'TRUNCATE' THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
            "IF TG_OP = 'DELETE' THEN "
            f"  IF OLD.outgoing_signed_at IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; "
            "  END IF; RETURN OLD; END IF; "
            "IF OLD.incoming_signed_at IS NOT NULL OR "
            f"(OLD.outgoing_signed_at IS NOT NULL AND ({changed})) THEN "
            f"  RAISE EXCEPTION '{MESSAGE}'; END IF; "
            "RETURN NEW; END $$"))
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_change BEFORE UPDATE OR DELETE ON handovers "
            "FOR EACH ROW EXECUTE FUNCTION handovers_refuse_signed_change()"))
        conn.execute(text(
            "CREATE TRIGGER handovers_no_truncate BEFORE TRUNCATE ON handovers "
            "FOR EACH STATEMENT EXECUTE FUNCTION handovers_refuse_signed_change()"))
    else:
        raise RuntimeError(f"no handover guard for {conn.dialect.name}")


def drop_signed_guard(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS handovers_signed_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS handovers_signed_no_delete"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text("DROP FUNCTION IF EXISTS handovers_refuse_signed_change() CASCADE"))
