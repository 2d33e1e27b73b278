"""the board's order as a partial index of the open cases on PostgreSQL (issue 24)

The board's first page is the 200 most urgent open cases: supervised first, then by
escalation level, then by the nearest deadline. A city has 60,000 open cases among ten
million; without an index in that order PostgreSQL sorts every open case for each page.
This index holds only the open cases (its WHERE is the board's own stage list), in the
board's order, so a page is the first 200 entries of it.

SQLite is left as it is: it uses a partial index only when the query repeats the index's
condition word for word, and a district's board sorts its few thousand open cases in
milliseconds. The models do not list this index (an expression index, which Alembic's
comparison skips).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = ("reported", "registered", "dispatched", "in_progress", "resolved", "verified")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    stages = ", ".join(f"'{s}'" for s in OPEN)
    conn.execute(text(
        "CREATE INDEX ix_cases_board ON cases (supervised DESC, escalation_level DESC, "
        f"(next_due_at IS NULL), next_due_at, id) WHERE stage IN ({stages})"))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text("DROP INDEX IF EXISTS ix_cases_board"))
