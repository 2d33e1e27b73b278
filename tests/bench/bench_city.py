"""Issue 24 figures: a city on PostgreSQL — 16 districts, 160,000 cells, 10,000,000 cases
(``make bench BENCH_ARGS="--only city"``; the database is seeded once and kept, see
tests/bench/city_dataset.py). CI runs the same code on 100,000 cases
(tests/integration/test_city_bench.py).

- Seeding: rows/s through COPY, and the ratio to a plain COPY of the same rows.
- The hot reads at the SQLite budgets: stage counts, the board's page, a grid's history
  page, the next deadline, KPIs per grid (a month, the whole history), the handover
  snapshot; each a median with its worst, and its ``EXPLAIN (ANALYZE, BUFFERS)`` written
  to ``docs/city-explain.md``.
- The sweep of 1,000 deadlines falling due at once (in the kept database: each run takes
  the next 1,000).
- Twenty seats and one engine: twenty console processes (the real change bus and case
  board, headless) and an engine process, while a writer commits 50 notes a second on
  different open cases: when each change was applied on each seat's board (p50, p99,
  worst), and the server's CPU over the window (all PostgreSQL processes, from /proc).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text

from console.app import App, open_app
from console.cases.query import CaseFilter, Scope
from console.clock import FakeClock
from console.core.domain import Severity, Stage
from db.models import Deadline
from tests.bench.dataset import NOW
from tests.bench.harness import Report, Result, timed_ms

ISSUE = 24
ROOT = Path(__file__).resolve().parents[2]
EXPLAIN_OUT = ROOT / "docs" / "city-explain.md"
SEATS = 20
RATE = 50.0  # notes a second
WINDOW_S = 60.0
READ_TARGET_MS = 50.0
NEXT_DUE_TARGET_MS = 5.0
SWEEP_TARGET_MS = 500.0
SWEEP_RUNS = 3
KPI_TARGET_MS = 2000.0
SNAPSHOT_TARGET_MS = 1000.0
VISIBLE_TARGET_MS = 1000.0
SERVER_CPU_TARGET = 1.0


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


@dataclass
class Plans:
    """The SELECTs each measured call sent, to explain afterwards."""

    by_label: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    _current: str | None = None

    @contextmanager
    def capture(self, app: App, label: str) -> Iterator[None]:
        seen: list[tuple[str, Any]] = []

        def note(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> None:
            head = statement.lstrip()[:6].upper()
            if head in {"SELECT", "WITH R"} or statement.lstrip().upper().startswith("WITH"):
                seen.append((statement, parameters))

        event.listen(app.db.engine, "before_cursor_execute", note)
        try:
            yield
        finally:
            event.remove(app.db.engine, "before_cursor_execute", note)
            self.by_label[label] = seen

    def explain(self, app: App) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with app.db.engine.connect() as conn:
            raw = conn.connection.driver_connection
            for label, statements in self.by_label.items():
                plans: list[str] = []
                for statement, parameters in statements:
                    with raw.cursor() as cur:  # type: ignore[union-attr]
                        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                        plan = "\n".join(r[0] for r in cur.fetchall())
                    plans.append(f"{' '.join(statement.split())}\n\n{plan}")
                out[label] = plans
            conn.rollback()
        return out


def _timed(report: Report, plans: Plans, app: App, label: str, fn: Callable[[], Any],
           target: float | None, repeat: int = 10, note: str = "") -> float:
    with plans.capture(app, label):
        fn()  # warm, and the statements to explain
    median, worst = timed_ms(fn, repeat=repeat, warmup=0)
    extra = f"; {note}" if note else ""
    report.add(Result(ISSUE, label, median, "ms", target,
                      note=f"worst {worst:.1f} ms of {repeat}{extra}; {load_note()}"))
    return median


def reads(url: str, report: Report, scale: str) -> dict[str, list[str]]:
    app = open_app(url, FakeClock(NOW))
    plans = Plans()
    try:
        counts = app.cases.stage_counts()
        open_total = sum(counts.by_stage.values())
        _timed(report, plans, app, f"stage counts ({scale})", app.cases.stage_counts,
               READ_TARGET_MS, note=f"{open_total:,} open")
        flt = CaseFilter(stages=frozenset({Stage.DISPATCHED, Stage.IN_PROGRESS}),
                         severities=frozenset({Severity.HIGH, Severity.MEDIUM}))
        _timed(report, plans, app, f"board page, 200 most urgent of a filter ({scale})",
               lambda: app.cases.open_page(flt, 200), READ_TARGET_MS)
        _timed(report, plans, app, f"board page, 200 most urgent, no filter ({scale})",
               lambda: app.cases.open_page(CaseFilter(), 200), READ_TARGET_MS)
        city = [g for g in app.district.grids() if g.code[:1] == "D" and g.code[3:4] == "-"]
        grid = city[len(city) // 2]  # a cell in the middle of the city
        hist = CaseFilter(scope=Scope.HISTORY, grid_ids=frozenset({grid.id}))
        _timed(report, plans, app, f"history page, one cell's closed cases ({scale})",
               lambda: app.cases.history_page(hist, 200), READ_TARGET_MS)
        _timed(report, plans, app, f"next deadline ({scale})", app.escalation.next_due,
               NEXT_DUE_TARGET_MS, repeat=50)
        kpis = app.kpis
        for label, start in (("a month", NOW - timedelta(days=30)),
                             ("the whole history", kpis.history_start())):
            _timed(report, plans, app, f"KPIs per grid, {label} ({scale})",
                   partial(kpis.by_grid, start, NOW), KPI_TARGET_MS, repeat=3,
                   note=f"{len(kpis.by_grid(start, NOW)):,} grids")
        _timed(report, plans, app, f"handover snapshot ({scale})", app.handovers.snapshot,
               SNAPSHOT_TARGET_MS, repeat=5)
        sweep(app, report, scale)
        return plans.explain(app)
    finally:
        app.close()


def sweep(app: App, report: Report, scale: str) -> None:
    clock = app.clock
    assert isinstance(clock, FakeClock)
    started = time.perf_counter()
    caught = app.escalation.sweep()  # what fell due since the seed (once, in a new city)
    catch_ms = (time.perf_counter() - started) * 1000
    app.escalation._batch = 5000  # one transaction
    runs: list[tuple[float, int, int, int]] = []  # ms, deadlines, steps, cases
    for _ in range(SWEEP_RUNS):  # each takes the next 1,000 deadlines falling due
        with app.db.read() as s:
            pending = s.scalar(select(func.count()).where(Deadline.next_at.is_not(None))) or 0
            k = min(1000, pending)
            due_at = s.scalar(select(Deadline.next_at).where(Deadline.next_at.is_not(None))
                              .order_by(Deadline.next_at).offset(max(0, k - 1)).limit(1))
        if k == 0:
            break
        clock.set(max(due_at or clock.now(), clock.now()))
        started = time.perf_counter()
        done = app.escalation.sweep()
        runs.append(((time.perf_counter() - started) * 1000, k, len(done),
                     len({e.case_id for e in done})))
    if not runs:
        report.add(Result(ISSUE, f"sweep of due deadlines, one transaction ({scale})", float("nan"),
                          "ms", None, note="no deadline left to fall due"))
        return
    ms, k, steps, cases = sorted(runs)[len(runs) // 2]
    report.add(Result(ISSUE, f"sweep of {k:,} due deadlines, one transaction ({scale})", ms,
                      "ms", SWEEP_TARGET_MS if k >= 1000 else None,
                      note=f"median of {len(runs)} (each the next {k:,} falling due): "
                           f"{', '.join(f'{r[0]:.0f}' for r in runs)} ms; median run "
                           f"{steps:,} steps on {cases:,} cases; catch-up before them: "
                           f"{len(caught):,} steps in {catch_ms:.0f} ms; {load_note()}"))


# ---- twenty seats ----------------------------------------------------------------------


class Proc:
    """A child (tests/bench/city_seat.py or the multi-seat engine), spoken to by lines."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen([sys.executable, "-m", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env, cwd=ROOT)
        self.lines: list[str] = []
        self.err: list[str] = []
        self._cv = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._pump_err, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cv:
                self.lines.append(line.rstrip("\n"))
                self._cv.notify_all()

    def _pump_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                for i, line in enumerate(self.lines):
                    if line.startswith(prefix):
                        del self.lines[: i + 1]
                        return line[len(prefix):].strip()
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.lines):
                    raise RuntimeError(f"no {prefix!r} line in {timeout:.0f} s: "
                                       + "".join(self.err[-15:]))
                self._cv.wait(min(left, 0.5))

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(15)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait()


