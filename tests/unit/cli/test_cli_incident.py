"""``python main.py incident …``: a coordinator runs a flood from the command line — declare,
link, log with a past time, level, report upward as a PDF read back, stand down, close —
and a duty officer may not declare."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from main import main
from tests.unit.cli.test_cli_handover import pdf_text

PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_flood_run_from_the_command_line(app: App, officer: OperatorRef, clock: FakeClock,
                                           db_url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    coord = next(o for o in app.operators.list() if o.role is Role.COORDINATOR).username
    db = ["--db", db_url, "--operator", coord]
    assert _run(capsys, "plan", "import", str(PLANS), *db)[0] == 0
    case = app.cases.report(officer, title="Water in the Heping Road underpass",
                            category="flood", severity=1, grid="XH-07").reference
    code, out, err = _run(capsys, "incident", "declare", "--title", "Heping Road flooding",
                          "--type", "flood", "--level", "IV", "--grids", "XH-07,XH-08",
                          "--at", "2026-11-22 07:40", *db)
    assert (code, err) == (0, "")
    ref = out.strip()
    assert ref == "I-2026-0001"
    assert _run(capsys, "incident", "link", ref, case, *db)[1].strip() == case
    assert _run(capsys, "incident", "log", ref, "--text", "First call from a resident",
                "--at", "2026-11-22 07:45", *db)[0] == 0
    code, out, _ = _run(capsys, "incident", "level", ref, "3", "--text", "rising", *db)
    assert out.strip() == f"{ref} level III; 9 open tasks"
    assert _run(capsys, "incident", "figures", ref, "evacuated=120", "injured=2", *db)[0] == 0
    clock.advance(timedelta(minutes=40))
    pdf = tmp_path / "first.pdf"
    code, out, err = _run(capsys, "incident", "report", ref, "--kind", "first", "--out",
                          str(pdf), "--text", "Two underpasses under water.", "--sign", *db)
    assert (code, err) == (0, "")
    assert out.strip() == f"first report 1 signed and sent -> {pdf}"
    text = pdf_text(pdf)
    for expected in ("First report", ref, "Heping Road flooding", "III Large", "XH-07",
                     case, "Evacuated 120", "Two underpasses under water.",
                     "Set up the forward command post"):
        assert expected in text, expected
    code, out, _ = _run(capsys, "incident", "show", ref, *db)
    assert "level: III (较大 Large)" in out
    assert "occurred: 2026-11-22 07:40" in out
    assert "First call from a resident" in out
    assert "first report 1 signed and sent" in out
    assert _run(capsys, "incident", "stand-down", ref, "--text", "Water receded", *db)[0] == 0
    assert _run(capsys, "incident", "close", ref, "--text", "Four hours of flooding",
                "--review", "Pumps at Heping Road before heavy rain", *db)[0] == 0
    log_csv = tmp_path / "log.csv"
    assert _run(capsys, "incident", "report", ref, "--kind", "log", "--out", str(log_csv),
                *db)[0] == 0
    rows = log_csv.read_text(encoding="utf-8").splitlines()
    assert any("First call from a resident" in row for row in rows)
    assert any(row.startswith("2026-11-22 07:45,") for row in rows)
    review = tmp_path / "review.pdf"
    assert _run(capsys, "incident", "report", ref, "--kind", "review", "--out", str(review),
                *db)[0] == 0
    text = pdf_text(review)
    for expected in ("After-action review", "What to change in the plan",
                     "Pumps at Heping Road before heavy rain", "Four hours of flooding"):
        assert expected in text, expected


def test_a_duty_officer_may_not_declare(app: App, officer: OperatorRef, db_url: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "incident", "declare", "--title", "x", "--type", "fire",
                          "--level", "4", "--db", db_url, "--operator", officer.username)
    assert code == 1
    assert "may not declare an incident" in err


def test_a_bad_plan_file_names_file_line_and_reason(app: App, db_url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    coord = next(o for o in app.operators.list() if o.role is Role.COORDINATOR).username
    bad = tmp_path / "plans.yaml"
    bad.write_text("plans:\n  - code: X\n    type: fire\n    level: 9\n    name: X\n"
                   "    tasks: [{key: a, title: A, within: 5}]\n", encoding="utf-8")
    code, out, _ = _run(capsys, "plan", "import", str(bad), "--db", db_url,
                        "--operator", coord)
    assert code == 1
    assert f"rejected: {bad}, line 4: plan X: level must be 1, 2, 3 or 4 (I–IV)" in out
