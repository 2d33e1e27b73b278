"""The import errors: a whole file that cannot be read, or one bad record in it."""

from __future__ import annotations

from console.core.errors import WatchroomError


class FeedError(WatchroomError):
    """A whole file cannot be imported (not XML, too large, empty, wrong encoding…).

    Parsers raise nothing else: whatever the bytes, the caller gets a ``FeedError`` with a
    reason a duty officer can act on, naming the file.
    """

    def __init__(self, reason: str, *, file: str = "", record: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.record = record

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where = f"{where}:{self.record}" if where else f"record {self.record}"
        return f"{where}: {self.reason}" if where else self.reason


class RecordError(FeedError):
    """One record (a line, a CSV row, an alert in a feed) is bad; the records beside it
    are still imported. Parsers *yield* these instead of raising them, so that reading
    goes on. ``record`` is the line number (JSON lines, CSV) or the alert's position in
    the document (CAP, counting from 1)."""
