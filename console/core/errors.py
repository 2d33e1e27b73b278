"""Domain errors, each carrying a message a duty officer understands."""

from __future__ import annotations

from db.database import ConnectionLost


class WatchroomError(Exception):
    """Base of every error the console shows to a person instead of crashing."""


class ValidationError(WatchroomError):
    """The request is not valid: a missing field, a bad value, an illegal step."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(WatchroomError):
    """Someone else changed the row since it was read; reload and try again."""


class PermissionDenied(WatchroomError):
    """The acting operator's role does not allow this."""


class NotFound(WatchroomError):
    """The thing asked for does not exist."""


class DatabaseUnavailable(WatchroomError, ConnectionLost):
    """The connection to the database server was lost (the server stopped, a standby is
    taking over): the message says whether anything may have been saved. The console
    reconnects by itself."""
