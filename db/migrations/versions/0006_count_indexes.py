"""partial indexes for the board's paused and overdue counts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name, where in (("ix_cases_paused", "paused_at IS NOT NULL"),
                        ("ix_cases_overdue", "escalation_level >= 2")):
        op.create_index(name, "cases", ["stage"], sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def downgrade() -> None:
    op.drop_index("ix_cases_overdue", table_name="cases")
    op.drop_index("ix_cases_paused", table_name="cases")
