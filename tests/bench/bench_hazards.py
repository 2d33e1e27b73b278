"""Issue 6 figures: the hazard registry at 50,000 hazards and 500,000 inspections.

The registry has a database of its own under .bench-cache/ (the case dataset has no
hazards), seeded once with executemany and cached. Measured: the registry panel opening
until painted, the matrix counts, the next inspection due, and (on the case dataset, if
given) a hazard's linked cases.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from console.app import open_app
from console.clock import FakeClock
from console.hazards.domain import HazardKind, assess
from db.demo.district_loader import load_district
from db.migrate import head_revision
from tests.bench.dataset import CACHE, NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

HAZARDS = 50_000
INSPECTIONS = 500_000
SEED_VERSION = 1
CHUNK = 50_000

_INTERVALS = (7, 30, 30, 30, 90, 90, 180, 365)


def _stamp(when: datetime) -> str:
    """How ``UTCDateTime`` stores a time on SQLite: naive UTC text."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _seed(path: Path) -> dict[str, Any]:
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{path}", clock)
    load_district(app.db, NOW)
    app.district.invalidate()
    grids = [g.id for g in app.district.grids()]
    system = app.operators.system().id
    rnd = random.Random(6)
    kinds = [k.value for k in HazardKind]
    started = time.perf_counter()
    hazards: list[tuple[Any, ...]] = []
    last_seen: dict[int, datetime] = {}
    for n in range(1, HAZARDS + 1):
        likelihood, severity = rnd.randint(1, 5), rnd.randint(1, 5)
        score, level = assess(likelihood, severity)
        interval = rnd.choice(_INTERVALS)
        last = NOW - timedelta(days=rnd.uniform(0, interval * 1.15))
        last_seen[n] = last
        status = rnd.choices(("active", "mitigated", "retired"), (85, 10, 5))[0]
        due = None if status == "retired" else _stamp(last + timedelta(days=interval))
        hazards.append((
            n, f"HZ-{n:06d}", f"Hazard {n}", rnd.choice(kinds), rnd.choice(grids),
            f"Road {n % 400} no. {n % 97}", None, None, "Responsible unit", "", "", "",
            likelihood, severity, score, level.value, status, interval, due, _stamp(last),
            _stamp(NOW - timedelta(days=800)), _stamp(NOW), system, 1))
    insp_rows = 0
    with app.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO hazards (id, code, name, kind, grid_id, location, lon, lat, "
            "responsible_unit, contact, surroundings, controls, likelihood, severity, "
            "score, level, status, inspection_interval_days, next_inspection_due, "
            "last_inspected_at, created_at, updated_at, updated_by_id, version) "
            "VALUES (" + ", ".join("?" * 24) + ")", hazards)
        batch: list[tuple[Any, ...]] = []
        for i in range(INSPECTIONS):
            hazard_id = rnd.randint(1, HAZARDS)
            at = last_seen[hazard_id] - timedelta(days=rnd.uniform(0, 700))
            batch.append((hazard_id, _stamp(at), "Inspector", "No findings.", "[]",
                          rnd.randint(1, 5), rnd.randint(1, 5), system, _stamp(at)))
            if len(batch) == CHUNK or i == INSPECTIONS - 1:
                conn.exec_driver_sql(
                    "INSERT INTO inspections (hazard_id, inspected_at, inspector, findings, "
                    "photos, likelihood, severity, recorded_by_id, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                insp_rows += len(batch)
                batch = []
    seconds = time.perf_counter() - started
    app.close()
    return {"seed_seconds": seconds, "hazards": HAZARDS, "inspections": insp_rows,
            "size_mb": path.stat().st_size / 2**20}


def hazard_dataset(fresh: bool = False) -> tuple[Path, dict[str, Any]]:
    """The cached registry database, seeding it (and timing that) if missing."""
    CACHE.mkdir(exist_ok=True)
    key = f"hazards{HAZARDS}-insp{INSPECTIONS}-rev{head_revision()}-seed{SEED_VERSION}"
    path = CACHE / f"{key}.sqlite"
    meta_path = CACHE / f"{key}.json"
    if path.exists() and meta_path.exists() and not fresh:
        return path, json.loads(meta_path.read_text())
    print(f"Seeding {HAZARDS:,} hazards and {INSPECTIONS:,} inspections — once; cached in "
          f"{CACHE}", flush=True)
    meta = _seed(path)
    meta_path.write_text(json.dumps(meta, indent=2))
    return path, meta


def _open_registry_ms(url: str, repeat: int = 5) -> tuple[float, float, float, int]:
    """(median, worst) ms from constructing the registry to its table and matrix having
    painted, the ms until every page is in, and the rows shown at first paint."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from widgets.changes.bus import ChangeBus
    from widgets.hazards.registry import HazardRegistry
    from widgets.shell.theme import Theme, apply_theme

    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, Theme.DARK)

    class PaintProbe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted: set[int] = set()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted.add(id(watched))
            return False

    app = open_app(url, FakeClock(NOW))
    app.act_as("zhoujianhua")  # a coordinator of the demo district
    times: list[float] = []
    full: list[float] = []
    first_rows = 0
    try:
        for _ in range(repeat + 1):
            probe = PaintProbe()
            started = time.perf_counter()
            registry = HazardRegistry(app, ChangeBus(app))
            targets = (registry.table.viewport(), registry.matrix)
            for target in targets:
                target.installEventFilter(probe)
            registry.resize(1400, 800)
            registry.show()
            while not all(id(t) in probe.painted for t in targets):
                qapp.processEvents()
            times.append((time.perf_counter() - started) * 1000)
            first_rows = registry.model.rowCount()
            while not registry.loaded:
                qapp.processEvents()
            full.append((time.perf_counter() - started) * 1000)
            for target in targets:
                target.removeEventFilter(probe)
            registry.shutdown()
            registry.close()
            registry.deleteLater()
            qapp.processEvents()
    finally:
        app.close()
    times, full = times[1:], full[1:]  # the first run warms Qt's caches
    return statistics.median(times), max(times), statistics.median(full), first_rows


def run(ds: Dataset | None, report: Report) -> None:
    path, meta = hazard_dataset()
    url = f"sqlite:///{path}"
    report.add(Result(6, f"seed {meta['hazards']:,} hazards + {meta['inspections']:,} "
                      "inspections (executemany)", meta["seed_seconds"], "s",
                      note=f"{meta['size_mb']:.0f} MB; cached"))

    median, worst, full, first_rows = _open_registry_ms(url)
    report.add(Result(6, f"hazard registry opens and paints ({HAZARDS:,} hazards)", median,
                      "ms", 500, note=f"worst {worst:.0f} ms; first page {first_rows} rows, "
                      f"all {HAZARDS:,} in after {full:,.0f} ms (off the GUI thread)"))

    app = open_app(url, FakeClock(NOW))
    try:
        median, worst = timed_ms(app.hazards.matrix_counts, repeat=50)
        report.add(Result(6, "risk matrix counts (watched hazards, 25 cells)", median, "ms",
                          50, note=f"worst {worst:.1f} ms; covering index "
                          "(status, likelihood, severity)"))
        median, worst = timed_ms(app.hazards.next_inspection_due, repeat=200)
        report.add(Result(6, "next inspection due (earliest of all hazards)", median, "ms",
                          5, note=f"worst {worst:.2f} ms; index on next_inspection_due"))
        median, worst = timed_ms(lambda: app.hazards.inspections(HAZARDS // 2), repeat=50)
        report.add(Result(6, "one hazard's inspection history (~10 of 500,000)", median,
                          "ms", note=f"worst {worst:.1f} ms; index (hazard_id, inspected_at)"))
        median, worst = timed_ms(lambda: app.hazards.rows_page(300), repeat=20)
        report.add(Result(6, "first page of the registry (300 most urgent)", median, "ms",
                          note=f"worst {worst:.1f} ms; sorts all rows: no index on "
                          "(score, next_inspection_due)"))
    finally:
        app.close()

    if ds is not None:
        cases = open_app(ds.url, FakeClock(NOW))
        try:
            median, worst = timed_ms(lambda: cases.hazards.cases_of(1), repeat=5)
            report.add(Result(6, f"a hazard's linked cases ({ds.cases:,} cases)", median,
                              "ms", note=f"worst {worst:.0f} ms; full scan: no index on "
                              "cases.hazard_id"))
        finally:
            cases.close()


if __name__ == "__main__":
    out = Report(scale={"hazards": HAZARDS, "inspections": INSPECTIONS})
    run(None, out)
    print()
    print(out.table())
