"""The watched folder: feed files dropped in are imported, then moved to done/ or failed/.

When a file is taken: its name ends in a known extension (``.xml .cap .atom .rss .jsonl
.ndjson .json .csv .tsv .txt``) and its size and modification time are the same as at the
previous scan — a file still being written changes between two scans and waits. Names
starting with ``.`` or ``~`` and names ending in ``.tmp``, ``.part``, ``.partial``,
``.crdownload`` or ``.swp`` are never taken. The safe way to deliver is to write under
such a name (or elsewhere on the same disk) and rename into place: a rename is atomic,
so the importer never sees half a file. A writer that renames can tell the watcher to
trust it (``settle=False``): files are then taken at first sight.

After the import the file moves to ``done/`` if nothing in it was refused; otherwise to
``failed/`` with ``<name>.errors.txt`` beside it listing every refusal (file, line or
record, reason). The good records of a failed file are kept: fixing and dropping the
file again adds only what was refused, everything else counts as a repeat. A name
already taken in done/ or failed/ gets ``-1``, ``-2``… before its extension.

If the database cannot be written the error propagates and the file stays where it is,
to be imported at a later scan. No threads: the engine or the GUI calls ``scan_once`` on
a timer.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from console.alerts.feeds.importer import EXTENSIONS, FeedImporter
from console.alerts.feeds.report import FileReport, printable
from console.core.domain import OperatorRef

log = logging.getLogger(__name__)

KNOWN_EXTENSIONS = frozenset(EXTENSIONS)
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", ".errors.txt")


def takes(name: str) -> bool:
    """Whether a file of this name is ever imported from the folder."""
    lower = name.lower()
    if lower.startswith((".", "~")) or lower.endswith(PARTIAL_SUFFIXES):
        return False
    return Path(lower).suffix in KNOWN_EXTENSIONS


@dataclass(frozen=True, slots=True)
class _Signature:
    size: int
    mtime_ns: int


class FolderWatcher:
    """Imports what is dropped into ``folder`` (see the module docstring for the rules)."""

    def __init__(self, importer: FeedImporter, folder: Path | str, *, settle: bool = True,
                 actor: OperatorRef | None = None) -> None:
        self.importer = importer
        self.folder = Path(folder)
        self.done_dir = self.folder / "done"
        self.failed_dir = self.folder / "failed"
        self.settle = settle
        self._actor = actor
        self._seen: dict[str, _Signature] = {}
        self._stuck: dict[str, _Signature] = {}  # imported but could not be moved away
        for d in (self.folder, self.done_dir, self.failed_dir):
            if not os.path.lexists(d):
                d.mkdir(parents=True)

    def _real_folder(self, folder: Path) -> bool:
        """``folder`` is a directory of its own, not a symbolic link to somewhere else
        (whoever can write into the inbox could otherwise send files anywhere)."""
        try:
            st = os.lstat(folder)
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode)

    def _candidates(self) -> list[tuple[Path, _Signature]]:
        found: list[tuple[int, str, Path, _Signature]] = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError as e:
            log.warning("cannot list the watched folder %s: %s", self.folder, e)
            return []
        for entry in entries:
            if not takes(entry.name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            sig = _Signature(st.st_size, st.st_mtime_ns)
            found.append((st.st_mtime_ns, entry.name, Path(entry.path), sig))
        found.sort()  # oldest first: an Update after the alert it updates
        return [(path, sig) for _, _, path, sig in found]

    def pending(self) -> list[Path]:
        """Files the folder holds that a scan would consider, oldest first."""
        return [path for path, _ in self._candidates()]

    def scan_once(self) -> list[FileReport]:
        """Import every file that is ready, move it away, and report on each."""
        candidates = self._candidates()
        ready: list[Path] = []
        current: dict[str, _Signature] = {}
        for path, sig in candidates:
            current[path.name] = sig
            if self._stuck.get(path.name) == sig:
                continue
            if not self.settle or self._seen.get(path.name) == sig:
                ready.append(path)
        self._seen = current
        self._stuck = {k: v for k, v in self._stuck.items() if current.get(k) == v}
        reports = []
        for path in ready:
            if not path.exists():
                continue  # taken by another console watching the same folder
            report = self.importer.import_file(path, actor=self._actor, no_follow=True)
            self._move(path, report)
            reports.append(report)
        return reports

    def _free_name(self, folder: Path, name: str) -> Path:
        target = folder / name
        stem, suffix = Path(name).stem, Path(name).suffix
        n = 0
        while os.path.lexists(target) or os.path.lexists(folder / f"{target.name}.errors.txt"):
            n += 1
            target = folder / f"{stem}-{n}{suffix}"
        return target

    def _move(self, path: Path, report: FileReport) -> None:
        folder = self.done_dir if report.ok else self.failed_dir
        if not self._real_folder(folder):
            log.warning("not moving %s: %s is not a plain folder (a symbolic link?)",
                        printable(path.name), folder)
            report.note(0, f"imported, but {folder.name}/ is a symbolic link or not a folder: "
                           "the file stays in the inbox; make it a plain folder")
            self._remember_stuck(path)
            return
        target = self._free_name(folder, path.name)
        try:
            if not report.ok:
                errors = target.with_name(target.name + ".errors.txt")
                # A new regular file only: never through a link planted at that name.
                fd = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             0o644)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(report.format() + "\n")
            os.replace(path, target)
        except FileNotFoundError:
            return  # another console moved it first
        except OSError as e:
            log.warning("imported %s but could not move it to %s: %s", printable(str(path)),
                        folder, e)
            self._remember_stuck(path)
            report.note(0, f"imported, but could not be moved to {folder.name}/: "
                           f"{e.strerror or e}; it will not be imported again unless it "
                           "changes")
            return
        report.moved_to = f"{folder.name}/{printable(target.name)}"

    def _remember_stuck(self, path: Path) -> None:
        try:
            st = os.lstat(path)
            self._stuck[path.name] = _Signature(st.st_size, st.st_mtime_ns)
        except OSError:
            pass
