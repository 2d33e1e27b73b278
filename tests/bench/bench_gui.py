"""Issue 2 figures that need a screen: cold start, a live burst, memory — each in a fresh
console process (``tests/bench/gui_probe.py``, offscreen Qt, settings of its own).

- Cold start: this process notes ``time.time()`` just before starting the console and
  passes it in; the console reports the moment its case table's viewport first gets a
  paint event with rows in the model (on an offscreen 1920 × 1080 screen, ``SCREEN``).
  Interpreter start-up and imports count. One unmeasured run first (it fills the
  bytecode cache under ``.bench-cache/pycache`` and the OS file cache, like any second
  start of a console), then three measured runs.
- Whole board: in the same runs, when the model holds every open case, and the longest
  time the GUI thread was held while it loaded (a 5 ms heartbeat timer's longest gap
  from the first paint on, or the longest GUI-thread call of the board's loading paths,
  whichever is longer — a synchronous load in the window's constructor shows as the
  latter).
- Burst: a console on a working copy; once whole and painted, a third process writes
  1,000 notes on 1,000 different open cases as a duty officer (one transaction each,
  tight loop); the console reports when the last of those cases went through the
  board's live-update path, the longest heartbeat gap, model resets and rows.
- Memory: the console's resident set once the board is whole and painted, and after the
  burst.

Every wait has a timeout; a child that fails or hangs is killed and the failure is a
Result note, never an exception out of ``run``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.bench.dataset import CACHE, NOW, Dataset
from tests.bench.gui_probe import HEARTBEAT_MS, TAIL_S
from tests.bench.harness import Report, Result

ROOT = Path(__file__).resolve().parents[2]
PROBE = [sys.executable, "-m", "tests.bench.gui_probe"]
COLD_RUNS = 3
BURST = 1000
START_TIMEOUT_S = 90.0
READY_TIMEOUT_S = 180.0
WRITE_TIMEOUT_S = 300.0
APPLY_TIMEOUT_S = 120.0

COLD_START_TARGET_S = 1.0
SLICE_TARGET_MS = 50.0
MEMORY_TARGET_MB = 400.0

NAN = float("nan")


class ProbeError(Exception):
    """A child failed, timed out or said something unreadable; the message says which."""


@dataclass
class Child:
    """A child process whose stdout lines arrive on a queue (so reads can time out)."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None]
    stderr: IO[str]
    what: str

    def next_line(self, deadline: float) -> str:
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise ProbeError(f"{self.what}: no answer in time{self.stderr_tail()}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.proc.wait(timeout=10)
                raise ProbeError(f"{self.what} exited ({self.proc.returncode}) without an "
                                 f"answer{self.stderr_tail()}")
            return line.rstrip("\n")

    def wait_for(self, text: str, deadline: float) -> None:
        while True:
            line = self.next_line(deadline).strip()
            if line == text:
                return
            if line.startswith("{"):  # a result before ``text``: the child gave up
                self._check(line)
                raise ProbeError(f"{self.what} answered before {text!r}: {line[:300]}")

    def result(self, deadline: float) -> dict[str, Any]:
        """The child's JSON result line (other output is skipped)."""
        while True:
            line = self.next_line(deadline)
            if line.startswith("{"):
                return self._check(line)

    def _check(self, line: str) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = json.loads(line)
        except ValueError as exc:
            raise ProbeError(f"{self.what}: unreadable result {line[:200]!r}") from exc
        if payload.get("error"):
            raise ProbeError(f"{self.what}: {payload['error']}{self.stderr_tail()}")
        if payload.get("errors"):
            raise ProbeError(f"{self.what}: {'; '.join(payload['errors'])[:500]}")
        return payload

    def stderr_tail(self) -> str:
        try:
            self.stderr.flush()
            self.stderr.seek(0)
            lines = [ln for ln in self.stderr.read().splitlines()
                     if ln.strip() and "This plugin does not support" not in ln]
        except (OSError, ValueError):
            return ""
        return f" — stderr: {' | '.join(lines[-4:])[:600]}" if lines else ""

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.stderr.close()


# The offscreen platform's own screen is 800 × 600, where the docks leave the board no
# rows to paint: the console is measured on a 1080p screen, as a center's is.
SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def _env(tmp: Path | None = None) -> dict[str, str]:
    """A child's environment; with ``tmp``, a 1080p offscreen screen (its file in ``tmp``)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if tmp is not None:
        screen = tmp / "screen.json"
        if not screen.exists():
            screen.write_text(json.dumps(SCREEN), encoding="utf-8")
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    # Bytecode is cached (as on any console's second start), out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    for name in ("WATCHROOM_DB_URL", "WATCHROOM_OPERATOR"):
        env.pop(name, None)
    return env


def _spawn(args: list[str], what: str, tmp: Path, stdin: bool = False) -> Child:
    stderr = tempfile.TemporaryFile("w+", dir=tmp)  # noqa: SIM115 — closed by Child.kill
    proc = subprocess.Popen(
        [*PROBE, *args], cwd=ROOT, env=_env(tmp), text=True, stdout=subprocess.PIPE,
        stderr=stderr, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return Child(proc, lines, stderr, what)


def _gui_args(mode: str, db_url: str, ds: Dataset, tmp: Path, name: str,
              timeout: float) -> list[str]:
    settings = tmp / f"{name}.ini"
    settings.unlink(missing_ok=True)
    return [mode, "--db", db_url, "--now", NOW.isoformat(), "--settings", str(settings),
            "--expect", str(ds.open), "--timeout", str(timeout)]


def cold_start(ds: Dataset, tmp: Path, name: str) -> dict[str, Any]:
    args = _gui_args("start", ds.url, ds, tmp, name, START_TIMEOUT_S)
    t0 = time.time()
    child = _spawn([*args, "--t0", repr(t0)], f"cold start {name}", tmp)
    try:
        return child.result(t0 + START_TIMEOUT_S + 20)
    finally:
        child.kill()


def burst(ds: Dataset, tmp: Path) -> dict[str, Any]:
    path = ds.working_copy("gui-burst")
    url = f"sqlite:///{path}"
    args = _gui_args("burst", url, ds, tmp, "burst", READY_TIMEOUT_S + WRITE_TIMEOUT_S
                     + APPLY_TIMEOUT_S)
    t0 = time.time()
    console = _spawn([*args, "--t0", repr(t0)], "burst console", tmp, stdin=True)
    writer: Child | None = None
    try:
        console.wait_for("ready", t0 + READY_TIMEOUT_S)
        writer = _spawn(["write", "--db", url, "--now", NOW.isoformat(),
                         "--count", str(BURST)], "burst writer", tmp)
        written = writer.result(time.time() + WRITE_TIMEOUT_S)
        assert console.proc.stdin is not None
        console.proc.stdin.write(json.dumps(written) + "\n")
        console.proc.stdin.flush()
        result = console.result(time.time() + APPLY_TIMEOUT_S + 20)
        result["writer"] = {k: v for k, v in written.items() if k != "ids"}
        return result
    finally:
        if writer is not None:
            writer.kill()
        console.kill()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# ---- figures -------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def _culprits(gaps: list[dict[str, Any]]) -> str:
    """What ran on the GUI thread during the longest heartbeat gap."""
    if not gaps:
        return "no gap"
    calls = gaps[0]["calls"]
    inside = ", ".join(f"{k} {v:.0f} ms" for k, v in list(calls.items())[:3])
    return f"{inside or 'no timed call'} within it"


def _load_block_ms(run: dict[str, Any]) -> float:
    calls = run.get("loading_calls", {})
    longest_call = max((c["gui_max_ms"] for c in calls.values()), default=0.0)
    return max(float(run.get("max_gap_loading_ms") or 0.0), longest_call)


def _describe_load(run: dict[str, Any]) -> str:
    calls = run.get("loading_calls", {})
    parts = []
    for key, label in (("board.reload", "CaseBoard.reload"),
                       ("board._merge_slice", "CaseBoard._merge_slice"),
                       ("cases.open_page", "open_page"),
                       ("cases.open_cases", "open_cases"),
                       ("model.reset_rows", "reset_rows"),
                       ("model.apply_rows", "apply_rows"),
                       ("model.insert_rows", "insert_rows")):
        c = calls.get(key)
        if not c or not c["n"]:
            continue
        where = []
        if c["gui_n"]:
            where.append(f"GUI {c['gui_max_ms']:.0f} ms max/{c['gui_total_ms']:.0f} total "
                         f"×{c['gui_n']}")
        if c["other_n"]:
            where.append(f"worker {c['other_max_ms']:.0f} ms max ×{c['other_n']}")
        parts.append(f"{label} {', '.join(where)}")
    return "; ".join(parts) or "no loading call seen"


def report_cold(ds: Dataset, report: Report, runs: list[dict[str, Any]],
                warmup: dict[str, Any] | None, failures: list[str]) -> None:
    scale = f"{ds.cases:,} cases, {ds.open:,} open"
    paints = [r["first_paint_s"] for r in runs]
    failed = f"; {len(failures)} run(s) failed: {failures[0][:300]}" if failures else ""
    if not runs:
        report.add(Result(2, f"cold start to first painted board ({scale})", NAN, "s",
                          COLD_START_TARGET_S, note=f"failed: {'; '.join(failures)[:600]}"))
        report.add(Result(2, f"whole board loaded ({ds.open:,} open cases), GUI thread", NAN,
                          "ms", note="no cold start succeeded"))
        return
    mid = sorted(runs, key=lambda r: r["first_paint_s"])[len(runs) // 2]
    first = (f"; unmeasured first run {warmup['first_paint_s']:.2f} s" if warmup else "")
    cpu = mid.get("cpu_s", {})
    report.add(Result(
        2, f"cold start to first painted board ({scale})", statistics.median(paints), "s",
        COLD_START_TARGET_S,
        note=(f"median of {len(runs)}, worst {max(paints):.2f} s{first}; median run, from "
              f"start: imports done {_s(mid['imported_s'])}, open_app {_s(mid['opened_s'])}, "
              f"window built {_s(mid['window_built_s'])}, first paint "
              f"{_s(mid['first_paint_s'])} (done {_s(mid['first_paint_done_s'])}) with "
              f"{mid['rows_at_first_paint']:,} rows; console CPU time to first paint "
              f"{_s(cpu.get('first_paint'))} (imports {_s(cpu.get('imported'))}); "
              f"{_load()}{failed}")))

    whole_runs = [r for r in runs if r.get("board_whole_s") is not None]
    if not whole_runs:
        report.add(Result(2, f"whole board loaded ({ds.open:,} open cases), GUI thread", NAN,
                          "ms", note=f"never whole: {runs[0].get('warning', '?')}"))
        return
    blocks = [_load_block_ms(r) for r in whole_runs]
    whole = _s(statistics.median(r["board_whole_s"] for r in whole_runs))
    mid = sorted(whole_runs, key=_load_block_ms)[len(whole_runs) // 2]
    report.add(Result(
        2, f"whole board loaded ({ds.open:,} open cases), GUI thread",
        statistics.median(blocks), "ms",
        note=(f"longest GUI-thread block while loading, median of {len(blocks)} (worst "
              f"{max(blocks):.0f} ms); whole board {whole} from start, {mid['rows']:,} rows; "
              f"longest heartbeat gap from first paint to whole "
              f"{_ms(mid['max_gap_loading_ms'])} ({_culprits(mid.get('worst_gaps_loading', []))})"
              f"; {_describe_load(mid)}")))


def report_burst(ds: Dataset, report: Report, b: dict[str, Any] | None, error: str) -> None:
    what = f"{BURST:,} case changes from another process"
    if b is None:
        for name, unit, target in (("first write → all applied on the board", "s", None),
                                   ("longest GUI-thread slice", "ms", SLICE_TARGET_MS),
                                   ("model resets", "resets", 0.0)):
            report.add(Result(2, f"{what}: {name}", NAN, unit, target,
                              note=f"failed: {error[:600]}"))
        return
    calls = b["calls"]
    writer = b["writer"]
    writes_per_s = b["writes"] / b["writer_s"] if b["writer_s"] else NAN

    def call(key: str, label: str) -> str:
        c = calls.get(key, {})
        if not c.get("found"):
            return f"{label}: not found"
        return f"{label} {c['gui_max_ms']:.1f} ms max ×{c['gui_n']}"

    report.add(Result(
        2, f"{what}: first write → all applied on the board", b["applied_after_s"], "s",
        note=(f"writer {b['writer_s']:.2f} s ({writes_per_s:,.0f} notes/s, one transaction "
              f"each); last case applied {b['applied_after_last_write_s']:.2f} s after the "
              f"last write ({b.get('applied_by', '?')}); feed seq {writer['last_seq']:,}; "
              f"{_load()}")))
    report.add(Result(
        2, f"{what}: longest GUI-thread slice", b["max_gap_ms"], "ms", SLICE_TARGET_MS,
        note=(f"longest gap of a {HEARTBEAT_MS} ms heartbeat timer, first write to "
              f"{TAIL_S:.0f} s after the last change applied; "
              f"{call('board._apply_live_rows', '_apply_live_rows')}, "
              f"{call('bus.poll', 'poll')}, "
              f"{call('board.refresh_counts', 'refresh_counts')}, "
              f"{call('board.refresh_countdowns', 'refresh_countdowns')}, "
              f"{call('cases.rows_by_ids', 'rows_by_ids')}; longest gap: "
              f"{_culprits(b.get('worst_gaps', []))}")))
    report.add(Result(
        2, f"{what}: model resets", b["model_resets"], "resets", 0.0,
        note=(f"proxy resets {b.get('proxy_resets', 0)}; dataChanged ×{b['data_changed']}, "
              f"rows inserted ×{b['rows_inserted']}, removed ×{b['rows_removed']}, layout "
              f"changes ×{b['layout_changed']}")))
    report.add(Result(
        2, f"{what}: rows on the board after", b["rows_after"], "rows", float(ds.open),
        better="higher", note=f"must stay {ds.open:,} (notes open or close nothing)"))


def report_memory(report: Report, runs: list[dict[str, Any]], b: dict[str, Any] | None,
                  errors: list[str]) -> None:
    loaded = [r["rss_mb_loaded"] for r in runs if r.get("rss_mb_loaded")]
    figures = [*loaded]
    parts = []
    if loaded:
        parts.append(f"whole and painted: {statistics.median(loaded):.0f} MB (median of "
                     f"{len(loaded)} cold starts)")
    if b is not None:
        figures += [b["rss_mb_loaded"], b["rss_mb_after"]]
        parts.append(f"burst console {b['rss_mb_loaded']:.0f} MB loaded → "
                     f"{b['rss_mb_after']:.0f} MB after {BURST:,} changes")
    if errors:
        parts.append(f"failed: {'; '.join(errors)[:300]}")
    report.add(Result(2, "resident memory of the GUI (board whole and painted, and after "
                      "the burst)", max(figures) if figures else NAN, "MB", MEMORY_TARGET_MB,
                      note="; ".join(parts) + "; psutil RSS, highest figure"))


def run(ds: Dataset, report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="watchroom-gui-bench-") as tmpdir:
        tmp = Path(tmpdir)
        failures: list[str] = []
        warmup: dict[str, Any] | None = None
        try:
            warmup = cold_start(ds, tmp, "warmup")
        except ProbeError as exc:
            failures.append(f"first run: {exc}")
        runs: list[dict[str, Any]] = []
        for n in range(COLD_RUNS):
            try:
                runs.append(cold_start(ds, tmp, f"cold{n + 1}"))
            except ProbeError as exc:
                failures.append(str(exc))
        report_cold(ds, report, runs, warmup, failures)

        b: dict[str, Any] | None = None
        error = ""
        try:
            b = burst(ds, tmp)
        except (ProbeError, OSError, subprocess.SubprocessError) as exc:
            error = str(exc)
        report_burst(ds, report, b, error)
        report_memory(report, runs, b, failures + ([error] if error else []))
