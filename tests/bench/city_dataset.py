"""The city benchmark's database: 16 districts, 160,000 cells and 10,000,000 cases on a
PostgreSQL cluster of its own, seeded once through COPY and kept (``.bench-cache/pg-city``).

The cluster runs with durable commits (fsync on) and memory settings a city server would
have on this machine (``SERVER_SETTINGS``). Seeding is timed against a plain COPY of the
same generated rows (cases and audit entries) of the first ``YARDSTICK_CASES`` cases into
a second database of the same schema and territory, in the same run: the ratio is the
seed's time for its first that-many cases over the plain COPY's.

Run by ``make bench BENCH_ARGS="--only city"``; on its own (to seed in the background):
``python -m tests.bench.city_dataset --cases 10000000 --open 60000``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from console.app import open_app
from console.clock import FakeClock
from db.bulk import write_rows
from db.demo.city import build_city, plan_city
from db.demo.district_loader import load_district
from db.demo.seed import AUDIT_COLUMNS, CASE_COLUMNS, case_rows, seed_planned, time_encoder
from db.engine import writer
from tests.bench.dataset import CACHE, NOW

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = CACHE / "pg-city"
PORT = 54340
DISTRICTS = 16
DAYS = 3 * 365  # a city's three years of hotline cases
YARDSTICK_CASES = 1_000_000
CITY_VERSION = 1  # bump when the city or its seeding changes what it writes
SERVER_SETTINGS = (
    "-c fsync=on -c shared_buffers=4GB -c effective_cache_size=12GB -c work_mem=32MB "
    "-c maintenance_work_mem=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min "
    "-c max_parallel_workers_per_gather=2 -c track_io_timing=on"
)


@dataclass
class CityDataset:
    url: str
    cases: int
    open: int
    meta: dict[str, Any]


def start_cluster(directory: Path = CLUSTER, port: int = PORT) -> str:
    """The city cluster's server URL (``.../postgres``), starting it (and creating it on
    first use) with scripts/test-postgres.sh."""
    directory.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "WATCHROOM_TEST_PG_PORT": str(port),
           "WATCHROOM_TEST_PG_DIR": str(directory), "WATCHROOM_TEST_PG_OPTS": SERVER_SETTINGS}
    out = subprocess.run(["bash", str(ROOT / "scripts" / "test-postgres.sh")], env=env,
                         check=True, capture_output=True, text=True).stdout
    return out.strip().split("=", 1)[1]


def _database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _exists(server: str, name: str) -> bool:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                     {"n": name}).scalar())
    finally:
        engine.dispose()


def _recreate(server: str, name: str) -> str:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return _database(server, name)


def _drop(server: str, name: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _plain_copy(url: str, cases: int, open_count: int,
                districts: int = DISTRICTS) -> tuple[float, int]:
    """The yardstick: the same generated rows of the first ``cases`` cases through a
    plain COPY (no facts, counters or checks) into a database with the same schema and
    territory. Seconds (generation included, as in the seed) and rows."""
    app = open_app(url, FakeClock(NOW))
    load_district(app.db, NOW)
    city = build_city(app.db, NOW, districts)
    plan = plan_city(app.db, city, cases, NOW, open_count=open_count, days=DAYS)
    engine = writer(app.db.engine)
    rows = 0
    started = time.perf_counter()
    for chunk in case_rows(plan, time_encoder("postgresql")):
        with engine.begin() as conn:
            rows += write_rows(conn, "cases", CASE_COLUMNS, chunk.cases)
            rows += write_rows(conn, "audit_log", AUDIT_COLUMNS, chunk.audit)
    seconds = time.perf_counter() - started
    app.close()
    return seconds, rows


def seed_city(url: str, plain_url: str, cases: int, open_count: int, *,
              districts: int = DISTRICTS, yardstick: int = YARDSTICK_CASES,
              progress_every: int = 500_000) -> dict[str, Any]:
    """Seed a city of ``districts`` districts into the empty database at ``url`` (the
    yardstick's plain COPY of the first ``yardstick`` cases goes into the empty
    ``plain_url`` first) and return the figures."""
    yard_cases = min(cases, yardstick)
    yard_open = round(open_count * yard_cases / cases) if cases else 0
    plain_s, plain_rows = _plain_copy(plain_url, yard_cases, yard_open, districts)
    app = open_app(url, FakeClock(NOW))
    started = time.perf_counter()
    load_district(app.db, NOW)
    city = build_city(app.db, NOW, districts)
    territory_s = time.perf_counter() - started
    plan = plan_city(app.db, city, cases, NOW, open_count=open_count, days=DAYS)
    marks: dict[int, float] = {}
    seed_started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        marks[done] = time.perf_counter() - seed_started
        if done and done % progress_every < 20_000:
            print(f"  {done:,} of {total:,} cases, {marks[done]:.0f} s", flush=True)

    report = seed_planned(app.db, plan, NOW, progress=progress)
    yard_seed_s = min((s for done, s in marks.items() if done >= yard_cases),
                      default=report.seconds)
    started = time.perf_counter()
    timed = app.deadlines.backfill()
    backfill_s = time.perf_counter() - started
    started = time.perf_counter()
    with app.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0
    vacuum_s = time.perf_counter() - started
    app.close()
    return {
        "cases": report.cases, "open": report.open, "audit_entries": report.audit_entries,
        "grids": city.grids, "teams": city.teams, "districts": districts, "days": DAYS,
        "territory_seconds": territory_s, "seed_seconds": report.seconds,
        "seed_rows_per_s": (report.cases + report.audit_entries) / report.seconds,
        "yardstick_cases": yard_cases, "yardstick_seed_seconds": yard_seed_s,
        "plain_copy_seconds": plain_s, "plain_copy_rows": plain_rows,
        "plain_copy_rows_per_s": plain_rows / plain_s if plain_s else 0.0,
        "backfill_seconds": backfill_s, "deadlines_started": timed,
        "vacuum_analyze_seconds": vacuum_s, "size_gb": size / 2**30,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load": os.getloadavg()[0],
    }


def build_city_dataset(cases: int, open_count: int, fresh: bool = False,
                       server: str | None = None) -> CityDataset:
    """The cached city for this scale, seeding it (and timing that) if missing."""
    server = server or start_cluster()
    key = f"city{cases}-open{open_count}-v{CITY_VERSION}"
    name = key.replace("-", "_")
    meta_path = CACHE / f"{key}.json"
    if meta_path.exists() and _exists(server, name) and not fresh:
        return CityDataset(_database(server, name), cases, open_count,
                           json.loads(meta_path.read_text()))
    meta_path.unlink(missing_ok=True)
    print(f"Seeding a city of {cases:,} cases ({open_count:,} open) through COPY — once; "
          f"kept in {CLUSTER}", flush=True)
    plain = _recreate(server, f"{name}_plain")
    url = _recreate(server, name)
    try:
        meta = seed_city(url, plain, cases, open_count)
    finally:
        _drop(server, f"{name}_plain")
    meta_path.write_text(json.dumps(meta, indent=2))
    return CityDataset(url, cases, open_count, meta)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.city_dataset")
    parser.add_argument("--cases", type=int, default=10_000_000)
    parser.add_argument("--open", type=int, default=60_000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    ds = build_city_dataset(args.cases, args.open, fresh=args.fresh)
    print(json.dumps(ds.meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
