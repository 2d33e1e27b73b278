"""The benchmark database: 1,000,000 cases with 10,000 open, seeded once and cached."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.app import open_app
from console.clock import FakeClock
from db.bulk import insert_sql
from db.demo.district_loader import load_district
from db.demo.seed import (
    AUDIT_COLUMNS,
    CASE_COLUMNS,
    SQLiteTimes,
    case_rows,
    chunk_facts,
    counter_rows,
    counters_sql,
    plan_seed,
    seed_cases,
    seed_deriver,
)
from db.kpi_facts import TOTALS, daily_sql, facts_sql, total_rows, totals_sql

CACHE = Path(__file__).resolve().parents[2] / ".bench-cache"
# The moment the benchmark district "is" at: every seeded case is reported before it.
NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
SEED_VERSION = 1  # bump when seeding changes what it writes


@dataclass
class Dataset:
    path: Path
    cases: int
    open: int
    meta: dict[str, Any]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def working_copy(self, name: str) -> Path:
        """A copy to mutate (sweeps, bursts), so the cached database stays pristine."""
        target = CACHE / f"work-{name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.path, target)
        return target


def _plain_sqlite_seed(empty_db: Path, n: int, open_count: int) -> tuple[float, float, int]:
    """The yardstick for seeding: every row the seed writes — cases, audit entries, KPI
    facts, daily counts, reference counters, the change-feed entry — made by the same
    generator and put through plain ``sqlite3.executemany`` into the same migrated
    schema (same indexes), with the same PRAGMAs as Watchroom's engine (WAL, synchronous
    NORMAL, foreign keys on) and the same transactions (one per chunk of cases). Returns
    the seconds in all, the seconds inside the database calls alone, and the rows."""
    app = open_app(f"sqlite:///{empty_db}", FakeClock(NOW))
    plan = plan_seed(app.db, n, NOW, open_count=open_count)
    with app.db.engine.connect() as sa_conn:
        deriver = seed_deriver(sa_conn, plan)
    app.close()
    conn = sqlite3.connect(empty_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    cases_sql = insert_sql("cases", CASE_COLUMNS, "qmark")
    audit_sql = insert_sql("audit_log", AUDIT_COLUMNS, "qmark")
    fact_sql, day_sql, count_sql = facts_sql("qmark"), daily_sql("qmark"), counters_sql("qmark")
    totals_sqls = [totals_sql(table, key, "qmark") for table, key, _ in TOTALS]
    rows = 0
    in_db = 0.0
    started = time.perf_counter()
    for chunk in case_rows(plan):
        facts, daily = chunk_facts(chunk, deriver)
        counters = counter_rows(chunk.last_numbers)
        begun = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(cases_sql, chunk.cases)
        conn.executemany(audit_sql, chunk.audit)
        conn.executemany(fact_sql, facts)
        conn.executemany(day_sql, daily)
        for (_, _, at), total_sql in zip(TOTALS, totals_sqls, strict=True):
            totals = total_rows(daily, at)
            conn.executemany(total_sql, totals)
            rows += len(totals)
        conn.executemany(count_sql, counters)
        conn.execute("COMMIT")
        in_db += time.perf_counter() - begun
        rows += len(chunk.cases) + len(chunk.audit) + len(facts) + len(daily) + len(counters)
    conn.execute("INSERT INTO changes (at, entity, entity_id, op) VALUES (?, ?, ?, ?)",
                 (SQLiteTimes()(plan.now), "case", 0, "reload"))
    rows += 1
    seconds = time.perf_counter() - started
    conn.close()
    return seconds, in_db, rows


def build(cases: int, open_count: int, fresh: bool = False) -> Dataset:
    """The cached database for this scale, seeding it (and timing that) if missing."""
    CACHE.mkdir(exist_ok=True)
    # Not keyed by schema revision: opening the cached database migrates it, once.
    key = f"cases{cases}-open{open_count}-seed{SEED_VERSION}"
    path = CACHE / f"{key}.sqlite"
    meta_path = CACHE / f"{key}.json"
    if path.exists() and meta_path.exists() and not fresh:
        return Dataset(path, cases, open_count, json.loads(meta_path.read_text()))
    for stale in CACHE.glob("cases*-open*-*.sqlite*"):  # other scales' and seeds' only
        stale.unlink()

    print(f"Seeding {cases:,} cases ({open_count:,} open) — once; cached in {CACHE}", flush=True)
    plain_path = CACHE / "plain.sqlite"
    plain_s, plain_db_s, rows = _plain_sqlite_seed(plain_path, cases, open_count)
    plain_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{plain_path}{suffix}").unlink(missing_ok=True)

    app = open_app(f"sqlite:///{path}", FakeClock(NOW))
    # The district first, as the yardstick's database has it before its clock starts.
    load_district(app.db, NOW)
    report = seed_cases(app.db, cases, NOW, open_count=open_count)
    started = time.perf_counter()
    backfilled = app.deadlines.backfill()
    backfill_s = time.perf_counter() - started
    app.close()
    meta = {
        "seed_seconds": report.seconds, "seed_cases_per_s": report.cases_per_second,
        "audit_entries": report.audit_entries, "plain_sqlite_seconds": plain_s,
        "plain_sqlite_db_seconds": plain_db_s,
        "rows": rows, "backfill_seconds": backfill_s, "backfilled_cases": backfilled,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size_mb": path.stat().st_size / 2**20,
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    return Dataset(path, cases, open_count, meta)
