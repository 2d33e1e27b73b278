"""``export hazards`` and ``export roster`` from the command line, on the demo data."""

from __future__ import annotations

import csv
import io

import pytest

from console.app import App
from db.demo.roster_loader import load_roster
from main import main


@pytest.fixture
def demo(app: App, db_url: str) -> str:
    load_roster(app.db, app.clock.now())
    app.hazards.load_demo()
    return db_url


def test_export_hazards_csv(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "hazards", "--format", "csv", "--db", demo]) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert len(rows) >= 30
    assert {"code", "name", "likelihood", "severity", "level"} <= set(rows[0])
    assert f"exported {len(rows)} hazards" in out.err


def test_export_roster_ics_for_one_team(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    from icalendar import Calendar

    assert main(["export", "roster", "--format", "ics", "--team", "RESCUE-1",
                 "--db", demo]) == 0
    calendar = Calendar.from_ical(capsys.readouterr().out)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert events
    assert all(e["DTEND"].dt > e["DTSTART"].dt for e in events)


def test_export_refuses_a_format_the_kind_has_not(demo: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "hazards", "--format", "ics", "--db", demo]) == 2  # usage
    assert "hazards export as csv, json, not ics" in capsys.readouterr().err
