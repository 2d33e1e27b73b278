"""operators' phone and e-mail (issue 16: operators come from a sheet with their contact)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty for everyone so far: the operator sheet (import --kind operators) fills them.
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("email", sa.String(length=254), server_default="",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_column("email")
        batch_op.drop_column("phone")
