"""Reading the change feed: what other writers touched since the last look."""

from __future__ import annotations

from sqlalchemy import func, select

from console.core.domain import ChangeEvent
from console.core.reconnect import retries_lost_connection
from db.database import ConnectionLost, Database
from db.models import Change


@retries_lost_connection
class ChangeFeed:
    """Cheap polling of the ``changes`` table by primary key (``seq > last_seen``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def latest_seq(self) -> int:
        with self._db.read() as s:
            return s.scalar(select(func.max(Change.seq))) or 0

    def since(self, seq: int, limit: int = 5000) -> list[ChangeEvent]:
        """Changes after ``seq``, oldest first, at most ``limit`` of them.

        While the server is out of reach (restarting, a standby taking over) the answer
        is "nothing new yet" rather than an error on every poll: each reader keeps its
        cursor and reads what it missed once the connection is back.
        """
        try:
            with self._db.read() as s:
                rows = s.execute(
                    select(Change.seq, Change.entity, Change.entity_id, Change.op)
                    .where(Change.seq > seq)
                    .order_by(Change.seq)
                    .limit(limit)
                )
                return [ChangeEvent(*r) for r in rows]
        except ConnectionLost:
            return []
