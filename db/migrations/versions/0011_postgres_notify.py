"""PostgreSQL change notification (issue 9)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Reserved in the revision chain while this change is written."""


def downgrade() -> None:
    """Reserved in the revision chain while this change is written."""
