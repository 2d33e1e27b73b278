"""Shift handover: the outgoing officer proposes a snapshot of the shift and signs it out,
the incoming officer signs to take over; signed handovers never change."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.cases.replay import CaseReplay, ReplayState
from console.clock import Clock
from console.core.domain import OPEN_STAGES, OperatorRef, Stage
from console.core.errors import NotFound, PermissionDenied, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned, VersionedWrites
from console.handover.domain import (
    HandoverRecord,
    HandoverSnapshot,
    HandoverSummary,
    SnapshotAlert,
    SnapshotCase,
    SnapshotEscalation,
    SnapshotHazard,
    SnapshotReadiness,
)
from console.handover.shifts import DutyShift, ShiftPattern
from console.handover.significant import FLOOR_ROLES, SignificantService
from console.operators.service import require_role
from console.rosters.query import overlapping, shift_rows, team_facts
from db.database import Database
from db.models import Alert, AuditEntry, Case, CasePhoto, Operator, Team
from db.models.handover import Handover
from db.models.hazards import Hazard

NOTES_MAX = 20000
CASES_LIMIT = 300  # open cases listed (the most urgent first); counts cover them all
LIST_LIMIT = 300  # escalations, alerts, hazards listed
# A handover opened this soon after a shift change is the handover of the shift that
# just ended, unless that one was already taken over.
LATE_GRACE = timedelta(hours=2)
# How long before the end of a shift the console proposes the handover.
PROPOSE_AHEAD = timedelta(minutes=30)
SEVERITY_RANK = {"Extreme": 1, "Severe": 2, "Moderate": 3, "Minor": 4}


class Authenticator(Protocol):
    """Checks a username and password; raises ``PermissionDenied`` when they are wrong."""

    def authenticate(self, username: str, password: str) -> OperatorRef: ...


def first_audit_id_at(s: Session, when: datetime) -> int:
    """The first audit entry id at or after ``when``: a binary search over the primary
    key (entries are appended in time order), O(log n) indexed lookups instead of a scan
    of the whole log."""
    lo = s.scalar(select(func.min(AuditEntry.id))) or 0
    hi = (s.scalar(select(func.max(AuditEntry.id))) or 0) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        at = s.scalar(select(AuditEntry.at).where(AuditEntry.id >= mid)
                      .order_by(AuditEntry.id).limit(1))
        if at is None or at >= when:
            hi = mid
        else:
            lo = mid + 1
    return lo


def versioned(row: Handover) -> Versioned:
    """The handover as its stale writes name it: ``Handover 3``; who changed it last and
    when is in its audit entries (proposed, refreshed, signed)."""
    return Versioned("Handover", str(row.id), "handover", row.id, row.version)


@retries_lost_connection
class HandoverService:
    """Proposes, signs and reads handovers. ``authenticator`` checks the incoming
    officer's password (the operator service)."""

    def __init__(self, db: Database, clock: Clock, pattern: Callable[[], ShiftPattern],
                 significant: SignificantService, authenticator: Callable[[], Authenticator]
                 ) -> None:
        self._db = db
        self._clock = clock
        self._pattern = pattern
        self._significant = significant
        self._authenticator = authenticator
        self._replay = CaseReplay(db)
        self._writes = VersionedWrites(db, lambda: self.pattern.zone)
        # Called (on the caller's thread) with the shift whose handover falls due, once
        # per shift: the GUI shows its prompt from here.
        self.proposal_due: list[Callable[[DutyShift], None]] = []
        self._announced: set[datetime] = set()

    @property
    def pattern(self) -> ShiftPattern:
        return self._pattern()

    def current_shift(self, now: datetime | None = None) -> DutyShift:
        return self.pattern.current_shift(now or self._clock.now())

    def next_shift(self, now: datetime | None = None) -> DutyShift:
        return self.pattern.next_shift(now or self._clock.now())

    def handover_shift(self, now: datetime | None = None) -> DutyShift:
        """The shift a handover opened at ``now`` hands over: the running one, or the one
        that ended less than ``LATE_GRACE`` ago if its handover was started (proposed or
        signed out) but nobody took it over yet."""
        now = now or self._clock.now()
        pattern = self.pattern
        current = pattern.current_shift(now)
        if now - current.starts_at >= LATE_GRACE:
            return current
        previous = pattern.previous_shift(now)
        with self._db.read() as s:
            pending = s.scalar(select(Handover.id).where(
                Handover.shift_start == previous.starts_at,
                Handover.incoming_signed_at.is_(None)))
        return previous if pending is not None else current

    def proposal_due_at(self, now: datetime | None = None) -> datetime:
        """When the console should propose the handover of the running shift."""
        return self.current_shift(now).ends_at - PROPOSE_AHEAD

    def needs_proposal(self, now: datetime | None = None) -> bool:
        """True from ``PROPOSE_AHEAD`` before the shift ends (and in the grace after it)
        while the shift's handover is not signed out yet."""
        now = now or self._clock.now()
        shift = self.handover_shift(now)
        if now < shift.ends_at - PROPOSE_AHEAD:
            return False
        with self._db.read() as s:
            signed = s.scalar(select(Handover.id).where(
                Handover.shift_start == shift.starts_at,
                Handover.outgoing_signed_at.is_not(None)))
        return signed is None

    def check_due(self, now: datetime | None = None) -> DutyShift | None:
        """The duty run ``PROPOSE_AHEAD`` before shift end (and every minute after, until
        signed out): tells ``proposal_due`` listeners once per shift. Returns the shift
        whose handover is due, if it is."""
        now = now or self._clock.now()
        if not self.needs_proposal(now):
            return None
        shift = self.handover_shift(now)
        if shift.starts_at not in self._announced:
            self._announced.add(shift.starts_at)
            for listener in list(self.proposal_due):
                listener(shift)
        return shift

    # ---- the snapshot ----------------------------------------------------------------

    def snapshot(self, shift: DutyShift | None = None,
                 at: datetime | None = None) -> HandoverSnapshot:
        """What the handover of ``shift`` (default: the one being handed over) shows at
        ``at`` (default: now), read in one transaction."""
        at = at or self._clock.now()
        shift = shift or self.handover_shift(at)
        with self._db.read() as s:
            return self._snapshot(s, shift, at)

    def _snapshot(self, s: Session, shift: DutyShift, at: datetime) -> HandoverSnapshot:
        pattern = self.pattern
        nxt = pattern.current_shift(shift.ends_at)
        by_stage = dict(s.execute(
            select(Case.stage, func.count()).where(Case.stage.in_([x.value for x in OPEN_STAGES]))
            .group_by(Case.stage)).all())
        open_by_stage = tuple((st.value, int(by_stage.get(st.value, 0))) for st in OPEN_STAGES)
        first_id = first_audit_id_at(s, shift.starts_at)
        # A primary-key range scan of the shift's entries: a filter on ``entity`` in SQL
        # would make SQLite walk the (entity, entity_id) index over the whole log.
        entries = [e for e in s.execute(
            select(AuditEntry.at, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action,
                   AuditEntry.detail)
            .where(AuditEntry.id >= first_id).order_by(AuditEntry.id))
            if e.at <= at and e.entity in ("case", "hazard")]
        return HandoverSnapshot(
            taken_at=at, timezone=pattern.timezone, shift_name=shift.name,
            shift_start=shift.starts_at, shift_end=shift.ends_at, next_shift_name=nxt.name,
            next_shift_start=nxt.starts_at, next_shift_end=nxt.ends_at,
            open_by_stage=open_by_stage, cases=self._cases(s, nxt),
            escalations=self._escalations(s, entries, LIST_LIMIT),
            escalations_total=sum(1 for e in entries if e.action == "escalate"),
            alerts=self._alerts(s), alerts_total=int(s.scalar(
                select(func.count()).where(Alert.status == "new")) or 0),
            hazards=self._hazards(s, entries, at), readiness=self._readiness(s, nxt),
            significant=tuple(self._significant.log_in(s, shift.starts_at, at)),
        )

    @staticmethod
    def _cases(s: Session, nxt: DutyShift) -> tuple[SnapshotCase, ...]:
        photos = (select(func.count()).where(CasePhoto.case_id == Case.id)
                  .correlate(Case).scalar_subquery())
        columns = (Case.reference, Case.title, Case.stage, Case.severity, Case.category,
                   Team.code, Case.escalation_level, Case.next_due_at, Case.next_due_kind,
                   Case.supervised, Case.paused_at, photos)
        open_values = [x.value for x in OPEN_STAGES]
        urgent = (Case.escalation_level > 0) | Case.supervised.is_(True) | (
            Case.next_due_at < nxt.ends_at)
        base = select(*columns).outerjoin(Team, Team.id == Case.team_id).where(
            Case.stage.in_(open_values))
        first = s.execute(base.where(urgent).order_by(
            Case.supervised.desc(), Case.escalation_level.desc(), Case.next_due_at, Case.id)
            .limit(CASES_LIMIT)).all()
        rest = s.execute(base.where(~urgent).order_by(
            Case.next_due_at.is_(None), Case.next_due_at, Case.id)
            .limit(max(0, CASES_LIMIT - len(first)))).all() if len(first) < CASES_LIMIT else []
        return tuple(
            SnapshotCase(ref, title, stage, int(sev), cat, team, int(level), due, kind,
                         bool(sup), paused is not None, due is not None and due < nxt.ends_at,
                         int(n_photos or 0))
            for ref, title, stage, sev, cat, team, level, due, kind, sup, paused, n_photos
            in [*first, *rest])

    @staticmethod
    def _escalations(s: Session, entries: Sequence[Any],
                     limit: int) -> tuple[SnapshotEscalation, ...]:
        """The shift's first ``limit`` escalations (the total is counted apart): a flood's
        tens of thousands are neither parsed nor looked up."""
        wanted = [e for e in entries if e.action == "escalate"][:limit]
        case_ids = {e.entity_id for e in wanted if e.entity == "case"}
        hazard_ids = {e.entity_id for e in wanted if e.entity == "hazard"}
        refs: dict[tuple[str, int], str] = {}
        if case_ids:
            refs.update({("case", i): r for i, r in s.execute(
                select(Case.id, Case.reference).where(Case.id.in_(sorted(case_ids))))})
        if hazard_ids:
            refs.update({("hazard", i): c for i, c in s.execute(
                select(Hazard.id, Hazard.code).where(Hazard.id.in_(sorted(hazard_ids))))})
        out: list[SnapshotEscalation] = []
        for e in wanted:
            detail = json.loads(e.detail or "{}")
            level = detail.get("level", [0, 0])
            out.append(SnapshotEscalation(
                e.at, e.entity, refs.get((e.entity, e.entity_id), f"#{e.entity_id}"),
                str(detail.get("deadline", "")),
                int(level[1] if isinstance(level, list) else level),
                int(detail.get("minutes_late", 0))))
        return tuple(out)

    @staticmethod
    def _alerts(s: Session) -> tuple[SnapshotAlert, ...]:
        rows = s.execute(
            select(Alert.id, Alert.received_at, Alert.source, Alert.severity, Alert.urgency,
                   Alert.headline, Alert.event, Alert.repeat_count)
            .where(Alert.status == "new")
            .order_by(Alert.severity_rank, Alert.received_at.desc(), Alert.id.desc())
            .limit(LIST_LIMIT)).all()
        return tuple(SnapshotAlert(i, at, src, sev, urg, head or event, int(n))
                     for i, at, src, sev, urg, head, event, n in rows)

    @staticmethod
    def _hazards(s: Session, entries: Sequence[Any], at: datetime) -> tuple[SnapshotHazard, ...]:
        changed = {e.entity_id for e in entries if e.entity == "hazard"}
        overdue = set(s.scalars(select(Hazard.id).where(Hazard.next_inspection_due < at)
                                .order_by(Hazard.next_inspection_due).limit(LIST_LIMIT)))
        ids = sorted(changed | overdue)
        rows: list[Any] = []
        for start in range(0, len(ids), 500):
            rows.extend(s.execute(
                select(Hazard.id, Hazard.code, Hazard.name, Hazard.level, Hazard.status,
                       Hazard.next_inspection_due)
                .where(Hazard.id.in_(ids[start:start + 500]))).all())
        out = [SnapshotHazard(code, name, level, status, due, hid in changed,
                              due is not None and due < at)
               for hid, code, name, level, status, due in rows]
        out.sort(key=lambda h: (not h.overdue, h.next_inspection_due or at, h.code))
        return tuple(out[:LIST_LIMIT])

    @staticmethod
    def _readiness(s: Session, nxt: DutyShift) -> tuple[SnapshotReadiness, ...]:
        facts = team_facts(s)
        names = dict(s.execute(select(Team.id, Team.name_en)).all())
        rows = shift_rows(s, overlapping(nxt.starts_at, nxt.ends_at), facts)
        out: list[SnapshotReadiness] = []
        covered: set[int] = set()
        for row in rows:
            covered.add(row.team_id)
            out.append(SnapshotReadiness(row.team_code, names.get(row.team_id, ""), row.crew,
                                         row.starts_at, row.ends_at, row.ready, row.needed))
        for team_id, fact in facts.items():
            if team_id not in covered:
                out.append(SnapshotReadiness(fact.code, names.get(team_id, ""), "", None, None,
                                             0, fact.min_staffing))
        out.sort(key=lambda r: (not r.gap, r.team, r.starts_at or nxt.starts_at))
        return tuple(out)

    # ---- writing ---------------------------------------------------------------------

    def propose(self, actor: OperatorRef) -> HandoverRecord:
        """The handover of the shift being handed over, with a snapshot taken now. A draft
        of the same shift is refreshed; one already signed out is returned as it is, for
        the incoming officer to take over."""
        require_role(actor, FLOOR_ROLES, "write handovers")
        now = self._clock.now()
        shift = self.handover_shift(now)
        with self._db.write.begin() as s:
            existing = s.scalars(select(Handover).where(
                Handover.shift_start == shift.starts_at).order_by(Handover.id.desc())).first()
            if existing is not None and existing.incoming_signed_at is not None:
                raise ValidationError(
                    f"The {shift.label(self.pattern.zone)} shift was already handed over; "
                    f"open it from the handover history.", "handover")
            if existing is not None and existing.outgoing_signed_at is not None:
                return self._record(s, existing)
            snapshot = self._snapshot(s, shift, now)
            if existing is None:
                row = Handover(shift_start=shift.starts_at, shift_end=shift.ends_at,
                               shift_name=shift.name, snapshot=snapshot.to_json(), notes="",
                               proposed_at=now, proposed_by_id=actor.id)
                s.add(row)
                s.flush()
                record(s, actor=actor, at=now, entity="handover", entity_id=row.id,
                       action="propose", op="insert",
                       detail={"shift": [shift.starts_at, shift.ends_at]})
            else:
                row = existing
                row.snapshot = snapshot.to_json()
                row.proposed_at = now
                row.proposed_by_id = actor.id
                s.flush()
                record(s, actor=actor, at=now, entity="handover", entity_id=row.id,
                       action="propose", detail={"refreshed": True})
            return self._record(s, row)

    def sign_out(self, actor: OperatorRef, handover_id: int, notes: str,
                 expected_version: int | None = None) -> HandoverRecord:
        """The outgoing officer signs the proposed handover with their notes."""
        require_role(actor, FLOOR_ROLES, "sign a handover out")
        notes = notes.strip()
        if len(notes) > NOTES_MAX:
            raise ValidationError(f"The notes are {len(notes)} characters; at most "
                                  f"{NOTES_MAX}.", "notes")
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, handover_id))) as s:
            row = self._load(s, handover_id)
            self._refuse_signed(s, row)
            self._writes.check(s, versioned(row), expected_version)
            row.notes = notes
            row.outgoing_operator_id = actor.id
            row.outgoing_signed_at = now
            s.flush()
            record(s, actor=actor, at=now, entity="handover", entity_id=row.id,
                   action="sign_out", detail={"notes": len(notes)})
            return self._record(s, row)

    def take_over(self, handover_id: int, username: str, password: str) -> HandoverRecord:
        """The incoming officer reads the signed-out handover and signs with their own
        password: a different operator, on the floor (duty officer, coordinator, admin)."""
        incoming = self._authenticator().authenticate(username, password)
        require_role(incoming, FLOOR_ROLES, "take over a shift")
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, handover_id))) as s:
            row = self._load(s, handover_id)
            if row.incoming_signed_at is not None:
                self._refuse_signed(s, row)
            if row.outgoing_signed_at is None:
                raise ValidationError(
                    f"Handover {row.id} is not signed out yet: the outgoing officer "
                    "signs first.", "handover")
            if row.outgoing_operator_id == incoming.id:
                raise PermissionDenied(
                    f"{incoming.display_name} signed this handover out; a different "
                    "officer must take over.")
            row.incoming_operator_id = incoming.id
            row.incoming_signed_at = now
            s.flush()
            record(s, actor=incoming, at=now, entity="handover", entity_id=row.id,
                   action="take_over", detail={"outgoing": row.outgoing_operator_id})
            return self._record(s, row)

    def _refuse_signed(self, s: Session, row: Handover) -> None:
        if row.incoming_signed_at is not None:
            raise ValidationError(
                f"Handover {row.id} was signed by {self._name(s, row.outgoing_operator_id)} "
                f"and {self._name(s, row.incoming_operator_id)}; a signed handover never "
                "changes.", "handover")
        if row.outgoing_signed_at is not None:
            raise ValidationError(
                f"Handover {row.id} was already signed out by "
                f"{self._name(s, row.outgoing_operator_id)}; it waits for the incoming "
                "officer.", "handover")

    # ---- reading ---------------------------------------------------------------------

    def replay(self, reference: str, moment: datetime) -> ReplayState:
        """What the board showed about case ``reference`` at ``moment``."""
        return self._replay.at(reference, moment)

    def get(self, handover_id: int) -> HandoverRecord:
        """The handover exactly as stored (the snapshot is read back, not recomputed)."""
        with self._db.read() as s:
            return self._record(s, self._load(s, handover_id))

    def for_shift(self, shift: DutyShift) -> HandoverRecord | None:
        with self._db.read() as s:
            row = s.scalars(select(Handover).where(Handover.shift_start == shift.starts_at)
                            .order_by(Handover.id.desc())).first()
            return self._record(s, row) if row is not None else None

    def preview(self, at: datetime | None = None) -> HandoverRecord:
        """The handover of the shift being handed over: the stored one if there is one,
        else an unsaved proposal (id 0, unsigned) — for a report without writing."""
        at = at or self._clock.now()
        shift = self.handover_shift(at)
        stored = self.for_shift(shift)
        if stored is not None:
            return stored
        snapshot = self.snapshot(shift, at)
        return HandoverRecord(0, shift.name, shift.starts_at, shift.ends_at, snapshot, "",
                              at, "", None, None, None, None, None, None, 0)

    def history(self, start: datetime, end: datetime) -> list[HandoverSummary]:
        """Handovers of the shifts starting in ``[start, end)``, newest first."""
        with self._db.read() as s:
            rows = s.scalars(select(Handover).where(
                Handover.shift_start >= start, Handover.shift_start < end)
                .order_by(Handover.shift_start.desc(), Handover.id.desc()).limit(1000)).all()
            names = self._names(s, {i for r in rows for i in
                                    (r.outgoing_operator_id, r.incoming_operator_id) if i})
            out: list[HandoverSummary] = []
            for r in rows:
                snap = json.loads(r.snapshot)
                out.append(HandoverSummary(
                    r.id, r.shift_name, r.shift_start, r.shift_end,
                    names.get(r.outgoing_operator_id or 0), r.outgoing_signed_at,
                    names.get(r.incoming_operator_id or 0), r.incoming_signed_at,
                    sum(int(n) for _, n in snap.get("open_by_stage", [])),
                    len(snap.get("significant", []))))
            return out

    @staticmethod
    def _load(s: Session, handover_id: int) -> Handover:
        row = s.get(Handover, handover_id)
        if row is None:
            raise NotFound(f"No handover {handover_id}.")
        return row

    @staticmethod
    def _names(s: Session, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        return dict(s.execute(select(Operator.id, Operator.display_name)
                              .where(Operator.id.in_(sorted(ids)))).all())

    def _name(self, s: Session, operator_id: int | None) -> str:
        if operator_id is None:
            return "nobody"
        return self._names(s, {operator_id}).get(operator_id, "?")

    def _record(self, s: Session, row: Handover) -> HandoverRecord:
        ops = {i: (name, user) for i, name, user in s.execute(
            select(Operator.id, Operator.display_name, Operator.username).where(
                Operator.id.in_([i for i in (row.proposed_by_id, row.outgoing_operator_id,
                                             row.incoming_operator_id) if i])))}
        out = ops.get(row.outgoing_operator_id or 0, (None, None))
        inc = ops.get(row.incoming_operator_id or 0, (None, None))
        return HandoverRecord(
            row.id, row.shift_name, row.shift_start, row.shift_end,
            HandoverSnapshot.from_json(row.snapshot), row.notes, row.proposed_at,
            ops.get(row.proposed_by_id, ("?", "?"))[0], out[0], out[1],
            row.outgoing_signed_at, inc[0], inc[1], row.incoming_signed_at, row.version)


def stage_label(stage: str) -> str:
    return Stage(stage).value.replace("_", " ")
