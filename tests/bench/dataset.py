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
from db.demo.seed import AUDIT_COLUMNS, CASE_COLUMNS, case_rows, plan_seed, seed_cases

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


def _plain_sqlite_seed(empty_db: Path, n: int, open_count: int) -> tuple[float, int]:
    """The same rows through plain ``sqlite3.executemany``: the yardstick for seeding."""
    app = open_app(f"sqlite:///{empty_db}", FakeClock(NOW))
    plan = plan_seed(app.db, n, NOW, open_count=open_count)
    app.close()
    conn = sqlite3.connect(empty_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    cases_sql = insert_sql("cases", CASE_COLUMNS, "qmark")
    audit_sql = insert_sql("audit_log", AUDIT_COLUMNS, "qmark")
    rows = 0
    started = time.perf_counter()
    for chunk in case_rows(plan):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(cases_sql, chunk.cases)
        conn.executemany(audit_sql, chunk.audit)
        conn.execute("COMMIT")
        rows += len(chunk.cases) + len(chunk.audit)
    seconds = time.perf_counter() - started
    conn.close()
    return seconds, rows


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
    plain_s, rows = _plain_sqlite_seed(plain_path, cases, open_count)
    plain_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{plain_path}{suffix}").unlink(missing_ok=True)

    app = open_app(f"sqlite:///{path}", FakeClock(NOW))
    report = seed_cases(app.db, cases, NOW, open_count=open_count)
    started = time.perf_counter()
    backfilled = app.deadlines.backfill()
    backfill_s = time.perf_counter() - started
    app.close()
    meta = {
        "seed_seconds": report.seconds, "seed_cases_per_s": report.cases_per_second,
        "audit_entries": report.audit_entries, "plain_sqlite_seconds": plain_s,
        "rows": rows, "backfill_seconds": backfill_s, "backfilled_cases": backfilled,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size_mb": path.stat().st_size / 2**20,
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    return Dataset(path, cases, open_count, meta)
