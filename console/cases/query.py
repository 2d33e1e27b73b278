"""Board filters: one definition, applied in SQL for loading and in Python for live rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from console.core.domain import CaseRow, Category, Severity, Stage

# A case is overdue once one of its pending deadlines is breached (escalation level 2+).
OVERDUE_LEVEL = 2


class Scope(StrEnum):
    OPEN = "open"  # every open case, loaded whole (thousands, not millions)
    HISTORY = "history"  # closed cases, paged newest first


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the board shows. Empty sets mean "any"."""

    scope: Scope = Scope.OPEN
    stages: frozenset[Stage] = field(default_factory=frozenset)
    severities: frozenset[Severity] = field(default_factory=frozenset)
    categories: frozenset[Category] = field(default_factory=frozenset)
    grid_ids: frozenset[int] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)
    overdue_only: bool = False
    text: str = ""

    def with_(self, **changes: object) -> CaseFilter:
        return replace(self, **changes)  # type: ignore[arg-type]

    def matches(self, row: CaseRow) -> bool:
        """The same test as the SQL in ``CaseService``, for a row that changed live."""
        if (self.scope is Scope.OPEN) != row.is_open:
            return False
        if self.stages and row.stage not in self.stages:
            return False
        if self.severities and row.severity not in self.severities:
            return False
        if self.categories and row.category not in self.categories:
            return False
        if self.grid_ids and row.grid_id not in self.grid_ids:
            return False
        if (self.team_ids and row.team_id not in self.team_ids
                and not self.team_ids & row.assist_team_ids):
            return False
        if self.overdue_only and row.escalation_level < OVERDUE_LEVEL:
            return False
        return not self.text or text_matches(self.text, row)


def text_matches(text: str, row: CaseRow) -> bool:
    """Quick search: every word must occur in the reference, title or grid code."""
    haystack = f"{row.reference} {row.title} {row.grid_code} {row.team_code or ''}".casefold()
    return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True, slots=True)
class PageCursor:
    """Where the next history page starts: after this (closed_at, id)."""

    closed_at: datetime
    case_id: int


@dataclass(frozen=True, slots=True)
class CasePage:
    rows: list[CaseRow]
    next_cursor: PageCursor | None
