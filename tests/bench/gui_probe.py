"""A fresh console process for the GUI benchmarks (driven by ``bench_gui.py``).

``python -m tests.bench.gui_probe start --db URL --t0 T …``
    Starts the console as ``main.py`` does (its imports, ``open_app``, act as a duty officer,
    ``widgets.shell.launcher.run_gui`` with settings of its own), and reports, in seconds from
    ``--t0`` (the parent's ``time.time()`` just before it started this process): the case
    table's viewport first painting with rows in the model, and the board holding every
    open case. Also the longest GUI-thread blocks while the board loaded and the resident
    memory once it is whole and painted.

``python -m tests.bench.gui_probe burst --db URL …``
    The same console on a working copy; once the board is whole and painted it prints
    ``ready`` and waits for one JSON line on stdin from the parent (what the writer
    process wrote: case ids, first write time, last change-feed seq). It reports when
    every written case went through the board's live-update path, the longest GUI-thread
    gap (a 5 ms heartbeat timer), each live-update slice and feed poll, model resets and
    rows, and the resident memory after the burst.

``python -m tests.bench.gui_probe write --db URL --count N``
    Another process writing: ``N`` notes on ``N`` different open cases as a duty officer,
    each its own transaction, in a tight loop.

Each prints exactly one JSON line (starting ``{``) with its results, or with ``error``.
Every wait has a timeout; a watchdog thread ends a stuck process.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STARTED = time.time()  # the default for --t0: when this module began running

HEARTBEAT_MS = 5
SETTLE_S = 1.0  # after the board is whole and painted: let debounced refreshes run
TAIL_S = 1.0  # after the last change is applied: the trailing count refresh and repaints


def emit(payload: dict[str, Any]) -> None:
    """The one result line the parent parses."""
    sys.stdout.write(json.dumps(payload, default=str) + "\n")
    sys.stdout.flush()


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def start_watchdog(seconds: float, what: str) -> None:
    """End the process if it is still running after ``seconds`` (e.g. the GUI thread is
    stuck in a query and no Qt timer can fire)."""

    def fire() -> None:
        emit({"error": f"watchdog: {what} still running after {seconds:.0f} s"})
        os._exit(4)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


# ---- timing of calls ----------------------------------------------------------------------


@dataclass
class Call:
    at: float  # time.time() at the start
    ms: float
    gui_thread: bool


@dataclass
class Calls:
    """Durations of one method's calls."""

    found: bool = False
    calls: list[Call] = field(default_factory=list)

    def within(self, start: float, end: float, gui_only: bool = True) -> list[Call]:
        return [c for c in self.calls
                if start <= c.at <= end and (c.gui_thread or not gui_only)]

    def summary(self, start: float = 0.0, end: float = float("inf")) -> dict[str, Any]:
        calls = self.within(start, end, gui_only=False)
        gui = [c.ms for c in calls if c.gui_thread]
        other = [c.ms for c in calls if not c.gui_thread]
        return {"found": self.found, "n": len(calls),
                "gui_n": len(gui), "gui_max_ms": max(gui, default=0.0),
                "gui_total_ms": sum(gui),
                "other_n": len(other), "other_max_ms": max(other, default=0.0),
                "other_total_ms": sum(other)}


def wrap(owner: object, name: str, sink: Calls,
         after: Callable[[float], None] | None = None) -> None:
    """Replace ``owner.name`` (a class's method or an object's bound method) by a timed
    wrapper recording into ``sink``. Missing attributes are left alone (``sink.found``
    stays False). ``after(end_time)`` runs after each call."""
    original = getattr(owner, name, None)
    if not callable(original):
        return
    sink.found = True

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        wall = time.time()
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink.calls.append(Call(wall, (time.perf_counter() - started) * 1000,
                                   threading.current_thread() is threading.main_thread()))
            if after is not None:
                after(time.time())

    setattr(owner, name, timed)


# ---- the console under test ------------------------------------------------------------