def _stat(pid: int | str) -> tuple[int, float]:
    """A process's parent and CPU seconds used so far (utime + stime), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by one process."""
    return _stat(pid)[1]


def server_cpu_seconds(app: App) -> float:
    """CPU seconds used so far by the server's processes (postmaster and its children)."""
    with app.db.engine.connect() as conn:
        directory = conn.execute(text("SHOW data_directory")).scalar_one()
    postmaster = int(Path(directory, "postmaster.pid").read_text().split()[0])
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid, seconds = _stat(entry.name)
        except OSError:
            continue
        if postmaster in (int(entry.name), ppid):
            total += seconds
    return total


def seats(url: str, report: Report, scale: str, n_seats: int = SEATS, rate: float = RATE,
          window_s: float = WINDOW_S) -> None:
    app = open_app(url, FakeClock(NOW))
    children: list[Proc] = []
    try:
        started = time.perf_counter()
        consoles = [Proc("tests.bench.city_seat", "seat", url) for _ in range(n_seats)]
        children += consoles
        for seat in consoles:
            seat.expect("ready", timeout=900)
        ready_s = time.perf_counter() - started
        engine = Proc("tests.integration.multiseat_seat", "engine", url)
        children.append(engine)
        engine.expect("role", timeout=120)
        writer = Proc("tests.bench.city_seat", "write", url, str(rate), str(window_s))
        children.append(writer)
        writer.expect("ready", timeout=300)
        clients = [seat.proc.pid for seat in consoles] + [engine.proc.pid]
        cpu_before, wall_before = server_cpu_seconds(app), time.monotonic()
        clients_before = [process_cpu_seconds(pid) for pid in clients]
        writer.send("go")
        written = writer.expect("wrote", timeout=window_s * 3 + 120)
        wrote = {int(k): v for k, v in json.loads(written).items()}
        time.sleep(2.0)  # the last notes reach the boards
        wall = time.monotonic() - wall_before
        cpu = (server_cpu_seconds(app) - cpu_before) / wall
        used = [(process_cpu_seconds(pid) - before) / wall
                for pid, before in zip(clients, clients_before, strict=True)]
        seat_cpu, engine_cpu = statistics.mean(used[:-1]), used[-1]
        latencies: list[float] = []
        missing = 0
        for seat in consoles:
            seat.send("report")
            applied = {int(k): v for k, v in json.loads(seat.expect("applied", 120)).items()}
            for case_id, committed in wrote.items():
                if case_id in applied:
                    latencies.append(max(0.0, applied[case_id] - committed) * 1000)
                else:
                    missing += 1
    finally:
        for child in children:
            child.stop()
        app.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else \
        float("nan")
    note = (f"{len(wrote):,} notes at {rate:.0f}/s × {n_seats} seats = {len(latencies):,} "
            f"applications; median {statistics.median(latencies):.0f} ms, worst "
            f"{latencies[-1]:.0f} ms" if latencies else "nothing applied")
    if missing:
        note += f"; {missing:,} never applied"
    report.add(Result(ISSUE, f"change on one seat applied on all {n_seats} boards, p99 "
                             f"({scale})", p99, "ms", VISIBLE_TARGET_MS,
                      note=f"{note}; seats ready in {ready_s:.0f} s; {load_note()}"))
    report.add(Result(ISSUE, f"server CPU with {n_seats} seats, the engine and the writer "
                             f"({scale})", cpu, "cores", SERVER_CPU_TARGET,
                      note=f"all PostgreSQL processes over {window_s:.0f} s, from /proc; "
                           f"each seat's process {seat_cpu:.3f} of a core on average, the "
                           f"engine's {engine_cpu:.3f}"))


