"""Issue 7 figures: the grid map's redraw at 1,000,000 cases (10,000 open).

A redraw is what a live change costs the map: the layer query (the per-cell figures: open
cases, overdue cases, watched hazards; three grouped queries on indexes), the recolour
(new figures applied to the 30 cell items, every cell changing bucket: the worst case) and
the repaint (the view's viewport painted, synchronously, at 520 × 620, with every case
badge and 2,000 hazard markers shown). Measured apart and together, in one process,
offscreen.

It runs on a working copy of the cached dataset made into a bad shift: a third of the open
cases overdue (escalation level 2 or 3) and 5,000 registered hazards with coordinates, so
the overdue and hazard queries have rows to count, not empty index ranges.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from console.core.domain import OPEN_STAGES
from console.hazards.domain import HazardKind, assess
from tests.bench.dataset import NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

if TYPE_CHECKING:
    from console.territory.grid_map import GridMapService
    from db.database import Database

REDRAW_TARGET_MS = 50.0
HAZARDS = 5_000
OVERDUE_SHARE = 3  # one open case in three


def _stamp(when: Any) -> str:
    return str(when.strftime("%Y-%m-%d %H:%M:%S.%f"))


def _bad_shift(path: Path) -> tuple[int, int]:
    """Escalate a third of the open cases and register hazards, in the working copy.
    Returns (overdue cases, hazards)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        stages = ", ".join(f"'{s.value}'" for s in OPEN_STAGES)
        overdue = conn.execute(
            f"UPDATE cases SET escalation_level = 2 + (id % 2) "
            f"WHERE stage IN ({stages}) AND id % {OVERDUE_SHARE} = 0").rowcount
        grids = conn.execute("SELECT id, polygon FROM grids").fetchall()
        system = conn.execute("SELECT min(id) FROM operators").fetchone()[0]
        rnd = random.Random(7)
        kinds = [k.value for k in HazardKind]
        start = conn.execute("SELECT coalesce(max(id), 0) FROM hazards").fetchone()[0]
        rows = []
        for n in range(start + 1, start + HAZARDS + 1):
            gid, polygon = rnd.choice(grids)
            ring = [tuple(p) for p in json.loads(polygon)]
            lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1) + rnd.uniform(-0.002, 0.002)
            lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1) + rnd.uniform(-0.002, 0.002)
            likelihood, severity = rnd.randint(1, 5), rnd.randint(1, 5)
            score, level = assess(likelihood, severity)
            rows.append((n, f"HZM-{n:06d}", f"Hazard {n}", rnd.choice(kinds), gid, "", lon,
                         lat, "", "", "", "", likelihood, severity, score, level.value,
                         "active", 30, _stamp(NOW), _stamp(NOW), _stamp(NOW), _stamp(NOW),
                         system, 1))
        conn.executemany(
            "INSERT INTO hazards (id, code, name, kind, grid_id, location, lon, lat, "
            "responsible_unit, contact, surroundings, controls, likelihood, severity, "
            "score, level, status, inspection_interval_days, next_inspection_due, "
            "last_inspected_at, created_at, updated_at, updated_by_id, version) "
            "VALUES (" + ", ".join("?" * 24) + ")", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return overdue, len(rows)


def run(ds: Dataset, report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.app import App
    from console.clock import FakeClock
    from console.territory.district import DistrictService
    from console.territory.grid_map import CellFigures, GridMapService, MapLayer
    from db.database import Database
    from widgets.grid_map.panel import GridMap
    from widgets.shell.theme import Theme, apply_theme

    print("  preparing a working copy: a bad shift with hazards…", flush=True)
    path = ds.working_copy("map")
    overdue, hazards = _bad_shift(path)
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, Theme.DARK)
    db = Database(f"sqlite:///{path}")
    clock = FakeClock(NOW)
    service = GridMapService(db, clock, DistrictService(db))
    # The panel reads only these two parts of the App.
    app = cast(App, SimpleNamespace(grid_map=service, clock=clock))
    grid_map = GridMap(app)
    grid_map.resize(520, 620)
    grid_map.show()
    deadline = time.monotonic() + 60
    while not grid_map.loaded and time.monotonic() < deadline:
        qapp.processEvents()
    viewport = grid_map.view.viewport()
    markers = len(grid_map.hazard_markers())

    figures = service.figures()
    total_open = sum(f.open_cases for f in figures.values())
    # Two figure sets far enough apart that every cell changes bucket and label.
    boosted = {gid: replace(f, open_cases=f.open_cases * 4 + 1) for gid, f in figures.items()}
    flip = [figures, boosted]
    one_case = [1_000_000 - 7]  # an open case (the newest cases are the open ones)
    layers = [MapLayer.OVERDUE, MapLayer.OPEN]

    def recolour() -> None:
        flip.reverse()
        grid_map.apply_figures(flip[0])
        assert len(grid_map.repainted) == len(figures)

    def full_redraw() -> None:
        fresh: dict[int, CellFigures] = service.figures()
        flip.reverse()
        grid_map.apply_figures(fresh if flip[0] is figures else boosted)
        viewport.repaint()

    def live_redraw() -> None:
        # What a changed case costs: its grid's counts, that cell recoloured, a repaint.
        counts = service.case_counts(service.grids_of_cases(one_case))
        changed = dict(grid_map.current_figures())
        for gid, (open_cases, overdue_cases) in counts.items():
            bump = 1 if changed[gid].open_cases == open_cases else 0  # a change every time
            changed[gid] = replace(changed[gid], open_cases=open_cases + bump,
                                   overdue_cases=overdue_cases)
        grid_map.apply_figures(changed)
        viewport.repaint()

    def layer_switch() -> None:
        layers.reverse()
        grid_map.set_layer(layers[0])
        viewport.repaint()

    query_ms, query_worst = timed_ms(service.figures, repeat=30)
    recolour_ms, recolour_worst = timed_ms(recolour, repeat=30)
    repaint_ms, repaint_worst = timed_ms(viewport.repaint, repeat=30)
    full_ms, full_worst = timed_ms(full_redraw, repeat=30)
    live_ms, live_worst = timed_ms(live_redraw, repeat=30)
    switch_ms, switch_worst = timed_ms(layer_switch, repeat=30)
    note = (f"{len(figures)} cells; {total_open:,} open, {overdue:,} overdue; "
            f"{hazards:,} hazards")
    report.add(Result(7, "map layer query, every cell", query_ms, "ms",
                      note=f"median; worst {query_worst:.1f} ms; {note}"))
    report.add(Result(7, "map recolour (every cell changes)", recolour_ms, "ms",
                      note=f"median; worst {recolour_worst:.1f} ms"))
    report.add(Result(7, "map repaint (viewport 520×620)", repaint_ms, "ms",
                      note=f"median; worst {repaint_worst:.1f} ms; {markers:,} hazard "
                           "markers shown"))
    report.add(Result(7, "map redraw on a case change (its grid read)", live_ms, "ms",
                      target=REDRAW_TARGET_MS, note=f"median; worst {live_worst:.1f} ms"))
    report.add(Result(7, "map redraw on a layer switch", switch_ms, "ms",
                      target=REDRAW_TARGET_MS, note=f"median; worst {switch_worst:.1f} ms"))
    report.add(Result(7, "map full redraw: every cell read + recolour + repaint", full_ms,
                      "ms", target=REDRAW_TARGET_MS,
                      note=f"median; worst {full_worst:.1f} ms"))
    _closure(db, service, report)
    grid_map.shutdown()
    grid_map.deleteLater()
    db.close()
    for suffix in ("", "-wal", "-shm"):  # 1.5 GB: not worth keeping between runs
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _closure(db: Database, service: GridMapService, report: Report) -> None:
    """The closure-rate layer's read (the KPI service, 30 days per grid), which the map
    runs off the GUI thread. Only on a dataset already at the newest schema (the KPI
    benchmarks migrate the cached one; the working copy is taken from it)."""
    from sqlalchemy import text

    from console.kpis.service import KpiService
    from console.territory.district import DistrictService
    from db.migrate import head_revision

    with db.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != head_revision():
        print(f"  map closure-rate read: skipped (dataset at {revision}, not "
              f"{head_revision()}; run the kpi benchmarks first)")
        return
    service.kpis = KpiService(db, service.clock, lambda: ZoneInfo("Asia/Shanghai"),
                              DistrictService(db))
    median, worst = timed_ms(service.closure_rates, repeat=5, warmup=1)
    report.add(Result(7, "map closure-rate read (off the GUI thread)", median, "ms",
                      note=f"KPI service, 30 days per grid; worst {worst:.0f} ms"))
