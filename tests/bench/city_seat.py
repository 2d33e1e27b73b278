"""A headless console seat or the writer of the city benchmark, in a process of its own.

``python -m tests.bench.city_seat seat URL``
    A duty officer's console without a window: the real change bus (LISTEN/NOTIFY wake-up,
    the feed read from its cursor) and the real case board (``CaseBoard``: its open board
    loaded, changed cases fetched and applied in slices), wired as the main window wires
    them, on an offscreen Qt event loop. Prints ``ready`` once the board holds every open
    case; on ``report`` (stdin) prints ``applied {case id: unix time}``: when each case
    changed since ``ready`` was last applied to the board. ``quit`` ends it.

``python -m tests.bench.city_seat write URL RATE SECONDS``
    After ``go``: a note on a different open case ``RATE`` times a second for ``SECONDS``,
    each its own transaction, paced on the wall clock; prints ``wrote {case id: unix time
    of the commit}``.

Every clock inside the console is fixed (``FakeClock``); only the measurement reads the
wall clock, from this machine, the same for every process.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

from console.app import open_app
from console.clock import FakeClock
from console.core.domain import Role
from tests.bench.dataset import NOW


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_seat(url: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from widgets.cases.board import CaseBoard
    from widgets.changes.bus import ChangeBus

    qapp = QApplication([])
    app = open_app(url, FakeClock(NOW))
    officer = next(o for o in app.operators.list() if o.role is Role.DUTY_OFFICER)
    app.act_as(officer.username)
    bus = ChangeBus(app)
    board = CaseBoard(app)
    bus.cases_changed.connect(board.queue_case_ids)
    bus.cases_reloaded.connect(board.reload)
    applied: dict[int, float] = {}
    original = board._apply_live_rows

    def apply_and_note(chunk: list[int]) -> None:
        original(chunk)
        now = time.time()
        for case_id in chunk:
            applied[case_id] = now

    board._apply_live_rows = apply_and_note  # type: ignore[method-assign]
    board._pending._apply = apply_and_note  # the slicer holds the bound method
    lines: list[str] = []
    lock = threading.Lock()

    def read_stdin() -> None:
        for line in sys.stdin:
            with lock:
                lines.append(line.strip())
        with lock:
            lines.append("quit")

    threading.Thread(target=read_stdin, daemon=True).start()
    state: dict[str, Any] = {"ready": False}
    expected = sum(app.cases.stage_counts().by_stage.values())
    model = board._model

    def tick() -> None:
        if not state["ready"] and model.rowCount() >= expected:
            state["ready"] = True
            bus.start()
            say(f"ready {model.rowCount()}")
        with lock:
            todo, lines[:] = list(lines), []
        for line in todo:
            if line == "report":
                say(f"applied {json.dumps(applied, separators=(',', ':'))}")
            elif line == "quit":
                bus.stop()
                qapp.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    board.reload()
    qapp.exec()
    app.close()
    return 0


def run_writer(url: str, rate: float, seconds: float) -> int:
    app = open_app(url, FakeClock(NOW))
    try:
        officer = next(o for o in app.operators.list() if o.role is Role.DUTY_OFFICER)
        actor = app.act_as(officer.username)
        rows = app.cases.open_cases()
        count = int(rate * seconds)
        step = max(1, len(rows) // max(count, 1))
        chosen = rows[::step][:count]
        say(f"ready {len(chosen)}")
        sys.stdin.readline()  # "go"
        wrote: dict[int, float] = {}
        start = time.monotonic()
        for n, row in enumerate(chosen):
            pause = start + n / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            app.cases.note(actor, row.reference, f"City bench note {n + 1}")
            wrote[row.id] = time.time()
        say(f"wrote {json.dumps(wrote, separators=(',', ':'))}")
    finally:
        app.close()
    return 0


def main(argv: list[str]) -> int:
    mode, url, *rest = argv
    if mode == "seat":
        return run_seat(url)
    if mode == "write":
        return run_writer(url, float(rest[0]), float(rest[1]))
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
