"""Feed heartbeats: a feed says it is alive with its expected interval; one that stays
silent for interval × ``FACTOR`` raises an alert, resolved when it beats again.

The engine's check is cheap whatever the number of feeds: ``next_due_at`` (last beat +
interval × factor) is indexed and set to NULL once the silence has raised its alert, so
the check is one range of the index (``next_due_at <= now``), usually empty. The raise is
a compare-and-set on ``next_due_at``: two engines never raise one silence twice. Each
feed has one alert (dedup key ``heartbeat:<feed id>``) that comes back as ``new`` with
its repeat count raised if the feed falls silent again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.journal import announce, record
from console.core.reconnect import retries_lost_connection
from console.operators.service import CASE_WRITERS, require_role
from console.rosters.query import rowcount
from db.database import Database
from db.models import Alert, FeedHeartbeat, table_of

FACTOR = 2
MIN_INTERVAL_S = 10
MAX_INTERVAL_S = 7 * 24 * 3600
ACTIVE_ALERT = ("new", "acknowledged", "shelved")
ALERTS = table_of(Alert)
FEEDS = table_of(FeedHeartbeat)
_NAME = re.compile(r"^[^\x00-\x1f/]{1,120}$")


def dedup_key(feed_id: int) -> str:
    return f"heartbeat:{feed_id}"


def silent_text(name: str, since: datetime, now: datetime) -> str:
    minutes = max(1, int((now - since).total_seconds() // 60))
    if minutes < 120:
        return f"feed {name} silent for {minutes} min"
    return f"feed {name} silent for {minutes // 60} h {minutes % 60} min"


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A feed as the alert panel lists it."""

    id: int
    name: str
    interval_s: int
    last_beat_at: datetime
    beats: int
    silent: bool  # its silence raised an alert that no beat has cleared yet

    def late_at(self) -> datetime:
        return self.last_beat_at + timedelta(seconds=self.interval_s * FACTOR)


@dataclass(frozen=True, slots=True)
class Beat:
    feed: FeedRow
    created: bool
    resolved_alert: int | None


