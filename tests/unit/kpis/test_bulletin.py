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
from console.kpis.bulletin import (
    SECTION_TITLES,
    build_bulletin,
    bulletin_csv,
    bulletin_report,
    section_titles,
)
from tests.unit.kpis.test_area_kpis import _add_streets
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
    _add_streets(app)
    bulletin = build_bulletin(app.kpis, "2026-11")
    report = bulletin_report(bulletin, clock.now(), app.zone.key)
    assert len(report.charts()) == 8  # grids, communities, streets, teams: both ways
    assert section_titles(bulletin) == list(SECTION_TITLES)
    out = tmp_path / "bulletin.pdf"
    write_pdf(report, out)
    raw = "".join(page.extract_text() for page in PdfReader(out).pages)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))  # tabs, ligatures
    for title in SECTION_TITLES:
        assert title in text
    assert "XH-01" in text
    # The north street holds Binhe: its five cases, four closed, 80 %.
    assert "XH-N North Street 5 4 80.0%" in text


def test_bulletin_ranks_communities_and_has_no_street_section_without_streets(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    """The demo has communities but no streets: communities are ranked (their rates from
    their own counts), and no street section or row stands there empty."""
    _story(app, officer, clock)
    clock.advance(timedelta(days=10))
    b = build_bulletin(app.kpis, "2026-11")
    assert b.streets is None
    titles = section_titles(b)
    assert "Communities by closure rate" in titles
    assert "Communities by on-time closure rate" in titles
    assert not any(t.startswith("Streets") for t in titles)
    rows = _csv_rows(bulletin_csv(b))
    assert {r["scope"] for r in rows} == {"grid", "community", "team"}
    closure = [r for r in rows if r["scope"] == "community" and r["ranked_by"] == "closure"]
    assert len(closure) == 8
    # Binhe holds the story's five cases, four closed: 80 %, first of the communities.
    assert (closure[0]["code"], closure[0]["registered"], closure[0]["closure_rate"]) == (
        "XH-BINHE", "5", "0.8000")
    assert closure[1]["closure_rate"] == ""  # nothing registered: unrated, last
    only = _csv_rows(bulletin_csv(b, ["community"]))
    assert {r["scope"] for r in only} == {"community"}
    assert len(only) == 16  # eight communities, ranked both ways


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
    streets = tmp_path / "streets.csv"
    assert main.main(["bulletin", "--db", db_url, "--month", "2026-11", "--scope", "street",
                      "--out", str(streets)]) == 1  # the demo has no streets
    assert "no street level" in capsys.readouterr().err
    assert not streets.exists()
    communities = tmp_path / "communities.csv"
    assert main.main(["bulletin", "--db", db_url, "--month", "2026-11", "--scope",
                      "community", "--out", str(communities)]) == 0
    rows = _csv_rows(communities.read_text(encoding="utf-8"))
    assert {r["scope"] for r in rows} == {"community"}
    binhe = next(r for r in rows if r["code"] == "XH-BINHE")
    assert (binhe["registered"], binhe["closed"]) == ("5", "4")


@pytest.mark.parametrize("argv", [
    ["bulletin", "--month", "2026-13"],
    ["bulletin", "--month", "October"],
    ["bulletin", "--month", "2026-10", "--format", "xls"],
    ["bulletin"],
    ["bulletin", "--month", "2026-10", "--scope", "district"],
    ["bulletin", "--month", "2026-10", "--format", "pdf", "--out", "b.pdf", "--scope", "grid"],
])
def test_bulletin_usage_errors_exit_2(argv: list[str]) -> None:
    assert main.main(argv) == 2


def test_pdf_without_out_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert main.main(["bulletin", "--db", url, "--month", "2026-10", "--format", "pdf"]) == 2