@dataclass
class Probe:
    """What one console process observed (times are ``time.time()``)."""

    t0: float
    expect_rows: int
    stamps: dict[str, float] = field(default_factory=dict)
    gaps: list[tuple[float, float]] = field(default_factory=list)  # (tick time, gap ms)
    calls: dict[str, Calls] = field(default_factory=dict)
    rows_at_first_paint: int = -1
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # process CPU seconds at a stamp

    def stamp(self, name: str, when: float | None = None) -> None:
        if name not in self.stamps:
            self.stamps[name] = time.time() if when is None else when
            times = os.times()
            self.cpu[name] = times.user + times.system

    def since_t0(self, name: str) -> float | None:
        when = self.stamps.get(name)
        return None if when is None else when - self.t0

    def max_gap(self, start: float, end: float) -> float:
        return max((g for at, g in self.gaps if start <= at <= end), default=0.0)

    def worst_gaps(self, start: float, end: float, n: int = 3) -> list[dict[str, Any]]:
        """The ``n`` longest heartbeat gaps in the window, each with the timed GUI-thread
        calls that overlapped it (ms of each inside the gap): where the time went."""
        gaps = sorted(((g, at) for at, g in self.gaps if start <= at <= end), reverse=True)
        out = []
        for gap, at in gaps[:n]:
            gap_start = at - gap / 1000
            inside: dict[str, float] = {}
            for name, calls in self.calls.items():
                for c in calls.calls:
                    if not c.gui_thread:
                        continue
                    overlap = min(at, c.at + c.ms / 1000) - max(gap_start, c.at)
                    if overlap > 0:
                        inside[name] = inside.get(name, 0.0) + overlap * 1000
            out.append({"ms": round(gap, 1), "at_s": round(at - self.t0, 3),
                        "calls": {k: round(v, 1) for k, v in sorted(
                            inside.items(), key=lambda kv: -kv[1])}})
        return out


