"""Issue 19 figures: paging against real local receivers (aiosmtpd, an HTTP receiver).

A database of its own (the demo district, a temporary SQLite file; the case dataset is
not needed). Measured: from a deadline passing (fake clock moved past it) to the message
received by the SMTP server and the webhook receiver with the engine running (median of
several); a burst of 1,000 escalations delivered by two engines at once, no duplicate and
none lost; the receiver down for a minute of the fake clock, then back: every page once.
Standalone: ``python -m tests.bench.bench_paging`` (writes bench-results.json too).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.engine.escalation import EngineRunner
from db.demo.district_loader import load_district
from tests.bench.dataset import NOW
from tests.bench.harness import Report, Result
from tests.paging_servers import http_receiver, smtp_server

ISSUE = 19
LATENCY_RUNS = 7
BURST = 1_000
DOWN_PAGES = 100


def _app(folder: Path, name: str) -> tuple[App, FakeClock]:
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{folder / name}", clock)
    load_district(app.db, NOW)
    app.district.invalidate()
    return app, clock


def _admin(app: App) -> Any:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN)


def _report_cases(app: App, n: int) -> None:
    system = app.operators.system()
    for i in range(n):
        app.cases.report(system, title=f"Burst case {i}", category="fire", severity=2,
                         grid=f"XH-{1 + i % 30:02d}")


def latency(folder: Path, report: Report) -> None:
    app, clock = _app(folder, "latency.sqlite")
    with smtp_server() as box, http_receiver() as hook:
        admin = _admin(app)
        app.paging.add_channel(admin, "mail", "email",
                               f"smtp://127.0.0.1:{box.port}?from=wr@bench.example&tls=none",
                               rate_per_min=0)
        app.paging.add_channel(admin, "hook", "webhook", hook.url, secret="k", rate_per_min=0)
        app.paging.add_rule(admin, "escalation:2", "address:duty@bench.example", "mail")
        app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
        runner = EngineRunner(app.escalation, app.clock, leadership=app.leadership,
                              poll_interval_s=0.5)
        runner.start()
        app.schedule_duties(runner, None)
        smtp_s, hook_s = [], []
        try:
            time.sleep(0.5)
            for i in range(LATENCY_RUNS):
                _report_cases(app, 1)
                clock.advance(timedelta(minutes=20))  # the register deadline passes
                started = time.perf_counter()
                app.escalation.rearm()  # what the alarm does when the deadline comes
                box.wait_for(i + 1, timeout=30)
                hook.wait_for(i + 1, timeout=30)
                smtp_s.append(box.arrived[i] - started)
                hook_s.append(hook.requests[i].at - started)
        finally:
            runner.close()
            app.close()
    report.add(Result(ISSUE, "deadline passed -> e-mail at the local SMTP server",
                      statistics.median(smtp_s), "s", 2,
                      note=f"median of {LATENCY_RUNS}, worst {max(smtp_s):.2f} s"))
    report.add(Result(ISSUE, "deadline passed -> POST at the local webhook receiver",
                      statistics.median(hook_s), "s", 2,
                      note=f"median of {LATENCY_RUNS}, worst {max(hook_s):.2f} s"))


def burst(folder: Path, report: Report) -> None:
    app, clock = _app(folder, "burst.sqlite")
    other = open_app(app.db.url, clock)
    with http_receiver() as hook:
        admin = _admin(app)
        app.paging.add_channel(admin, "hook", "webhook", hook.url, rate_per_min=0)
        app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
        _report_cases(app, BURST)
        clock.advance(timedelta(minutes=20))
        swept = time.perf_counter()
        app.escalation.sweep()
        sweep_s = time.perf_counter() - swept
        started = time.perf_counter()
        senders = [app.pager(), other.pager()]

        def drain(index: int) -> None:
            while senders[index].run_once():
                pass

        threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        keys = [r.headers["idempotency-key"] for r in hook.requests]
    other.close()
    app.close()
    duplicates = len(keys) - len(set(keys))
    lost = BURST - len(set(keys))
    report.add(Result(ISSUE, f"burst of {BURST:,} escalations paged by two engines",
                      len(keys) / elapsed, "pages/s", better="higher",
                      note=f"{elapsed:.1f} s; {duplicates} duplicate, {lost} lost; the sweep "
                           f"writing {BURST:,} steps + pages took {sweep_s:.2f} s"))
    report.add(Result(ISSUE, "burst: duplicates + lost pages", duplicates + lost, "pages", 0))


def receiver_down(folder: Path, report: Report) -> None:
    app, clock = _app(folder, "down.sqlite")
    with http_receiver() as hook:
        admin = _admin(app)
        app.paging.add_channel(admin, "hook", "webhook", hook.url, rate_per_min=0)
        app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
        _report_cases(app, DOWN_PAGES)
        clock.advance(timedelta(minutes=20))
        app.escalation.sweep()
        sender = app.pager()
        hook.status = 503  # down for a minute of the fake clock
        for _ in range(6):
            sender.run_once()
            clock.advance(timedelta(seconds=10))
        hook.status = 200
        started = time.perf_counter()
        for _ in range(20):  # retries come due on their backoff
            sender.run_once()
            clock.advance(timedelta(seconds=30))
        elapsed = time.perf_counter() - started
        keys = [r.headers["idempotency-key"] for r in hook.requests]
        refused = len(hook.seen) - len(hook.requests)
    app.close()
    once = len(set(keys)) == DOWN_PAGES and len(keys) == DOWN_PAGES
    report.add(Result(ISSUE, f"receiver down 1 min then back: {DOWN_PAGES} pages each once",
                      len(set(keys)), "pages", DOWN_PAGES, better="higher",
                      note=f"{'every page once' if once else 'NOT once each'}; {refused} "
                           f"refused attempts while down; delivered in {elapsed:.1f} s"))


def run(_ds: Any, report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        latency(folder, report)
        burst(folder, report)
        receiver_down(folder, report)
    load = os.getloadavg()
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    import logging

    logging.getLogger("console.paging").setLevel(logging.ERROR)  # the refused attempts
    report = Report(scale={"paging": "demo district, local receivers"})
    run(None, report)
    print(report.table())
    report.write(Path(__file__).resolve().parents[2] / "bench-results.json")
