"""A primary with a synchronous hot standby: a seat writing cases and an engine
escalating them ride out the primary's death and the standby's promotion. Every case
whose report returned a reference is there exactly once, no case is there twice, and
every escalation step is written once; the time from the kill to the first write on the
promoted standby is measured (README, "A standby for the center's PostgreSQL")."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.core.errors import DatabaseUnavailable
from console.engine.escalation import EngineRunner
from console.engine.leadership import AdvisoryLockLeadership, EngineRole
from db.demo.district_loader import load_district
from db.models import AuditEntry, Case, Deadline
from tests.conftest import START
from tests.integration.pg_pair import PgPair, server_bin

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WAIT_S = 60.0  # bound on every wait; each condition comes true in seconds
BEFORE_KILL = 12  # cases reported on the primary before it is killed
AFTER_FAILOVER = 12  # cases reported on the promoted standby before the seat stops
ENGINE_LEAD_S = 0.3  # how often the engine checks (and retakes) its leadership lock


@pytest.fixture
def pair() -> Iterator[PgPair]:
    bin_dir = server_bin()
    if bin_dir is None:
        pytest.fail("no PostgreSQL server under /usr/lib/postgresql (`make test` installs "
                    "it through scripts/test-postgres.sh)")
    servers = PgPair(bin_dir)
    try:
        servers.start()
        yield servers
    finally:
        servers.close()


@dataclass(frozen=True)
class Attempt:
    title: str
    started: float  # time.monotonic()
    ended: float
    reference: str | None  # None: report() raised
    error: str  # the exception's class and message when it raised


class Seat(threading.Thread):
    """Reports a fire case after another, as fast as the server takes them, each with a
    title of its own; on an error it notes what the console said and goes on."""

    def __init__(self, app: App) -> None:
        super().__init__(name="seat-writer", daemon=True)
        self.app = app
        self.attempts: list[Attempt] = []
        self.stop = threading.Event()
        self.saw_reconnecting = False

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            title = f"Failover check {number:04d}"
            started = time.monotonic()
            reference: str | None = None
            error = ""
            try:
                reference = self.app.cases.report(self.app.operator, title=title,
                                                  category="fire", severity=1,
                                                  grid="XH-02").reference
            except Exception as exc:  # noted and checked by the test: only the plain kind
                error = f"{type(exc).__name__}: {exc}"
                self.saw_reconnecting |= self.app.reconnecting
            self.attempts.append(Attempt(title, started, time.monotonic(), reference, error))
            if reference is None:
                self.stop.wait(0.02)

    def successes(self, after: float = 0.0) -> list[Attempt]:
        return [a for a in list(self.attempts) if a.reference is not None and a.started >= after]


def _wait(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)


def _levels(app: App) -> dict[tuple[int, str], int]:
    """(case id, deadline kind) -> the level the deadline has reached."""
    with app.db.read() as s:
        rows = s.execute(select(Deadline.case_id, Deadline.kind, Deadline.level)
                         .where(Deadline.case_id.is_not(None))).all()
    return {(case_id, kind): level for case_id, kind, level in rows}


def _escalation_steps(app: App) -> Counter[tuple[int, str, int]]:
    """How many audit entries each (case id, deadline kind, level) step has."""
    with app.db.read() as s:
        rows = s.execute(select(AuditEntry.entity_id, AuditEntry.detail)
                         .where(AuditEntry.action == "escalate",
                                AuditEntry.entity == "case")).all()
    steps: Counter[tuple[int, str, int]] = Counter()
    for case_id, detail in rows:
        d = json.loads(detail)
        steps[(case_id, d["deadline"], d["level"][1])] += 1
    return steps


def test_a_killed_primary_loses_no_committed_case_and_doubles_no_escalation(
        pair: PgPair, capsys: pytest.CaptureFixture[str]) -> None:
    url = pair.url()
    seat_clock = FakeClock(START)
    seat = open_app(url, seat_clock)
    load_district(seat.db, START - timedelta(days=1))
    seat.district.invalidate()
    seat.act_as(next(o.username for o in seat.operators.list()
                     if o.role is Role.DUTY_OFFICER))
    seat_woken = threading.Event()
    seat.notifier.subscribe(seat_woken.set)  # the seat's listener, as its board has one

    # The engine's console time is ten minutes on: every case the seat reports is past
    # its register deadline for it, so the engine escalates while the seat writes.
    engine_clock = FakeClock(START + timedelta(minutes=10))
    engine = open_app(url, engine_clock)
    leadership = AdvisoryLockLeadership(url, retry_s=ENGINE_LEAD_S)
    runner = EngineRunner(engine.escalation, engine_clock, leadership=leadership,
                          notifier=engine.notifier, poll_interval_s=0.5)
    writer = Seat(seat)
    timeline: dict[str, float] = {}
    escalated_at: list[float] = []  # when the engine's sweeps returned steps
    engine.escalation.listeners.append(
        lambda steps: escalated_at.extend(time.monotonic() for _ in steps))

    def kill() -> None:
        timeline["kill"] = time.monotonic()
        pair.kill_primary()

    try:
        runner.start()
        assert leadership.wait_for(EngineRole.LEADER, WAIT_S), "the engine never led"
        seat.notifier.wait_connected(WAIT_S)
        killed = threading.Event()

        def before_execute(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            # The write after the first BEFORE_KILL is stopped half-way through its
            # transaction (its case row sent, its audit entry not yet) while the primary
            # is killed: the kill lands mid-write, once the engine has escalated on the
            # primary (under load its first sweep may come after the first writes).
            if (not killed.is_set() and threading.current_thread() is writer
                    and statement.startswith("INSERT INTO audit_log")
                    and len(writer.successes()) >= BEFORE_KILL and escalated_at):
                kill()
                killed.set()

        event.listen(seat.db.engine, "before_cursor_execute", before_execute)
        writer.start()
        _wait(killed.is_set, "the primary was killed mid-write")
        pair.promote()
        timeline["promoted"] = time.monotonic()
        _wait(lambda: len(writer.successes(after=timeline["kill"])) >= AFTER_FAILOVER,
              f"{AFTER_FAILOVER} cases reported on the promoted standby")
        writer.stop.set()
        writer.join(WAIT_S)
        assert not writer.is_alive()
        event.remove(seat.db.engine, "before_cursor_execute", before_execute)

        # ---- the seat: every case it was told about is there once, none twice --------
        failures = [a for a in writer.attempts if a.reference is None]
        assert failures, "the kill cost no write: it did not land mid-write"
        assert all(a.error.startswith(DatabaseUnavailable.__name__) for a in failures), \
            "the console showed something else than its plain message:\n" + \
            "\n".join(sorted({a.error for a in failures}))
        assert writer.saw_reconnecting, "the console never said it was reconnecting"
        with seat.db.read() as s:
            stored = s.execute(select(Case.id, Case.reference, Case.title)).all()
        titles = Counter(title for _id, _ref, title in stored)
        assert [t for t, n in titles.items() if n > 1] == [], "a case was written twice"
        by_reference = {ref: title for _id, ref, title in stored}
        acknowledged = [a for a in writer.attempts if a.reference is not None]
        lost = [a.title for a in acknowledged if by_reference.get(a.reference) != a.title]
        assert lost == [], f"reported, then lost in the failover: {lost}"
        unacknowledged_but_stored = [a.title for a in failures if titles[a.title]]
        _wait(lambda: not seat.reconnecting, "the seat stopped saying 'reconnecting'")
        assert seat.notifier.connects >= 2, "the seat's listener never reconnected"

        # ---- the engine: took the lead again, on the new primary ------------------------
        assert leadership.wait_for(EngineRole.LEADER, WAIT_S)
        assert leadership.takeovers >= 2, "the engine never lost (and retook) its lock"
        with psycopg.connect(pair.conninfo(1), autocommit=True) as conn:
            row = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = "
                               "'watchroom-engine'").fetchone()
        assert row is not None, "the engine holds no session on the promoted standby"
        assert row[0] == leadership.backend_pid

        # It escalated while the seat wrote, before the kill and after the promotion.
        assert any(at < timeline["kill"] for at in escalated_at)
        # (after the promotion the engine first retakes its lock: on a loaded machine its
        # first sweep there may come after the seat's last write; the cases reported on
        # the standby are escalated by it all the same)
        _wait(lambda: any(at > timeline["promoted"] for at in escalated_at),
              "the engine escalated on the promoted standby")

        # Every case the engine could see passed its register deadline (levels 1-2) ...
        case_ids = {case_id for case_id, _ref, _title in stored}
        _wait(lambda: all(_levels(seat).get((c, "register"), 0) >= 2 for c in case_ids),
              "the engine escalated every register deadline on the promoted standby")
        # ... then a day passes for the engine and for a second sweeper (the seat, whose
        # own engine now runs too): both sweep the same deadlines at once.
        engine_clock.advance(timedelta(days=1))
        seat_clock.set(engine_clock.now())
        engine.escalation.rearm()
        seat.escalation.sweep()
        _wait(lambda: all(level == 3 for level in _levels(seat).values()),
              "every deadline reached level 3")
        steps = _escalation_steps(seat)
        doubled = {step: n for step, n in steps.items() if n > 1}
        assert doubled == {}, f"escalation steps written more than once: {doubled}"
        expected = {(c, kind, level) for c in case_ids for kind in ("register", "resolve")
                    for level in (1, 2, 3)}
        assert set(steps) == expected

        first = min(a.ended for a in writer.successes(after=timeline["kill"]))
        with capsys.disabled():
            print(f"\nfailover: primary killed -> standby promoted in "
                  f"{timeline['promoted'] - timeline['kill']:.2f} s; first write on it "
                  f"{first - timeline['kill']:.2f} s after the kill "
                  f"({len(acknowledged)} cases acknowledged, {len(failures)} refused during "
                  f"the outage of which {len(unacknowledged_but_stored)} committed anyway; "
                  f"{sum(steps.values())} escalation steps, none doubled; the engine "
                  f"escalated {sum(at < timeline['kill'] for at in escalated_at)} of them "
                  f"before the kill)")
    finally:
        writer.stop.set()
        if writer.is_alive():
            writer.join(WAIT_S)
        runner.close()
        engine.close()
        seat.close()
