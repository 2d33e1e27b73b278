"""Issue 16 figures: a large city's 单元网格 layer of 10,000 grid polygons.

The cells are real-shaped: the 456 Taipei villages of the shared samples cut into a lattice
and clipped to each village (tests/unit/territory/synthetic.py). Measured on a fresh
SQLite database of its own, with the villages loaded first as the grids' parents:
- the import (read, check, place by code prefix and location, store), three runs;
- the grid filter's search by pinyin, code and name over the 10,000 names;
- the grid map opened on the 10,000 cells (first paint), and its redraw on a case change.
Each figure is a median with the load average beside it.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.harness import Report, Result, timed_ms

GRIDS = 10_000
IMPORT_TARGET_S = 10.0
SEARCH_TARGET_MS = 50.0
MAP_OPEN_TARGET_S = 1.0
MAP_REDRAW_TARGET_MS = 50.0
NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def _fresh_app(folder: Path, name: str):  # type: ignore[no-untyped-def]
    from console.app import open_app
    from console.clock import FakeClock

    app = open_app(f"sqlite:///{folder / name}", FakeClock(NOW))
    if not app.operators.has_people():
        app.operators.create_first_admin("admin", "Admin", "bench-password-1")
    app.act_as("admin")
    return app


def _import(folder: Path, cells: Path, run: int) -> tuple[float, float, int]:
    """(seconds to plan, seconds to store, grids stored) for one import into a new db."""
    from console.territory.plan import plan_import
    from tests.unit.territory.synthetic import VILLAGES

    app = _fresh_app(folder, f"import-{run}.sqlite")
    try:
        app.territory.store(app.operator, plan_import([VILLAGES], "community"))
        started = time.perf_counter()
        plan = plan_import([cells], "grid", known_parents=app.territory.known_parents("grid"))
        planned = time.perf_counter()
        result = app.territory.store(app.operator, plan)
        stored = time.perf_counter()
        return planned - started, stored - planned, len(result.created)
    finally:
        app.close()


def run(_ds: object, report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tests.unit.territory.synthetic import write_grid_cells

    with tempfile.TemporaryDirectory(prefix="watchroom-territory-") as tmp:
        folder = Path(tmp)
        print(f"  cutting {GRIDS:,} grid cells from the Taipei villages…", flush=True)
        cells = write_grid_cells(folder / "grids.geojson", GRIDS)
        runs = [_import(folder, cells, n) for n in range(3)]
        plan_s = statistics.median(r[0] for r in runs)
        store_s = statistics.median(r[1] for r in runs)
        total_s = statistics.median(r[0] + r[1] for r in runs)
        report.add(Result(16, f"territory import of {GRIDS:,} grid polygons", total_s, "s",
                          target=IMPORT_TARGET_S,
                          note=f"median of 3; read+check+place {plan_s:.2f} s, store "
                               f"{store_s:.2f} s; {runs[0][2]:,} grids; {_load()}"))
        _search_and_map(folder, report)


def _search_and_map(folder: Path, report: Report) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from widgets.grid_map.panel import GridMap
    from widgets.shell.theme import Theme, apply_theme

    app = _fresh_app(folder, "import-0.sqlite")
    try:
        grids = app.district.grids()
        started = time.perf_counter()
        app.district.search_grids("x")  # builds the index once
        index_ms = (time.perf_counter() - started) * 1000
        words = iter(["humin", "hdl", "湖田", "6301200042-1", "zhongyang", "xinan"] * 40)
        search_ms, search_worst = timed_ms(lambda: app.district.search_grids(next(words)),
                                           repeat=100)
        report.add(Result(16, f"grid filter search by pinyin/code/name, {len(grids):,} grids",
                          search_ms, "ms", target=SEARCH_TARGET_MS,
                          note=f"median; worst {search_worst:.1f} ms; index built once in "
                               f"{index_ms:.0f} ms; {_load()}"))

        qapp = QApplication.instance() or QApplication([])
        assert isinstance(qapp, QApplication)
        apply_theme(qapp, Theme.DARK)
        opens = []
        grid_map = None
        for _ in range(3):
            if grid_map is not None:
                grid_map.shutdown()
                grid_map.deleteLater()
            started = time.perf_counter()
            grid_map = GridMap(app)
            grid_map.resize(900, 700)
            grid_map.show()
            # A real event loop, as the console runs: it sleeps while the map's worker
            # reads. (A loop spinning on processEvents() held the interpreter lock and
            # starved the worker; no console waits like that.)
            loop = QEventLoop()
            grid_map.refreshed.connect(loop.quit)
            QTimer.singleShot(60_000, loop.quit)
            if not grid_map.loaded:
                loop.exec()
            grid_map.view.viewport().repaint()
            opens.append(time.perf_counter() - started)
        assert grid_map is not None
        report.add(Result(16, f"grid map opens on {len(grids):,} cells (first paint)",
                          statistics.median(opens), "s", target=MAP_OPEN_TARGET_S,
                          note=f"median of 3; {_load()}"))
        viewport = grid_map.view.viewport()
        from dataclasses import replace

        figures = dict(grid_map.current_figures())
        some = next(iter(figures))
        flips = [0]

        def one_case_changed() -> None:
            flips[0] += 1
            changed = dict(figures)
            changed[some] = replace(changed[some], open_cases=flips[0] % 3)
            grid_map.apply_figures(changed)
            viewport.repaint()

        redraw_ms, redraw_worst = timed_ms(one_case_changed, repeat=30)
        report.add(Result(16, f"grid map redraw on a case change, {len(grids):,} cells",
                          redraw_ms, "ms", target=MAP_REDRAW_TARGET_MS,
                          note=f"median; worst {redraw_worst:.1f} ms; {_load()}"))
        grid_map.shutdown()
        grid_map.deleteLater()
    finally:
        app.close()
