"""Quick-search words as SQL LIKE patterns that take ``%`` and ``_`` literally."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

LIKE_ESCAPE = "\\"


def contains_pattern(word: str) -> str:
    """``%word%`` with the word's own ``%``, ``_`` and ``\\`` escaped: searching for
    ``100%`` finds "100%" only, ``a_b`` finds "a_b" only. Use with ``escape=LIKE_ESCAPE``."""
    escaped = (word.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
               .replace("_", LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def contains(column: InstrumentedAttribute[str] | ColumnElement[str],
             word: str) -> ColumnElement[bool]:
    """``column`` holds ``word`` anywhere, case-insensitively, ``%`` and ``_`` literal."""
    return column.ilike(contains_pattern(word), escape=LIKE_ESCAPE)
