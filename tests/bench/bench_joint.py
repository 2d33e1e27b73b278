"""Issue 22 figures: joint handling at the scale the issue names.

A database of its own (the demo district put into three streets, a temporary SQLite
file), so the cached 1,000,000-case database stays pristine and need not be seeded:

- the joint-handling KPIs (whistles, report-in time, returns by reason, rulings,
  callbacks, satisfaction, resolution, parts on time) per grid, team and street, the
  whole district and one team, over 30 days and a year, with ``joint_daily`` holding the
  joint events of 1,000,000 cases reported over 365 days (about 2.8 million events:
  every case dispatched, one in ten whistled with two teams, one in twenty returned,
  60% from citizens and called back). The KPIs read only ``joint_daily`` (day × grid ×
  team sums), never the cases, so the cases table's size does not enter the figure;
- the board with the team filter on a team that assists 2,000 of 10,000 open cases
  (50,000 cases seeded): the first page (200 rows, as the board paints it) and the whole
  open content for that team.

Standalone: ``python -m tests.bench.bench_joint`` (writes bench-results.json too).
"""

from __future__ import annotations

import os
import random
import tempfile
from collections import defaultdict
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from console.app import App, open_app
from console.cases.joint import center_day
from console.cases.query import CaseFilter
from console.clock import FakeClock
from console.core.domain import OPEN_STAGES
from db.demo.district_loader import load_district
from db.demo.seed import seed_cases
from db.models import Area, Case, CasePart, Grid, JointDaily, Team, table_of
from tests.bench.bench_kpis import STREETS
from tests.bench.dataset import NOW
from tests.bench.harness import Report, Result, timed_ms

ISSUE = 22
KPI_TARGET_MS = 2000.0
PAGE_TARGET_MS = 50.0
CASES = 1_000_000
DAYS = 365
_COUNTS = [c.key for c in JointDaily.__table__.columns
           if c.key not in ("day_s", "grid_id", "team_id")]


def _streets(app: App) -> None:
    with app.db.write.begin() as s:
        district = s.scalar(select(Area.id).where(Area.level == "district"))
        for code, communities in STREETS.items():
            street = Area(code=code, level="street", name_zh=code, name_en=code,
                          parent_id=district)
            s.add(street)
            s.flush()
            s.execute(update(Area).where(Area.code.in_(communities))
                      .values(parent_id=street.id))


def fill_joint_daily(app: App, cases: int = CASES, days: int = DAYS, seed: int = 22) -> int:
    """The day counts the joint steps of ``cases`` cases would have written; returns the
    number of events counted."""
    rng = random.Random(seed)
    zone = app.zone
    with app.db.read() as s:
        grids = list(s.scalars(select(Grid.id)))
        teams = list(s.scalars(select(Team.id)))
    column = {c: i for i, c in enumerate(_COUNTS)}
    rows: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0] * len(_COUNTS))
    events = 0
    start = NOW - timedelta(days=days)
    span = days * 86_400
    for _ in range(cases):
        at = start + timedelta(seconds=rng.randrange(span))
        day = center_day(at, zone)
        grid = rng.choice(grids)
        lead = rng.choice(teams)
        rows[(day, grid, lead)][column["dispatched"]] += 1
        events += 1
        if rng.random() < 0.1:  # a whistle: two teams summoned, report in, finish parts
            for team in rng.sample(teams, 2):
                r = rows[(day, grid, team)]
                r[column["whistled"]] += 1
                r[column["reported_in"]] += 1
                r[column["report_in_s"]] += rng.randrange(300, 3600)
                r[column["parts_finished"]] += 1
                r[column["parts_on_time"]] += int(rng.random() < 0.8)
                events += 3
        if rng.random() < 0.05:  # returned, for one of the four reasons
            reason = rng.choice(("returned_jurisdiction", "returned_address",
                                 "returned_duplicate", "returned_information"))
            rows[(day, grid, lead)][column[reason]] += 1
            events += 1
            if rng.random() < 0.2:
                rows[(day, grid, rng.choice(teams))][column["ruled"]] += 1
                events += 1
        if rng.random() < 0.6:  # a citizen's case: a callback falls due, mostly done
            r = rows[(day, grid, lead)]
            r[column["callbacks_due"]] += 1
            events += 1
            if rng.random() < 0.9:
                r[column["callbacks_done"]] += 1
                r[column[rng.choice(("satisfied", "satisfied", "basic", "dissatisfied"))]] += 1
                r[column["resolved_yes"]] += int(rng.random() < 0.85)
                events += 1
    table = table_of(JointDaily)
    values = [{"day_s": d, "grid_id": g, "team_id": t, **dict(zip(_COUNTS, counts,
                                                                   strict=True))}
              for (d, g, t), counts in rows.items()]
    with app.db.write.begin() as s:
        for i in range(0, len(values), 20_000):
            s.execute(insert(table), values[i:i + 20_000])
    return events


