"""paging (issue 19): channels, rules and the outbox of pages

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "paging_channels",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("timeout_s", sa.Integer, nullable=False),
        sa.Column("rate_per_min", sa.Integer, nullable=False),
        sa.Column("give_up_min", sa.Integer, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_paging_channels"),
        sa.UniqueConstraint("name", name="uq_paging_channels_name"),
    )
    op.create_table(
        "paging_rules",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("severity", sa.SmallInteger, nullable=True),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("channel_id", sa.Integer, nullable=False),
        sa.Column("repeat_min", sa.Integer, nullable=True),
        sa.Column("repeats", sa.Integer, nullable=False),
        sa.Column("then_rule_id", sa.Integer, nullable=True),
        sa.Column("quiet", sa.String(length=11), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.ForeignKeyConstraint(["channel_id"], ["paging_channels.id"],
                                name="fk_paging_rules_channel_id_paging_channels"),
        sa.ForeignKeyConstraint(["then_rule_id"], ["paging_rules.id"],
                                name="fk_paging_rules_then_rule_id_paging_rules"),
        sa.PrimaryKeyConstraint("id", name="pk_paging_rules"),
    )
    op.create_index("ix_paging_rules_trigger", "paging_rules", ["trigger", "active"])
    op.create_table(
        "pages",
        sa.Column("id", BigId, nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("cause_key", sa.String(length=128), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.Integer, nullable=True),
        sa.Column("channel_id", sa.Integer, nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("alert_id", BigId, nullable=True),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", BigId, nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("step", sa.SmallInteger, nullable=False),
        sa.Column("repeat_no", sa.SmallInteger, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("next_attempt_at", When, nullable=True),
        sa.Column("last_attempt_at", When, nullable=True),
        sa.Column("claim", sa.String(length=36), nullable=False),
        sa.Column("claimed_until", When, nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.Column("sent_at", When, nullable=True),
        sa.Column("acknowledged_at", When, nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer, nullable=True),  # operators.id: Integer
        sa.ForeignKeyConstraint(["rule_id"], ["paging_rules.id"],
                                name="fk_pages_rule_id_paging_rules"),
        sa.ForeignKeyConstraint(["channel_id"], ["paging_channels.id"],
                                name="fk_pages_channel_id_paging_channels"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_pages_case_id_cases"),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_pages_alert_id_alerts"),
        sa.ForeignKeyConstraint(["acknowledged_by_id"], ["operators.id"],
                                name="fk_pages_acknowledged_by_id_operators"),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
        sa.UniqueConstraint("code", name="uq_pages_code"),
    )
    op.create_index("ix_pages_next_attempt", "pages", ["next_attempt_at"])
    op.create_index("ix_pages_cause", "pages", ["cause_key"])
    op.create_index("ix_pages_case", "pages", ["case_id", "id"])
    op.create_index("ix_pages_channel_attempt", "pages", ["channel_id", "last_attempt_at"])


def downgrade() -> None:
    op.drop_table("pages")
    op.drop_table("paging_rules")
    op.drop_table("paging_channels")
