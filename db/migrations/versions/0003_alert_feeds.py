"""alert feeds: languages, CAP references and message threads, severity rank, who acted

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

SEVERITY_RANK_SQL = (
    "CASE severity WHEN 'Extreme' THEN 1 WHEN 'Severe' THEN 2 "
    "WHEN 'Moderate' THEN 3 WHEN 'Minor' THEN 4 ELSE 5 END"
)

IS_OPEN_SQL = "CASE WHEN status = 'resolved' THEN 0 ELSE 1 END"


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=35), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("infos", sa.Text(), server_default="[]", nullable=False))
        batch_op.add_column(
            sa.Column("cap_references", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("applied_to_id", BigId, nullable=True))
        batch_op.add_column(
            sa.Column("severity_rank", sa.SmallInteger(),
                      sa.Computed(SEVERITY_RANK_SQL, persisted=True), nullable=False))
        batch_op.add_column(
            sa.Column("is_open", sa.SmallInteger(), sa.Computed(IS_OPEN_SQL, persisted=True),
                      nullable=False))
        batch_op.add_column(sa.Column("shelved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_applied_to_id_alerts"), "alerts", ["applied_to_id"], ["id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_shelved_by_id_operators"), "operators", ["shelved_by_id"],
            ["id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_resolved_by_id_operators"), "operators", ["resolved_by_id"],
            ["id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_updated_by_id_operators"), "operators", ["updated_by_id"],
            ["id"])
    # Indexes with descending columns are plain CREATE INDEX statements: SQLite's batch
    # mode (a table copy) cannot carry expressions over.
    order = [sa.text("received_at DESC"), sa.text("id DESC")]
    op.create_index("ix_alerts_open_rank", "alerts", ["is_open", "severity_rank", *order])
    op.create_index("ix_alerts_status_rank", "alerts", ["status", "severity_rank", *order])
    op.create_index("ix_alerts_rank_received", "alerts", ["severity_rank", *order])
    op.create_index("ix_alerts_status_acknowledged", "alerts", ["status", "acknowledged_at"])
    op.create_index("ix_alerts_shelved_until", "alerts", ["shelved_until"])
    op.create_index("ix_alerts_applied_to", "alerts", ["applied_to_id"],
                    sqlite_where=sa.text("applied_to_id IS NOT NULL"),
                    postgresql_where=sa.text("applied_to_id IS NOT NULL"))


def downgrade() -> None:
    for name in ("ix_alerts_applied_to", "ix_alerts_shelved_until",
                 "ix_alerts_status_acknowledged", "ix_alerts_rank_received",
                 "ix_alerts_status_rank", "ix_alerts_open_rank"):
        op.drop_index(name, table_name="alerts")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_alerts_updated_by_id_operators"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_alerts_resolved_by_id_operators"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_alerts_shelved_by_id_operators"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_alerts_applied_to_id_alerts"),
                                 type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("resolved_by_id")
        batch_op.drop_column("shelved_by_id")
        batch_op.drop_column("is_open")
        batch_op.drop_column("severity_rank")
        batch_op.drop_column("applied_to_id")
        batch_op.drop_column("note")
        batch_op.drop_column("cap_references")
        batch_op.drop_column("infos")
        batch_op.drop_column("language")
