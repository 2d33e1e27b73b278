"""roster members' e-mail (issue 19: a page by e-mail to the on-duty member, the team
leader or the grid worker needs their address, as an SMS needs their phone)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty for everyone so far: the roster sheet's email column fills it.
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), server_default="",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("email")
