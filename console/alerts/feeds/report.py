"""The report of one imported file: what was taken in, what was a repeat, what was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.alerts.feeds.errors import FeedError
from console.reports.wording import ENGLISH, ReportWords, counted

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

    def summary(self, words: ReportWords = ENGLISH) -> str:
        translate = words.translate
        text = translate("ImportReport", "{file}: accepted={accepted} duplicates={duplicates} "
                                         "updated={updated} rejected={rejected}").format(
            file=self.file, accepted=self.accepted, duplicates=self.duplicates,
            updated=self.updated, rejected=self.rejected)
        if self.kind:
            text += translate("ImportReport", " format={format}").format(format=self.kind)
        if self.encoding:
            text += translate("ImportReport", " encoding={encoding}").format(
                encoding=self.encoding.split()[0])
        if self.moved_to:
            text += translate("ImportReport", " moved_to={moved_to}").format(
                moved_to=self.moved_to)
        return text

    def _line(self, entry: Rejection, rejected: bool, words: ReportWords) -> str:
        translate = words.translate
        reason = words.sentence(" ".join(entry.reason.split()))
        if not entry.record:
            template = (translate("ImportReport", "{file}: rejected: {reason}") if rejected
                        else translate("ImportReport", "{file}: note: {reason}"))
        elif self.kind == "cap":  # a CAP file's records are its alerts, counted from 1
            template = (translate("ImportReport", "{file}:{alert}: rejected: {reason}")
                        if rejected
                        else translate("ImportReport", "{file}:{alert}: note: {reason}"))
        else:  # a line of the file
            template = (translate("ImportReport", "{file}:{line}: rejected: {reason}")
                        if rejected
                        else translate("ImportReport", "{file}:{line}: note: {reason}"))
        return template.format(file=entry.file, alert=entry.record, line=entry.record,
                               reason=reason)

    def format(self, words: ReportWords = ENGLISH) -> str:
        """Plain, parseable lines: a summary ``FILE: accepted=N duplicates=N updated=N
        rejected=N format=F encoding=E``, then one ``FILE:RECORD: rejected: REASON`` per
        refusal and one ``FILE:RECORD: note: TEXT`` per note (``FILE: …`` without a
        record number when it is about the whole file). ``words`` say it in another
        language (``文件 第 N 行：未导入：原因``); the English stays as above."""
        translate = words.translate
        lines = [self.summary(words)]
        lines.extend(self._line(r, True, words) for r in self.rejections)
        more = self.rejected - len(self.rejections)
        if more > 0:
            lines.append(counted(translate(
                "ImportReport", "{file}: rejected: {n} more rejection(s) not listed"),
                more).format(file=self.file, n=more))
        lines.extend(self._line(n, False, words) for n in self.notes)
        more = self.notes_count - len(self.notes)
        if more > 0:
            lines.append(counted(translate(
                "ImportReport", "{file}: note: {n} more note(s) not listed"),
                more).format(file=self.file, n=more))
        return "\n".join(lines)
