"""the real map (issue 21): a case's point (WGS84 longitude/latitude, the grid derived from
it) and the center's basemaps (MBTiles files, XYZ tile folders, cached XYZ URLs)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

When = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Cases reported so far have no point: both columns stay empty for them.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lon", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("lat", sa.Float(), nullable=True))
    op.create_table(
        "basemaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("min_zoom", sa.Integer(), nullable=False),
        sa.Column("max_zoom", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", When, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('mbtiles', 'xyz', 'url')", name=op.f("ck_basemaps_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_basemaps")),
        sa.UniqueConstraint("name", name=op.f("uq_basemaps_name")),
    )


def downgrade() -> None:
    op.drop_table("basemaps")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("lat")
        batch_op.drop_column("lon")