def seeding(meta: dict[str, Any], report: Report, scale: str) -> None:
    report.add(Result(ISSUE, f"city seed through COPY ({scale}: {meta['cases']:,} cases, "
                             f"{meta['audit_entries']:,} audit entries)",
                      meta["seed_rows_per_s"], "rows/s", better="higher",
                      note=f"{meta['seed_seconds']:.0f} s with KPI facts; territory of "
                           f"{meta['grids']:,} cells in {meta['territory_seconds']:.0f} s; "
                           f"{meta['size_gb']:.1f} GB; load {meta['load']:.1f} at the end"))
    ratio = meta["plain_copy_seconds"] / meta["yardstick_seed_seconds"]
    report.add(Result(ISSUE, "seed ÷ plain COPY of the same rows (same run)", ratio, "×",
                      better="higher",
                      note=f"first {meta['yardstick_cases']:,} cases: plain "
                           f"{meta['plain_copy_seconds']:.0f} s "
                           f"({meta['plain_copy_rows_per_s']:,.0f} rows/s), seed "
                           f"{meta['yardstick_seed_seconds']:.0f} s"))


def write_explain(plans: dict[str, list[str]], scale: str, path: Path = EXPLAIN_OUT) -> None:
    lines = [f"# EXPLAIN (ANALYZE, BUFFERS) of the hot queries at city scale ({scale})", "",
             "Written by `make bench BENCH_ARGS=\"--only city\"` (tests/bench/bench_city.py);",
             "each statement as the console sends it, explained on the seeded database.", ""]
    for label, statements in plans.items():
        lines += [f"## {label}", ""]
        for block in statements:
            lines += ["```", block, "```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(url: str, meta: dict[str, Any], report: Report, *, n_seats: int = SEATS,
            window_s: float = WINDOW_S, explain_to: Path | None = EXPLAIN_OUT) -> None:
    scale = f"{meta['cases'] / 1e6:g}M" if meta["cases"] >= 1_000_000 else \
        f"{meta['cases'] / 1e3:g}k"
    seeding(meta, report, scale)
    plans = reads(url, report, scale)
    if explain_to is not None:
        write_explain(plans, scale, explain_to)
    seats(url, report, scale, n_seats=n_seats, window_s=window_s)


def run(report: Report, cases: int, open_count: int) -> None:
    from tests.bench.city_dataset import build_city_dataset

    ds = build_city_dataset(cases, open_count)
    measure(ds.url, ds.meta, report)
