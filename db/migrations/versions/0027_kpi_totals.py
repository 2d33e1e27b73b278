"""running totals of the KPI day rows per grid and per team (issue 24)

A city's whole history is a thousand days of 160,000 grids: summing ``kpi_daily`` for it
read 2.5 million rows at a million cases, 25 million at ten. These two tables keep the
sum of every day row per grid and per team, added to in the same transaction as the day
rows; a period that starts before the first day row reads them and subtracts the few
day rows after its end. Filled here from the day rows already written.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUMS = ("registered", "closed", "ttc_sum", "reworked", "due", "on_time", "esc1", "esc2",
        "esc3")


def _columns() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger(), nullable=False, server_default="0")
            for name in SUMS]


def upgrade() -> None:
    op.create_table("kpi_grid_totals",
                    sa.Column("grid_id", sa.Integer(), primary_key=True,
                              autoincrement=False),
                    *_columns())
    op.create_table("kpi_team_totals",
                    sa.Column("team_id", sa.Integer(), primary_key=True,
                              autoincrement=False),
                    *_columns())
    sums = ", ".join(f"SUM({c})" for c in SUMS)
    names = ", ".join(SUMS)
    for table, key in (("kpi_grid_totals", "grid_id"), ("kpi_team_totals", "team_id")):
        op.execute(f"INSERT INTO {table} ({key}, {names}) "
                   f"SELECT {key}, {sums} FROM kpi_daily GROUP BY {key}")


def downgrade() -> None:
    op.drop_table("kpi_team_totals")
    op.drop_table("kpi_grid_totals")
