"""The PDF reports: what a reader finds on paper (text, tables, charts, Chinese)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor

from console.core.errors import ValidationError
from console.reports.document import (
    Report,
    ReportChart,
    ReportParagraph,
    ReportSection,
    ReportTable,
    table_csv,
)
from widgets.common.report_pdf import axis_ticks, render_chart, write_pdf


def _text(path: Path) -> str:
    """The PDF's text, whitespace folded and Kangxi radicals mapped back (NFKC)."""
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))


def _report(rows: int = 3) -> Report:
    return Report(
        title="交接班报告 Shift handover",
        subtitle="Day shift 2026-11-22 08:00-20:00",
        generated_at=datetime(2026, 11, 22, 12, 0, tzinfo=UTC),
        sections=(
            ReportSection("Open cases by stage", (
                ReportParagraph("Two escalations in 网格 G-03.\n\nHand over the flooding."),
                ReportTable("Cases", ("Reference", "Title", "Stage"), tuple(
                    (f"C-2026-{i:06d}", "道路积水 road flooding", "dispatched")
                    for i in range(rows))),
                ReportChart("Open by stage", "bar", ("registered", "dispatched"),
                            (("Open", (3.0, 12.0)),), y_label="cases"),
            )),
            ReportSection("Escalations", (
                ReportTable("Escalations during the shift", ("Reference", "Level"), ()),
            )),
        ),
    )


def test_the_pdf_carries_the_title_sections_tables_and_chinese(qapp: object,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "out" / "handover.pdf"
    write_pdf(_report(), path)
    text = _text(path)
    for expected in ("交接班报告 Shift handover", "Open cases by stage", "Escalations",
                     "C-2026-000002", "道路积水 road flooding", "网格 G-03",
                     "Hand over the flooding.", "Generated 2026-11-22", "None."):
        assert expected in text, expected
    assert pypdf.PdfReader(path).metadata.title == "交接班报告 Shift handover"


def test_a_long_table_runs_over_several_numbered_pages(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    write_pdf(_report(rows=150), path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 3
    assert "C-2026-000149" in _text(path)
    assert reader.pages[-1].extract_text().strip().endswith(str(len(reader.pages)))


def test_charts_are_drawn_with_bars_proportional_to_the_values(qapp: object) -> None:
    chart = ReportChart("Open", "bar", ("a", "b"), (("Open", (10.0, 20.0)),))
    image = render_chart(chart, (400, 300))
    blue = QColor("#4c78a8").rgb()

    def bar_height(x: int) -> int:
        return sum(1 for y in range(image.height()) if image.pixel(x, y) == blue)

    short, tall = bar_height(130), bar_height(300)
    assert short > 0
    assert tall == pytest.approx(2 * short, abs=2)


def test_axis_ticks_are_round_and_cover_the_peak() -> None:
    assert axis_ticks(40) == [0, 10, 20, 30, 40]
    assert axis_ticks(12) == [0, 5, 10, 15]
    assert axis_ticks(0) == [0.0, 1.0]
    for peak in (0.3, 7, 99, 1234):
        ticks = axis_ticks(peak)
        assert ticks[-1] >= peak
        assert 3 <= len(ticks) <= 6


def test_malformed_blocks_are_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="row 1: 1 cells for 2 columns"):
        ReportTable("T", ("a", "b"), (("x",),))
    with pytest.raises(ValidationError, match="2 values for 3 labels"):
        ReportChart("C", "line", ("a", "b", "c"), (("s", (1.0, 2.0)),))


def test_a_table_reads_back_as_csv() -> None:
    table = ReportTable("T", ("grid", "rate"), (("G-01", "95%"), ("网格, 2", "80%")))
    assert table_csv(table) == 'grid,rate\nG-01,95%\n"网格, 2",80%\n'
