"""``main.py sweep`` and ``main.py engine``, and the engine's runner on a real scheduler."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import ChangeEvent, OperatorRef
from console.engine.escalation import EngineRunner, Escalation
from console.engine.leadership import SharedLeadership
from main import main
from tests.unit.territory.sample_files import CAP_SAMPLES

ROOT = Path(__file__).resolve().parents[3]


def _late_fire(app: App, officer: OperatorRef) -> str:
    return app.cases.report(officer, title="Smoke in stairwell", category="fire",
                            severity=1, grid="XH-02").reference


def test_sweep_prints_each_escalation_once(app: App, officer: OperatorRef, clock: FakeClock,
                                           db_url: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    ref = _late_fire(app, officer)
    clock.advance(timedelta(minutes=10))
    monkeypatch.setattr("main.open_app", lambda url, **_: __import__(
        "console.app", fromlist=["open_app"]).open_app(url, clock))
    assert main(["sweep", "--db", db_url]) == 0
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert lines == [
        f"{ref}  register  level 1 (register deadline warning)  7 min late",
        f"{ref}  register  level 2 (register deadline breached)  7 min late",
    ]
    assert "2 escalation steps" in out.err
    assert main(["sweep", "--db", db_url]) == 0
    assert capsys.readouterr().out == ""  # nothing twice


def test_runner_catches_up_off_the_calling_thread(app: App, officer: OperatorRef,
                                                  clock: FakeClock) -> None:
    _late_fire(app, officer)
    clock.advance(timedelta(minutes=10))
    done = threading.Event()
    seen: list[Escalation] = []
    caller = threading.get_ident()
    threads: set[int] = set()

    def listener(escalations: list[Escalation]) -> None:
        threads.add(threading.get_ident())
        seen.extend(escalations)
        done.set()

    app.escalation.listeners.append(listener)
    runner = EngineRunner(app.escalation, app.clock)
    runner.start()
    try:
        assert done.wait(20), "the runner's first job never swept"
    finally:
        runner.close()
    assert [e.level for e in seen] == [1, 2]
    assert caller not in threads  # the GUI thread would not have waited for this


def test_the_runner_keeps_firing_after_a_one_shot_job_vanished(app: App) -> None:
    """APScheduler's loop removes a finished one-shot job by id; if it is already gone
    the loop must live on (a dead loop would never escalate again)."""
    runner = EngineRunner(app.escalation, app.clock)
    runner.start()
    fired = threading.Event()
    try:
        runner.scheduler.remove_job("escalation-boot-already-gone")  # no JobLookupError
        runner.alarm.schedule(fired.set, "date", "probe")
        assert fired.wait(20), "the scheduler's loop stopped firing"
    finally:
        runner.close()


def test_a_runner_that_handed_its_reading_over_polls_nothing_and_rearms_on_what_it_is_handed(
        app: App, officer: OperatorRef, db_url: str, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """In a console the window's change bus reads the feed for the engine: the runner's own
    poll stands aside, a batch it is handed (here, a case another seat reported) re-arms
    the alarm, and taken back, the poll reads on after the last batch it was handed."""
    other_seat = open_app(db_url, clock)
    other_seat.act_as(officer.username)
    reads: list[int] = []
    real_since = app.changes.since

    def since(seq: int, limit: int = 5000) -> list[ChangeEvent]:
        reads.append(seq)
        return real_since(seq, limit)

    rearmed = threading.Event()
    real_next_due = app.escalation.next_due

    def next_due() -> datetime | None:
        rearmed.set()
        return real_next_due()

    monkeypatch.setattr(app.changes, "since", since)
    monkeypatch.setattr(app.escalation, "next_due", next_due)
    runner = EngineRunner(app.escalation, app.clock, poll_interval_s=0.05)
    runner.start()
    pause = threading.Event()
    try:
        assert _wait(lambda: bool(reads)), "the runner never polled by itself"
        rearmed.clear()
        take_back = runner.hand_over_reading()
        assert rearmed.wait(20), "no re-arm for what its own poll had not read yet"
        pause.wait(0.2)  # a poll already under way when the reading was handed over ends
        reads.clear()
        start = real_since(0, 10_000)[-1].seq
        _late_fire(other_seat, other_seat.operator)
        pause.wait(0.3)  # six of its poll intervals
        assert reads == [], "the runner read the feed after handing the reading over"
        assert runner.alarm.armed_for is None, "nobody told the runner yet"
        batch = real_since(start, 10_000)
        runner.changes_read(batch)
        assert _wait(lambda: runner.alarm.armed_for == real_next_due() is not None)
        take_back()
        assert _wait(lambda: bool(reads)), "the runner did not poll again"
        assert reads[0] == batch[-1].seq, "it reads on after the last batch handed to it"
    finally:
        runner.close()
        other_seat.close()


def _wait(condition: Callable[[], bool], timeout_s: float = 20) -> bool:
    """Whether ``condition`` came true within ``timeout_s`` (checked every 10 ms)."""
    pause = threading.Event()
    for _ in range(int(timeout_s * 100)):
        if condition():
            return True
        pause.wait(0.01)
    return condition()


@pytest.mark.slow
def test_engine_command_runs_until_terminated(app: App, officer: OperatorRef,
                                              db_url: str, clock: FakeClock) -> None:
    app.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "engine", "--db", db_url,
                             "--no-inbox"],
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines: list[str] = []
    running = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "engine running" in line:
                running.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        # Generous waits: on a loaded CI machine a fresh interpreter takes its time to
        # import Qt-free modules and open the database; the point is the clean exit.
        assert running.wait(180), "".join(lines)
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # the engine writes its threads' stacks
            time.sleep(3)
            pytest.fail("the engine did not stop within 120 s of SIGTERM:\n" + "".join(lines))
        reader.join(timeout=30)
        assert code == 0, "".join(lines)
        assert any("engine stopped" in line for line in lines), "".join(lines)
    finally:
        if proc.poll() is None:  # never leave an engine running behind a failed test
            proc.kill()
            proc.wait()


def test_duties_import_a_file_dropped_in_the_inbox(app: App, tmp_path: Path) -> None:
    """The engine's inbox job imports a feed file and moves it to done/."""
    inbox = tmp_path / "inbox"
    jobs: dict[str, object] = {}

    class Recorder:
        leadership = SharedLeadership()  # not started: the paging sender sends nothing

        def add_periodic(self, job: object, seconds: float, job_id: str,
                         **_first: object) -> None:
            jobs[job_id] = job

        def wake_after_sweeps(self, job: object, job_id: str) -> None:
            jobs[job_id] = job

    app.schedule_duties(Recorder(), inbox)  # type: ignore[arg-type]
    assert set(jobs) == {"roster-readiness", "alert-timers", "feed-inbox", "handover-due",
                         "feed-heartbeats", "paging-sender", "paging-sender-now",
                         "change-feed-prune"}
    sample = CAP_SAMPLES / "imo_iceland_wind.xml"
    (inbox / sample.name).write_bytes(sample.read_bytes())
    for _ in range(2):  # the first scan sees the file, the second finds its size settled
        jobs["feed-inbox"]()  # type: ignore[operator]
    assert (inbox / "done" / sample.name).exists()
    assert app.alerts.counts().new_total >= 1
