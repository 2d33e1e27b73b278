"""The monthly bulletin: rankings, CSV and PDF, and the ``bulletin`` command."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from console.kpis.bulletin import SECTION_TITLES, build_bulletin, bulletin_csv, bulletin_report
from tests.unit.kpis.test_kpis import _story


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_bulletin_ranks_grids_by_both_rates(app: App, officer: OperatorRef,
                                            clock: FakeClock) -> None:
    _story(app, officer, clock)
    clock.advance(timedelta(days=10))  # every deadline of the story has fallen
    b = build_bulletin(app.kpis, "2026-11")
    rows = _csv_rows(bulletin_csv(b))
    closure = [r for r in rows if r["scope"] == "grid" and r["ranked_by"] == "closure"]
    on_time = [r for r in rows if r["scope"] == "grid" and r["ranked_by"] == "on_time"]
    assert len(closure) == len(on_time) == len(b.grids) == 30
    # XH-01 closed all three of its cases (100%), XH-02 one of two (50%).
    assert [(r["code"], r["closure_rate"]) for r in closure[:2]] == [
        ("XH-01", "1.0000"), ("XH-02", "0.5000")]
    assert closure[0]["rank"] == "1"
    # On time: XH-01 two of three (A, C; B late), XH-02 one of two (D; E still open).
    assert [(r["code"], r["on_time_rate"], r["due"]) for r in on_time[:2]] == [
        ("XH-01", "0.6667", "3"), ("XH-02", "0.5000", "2")]
    assert closure[2]["closure_rate"] == ""  # grids without cases come last, unrated
    teams = [r for r in rows if r["scope"] == "team" and r["ranked_by"] == "closure"]
    assert teams[0]["code"] == "FIRE-1"
    assert teams[0]["registered"] == "5"


def test_bulletin_pdf_has_every_section(app: App, officer: OperatorRef, clock: FakeClock,
                                        tmp_path: Path) -> None:
    from widgets.common.report_pdf import write_pdf

    _story(app, officer, clock)
    report = bulletin_report(build_bulletin(app.kpis, "2026-11"), clock.now(), app.zone.key)
    assert len(report.charts()) == 4
    out = tmp_path / "bulletin.pdf"
    write_pdf(report, out)
    raw = "".join(page.extract_text() for page in PdfReader(out).pages)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))  # tabs, ligatures
    for title in SECTION_TITLES:
        assert title in text
    assert "XH-01" in text


def test_bulletin_command_writes_csv_and_pdf(app: App, officer: OperatorRef,
                                             clock: FakeClock, db_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _story(app, officer, clock)
    out = tmp_path / "b.csv"
    assert main.main(["bulletin", "--db", db_url, "--month", "2026-11", "--format", "csv",
                      "--out", str(out)]) == 0
    rows = _csv_rows(out.read_text(encoding="utf-8"))
    xh01 = next(r for r in rows if r["code"] == "XH-01")
    assert (xh01["registered"], xh01["closed"]) == ("3", "3")
    pdf = tmp_path / "b.pdf"
    assert main.main(["bulletin", "--db", db_url, "--month", "2026-11", "--format", "pdf",
                      "--out", str(pdf)]) == 0
    assert PdfReader(pdf).pages
    assert "bulletin 2026-11" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["bulletin", "--month", "2026-13"],
    ["bulletin", "--month", "October"],
    ["bulletin", "--month", "2026-10", "--format", "xls"],
    ["bulletin"],
])
def test_bulletin_usage_errors_exit_2(argv: list[str]) -> None:
    assert main.main(argv) == 2


def test_pdf_without_out_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert main.main(["bulletin", "--db", url, "--month", "2026-10", "--format", "pdf"]) == 2
