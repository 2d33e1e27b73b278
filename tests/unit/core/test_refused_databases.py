"""A database from a newer Watchroom, or a damaged file, is refused in one line at open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from console.app import open_app
from console.clock import FakeClock
from db.migrate import head_revision
from main import main


def test_a_newer_schema_is_named_and_refused_without_a_traceback(
        tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "newer.sqlite"
    open_app(f"sqlite:///{path}", clock).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    assert main(["case", "show", "C-2026-000001", "--db", f"sqlite:///{path}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line, no traceback
    assert "0099" in err
    assert head_revision() in err
    assert "newer Watchroom" in err


def test_a_damaged_file_is_refused_at_open(
        tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "damaged.sqlite"
    open_app(f"sqlite:///{path}", clock).close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for offset in range(3 * page, 5 * page, 7):  # scribble over two pages in the middle
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    assert main(["case", "show", "C-2026-000001", "--db", f"sqlite:///{path}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "damaged" in err
    assert str(path) in err


def test_a_damaged_file_checked_while_the_console_starts_is_refused_once_read(
        tmp_path: Path, clock: FakeClock) -> None:
    """The GUI's open: the pages are read on a thread while the window shows."""
    from db.integrity import DatabaseRefused

    path = tmp_path / "damaged.sqlite"
    open_app(f"sqlite:///{path}", clock).close()
    data = bytearray(path.read_bytes())
    for offset in range(3 * 4096, 5 * 4096, 7):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    app = open_app(f"sqlite:///{path}", clock, check_pages_later=True)  # pages not read yet
    try:
        with pytest.raises(DatabaseRefused, match="damaged"):
            app.pages_checked()
        assert not app.page_check_running
        refusal = app.page_check_refusal
        assert refusal is not None
        assert str(path) in refusal
    finally:
        app.close()
