"""Issue 20 figures: major incidents at the scale the issue names.

A database of its own (the demo district, a temporary SQLite file): one incident with
1,000 linked cases and 200 tasks, read as the incident view reads it (detail and log);
a level change activating a 50-task plan in one transaction; the engine's next-deadline
lookup with 10,000 open tasks beside 10,000 open cases.
Standalone: ``python -m tests.bench.bench_incidents`` (writes bench-results.json too).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from db.demo.district_loader import load_district
from db.demo.seed import seed_cases
from tests.bench.dataset import NOW
from tests.bench.harness import Report, Result

ISSUE = 20
RUNS = 9


def _plan_file(folder: Path, code: str, kind: str, level: int, tasks: int) -> Path:
    lines = [f"      - {{key: t{i}, title: Task {i}, role: coordinator, within: "
             f"{600 + i}}}" for i in range(tasks)]
    path = folder / f"{code}.yaml"
    path.write_text(f"plans:\n  - code: {code}\n    type: {kind}\n    level: {level}\n"
                    f"    name: {code}\n    tasks:\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return path


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def _coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def view(app: App, folder: Path, report: Report) -> None:
    coord = _coordinator(app)
    app.incidents.import_plans(coord, _plan_file(folder, "OTHER-IV", "other", 4, 200))
    ref = app.incidents.declare(coord, title="City-wide storm", kind="other", level=4,
                                grids=[]).row.reference
    system = app.operators.system()
    refs = [app.cases.report(system, title=f"Storm damage {i}", category="flood",
                             severity=2, grid=f"XH-{1 + i % 30:02d}").reference
            for i in range(1_000)]
    for start in range(0, len(refs), 100):
        app.incidents.link(coord, ref, refs[start:start + 100])
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        detail = app.incidents.get(ref)
        app.incidents.log(ref)
        samples.append(time.perf_counter() - t0)
    assert len(detail.cases) == 1_000
    assert len(detail.tasks) == 200
    report.add(Result(ISSUE, "incident view data: 1,000 linked cases, 200 tasks, its log",
                      _median_ms(samples), "ms", 500,
                      note="detail + merged log, median of 9"))
    report.add(Result(ISSUE, "incident view opens (widget, painted): same incident",
                      _median_ms(_open_view(app, ref)), "ms", 500,
                      note="IncidentView built, filled and painted, median of 9"))


def _open_view(app: App, ref: str) -> list[float]:
    """Open the incident dock's view on ``ref`` as a seat does, until it has painted."""
    from PySide6.QtWidgets import QApplication

    from widgets.common.report_pdf import ensure_gui_application
    from widgets.incidents.view import IncidentView

    ensure_gui_application()
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        view = IncidentView(app)
        view.resize(900, 700)
        view.show_reference(ref)
        view.show()
        view.repaint()
        QApplication.processEvents()
        samples.append(time.perf_counter() - t0)
        view.close()
        view.deleteLater()
    return samples


def level_change(app: App, folder: Path, report: Report) -> None:
    coord = _coordinator(app)
    app.incidents.import_plans(coord, _plan_file(folder, "FIRE-I", "fire", 1, 50))
    samples = []
    for n in range(RUNS):
        ref = app.incidents.declare(coord, title=f"Fire {n}", kind="fire", level=4,
                                    grids=["XH-22"]).row.reference
        t0 = time.perf_counter()
        detail = app.incidents.set_level(coord, ref, 1)
        samples.append(time.perf_counter() - t0)
        assert len(detail.tasks) == 50
    report.add(Result(ISSUE, "level change activating 50 tasks (one transaction)",
                      _median_ms(samples), "ms", 200,
                      note="commit and the view's re-read, median of 9"))


def next_deadline(app: App, folder: Path, report: Report) -> None:
    coord = _coordinator(app)
    app.incidents.import_plans(coord, _plan_file(folder, "CROWD-IV", "crowd", 4, 200))
    for n in range(50):  # 50 incidents × 200 tasks = 10,000 open tasks
        app.incidents.declare(coord, title=f"Crowd {n}", kind="crowd", level=4, grids=[])
    seed_cases(app.db, 10_000, NOW, open_count=10_000, days=2)
    app.deadlines.backfill()
    with app.db.read() as s:
        from sqlalchemy import func, select

        from db.models import Case, Deadline
        tasks = s.scalar(select(func.count()).where(Deadline.task_id.is_not(None),
                                                    Deadline.met_at.is_(None)))
        cases = s.scalar(select(func.count()).where(Case.closed_at.is_(None)))
    samples = []
    for _ in range(200):
        t0 = time.perf_counter()
        app.escalation.next_due()
        samples.append(time.perf_counter() - t0)
    report.add(Result(ISSUE, f"next deadline with {tasks:,} open tasks beside "
                             f"{cases:,} open cases", _median_ms(samples), "ms", 5,
                      note="one indexed lookup, median of 200"))


def run(_ds: Any, report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = FakeClock(NOW - timedelta(hours=1))
        app = open_app(f"sqlite:///{folder / 'incidents.sqlite'}", clock)
        try:
            load_district(app.db, clock.now())
            app.district.invalidate()
            app.act_as(_coordinator(app).username)  # the seat that opens the view
            view(app, folder, report)
            level_change(app, folder, report)
            next_deadline(app, folder, report)
        finally:
            app.close()
    load = os.getloadavg()
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    result = Report(scale={"incidents": "demo district, 1,000 linked cases"})
    run(None, result)
    print(result.table())
    result.write(Path(__file__).resolve().parents[2] / "bench-results.json")
