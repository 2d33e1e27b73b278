"""Alerts that a fixed condition raised resolve themselves when it is fixed.

The engine raises an alert for each step of a late deadline (``escalation:<deadline>:<level>``)
and of a hazard inspection coming due or overdue (``hazard:<deadline>:<level>``). When the
deadline is met — the case registered, dispatched, resolved or closed, the inspection
recorded — those alerts are resolved in the same transaction, with the reason on the alert,
so the panel shows what still needs someone instead of what was already done.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import Alert, Change

DEADLINE_ALERT_SOURCES = ("escalation", "hazard")
LEVELS = (1, 2, 3)
RESOLVED = "resolved"


def deadline_alert_keys(deadline_ids: Iterable[int]) -> list[str]:
    """The dedup keys of every alert the engine can raise for these deadlines."""
    return [f"{source}:{d}:{level}" for d in deadline_ids
            for source in DEADLINE_ALERT_SOURCES for level in LEVELS]


def resolve_deadline_alerts(s: Session, deadline_ids: Iterable[int], now: datetime,
                            reason: str, actor_id: int | None = None) -> list[int]:
    """Resolve the open alerts raised for these deadlines (in the caller's transaction),
    noting ``reason``; returns their ids."""
    keys = deadline_alert_keys(sorted(set(deadline_ids)))
    if not keys:
        return []
    alerts = s.scalars(select(Alert).where(Alert.dedup_key.in_(keys),
                                           Alert.status != RESOLVED)).all()
    for alert in alerts:
        alert.status = RESOLVED
        alert.resolved_at = now
        alert.resolved_by_id = actor_id
        alert.shelved_until = None
        alert.note = f"Resolved by itself: {reason}"[:2000]
        alert.updated_at = now
    if alerts:
        s.flush()
        s.execute(insert(Change), [{"at": now, "entity": "alert", "entity_id": a.id,
                                    "op": "update"} for a in alerts])
    return [a.id for a in alerts]
