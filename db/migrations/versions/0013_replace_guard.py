"""REPLACE cannot rewrite the audit log or a signed handover (issue 18).

On SQLite, ``REPLACE INTO`` / ``INSERT OR REPLACE`` resolves a key conflict by deleting
the old row and inserting the new one, and the delete triggers do not fire (they would
only with ``PRAGMA recursive_triggers``, which a hostile client need not set). A BEFORE
INSERT trigger now refuses an insert whose id is already in the audit log, or already a
signed handover. An UPSERT (``ON CONFLICT DO UPDATE``) is an UPDATE and was refused
before, on both backends; PostgreSQL has no REPLACE. The SQL is frozen here, not imported.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT = "audit_log is append-only: entries are never changed or removed"
HANDOVER = "a signed handover never changes"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.execute(text(
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
        "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END"))
    bind.execute(text(
        "CREATE TRIGGER handovers_signed_no_replace BEFORE INSERT ON handovers "
        "WHEN EXISTS (SELECT 1 FROM handovers WHERE id = NEW.id "
        "AND outgoing_signed_at IS NOT NULL) "
        f"BEGIN SELECT RAISE(ABORT, '{HANDOVER}'); END"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.execute(text("DROP TRIGGER IF EXISTS audit_log_no_replace"))
    bind.execute(text("DROP TRIGGER IF EXISTS handovers_signed_no_replace"))
