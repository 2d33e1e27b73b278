"""The watched inbox never follows a symbolic link: whoever can write into it cannot make
the engine read, move or write files elsewhere (issue 18). One test per path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from console.alerts.feeds.folder import FolderWatcher
from console.app import App

DATA = Path(__file__).resolve().parents[2] / "data" / "feeds"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_a_linked_done_folder_is_refused_and_nothing_moves_there(
        app: App, inbox: Path, outside: Path) -> None:
    os.symlink(outside, inbox / "done")
    watcher = FolderWatcher(app.importer, inbox, settle=False)
    shutil.copyfile(DATA / "alerts.jsonl", inbox / "good.jsonl")
    (report,) = watcher.scan_once()
    assert list(outside.iterdir()) == []
    assert (inbox / "good.jsonl").exists()  # stays in the inbox, not lost
    assert any("symbolic link" in n.reason for n in report.notes)
    assert watcher.scan_once() == []  # not imported again while unchanged


def test_a_linked_failed_folder_is_refused(app: App, inbox: Path, outside: Path) -> None:
    os.symlink(outside, inbox / "failed")
    watcher = FolderWatcher(app.importer, inbox, settle=False)
    shutil.copyfile(DATA / "alerts_mixed.jsonl", inbox / "mixed.jsonl")
    watcher.scan_once()
    assert list(outside.iterdir()) == []
    assert (inbox / "mixed.jsonl").exists()


def test_an_errors_report_is_never_written_through_a_planted_link(
        app: App, inbox: Path, outside: Path) -> None:
    watcher = FolderWatcher(app.importer, inbox, settle=False)
    victim = outside / "victim.txt"
    os.symlink(victim, inbox / "failed" / "mixed.jsonl.errors.txt")  # dangling on purpose
    shutil.copyfile(DATA / "alerts_mixed.jsonl", inbox / "mixed.jsonl")
    (report,) = watcher.scan_once()
    assert not victim.exists()
    assert report.moved_to == "failed/mixed-1.jsonl"
    assert (inbox / "failed" / "mixed-1.jsonl.errors.txt").is_file()


def test_a_linked_feed_file_is_not_read(app: App, inbox: Path, outside: Path) -> None:
    secret = outside / "secret.jsonl"
    shutil.copyfile(DATA / "alerts.jsonl", secret)
    os.symlink(secret, inbox / "linked.jsonl")
    watcher = FolderWatcher(app.importer, inbox, settle=False)
    assert watcher.scan_once() == []  # a link is not a candidate
    report = app.importer.import_file(inbox / "linked.jsonl", no_follow=True)
    assert not report.ok
    assert "symbolic link" in report.format()
    assert secret.exists()
    assert app.alerts.list_alerts().rows == []


def test_control_characters_in_a_name_are_shown_escaped(app: App, inbox: Path) -> None:
    watcher = FolderWatcher(app.importer, inbox, settle=False)
    name = "evil\x1b[31m\nFAKE: accepted.jsonl"
    shutil.copyfile(DATA / "alerts_mixed.jsonl", inbox / name)
    (report,) = watcher.scan_once()
    text = report.format()
    assert "\x1b" not in text
    assert "\\x1b[31m\\nFAKE" in text
