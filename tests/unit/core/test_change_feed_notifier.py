"""Waking change-feed readers (LISTEN/NOTIFY) and choosing the engine that fires (an
advisory lock): in one process, against a real PostgreSQL; SQLite keeps polling."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.change_notifier import Backoff, PgChangeNotifier, PollingOnly, libpq_conninfo
from console.core.domain import Role
from console.engine.escalation import EngineRunner, Escalation
from console.engine.leadership import AdvisoryLockLeadership, EngineRole, SharedLeadership
from db.demo.district_loader import load_district
from db.models import AuditEntry
from tests.pg_only import fresh_pg_database

AT = datetime(2026, 11, 22, tzinfo=UTC)
WAIT_S = 20  # generous: the machine is shared; the conditions come true in well under 1 s


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from fresh_pg_database()


@pytest.fixture
def seat(pg_url: str) -> Iterator[App]:
    """A console session on the demo district, acting as a duty officer."""
    app = open_app(pg_url, FakeClock(AT))
    load_district(app.db, AT)
    app.district.invalidate()
    app.act_as(next(o for o in app.operators.list()
                    if o.role is Role.DUTY_OFFICER).username)
    yield app
    app.close()


def _kill_backend(url: str, pid: int) -> None:
    with psycopg.connect(libpq_conninfo(url, application_name="test"), autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(%s)", (pid,))


class Reader:
    """A change-feed consumer as the consoles are: its own cursor, woken by notify."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.last = app.changes.latest_seq()
        self.seen: list[int] = []
        self.woken = threading.Event()
        self._lock = threading.Lock()

    def wake(self) -> None:
        with self._lock:
            for event in self.app.changes.since(self.last):
                self.seen.append(event.entity_id)
                self.last = event.seq
        self.woken.set()

    def wait_for(self, ids: set[int]) -> bool:
        for _ in range(WAIT_S * 10):
            if ids <= set(self.seen):
                return True
            self.woken.wait(0.1)
            self.woken.clear()
        return False


@pytest.mark.postgres
def test_a_commit_on_another_seat_wakes_the_listener(seat: App, pg_url: str) -> None:
    other = open_app(pg_url, FakeClock(AT))
    notifier = PgChangeNotifier(pg_url)
    reader = Reader(other)
    unsubscribe = notifier.subscribe(reader.wake)
    try:
        assert notifier.wait_connected(WAIT_S)
        case = seat.cases.report(seat.operator, title="Water main burst", category="utilities",
                                 severity=2, grid="XH-03").row
        assert reader.wait_for({case.id}), "the other seat never heard of the new case"
        assert notifier.last_seq >= reader.last
    finally:
        unsubscribe()
        notifier.close()
        other.close()


@pytest.mark.postgres
def test_after_its_connection_is_killed_the_listener_reconnects_and_catches_up(
        seat: App, pg_url: str) -> None:
    other = open_app(pg_url, FakeClock(AT))
    notifier = PgChangeNotifier(pg_url, backoff=Backoff(first=0.5, most=1.0))
    reader = Reader(other)
    notifier.subscribe(reader.wake)
    try:
        assert notifier.wait_connected(WAIT_S)
        pid = notifier.backend_pid
        assert pid is not None
        _kill_backend(pg_url, pid)
        # Written while nobody listens (the listener waits at least 0.5 s to reconnect).
        missed = {seat.cases.report(seat.operator, title=f"Blocked drain {i}",
                                    category="flood", severity=3, grid="XH-05").row.id
                  for i in range(3)}
        assert reader.wait_for(missed), "changes made during the outage were lost"
        assert notifier.connects == 2
        assert notifier.backend_pid not in (None, pid)
        # And it listens again.
        later = seat.cases.report(seat.operator, title="Fallen tree", category="traffic",
                                  severity=3, grid="XH-05").row.id
        assert reader.wait_for({later})
        assert sorted(reader.seen).count(later) == 1
    finally:
        notifier.close()
        other.close()


def test_sqlite_has_nothing_to_listen_to_and_every_engine_fires(tmp_path: object) -> None:
    app = open_app(f"sqlite:///{tmp_path}/w.sqlite", FakeClock(AT))
    try:
        assert isinstance(app.notifier, PollingOnly)
        assert app.notifier.live is False
        assert isinstance(app.leadership, SharedLeadership)
        runner = EngineRunner(app.escalation, app.clock, leadership=app.leadership,
                              notifier=app.notifier)
        runner.start()
        try:
            assert app.leadership.role is EngineRole.SHARED
        finally:
            runner.close()
        assert app.leadership.role is EngineRole.OFF
    finally:
        app.close()


@pytest.mark.postgres
def test_one_engine_leads_and_another_takes_over_when_its_connection_dies(
        pg_url: str) -> None:
    first = AdvisoryLockLeadership(pg_url, retry_s=0.2)
    second = AdvisoryLockLeadership(pg_url, retry_s=0.2)
    changes: list[tuple[str, bool]] = []
    first.start(lambda leading: changes.append(("first", leading)))
    try:
        assert first.wait_for(EngineRole.LEADER, WAIT_S)
        second.start(lambda leading: changes.append(("second", leading)))
        assert second.role is EngineRole.STANDBY
        assert second.backend_pid is not None or second.wait_for(EngineRole.STANDBY, 1)
        pid = first.backend_pid
        assert pid is not None
        _kill_backend(pg_url, pid)  # the server drops the session, and its lock
        assert second.wait_for(EngineRole.LEADER, WAIT_S), "nobody took over"
        assert first.wait_for(EngineRole.STANDBY, WAIT_S), "the old leader kept firing"
        assert ("first", False) in changes
        first.close()
        assert second.is_leader  # stopping a standby engine changes nothing
    finally:
        first.close()
        second.close()
    assert changes[0] == ("first", True)
    assert ("second", True) in changes


@pytest.mark.postgres
def test_a_standby_engine_fires_nothing_until_it_takes_over_then_catches_up(
        seat: App, pg_url: str) -> None:
    clock = FakeClock(AT)
    standby_app = open_app(pg_url, clock)
    holder = AdvisoryLockLeadership(pg_url, retry_s=0.2)
    holder.start(lambda leading: None)
    leadership = AdvisoryLockLeadership(pg_url, retry_s=0.2)
    runner = EngineRunner(standby_app.escalation, clock, leadership=leadership,
                          notifier=standby_app.notifier)
    swept: list[Escalation] = []
    took_over = threading.Event()

    def on_sweep(done: list[Escalation]) -> None:
        swept.extend(done)
        took_over.set()

    standby_app.escalation.listeners.append(on_sweep)
    try:
        assert holder.wait_for(EngineRole.LEADER, WAIT_S)
        runner.start()
        seat.cases.report(seat.operator, title="Smoke in stairwell", category="fire",
                          severity=1, grid="XH-02")
        clock.advance(timedelta(hours=2))  # every level of the register clock is due
        assert leadership.wait_for(EngineRole.STANDBY, WAIT_S)
        standby_app.escalation.poll_changes()  # as a notify would: a standby arms nothing
        assert standby_app.escalation.next_due() is not None
        assert runner.alarm.armed_for is None
        assert swept == []
        holder.close()
        assert took_over.wait(WAIT_S), "the standby engine never took over"
        assert leadership.role is EngineRole.LEADER
    finally:
        runner.close()
        holder.close()
        standby_app.close()
    assert [e.level for e in swept] == [1, 2, 3]
    with seat.db.read() as s:
        steps = s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "escalate"))
    assert steps == 3
