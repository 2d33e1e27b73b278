"""Hazard CSV/JSON export and CSV import: round trip, bad rows by line, good rows kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from console.hazards.domain import HazardStatus
from console.hazards.interchange import HAZARD_FIELDS, export_hazards, import_hazards_csv
from db.demo.district_loader import load_district

HEADER = ",".join(HAZARD_FIELDS)


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def csv_text(app: App) -> str:
    out = io.StringIO()
    export_hazards(app.db, "csv", out)
    return out.getvalue()


def test_csv_round_trip_into_another_database(
        app: App, coordinator: OperatorRef, clock: FakeClock, tmp_path: Path) -> None:
    app.hazards.load_demo()
    exported = csv_text(app)
    lines = exported.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 41  # the header and one line per hazard
    path = tmp_path / "hazards.csv"
    path.write_text(exported, encoding="utf-8")

    other = open_app(f"sqlite:///{tmp_path / 'other.sqlite'}", clock)
    try:
        load_district(other.db, clock.now())
        other.district.invalidate()
        admin = next(o for o in other.operators.list() if o.role is Role.ADMIN)
        report = import_hazards_csv(other.hazards, other.zone, admin, path)
        assert (report.created, report.rejected) == (40, 0), report.lines()
        assert csv_text(other) == exported
        retired = other.hazards.get("HZ-0037")
        assert retired.row.status is HazardStatus.RETIRED
        assert other.hazards.get("HZ-0001").row.next_inspection_due == \
            app.hazards.get("HZ-0001").row.next_inspection_due
        # Imported again: every row is there already and nothing changes.
        again = import_hazards_csv(other.hazards, other.zone, admin, path)
        assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 40, 0)
    finally:
        other.close()


def test_json_lines_export(app: App) -> None:
    app.hazards.load_demo()
    out = io.StringIO()
    assert export_hazards(app.db, "json", out) == 40
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(records[0]) == list(HAZARD_FIELDS)
    assert records[0]["code"] == "HZ-0001"
    assert records[0]["next_inspection_due"].endswith("Z")
    with pytest.raises(ValidationError, match="Unknown export format"):
        export_hazards(app.db, "xml", out)


def test_bad_rows_are_reported_by_line_and_good_rows_kept(
        app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text(
        "code,name,kind,grid,likelihood,severity,inspection_interval_days,surroundings\n"
        "HZ-0101,滨河加油站,gas_station,XH-01,3,4,30,Binhe Primary School 180 m\n"  # line 2
        "HZ-0102,Acid store,volcano,XH-05,3,5,30,\n"                              # 3: kind
        "HZ-0103,Old pit,construction_pit,XH-09,7,4,7,\n"                         # 4: L=7
        "HZ-0104,Slope,slope,XH-99,2,4,30,\n"                                      # 5: grid
        "HZ-0105,,old_building,XH-03,3,4,90,\n"                                    # 6: name
        "\n"                                                                       # 7: blank
        'HZ-0106,Market,Crowded venue,XH-07,3,3,,"Two lines,\nof surroundings"\n'  # 8-9
        "HZ-0107,Substation,high_voltage,XH-06,1,5,90,\n",                         # 10
        encoding="utf-8")
    report = import_hazards_csv(app.hazards, app.zone, coordinator, path)
    assert (report.created, report.rejected) == (3, 4)
    assert [(r.line, r.code) for r in report.rejections] == [
        (3, "HZ-0102"), (4, "HZ-0103"), (5, "HZ-0104"), (6, "HZ-0105")]
    reasons = [r.reason for r in report.rejections]
    assert "Unknown hazard kind 'volcano'" in reasons[0]
    assert "Likelihood must be a whole number from 1 (rare) to 5" in reasons[1]
    assert "'7'" in reasons[1]
    assert "Unknown grid 'XH-99'" in reasons[2]
    assert "name must not be empty" in reasons[3]
    assert report.lines()[0].startswith("survey.csv:3: rejected: Unknown hazard kind")
    assert report.exit_code == 1
    assert sorted(r.code for r in app.hazards.rows()) == ["HZ-0101", "HZ-0106", "HZ-0107"]
    market = app.hazards.get("HZ-0106")
    assert market.surroundings == "Two lines,\nof surroundings"
    assert market.row.inspection_interval_days == 30  # the default for an empty cell
    assert "created=3" in report.summary()


def test_import_updates_existing_codes_and_checks_the_header(
        app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    app.hazards.load_demo()
    path = tmp_path / "update.csv"
    path.write_text("code,name,kind,grid,likelihood,severity,status\n"
                    "hz-0001,滨河加油站,gas_station,XH-01,4,4,mitigated\n", encoding="utf-8")
    report = import_hazards_csv(app.hazards, app.zone, coordinator, path)
    assert (report.updated, report.rejected) == (1, 0)
    updated = app.hazards.get("HZ-0001")
    assert updated.row.name == "滨河加油站"
    assert (updated.row.likelihood, updated.row.status) == (4, HazardStatus.MITIGATED)
    assert updated.controls  # columns left out are left alone

    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,grid\nHZ-1,x,XH-01\n", encoding="utf-8")
    report = import_hazards_csv(app.hazards, app.zone, coordinator, bad)
    assert report.rejected == 1
    assert report.rejections[0].line == 1
    assert "kind, likelihood, severity" in report.rejections[0].reason
    missing = import_hazards_csv(app.hazards, app.zone, coordinator, tmp_path / "nowhere.csv")
    assert missing.rejections[0].line == 0


def test_excel_gb18030_files_are_read(app: App, coordinator: OperatorRef,
                                      tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("code,name,kind,grid,likelihood,severity\r\n"
                     "HZ-0201,江岸南加油加气站,gas_station,XH-12,3,4\r\n".encode("gb18030"))
    report = import_hazards_csv(app.hazards, app.zone, coordinator, path)
    assert report.created == 1, report.lines()
    assert app.hazards.get("HZ-0201").row.name == "江岸南加油加气站"


def test_only_managers_import(app: App, officer: OperatorRef, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(PermissionDenied, match="may not import hazards"):
        import_hazards_csv(app.hazards, app.zone, officer, path)
