"""Reading the change feed: what other writers touched since the last look, and whether a
reader was away so long that what it missed has been pruned."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from console.core.domain import ChangeEvent
from console.core.reconnect import retries_lost_connection
from db.database import ConnectionLost, Database
from db.models import Change, ChangeWatermark


class ChangesPruned(Exception):
    """The reader's cursor is below the prune watermark: the changes after it that it has
    not read are (partly) gone, so replaying the rest would show a partial history.

    The reader reloads what it shows instead, after moving its cursor to ``resume_at``
    (the newest change when this was found, read before the reload: whatever is written
    later is read from the feed as usual, whatever before is in the reload).

    Attributes:
        cursor: the reader's cursor that fell behind.
        pruned_through: every change with ``seq <= pruned_through`` was deleted.
        resume_at: where the reader goes on reading after its reload.
    """

    def __init__(self, cursor: int, pruned_through: int, resume_at: int) -> None:
        super().__init__(f"changes after {cursor} were pruned through {pruned_through}; "
                         f"reload and read on after {resume_at}")
        self.cursor = cursor
        self.pruned_through = pruned_through
        self.resume_at = resume_at


def pruned_through(session: Session) -> int:
    """The prune watermark (0: nothing was ever pruned)."""
    return session.scalar(select(ChangeWatermark.pruned_through)
                          .where(ChangeWatermark.id == 1)) or 0


def _latest(session: Session) -> int:
    # The watermark too: when every change was pruned the table is empty, and the next
    # change is still numbered above it (AUTOINCREMENT and sequences never go back).
    return max(session.scalar(select(func.max(Change.seq))) or 0, pruned_through(session))


@retries_lost_connection
class ChangeFeed:
    """Cheap polling of the ``changes`` table by primary key (``seq > last_seen``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def latest_seq(self) -> int:
        """The newest change's number, where a new reader starts (never below the prune
        watermark, so a reader starting on an emptied feed is not behind it)."""
        with self._db.read() as s:
            return _latest(s)

    def pruned_through(self) -> int:
        """Every change with ``seq`` up to this number was pruned (0: none)."""
        with self._db.read() as s:
            return pruned_through(s)

    def since(self, seq: int, limit: int = 5000) -> list[ChangeEvent]:
        """Changes after ``seq``, oldest first, at most ``limit`` of them.

        Raises ``ChangesPruned`` when ``seq`` is below the prune watermark: the reader
        was away longer than the retention and must reload (a gap in the numbers alone
        is no sign of it; PostgreSQL can burn a number).

        While the server is out of reach (restarting, a standby taking over) the answer
        is "nothing new yet" rather than an error on every poll: each reader keeps its
        cursor and reads what it missed once the connection is back.
        """
        page = (select(Change.seq, Change.entity, Change.entity_id, Change.op)
                .where(Change.seq > seq).order_by(Change.seq).limit(limit).subquery())
        # One statement, one snapshot: the watermark row joined to the page of changes
        # (none: one row of NULLs), so a prune committing meanwhile cannot slip between.
        query = (select(ChangeWatermark.pruned_through, page.c.seq, page.c.entity,
                        page.c.entity_id, page.c.op)
                 .select_from(ChangeWatermark).outerjoin(page, true())
                 .where(ChangeWatermark.id == 1).order_by(page.c.seq))
        try:
            with self._db.read() as s:
                rows: list[tuple[Any, ...]] = [tuple(r) for r in s.execute(query)]
                if not rows:  # no watermark row (made without the migration): none pruned
                    rows = [(0, *r) for r in s.execute(select(page))]
                watermark = rows[0][0] if rows else 0
                if seq < watermark:
                    raise ChangesPruned(seq, watermark, _latest(s))
                return [ChangeEvent(*r[1:]) for r in rows if r[1] is not None]
        except ConnectionLost:
            return []
