"""the change feed's retention (issue 24): how far it was pruned, in one row

Pruning deletes old changes in batches; each batch raises ``pruned_through`` in its own
transaction. A reader whose cursor is below it was away longer than the retention and
reloads instead of replaying a partial history.

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    watermark = op.create_table(
        "change_watermark",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pruned_through", BigId, nullable=False),
        sa.Column("pruned_at", When, nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_change_watermark_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_watermark")),
    )
    # Nothing was ever pruned before this revision.
    op.bulk_insert(watermark, [{"id": 1, "pruned_through": 0, "pruned_at": None}])


def downgrade() -> None:
    op.drop_table("change_watermark")
