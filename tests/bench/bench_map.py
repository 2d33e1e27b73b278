"""Issue 7 figures: the grid map's redraw at 1,000,000 cases (10,000 open).

A redraw is what a live change costs the map: the layer query (the per-cell figures: open
cases, overdue cases, watched hazards; three grouped queries on indexes), the recolour
(new figures applied to the 30 cell items, every cell changing bucket: the worst case) and
the repaint (the view's viewport painted, synchronously, at 520 × 620). Measured apart
and together, in one process, offscreen.

The cached dataset is opened read-only through the services (no migration, nothing
written). It has no hazards and no escalated cases, so the hazard and overdue queries
answer from nearly empty index ranges; the open-case query does the real work.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from tests.bench.dataset import NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

if TYPE_CHECKING:
    from console.grid_map import GridMapService
    from db.database import Database

REDRAW_TARGET_MS = 50.0


def run(ds: Dataset, report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.app import App
    from console.clock import FakeClock
    from console.district import DistrictService
    from console.grid_map import CellFigures, GridMapService
    from db.database import Database
    from widgets.grid_map import GridMap
    from widgets.theme import Theme, apply_theme

    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, Theme.DARK)
    db = Database(ds.url)
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

    figures = service.figures()
    total_open = sum(f.open_cases for f in figures.values())
    # Two figure sets far enough apart that every cell changes bucket and label.
    boosted = {gid: replace(f, open_cases=f.open_cases * 4 + 1) for gid, f in figures.items()}
    flip = [figures, boosted]

    def recolour() -> None:
        flip.reverse()
        grid_map.apply_figures(flip[0])
        assert len(grid_map.repainted) == len(figures)

    def redraw() -> None:
        fresh: dict[int, CellFigures] = service.figures()
        flip.reverse()
        grid_map.apply_figures(fresh if flip[0] is figures else boosted)
        viewport.repaint()

    query_ms, query_worst = timed_ms(service.figures, repeat=30)
    recolour_ms, recolour_worst = timed_ms(recolour, repeat=30)
    repaint_ms, repaint_worst = timed_ms(viewport.repaint, repeat=30)
    redraw_ms, redraw_worst = timed_ms(redraw, repeat=30)
    note = f"{len(figures)} cells, {total_open:,} open cases"
    report.add(Result(7, "map layer query (per-cell figures)", query_ms, "ms",
                      note=f"median; worst {query_worst:.1f} ms; {note}"))
    report.add(Result(7, "map recolour (every cell changes)", recolour_ms, "ms",
                      note=f"median; worst {recolour_worst:.1f} ms"))
    report.add(Result(7, "map repaint (viewport 520×620)", repaint_ms, "ms",
                      note=f"median; worst {repaint_worst:.1f} ms"))
    report.add(Result(7, "map redraw: query + recolour + repaint", redraw_ms, "ms",
                      target=REDRAW_TARGET_MS,
                      note=f"median; worst {redraw_worst:.1f} ms"))
    _closure(ds, db, service, report)
    grid_map.shutdown()
    grid_map.deleteLater()
    db.close()


def _closure(ds: Dataset, db: Database, service: GridMapService, report: Report) -> None:
    """The closure-rate layer's read (the KPI service, 30 days per grid), which the map
    runs off the GUI thread. Only on a dataset already at the newest schema (the KPI
    benchmarks migrate it): this benchmark writes nothing."""
    from sqlalchemy import text

    from console.kpis import KpiService
    from db.migrate import head_revision

    with db.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != head_revision():
        print(f"  map closure-rate read: skipped (dataset at {revision}, not "
              f"{head_revision()}; run the kpi benchmarks first)")
        return
    service.kpis = KpiService(db, service.clock, lambda: ZoneInfo("Asia/Shanghai"))
    median, worst = timed_ms(service.closure_rates, repeat=5, warmup=1)
    report.add(Result(7, "map closure-rate read (off the GUI thread)", median, "ms",
                      note=f"KPI service, 30 days per grid; worst {worst:.0f} ms"))
