"""case facts for the KPIs (issue 7)

One narrow row per closed case (epoch-second times, on-time flag, time to close without
paused time, rework, escalation times) and counts per UTC day, grid and team, both
written by the case service when a case closes; existing closed cases are backfilled here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.kpi_facts import DAILY_COLUMNS, backfill_facts

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_INDEXES = (
    ("ix_case_facts_closed", ["closed_s"]),
    ("ix_case_facts_due", ["due_s"]),
    ("ix_case_facts_reported", ["reported_s"]),
    ("ix_case_facts_registered", ["registered_s", "closed_s"]),
    ("ix_case_facts_esc1", ["esc1_s"]),
    ("ix_case_facts_esc2", ["esc2_s"]),
    ("ix_case_facts_esc3", ["esc3_s"]),
    ("ix_case_facts_ttc", ["ttc_s", "closed_s"]),
    ("ix_case_facts_grid_ttc", ["grid_id", "ttc_s", "closed_s"]),
    ("ix_case_facts_team_ttc", ["team_id", "ttc_s", "closed_s"]),
)


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
    op.create_table(
        "kpi_daily",
        sa.Column("day_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("grid_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("team_id", sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(name, sa.BigInteger() if name == "ttc_sum" else sa.Integer(),
                    nullable=False) for name in DAILY_COLUMNS),
        sa.PrimaryKeyConstraint("day_s", "grid_id", "team_id", name=op.f("pk_kpi_daily")),
    )
    backfill_facts(op.get_bind())  # before the indexes: a million inserts go faster
    with op.batch_alter_table("case_facts", schema=None) as batch_op:
        for name, columns in _INDEXES:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_facts", schema=None) as batch_op:
        for name, _ in reversed(_INDEXES):
            batch_op.drop_index(name)
    op.drop_table("kpi_daily")
    op.drop_table("case_facts")
