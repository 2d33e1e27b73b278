"""Sign-in slows down instead of locking out (issue 18): wrong passwords are counted per
typed name, known or not, so the answer and its timing say nothing about which names
exist, and nobody can lock an administrator out by guessing.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("wait_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name="pk_sign_in_throttle"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
