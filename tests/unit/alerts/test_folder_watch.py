"""The watched folder: what it takes, when, and where files go afterwards."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from console.alerts.feeds.folder import FolderWatcher, takes
from console.alerts.feeds.report import FileReport
from console.app import App

DATA = Path(__file__).resolve().parents[2] / "data" / "feeds"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return tmp_path / "inbox"


@pytest.fixture
def watcher(app: App, inbox: Path) -> FolderWatcher:
    return app.folder_watcher(inbox)


def _drop(inbox: Path, name: str, source: str | None = None, text: str | None = None) -> Path:
    target = inbox / name
    if source is not None:
        shutil.copyfile(DATA / source, target)
    else:
        target.write_text(text or "", encoding="utf-8")
    return target


def test_a_file_is_taken_once_it_stopped_changing(watcher: FolderWatcher, inbox: Path,
                                                  app: App) -> None:
    dropped = _drop(inbox, "alerts.jsonl", "alerts.jsonl")
    assert watcher.scan_once() == []  # first sight: maybe still being written
    (report,) = watcher.scan_once()
    assert (report.accepted, report.rejected) == (3, 0)
    assert report.moved_to == "done/alerts.jsonl"
    assert not dropped.exists()
    assert (inbox / "done" / "alerts.jsonl").exists()
    assert len(app.alerts.list_alerts().rows) == 3
    assert watcher.scan_once() == []


def test_a_growing_file_waits(watcher: FolderWatcher, inbox: Path) -> None:
    path = _drop(inbox, "slow.jsonl", text='{"id": "G-1", "event": "one"}\n')
    assert watcher.scan_once() == []
    with path.open("a") as f:
        f.write('{"id": "G-2", "event": "two"}\n')
    assert watcher.scan_once() == []  # it changed since the last look
    (report,) = watcher.scan_once()
    assert report.accepted == 2


def test_partial_and_unknown_names_are_never_taken(watcher: FolderWatcher, inbox: Path) -> None:
    for name in ("a.jsonl.part", "b.csv.tmp", ".c.xml", "~d.csv", "e.jsonl.crdownload",
                 "notes.docx", "f.errors.txt"):
        _drop(inbox, name, text='{"event": "x"}\n')
    assert watcher.scan_once() == []
    assert watcher.scan_once() == []
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == sorted(
        ["a.jsonl.part", "b.csv.tmp", ".c.xml", "~d.csv", "e.jsonl.crdownload", "notes.docx",
         "f.errors.txt"])
    assert takes("x.XML")
    assert takes("feed.atom")
    assert not takes("x.jsonl.partial")


def test_renamed_into_place_files_are_taken_at_once_when_trusted(app: App,
                                                                 inbox: Path) -> None:
    watcher = app.folder_watcher(inbox, settle=False)
    tmp = _drop(inbox, ".incoming.xml", "cap_chain_1_alert.xml")
    assert watcher.scan_once() == []
    os.replace(tmp, inbox / "flood.xml")
    (report,) = watcher.scan_once()
    assert report.accepted == 1
    assert report.moved_to == "done/flood.xml"


def test_bad_records_send_the_file_to_failed_with_its_errors(watcher: FolderWatcher,
                                                             inbox: Path, app: App) -> None:
    _drop(inbox, "mixed.jsonl", "alerts_mixed.jsonl")
    watcher.scan_once()
    (report,) = watcher.scan_once()
    assert (report.accepted, report.rejected) == (2, 7)
    assert report.moved_to == "failed/mixed.jsonl"
    errors = (inbox / "failed" / "mixed.jsonl.errors.txt").read_text(encoding="utf-8")
    lines = errors.splitlines()
    assert lines[0].endswith("accepted=2 duplicates=0 updated=0 rejected=7 format=jsonl "
                             "encoding=utf-8")
    assert f"{inbox / 'mixed.jsonl'}:3: rejected: sent '22/11/2026 08:00' is not a date" \
        in errors
    assert len([line for line in lines if ": rejected: " in line]) == 7
    assert len(app.alerts.list_alerts().rows) == 2  # the good records are kept


def test_an_unreadable_file_goes_to_failed(watcher: FolderWatcher, inbox: Path) -> None:
    _drop(inbox, "bomb.xml", "billion_laughs.xml")
    _drop(inbox, "empty.csv", text="")
    watcher.scan_once()
    reports = {Path(r.file).name: r for r in watcher.scan_once()}
    assert reports["bomb.xml"].moved_to == "failed/bomb.xml"
    assert "billion laughs" in (inbox / "failed" / "bomb.xml.errors.txt").read_text()
    assert reports["empty.csv"].rejections[0].reason == "the file is empty"


def test_dropping_the_same_file_again_only_counts_repeats(watcher: FolderWatcher,
                                                          inbox: Path, app: App) -> None:
    for _ in range(2):
        _drop(inbox, "alerts.jsonl", "alerts.jsonl")
        watcher.scan_once()
        (report,) = watcher.scan_once()
    assert (report.accepted, report.duplicates) == (0, 3)
    assert report.moved_to == "done/alerts-1.jsonl"
    assert {r.repeat_count for r in app.alerts.list_alerts().rows} == {2}


def test_fixing_a_failed_file_adds_only_what_was_refused(watcher: FolderWatcher,
                                                         inbox: Path) -> None:
    bad = {"id": "X-2", "event": "Second", "severity": "Hgh"}
    good = {"id": "X-1", "event": "First"}
    _drop(inbox, "x.jsonl", text=json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    watcher.scan_once()
    (first,) = watcher.scan_once()
    assert (first.accepted, first.rejected) == (1, 1)
    bad["severity"] = "Severe"
    _drop(inbox, "x.jsonl", text=json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    watcher.scan_once()
    (second,) = watcher.scan_once()
    assert (second.accepted, second.duplicates, second.rejected) == (1, 1, 0)
    assert second.moved_to == "done/x.jsonl"


def test_cases_and_cap_and_csv_in_one_scan_oldest_first(watcher: FolderWatcher,
                                                        inbox: Path, app: App) -> None:
    for n, name in enumerate(["cap_chain_1_alert.xml", "cap_chain_2_update.xml",
                              "alerts_gbk.csv", "cases.csv"]):
        path = _drop(inbox, name, name)
        os.utime(path, ns=(n * 10**9, n * 10**9))
    watcher.scan_once()
    reports = watcher.scan_once()
    assert [Path(r.file).name for r in reports] == ["cap_chain_1_alert.xml",
                                                     "cap_chain_2_update.xml",
                                                     "alerts_gbk.csv", "cases.csv"]
    assert reports[1].updated == 1  # the update found the alert imported just before
    assert reports[2].encoding == "gb18030"
    assert reports[3].kind == "cases"
    assert reports[3].accepted == 2


def test_a_database_failure_leaves_the_file_for_the_next_scan(
    watcher: FolderWatcher, inbox: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _drop(inbox, "alerts.jsonl", "alerts.jsonl")
    watcher.scan_once()

    def broken(*_args: object, **_kw: object) -> FileReport:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(watcher.importer, "import_file", broken)
    with pytest.raises(OperationalError):
        watcher.scan_once()
    assert path.exists()
    monkeypatch.undo()
    (report,) = watcher.scan_once()
    assert report.accepted == 3
