"""Writes the audit entry and the change-feed entry that go with every mutation."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from console.core.domain import OperatorRef
from db.models import AuditEntry, Change


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def record(
    session: Session,
    *,
    actor: OperatorRef,
    at: datetime,
    entity: str,
    entity_id: int,
    action: str,
    detail: dict[str, Any] | None = None,
    op: str = "update",
) -> None:
    """Append one audit entry and one change-feed entry, in the caller's transaction."""
    session.execute(
        insert(AuditEntry).values(
            at=at,
            operator_id=actor.id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            detail=json.dumps(_jsonable(detail or {}), ensure_ascii=False, sort_keys=True),
        )
    )
    announce(session, at=at, entity=entity, entity_id=entity_id, op=op)


def announce(session: Session, *, at: datetime, entity: str, entity_id: int, op: str) -> None:
    """Append a change-feed entry only (for writes that need no audit entry of their own)."""
    session.execute(insert(Change).values(at=at, entity=entity, entity_id=entity_id, op=op))
