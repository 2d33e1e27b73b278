"""Issue 7 figures: KPIs per grid and per team at 1,000,000 cases, for the last 30 days
and for the whole history; the dashboard's live open-by-stage update. "Your own center":
KPIs per community and per street (the demo district's 8 communities, put into 3 streets
on a working copy, since the demo has no streets).

The first open of a cache seeded before migration 0008 backfills the KPI facts and the
daily counts (once, a few minutes); that is not part of any figure here.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from functools import partial

from console.app import open_app
from console.clock import FakeClock
from tests.bench.dataset import NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

KPI_TARGET_MS = 2000.0
LIVE_TARGET_MS = 20.0


def run(ds: Dataset, report: Report) -> None:
    app = open_app(ds.url, FakeClock(NOW))
    try:
        kpis = app.kpis
        month = NOW - timedelta(days=30)
        history = kpis.history_start()
        for label, start in (("30 days", month), ("whole history", history)):
            for what, fn in (("per grid", kpis.by_grid), ("per team", kpis.by_team)):
                median, worst = timed_ms(partial(fn, start, NOW), repeat=5, warmup=1)
                report.add(Result(7, f"KPIs {label}, {what}", median, "ms", KPI_TARGET_MS,
                                  note=f"worst {worst:.0f} ms of 5"))
            median, worst = timed_ms(partial(kpis.summary, start, NOW), repeat=5, warmup=1)
            report.add(Result(7, f"KPIs {label}, whole district", median, "ms",
                              KPI_TARGET_MS, note=f"worst {worst:.0f} ms of 5"))
        median, _ = timed_ms(lambda: kpis.summary(history, NOW, grid="XH-01"), repeat=5,
                             warmup=1)
        report.add(Result(7, "KPIs whole history, one grid", median, "ms", KPI_TARGET_MS))
        _dashboard(app, report)
    finally:
        app.close()
    areas(ds, report)


# The demo's communities, three streets of them (a working copy only: the cache stays).
STREETS = {"XH-ST-N": ("XH-BINHE", "XH-WANGJIANG", "XH-JIANGAN"),
           "XH-ST-C": ("XH-ZHAOHUI", "XH-XINHEFANG"),
           "XH-ST-S": ("XH-WENLAN", "XH-XIYUAN", "XH-DONGXIN")}


def areas(ds: Dataset, report: Report) -> None:
    """KPIs per community and per street, last 30 days and whole history."""
    from sqlalchemy import select, update

    from db.models import Area

    app = open_app(f"sqlite:///{ds.working_copy('areas')}", FakeClock(NOW))
    try:
        with app.db.write.begin() as s:
            district = s.scalar(select(Area.id).where(Area.level == "district"))
            for code, communities in STREETS.items():
                street = Area(code=code, level="street", name_zh=code, name_en=code,
                              parent_id=district)
                s.add(street)
                s.flush()
                s.execute(update(Area).where(Area.code.in_(communities))
                          .values(parent_id=street.id))
        kpis = app.kpis
        history = kpis.history_start()
        for label, start in (("30 days", NOW - timedelta(days=30)), ("whole history", history)):
            for level in ("community", "street"):
                median, worst = timed_ms(partial(kpis.by_area, start, NOW, level), repeat=5,
                                         warmup=1)
                report.add(Result(7, f"KPIs {label}, per {level}", median, "ms",
                                  KPI_TARGET_MS, note=f"worst {worst:.0f} ms of 5"))
    finally:
        app.close()


def _dashboard(app: object, report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.app import App
    from widgets.dashboard.loader import compute
    from widgets.dashboard.panel import Dashboard

    assert isinstance(app, App)
    qapp = QApplication.instance() or QApplication([])
    median, _ = timed_ms(lambda: compute(app.kpis, False), repeat=3, warmup=0)
    report.add(Result(7, "dashboard refresh off the GUI thread (7 series, 30-day table)",
                      median, "ms", note="in a worker thread; the GUI shows progress"))
    board = Dashboard(app)
    board.resize(1400, 800)
    chart = board.open_by_stage
    board.update_open_by_stage()
    n = len(chart.labels())

    def live() -> None:
        chart.set_values([[0.0] * n])  # as if a case had just moved: the bars must change
        board.update_open_by_stage()
        chart.plot.repaint()

    before = app.kpis.recomputations
    median, worst = timed_ms(live, repeat=50, warmup=3)
    report.add(Result(7, "live update of the open-by-stage chart (stage counts + redraw)",
                      median, "ms", LIVE_TARGET_MS,
                      note=f"worst {worst:.1f} ms of 50; history recomputed "
                           f"{app.kpis.recomputations - before} times"))
    board.show()  # the first show computes the series in the background
    deadline = time.monotonic() + 120
    while board.data is None and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    median, worst = timed_ms(board.apply_live, repeat=20, warmup=2)
    report.add(Result(7, "live update, GUI-thread part (stage counts, redraw, dispatch)",
                      median, "ms", note=f"worst {worst:.1f} ms of 20"))
    hour, day = app.kpis.hour_buckets()[-1], app.kpis.day_buckets()[-1]
    end = day + timedelta(days=1)

    def buckets() -> None:
        app.kpis.reported_between(hour, hour + timedelta(hours=1))
        app.kpis.reported_between(day, end)
        app.kpis.on_time_between(day, end)

    median, worst = timed_ms(buckets, repeat=20, warmup=2)
    report.add(Result(7, "live update, current hour/day/on-time buckets (worker thread)",
                      median, "ms", note=f"worst {worst:.1f} ms of 20"))
    board.shutdown(30_000)
    board.deleteLater()
    qapp.processEvents()
