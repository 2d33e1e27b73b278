"""A fresh process showing the alert panel, for the issue 4 benchmarks (``bench_alerts.py``).

``python -m tests.bench.alert_probe open --db URL --settings INI``
    Constructs ``AlertPanel`` on the database (one unmeasured run first, then ``--runs``
    measured ones) and reports the ms from the constructor's call to the table viewport's
    first paint event with rows in the model.
``python -m tests.bench.alert_probe burst --db URL --settings INI``
    Shows the panel, ``start()``s it, and once painted and settled prints ``ready``; then
    waits for one JSON line on stdin from the parent (``count``: alerts another process
    imported, ``last_seq``: the change feed's last seq after it). A 5 ms heartbeat timer
    records the longest gap between its timeouts (the longest GUI-thread slice) from
    ``ready`` until the model holds ``count`` more rows (or the panel has read the feed to
    ``last_seq`` with nothing queued) plus a short tail. Reports that gap, model resets
    and rows.
Each prints exactly one JSON line (starting ``{``); every wait has a timeout and a
watchdog thread ends a stuck process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import traceback
from datetime import datetime
from typing import Any

from tests.bench.gui_probe import HEARTBEAT_MS, emit, start_watchdog

SETTLE_S = 1.0
TAIL_S = 0.5


def _setup(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from console.app import open_app
    from console.clock import FakeClock
    from widgets.shell.theme import Theme, apply_theme

    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, Theme.DARK)
    app = open_app(args.db, FakeClock(datetime.fromisoformat(args.now)))
    settings = QSettings(args.settings, QSettings.Format.IniFormat)
    return qapp, app, settings


def _paint_probe() -> Any:
    from PySide6.QtCore import QEvent, QObject

    class PaintProbe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.model: Any = None
            self.painted_at: float | None = None
            self.rows_at_paint = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and self.painted_at is None
                    and self.model is not None and self.model.rowCount() > 0):
                self.painted_at = time.perf_counter()
                self.rows_at_paint = self.model.rowCount()
            return False

    return PaintProbe()


def cmd_open(args: argparse.Namespace) -> int:
    from widgets.alerts.panel import AlertPanel
    from widgets.changes.bus import ChangeBus

    qapp, app, settings = _setup(args)
    times: list[float] = []
    construct: list[float] = []
    rows = 0
    try:
        for _ in range(args.runs + 1):
            probe = _paint_probe()
            started = time.perf_counter()
            panel = AlertPanel(app, ChangeBus(app), settings)
            built = time.perf_counter()
            probe.model = panel.model
            panel.table.viewport().installEventFilter(probe)
            panel.resize(1400, 800)
            panel.show()
            deadline = time.time() + args.timeout
            while probe.painted_at is None:
                if time.time() > deadline:
                    emit({"error": f"no paint with rows in {args.timeout:.0f} s "
                          f"(rows {panel.model.rowCount()})"})
                    return 3
                qapp.processEvents()
            times.append((probe.painted_at - started) * 1000)
            construct.append((built - started) * 1000)
            rows = probe.rows_at_paint
            panel.table.viewport().removeEventFilter(probe)
            panel.stop()
            panel.close()
            panel.deleteLater()
            qapp.processEvents()
    finally:
        app.close()
    times, construct = times[1:], construct[1:]  # the first run warms Qt's caches
    emit({"median_ms": statistics.median(times), "worst_ms": max(times),
          "construct_ms": statistics.median(construct), "rows_at_paint": rows,
          "stored": args.stored})
    return 0


def cmd_burst(args: argparse.Namespace) -> int:
    from PySide6.QtCore import Qt, QTimer

    from widgets.alerts.panel import AlertPanel
    from widgets.changes.bus import ChangeBus

    qapp, app, settings = _setup(args)
    result: dict[str, Any] = {"errors": []}
    state: dict[str, Any] = {"ready_at": None, "done_at": None, "last": 0.0,
                             "gaps": [], "resets": 0, "inserted": 0, "base": 0,
                             "settled_from": None}
    writes: list[dict[str, Any]] = []
    deadline = time.time() + args.timeout
    probe = _paint_probe()
    bus = ChangeBus(app)  # the console's one reader of the change feed, as in the window
    panel = AlertPanel(app, bus, settings)
    probe.model = panel.model
    panel.table.viewport().installEventFilter(probe)
    panel.resize(1400, 800)
    panel.show()
    bus.start()
    panel.start()

    def read_writes() -> None:
        line = sys.stdin.readline()
        try:
            writes.append(json.loads(line))
        except ValueError:
            writes.append({"error": f"bad line from the parent: {line!r}"})

    def bump_resets() -> None:
        state["resets"] += 1

    def bump_inserted(*_a: Any) -> None:
        state["inserted"] += 1

    def finish() -> None:
        heartbeat.stop()
        qapp.quit()

    def tick() -> None:
        now = time.perf_counter()
        if state["last"]:
            state["gaps"].append((now, (now - state["last"]) * 1000))
        state["last"] = now
        try:
            wall = time.time()
            if wall > deadline:
                w = writes[0] if writes else {}
                result["errors"].append(
                    f"timeout after {args.timeout:.0f} s: ready={state['ready_at'] is not None}"
                    f", write report={'yes' if writes else 'no'}, rows "
                    f"{panel.model.rowCount()} (base {state['base']}, +{w.get('count', '?')})"
                    f", bus seq {bus.last_seq} / writer {w.get('last_seq', '?')}")
                finish()
                return
            if state["ready_at"] is None:
                if probe.painted_at is None:
                    return
                if state["settled_from"] is None:
                    state["settled_from"] = wall
                if wall - state["settled_from"] < SETTLE_S:
                    return
                state["base"] = panel.model.rowCount()
                panel.model.modelReset.connect(bump_resets)
                panel.proxy.modelReset.connect(bump_resets)
                panel.model.rowsInserted.connect(bump_inserted)
                threading.Thread(target=read_writes, daemon=True).start()
                state["ready_at"] = now
                print("ready", flush=True)
                return
            if state["done_at"] is None:
                if not writes:
                    return
                w = writes[0]
                if "error" in w:
                    result["errors"].append(w["error"])
                    finish()
                    return
                rows = panel.model.rowCount()
                if rows >= state["base"] + int(w["count"]):
                    result["applied_by"] = "model holds every new row"
                    state["done_at"] = now
                elif bus.last_seq >= int(w["last_seq"]) and not panel.busy:
                    result["applied_by"] = "feed read to the writer's last seq, nothing queued"
                    state["done_at"] = now
                return
            if now - state["done_at"] >= TAIL_S:
                finish()
        except Exception:
            result["errors"].append(traceback.format_exc(limit=3))
            finish()

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    try:
        qapp.exec()
    finally:
        bus.stop()
        panel.stop()
        app.close()
    ready = state["ready_at"]
    gaps = [(at, ms) for at, ms in state["gaps"] if ready is not None and at >= ready]
    worst = sorted(gaps, key=lambda g: -g[1])[:5]
    result.update({
        "max_gap_ms": max((ms for _, ms in gaps), default=float("nan")),
        "worst_gaps_ms": [round(ms, 1) for _, ms in worst],
        "worst_gaps_at_s": [round(at - ready, 2) for at, _ in worst] if ready else [],
        "applied_after_ready_s": (None if state["done_at"] is None or ready is None
                                  else state["done_at"] - ready),
        "model_resets": state["resets"],
        "rows_inserted_signals": state["inserted"],
        "rows_base": state["base"],
        "rows_after": panel.model.rowCount(),
    })
    emit(result)
    return 0 if not result["errors"] else 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.alert_probe")
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("open", "burst"):
        cmd = sub.add_parser(mode)
        cmd.add_argument("--db", required=True, help="database URL")
        cmd.add_argument("--now", required=True, help="the clock's moment (ISO 8601)")
        cmd.add_argument("--settings", required=True, help="a private QSettings .ini file")
        cmd.add_argument("--timeout", type=float, default=60.0)
        cmd.add_argument("--runs", type=int, default=3)
        cmd.add_argument("--stored", type=int, default=0)
    args = parser.parse_args(argv)
    start_watchdog(args.timeout + 30.0, f"alert probe {args.mode}")
    try:
        return {"open": cmd_open, "burst": cmd_burst}[args.mode](args)
    except Exception as exc:  # report, don't leave the parent guessing
        emit({"error": f"{type(exc).__name__}: {exc}",
              "traceback": traceback.format_exc(limit=6)})
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