class Console:
    """Starts the console through ``run_gui`` with hooks for the measurements."""

    def __init__(self, probe: Probe, db_url: str, now: datetime, settings_path: str) -> None:
        self.probe = probe
        self.db_url = db_url
        self.now = now
        self.settings_path = settings_path
        self.window: Any = None
        self.board: Any = None
        self.model: Any = None  # the board's source model
        self.view_model: Any = None  # what the table shows (the proxy)
        self.bus: Any = None
        self.app: Any = None
        self.on_tick: Callable[[], None] | None = None
        self._last_tick = 0.0

    def run(self) -> int:
        # The core before Qt, in main.py's order: once PySide6 is loaded, it reads the
        # source of every module imported after it (looking for its __feature__ use). No
        # garbage collection meanwhile, frozen after, as main.py does.
        gc.disable()
        import main  # noqa: F401  main.py's own imports (its command line), as a start has them
        from console.app import open_app
        from console.clock import FakeClock

        from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer  # isort: skip
        from PySide6.QtWidgets import QApplication, QTableView, QWidget  # isort: skip

        from widgets import main_window
        from widgets.shell.launcher import run_gui

        gc.freeze()
        gc.enable()

        p = self.probe
        p.stamp("imported")
        # As main.py opens it for the GUI: the pages checked while the window shows.
        self.app = open_app(self.db_url, FakeClock(self.now), check_pages_later=True)
        duty = [o for o in self.app.operators.list() if o.role.value == "duty_officer"]
        self.app.act_as(duty[0].username if duty else self.app.operators.list()[0].username)
        p.stamp("opened")

        qapp = QApplication([sys.argv[0]])
        probe = self

        class PaintWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if (event.type() == QEvent.Type.Paint and "first_paint" not in p.stamps
                        and probe.view_model is not None and probe.view_model.rowCount() > 0):
                    p.stamp("first_paint")
                    p.rows_at_first_paint = probe.view_model.rowCount()
                    # Runs once this paint (and the flush it is part of) is done.
                    QTimer.singleShot(0, lambda: p.stamp("first_paint_done"))
                return False

        paint_watch = PaintWatch()

        # Time the board's loading and live-update paths, whatever of them exists (the
        # classes are patched before run_gui builds the window: Qt connects bound methods).
        import widgets.cases.board as case_board_module
        import widgets.cases.table_model as table_model_module
        import widgets.changes.bus as change_bus_module

        targets: list[tuple[str, object, tuple[str, ...]]] = [
            ("board", getattr(case_board_module, "CaseBoard", None),
             ("reload", "_apply_live_rows", "_merge_slice", "refresh_counts",
              "refresh_countdowns", "queue_case_ids")),
            ("bus", getattr(change_bus_module, "ChangeBus", None), ("poll",)),
            ("model", getattr(table_model_module, "CaseBoardModel", None),
             ("reset_rows", "apply_rows", "insert_rows")),
        ]
        for prefix, cls, names in targets:
            for name in names:
                p.calls[f"{prefix}.{name}"] = Calls()
                if cls is not None:
                    wrap(cls, name, p.calls[f"{prefix}.{name}"],
                         after=self._slice_done if name == "_apply_live_rows" else None)
        for name in ("open_cases", "open_page", "rows_by_ids", "stage_counts"):
            p.calls[f"cases.{name}"] = Calls()
            wrap(self.app.cases, name, p.calls[f"cases.{name}"],
                 after=self._rows_fetched if name == "rows_by_ids" else None)
        self._wrap_rows_by_ids_ids()

        original_init = main_window.MainWindow.__init__

        def init(window: Any, *args: Any, **kwargs: Any) -> None:
            p.stamp("window_start")
            original_init(window, *args, **kwargs)
            p.stamp("window_built")
            self.window = window
            self.board = getattr(window, "board", None) or window.findChild(QWidget,
                                                                            "caseBoard")
            self.bus = getattr(window, "bus", None)
            table = window.findChild(QTableView, "caseTable")
            if table is None:
                p.errors.append("no QTableView named caseTable")
                return
            self.view_model = table.model()
            self.model = getattr(self.board, "model", None)
            if self.model is None:
                source = getattr(self.view_model, "sourceModel", None)
                self.model = source() if callable(source) else self.view_model
            table.viewport().installEventFilter(paint_watch)
            for signal in (self.model.modelReset, self.model.rowsInserted):
                signal.connect(self._check_whole)
            self._check_whole()

        main_window.MainWindow.__init__ = init  # type: ignore[method-assign,assignment]

        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(HEARTBEAT_MS)
        heartbeat.timeout.connect(self._tick)
        heartbeat.start()
        settings = QSettings(self.settings_path, QSettings.Format.IniFormat)
        try:
            code = run_gui(self.app, lambda: p.stamp("loop_started"), settings=settings)
        finally:
            heartbeat.stop()
            self.app.close()
        del qapp
        return code

    def _wrap_rows_by_ids_ids(self) -> None:
        """Remember which case ids the board fetched (the live-update path reads the
        changed rows by id), and when the slice that fetched them ended."""
        self.fetching: list[int] = []
        self.fetched_at: dict[int, float] = {}
        wrapped = self.app.cases.rows_by_ids

        def rows_by_ids(ids: Any) -> Any:
            wanted = list(ids)
            self.fetching.extend(wanted)
            return wrapped(wanted)

        name = "rows_by_ids"
        setattr(self.app.cases, name, rows_by_ids)

    def _rows_fetched(self, when: float) -> None:
        if not self.probe.calls["board._apply_live_rows"].found:
            self._slice_done(when)  # no slices to wait for: applied when fetched

    def _slice_done(self, when: float) -> None:
        for case_id in self.fetching:
            self.fetched_at.setdefault(case_id, when)
        self.fetching.clear()

    def _check_whole(self, *_args: Any) -> None:
        if (self.model is not None and "board_whole" not in self.probe.stamps
                and self.model.rowCount() >= self.probe.expect_rows):
            self.probe.stamp("board_whole")

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick:
            self.probe.gaps.append((time.time(), (now - self._last_tick) * 1000))
        self._last_tick = now
        self._check_whole()
        if self.on_tick is not None:
            try:
                self.on_tick()
            except Exception:
                self.probe.errors.append(traceback.format_exc(limit=3))
                self.finish()

    def finish(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.on_tick = None
        if self.window is not None:
            self.window.close()
        QApplication.quit()

    def load_figures(self) -> dict[str, Any]:
        """The board's load: when it was first painted and whole, and how long the GUI
        thread was held while it loaded."""
        p = self.probe
        start = p.stamps.get("window_start", p.t0)
        whole = p.stamps.get("board_whole", time.time())
        # Gaps after the first paint: before it, the loop lays out and paints the window.
        painted = p.stamps.get("first_paint_done", whole)
        loading = {k: v.summary(start, whole) for k, v in p.calls.items()
                   if k in ("board.reload", "board._merge_slice", "model.reset_rows",
                            "model.apply_rows", "model.insert_rows", "cases.open_cases",
                            "cases.open_page")}
        return {
            "imported_s": p.since_t0("imported"),
            "opened_s": p.since_t0("opened"),
            "window_start_s": p.since_t0("window_start"),
            "window_built_s": p.since_t0("window_built"),
            "loop_started_s": p.since_t0("loop_started"),
            "first_paint_s": p.since_t0("first_paint"),
            "first_paint_done_s": p.since_t0("first_paint_done"),
            "board_whole_s": p.since_t0("board_whole"),
            "rows_at_first_paint": p.rows_at_first_paint,
            "cpu_s": p.cpu,
            "rows": self.model.rowCount() if self.model is not None else -1,
            # Event-loop gaps from the first paint until the board was whole.
            "max_gap_loading_ms": p.max_gap(painted, whole),
            "worst_gaps_loading": p.worst_gaps(painted, whole),
            "loading_calls": loading,
        }


def _whole_and_painted(p: Probe) -> bool:
    return "first_paint_done" in p.stamps and "board_whole" in p.stamps


def cmd_start(args: argparse.Namespace) -> int:
    p = Probe(t0=args.t0, expect_rows=args.expect)
    console = Console(p, args.db, datetime.fromisoformat(args.now), args.settings)
    deadline = time.time() + args.timeout
    result: dict[str, Any] = {}

    def tick() -> None:
        if _whole_and_painted(p):
            p.stamp("settled_from")
            if time.time() - p.stamps["settled_from"] >= args.settle:
                result["rss_mb_loaded"] = rss_mb()
                console.finish()
        elif time.time() > deadline:
            rows = console.model.rowCount() if console.model else "?"
            if "first_paint_done" in p.stamps:  # painted, never whole: still a start time
                result["warning"] = (f"the board held {rows} rows after {args.timeout:.0f} s, "
                                     f"{args.expect} expected")
                result["rss_mb_loaded"] = rss_mb()
            else:
                p.errors.append(f"timeout after {args.timeout:.0f} s: "
                                f"stamps {sorted(p.stamps)}; rows {rows}")
            console.finish()

    console.on_tick = tick
    console.run()
    result.update(console.load_figures())
    result["errors"] = p.errors
    emit(result)
    return 0 if not p.errors else 3


def cmd_burst(args: argparse.Namespace) -> int:
    p = Probe(t0=args.t0, expect_rows=args.expect)
    console = Console(p, args.db, datetime.fromisoformat(args.now), args.settings)
    deadline = time.time() + args.timeout
    writes: list[dict[str, Any]] = []
    counts = {"model_resets": 0, "proxy_resets": 0, "rows_inserted": 0, "rows_removed": 0,
              "data_changed": 0, "layout_changed": 0}
    result: dict[str, Any] = {}

    def read_writes() -> None:
        line = sys.stdin.readline()
        try:
            writes.append(json.loads(line))
        except ValueError:
            writes.append({"error": f"bad line from the parent: {line!r}"})

    def count(key: str) -> Callable[..., None]:
        def bump(*_args: Any) -> None:
            counts[key] += 1
        return bump

    def tick() -> None:
        now = time.time()
        if "ready" not in p.stamps:
            if _whole_and_painted(p):
                p.stamp("settled_from")
                if now - p.stamps["settled_from"] >= args.settle:
                    result["rss_mb_loaded"] = rss_mb()
                    model, view_model = console.model, console.view_model
                    model.modelReset.connect(count("model_resets"))
                    if view_model is not model:
                        view_model.modelReset.connect(count("proxy_resets"))
                    model.rowsInserted.connect(count("rows_inserted"))
                    model.rowsRemoved.connect(count("rows_removed"))
                    model.dataChanged.connect(count("data_changed"))
                    model.layoutChanged.connect(count("layout_changed"))
                    console.fetched_at.clear()
                    threading.Thread(target=read_writes, daemon=True).start()
                    p.stamp("ready")
                    print("ready", flush=True)
        elif writes and "error" not in writes[0]:
            w = writes[0]
            ids = w["ids"]
            seen = console.bus.last_seq if console.bus is not None else None
            if "applied" not in p.stamps:
                caught_up = seen is None or seen >= w["last_seq"]
                if caught_up:
                    p.stamp("feed_caught_up")
                if caught_up and all(i in console.fetched_at for i in ids):
                    result["applied_by"] = "every written case re-read by the board"
                    p.stamp("applied", max(console.fetched_at[i] for i in ids))
                    p.stamp("tail_from", now)
                elif (caught_up and not console.fetched_at
                      and now - p.stamps["feed_caught_up"] > 2.0
                      and not getattr(console.board, "_pending", None)):
                    # The board re-reads changed rows some other way than rows_by_ids:
                    # applied once the feed is read and nothing is left queued.
                    slices = p.calls["board._apply_live_rows"].calls
                    result["applied_by"] = "feed read to the last seq, nothing queued"
                    p.stamp("applied", max([p.stamps["feed_caught_up"],
                                            *(c.at + c.ms / 1000 for c in slices)]))
                    p.stamp("tail_from", now)
            elif now - p.stamps["tail_from"] >= TAIL_S:
                result["rss_mb_after"] = rss_mb()
                console.finish()
                return
        elif writes:
            p.errors.append(writes[0]["error"])
            console.finish()
            return
        if now > deadline:
            missing = -1
            if writes and "ids" in writes[0]:
                missing = sum(1 for i in writes[0]["ids"] if i not in console.fetched_at)
            p.errors.append(f"timeout after {args.timeout:.0f} s: stamps {sorted(p.stamps)}; "
                            f"{missing} written cases not applied; bus at "
                            f"{getattr(console.bus, 'last_seq', '?')}")
            console.finish()

    console.on_tick = tick
    console.run()
    result.update(console.load_figures())
    if writes and "first_write" in writes[0]:
        w = writes[0]
        first = float(w["first_write"])
        applied = p.stamps.get("applied")
        end = (applied + TAIL_S) if applied is not None else time.time()
        result.update({
            "writes": len(w["ids"]),
            "writer_s": float(w["last_write"]) - first,
            "applied_after_s": None if applied is None else applied - first,
            "applied_after_last_write_s": (None if applied is None
                                           else applied - float(w["last_write"])),
            "max_gap_ms": p.max_gap(first, end),
            "max_gap_since_ready_ms": p.max_gap(p.stamps.get("ready", first), end),
            "worst_gaps": p.worst_gaps(first, end),
            "calls": {k: v.summary(first, end) for k, v in p.calls.items()},
        })
    result.update(counts)
    result["rows_after"] = console.model.rowCount() if console.model is not None else -1
    result["errors"] = p.errors
    emit(result)
    return 0 if not p.errors else 3


def cmd_write(args: argparse.Namespace) -> int:
    from console.app import open_app
    from console.clock import FakeClock
    from console.core.domain import Role

    app = open_app(args.db, FakeClock(datetime.fromisoformat(args.now)))
    try:
        officers = [o for o in app.operators.list() if o.role is Role.DUTY_OFFICER]
        if not officers:
            emit({"error": "no duty officer in this database"})
            return 3
        actor = officers[0]
        rows = app.cases.open_cases()
        if len(rows) < args.count:
            emit({"error": f"only {len(rows)} open cases, {args.count} wanted"})
            return 3
        step = len(rows) // args.count  # spread over the whole board, not its first rows
        chosen = rows[::step][:args.count]
        first = time.time()
        for n, row in enumerate(chosen):
            app.cases.note(actor, row.reference, f"Benchmark burst note {n + 1}")
        last = time.time()
        emit({"ids": [r.id for r in chosen], "first_write": first, "last_write": last,
              "last_seq": app.changes.latest_seq(), "actor": actor.username})
    finally:
        app.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.gui_probe")
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("start", "burst", "write"):
        cmd = sub.add_parser(mode)
        cmd.add_argument("--db", required=True, help="database URL")
        cmd.add_argument("--now", required=True, help="the dataset's moment (ISO 8601)")
        if mode == "write":
            cmd.add_argument("--count", type=int, default=1000)
            continue
        cmd.add_argument("--t0", type=float, default=STARTED,
                         help="the parent's time.time() just before starting this process")
        cmd.add_argument("--settings", required=True, help="a private QSettings .ini file")
        cmd.add_argument("--expect", type=int, required=True,
                         help="rows the whole board holds (open cases)")
        cmd.add_argument("--timeout", type=float, default=60.0)
        cmd.add_argument("--settle", type=float, default=SETTLE_S)
    args = parser.parse_args(argv)
    start_watchdog(getattr(args, "timeout", 120.0) + 30.0, args.mode)
    try:
        return {"start": cmd_start, "burst": cmd_burst, "write": cmd_write}[args.mode](args)
    except Exception as exc:  # report, don't leave the parent guessing
        emit({"error": f"{type(exc).__name__}: {exc}",
              "traceback": traceback.format_exc(limit=6)})
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
