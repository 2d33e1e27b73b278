"""The change feed on PostgreSQL: numbered in commit order, so a reader following
``seq > last_seen`` never skips a change that committed late; and notified by keys."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text

from console.app import App, open_app
from console.clock import FakeClock
from console.core.change_notifier import libpq_conninfo
from console.core.journal import announce
from db.pg_coordination import CHANGES_CHANNEL, NOTIFY_EACH_UP_TO
from tests.pg_only import fresh_pg_database

AT = datetime(2026, 11, 22, tzinfo=UTC)

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database; skipped without a server, failed without one in CI."""
    yield from fresh_pg_database()


@pytest.fixture
def pg_app(pg_url: str) -> Iterator[App]:
    app = open_app(pg_url, FakeClock(AT))
    yield app
    app.close()


def test_a_change_that_commits_late_is_read_after_the_ones_before_it(pg_app: App) -> None:
    """Writer 1 writes first but commits last: a reader that already moved past writer
    2's change still reads writer 1's. With numbers taken at insert, writer 1 would hold
    the lower number and the reader's ``seq > last_seen`` would skip it for ever."""
    db = pg_app.db
    last = pg_app.changes.latest_seq()
    with db.write() as first, db.write() as second:
        first.begin()
        announce(first, at=AT, entity="case", entity_id=1, op="update")
        first.flush()
        second.begin()
        announce(second, at=AT, entity="case", entity_id=2, op="update")
        second.flush()
        second.commit()

        seen = pg_app.changes.since(last)
        assert [(e.entity_id) for e in seen] == [2]
        last = seen[-1].seq

        first.commit()
    late = pg_app.changes.since(last)
    assert [e.entity_id for e in late] == [1], "the change committed last was skipped"


def test_concurrent_writers_lose_no_change_to_a_reader_following_them(pg_app: App) -> None:
    writers, per_writer = 4, 60
    db = pg_app.db
    start = pg_app.changes.latest_seq()
    done = threading.Event()
    seen: list[tuple[int, int]] = []  # (seq, entity_id)

    def write(w: int) -> None:
        for i in range(per_writer):
            with db.write.begin() as s:
                # A few statements per transaction, so commits interleave with inserts.
                announce(s, at=AT, entity="case", entity_id=w * 1000 + i, op="update")
                s.execute(text("SELECT pg_sleep(0.001)"))

    def read() -> None:
        last = start
        while True:
            finished = done.is_set()
            for e in pg_app.changes.since(last):
                seen.append((e.seq, e.entity_id))
                last = e.seq
            if finished:
                return

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()

    ids = [entity_id for _, entity_id in seen]
    expected = {w * 1000 + i for w in range(writers) for i in range(per_writer)}
    assert sorted(ids) == sorted(expected), "a reader following the feed missed changes"
    seqs = [seq for seq, _ in seen]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)


def test_one_transactions_changes_keep_their_order_and_run_on(pg_app: App) -> None:
    last = pg_app.changes.latest_seq()
    with pg_app.db.write.begin() as s:
        for entity_id in (7, 3, 9):
            announce(s, at=AT, entity="hazard", entity_id=entity_id, op="update")
    events = pg_app.changes.since(last)
    assert [e.entity_id for e in events] == [7, 3, 9]
    assert [e.seq for e in events] == [events[0].seq, events[0].seq + 1, events[0].seq + 2]


def _listener(url: str) -> psycopg.Connection[tuple[object, ...]]:
    conn = psycopg.connect(libpq_conninfo(url, application_name="test"), autocommit=True)
    conn.execute(f"LISTEN {CHANGES_CHANNEL}")
    return conn


def test_each_committed_change_is_notified_by_its_keys_only(pg_url: str,
                                                            pg_app: App) -> None:
    listener = _listener(pg_url)
    try:
        last = pg_app.changes.latest_seq()
        with pg_app.db.write() as s:  # rolled back: neither a row nor a notification
            s.begin()
            announce(s, at=AT, entity="case", entity_id=99, op="update")
            s.rollback()
        with pg_app.db.write.begin() as s:
            announce(s, at=AT, entity="case", entity_id=5, op="update")
            announce(s, at=AT, entity="alert", entity_id=6, op="insert")
        payloads = [json.loads(n.payload)
                    for n in listener.notifies(timeout=5, stop_after=2)]
    finally:
        listener.close()
    events = pg_app.changes.since(last)
    assert payloads == [{"seq": e.seq, "entity": e.entity, "id": e.entity_id}
                        for e in events]
    assert [e.entity_id for e in events] == [5, 6]


def test_a_bulk_write_sends_one_notification_naming_its_last_change(pg_url: str,
                                                                    pg_app: App) -> None:
    listener = _listener(pg_url)
    try:
        with pg_app.db.write.begin() as s:
            for i in range(NOTIFY_EACH_UP_TO + 1):
                announce(s, at=AT, entity="alert", entity_id=i, op="insert")
        notes = list(listener.notifies(timeout=5, stop_after=1))
        notes += list(listener.notifies(timeout=0.2))  # nothing more should follow
    finally:
        listener.close()
    assert [json.loads(n.payload) for n in notes] == [
        {"seq": pg_app.changes.latest_seq(), "entity": "*", "id": 0}]
