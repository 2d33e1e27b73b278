"""PostgreSQL change notification (issue 9): the change feed numbered in commit order,
and a NOTIFY per change, so seats see each other at once and never skip a change.
Nothing changes on SQLite, whose writers already commit one at a time in number order.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from db.pg_coordination import drop_commit_order, install_commit_order

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    install_commit_order(op.get_bind())


def downgrade() -> None:
    drop_commit_order(op.get_bind())
