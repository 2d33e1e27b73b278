"""vacuum a city's cases often, and with their indexes, on PostgreSQL (issue 24)

The board's counts (open cases per stage, paused, overdue) are index-only scans of the
open cases: fast (12 ms for 60,000 open among ten million) while the pages holding them
are marked all-visible, slow (69 ms) once updates leave dead entries behind, since each
entry then sends the scan to the table. Open cases are the rows that change all day
(notes, escalations, stage steps), and PostgreSQL's defaults let a ten-million-row table
gather two million dead rows before autovacuum visits it; when it does, it skips the
index pass (and leaves the pages unmarked) if under 2 % of pages have dead entries.

So ``cases`` is vacuumed after 1,000 + 0.5 % changed rows (50,000 at ten million cases,
a few hours of a city's changes) and always with its indexes: each visit marks the open
cases' pages visible again. SQLite has no vacuum of this kind; nothing changes there.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = {"autovacuum_vacuum_scale_factor": "0.005", "autovacuum_vacuum_threshold": "1000",
            "vacuum_index_cleanup": "on"}


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    settings = ", ".join(f"{k} = {v}" for k, v in SETTINGS.items())
    conn.execute(text(f"ALTER TABLE cases SET ({settings})"))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text(f"ALTER TABLE cases RESET ({', '.join(SETTINGS)})"))
