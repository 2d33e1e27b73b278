"""Readiness alerts: a shift short of its team's minimum raises one alert before it starts.

The rules, all applied inside the caller's transaction:

- a shift is *watched* from ``lead`` (default 2 hours) before it starts until it ends;
- a watched shift with a gap raises an alert (source ``roster``, dedup key
  ``roster:shift:<id>``) once: ``shifts.readiness_alerted_at`` is set by a
  compare-and-set and the dedup key is unique, so two engines never raise it twice;
- when the gap closes (a member becomes available, a member is swapped in, the minimum
  is lowered) the alert is resolved by the engine's operator;
- should the gap open again on the same shift, that same alert comes back as ``new``
  with its repeat count raised (never a second alert); an alert a person resolved by
  hand stays resolved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from console.core.domain import OperatorRef
from console.core.journal import announce, record
from console.core.paging_hook import NO_PAGING, PageCause, PageOutbox
from console.rosters.domain import ReadinessChange, ShiftRow
from console.rosters.query import MAX_SHIFT, chunks, rowcount, shift_rows, team_facts
from db.models import Alert, table_of
from db.models.rosters import Shift, ShiftMember

DEFAULT_LEAD = timedelta(hours=2)
ACTIVE_ALERT = ("new", "acknowledged", "shelved")
ALERTS = table_of(Alert)
SHIFTS = table_of(Shift)


def dedup_key(shift_id: int) -> str:
    return f"roster:shift:{shift_id}"


class ReadinessWatch:
    """Raises, resolves and reopens the readiness alerts of watched shifts."""

    def __init__(self, actor: Callable[[], OperatorRef], timezone: str,
                 lead: timedelta = DEFAULT_LEAD) -> None:
        self._actor = actor
        self._zone = ZoneInfo(timezone)
        self.lead = lead
        # Pages for each gap raised, in the same transaction (console/paging).
        self.pages: PageOutbox = NO_PAGING

    def watched(self, now: datetime) -> list[Any]:
        """Clauses for the shifts watched at ``now``."""
        return [Shift.starts_at > now - MAX_SHIFT, Shift.starts_at <= now + self.lead,
                Shift.ends_at > now]

    def shifts_of_members(self, s: Session, member_ids: Collection[int],
                          now: datetime) -> set[int]:
        """Watched shifts that have any of ``member_ids`` on them."""
        out: set[int] = set()
        for chunk in chunks(member_ids):
            out.update(s.scalars(
                select(ShiftMember.shift_id).join(Shift, Shift.id == ShiftMember.shift_id)
                .where(ShiftMember.member_id.in_(chunk), *self.watched(now))))
        return out

    def evaluate(self, s: Session, now: datetime,
                 shift_ids: Collection[int] | None = None) -> list[ReadinessChange]:
        """Bring the alerts of the watched shifts (all, or those of ``shift_ids``) in line
        with their readiness now."""
        clauses = self.watched(now)
        teams = team_facts(s)
        if shift_ids is not None:
            if not shift_ids:
                return []
            rows = [r for chunk in chunks(shift_ids)
                    for r in shift_rows(s, [*clauses, Shift.id.in_(chunk)], teams)]
        else:
            rows = shift_rows(s, clauses, teams)
        if not rows:
            return []
        by_key = {dedup_key(r.id): r for r in rows}
        existing = {key: (aid, status, resolved_by) for aid, key, status, resolved_by in
                    s.execute(select(Alert.id, Alert.dedup_key, Alert.status,
                                     Alert.resolved_by_id)
                              .where(Alert.dedup_key.in_(list(by_key))))}
        actor = self._actor()
        changes: list[ReadinessChange] = []
        for key, row in by_key.items():
            alert = existing.get(key)
            if row.gap:
                if alert is None and row.readiness_alerted_at is None:
                    change = self._raise(s, row, now, actor, teams[row.team_id].base_grid_id)
                elif alert is not None and alert[1] == "resolved" and alert[2] == actor.id:
                    change = self._reopen(s, row, alert[0], now, actor)
                else:
                    change = None
            elif alert is not None and alert[1] in ACTIVE_ALERT:
                change = self._resolve(s, row, alert[0], alert[1], now, actor)
            else:
                change = None
            if change is not None:
                changes.append(change)
        return changes

    # ---- the three moves -------------------------------------------------------------

    def _raise(self, s: Session, row: ShiftRow, now: datetime, actor: OperatorRef,
               grid_id: int | None) -> ReadinessChange | None:
        won = rowcount(s.execute(update(SHIFTS).where(SHIFTS.c.id == row.id,
                                             SHIFTS.c.readiness_alerted_at.is_(None))
                        .values(readiness_alerted_at=now)))
        if won != 1:
            return None  # another engine raised it first
        running = row.starts_at <= now
        severe = row.ready * 2 < row.needed
        alert_id = s.execute(insert(ALERTS).values(
            source="roster", external_id=f"shift/{row.id}", dedup_key=dedup_key(row.id),
            sender="watchroom", sent_at=now, received_at=now, cap_status="Actual",
            msg_type="Alert", scope="Private", event="Readiness gap", category="Other",
            urgency="Immediate" if running else "Expected",
            severity="Severe" if severe else "Moderate", certainty="Likely",
            headline=self.headline(row)[:500], description=self.description(row),
            instruction=("Call in cover or swap available, qualified members into the "
                         "shift. This alert clears by itself once enough members are "
                         "available."),
            area_desc="", geometry="{}", grid_id=grid_id, expires_at=row.ends_at,
            status="new", repeat_count=1, last_seen_at=now, case_id=None,
            raw=json.dumps({"shift": row.id, "team": row.team_code, "crew": row.crew,
                            "ready": row.ready, "needed": row.needed,
                            "starts_at": row.starts_at.isoformat()}, sort_keys=True),
            version=1, language="en", infos="[]", cap_references="", note="",
        ).returning(ALERTS.c.id)).scalar_one()
        record(s, actor=actor, at=now, entity="shift", entity_id=row.id,
               action="readiness_gap",
               detail={"ready": row.ready, "needed": row.needed, "alert": alert_id})
        announce(s, at=now, entity="alert", entity_id=alert_id, op="insert")
        self.pages.queue(s, [PageCause(
            trigger="readiness", cause_key=f"shift:{row.id}", subject="shift",
            subject_id=row.id, reference=f"{row.team_code} {row.crew}".strip(),
            title=self.headline(row), at=now, alert_id=alert_id, grid_id=grid_id,
            team_id=row.team_id, facts={"detail": self.description(row)})])
        return ReadinessChange("raised", row.id, row.team_code, row.crew, row.starts_at,
                               row.ready, row.needed, alert_id)

    def _resolve(self, s: Session, row: ShiftRow, alert_id: int, status: str, now: datetime,
                 actor: OperatorRef) -> ReadinessChange | None:
        done = rowcount(s.execute(update(ALERTS).where(ALERTS.c.id == alert_id,
                                              ALERTS.c.status.in_(ACTIVE_ALERT))
                         .values(status="resolved", resolved_at=now, resolved_by_id=actor.id,
                                 shelved_until=None, updated_at=now, updated_by_id=actor.id,
                                 version=ALERTS.c.version + 1)))
        if done != 1:
            return None
        record(s, actor=actor, at=now, entity="alert", entity_id=alert_id, action="resolve",
               detail={"status": [status, "resolved"],
                       "note": f"Readiness restored: {row.ready} of {row.needed} ready."})
        return ReadinessChange("resolved", row.id, row.team_code, row.crew, row.starts_at,
                               row.ready, row.needed, alert_id)

    def _reopen(self, s: Session, row: ShiftRow, alert_id: int, now: datetime,
                actor: OperatorRef) -> ReadinessChange | None:
        done = rowcount(s.execute(update(ALERTS).where(ALERTS.c.id == alert_id,
                                              ALERTS.c.status == "resolved",
                                              ALERTS.c.resolved_by_id == actor.id)
                         .values(status="new", resolved_at=None, resolved_by_id=None,
                                 acknowledged_at=None, acknowledged_by_id=None,
                                 repeat_count=ALERTS.c.repeat_count + 1, last_seen_at=now,
                                 headline=self.headline(row)[:500],
                                 description=self.description(row), updated_at=now,
                                 updated_by_id=actor.id,
                                 version=ALERTS.c.version + 1)))
        if done != 1:
            return None
        record(s, actor=actor, at=now, entity="alert", entity_id=alert_id, action="reopen",
               detail={"status": ["resolved", "new"],
                       "note": f"Readiness gap again: {row.ready} of {row.needed} ready."})
        return ReadinessChange("reopened", row.id, row.team_code, row.crew, row.starts_at,
                               row.ready, row.needed, alert_id)

    # ---- texts -----------------------------------------------------------------------

    def _local(self, when: datetime) -> str:
        return when.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    def headline(self, row: ShiftRow) -> str:
        crew = f" crew {row.crew}" if row.crew else ""
        kind = "on call" if row.kind.value == "on_call" else "shift"
        end = row.ends_at.astimezone(self._zone).strftime("%H:%M")
        return (f"{row.team_code}{crew}: {row.ready} of {row.needed} ready for the {kind} "
                f"{self._local(row.starts_at)}–{end}")

    @staticmethod
    def description(row: ShiftRow) -> str:
        ready = [m.name for m in row.members if m.counts]
        short = [f"{m.name} ({m.availability.value.replace('_', ' ')})"
                 for m in row.members if not m.counts and m.availability.value != "available"]
        unqualified = [m.name for m in row.members
                       if not m.counts and m.availability.value == "available"]
        parts = [f"Ready: {', '.join(ready) or 'nobody'}."]
        if short:
            parts.append(f"Not available: {', '.join(short)}.")
        if unqualified:
            parts.append(f"Available but without the team's qualification: "
                         f"{', '.join(unqualified)}.")
        return " ".join(parts)
