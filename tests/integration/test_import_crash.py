"""A bulk import killed mid-way (SIGKILL) and run again stores every alert exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.app import open_app
from console.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 100_000

IMPORTER = """
import sys
from console.app import open_app

app = open_app(sys.argv[1])
report = app.importer.import_file(sys.argv[2], progress=lambda n: print(n, flush=True))
print("done", report.summary(), flush=True)
"""


def _write_feed(path: Path) -> None:
    start = datetime(2026, 11, 22, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as f:
        for i in range(TOTAL):
            f.write(json.dumps({
                "id": f"CRASH-{i:06d}", "source": "crash-test", "event": "Gauge reading",
                "severity": ("Severe", "Moderate", "Minor")[i % 3],
                "sent": (start + timedelta(seconds=i)).isoformat(),
                "headline": f"Gauge {i % 300} high", "area": f"Gauge {i % 300}",
                "description": "Water above the warning mark.",
            }) + "\n")


def _count(db_file: Path, sql: str) -> int:
    con = sqlite3.connect(db_file)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


@pytest.mark.slow
def test_import_killed_mid_way_then_rerun_stores_each_alert_once(tmp_path: Path) -> None:
    db_file = tmp_path / "crash.sqlite"
    url = f"sqlite:///{db_file}"
    feed = tmp_path / "bulk.jsonl"
    _write_feed(feed)
    open_app(url).close()  # migrate first, so the child only imports

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, url, str(feed)], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        first = child.stdout.readline().strip()  # the first committed batch
        assert first.isdigit(), (first, child.stderr.read() if child.stderr else "")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL

    stored = _count(db_file, "SELECT count(*) FROM alerts")
    assert 0 < stored < TOTAL, "the kill must land mid-import"

    app = open_app(url, FakeClock(datetime(2026, 11, 22, 1, tzinfo=UTC)))
    try:
        report = app.importer.import_file(feed)
    finally:
        app.close()
    assert report.ok, report.format()
    assert report.accepted == TOTAL - stored
    assert report.duplicates == stored

    assert _count(db_file, "SELECT count(*) FROM alerts") == TOTAL
    assert _count(db_file, "SELECT count(DISTINCT external_id) FROM alerts") == TOTAL
    assert _count(db_file, "SELECT count(*) FROM alerts WHERE repeat_count = 2") == stored
    # every alert announced exactly once on the change feed as it was inserted
    assert _count(db_file, "SELECT count(*) FROM changes WHERE entity = 'alert' AND op = "
                           "'insert'") == TOTAL
    assert _count(db_file, "SELECT count(DISTINCT entity_id) FROM changes WHERE entity = "
                           "'alert' AND op = 'insert'") == TOTAL
    con = sqlite3.connect(db_file)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
