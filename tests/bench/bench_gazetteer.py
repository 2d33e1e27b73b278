"""Issue 21 figure: address search over a city's door-plate registry of 500,000 addresses.

A fresh SQLite database of its own with the demo district; 500,000 synthetic addresses
(5,000 roads named from common road-name characters, 100 door numbers each, points
scattered over the district) written straight into the table. Measured: the search
index built once (read, pinyin, joined keys), the search median per kind of query
(Chinese part, full pinyin, initials, characters in order, no hit), and the nearest
addresses to a point (STRtree built once). Medians with the load average beside them.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.harness import Report, Result, timed_ms

ADDRESSES = 500_000
NUMBERS = 100
SEARCH_TARGET_MS = 50.0
NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
CHARS = (
    "和平", "建设", "解放", "人民", "中山", "文化", "学院", "光明", "胜利",
    "新华", "东风", "红旗", "青年", "幸福", "团结", "长江", "黄河", "延安",
    "北京", "南京", "上海", "天目", "凤起", "庆春", "体育", "环城", "莫干",
    "保俶", "湖墅", "教工", "文三", "文二", "古翠", "丰潭", "紫荆", "花园",
    "桃源", "杨柳", "梅花", "兰亭",
)
KINDS = ("路", "街", "巷", "大道")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def _roads() -> list[str]:
    names = sorted({a + b[:1] + k for a in CHARS for b in CHARS for k in KINDS})
    return random.Random(21).sample(names, ADDRESSES // NUMBERS)


def _fill(app: object) -> None:
    from sqlalchemy import insert

    from db.models import Address

    rng = random.Random(7)
    grids = [g.id for g in app.district.grids()]  # type: ignore[attr-defined]
    rows = [{"address": f"{road}{n}号", "lon": rng.uniform(120.149, 120.211),
             "lat": rng.uniform(30.259, 30.301), "grid_id": rng.choice(grids),
             "updated_at": NOW}
            for road in _roads() for n in range(1, NUMBERS + 1)]
    with app.db.write.begin() as s:  # type: ignore[attr-defined]
        for start in range(0, len(rows), 20_000):
            s.execute(insert(Address), rows[start:start + 20_000])


def run(_ds: object, report: Report) -> None:
    from console.app import open_app
    from console.clock import FakeClock
    from db.demo.district_loader import load_district

    with tempfile.TemporaryDirectory(prefix="watchroom-gazetteer-") as tmp:
        app = open_app(f"sqlite:///{Path(tmp) / 'gazetteer.sqlite'}", FakeClock(NOW))
        try:
            load_district(app.db, NOW)
            app.district.invalidate()
            print(f"  writing {ADDRESSES:,} synthetic addresses…", flush=True)
            _fill(app)
            started = time.perf_counter()
            held = app.gazetteer.warm()
            build_s = time.perf_counter() - started
            report.add(Result(21, f"gazetteer index built over {held:,} addresses",
                              build_s, "s", note=f"once, off the typing path; {_load()}"))
            road = _roads()[1234]
            from pypinyin import Style, lazy_pinyin

            full = "".join(lazy_pinyin(road))
            first = "".join(p[0] for p in lazy_pinyin(road, style=Style.FIRST_LETTER))
            queries = {
                "Chinese part": road[1:] + "5",
                "Chinese exact": f"{road}57号",
                "full pinyin": full + "57",
                "pinyin initials": first + "57",
                "in order": road[0] + road[2:] + "57号",
                "no hit": "不存在的地址",
                "no hit, pinyin": "qqqzzz",
            }
            for kind, text in queries.items():
                found = app.gazetteer.search(text)
                median, worst = timed_ms(lambda t=text: app.gazetteer.search(t),  # type: ignore[misc]
                                         repeat=30)
                report.add(Result(21, f"address search, {kind} ({text!r}), "
                                      f"{held:,} addresses", median, "ms",
                                  target=SEARCH_TARGET_MS,
                                  note=f"median of 30; worst {worst:.1f} ms; {len(found)} "
                                       f"found; {_load()}"))
            started = time.perf_counter()
            app.gazetteer.nearest(120.18, 30.28)
            tree_ms = (time.perf_counter() - started) * 1000
            rng = random.Random(3)
            median, worst = timed_ms(lambda: app.gazetteer.nearest(
                rng.uniform(120.15, 120.21), rng.uniform(30.26, 30.30), k=5), repeat=100)
            report.add(Result(21, f"nearest 5 addresses to a point, {held:,} addresses",
                              median, "ms", target=SEARCH_TARGET_MS,
                              note=f"median of 100; worst {worst:.1f} ms; tree built once "
                                   f"in {tree_ms:.0f} ms; {_load()}"))
        finally:
            app.close()
