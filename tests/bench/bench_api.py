"""Issue 23 figures: the intake API.

``POST /cases`` against a real ``main.py serve`` process (uvicorn) on SQLite and, when
``WATCHROOM_TEST_PG_URL`` is set, PostgreSQL: 8 concurrent clients (httpx, one thread
each) for a sustained run; median and 99th-percentile latency and the rate, beside
``CaseService.report`` called in-process (one caller, then 8 threads) on the same
database. And the engine's heartbeat check with 1,000 feeds: idle (none late: one
indexed range query) and when all 1,000 fall silent at once.
Standalone: ``python -m tests.bench.bench_api`` (writes bench-results.json too).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from api.serve import bound_socket
from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from db.demo.district_loader import load_district
from tests.bench.dataset import NOW
from tests.bench.harness import Report, Result

ISSUE = 23
CLIENTS = 8
PER_CLIENT = 150  # 1,200 cases per backend
DIRECT = 300
ROOT = Path(__file__).resolve().parents[2]


def _case(n: int) -> dict[str, Any]:
    return {"title": f"Blocked drain {n}", "category": "utilities", "severity": 3,
            "grid": f"XH-{1 + n % 30:02d}", "source": "hotline", "reporter": "138 0000 0000"}


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextmanager
def _serving(url: str) -> Iterator[str]:
    """``main.py serve`` on ``url`` at a free port, until the block ends."""
    sock = bound_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "serve", "--db", url, "--port", str(port),
         "--rate", "100000", "--burst", "100000"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        while "Uvicorn running" not in (line := proc.stderr.readline()):
            if not line and proc.poll() is not None:
                raise RuntimeError("serve stopped before it listened")
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep it drained
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _over_http(base: str, secret: str) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def client(k: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secret}"},
                          timeout=30.0) as http:
            for i in range(PER_CLIENT):
                t0 = time.perf_counter()
                reply = http.post("/cases", json=_case(k * PER_CLIENT + i))
                mine.append(time.perf_counter() - t0)
                if reply.status_code != 201:
                    failures.append(reply.text)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    assert not failures, failures[:3]
    return latencies, len(latencies) / elapsed


def _direct(app: App) -> tuple[float, float]:
    """Median latency of one in-process caller, and the rate of 8 in-process threads."""
    officer = app.operator
    samples = []
    for n in range(DIRECT):
        t0 = time.perf_counter()
        app.cases.report(officer, **_case(n))
        samples.append(time.perf_counter() - t0)

    def caller(k: int) -> None:
        for i in range(DIRECT // CLIENTS):
            app.cases.report(officer, **_case(k * 100 + i))

    threads = [threading.Thread(target=caller, args=(k,)) for k in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = (DIRECT // CLIENTS) * CLIENTS / (time.perf_counter() - t0)
    return statistics.median(samples), rate


def cases_over_http(backend: str, url: str, report: Report) -> None:
    app = open_app(url, FakeClock(NOW))
    try:
        load_district(app.db, NOW - timedelta(days=1))
        app.district.invalidate()
        admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
        app.act_as(next(o for o in app.operators.list()
                        if o.role is Role.DUTY_OFFICER).username)
        secret = app.tokens.add(admin, "bench", "cases:write").secret
        direct_median, direct_rate = _direct(app)
    finally:
        app.close()
    with _serving(url) as base:
        latencies, rate = _over_http(base, secret)
    median = statistics.median(latencies)
    report.add(Result(ISSUE, f"POST /cases, {CLIENTS} clients, {backend}: rate", round(rate, 1),
                      "cases/s", better="higher",
                      note=f"{len(latencies)} cases; in-process 8 threads {direct_rate:.0f}/s "
                           f"(HTTP = {rate / direct_rate:.2f}x of it)"))
    report.add(Result(ISSUE, f"POST /cases, {CLIENTS} clients, {backend}: median latency",
                      round(median * 1000, 2), "ms",
                      note=f"in-process report() alone {direct_median * 1000:.2f} ms"))
    report.add(Result(ISSUE, f"POST /cases, {CLIENTS} clients, {backend}: p99 latency",
                      round(_pct(latencies, 0.99) * 1000, 2), "ms"))


def on_the_board(folder: Path, report: Report) -> None:
    """A case posted over HTTP (to a ``serve`` process) until a seat's board has its row:
    the seat is a main window in this process, offscreen, on the same SQLite file."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from widgets.common.report_pdf import ensure_gui_application
    from widgets.main_window import MainWindow

    ensure_gui_application()
    url = f"sqlite:///{folder / 'seat.sqlite'}"
    app = open_app(url)
    window = None
    try:
        load_district(app.db, app.clock.now() - timedelta(days=1))
        app.district.invalidate()
        admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
        secret = app.tokens.add(admin, "board", "cases:write").secret
        app.act_as(next(o for o in app.operators.list()
                        if o.role is Role.DUTY_OFFICER).username)
        window = MainWindow(app, QSettings(str(folder / "seat.ini"),
                                           QSettings.Format.IniFormat))
        window.show()
        board = window.board
        samples = []
        with _serving(url) as base, httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {secret}"}) as http:
            for n in range(20):
                t0 = time.perf_counter()
                reference = http.post("/cases", json=_case(n)).json()["reference"]
                case_id = app.cases.get(reference).row.id
                while board.model.row_of(case_id) is None:
                    QApplication.processEvents()
                    time.sleep(0.002)
                samples.append(time.perf_counter() - t0)
        report.add(Result(ISSUE, "case posted over HTTP until a seat's board shows it (SQLite)",
                          round(statistics.median(samples), 3), "s", 1,
                          note=f"median of 20, worst {max(samples):.3f} s; the board's "
                               "change bus polls every 0.3 s on SQLite"))
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        app.close()