@retries_lost_connection
class HeartbeatService:
    """Records heartbeats, raises and resolves silent-feed alerts, lists the feeds."""

    def __init__(self, db: Database, clock: Clock, system: Callable[[], OperatorRef]) -> None:
        self._db = db
        self._clock = clock
        self._system = system

    def beat(self, actor: OperatorRef, name: str, interval_s: int,
             token_id: int | None = None) -> Beat:
        """Feed ``name`` is alive and will beat again within ``interval_s`` seconds. A new
        feed, or a new interval, is audited; a plain beat is not (a thousand sensors
        beating every minute would bury the log), but a beat that ends a silence resolves
        its alert with an audit entry."""
        require_role(actor, CASE_WRITERS, "send feed heartbeats")
        name = " ".join(name.split())
        if not _NAME.match(name):
            raise ValidationError("A feed name is 1-120 characters, without '/' or control "
                                  "characters.", "feed")
        if isinstance(interval_s, bool) or not isinstance(interval_s, int) \
                or not MIN_INTERVAL_S <= interval_s <= MAX_INTERVAL_S:
            raise ValidationError(f"The interval is whole seconds from {MIN_INTERVAL_S} to "
                                  f"{MAX_INTERVAL_S}, not {interval_s!r}.", "interval")
        now = self._clock.now()
        due = now + timedelta(seconds=interval_s * FACTOR)
        for _attempt in range(2):
            try:
                with self._db.write.begin() as s:
                    feed = s.scalars(select(FeedHeartbeat).where(
                        FeedHeartbeat.name == name)).first()
                    if feed is None:
                        feed = FeedHeartbeat(name=name, interval_s=interval_s,
                                             last_beat_at=now, next_due_at=due, beats=1,
                                             token_id=token_id)
                        s.add(feed)
                        s.flush()
                        record(s, actor=actor, at=now, entity="feed_heartbeat",
                               entity_id=feed.id, action="create",
                               detail={"feed": name, "interval": interval_s}, op="insert")
                        return Beat(self._row(feed), True, None)
                    if feed.interval_s != interval_s:
                        record(s, actor=actor, at=now, entity="feed_heartbeat",
                               entity_id=feed.id, action="interval",
                               detail={"feed": name, "interval": [feed.interval_s,
                                                                  interval_s]})
                    silent = feed.next_due_at is None
                    feed.interval_s = interval_s
                    feed.last_beat_at = now
                    feed.next_due_at = due
                    feed.beats += 1
                    resolved = self._resolve(s, feed, now) if silent else None
                    return Beat(self._row(feed), False, resolved)
            except IntegrityError:
                continue  # a first beat of the same new feed raced this one
        raise ValidationError(f"Feed {name!r} is being registered by another request; "
                              "send the beat again.", "feed")

    def _resolve(self, s: Session, feed: FeedHeartbeat, now: datetime) -> int | None:
        if feed.alert_id is None:
            return None
        system = self._system()
        done = rowcount(s.execute(update(ALERTS).where(ALERTS.c.id == feed.alert_id,
                                              ALERTS.c.status.in_(ACTIVE_ALERT))
                         .values(status="resolved", resolved_at=now, resolved_by_id=system.id,
                                 shelved_until=None, updated_at=now, updated_by_id=system.id,
                                 version=ALERTS.c.version + 1)))
        announce(s, at=now, entity="feed_heartbeat", entity_id=feed.id, op="update")
        if done != 1:
            return None
        record(s, actor=system, at=now, entity="alert", entity_id=feed.alert_id,
               action="resolve", detail={"status": ["new", "resolved"],
                                         "note": f"feed {feed.name} beat again"})
        return feed.alert_id

    def check(self) -> list[str]:
        """Raise an alert for every feed late by its interval × ``FACTOR`` (the engine's
        duty); returns the alert headlines raised. One indexed range query when idle."""
        now = self._clock.now()
        with self._db.read() as s:
            due = list(s.execute(
                select(FeedHeartbeat.id, FeedHeartbeat.next_due_at)
                .where(FeedHeartbeat.next_due_at <= now)
                .order_by(FeedHeartbeat.next_due_at).limit(500)))
        if not due:
            return []
        system = self._system()
        raised: list[str] = []
        with self._db.write.begin() as s:
            for feed_id, next_due in due:
                won = rowcount(s.execute(update(FEEDS).where(FEEDS.c.id == feed_id,
                                                    FEEDS.c.next_due_at == next_due)
                                .values(next_due_at=None)))
                if won != 1:
                    continue  # it beat meanwhile, or another engine raised it
                feed = s.get(FeedHeartbeat, feed_id)
                assert feed is not None
                headline = silent_text(feed.name, feed.last_beat_at, now)
                description = (f"The feed {feed.name} beats every {feed.interval_s} s; its "
                               f"last beat was at {feed.last_beat_at.isoformat()} (UTC). "
                               "Check the sensor or system and its network.")
                if feed.alert_id is None:
                    feed.alert_id = s.execute(insert(ALERTS).values(
                        source="heartbeat", external_id=f"feed/{feed.id}",
                        dedup_key=dedup_key(feed.id), sender="watchroom", sent_at=now,
                        received_at=now, cap_status="Actual", msg_type="Alert",
                        scope="Private", event="Feed silent", category="Infra",
                        urgency="Immediate", severity="Moderate", certainty="Likely",
                        headline=headline[:500], description=description, instruction=(
                            "This alert clears by itself when the feed beats again."),
                        area_desc="", geometry="{}", grid_id=None, expires_at=None,
                        status="new", repeat_count=1, last_seen_at=now, case_id=None,
                        raw=json.dumps({"feed": feed.name, "interval": feed.interval_s,
                                        "last_beat_at": feed.last_beat_at.isoformat()}),
                        version=1, language="en", infos="[]", cap_references="", note="",
                    ).returning(ALERTS.c.id)).scalar_one()
                    announce(s, at=now, entity="alert", entity_id=feed.alert_id, op="insert")
                else:
                    s.execute(update(ALERTS).where(ALERTS.c.id == feed.alert_id).values(
                        status="new", resolved_at=None, resolved_by_id=None,
                        acknowledged_at=None, acknowledged_by_id=None, shelved_until=None,
                        repeat_count=ALERTS.c.repeat_count + 1, last_seen_at=now,
                        received_at=now, headline=headline[:500], description=description,
                        updated_at=now, updated_by_id=system.id,
                        version=ALERTS.c.version + 1))
                record(s, actor=system, at=now, entity="feed_heartbeat", entity_id=feed.id,
                       action="silent", detail={"feed": feed.name, "alert": feed.alert_id,
                                                "last_beat_at": feed.last_beat_at})
                record(s, actor=system, at=now, entity="alert", entity_id=feed.alert_id,
                       action="raise", detail={"note": headline})
                raised.append(headline)
        return raised

    def feeds(self) -> list[FeedRow]:
        """Every feed, silent ones first, then by name (for the alert panel)."""
        with self._db.read() as s:
            rows = [self._row(f) for f in s.scalars(select(FeedHeartbeat))]
        return sorted(rows, key=lambda f: (not f.silent, f.name))

    @staticmethod
    def _row(feed: FeedHeartbeat) -> FeedRow:
        return FeedRow(feed.id, feed.name, feed.interval_s, feed.last_beat_at, feed.beats,
                       feed.next_due_at is None)
