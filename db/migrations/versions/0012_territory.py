"""The territory of a real center (issue 16): districts, streets and communities as areas,
grids with their whole shape, parent area, population and retirement, and the center's
settings (name, time zone). Existing grids get their shape from their polygon ring.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", BigId, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("name_zh", sa.String(120), nullable=False),
        sa.Column("name_en", sa.String(120), nullable=False),
        sa.Column("parent_id", BigId, sa.ForeignKey("areas.id", name="fk_areas_parent_id_areas"),
                  nullable=True),
        sa.Column("geometry", sa.Text, nullable=False),
        sa.Column("households", sa.Integer, nullable=True),
        sa.Column("population", sa.Integer, nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_areas"),
        sa.UniqueConstraint("code", name="uq_areas_code"),
        sa.CheckConstraint("level IN ('district', 'street', 'community')",
                           name="ck_areas_level"),
    )
    op.create_index("ix_areas_parent", "areas", ["parent_id"])
    op.create_table(
        "center_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_center_settings"),
    )
    with op.batch_alter_table("grids") as batch:
        batch.add_column(sa.Column("geometry", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("area_id", BigId, nullable=True))
        batch.add_column(sa.Column("population", sa.Integer, nullable=True))
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.create_foreign_key("fk_grids_area_id_areas", "areas", ["area_id"], ["id"])
    bind = op.get_bind()
    grids = sa.table("grids", sa.column("id", sa.Integer), sa.column("polygon", sa.Text),
                     sa.column("geometry", sa.Text))
    rows = bind.execute(sa.select(grids.c.id, grids.c.polygon)).all()
    for grid_id, polygon in rows:
        ring = json.loads(polygon or "[]")
        if len(ring) >= 4:
            shape = {"type": "MultiPolygon", "coordinates": [[ring]]}
            bind.execute(grids.update().where(grids.c.id == grid_id)
                         .values(geometry=json.dumps(shape, separators=(",", ":"))))


def downgrade() -> None:
    with op.batch_alter_table("grids") as batch:
        batch.drop_constraint("fk_grids_area_id_areas", type_="foreignkey")
        batch.drop_column("version")
        batch.drop_column("retired_at")
        batch.drop_column("population")
        batch.drop_column("area_id")
        batch.drop_column("geometry")
    op.drop_table("center_settings")
    op.drop_index("ix_areas_parent", table_name="areas")
    op.drop_table("areas")
