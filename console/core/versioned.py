"""Optimistic writes: a row's version compared before it is written, one stale-write message.

Mutable rows carry a version. A write names the version the operator saw
(``expected_version``); if someone changed the row since, or wins the race between our
read and our ``UPDATE … WHERE version = n``, the write is refused with a ``ConflictError``
that always reads:

    <Thing> <id> was changed by <display name> at <HH:MM:SS> — reload and try again.

with the time in the center's zone. Who and when come from the row itself when it keeps
``updated_by``/``updated_at``, else from the newest audit entry of the row (every write
that moves a version writes one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, cast

from sqlalchemy import CursorResult, Table, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.core.errors import ConflictError
from console.core.local_time import clock_text
from db.database import Database
from db.models import AuditEntry, Operator


@dataclass(frozen=True, slots=True)
class Versioned:
    """A versioned row as a person names it (``Case C-2026-000001``), its version, and
    where its last change is recorded: the row's own stamp (``changed_by_id``,
    ``changed_at``) when it keeps one, else the audit entries of ``entity``/``entity_id``."""

    thing: str
    ident: str
    entity: str
    entity_id: int
    version: int
    changed_by_id: int | None = None
    changed_at: datetime | None = None


def stale_message(thing: str, ident: str, who: str, when: str) -> str:
    """The one message of a write that lost the race."""
    return f"{thing} {ident} was changed by {who} at {when} — reload and try again."


class VersionedWrites:
    """Optimistic concurrency for a service: checks, compare-and-set, the conflict message.

    ``zone`` gives the center's time zone, in which the time of the other change is told.
    """

    def __init__(self, db: Database, zone: Callable[[], tzinfo]) -> None:
        self._db = db
        self._zone = zone

    def conflict(self, s: Session, row: Versioned) -> ConflictError:
        """The error for a write to ``row`` that someone else's change made stale."""
        who_id, when = row.changed_by_id, row.changed_at
        if who_id is None or when is None:
            last = s.execute(
                select(AuditEntry.operator_id, AuditEntry.at)
                .where(AuditEntry.entity == row.entity, AuditEntry.entity_id == row.entity_id)
                .order_by(AuditEntry.id.desc()).limit(1)).first()
            if last is not None:
                who_id, when = last
        name = (s.scalar(select(Operator.display_name).where(Operator.id == who_id))
                if who_id is not None else None)
        return ConflictError(stale_message(row.thing, row.ident, name or "someone",
                                           clock_text(when, self._zone())))

    def check(self, s: Session, row: Versioned, expected: int | None) -> None:
        """Refuse the write when the operator saw another version than the row's now
        (``expected`` None: the caller saw no particular version)."""
        if expected is not None and expected != row.version:
            raise self.conflict(s, row)

    @contextmanager
    def transaction(self, reread: Callable[[Session], Versioned]) -> Iterator[Session]:
        """A write transaction on ORM rows with a version column. Another writer committing
        between our read and our flush (SQLAlchemy's ``StaleDataError``) becomes the
        conflict of the row ``reread`` finds in a fresh read."""
        try:
            with self._db.write.begin() as s:
                yield s
        except StaleDataError:
            with self._db.read() as s:
                raise self.conflict(s, reread(s)) from None

    def compare_and_set(self, s: Session, table: Table, row: Versioned,
                        values: Mapping[str, Any]) -> None:
        """``UPDATE table SET values, version = version + 1 WHERE id AND version``: a lost
        race becomes the row's conflict."""
        done = cast(CursorResult[Any], s.execute(
            update(table).where(table.c.id == row.entity_id, table.c.version == row.version)
            .values(**values, version=row.version + 1))).rowcount
        if done != 1:
            raise self.conflict(s, row)