def kpis(app: App, report: Report) -> None:
    events = fill_joint_daily(app)
    with app.db.read() as s:
        rows = s.query(JointDaily).count()
    print(f"  joint_daily: {rows:,} rows for {events:,} events of {CASES:,} cases",
          flush=True)
    joint = app.joint_kpis
    for label, start in (("30 days", NOW - timedelta(days=30)),
                         ("one year", NOW - timedelta(days=DAYS))):
        for level in ("grid", "team", "street"):
            median, worst = timed_ms(partial(joint.by, start, NOW, level), repeat=5,
                                     warmup=1)
            report.add(Result(ISSUE, f"joint KPIs {label}, per {level} (1,000,000 cases)",
                              median, "ms", KPI_TARGET_MS,
                              note=f"worst {worst:.0f} ms of 5; {rows:,} day rows"))
        median, _ = timed_ms(partial(joint.summary, start, NOW), repeat=5, warmup=1)
        report.add(Result(ISSUE, f"joint KPIs {label}, whole district", median, "ms",
                          KPI_TARGET_MS))
    median, _ = timed_ms(lambda: joint.summary(NOW - timedelta(days=DAYS), NOW,
                                               team="PATROL-1"), repeat=5, warmup=1)
    report.add(Result(ISSUE, "joint KPIs one year, one team", median, "ms", KPI_TARGET_MS))


def board(app: App, report: Report) -> None:
    seed_cases(app.db, 50_000, NOW, open_count=10_000)
    with app.db.read() as s:
        patrol = s.scalar(select(Team.id).where(Team.code == "PATROL-1"))
        assisted = list(s.scalars(
            select(Case.id).where(Case.stage.in_([st.value for st in OPEN_STAGES]),
                                  (Case.team_id.is_(None)) | (Case.team_id != patrol))
            .order_by(Case.id).limit(2_000)))
    with app.db.write.begin() as s:
        s.execute(insert(table_of(CasePart)), [
            {"case_id": cid, "team_id": patrol, "text": "clear the lane", "state": "reported",
             "whistle": True, "summoned_at": NOW - timedelta(hours=2), "note": ""}
            for cid in assisted])
    assert patrol is not None
    flt = CaseFilter(team_ids=frozenset({patrol}))
    page: list[Any] = []

    def first_page() -> None:
        page[:] = app.cases.open_page(flt)

    median, worst = timed_ms(first_page, repeat=20, warmup=2)
    report.add(Result(ISSUE, "board page, team filter on a team assisting 2,000 open cases",
                      median, "ms", PAGE_TARGET_MS,
                      note=f"{len(page)} rows (lead or assisting) of 10,000 open; "
                           f"worst {worst:.1f} ms of 20"))
    whole: list[Any] = []
    median, worst = timed_ms(lambda: whole.__setitem__(slice(None), app.cases.open_cases(
        flt)), repeat=10, warmup=1)
    report.add(Result(ISSUE, "board content, same team filter (every matching open case)",
                      median, "ms", note=f"{len(whole):,} rows; worst {worst:.1f} ms of 10"))


def run(_ds: Any, report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(NOW)
        app = open_app(f"sqlite:///{Path(tmp) / 'joint.sqlite'}", clock)
        try:
            load_district(app.db, clock.now())
            app.district.invalidate()
            _streets(app)
            kpis(app, report)
            board(app, report)
        finally:
            app.close()
    load = os.getloadavg()
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)


if __name__ == "__main__":
    result = Report(scale={"joint": "demo district in 3 streets, 1,000,000 cases' events"})
    run(None, result)
    print(result.table())
    result.write(Path(__file__).resolve().parents[2] / "bench-results.json")
