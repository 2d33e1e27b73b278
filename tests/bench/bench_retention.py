"""Issue 24 figures: the change feed's retention and how big a city's database grows.

Prune: 1,000,000 changes older than the retention (plus 10,000 recent ones) deleted by
``ChangeRetention.prune`` in its 10,000-row batches, on a database of its own (SQLite;
PostgreSQL too when WATCHROOM_TEST_PG_URL names a server). A poll of the feed with its
watermark check, as a seat makes it every tick.

Growth: ``seed`` writes 100,000 cases with their audit trail (the bench dataset's code,
a year of history) into a fresh database of each backend; the size of every table divided
by the cases is the bytes a case costs; the change feed's bytes per row are measured on
the rows the prune leaves. ``python -m tests.bench.bench_retention [--cases N]`` prints the
per-table figures as JSON lines too.
Standalone: ``python -m tests.bench --only retention``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text

from console.app import App, open_app
from console.clock import FakeClock
from db.demo.district_loader import load_district
from db.demo.seed import seed_cases
from db.models import Change
from db.types import UTCDateTime
from tests.bench.dataset import NOW, Dataset
from tests.bench.harness import Report, Result

ISSUE = 24
OLD_CHANGES = 1_000_000
RECENT_CHANGES = 10_000
GROWTH_CASES = 100_000
POLLS = 200
AT = bindparam("at", type_=UTCDateTime())


@contextmanager
def _database(backend: str) -> Iterator[str]:
    """A fresh database URL of ``backend`` ("sqlite" or "postgresql"), dropped after."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="wr-retention-") as folder:
            yield f"sqlite:///{Path(folder) / 'retention.sqlite'}"
        return
    from tests.pg_databases import temporary_database

    with temporary_database(os.environ["WATCHROOM_TEST_PG_URL"]) as url:
        yield url


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("WATCHROOM_TEST_PG_URL") else ["sqlite"]


def _fill_changes(app: App, old: int, recent: int) -> None:
    """``old`` changes two weeks old and ``recent`` of today, numbered after the feed's
    newest, in one statement each (the sequence moved past them on PostgreSQL)."""
    start = app.changes.latest_seq()
    old_at, now = NOW - timedelta(days=14), NOW
    with app.db.write.begin() as s:
        if app.db.dialect == "postgresql":
            for first, count, at in ((start + 1, old, old_at), (start + old + 1, recent, now)):
                if count:
                    s.execute(text(
                        "INSERT INTO changes (seq, at, entity, entity_id, op) "
                        "SELECT g, :at, 'case', g % 100000, 'update' "
                        "FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) "
                        "AS g").bindparams(AT),
                        {"at": at, "first": first, "last": first + count - 1})
            s.execute(text("SELECT setval(pg_get_serial_sequence('changes', 'seq'), :last)"),
                      {"last": start + old + recent})
        else:
            for first, count, at in ((start + 1, old, old_at), (start + old + 1, recent, now)):
                if count:
                    s.execute(text(
                        "WITH RECURSIVE g(n) AS (SELECT :first UNION ALL SELECT n + 1 FROM g "
                        "WHERE n < :last) "
                        "INSERT INTO changes (seq, at, entity, entity_id, op) "
                        "SELECT n, :at, 'case', n % 100000, 'update' FROM g").bindparams(AT),
                        {"at": at, "first": first, "last": first + count - 1})


def prune(backend: str, report: Report) -> None:
    with _database(backend) as url:
        app = open_app(url, FakeClock(NOW))
        try:
            _fill_changes(app, OLD_CHANGES, RECENT_CHANGES)
            system = app.operators.system()
            t0 = time.perf_counter()
            done = app.retention.prune(system)
            took = time.perf_counter() - t0
            assert done.deleted == OLD_CHANGES, done
            assert done.batches == OLD_CHANGES // 10_000, done
            report.add(Result(
                ISSUE, f"prune 1,000,000 changes older than the retention, 10,000 a "
                       f"transaction ({_name(backend)})", round(OLD_CHANGES / took), "rows/s",
                None, note=f"{took:.1f} s, {done.batches} batches, load {_load()}"))
            cursor = app.changes.latest_seq() - 50
            samples: list[float] = []
            plain: list[float] = []  # the poll before issue 24, interleaved: same load
            for _ in range(POLLS):
                t0 = time.perf_counter()
                app.changes.since(cursor, limit=500)
                samples.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                _plain_poll(app, cursor)
                plain.append(time.perf_counter() - t0)
            report.add(Result(
                ISSUE, f"a seat's poll of the feed with the watermark check, 50 new "
                       f"changes, right after the prune ({_name(backend)})",
                round(statistics.median(samples) * 1000, 2), "ms", None,
                note=f"median of {POLLS}, worst {max(samples) * 1000:.1f} ms; the poll "
                     f"without the check {statistics.median(plain) * 1000:.2f} ms; "
                     f"load {_load()}"))
        finally:
            app.close()


