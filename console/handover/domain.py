"""Handover data as it leaves the console: the frozen snapshot (JSON round trip),
significant events, stored handovers and their summaries."""

from __future__ import annotations

import functools
import json
import types
import typing
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


class HandoverStatus(StrEnum):
    DRAFT = "draft"  # proposed, nobody signed yet
    SIGNED_OUT = "signed_out"  # the outgoing officer signed; waiting for the incoming one
    TAKEN_OVER = "taken_over"  # both signed: never changes again


@dataclass(frozen=True, slots=True)
class SnapshotCase:
    """An open case as the board showed it when the snapshot was taken."""

    reference: str
    title: str
    stage: str
    severity: int
    category: str
    team: str | None
    escalation_level: int
    next_due_at: datetime | None
    next_due_kind: str | None
    supervised: bool
    paused: bool
    due_next_shift: bool
    # Field photos sent with the case (the intake API); 0 in snapshots taken before them.
    photos: int = 0

    @property
    def priority(self) -> bool:
        """Listed first: escalated, under supervision or due before the next shift ends."""
        return self.escalation_level > 0 or self.supervised or self.due_next_shift


@dataclass(frozen=True, slots=True)
class SnapshotEscalation:
    at: datetime
    subject: str  # case | hazard
    reference: str
    deadline: str
    level: int
    minutes_late: int


@dataclass(frozen=True, slots=True)
class SnapshotAlert:
    id: int
    received_at: datetime
    source: str
    severity: str
    urgency: str
    headline: str
    repeat_count: int


@dataclass(frozen=True, slots=True)
class SnapshotHazard:
    code: str
    name: str
    level: str
    status: str
    next_inspection_due: datetime | None
    changed: bool  # touched (edited, inspected, escalated) during the shift
    overdue: bool  # inspection overdue at the snapshot


@dataclass(frozen=True, slots=True)
class SnapshotReadiness:
    """A team's readiness for the next shift; ``starts_at`` is None when no roster shift
    of the team overlaps it."""

    team: str
    team_name: str
    crew: str
    starts_at: datetime | None
    ends_at: datetime | None
    ready: int
    needed: int

    @property
    def gap(self) -> bool:
        return self.ready < self.needed


@dataclass(frozen=True, slots=True)
class SignificantEntry:
    """One line of a shift's activity log: an event an officer flagged significant."""

    id: int
    event_at: datetime
    kind: str  # case_event | note | alert
    subject: str  # case reference or "alert #12"
    summary: str
    remark: str
    flagged_by: str
    flagged_at: datetime
    audit_id: int | None
    alert_id: int | None


@dataclass(frozen=True, slots=True)
class HandoverSnapshot:
    """What was handed over, as it stood at ``taken_at``. Lists are capped; the
    ``*_total`` fields say how many there were."""

    taken_at: datetime
    timezone: str
    shift_name: str
    shift_start: datetime
    shift_end: datetime
    next_shift_name: str
    next_shift_start: datetime
    next_shift_end: datetime
    open_by_stage: tuple[tuple[str, int], ...]
    cases: tuple[SnapshotCase, ...]
    escalations: tuple[SnapshotEscalation, ...]
    escalations_total: int
    alerts: tuple[SnapshotAlert, ...]
    alerts_total: int
    hazards: tuple[SnapshotHazard, ...]
    readiness: tuple[SnapshotReadiness, ...]
    significant: tuple[SignificantEntry, ...]

    @property
    def open_total(self) -> int:
        return sum(n for _, n in self.open_by_stage)

    def to_json(self) -> str:
        return json.dumps(_encode(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> HandoverSnapshot:
        return _decode(cls, json.loads(text))


@dataclass(frozen=True, slots=True)
class HandoverRecord:
    """A stored handover, exactly as stored: the snapshot is read back, not recomputed.
    ``id`` is 0 for a preview that was never stored."""

    id: int
    shift_name: str
    shift_start: datetime
    shift_end: datetime
    snapshot: HandoverSnapshot
    notes: str
    proposed_at: datetime
    proposed_by: str
    outgoing: str | None
    outgoing_username: str | None
    outgoing_signed_at: datetime | None
    incoming: str | None
    incoming_username: str | None
    incoming_signed_at: datetime | None
    version: int

    @property
    def status(self) -> HandoverStatus:
        return handover_status(self.outgoing_signed_at, self.incoming_signed_at)


@dataclass(frozen=True, slots=True)
class HandoverSummary:
    """A handover as the history lists it."""

    id: int
    shift_name: str
    shift_start: datetime
    shift_end: datetime
    outgoing: str | None
    outgoing_signed_at: datetime | None
    incoming: str | None
    incoming_signed_at: datetime | None
    open_total: int
    significant: int

    @property
    def status(self) -> HandoverStatus:
        return handover_status(self.outgoing_signed_at, self.incoming_signed_at)


# ---- JSON round trip of the frozen dataclasses -------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode_as(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _decode_as(options[0], value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode_as(args[0], v) for v in value)
        return tuple(_decode_as(a, v) for a, v in zip(args, value, strict=True))
    if isinstance(kind, type) and is_dataclass(kind):
        return _decode(kind, value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(cls: type[T], data: dict[str, Any]) -> T:
    hints = _hints(typing.cast(type, cls))  # a class is hashable; mypy cannot see it via T
    assert is_dataclass(cls)
    # A field added later (with a default) is absent from snapshots stored before it.
    return cls(**{f.name: _decode_as(hints[f.name], data[f.name])
                  for f in fields(cls) if f.name in data or f.default is MISSING})


def handover_status(outgoing_signed_at: datetime | None,
                    incoming_signed_at: datetime | None) -> HandoverStatus:
    """Draft until the outgoing officer signs; taken over once the incoming one signs."""
    if incoming_signed_at is not None:
        return HandoverStatus.TAKEN_OVER
    if outgoing_signed_at is not None:
        return HandoverStatus.SIGNED_OUT
    return HandoverStatus.DRAFT
