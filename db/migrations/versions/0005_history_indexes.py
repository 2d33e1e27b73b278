"""history indexes: page closed cases in closed_at order, per grid or team

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain CREATE/DROP INDEX: no table rebuild, so this is quick even at a million cases.
    op.drop_index("ix_cases_closed_at", table_name="cases")
    op.drop_index("ix_cases_grid_stage", table_name="cases")
    op.drop_index("ix_cases_team_stage", table_name="cases")
    op.create_index("ix_cases_stage_closed", "cases", ["stage", "closed_at"])
    op.create_index("ix_cases_grid_stage_closed", "cases", ["grid_id", "stage", "closed_at"])
    op.create_index("ix_cases_team_stage_closed", "cases", ["team_id", "stage", "closed_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_team_stage_closed", table_name="cases")
    op.drop_index("ix_cases_grid_stage_closed", table_name="cases")
    op.drop_index("ix_cases_stage_closed", table_name="cases")
    op.create_index("ix_cases_team_stage", "cases", ["team_id", "stage"])
    op.create_index("ix_cases_grid_stage", "cases", ["grid_id", "stage"])
    op.create_index("ix_cases_closed_at", "cases", ["closed_at"])
