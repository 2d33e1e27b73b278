"""``python main.py handover --out F.pdf``: the report exists, opens, and reads back with
its sections, the cases and the signatures."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.handover.report import SECTION_TITLES
from main import main

PASSWORD = "correct horse battery"


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 1
    # NFKC folds the ligatures the layout uses ("ﬁ") back into letters.
    return unicodedata.normalize("NFKC", " ".join(
        " ".join((page.extract_text() or "").split()) for page in reader.pages))


def test_a_signed_handover_prints_as_signed(app: App, officer: OperatorRef, clock: FakeClock,
                                            db_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ref = app.cases.report(officer, title="Smoke from a kitchen", category="fire",
                           severity=1, grid="XH-04").reference
    clock.advance(timedelta(hours=1))
    app.escalation.sweep()
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    incoming = next(o for o in app.operators.list()
                    if o.role is Role.COORDINATOR)
    app.operators.set_password(admin, incoming.username, PASSWORD)
    draft = app.handovers.propose(officer)
    app.handovers.sign_out(officer, draft.id, "Kitchen fire still burning at Wenyi Road.")
    app.handovers.take_over(draft.id, incoming.username, PASSWORD)

    out = tmp_path / "handover.pdf"
    code = main(["handover", "--db", db_url, "--id", str(draft.id), "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert f"handover {draft.id} (taken over)" in printed
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for title in SECTION_TITLES:
        assert title in text
    assert ref in text
    assert officer.display_name in text
    assert incoming.display_name in text
    assert "Wenyi Road" in text
    assert "Signed by both officers" in text


def test_the_current_shift_prints_without_writing(app: App, db_url: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "now.pdf"
    code = main(["handover", "--db", db_url, "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert "handover preview (draft)" in printed
    assert "Shift and signatures" in pdf_text(out)
    assert app.handovers.history(app.clock.now() - timedelta(days=30),
                                 app.clock.now() + timedelta(days=30)) == []


def test_an_unknown_handover_is_an_error(app: App, db_url: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "none.pdf"
    assert main(["handover", "--db", db_url, "--id", "99", "--out", str(out)]) == 1
    assert "No handover 99" in capsys.readouterr().err
    assert not out.exists()