def _plain_poll(app: App, cursor: int) -> list[Any]:
    with app.db.read() as s:
        return list(s.execute(select(Change.seq, Change.entity, Change.entity_id, Change.op)
                              .where(Change.seq > cursor).order_by(Change.seq).limit(500)))


def table_sizes(app: App) -> dict[str, int]:
    """Bytes of every table with its indexes (and TOAST on PostgreSQL)."""
    with app.db.read() as s:
        if app.db.dialect == "postgresql":
            rows = s.execute(text(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema()")).all()
            return {name: int(size) for name, size in rows}
        rows = s.execute(text(
            "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
            "LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY 1")).all()
        return {name: int(size) for name, size in rows}


def database_bytes(app: App) -> int:
    with app.db.read() as s:
        if app.db.dialect == "postgresql":
            return int(s.scalar(text("SELECT pg_database_size(current_database())")) or 0)
        pages = s.scalar(text("PRAGMA page_count")) or 0
        size = s.scalar(text("PRAGMA page_size")) or 0
        return int(pages) * int(size)


def growth(backend: str, cases: int, say: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Seed ``cases`` a year's cases into a fresh database; bytes per case, per table."""
    with _database(backend) as url:
        app = open_app(url, FakeClock(NOW))
        try:
            load_district(app.db, NOW)
            before = table_sizes(app)
            total_before = database_bytes(app)
            t0 = time.perf_counter()
            seeded = seed_cases(app.db, cases, NOW, days=365)
            app.deadlines.backfill()
            took = time.perf_counter() - t0
            with app.db.write() as s:  # statistics and free pages settled, as a year would
                s.connection().exec_driver_sql("ANALYZE")
                s.commit()
            after = table_sizes(app)
            with app.db.read() as s:
                audit = int(s.scalar(text("SELECT count(*) FROM audit_log")) or 0)
            # The change feed's bytes per row: 100,000 rows written and measured alone.
            feed_before = after.get("changes", 0)
            _fill_changes(app, 0, 100_000)
            feed_row = (table_sizes(app).get("changes", 0) - feed_before) / 100_000
            per_table = {name: round((after.get(name, 0) - before.get(name, 0)) / cases, 1)
                         for name in after
                         if after.get(name, 0) - before.get(name, 0) > 0}
            figures = {
                "backend": backend, "cases": seeded.cases, "audit_entries": audit,
                "seconds": round(took, 1),
                "bytes_per_case": round((database_bytes(app) - total_before
                                         - feed_row * 100_000) / cases, 1),
                "tables_bytes_per_case": dict(sorted(per_table.items(),
                                                     key=lambda kv: -kv[1])),
                "change_row_bytes": round(feed_row, 1),
            }
            say(figures)
            return figures
        finally:
            app.close()


def _name(backend: str) -> str:
    return "SQLite" if backend == "sqlite" else "PostgreSQL"


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def run(ds: Dataset, report: Report, cases: int = GROWTH_CASES) -> None:
    for backend in _backends():
        prune(backend, report)
    for backend in _backends():
        g = growth(backend, cases, lambda f: print(json.dumps(f), flush=True))
        top = ", ".join(f"{name} {size:,.0f}" for name, size
                        in list(g["tables_bytes_per_case"].items())[:4])
        report.add(Result(
            ISSUE, f"database growth per case, {cases:,} seeded cases with "
                   f"{g['audit_entries']:,} audit entries ({_name(backend)})",
            g["bytes_per_case"], "B/case", None,
            note=f"{top}; a change-feed row {g['change_row_bytes']:.0f} B"))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_retention")
    parser.add_argument("--cases", type=int, default=GROWTH_CASES)
    parser.add_argument("--only", choices=["prune", "growth"], default=None)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default=None)
    args = parser.parse_args()
    backends = [args.backend] if args.backend else _backends()
    report = Report(scale={"cases": args.cases})
    if args.only != "growth":
        for backend in backends:
            prune(backend, report)
    if args.only != "prune":
        for backend in backends:
            growth(backend, args.cases, lambda f: print(json.dumps(f), flush=True))
    print(report.table())


if __name__ == "__main__":
    main()
