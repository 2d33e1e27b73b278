"""The report of one imported file: what was taken in, what was a repeat, what was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.alerts.feeds.errors import FeedError

# Rejections and notes listed one by one; beyond this they are only counted, so that a
# file of a million bad lines cannot fill memory with its report.
MAX_LISTED = 1000


def printable(text: str) -> str:
    """``text`` with control characters shown escaped (``\\x1b``, ``\\n``): a file
    name from the inbox cannot forge lines in a report or a log."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, slots=True)
class Rejection:
    """One refused record (or, with ``record`` 0, the whole file) and why."""

    file: str
    record: int
    reason: str

    def line(self, label: str = "rejected") -> str:
        where = f"{self.file}:{self.record}" if self.record else self.file
        reason = " ".join(self.reason.split())
        return f"{where}: {label}: {reason}"


@dataclass(slots=True)
class FileReport:
    """What importing one file did.

    ``accepted``: new alerts (or cases) stored. ``duplicates``: records that were already
    stored (their alert's repeat count and last-seen time moved instead). ``updated``:
    CAP Update/Cancel messages applied to the alert they reference. ``rejected``: records
    refused, each listed in ``rejections`` with its line or position and the reason; a file
    that could not be read at all counts as one rejection at record 0.
    """

    file: str
    kind: str = ""
    encoding: str = ""
    accepted: int = 0
    duplicates: int = 0
    updated: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[Rejection] = field(default_factory=list)
    notes_count: int = 0
    moved_to: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing was refused (the command line exits 0)."""
        return self.rejected == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def reject(self, record: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_LISTED:
            self.rejections.append(Rejection(self.file, record, reason))

    def reject_error(self, error: FeedError) -> None:
        self.reject(error.record, error.reason)

    def note(self, record: int, text: str) -> None:
        self.notes_count += 1
        if len(self.notes) < MAX_LISTED:
            self.notes.append(Rejection(self.file, record, text))

    def summary(self) -> str:
        parts = [f"accepted={self.accepted}", f"duplicates={self.duplicates}",
                 f"updated={self.updated}", f"rejected={self.rejected}"]
        if self.kind:
            parts.append(f"format={self.kind}")
        if self.encoding:
            parts.append(f"encoding={self.encoding.split()[0]}")
        if self.moved_to:
            parts.append(f"moved_to={self.moved_to}")
        return f"{self.file}: " + " ".join(parts)

    def format(self) -> str:
        """Plain, parseable lines: a summary ``FILE: accepted=N duplicates=N updated=N
        rejected=N format=F encoding=E``, then one ``FILE:RECORD: rejected: REASON`` per
        refusal and one ``FILE:RECORD: note: TEXT`` per note (``FILE: …`` without a
        record number when it is about the whole file)."""
        lines = [self.summary()]
        lines.extend(r.line("rejected") for r in self.rejections)
        if self.rejected > len(self.rejections):
            lines.append(f"{self.file}: rejected: {self.rejected - len(self.rejections)} "
                         "more rejections not listed")
        lines.extend(n.line("note") for n in self.notes)
        if self.notes_count > len(self.notes):
            lines.append(f"{self.file}: note: {self.notes_count - len(self.notes)} more "
                         "notes not listed")
        return "\n".join(lines)
