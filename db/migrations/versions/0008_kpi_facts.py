"""case facts for the KPIs (issue 7)

One narrow row per closed case (epoch-second times, on-time flag, time to close without
paused time, rework, escalation times), written by the case service when a case closes;
existing closed cases are backfilled here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.kpi_facts import backfill_facts

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("case_id", _BIG_ID, autoincrement=False, nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("reported_s", sa.BigInteger(), nullable=False),
        sa.Column("registered_s", sa.BigInteger(), nullable=True),
        sa.Column("closed_s", sa.BigInteger(), nullable=False),
        sa.Column("resolved_s", sa.BigInteger(), nullable=True),
        sa.Column("due_s", sa.BigInteger(), nullable=True),
        sa.Column("on_time", sa.SmallInteger(), nullable=True),
        sa.Column("ttc_s", sa.BigInteger(), nullable=False),
        sa.Column("rework", sa.SmallInteger(), nullable=False),
        sa.Column("esc1_s", sa.BigInteger(), nullable=True),
        sa.Column("esc2_s", sa.BigInteger(), nullable=True),
        sa.Column("esc3_s", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_case_facts_case_id_cases")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_facts")),
    )
    backfill_facts(op.get_bind())
    with op.batch_alter_table("case_facts", schema=None) as batch_op:
        batch_op.create_index("ix_case_facts_closed", ["closed_s"], unique=False)
        batch_op.create_index("ix_case_facts_due", ["due_s"], unique=False)
        batch_op.create_index("ix_case_facts_reported", ["reported_s"], unique=False)
        batch_op.create_index("ix_case_facts_esc1", ["esc1_s"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_case_facts_esc1")
        batch_op.drop_index("ix_case_facts_reported")
        batch_op.drop_index("ix_case_facts_due")
        batch_op.drop_index("ix_case_facts_closed")
    op.drop_table("case_facts")
