"""A seat, an engine or an editor in a process of its own, for the multi-seat tests and
benchmark. Run as ``python -m tests.integration.multiseat_seat MODE URL ...``; it talks
one line at a time on stdin/stdout. Every clock here is fixed (``FakeClock``): nothing
waits for a deadline in real time.

Modes:
    seat URL OPERATOR    a console session: reads the change feed when notified.
        create N             report N cases          -> ``created [ids]`` (+ commit times)
        expect [ids]         wait until all are seen -> ``seen ok`` / ``seen missing [ids]``
        times                when each case was seen -> ``times {id: unix time}``
        pid                  the listener's server process -> ``pid N``
    engine URL           an engine runner with leadership; prints ``role R`` on changes.
    edit URL OPERATOR REF N   after ``go``: N pause/resume steps on REF, each with the
                         version just read -> ``counts {"applied":…, "conflicts":…}``
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import UTC, datetime

from console.app import App, open_app
from console.clock import FakeClock
from console.core.change_notifier import PgChangeNotifier
from console.core.errors import ConflictError
from console.engine.escalation import EngineRunner
from console.engine.leadership import AdvisoryLockLeadership

# Fixed console time: the seats' writes and the engines' sweeps all see this moment.
AT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class FeedReader:
    """Reads the feed from its own cursor whenever the listener wakes it."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._last = app.changes.latest_seq()
        self._lock = threading.Lock()
        self.seen_at: dict[int, float] = {}
        self.changed = threading.Condition()

    def wake(self) -> None:
        with self._lock:
            events = self._app.changes.since(self._last)
            now = time.time()
            for event in events:
                if event.entity == "case" and event.op == "insert":
                    self.seen_at.setdefault(event.entity_id, now)
                self._last = event.seq
        if events:
            with self.changed:
                self.changed.notify_all()

    def wait_for(self, ids: set[int], timeout: float) -> set[int]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not ids <= self.seen_at.keys():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(left)
        return ids - self.seen_at.keys()


def run_seat(url: str, operator: str) -> None:
    app = open_app(url, FakeClock(AT))
    officer = app.act_as(operator)
    notifier = app.notifier
    assert isinstance(notifier, PgChangeNotifier)
    reader = FeedReader(app)
    notifier.subscribe(reader.wake)
    notifier.wait_connected(30)
    say(f"ready {notifier.backend_pid}")
    try:
        for line in sys.stdin:
            word, _, rest = line.strip().partition(" ")
            if word == "create":
                ids, committed = [], []
                for i in range(int(rest)):
                    case = app.cases.report(officer, title=f"{operator} report {i}",
                                            category="utilities", severity=3, grid="XH-04")
                    ids.append(case.row.id)
                    committed.append(time.time())
                say(f"created {_compact(ids)} {_compact(committed)}")
            elif word == "expect":
                missing = reader.wait_for(set(json.loads(rest)), timeout=30)
                say("seen ok" if not missing else f"seen missing {json.dumps(sorted(missing))}")
            elif word == "times":
                say(f"times {json.dumps(reader.seen_at)}")
            elif word == "pid":
                notifier.wait_connected(30)
                say(f"pid {notifier.backend_pid}")
            elif word == "quit":
                break
    finally:
        app.close()


def run_engine(url: str) -> None:
    app = open_app(url, FakeClock(AT))
    leadership = AdvisoryLockLeadership(url, retry_s=0.5)
    runner = EngineRunner(app.escalation, app.clock, leadership=leadership,
                          notifier=app.notifier)
    stop = threading.Event()

    def watch_stdin() -> None:
        for _ in sys.stdin:
            pass
        stop.set()  # the parent closed our stdin: end

    threading.Thread(target=watch_stdin, daemon=True).start()
    runner.start()
    role = None
    try:
        while not stop.wait(0.05):
            if leadership.role is not role:
                role = leadership.role
                say(f"role {role.value}")
    finally:
        runner.close()
        app.close()


def run_editor(url: str, operator: str, reference: str, steps: int) -> None:
    app = open_app(url, FakeClock(AT))
    officer = app.act_as(operator)
    applied = conflicts = 0
    say("ready")
    sys.stdin.readline()  # "go"
    try:
        for _ in range(steps):
            row = app.cases.get(reference).row
            try:
                if row.paused:
                    app.cases.resume(officer, reference, expected_version=row.version)
                else:
                    app.cases.pause(officer, reference, f"waiting ({operator})",
                                    expected_version=row.version)
                applied += 1
            except ConflictError:
                conflicts += 1
        say(f"counts {json.dumps({'applied': applied, 'conflicts': conflicts})}")
    finally:
        app.close()


def main(argv: list[str]) -> int:
    mode, url, *rest = argv
    if mode == "seat":
        run_seat(url, rest[0])
    elif mode == "engine":
        run_engine(url)
    elif mode == "edit":
        run_editor(url, rest[0], rest[1], int(rest[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
