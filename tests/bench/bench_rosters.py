"""Issue 5 figures: rosters of 2,000 members with a year of generated shifts.

The roster has a database of its own under .bench-cache/ (the case dataset has no
members): the demo district's 15 teams plus 25 more, 50 members each (four crews of 12
on 12-hour day and night shifts, a leader and a deputy; minimum staffing 9), and a year
of shifts generated through ``RosterService.generate_shifts`` (half a year either side
of the benchmark's "now"), seeded once and cached. Measured: who is on duty now, the
readiness of every shift in the next 24 hours, the team statuses the panel shows, the
readiness timer's next check, and the roster panel opening until painted (offscreen).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from console.app import App, open_app
from console.clock import FakeClock
from db.demo.district_loader import load_district
from db.demo.roster_loader import read_qualifications
from db.demo.rotation_pattern import crews_on_day_and_night
from db.migrate import head_revision
from db.models import Team, table_of
from db.models.rosters import Member, MemberQualification, Qualification, Shift, ShiftMember
from tests.bench.dataset import CACHE, NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

ISSUE = 5
TEAMS = 40
PER_TEAM = 50
CREWS = ("A", "B", "C", "D")
CREW_SIZE = 12
MIN_STAFFING = 9
HALF_YEAR = 182
SEED_VERSION = 2

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛",
          "明", "超", "霞", "平", "刚", "建华", "志强", "海燕", "晓东", "文杰", "雪梅", "鹏")


def _seed(path: Path) -> dict[str, Any]:
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{path}", clock)
    load_district(app.db, NOW)
    app.district.invalidate()
    system = app.operators.system()
    rnd = random.Random(5)
    started = time.perf_counter()
    with app.db.write.begin() as s:
        s.execute(insert(Qualification), read_qualifications())
        existing = s.scalar(select(func.count()).select_from(Team)) or 0
        s.execute(insert(Team), [
            {"code": f"BENCH-{n:02d}", "name_en": f"Bench rescue team {n}",
             "name_zh": f"测试救援队{n}", "kind": "rescue", "base_grid_id": None,
             "min_staffing": MIN_STAFFING, "version": 1}
            for n in range(1, TEAMS - existing + 1)])
        s.execute(update(Team).values(min_staffing=MIN_STAFFING))
        team_ids = list(s.scalars(select(Team.id).order_by(Team.id)))
        members = table_of(Member)
        crews_by_team: dict[int, dict[str, list[int]]] = {}
        for team_id in team_ids:
            rows = [{"team_id": team_id,
                     "name": rnd.choice(_SURNAMES) + rnd.choice(_GIVEN),
                     "role": "Rescuer", "phone": f"138{rnd.randrange(10**8):08d}",
                     "availability": rnd.choices(("available", "leave", "off_duty"),
                                                 (92, 5, 3))[0],
                     "availability_since": NOW, "current_case_id": None, "active": True,
                     "version": 1} for _ in range(PER_TEAM)]
            ids = list(s.execute(insert(members).returning(
                members.c.id, sort_by_parameter_order=True), rows).scalars())
            quals = [{"member_id": mid, "qualification": q} for mid in ids
                     for q in ("first_aid", rnd.choices(("rope_rescue", "swift_water",
                                                         "hazmat", "driver"),
                                                        (45, 30, 15, 10))[0])]
            s.execute(insert(MemberQualification), quals)
            crews_by_team[team_id] = {c: ids[2 + i * CREW_SIZE: 2 + (i + 1) * CREW_SIZE]
                                      for i, c in enumerate(CREWS)}
    app.district.invalidate()
    seeded = time.perf_counter() - started
    today = app.rosters.local_date(NOW)
    first, last = today - timedelta(days=HALF_YEAR), today + timedelta(days=HALF_YEAR)
    generated = 0
    started = time.perf_counter()
    for team_id, crews in crews_by_team.items():
        pattern = crews_on_day_and_night(crews, first)
        rotation = app.rosters.add_rotation(system, team=team_id, name="Four crews, 12 h",
                                            pattern=pattern)
        generated += app.rosters.generate_shifts(system, rotation.id, first, last).created
    generation = time.perf_counter() - started
    with app.db.read() as s:
        links = s.scalar(select(func.count()).select_from(ShiftMember)) or 0
        shifts = s.scalar(select(func.count()).select_from(Shift)) or 0
    app.close()
    return {"members": TEAMS * PER_TEAM, "teams": TEAMS, "shifts": shifts,
            "shift_members": links, "seed_seconds": seeded,
            "generate_seconds": generation, "generated": generated,
            "size_mb": path.stat().st_size / 2**20}


def roster_dataset(fresh: bool = False) -> tuple[Path, dict[str, Any]]:
    """The cached roster database, seeding it (and timing that) if missing."""
    CACHE.mkdir(exist_ok=True)
    key = f"rosters{TEAMS * PER_TEAM}-rev{head_revision()}-seed{SEED_VERSION}"
    path = CACHE / f"{key}.sqlite"
    meta_path = CACHE / f"{key}.json"
    if path.exists() and meta_path.exists() and not fresh:
        return path, json.loads(meta_path.read_text())
    print(f"Seeding {TEAMS * PER_TEAM:,} members and a year of shifts — once; cached in "
          f"{CACHE}", flush=True)
    meta = _seed(path)
    meta_path.write_text(json.dumps(meta, indent=2))
    return path, meta


def _open_view_ms(app: App, repeat: int = 5) -> tuple[float, float, float, int]:
    """(median, worst, first) ms from constructing the roster panel to its teams and
    members tables having painted, and the member rows it holds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from widgets.changes.bus import ChangeBus
    from widgets.rosters.view import RosterView
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

    times: list[float] = []
    rows = 0
    for _ in range(repeat + 1):
        probe = PaintProbe()
        started = time.perf_counter()
        view = RosterView(app, ChangeBus(app))
        targets = (view.teams_table.viewport(), view.members_table.viewport())
        for target in targets:
            target.installEventFilter(probe)
        view.resize(1400, 800)
        view.show()
        while not all(id(t) in probe.painted for t in targets):
            qapp.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        rows = view.member_model.rowCount()
        for target in targets:
            target.removeEventFilter(probe)
        view.stop()
        view.close()
        view.deleteLater()
        qapp.processEvents()
    first, rest = times[0], times[1:]
    return statistics.median(rest), max(rest), first, rows


