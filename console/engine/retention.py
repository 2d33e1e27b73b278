"""The change feed's retention: how long changes are kept, and pruning the older ones in
bounded batches with a watermark readers can trust."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.changes import pruned_through
from console.core.domain import OperatorRef, Role
from console.core.errors import ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import require_role
from db.database import Database
from db.models import CenterSetting, Change, ChangeWatermark

log = logging.getLogger(__name__)

RETENTION_KEY = "change_retention_days"  # in center_settings, as whole days
DEFAULT_RETENTION_DAYS = 7
RETENTION_DAYS_RANGE = (1, 3650)
PRUNE_BATCH = 10_000  # changes deleted per transaction: a short lock, never a city's table
RETENTION_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})


@dataclass(frozen=True, slots=True)
class PruneReport:
    """What one prune did: ``deleted`` changes older than ``cutoff`` in ``batches``
    transactions; the watermark went from ``before`` to ``pruned_through``."""

    cutoff: datetime
    retention_days: int
    deleted: int
    batches: int
    before: int
    pruned_through: int


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """The change feed as it stands: its retention, watermark, and the changes kept."""

    retention_days: int
    pruned_through: int
    pruned_at: datetime | None
    oldest_seq: int | None
    latest_seq: int
    kept: int
    oldest_at: datetime | None


def check_retention_days(value: object) -> int:
    """``value`` as a retention in whole days (1 to 3650), or ValidationError."""
    low, high = RETENTION_DAYS_RANGE
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValidationError(f"The change feed's retention is a whole number of days, not "
                              f"{value!r}.", RETENTION_KEY) from None
    if not low <= days <= high:
        raise ValidationError(f"The change feed's retention is {low} to {high} days, not "
                              f"{days}.", RETENTION_KEY)
    return days


def retention_days(session: Session) -> int:
    """The configured retention in days (the default when none is set)."""
    value = session.scalar(select(CenterSetting.value).where(CenterSetting.key == RETENTION_KEY))
    try:
        return check_retention_days(value) if value else DEFAULT_RETENTION_DAYS
    except ValidationError:
        log.warning("center setting %s=%r is not usable; keeping changes %d days",
                    RETENTION_KEY, value, DEFAULT_RETENTION_DAYS)
        return DEFAULT_RETENTION_DAYS


@retries_lost_connection
class ChangeRetention:
    """Keeps the change feed to its retention: ``prune`` deletes the changes older than
    it, oldest first, ``batch`` rows per transaction, and raises the watermark
    (``change_watermark.pruned_through``) in the same transaction as each delete.

    Only a prefix of the feed is ever deleted: pruning stops at the first change still
    within the retention, even if later ones (a seat with a slow clock) are older, so
    every change above the watermark is still there and every one at or below it gone.
    """

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def retention(self) -> timedelta:
        with self._db.read() as s:
            return timedelta(days=retention_days(s))

    def status(self) -> FeedStatus:
        with self._db.read() as s:
            mark = s.get(ChangeWatermark, 1)
            oldest, latest, kept = s.execute(
                select(func.min(Change.seq), func.max(Change.seq), func.count())
                .where(Change.seq > 0)).one()
            oldest_at = (s.scalar(select(Change.at).where(Change.seq == oldest))
                         if oldest is not None else None)
            through = mark.pruned_through if mark is not None else 0
            return FeedStatus(
                retention_days=retention_days(s), pruned_through=through,
                pruned_at=mark.pruned_at if mark is not None else None, oldest_seq=oldest,
                latest_seq=max(latest or 0, through), kept=kept, oldest_at=oldest_at)

    def prune(self, actor: OperatorRef, *, batch: int = PRUNE_BATCH,
              progress: Callable[[int], None] | None = None) -> PruneReport:
        """Delete every change older than the retention (administrators and the engine).

        Each batch is its own short transaction, so seats keep writing between them; one
        audit entry names who pruned and how far, when anything was deleted.
        ``progress`` is called with the running total after each batch.
        """
        require_role(actor, RETENTION_ADMINS, "prune the change feed")
        if batch < 1:
            raise ValidationError("A prune batch is at least one change.", "batch")
        now = self._clock.now()
        with self._db.read() as s:
            days = retention_days(s)
            before = pruned_through(s)
        cutoff = now - timedelta(days=days)
        deleted = batches = 0
        through = before
        while True:
            count, through, more = self._prune_batch(cutoff, batch, now)
            if count == 0:
                break
            deleted += count
            batches += 1
            if progress is not None:
                progress(deleted)
            if not more:
                break
        if deleted:
            with self._db.write.begin() as s:
                record(s, actor=actor, at=now, entity="change_feed", entity_id=0,
                       action="prune", detail={"pruned_through": [before, through],
                                               "deleted": deleted, "retention_days": days})
            log.info("pruned %d change(s) older than %d day(s), through seq %d",
                     deleted, days, through)
        return PruneReport(cutoff=cutoff, retention_days=days, deleted=deleted,
                           batches=batches, before=before, pruned_through=through)

    def _prune_batch(self, cutoff: datetime, batch: int, now: datetime) -> tuple[int, int, bool]:
        """One transaction: the next ``batch`` changes above the watermark, as far as they
        are older than ``cutoff``, deleted, and the watermark raised to the last of them.
        Returns (deleted, watermark, whether more may be due)."""
        with self._db.write.begin() as s:
            # The row lock queues a second pruner (another engine) behind this batch.
            mark = s.scalars(select(ChangeWatermark).where(ChangeWatermark.id == 1)
                             .with_for_update()).first()
            if mark is None:  # a database made without the migration's row
                mark = ChangeWatermark(id=1, pruned_through=0)
                s.add(mark)
                s.flush()
            through = mark.pruned_through
            rows = s.execute(select(Change.seq, Change.at).where(Change.seq > through)
                             .order_by(Change.seq).limit(batch)).all()
            last = None
            for seq, at in rows:
                if at >= cutoff:
                    break
                last = seq
            if last is None:
                return 0, through, False
            result = s.execute(delete(Change).where(Change.seq > through, Change.seq <= last))
            mark.pruned_through = last
            mark.pruned_at = now
            whole = last == rows[-1][0] and len(rows) == batch
            return int(getattr(result, "rowcount", 0) or 0), last, whole
