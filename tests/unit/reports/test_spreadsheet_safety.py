"""CSV the console writes cannot run formulas in Excel or WPS (OWASP's CSV injection)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from console.app import App
from console.core.domain import OperatorRef
from console.core.spreadsheet import FORMULA_STARTS, csv_writer, safe_cell
from console.reports.export import export_cases

ATTACKS = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@given(st.text())
def test_no_written_cell_starts_a_formula_and_the_text_survives(text: str) -> None:
    out = io.StringIO()
    csv_writer(out).writerow([text])
    raw = out.getvalue().removeprefix('"')  # what a spreadsheet sees first in the cell
    if raw.startswith(FORMULA_STARTS):
        float(text)  # only a plain number may start with + or -
    # Read back whole: one row, one cell, the text itself or defused with an apostrophe.
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 1
    assert rows[0] in ([text], ["'" + text]) or (text == "" and rows[0] in ([], [""]))


def test_numbers_stay_numbers() -> None:
    assert safe_cell("-3") == "-3"
    assert safe_cell("+1.5") == "+1.5"
    assert safe_cell(-3) == -3
    assert safe_cell("-3 days") == "'-3 days"


def test_case_export_defuses_hostile_titles(app: App, officer: OperatorRef) -> None:
    for title in ATTACKS:
        app.cases.report(officer, title=title, category="other", severity=4, grid="XH-01")
    out = io.StringIO()
    export_cases(app.db, app.cases, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    titles = {row["title"] for row in rows}
    assert all(not t.startswith(FORMULA_STARTS) for t in titles)
    assert "'=HYPERLINK(\"http://evil\",\"click\")" in titles
    out = io.StringIO()
    export_cases(app.db, app.cases, "json", out)  # JSON stays verbatim
    assert "=HYPERLINK" in out.getvalue()
    assert "'=HYPERLINK" not in out.getvalue()
