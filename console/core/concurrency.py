"""Optimistic concurrency: turning a lost race on a row's version into a ConflictError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from console.core.errors import ConflictError


@contextmanager
def stale_write_guard(what: str) -> Iterator[None]:
    """Another writer committed between our read and our ``UPDATE … WHERE version = n``."""
    try:
        yield
    except StaleDataError:
        raise ConflictError(f"{what} was changed by someone else — reload and try again.") \
            from None
