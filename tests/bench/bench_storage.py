"""Issue 2 and 3 figures that need no screen: board queries, seeding, the engine."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select, text

from console.app import open_app
from console.cases.query import CaseFilter, Scope
from console.clock import FakeClock
from console.core.domain import Severity, Stage
from db.models import Deadline
from tests.bench.dataset import NOW, Dataset
from tests.bench.harness import Report, Result, timed_ms

# Issue 24: the seed at no less than 0.7 of plain executemany of the same rows.
SEED_RATIO_TARGET = 0.7


def seeding(ds: Dataset, report: Report) -> None:
    m = ds.meta
    report.add(Result(2, f"seed {ds.cases:,} cases (+{m['audit_entries']:,} audit entries)",
                      m["seed_cases_per_s"], "cases/s", better="higher",
                      note=f"{m['seed_seconds']:.0f} s; seeded {m['seeded_at']}"))
    ratio = m["plain_sqlite_seconds"] / m["seed_seconds"]
    in_db = m.get("plain_sqlite_db_seconds")
    db_note = (f"; {in_db:.0f} s of it in sqlite3 calls, the rest making the rows"
               if in_db is not None else "")
    report.add(Result(24, "seed throughput ÷ plain sqlite3 executemany, same rows", ratio,
                      "×", SEED_RATIO_TARGET, better="higher",
                      note=f"plain {m['plain_sqlite_seconds']:.0f} s for {m['rows']:,} rows "
                      f"(cases, audit, KPI facts, daily counts, counters){db_note}"))


def board_queries(ds: Dataset, report: Report) -> None:
    app = open_app(ds.url, FakeClock(NOW))
    grid = app.district.grids()[3].id
    median, worst = timed_ms(app.cases.stage_counts)
    report.add(Result(2, "stage counts", median, "ms", 50, note=f"worst {worst:.1f} ms"))
    flt = CaseFilter(stages=frozenset({Stage.DISPATCHED, Stage.IN_PROGRESS}),
                     severities=frozenset({Severity.HIGH, Severity.MEDIUM}))
    median, worst = timed_ms(lambda: app.cases.open_page(flt, 200))
    n = len(app.cases.open_cases(flt))
    report.add(Result(2, "filtered page of the board (200 most urgent of the filter)", median,
                      "ms", 50, note=f"filter matches {n:,} open cases; worst {worst:.1f} ms"))
    hist = CaseFilter(scope=Scope.HISTORY, grid_ids=frozenset({grid}))
    median, worst = timed_ms(lambda: app.cases.history_page(hist, 200))
    report.add(Result(2, "history page, 200 closed cases of one grid", median, "ms", 50,
                      note=f"worst {worst:.1f} ms"))
    median, _ = timed_ms(lambda: app.cases.open_cases(), repeat=5)
    report.add(Result(2, f"whole open board ({ds.open:,} cases) loaded", median, "ms",
                      note="once, at start and on a filter change"))
    app.close()


def engine(ds: Dataset, report: Report) -> None:
    path = ds.working_copy("engine")
    clock = FakeClock(NOW)
    app = open_app(f"sqlite:///{path}", clock)
    started = time.perf_counter()
    caught_up = app.escalation.sweep()
    report.add(Result(3, "catch-up sweep after downtime (every seeded open case)",
                      (time.perf_counter() - started) * 1000, "ms",
                      note=f"{len(caught_up):,} escalation steps"))
    median, worst = timed_ms(app.escalation.next_due, repeat=200)
    report.add(Result(3, "find the next deadline", median, "ms", 5,
                      note=f"worst {worst:.2f} ms of 200"))

    # Move the clock to the moment when exactly 1,000 more deadlines have fallen due.
    with app.db.read() as s:
        pending = s.scalar(select(func.count()).where(Deadline.next_at.is_not(None))) or 0
        k = min(1000, pending)
        due_at = s.scalar(select(Deadline.next_at).where(Deadline.next_at.is_not(None))
                          .order_by(Deadline.next_at).offset(max(0, k - 1)).limit(1))
    clock.set(due_at or clock.now())
    app.escalation._batch = 5000  # one transaction
    started = time.perf_counter()
    done = app.escalation.sweep()
    ms = (time.perf_counter() - started) * 1000
    cases = len({e.case_id for e in done})
    report.add(Result(3, f"sweep escalating {k:,} due deadlines, one transaction", ms, "ms",
                      500 if k >= 1000 else None,
                      note=f"{len(done):,} steps on {cases:,} cases"))

    # An idle hour: the engine wakes only when a deadline is due.
    class Alarm:
        when = None
        callback = None

        def arm(self, when, callback):  # type: ignore[no-untyped-def]
            self.when, self.callback = when, callback

    alarm = Alarm()
    app.escalation.start(alarm)
    end = clock.now() + timedelta(hours=1)
    with app.db.read() as s:
        thresholds = s.scalar(text(
            "SELECT count(DISTINCT next_at) FROM deadlines WHERE next_at > :a AND next_at <= :b"
        ), {"a": clock.now().replace(tzinfo=None), "b": end.replace(tzinfo=None)})
    app.escalation.wakeups = 0
    while alarm.when is not None and alarm.when <= end:
        clock.set(alarm.when)
        alarm.callback()
    report.add(Result(3, "engine wake-ups over a simulated hour", app.escalation.wakeups,
                      "wake-ups", note=f"{thresholds} distinct due moments in that hour; "
                      "plus one safety sweep every 5 min"))
    app.close()
