"""``main.py import``: a report per file, good records kept, exit 1 when anything was rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.app import App
from main import main
from tests.unit.territory.sample_files import CAP_SAMPLES

ROOT = Path(__file__).resolve().parents[3]


def test_import_reports_per_file_and_keeps_good_records(
        app: App, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "sensors.jsonl"
    good.write_text(
        '{"id": "s-1", "event": "Water level high", "severity": "Severe", '
        '"urgency": "Immediate", "certainty": "Observed", "headline": "Underpass flooding"}\n'
        '{"id": "s-2", "event": "Smoke", "severity": "Catastrophic"}\n'
        '{"id": "s-3", "event": "Gas", "severity": "Moderate", "headline": "Gas smell"}\n',
        encoding="utf-8")
    code = main(["import", str(good), "--db", db_url, "--operator", app.operator.username])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith(f"{good}: accepted=2 duplicates=0 updated=0 rejected=1")
    assert any(line.startswith(f"{good}:2: rejected:") for line in out)
    assert main(["import", str(good), "--db", db_url, "--operator", app.operator.username]) == 1
    again = capsys.readouterr().out.splitlines()[0]
    assert "accepted=0 duplicates=2" in again  # idempotent


def test_import_the_real_cap_samples(app: App, db_url: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in CAP_SAMPLES.glob("*.xml"))
    assert len(files) == 3, f"the CAP samples are not at {CAP_SAMPLES}"
    assert main(["import", *files, "--db", db_url, "--operator", app.operator.username]) == 0
    out = capsys.readouterr().out
    assert out.count("accepted=1") == len(files)
    assert main(["export", "alerts", "--format", "json", "--db", db_url]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == len(files)
