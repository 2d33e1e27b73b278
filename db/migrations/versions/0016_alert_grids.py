"""Every grid an alert's area covers (issue 17: a CAP alert covering several grids is
attached to all of them). Existing alerts keep the one grid they had.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "alert_grids",
        sa.Column("alert_id", BigId, nullable=False),
        sa.Column("grid_id", sa.Integer, nullable=False),  # grids.id is an Integer
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"],
                                name="fk_alert_grids_alert_id_alerts", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"],
                                name="fk_alert_grids_grid_id_grids"),
        sa.PrimaryKeyConstraint("alert_id", "grid_id", name="pk_alert_grids"),
    )
    op.create_index("ix_alert_grids_grid", "alert_grids", ["grid_id", "alert_id"])
    op.execute("INSERT INTO alert_grids (alert_id, grid_id) "
               "SELECT id, grid_id FROM alerts WHERE grid_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_alert_grids_grid", table_name="alert_grids")
    op.drop_table("alert_grids")
