"""The one hook through which causes of pages (an escalation step, a critical alert, a
readiness gap, an overdue inspection) reach the paging outbox, inside their own
transaction: the services that raise them know this protocol, not ``console.paging``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class PageCause:
    """Something that may page someone. ``trigger`` is what rules match (``escalation:2``,
    ``alert:extreme``, ``readiness``, ``inspection``); ``cause_key`` is unique per cause, so
    acknowledging any of its pages stops them all."""

    trigger: str
    cause_key: str
    subject: str  # case | hazard | shift | alert
    subject_id: int
    reference: str
    title: str
    at: datetime
    case_id: int | None = None
    alert_id: int | None = None
    grid_id: int | None = None
    team_id: int | None = None
    # What the message names: kind, level, minutes_late, due_at… (JSON-able values).
    facts: dict[str, Any] = field(default_factory=dict)


class PageOutbox(Protocol):
    def queue(self, s: Session, causes: Sequence[PageCause]) -> int:
        """Write the pages the rules ask for in the caller's transaction; how many."""
        ...

    def listens(self, s: Session, triggers: Iterable[str]) -> bool:
        """Whether an active rule takes any of ``triggers`` (one indexed query): a bulk
        writer need not gather causes nobody would be paged for."""
        ...


class NoPaging:
    """The outbox of a service nobody wired paging into: pages nobody."""

    def queue(self, s: Session, causes: Sequence[PageCause]) -> int:
        return 0

    def listens(self, s: Session, triggers: Iterable[str]) -> bool:
        return False


NO_PAGING = NoPaging()
