"""Issue 9 figures, against the local PostgreSQL (``WATCHROOM_TEST_PG_URL``):

- a change on one seat visible on another: this process reports 1,000 cases one after
  another (10 ms apart); a second process, a console session listening (LISTEN/NOTIFY,
  then reading the change feed from its cursor), notes when it reads each. Median and
  worst of (read − committed), both from the same machine's clock.
- two writer processes making 1,000 conflicting updates each to one case (pause/resume
  with the version just read): every update is applied or refused with a conflict, and
  the case's version moved by exactly the number applied — none lost.

Skipped, with a message, when no PostgreSQL server is configured.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import timedelta

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from db.demo.district_loader import load_district
from tests.bench.dataset import Dataset
from tests.bench.harness import Report, Result
from tests.integration.multiseat_seat import AT
from tests.integration.test_multiseat import Child

ISSUE = 9
CHANGES = 1_000
EDITS = 1_000
PACE_S = 0.010


def _officers(app: App) -> list[str]:
    return [o.username for o in app.operators.list() if o.role is Role.DUTY_OFFICER]


def visibility(url: str, app: App, report: Report) -> None:
    seat = Child("seat", url, _officers(app)[1])
    try:
        seat.expect("ready")
        committed: dict[int, float] = {}
        for i in range(CHANGES):
            case_id = app.cases.report(app.operator, title=f"Bench report {i}",
                                       category="utilities", severity=3, grid="XH-04").row.id
            committed[case_id] = time.time()
            time.sleep(PACE_S)
        seat.send(f"expect {json.dumps(sorted(committed), separators=(',', ':'))}")
        seen = seat.expect("seen", timeout=120)
        seat.send("times")
        times = {int(k): v for k, v in json.loads(seat.expect("times")).items()}
    finally:
        seat.stop()
    latencies = [max(0.0, times[i] - t) * 1000 for i, t in committed.items() if i in times]
    lost = len(committed) - len(latencies)
    note = f"{CHANGES:,} changes; {lost} never seen" if lost else f"{CHANGES:,} changes"
    report.add(Result(ISSUE, "change on one seat visible on another (median)",
                      statistics.median(latencies), "ms", 1000, note=note))
    report.add(Result(ISSUE, "change on one seat visible on another (worst)",
                      max(latencies), "ms", 1000,
                      note=f"the listening seat: {'all seen' if seen == 'ok' else seen}"))


def conflicting_writers(url: str, app: App, report: Report) -> None:
    case = app.cases.report(app.operator, title="Bench: disputed parking",
                            category="dispute", severity=3, grid="XH-06").row
    app.cases.register(app.operator, case.reference)
    start_version = app.cases.get(case.reference).row.version
    editors = [Child("edit", url, name, case.reference, str(EDITS))
               for name in _officers(app)[:2]]
    try:
        for editor in editors:
            editor.expect("ready")
        started = time.perf_counter()
        for editor in editors:
            editor.send("go")
        counts = [json.loads(editor.expect("counts", timeout=900)) for editor in editors]
        elapsed = time.perf_counter() - started
    finally:
        for editor in editors:
            editor.stop()
    applied = sum(c["applied"] for c in counts)
    refused = sum(c["conflicts"] for c in counts)
    moved = app.cases.get(case.reference).row.version - start_version
    unaccounted = 2 * EDITS - applied - refused
    lost = max(unaccounted, abs(moved - applied))
    report.add(Result(ISSUE, "2 writers × 1,000 conflicting updates of one case: lost", lost,
                      "updates", 0,
                      note=f"{applied} applied + {refused} refused with a conflict = "
                           f"{applied + refused} of {2 * EDITS}; version moved by {moved}; "
                           f"{elapsed:.1f} s"))


def run(ds: Dataset, report: Report) -> None:
    server = os.environ.get("WATCHROOM_TEST_PG_URL", "")
    if not server:
        print("  multiseat: skipped — no PostgreSQL server; set WATCHROOM_TEST_PG_URL "
              "(eval \"$(bash scripts/test-postgres.sh)\" starts one)")
        return
    from tests.pg_databases import temporary_database

    with temporary_database(server) as url:
        app = open_app(url, FakeClock(AT - timedelta(hours=2)))
        try:
            load_district(app.db, AT - timedelta(days=1))
            app.district.invalidate()
            app.act_as(_officers(app)[0])
            visibility(url, app, report)
            conflicting_writers(url, app, report)
        finally:
            app.close()
