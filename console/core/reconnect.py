"""Services that ride out a lost database connection: retried once, or a plain message."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from console.core.errors import DatabaseUnavailable
from db.database import ConnectionLost, retry_if_lost

S = TypeVar("S", bound=type)


def retries_lost_connection(cls: S) -> S:
    """Class decorator: every public method of the service becomes one unit of
    ``db.database.retry_if_lost``, run once more when the connection to the server was
    lost before any COMMIT of it was sent (the pool then hands out a fresh connection:
    to the new primary, after a standby took over), and otherwise failing with
    ``DatabaseUnavailable``, a message the console shows like any other domain error.

    A unit that sent a COMMIT is never run again (the server may hold it); calls made
    from inside another unit run once, so a service calling another is retried whole.
    """
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        setattr(cls, name, _unit(member))
    return cls


def _unit(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return retry_if_lost(lambda: method(*args, **kwargs))
        except DatabaseUnavailable:
            raise
        except ConnectionLost as exc:
            raise DatabaseUnavailable(exc.reason, commit_sent=exc.commit_sent) from exc

    return call