def heartbeats(folder: Path, report: Report) -> None:
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{folder / 'feeds.sqlite'}", clock)
    try:
        load_district(app.db, NOW - timedelta(days=1))
        app.district.invalidate()
        system = app.operators.system()
        for n in range(1_000):
            app.heartbeats.beat(system, f"sensor-{n:04d}", 60 + n % 240)
        clock.advance(timedelta(seconds=30))
        idle = _samples(app.heartbeats.check, 200)
        report.add(Result(ISSUE, "heartbeat check, 1,000 feeds, none late", round(
            statistics.median(idle) * 1000, 3), "ms", 5,
            note="one indexed range query (next_due_at), median of 200; every 15 s"))
        clock.advance(timedelta(hours=1))
        t0 = time.perf_counter()
        raised = app.heartbeats.check() + app.heartbeats.check()
        silent = time.perf_counter() - t0
        assert len(raised) == 1_000, len(raised)
        report.add(Result(ISSUE, "heartbeat check, all 1,000 feeds fall silent at once",
                          round(silent * 1000, 1), "ms",
                          note="1,000 alerts raised in two checks (500 per check)"))
    finally:
        app.close()


def _samples(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def run(_ds: Any, report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases_over_http("SQLite", f"sqlite:///{folder / 'api.sqlite'}", report)
        server = os.environ.get("WATCHROOM_TEST_PG_URL", "")
        if server:
            from tests.pg_databases import temporary_database

            with temporary_database(server) as url:
                cases_over_http("PostgreSQL", url, report)
        else:
            print("  api: PostgreSQL skipped — set WATCHROOM_TEST_PG_URL "
                  "(eval \"$(bash scripts/test-postgres.sh)\" starts one)")
        on_the_board(folder, report)
        heartbeats(folder, report)
    load = os.getloadavg()
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    result = Report(scale={"api": f"{CLIENTS} clients x {PER_CLIENT} cases"})
    run(None, result)
    print(result.table())
    result.write(Path(__file__).resolve().parents[2] / "bench-results.json")
