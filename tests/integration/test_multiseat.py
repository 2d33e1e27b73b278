"""Several seats and engines on one PostgreSQL database, each in a process of its own:
they see each other's changes, a killed listener catches up, a killed leader is replaced
without doubling an escalation, and concurrent edits are each applied or refused."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.change_notifier import libpq_conninfo
from console.core.domain import Role
from db.demo.district_loader import load_district
from db.models import AuditEntry, Case
from tests.integration.multiseat_seat import AT
from tests.pg_only import fresh_pg_database

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 30.0  # upper bound on each wait; the conditions come true in well under that
TAKEOVER_S = 10.0  # "another takes over within seconds": standbys retry every 0.5 s here

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class Child:
    """A helper process (``tests/integration/multiseat_seat.py``), spoken to by lines."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.multiseat_seat", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._pump_err, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def _pump_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect(self, prefix: str, timeout: float = WAIT_S) -> str:
        """The rest of the next line starting with ``prefix`` (other lines are skipped)."""
        try:
            while True:
                line = self.lines.get(timeout=timeout)
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
        except queue.Empty:
            raise AssertionError(f"no {prefix!r} line in {timeout} s; stderr:\n"
                                 + "".join(self.stderr[-30:])) from None

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, OSError):
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from fresh_pg_database()


@pytest.fixture
def center(pg_url: str) -> Iterator[App]:
    """The shared database with the demo district, seen from the test (console time two
    hours before the helpers' fixed time, so what it reports is overdue for them)."""
    app = open_app(pg_url, FakeClock(AT - timedelta(hours=2)))
    load_district(app.db, AT - timedelta(days=1))
    app.district.invalidate()
    app.act_as(_duty_officers(app)[0])
    yield app
    app.close()


@pytest.fixture
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    yield started
    for child in started:  # never leave a helper process behind a failed test
        child.stop()


def _duty_officers(app: App) -> list[str]:
    return [o.username for o in app.operators.list() if o.role is Role.DUTY_OFFICER]


def _terminate_backend(url: str, pid: int) -> None:
    with psycopg.connect(libpq_conninfo(url, application_name="test"), autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(%s)", (pid,))


def _escalation_steps(app: App) -> list[tuple[int, str]]:
    """(case id, "deadline/level") of every escalation in the audit log."""
    with app.db.read() as s:
        rows = s.execute(select(AuditEntry.entity_id, AuditEntry.detail)
                         .where(AuditEntry.action == "escalate")).all()
    out = []
    for case_id, detail in rows:
        d = json.loads(detail)
        out.append((case_id, f"{d['deadline']}/{d['level'][1]}"))
    return out


def test_two_seats_see_each_others_changes(center: App, pg_url: str,
                                           children: list[Child]) -> None:
    first_name, second_name = _duty_officers(center)[:2]
    first, second = Child("seat", pg_url, first_name), Child("seat", pg_url, second_name)
    children.extend([first, second])
    first.expect("ready")
    second.expect("ready")

    first.send("create 20")
    second.send("create 20")
    by_first = json.loads(first.expect("created").split(" ")[0])
    by_second = json.loads(second.expect("created").split(" ")[0])
    first.send(f"expect {json.dumps(by_second)}")
    second.send(f"expect {json.dumps(by_first)}")
    assert first.expect("seen") == "ok"
    assert second.expect("seen") == "ok"
    assert len(set(by_first) | set(by_second)) == 40


def test_a_killed_listener_reconnects_and_catches_up(center: App, pg_url: str,
                                                    children: list[Child]) -> None:
    seat = Child("seat", pg_url, _duty_officers(center)[1])
    children.append(seat)
    pid = int(seat.expect("ready"))
    written: list[int] = []
    for round_ in range(3):
        _terminate_backend(pg_url, pid)
        # Written while the seat's listener is down or reconnecting.
        written += [center.cases.report(center.operator, title=f"Outage {round_}/{i}",
                                        category="flood", severity=3, grid="XH-05").row.id
                    for i in range(5)]
        seat.send("pid")
        new_pid = int(seat.expect("pid"))
        assert new_pid != pid, "the listener did not reconnect"
        pid = new_pid
    written.append(center.cases.report(center.operator, title="After the outages",
                                       category="flood", severity=3, grid="XH-05").row.id)
    seat.send(f"expect {json.dumps(written)}")
    assert seat.expect("seen") == "ok", "changes made while the listener was down were lost"


def test_a_killed_leader_is_replaced_and_no_escalation_is_doubled(
        center: App, pg_url: str, children: list[Child]) -> None:
    engines = [Child("engine", pg_url), Child("engine", pg_url)]
    children.extend(engines)
    roles = {0: "", 1: ""}

    def leader() -> int:
        """Index of the engine that announces itself leader first."""
        lines = {i: engines[i].lines for i in (0, 1)}
        for _ in range(int(WAIT_S * 10)):
            for i, q in lines.items():
                try:
                    line = q.get(timeout=0.05)
                except queue.Empty:
                    continue
                if line.startswith("role "):
                    roles[i] = line[5:]
                    if roles[i] == "leader":
                        return i
        raise AssertionError(f"no engine took the lead: {roles}")

    first_leader = leader()
    standby = 1 - first_leader
    # Due at the engines' fixed time: every level of the register clock (1, 2, 3).
    before = center.cases.report(center.operator, title="Gas smell", category="fire",
                                 severity=1, grid="XH-02").row.id
    _wait_until(lambda: len(_escalation_steps(center)) == 3, "the leader never escalated")

    engines[first_leader].kill()
    assert engines[standby].expect("role leader", timeout=TAKEOVER_S) == "", \
        "the standby engine did not take over within seconds"
    after = center.cases.report(center.operator, title="Smoke in cellar", category="fire",
                                severity=1, grid="XH-03").row.id
    _wait_until(lambda: len(_escalation_steps(center)) == 6, "the new leader never escalated")

    steps = _escalation_steps(center)
    assert sorted(steps) == sorted(
        [(case_id, f"register/{level}") for case_id in (before, after) for level in (1, 2, 3)])
    assert len(set(steps)) == len(steps), "an escalation was recorded twice"


def test_concurrent_edits_are_each_applied_or_refused(center: App, pg_url: str,
                                                      children: list[Child]) -> None:
    steps = 60
    case = center.cases.report(center.operator, title="Disputed parking", category="dispute",
                               severity=3, grid="XH-06").row
    center.cases.register(center.operator, case.reference)
    start_version = center.cases.get(case.reference).row.version
    names = _duty_officers(center)[:2]
    editors = [Child("edit", pg_url, name, case.reference, str(steps)) for name in names]
    children.extend(editors)
    for editor in editors:
        editor.expect("ready")
    for editor in editors:
        editor.send("go")
    counts = [json.loads(editor.expect("counts", timeout=120)) for editor in editors]

    applied = sum(c["applied"] for c in counts)
    refused = sum(c["conflicts"] for c in counts)
    assert applied + refused == 2 * steps  # every attempt either applied or refused
    assert all(c["applied"] > 0 for c in counts)
    final = center.cases.get(case.reference).row.version
    assert final - start_version == applied, "an update was lost (silently overwritten)"
    with center.db.read() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity_id == case.id, AuditEntry.action.in_(("pause", "resume"))))
        assert s.scalar(select(Case.version).where(Case.id == case.id)) == final
    assert audited == applied


def _wait_until(condition: object, message: str) -> None:
    import time

    assert callable(condition)
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.05)
