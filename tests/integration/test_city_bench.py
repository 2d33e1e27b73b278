"""The city benchmark's own code at 100,000 cases (two districts of the sixteen, so that it
fits CI's time), so that it cannot rot between the ``make bench BENCH_ARGS="--only city"``
runs at 10,000,000 (issue 24).

It asserts what the figures rest on, never how fast anything was: the city was seeded
through COPY with the territory, audit trail and KPI facts it should have; every hot read
was measured and explained, and the board's reads use an index, not a scan of every case;
each change the writer made was applied on every seat's board.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.bench.bench_city import measure
from tests.bench.city_dataset import seed_city
from tests.bench.harness import Report
from tests.pg_only import fresh_pg_database

CASES = 100_000
OPEN = 600


@pytest.fixture
def plain_url() -> Iterator[str]:
    yield from fresh_pg_database()


@pytest.fixture
def city_url() -> Iterator[str]:
    yield from fresh_pg_database()


def test_the_city_benchmark_runs_at_100k_cases(city_url: str, plain_url: str,
                                               tmp_path: Path) -> None:
    from console.app import open_app
    from console.clock import FakeClock
    from tests.bench.dataset import NOW

    meta = seed_city(city_url, plain_url, CASES, OPEN, districts=2, yardstick=20_000)
    assert meta["cases"] == CASES
    assert meta["open"] == OPEN
    assert meta["grids"] == 20_000
    assert meta["audit_entries"] > 6 * CASES  # a whole closed loop per case, and more
    assert meta["deadlines_started"] == OPEN
    app = open_app(city_url, FakeClock(NOW))
    try:
        with app.db.engine.connect() as conn:
            facts = conn.execute(text("SELECT count(*) FROM case_facts")).scalar()
            totals = [conn.execute(text(f"SELECT sum(closed) FROM kpi_{of}_totals")).scalar()
                      for of in ("grid", "team")]
            districts = conn.execute(text(
                "SELECT count(*) FROM areas WHERE level = 'district'")).scalar()
            partitions = conn.execute(text(
                "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
                "WHERE p.relname = 'audit_log'")).scalar()
    finally:
        app.close()
    assert facts == CASES - OPEN  # every closed case has its KPI fact
    assert totals == [facts, facts]  # and counts in its grid's and its team's totals
    assert districts == 3  # the city's two and the demo district
    assert partitions is not None
    assert partitions >= 4  # three years of history, next year and the default

    report = Report(scale={"cases": CASES})
    explained = tmp_path / "explain.md"
    measure(city_url, meta, report, n_seats=2, window_s=4.0, explain_to=explained)
    figures = {r.name: r for r in report.results}
    for name, result in figures.items():
        assert not math.isnan(result.value), f"{name}: {result.note}"
    seats = next(r for n, r in figures.items() if n.startswith("change on one seat"))
    assert "never applied" not in seats.note
    plans = explained.read_text(encoding="utf-8")
    for label in ("stage counts", "board page", "history page", "next deadline",
                  "KPIs per grid", "handover snapshot"):
        assert f"## {label}" in plans
    board = plans.split("## board page, 200 most urgent of a filter")[1].split("\n## ")[0]
    assert "Seq Scan on cases" not in board
