"""The printed handover and the monthly bulletin in the console's language: a Chinese
center's PDFs read in Chinese, from the dialog's and the command line's path alike, and
a test fails on any English word the console itself wrote there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from console.handover.report import handover_report
from console.kpis.bulletin import build_bulletin, bulletin_report
from main import main
from tests.unit.cli.test_cli_handover import pdf_text
from tests.unit.kpis.test_area_kpis import _add_streets
from tests.unit.kpis.test_kpis import _story
from widgets.common.report_pdf import write_pdf
from widgets.common.report_words import QtReportWords
from widgets.shell.i18n import CHINESE, ENGLISH, install_language

# Codes, references, units and names the console writes in Latin letters in any language.
_KEPT = re.compile(r"\b(?:[A-Z]+-[\w-]+|[A-Z]{2,}\d*|Asia/Shanghai|Watchroom|CAP|PDF)\b")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", _KEPT.sub("", text))


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: QApplication) -> Iterator[None]:
    install_language(ENGLISH)
    yield
    install_language(ENGLISH)


def _busy_shift(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    """A shift with something in every section: late cases, an escalation alert, a
    hazard overdue, teams short."""
    manager = next(o for o in app.operators.list() if o.role.value == "coordinator")
    app.hazards.register(manager, code="HZ-0012", name="加油站", kind="gas_station",
                         grid="XH-07", likelihood=4, severity=5, inspection_interval_days=1)
    app.cases.report(officer, title="燃气泄漏", category="utilities", severity=1,
                     grid="XH-05")
    app.cases.report(officer, title="井盖缺失", category="traffic", severity=2,
                     grid="XH-03")
    clock.advance(timedelta(hours=2))
    assert app.escalation.sweep()
    clock.advance(timedelta(days=2))
    app.escalation.sweep()


def test_a_chinese_centers_handover_pdf_reads_in_chinese(
        app: App, officer: OperatorRef, clock: FakeClock, tmp_path: Path) -> None:
    _busy_shift(app, officer, clock)
    record = app.handovers.preview()
    assert record.snapshot.escalations
    assert record.snapshot.alerts
    assert record.snapshot.hazards
    install_language(CHINESE)
    out = tmp_path / "handover-zh.pdf"
    write_pdf(handover_report(record, app.clock.now(), QtReportWords()), out)
    text = pdf_text(out)
    # (Not 风 nor 长: the PDF's font maps them to radicals, which text extraction keeps.)
    for words in ("交接班", "班次与签字", "未确认预警", "巡查", "超期"):
        assert words in text, words
    # The teams' names are the center's data, kept in the snapshot as it was taken.
    data = " ".join(r.team_name for r in record.snapshot.readiness)
    assert [w for w in english_words(text) if w not in data] == []
    install_language(ENGLISH)  # and the same record in English, as it was
    english = tmp_path / "handover-en.pdf"
    write_pdf(handover_report(record, app.clock.now(), QtReportWords()), english)
    assert "Unacknowledged alerts" in pdf_text(english)


def test_the_command_line_prints_the_bulletin_in_the_language_asked(
        app: App, officer: OperatorRef, clock: FakeClock, db_url: str,
        tmp_path: Path) -> None:
    _story(app, officer, clock)
    _add_streets(app)
    clock.advance(timedelta(days=10))
    out = tmp_path / "bulletin-zh.pdf"
    assert main(["--lang", "zh_CN", "bulletin", "--db", db_url, "--month", "2026-11",
                 "--format", "pdf", "--out", str(out)]) == 0
    text = pdf_text(out)
    for words in ("月度通报", "网格结案率排名", "街道按期结案率排名", "指标说明"):
        assert words in text, words
    data = "North Street South Street"  # the test's streets have no Chinese names
    assert [w for w in english_words(text) if w not in data] == []
    bulletin = build_bulletin(app.kpis, "2026-11")
    install_language(ENGLISH)
    english = tmp_path / "bulletin-en.pdf"
    write_pdf(bulletin_report(bulletin, app.clock.now(), app.zone.key, QtReportWords()),
              english)
    assert "Grids by closure rate" in pdf_text(english)


def test_the_command_line_prints_the_handover_in_chinese(
        app: App, officer: OperatorRef, clock: FakeClock, db_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _busy_shift(app, officer, clock)
    out = tmp_path / "handover.pdf"
    assert main(["--lang", "zh_CN", "handover", "--db", db_url, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("交接单 预览（草稿）：在办案件 2 件"), said
    text = pdf_text(out)
    assert "交接班" in text
    data = " ".join(r.team_name for r in app.handovers.preview().snapshot.readiness)
    assert [w for w in english_words(text) if w not in data] == []
