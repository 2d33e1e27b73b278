"""Significant events: case events (notes included) and alerts an officer flags during a
shift, listed in time order as the shift's activity log of the handover."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import NotFound, ValidationError
from console.core.journal import announce, record
from console.core.reconnect import retries_lost_connection
from console.handover.domain import SignificantEntry
from console.operators.service import require_role
from db.database import Database
from db.models import Alert, AuditEntry, Case, Operator
from db.models.handover import SignificantEvent

# Who may flag events and write handovers: the officers on the floor.
FLOOR_ROLES = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN})
FLAG_ACTION = "flag_significant"
REMARK_MAX = 1000
LOG_LIMIT = 500


def _shown(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def describe_entry(action: str, detail: dict[str, Any]) -> str:
    """One line saying what an audit entry did: ``dispatch: stage registered → dispatched;
    team — → FIRE-1; note: crew on the way``."""
    parts: list[str] = []
    for key in sorted(detail):
        value = detail[key]
        if key in ("note", "reason"):
            continue
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key.replace('_', ' ')} {_shown(value[0])} → {_shown(value[1])}")
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            parts.append(f"{key.replace('_', ' ')} {value}")
    for key in ("reason", "note"):
        if detail.get(key):
            parts.append(f"{key}: {detail[key]}")
    text = action.replace("_", " ")
    return f"{text}: {'; '.join(parts)}" if parts else text


@retries_lost_connection
class SignificantService:
    """Flags and lists significant events; each flag is a mutation with a role check,
    an audit entry on the case or alert, and a change-feed entry, in one transaction."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def flag_event(self, actor: OperatorRef, audit_id: int, remark: str = "") -> SignificantEntry:
        """Flag a case event (one audit entry of a case, a note for instance)."""
        require_role(actor, FLOOR_ROLES, "flag significant events")
        remark = self._remark(remark)
        now = self._clock.now()
        with self._db.write.begin() as s:
            entry = s.get(AuditEntry, audit_id)
            if entry is None or entry.entity != "case":
                raise NotFound(f"No case event #{audit_id}.")
            if entry.action == FLAG_ACTION:
                raise ValidationError("A flag cannot itself be flagged.", "event")
            reference = s.scalar(select(Case.reference).where(Case.id == entry.entity_id))
            detail = json.loads(entry.detail or "{}")
            flag = SignificantEvent(
                audit_id=entry.id, alert_id=None, event_at=entry.at,
                subject=reference or f"case #{entry.entity_id}",
                summary=describe_entry(entry.action, detail), remark=remark,
                flagged_at=now, flagged_by_id=actor.id)
            self._insert(s, flag, f"event #{audit_id}")
            record(s, actor=actor, at=now, entity="case", entity_id=entry.entity_id,
                   action=FLAG_ACTION, detail={"event": entry.id, "remark": remark or None})
            announce(s, at=now, entity="significant", entity_id=flag.id, op="insert")
            return self._entry(s, flag)

    def flag_alert(self, actor: OperatorRef, alert_id: int, remark: str = "") -> SignificantEntry:
        require_role(actor, FLOOR_ROLES, "flag significant events")
        remark = self._remark(remark)
        now = self._clock.now()
        with self._db.write.begin() as s:
            alert = s.get(Alert, alert_id)
            if alert is None:
                raise NotFound(f"No alert #{alert_id}.")
            summary = " — ".join(p for p in (alert.event, alert.headline) if p) or "alert"
            flag = SignificantEvent(
                audit_id=None, alert_id=alert.id, event_at=alert.received_at,
                subject=f"alert #{alert.id}", summary=summary[:2000], remark=remark,
                flagged_at=now, flagged_by_id=actor.id)
            self._insert(s, flag, f"alert #{alert_id}")
            record(s, actor=actor, at=now, entity="alert", entity_id=alert.id,
                   action=FLAG_ACTION, detail={"remark": remark or None})
            announce(s, at=now, entity="significant", entity_id=flag.id, op="insert")
            return self._entry(s, flag)

    @staticmethod
    def _insert(s: Session, flag: SignificantEvent, what: str) -> None:
        exists = s.scalar(select(SignificantEvent.id).where(
            SignificantEvent.audit_id == flag.audit_id if flag.audit_id is not None
            else SignificantEvent.alert_id == flag.alert_id))
        if exists is not None:
            raise ValidationError(f"{what.capitalize()} is already flagged significant.",
                                  "event")
        try:
            with s.begin_nested():
                s.add(flag)
                s.flush()
        except IntegrityError:  # a second console flagged it at the same moment
            raise ValidationError(f"{what.capitalize()} is already flagged significant.",
                                  "event") from None

    @staticmethod
    def _remark(remark: str) -> str:
        remark = remark.strip()
        if len(remark) > REMARK_MAX:
            raise ValidationError(f"The remark is {len(remark)} characters; at most "
                                  f"{REMARK_MAX}.", "remark")
        return remark

    # ---- reading ---------------------------------------------------------------------

    def log(self, start: datetime, end: datetime) -> list[SignificantEntry]:
        """The activity log of ``[start, end)``: events that happened, or were flagged,
        in it — in the time order of the events."""
        with self._db.read() as s:
            return self.log_in(s, start, end)

    def log_in(self, s: Session, start: datetime, end: datetime) -> list[SignificantEntry]:
        rows = s.scalars(
            select(SignificantEvent)
            .where(or_(SignificantEvent.event_at.between(start, end),
                       SignificantEvent.flagged_at.between(start, end)))
            .order_by(SignificantEvent.event_at, SignificantEvent.id).limit(LOG_LIMIT)).all()
        ids = sorted({f.flagged_by_id for f in rows})
        names = dict(s.execute(select(Operator.id, Operator.display_name)
                               .where(Operator.id.in_(ids))).all()) if ids else {}
        return [self._entry(s, f, names) for f in rows]

    def flagged_events(self, audit_ids: Iterable[int]) -> set[int]:
        """Which of ``audit_ids`` are flagged (for markers on a case timeline)."""
        wanted = sorted(set(audit_ids))
        if not wanted:
            return set()
        with self._db.read() as s:
            return set(s.scalars(select(SignificantEvent.audit_id)
                                 .where(SignificantEvent.audit_id.in_(wanted))))

    def is_alert_flagged(self, alert_id: int) -> bool:
        with self._db.read() as s:
            return s.scalar(select(SignificantEvent.id)
                            .where(SignificantEvent.alert_id == alert_id)) is not None

    @staticmethod
    def _entry(s: Session, flag: SignificantEvent,
               names: dict[int, str] | None = None) -> SignificantEntry:
        who = (names or {}).get(flag.flagged_by_id) or s.scalar(
            select(Operator.display_name).where(Operator.id == flag.flagged_by_id)) or "?"
        if flag.alert_id is not None:
            kind = "alert"
        elif flag.summary.startswith("note"):
            kind = "note"
        else:
            kind = "case_event"
        return SignificantEntry(flag.id, flag.event_at, kind, flag.subject, flag.summary,
                                flag.remark, who, flag.flagged_at, flag.audit_id,
                                flag.alert_id)
