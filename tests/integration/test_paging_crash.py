"""kill -9 of ``main.py engine`` between the commit of a page and its delivery: the
restarted engine delivers every page, and the receiver takes each exactly once (the same
idempotency key on the attempt that died and the one that got through).

The engine runs on the machine's clock, so the cases are reported in the past (the
test's own clock stands 20 minutes back): the engine's boot sweep escalates them and
writes their pages in the same transaction. The webhook receiver holds the first request
unanswered, so the engine is killed with one page committed, claimed and in flight, and
the other committed and claimed but never tried. The dead engine's claim lapses after two
minutes; rather than wait for them in real time (or run the engine under libfaketime,
whose clock_nanosleep and timed waits break Python's time.sleep and Event.wait), the test
moves the claim's expiry to the present, as two minutes would have done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from console.app import open_app
from console.clock import FakeClock
from console.core.domain import Role
from db.demo.district_loader import load_district
from db.models import AuditEntry, Page, table_of
from tests.paging_servers import HttpReceiver, http_receiver

ROOT = Path(__file__).resolve().parents[2]
START_S = 180.0  # a fresh interpreter on a loaded machine: imports, migrations, boot sweep

pytestmark = pytest.mark.slow


class Engine:
    """``main.py engine`` in a process of its own, its log lines collected."""

    def __init__(self, db_url: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "engine", "--db", db_url,
             "--no-inbox"], stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        self.lines: list[str] = []
        self.running = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            if "engine running" in line:
                self.running.set()

    def log(self) -> str:
        return "".join(self.lines[-40:])

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    with http_receiver() as r:
        r.holding = True
        try:
            yield r
        finally:
            r.release()  # a held handler must not outlive the test


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    started: list[Engine] = []
    yield started
    for engine in started:  # never leave an engine running behind a failed test
        if engine.proc.poll() is None:
            engine.kill()


def _pages(db_url: str) -> list[Page]:
    app = open_app(db_url, FakeClock(datetime.now(UTC)))
    try:
        with app.db.read() as s:
            return list(s.scalars(select(Page).order_by(Page.id)))
    finally:
        app.close()


def _lapse_claims(db_url: str) -> int:
    """What the sender's two-minute lease does to a dead engine's claims, now."""
    app = open_app(db_url, FakeClock(datetime.now(UTC)))
    try:
        with app.db.write.begin() as s:
            pages = table_of(Page)
            done = s.execute(update(pages).where(pages.c.claim != "")
                             .values(claimed_until=datetime.now(UTC)))
            return int(done.rowcount)  # type: ignore[attr-defined]
    finally:
        app.close()


def test_an_engine_killed_between_commit_and_delivery_pages_once_after_restart(
        tmp_path: Path, receiver: HttpReceiver, engines: list[Engine]) -> None:
    db_url = f"sqlite:///{tmp_path / 'watchroom.sqlite'}"
    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=20))
    app = open_app(db_url, clock)
    try:
        load_district(app.db, clock.now())
        app.district.invalidate()
        admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
        # A long timeout: the engine must still be waiting on the held request when killed.
        app.paging.add_channel(admin, "hook", "webhook", receiver.url, timeout_s=120,
                               rate_per_min=0)
        app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
        system = app.operators.system()
        refs = [app.cases.report(system, title=f"Gas smell {n}", category="fire",
                                 severity=2, grid="XH-03").reference for n in (1, 2)]
    finally:
        app.close()

    first = Engine(db_url)
    engines.append(first)
    [held] = receiver.wait_seen(1, timeout=START_S)[:1] or [None]
    assert held is not None, "the engine never tried to deliver:\n" + first.log()
    pages = _pages(db_url)
    assert {p.reference for p in pages} == set(refs)
    # Committed with the escalation, claimed by the engine, not delivered.
    assert all(p.status == "queued" and p.claim and p.sent_at is None for p in pages)
    first.kill()
    assert len(receiver.seen) == 1  # the second page was claimed, never tried
    receiver.release()
    assert _lapse_claims(db_url) == len(pages)

    second = Engine(db_url)
    engines.append(second)
    delivered = receiver.wait_for(len(pages), timeout=START_S)
    assert len(delivered) == len(pages), "not delivered after restart:\n" + second.log()
    threading.Event().wait(3)  # three more of the sender's ticks: nothing comes twice
    assert second.stop() == 0, second.log()

    keys = {f"watchroom-page-{p.id}-0" for p in pages}
    got = [r.headers["idempotency-key"] for r in receiver.requests]
    assert sorted(got) == sorted(keys)  # each page taken exactly once
    assert held.headers["idempotency-key"] in keys  # the attempt that died: same key
    assert {json.loads(r.body)["code"] for r in receiver.requests} == \
        {p.code for p in pages}
    after = _pages(db_url)
    assert {p.status for p in after} == {"sent"}
    assert all(p.claim == "" for p in after)
    app = open_app(db_url, FakeClock(datetime.now(UTC)))
    try:
        with app.db.read() as s:
            sent = list(s.scalars(select(AuditEntry.detail)
                                  .where(AuditEntry.action == "page_sent")))
    finally:
        app.close()
    assert sorted(json.loads(d)["page"] for d in sent) == sorted(p.code for p in pages)
