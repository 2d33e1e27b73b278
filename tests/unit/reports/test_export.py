"""Case export: CSV and JSON lines that parse back to exactly the cases in the database."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from console.app import App
from console.cases.lifecycle import Action
from console.cases.query import CaseFilter, Scope
from console.clock import FakeClock
from console.core.domain import Category, OperatorRef, Stage
from console.core.errors import ValidationError
from console.reports import export as export_module
from console.reports.export import CASE_FIELDS, export_cases
from db.demo.seed import seed_cases

HEADER = ("reference,title,category,severity,source,stage,paused,grid,team,reported_at,"
          "registered_at,dispatched_at,started_at,resolved_at,verified_at,closed_at,"
          "rework_count")


@pytest.fixture
def history(app: App, officer: OperatorRef, clock: FakeClock) -> App:
    """Seeded history plus three live cases: closed after rework, paused, just reported."""
    seed_cases(app.db, 300, clock.now() - timedelta(hours=1), days=30, lang="zh")
    done = app.cases.report(officer, title='Burst pipe, "urgent", floor 3', category="utilities",
                            severity=2, grid="XH-04", source="sensor")
    for action in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE):
        clock.advance(timedelta(minutes=7, microseconds=250))
        app.cases.apply(officer, done.reference, action, team="UTIL-1")
    app.cases.apply(officer, done.reference, Action.REOPEN, text="Still leaking")
    for action in (Action.START, Action.RESOLVE, Action.VERIFY, Action.CLOSE):
        clock.advance(timedelta(minutes=11))
        app.cases.apply(officer, done.reference, action)
    waiting = app.cases.report(officer, title="Noise from bar", category="dispute", severity=4,
                               grid="XH-09")
    app.cases.register(officer, waiting.reference)
    app.cases.pause(officer, waiting.reference, "Owner away")
    app.cases.report(officer, title="Fallen tree", category="environment", severity=3,
                     grid="XH-12")
    return app


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def assert_matches_database(app: App, record: dict[str, Any]) -> None:
    case = app.cases.get(record["reference"])
    row = case.row
    assert record["title"] == row.title
    assert record["category"] == row.category.value
    assert int(record["severity"]) == int(row.severity)
    assert record["source"] == row.source.value
    assert record["stage"] == row.stage.value
    assert record["paused"] in (row.paused, "true" if row.paused else "false")
    assert record["grid"] == row.grid_code
    assert (record["team"] or None) == row.team_code
    assert int(record["rework_count"]) == row.rework_count
    for name, value in [("reported_at", row.reported_at), ("registered_at", case.registered_at),
                        ("dispatched_at", case.dispatched_at), ("started_at", case.started_at),
                        ("resolved_at", case.resolved_at), ("verified_at", case.verified_at),
                        ("closed_at", row.closed_at)]:
        assert parse_time(record[name]) == value, (record["reference"], name)
        assert not record[name] or record[name].endswith("Z")


def test_csv_round_trips_every_case(history: App) -> None:
    out = io.StringIO()
    count = export_cases(history.db, history.cases, "csv", out)

    text = out.getvalue()
    assert text.splitlines()[0] == HEADER
    records = list(csv.DictReader(io.StringIO(text)))
    assert count == len(records) == 303
    assert len({r["reference"] for r in records}) == 303
    for record in records:
        assert_matches_database(history, record)
    burst = next(r for r in records if r["title"].startswith("Burst pipe"))
    assert burst["rework_count"] == "1"
    assert burst["stage"] == "closed"
    assert burst["registered_at"] == "2026-11-22T00:07:00.000250Z"  # microseconds kept


def test_json_lines_round_trip_every_case(history: App) -> None:
    out = io.StringIO()
    count = export_cases(history.db, history.cases, "json", out)

    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert count == len(records) == 303
    assert all(tuple(r) == CASE_FIELDS for r in records)
    for record in records:
        assert_matches_database(history, record)
    paused = next(r for r in records if r["title"] == "Noise from bar")
    assert paused["paused"] is True
    assert paused["team"] is None
    assert paused["closed_at"] is None
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out.getvalue())  # not \\u-escaped


def test_a_filter_exports_what_the_board_shows(history: App) -> None:
    out = io.StringIO()
    flt = CaseFilter(scope=Scope.OPEN, categories=frozenset({Category.DISPUTE}))
    count = export_cases(history.db, history.cases, "json", out, flt)

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = {row.reference for row in history.cases.open_cases(flt)}
    assert count == len(expected) > 0
    assert {r["reference"] for r in records} == expected

    closed = io.StringIO()
    export_cases(history.db, history.cases, "csv", closed, CaseFilter(scope=Scope.HISTORY))
    stages = {r["stage"] for r in csv.DictReader(io.StringIO(closed.getvalue()))}
    assert stages == {Stage.CLOSED.value}


def test_export_streams_in_chunks(history: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "CHUNK_ROWS", 100)
    seen: list[int] = []

    count = export_cases(history.db, history.cases, "csv", io.StringIO(), progress=seen.append)

    assert seen == [100, 200, 300, 303]
    assert count == 303


def test_an_empty_database_exports_just_the_header(app: App) -> None:
    out = io.StringIO()
    assert export_cases(app.db, app.cases, "csv", out) == 0
    assert out.getvalue() == HEADER + "\n"


def test_an_unknown_format_is_refused(app: App) -> None:
    with pytest.raises(ValidationError, match="use one of: csv, json"):
        export_cases(app.db, app.cases, "xml", io.StringIO())