def run(ds: Dataset | None, report: Report) -> None:
    path, meta = roster_dataset()
    report.add(Result(ISSUE, f"seed {meta['members']:,} members in {meta['teams']} teams",
                      meta["seed_seconds"], "s", note="executemany; cached"))
    report.add(Result(ISSUE, f"generate a year of shifts ({meta['generated']:,} shifts, "
                      f"{meta['shift_members']:,} places)", meta["generate_seconds"], "s",
                      note="RosterService.generate_shifts, one rotation per team"))
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{path}", clock)
    app.act_as("zhoujianhua")
    try:
        on_duty = app.rosters.on_duty()
        median, worst = timed_ms(app.rosters.on_duty, repeat=50)
        report.add(Result(ISSUE, "who is on duty now (every team, with members)", median,
                          "ms", 50, note=f"worst {worst:.1f} ms; {len(on_duty)} shifts, "
                          f"{sum(len(s.members) for s in on_duty)} people"))
        window = app.rosters.readiness_between(NOW, NOW + timedelta(hours=24))
        median, worst = timed_ms(
            lambda: app.rosters.readiness_between(NOW, NOW + timedelta(hours=24)), repeat=50)
        report.add(Result(ISSUE, "readiness of every shift in the next 24 hours", median,
                          "ms", 50, note=f"worst {worst:.1f} ms; {len(window)} shifts, "
                          f"{sum(1 for s in window if s.gap)} with a gap"))
        median, worst = timed_ms(app.rosters.team_statuses, repeat=20)
        report.add(Result(ISSUE, "team statuses (now, next, readiness, counts)", median,
                          "ms", note=f"worst {worst:.1f} ms; the panel's top table"))
        median, worst = timed_ms(app.rosters.next_readiness_check_at, repeat=200)
        report.add(Result(ISSUE, "next readiness check (earliest shift not yet alerted)",
                          median, "ms", 5, note=f"worst {worst:.2f} ms"))
        median, worst = timed_ms(app.rosters.members, repeat=10)
        report.add(Result(ISSUE, f"all {meta['members']:,} members with qualifications",
                          median, "ms", note=f"worst {worst:.1f} ms; the panel loads them "
                          "once, then row by row from the change feed"))
        median, worst, first, rows = _open_view_ms(app)
        report.add(Result(ISSUE, f"roster panel opens and paints ({rows:,} members)", median,
                          "ms", 500, note=f"worst {worst:.0f} ms; first (cold Qt) "
                          f"{first:.0f} ms"))
    finally:
        app.close()


if __name__ == "__main__":
    from tests.bench.harness import Report as _Report

    standalone = _Report(scale={"members": TEAMS * PER_TEAM})
    run(None, standalone)
    print(standalone.table())
