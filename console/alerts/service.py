"""Alert service: the alert panel's queries and what a duty officer does with an alert.

Life of an alert: ``new → acknowledged → resolved``, or ``shelved`` until a time, after
which it comes back as ``new`` by itself (``unshelve_due``). An alert acknowledged but
neither resolved nor promoted comes back to ``new`` after ``reattention_after`` (default
30 minutes; ``mark_reattention``), so nothing acknowledged is forgotten on a busy shift.
Alerts linked to a case are left to the case's own deadlines.

Every change goes through a method here that checks the actor's role, compares the
version the operator saw (``expected_version``; a stale one raises ``ConflictError``),
writes the row and one audit entry and one change-feed entry (entity ``alert``), all in
one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from console.alerts.domain import (
    ACTIVE_STATUSES,
    CAP_SEVERITIES,
    CASE_TEXT_MAX,
    TITLE_MAX,
    AlertCounts,
    AlertCursor,
    AlertDetail,
    AlertFilter,
    AlertMessage,
    AlertPage,
    AlertRow,
    AlertStatus,
    Promotion,
    case_category,
    case_severity,
)
from console.cases.service import CaseService
from console.clock import Clock
from console.core.domain import Category, OperatorRef, Role, Severity, Source
from console.core.errors import ConflictError, NotFound, ValidationError
from console.core.journal import record
from console.core.like import contains
from console.core.local_time import minute_text
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned, VersionedWrites
from console.operators.service import require_role
from console.territory.district import DistrictService
from db.database import Database
from db.models import Alert, AlertGrid, Case, Grid, Operator

# The panel's types and the promote rules live in console/alerts/domain.py; the widgets and
# the tests may name them from here too.
__all__ = [
    "ACTIVE_STATUSES", "ALERT_ACTORS", "CAP_SEVERITIES", "TITLE_MAX", "AlertCounts",
    "AlertCursor", "AlertDetail", "AlertFilter", "AlertMessage", "AlertPage", "AlertRow",
    "AlertService", "AlertStatus", "Promotion", "case_category", "case_severity",
]

# Who may act on alerts (and import them): everyone but reviewers, who only read.
ALERT_ACTORS = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})

_Ack = aliased(Operator)

_ROW_COLUMNS: tuple[Any, ...] = (
    Alert.id, Alert.source, Alert.event, Alert.headline, Alert.category, Alert.severity,
    Alert.urgency, Alert.certainty, Alert.status, Alert.received_at, Alert.last_seen_at,
    Alert.sent_at, Alert.expires_at, Alert.shelved_until, Alert.repeat_count, Alert.grid_id,
    Grid.code, Alert.area_desc, Alert.case_id, Case.reference, _Ack.display_name,
    Alert.acknowledged_at, Alert.msg_type, Alert.cap_status, Alert.language,
    Alert.severity_rank, Alert.version,
)


def _row(values: Sequence[Any]) -> AlertRow:
    items = list(values)
    items[8] = AlertStatus(items[8])
    return AlertRow(*items)


def versioned(alert: Alert) -> Versioned:
    """The alert as its stale writes name it: ``Alert #12``, changed by its ``updated_by``
    (alerts a feed repeated carry none: the audit log tells)."""
    return Versioned("Alert", f"#{alert.id}", "alert", alert.id, alert.version,
                     alert.updated_by_id, alert.updated_at)


@retries_lost_connection
class AlertService:
    """Acting on alerts and reading them for the panel."""

    def __init__(self, db: Database, clock: Clock, cases: CaseService,
                 district: DistrictService, system: Callable[[], OperatorRef], *,
                 reattention_after: timedelta | None = timedelta(minutes=30),
                 max_shelve: timedelta = timedelta(days=7), batch: int = 1000) -> None:
        self._db = db
        self._clock = clock
        self._cases = cases
        self._district = district
        self._system = system
        self._writes = VersionedWrites(db, cases.center_zone)
        self.reattention_after = reattention_after
        self.max_shelve = max_shelve
        self._batch = batch
        # Called after every committed change that can move the next timer (shelve,
        # acknowledge…): the engine re-arms its alert timer on it.
        self.committed: list[Callable[[], None]] = []

    def _notify(self) -> None:
        for callback in list(self.committed):
            callback()

    # ---- acting ----------------------------------------------------------------------

    def acknowledge(self, actor: OperatorRef, alert_id: int,
                    expected_version: int | None = None) -> AlertDetail:
        """The operator has seen the alert: ``new`` or ``shelved`` → ``acknowledged``."""

        def step(s: Session, alert: Alert, now: datetime) -> dict[str, Any]:
            if alert.status == AlertStatus.ACKNOWLEDGED.value:
                who = s.get(Operator, alert.acknowledged_by_id) \
                    if alert.acknowledged_by_id else None
                raise ValidationError(
                    f"Alert #{alert.id} was already acknowledged by "
                    f"{who.display_name if who else 'someone'} at "
                    f"{minute_text(alert.acknowledged_at, self._cases.center_zone())}.", "status")
            self._refuse_resolved(alert, "acknowledged")
            detail = {"status": [alert.status, AlertStatus.ACKNOWLEDGED.value]}
            alert.status = AlertStatus.ACKNOWLEDGED.value
            alert.acknowledged_by_id = actor.id
            alert.acknowledged_at = now
            alert.shelved_until = None
            return detail

        return self._act(actor, alert_id, expected_version, "acknowledge", "acknowledge alerts",
                         step)

    def shelve(self, actor: OperatorRef, alert_id: int, until: datetime,
               expected_version: int | None = None) -> AlertDetail:
        """Put the alert aside until ``until``; it comes back as ``new`` by itself then."""
        if until.tzinfo is None:
            raise ValidationError("Give the time to shelve until with its time zone.", "until")

        def step(s: Session, alert: Alert, now: datetime) -> dict[str, Any]:
            self._refuse_resolved(alert, "shelved")
            if until <= now:
                raise ValidationError(
                    f"Shelve alert #{alert.id} until a time in the future (it is now "
                    f"{minute_text(now, self._cases.center_zone())}).", "until")
            if until - now > self.max_shelve:
                hours = int(self.max_shelve.total_seconds() // 3600)
                raise ValidationError(
                    f"An alert can be shelved for at most {hours} hours.", "until")
            detail = {"status": [alert.status, AlertStatus.SHELVED.value],
                      "shelved_until": [alert.shelved_until, until]}
            alert.status = AlertStatus.SHELVED.value
            alert.shelved_until = until
            alert.shelved_by_id = actor.id
            return detail

        return self._act(actor, alert_id, expected_version, "shelve", "shelve alerts", step)

    def resolve(self, actor: OperatorRef, alert_id: int, expected_version: int | None = None,
                note: str = "") -> AlertDetail:
        """Nothing more to do about this alert."""
        note = note.strip()
        if len(note) > CASE_TEXT_MAX:
            raise ValidationError(f"The note is {len(note)} characters; at most "
                                  f"{CASE_TEXT_MAX}.", "note")

        def step(s: Session, alert: Alert, now: datetime) -> dict[str, Any]:
            self._refuse_resolved(alert, "resolved")
            detail: dict[str, Any] = {"status": [alert.status, AlertStatus.RESOLVED.value]}
            if note:
                detail["note"] = note
                alert.note = note
            alert.status = AlertStatus.RESOLVED.value
            alert.resolved_at = now
            alert.resolved_by_id = actor.id
            alert.shelved_until = None
            return detail

        return self._act(actor, alert_id, expected_version, "resolve", "resolve alerts", step)

    def promote_to_case(
        self, actor: OperatorRef, alert_id: int, *, title: str | None = None,
        category: str | Category | None = None, severity: int | str | Severity | None = None,
        grid: str | None = None, expected_version: int | None = None,
    ) -> Promotion:
        """Open a case from the alert (through ``CaseService.report``: same checks, same
        audit), link it to the alert and acknowledge the alert. Title, category, severity
        and grid come from the alert unless given."""
        require_role(actor, ALERT_ACTORS, "promote alerts to cases")
        with self._db.read() as s:
            alert = self._load(s, alert_id)
            self._writes.check(s, versioned(alert), expected_version)
            if alert.case_id is not None:
                linked = s.get(Case, alert.case_id)
                raise ValidationError(
                    f"Alert #{alert.id} is already linked to case "
                    f"{linked.reference if linked else alert.case_id}.", "case")
            if alert.applied_to_id is not None:
                raise ValidationError(
                    f"Alert #{alert.id} is a {alert.msg_type} message applied to alert "
                    f"#{alert.applied_to_id}; promote that one.", "alert")
            if grid is None:
                if alert.grid_id is None:
                    raise ValidationError(
                        f"Alert #{alert.id}'s area is not in any grid cell of the district; "
                        "choose the grid for the case.", "grid")
                grid = self._district.grid(alert.grid_id).code
            default_title = " ".join((alert.headline or alert.event).split())
            if len(default_title) > TITLE_MAX:
                default_title = default_title[:TITLE_MAX - 1] + "…"
            parts = [alert.description.strip(), alert.instruction.strip(),
                     f"From alert #{alert.id} ({alert.source}"
                     f"{', ' + alert.sender if alert.sender else ''}).".strip()]
            description = "\n\n".join(p for p in parts if p)
            if len(description) > CASE_TEXT_MAX:
                description = description[:CASE_TEXT_MAX - 1] + "…"
            fields: dict[str, Any] = {
                "title": title if title is not None else default_title,
                "category": category if category is not None
                else case_category(alert.category, alert.event, alert.headline),
                "severity": severity if severity is not None else case_severity(alert.severity),
                "grid": grid,
                "description": description,
                "location": alert.area_desc[:TITLE_MAX],
                "reporter": (alert.sender or alert.source)[:TITLE_MAX],
            }
        case = self._cases.report(actor, source=Source.ALERT, **fields)
        now = self._clock.now()
        with self._db.write.begin() as s:
            alert = self._load(s, alert_id)
            if alert.case_id is not None:
                linked = s.get(Case, alert.case_id)
                raise ConflictError(
                    f"Alert #{alert.id} was linked to case "
                    f"{linked.reference if linked else alert.case_id} meanwhile; case "
                    f"{case.reference} was opened too — close it as a duplicate.")
            detail: dict[str, Any] = {"case": case.reference}
            alert.case_id = case.row.id
            if alert.status in {AlertStatus.NEW.value, AlertStatus.SHELVED.value}:
                detail["status"] = [alert.status, AlertStatus.ACKNOWLEDGED.value]
                alert.status = AlertStatus.ACKNOWLEDGED.value
                alert.acknowledged_by_id = actor.id
                alert.acknowledged_at = now
                alert.shelved_until = None
            alert.updated_at = now
            alert.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="alert", entity_id=alert.id,
                   action="promote", detail=detail)
            result = self._detail(s, alert)
        self._notify()
        return Promotion(result, self._cases.get(case.reference))

    def _refuse_resolved(self, alert: Alert, what: str) -> None:
        if alert.status == AlertStatus.RESOLVED.value:
            raise ValidationError(f"Alert #{alert.id} is resolved; it cannot be {what}.",
                                  "status")

    def _act(self, actor: OperatorRef, alert_id: int, expected_version: int | None,
             action: str, what: str,
             step: Callable[[Session, Alert, datetime], dict[str, Any]]) -> AlertDetail:
        require_role(actor, ALERT_ACTORS, what)
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, alert_id))) as s:
            alert = self._load(s, alert_id)
            self._writes.check(s, versioned(alert), expected_version)
            detail = step(s, alert, now)
            alert.updated_at = now
            alert.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="alert", entity_id=alert.id,
                   action=action, detail=detail)
            result = self._detail(s, alert)
        self._notify()
        return result

    def _load(self, s: Session, alert_id: int) -> Alert:
        alert = s.get(Alert, alert_id)
        if alert is None:
            raise NotFound(f"No alert #{alert_id}.")
        return alert

    # ---- timers ----------------------------------------------------------------------

    def due_returns(self, now: datetime | None = None) -> list[int]:
        """Shelved alerts whose time is up (not changed here)."""
        now = now or self._clock.now()
        with self._db.read() as s:
            return list(s.scalars(
                select(Alert.id).where(Alert.status == AlertStatus.SHELVED.value,
                                       Alert.shelved_until <= now)
                .order_by(Alert.shelved_until, Alert.id)))

    def next_unshelve_at(self) -> datetime | None:
        """When the next shelved alert comes back (arm a timer for it), or None."""
        with self._db.read() as s:
            return s.scalar(select(func.min(Alert.shelved_until))
                            .where(Alert.status == AlertStatus.SHELVED.value))

    def unshelve_due(self) -> int:
        """Bring back every shelved alert whose time is up; returns how many."""
        return self._return_due(
            action="unshelve",
            where=lambda now: (Alert.status == AlertStatus.SHELVED.value,
                               Alert.shelved_until <= now),
            order=Alert.shelved_until,
            detail=lambda row: {"status": [AlertStatus.SHELVED.value, AlertStatus.NEW.value],
                                "shelved_until": row[2]},
            from_status=AlertStatus.SHELVED)

    def reattention_due(self, now: datetime | None = None) -> list[int]:
        """Acknowledged alerts, not resolved and not linked to a case, acknowledged longer
        than ``reattention_after`` ago (not changed here)."""
        if self.reattention_after is None:
            return []
        cutoff = (now or self._clock.now()) - self.reattention_after
        with self._db.read() as s:
            return list(s.scalars(
                select(Alert.id).where(*self._reattention_where(cutoff))
                .order_by(Alert.acknowledged_at, Alert.id)))

    def next_reattention_at(self) -> datetime | None:
        """When the next acknowledged alert comes back to attention, or None."""
        if self.reattention_after is None:
            return None
        with self._db.read() as s:
            first = s.scalar(select(func.min(Alert.acknowledged_at)).where(
                Alert.status == AlertStatus.ACKNOWLEDGED.value, Alert.case_id.is_(None)))
        return first + self.reattention_after if first is not None else None

    def mark_reattention(self) -> int:
        """Bring acknowledged alerts that were left alone too long back to ``new``."""
        after = self.reattention_after
        if after is None:
            return 0
        minutes = int(after.total_seconds() // 60)
        return self._return_due(
            action="reattention",
            where=lambda now: self._reattention_where(now - after),
            order=Alert.acknowledged_at,
            detail=lambda row: {"status": [AlertStatus.ACKNOWLEDGED.value,
                                           AlertStatus.NEW.value],
                                "acknowledged_at": row[2], "after_minutes": minutes},
            from_status=AlertStatus.ACKNOWLEDGED)

    @staticmethod
    def _reattention_where(cutoff: datetime) -> tuple[Any, ...]:
        return (Alert.status == AlertStatus.ACKNOWLEDGED.value, Alert.case_id.is_(None),
                Alert.acknowledged_at <= cutoff)

    def next_timer_at(self) -> datetime | None:
        """The earliest moment ``run_timers`` has something to do, or None."""
        times = [t for t in (self.next_unshelve_at(), self.next_reattention_at())
                 if t is not None]
        return min(times) if times else None

    def run_timers(self) -> int:
        """What the engine's timer calls: unshelve and re-attention; returns how many."""
        return self.unshelve_due() + self.mark_reattention()

    def _return_due(self, *, action: str, where: Callable[[datetime], Iterable[Any]],
                    order: Any, detail: Callable[[Sequence[Any]], dict[str, Any]],
                    from_status: AlertStatus) -> int:
        """Compare-and-set each due alert back to ``new``: safe with two engines."""
        actor = self._system()
        done = 0
        while True:
            now = self._clock.now()
            with self._db.write.begin() as s:
                query = (select(Alert.id, Alert.version, order).where(*where(now))
                         .order_by(order, Alert.id).limit(self._batch))
                if s.get_bind().dialect.name == "postgresql":
                    query = query.with_for_update(skip_locked=True)
                rows = s.execute(query).all()
                for row in rows:
                    result = s.execute(
                        update(Alert).where(Alert.id == row[0], Alert.version == row[1],
                                            Alert.status == from_status.value)
                        .values(status=AlertStatus.NEW.value, shelved_until=None,
                                version=row[1] + 1, updated_at=now, updated_by_id=actor.id)
                        .execution_options(synchronize_session=False))
                    if result.rowcount != 1:  # type: ignore[attr-defined]
                        continue
                    record(s, actor=actor, at=now, entity="alert", entity_id=row[0],
                           action=action, detail=detail(row))
                    done += 1
            if len(rows) < self._batch:
                break
        if done:
            self._notify()
        return done

    # ---- reading ---------------------------------------------------------------------

    def _select(self) -> Select[Any]:
        return (select(*_ROW_COLUMNS)
                .outerjoin(Grid, Grid.id == Alert.grid_id)
                .outerjoin(Case, Case.id == Alert.case_id)
                .outerjoin(_Ack, _Ack.id == Alert.acknowledged_by_id))

    def _where(self, flt: AlertFilter) -> list[Any]:
        """The filter in SQL, written so that each common view is one index range in the
        panel's order: open alerts (``is_open``), one status, or everything. Messages
        applied to another alert are always resolved, so only views that include
        resolved alerts need to leave them out explicitly."""
        clauses: list[Any] = []
        if flt.statuses == ACTIVE_STATUSES:
            clauses.append(Alert.is_open == 1)
        elif len(flt.statuses) == 1:
            (only,) = flt.statuses
            clauses.append(Alert.status == only.value)
        elif flt.statuses:
            clauses.append(Alert.status.in_(sorted(s.value for s in flt.statuses)))
        if not flt.statuses or AlertStatus.RESOLVED in flt.statuses:
            clauses.append(Alert.applied_to_id.is_(None))
        if flt.severities:
            clauses.append(Alert.severity.in_(sorted(flt.severities)))
        if flt.sources:
            clauses.append(Alert.source.in_(sorted(flt.sources)))
        if flt.grid_ids:
            wanted = sorted(flt.grid_ids)
            clauses.append(or_(Alert.grid_id.in_(wanted), Alert.id.in_(
                select(AlertGrid.alert_id).where(AlertGrid.grid_id.in_(wanted)))))
        for word in flt.text.split():
            clauses.append(or_(contains(Alert.headline, word), contains(Alert.event, word),
                               contains(Alert.area_desc, word)))
        return clauses

    def list_alerts(self, flt: AlertFilter | None = None, *, limit: int = 200,
                    offset: int = 0, after: AlertCursor | None = None) -> AlertPage:
        """A page of alerts, most severe first and, within a severity, newest first.
        Page with ``after`` (the previous page's ``next``: stable while alerts arrive) or
        with ``offset``."""
        flt = flt or AlertFilter()
        limit = max(1, min(limit, 5000))
        clauses = self._where(flt)
        if after is not None:
            clauses.append(or_(
                Alert.severity_rank > after.severity_rank,
                and_(Alert.severity_rank == after.severity_rank,
                     Alert.received_at < after.received_at),
                and_(Alert.severity_rank == after.severity_rank,
                     Alert.received_at == after.received_at, Alert.id < after.id)))
        with self._db.read() as s:
            rows = [_row(r) for r in s.execute(
                self._select().where(*clauses)
                .order_by(Alert.severity_rank, Alert.received_at.desc(), Alert.id.desc())
                .offset(max(0, offset)).limit(limit + 1))]
            more = len(rows) > limit
            rows = self._with_grids(s, rows[:limit])
        cursor = None
        if more and rows:
            last = rows[-1]
            cursor = AlertCursor(last.severity_rank, last.received_at, last.id)
        return AlertPage(rows, cursor)

    def rows_by_ids(self, ids: Iterable[int]) -> list[AlertRow]:
        """Panel rows of the alerts named (e.g. by the change feed), in chunks. Messages
        applied to another alert are left out: the panel shows the alert they changed."""
        wanted = sorted(set(ids))
        out: list[AlertRow] = []
        with self._db.read() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                out.extend(self._with_grids(s, [_row(r) for r in s.execute(
                    self._select().where(Alert.id.in_(chunk),
                                         Alert.applied_to_id.is_(None)))]))
        return out

    @staticmethod
    def _with_grids(s: Session, rows: list[AlertRow]) -> list[AlertRow]:
        """The rows with the other grids their areas reach: one indexed read per page."""
        if not rows:
            return rows
        more: dict[int, list[tuple[int, str]]] = {}
        for aid, gid, code in s.execute(
                select(AlertGrid.alert_id, AlertGrid.grid_id, Grid.code)
                .join(Grid, Grid.id == AlertGrid.grid_id)
                .where(AlertGrid.alert_id.in_([r.id for r in rows]))
                .order_by(AlertGrid.alert_id, Grid.code)):
            more.setdefault(aid, []).append((gid, code))
        return [replace(r, more_grids=tuple(g for g in more[r.id] if g[0] != r.grid_id))
                if r.id in more else r for r in rows]

    def get(self, alert_id: int) -> AlertDetail:
        with self._db.read() as s:
            return self._detail(s, self._load(s, alert_id))

    def counts(self) -> AlertCounts:
        """New alerts per severity (Extreme … Unknown, every key present; a severity
        outside CAP's words counts as Unknown), acknowledged and shelved ones: for the
        panel's header and the status bar. Counted from an index."""
        with self._db.read() as s:
            by_rank: dict[int, int] = {rank: n for rank, n in s.execute(
                select(Alert.severity_rank, func.count())
                .where(Alert.status == AlertStatus.NEW.value)
                .group_by(Alert.severity_rank))}
            acknowledged, shelved = (
                s.scalar(select(func.count()).where(Alert.status == status.value)) or 0
                for status in (AlertStatus.ACKNOWLEDGED, AlertStatus.SHELVED))
        new = {name: int(by_rank.get(rank, 0)) for rank, name in
               enumerate(CAP_SEVERITIES, start=1)}
        return AlertCounts(new, int(acknowledged), int(shelved))

    def _detail(self, s: Session, alert: Alert) -> AlertDetail:
        people = {alert.resolved_by_id, alert.shelved_by_id, alert.updated_by_id} - {None}
        names = {oid: name for oid, name in s.execute(
            select(Operator.id, Operator.display_name).where(Operator.id.in_(people)))}
        (row,) = self._with_grids(
            s, [_row(s.execute(self._select().where(Alert.id == alert.id)).one())])
        messages = tuple(AlertMessage(*m) for m in s.execute(
            select(Alert.id, Alert.msg_type, Alert.external_id, Alert.sender, Alert.sent_at,
                   Alert.received_at)
            .where(Alert.applied_to_id == alert.id).order_by(Alert.id)))
        try:
            geometry = json.loads(alert.geometry or "{}")
            infos = json.loads(alert.infos or "[]")
        except ValueError:
            geometry, infos = {}, []
        return AlertDetail(
            row=row, external_id=alert.external_id, dedup_key=alert.dedup_key,
            sender=alert.sender, scope=alert.scope, description=alert.description,
            instruction=alert.instruction, note=alert.note, references=alert.cap_references,
            geometry=geometry if isinstance(geometry, dict) else {},
            infos=tuple(i for i in infos if isinstance(i, dict))
            if isinstance(infos, list) else (),
            raw=alert.raw, resolved_at=alert.resolved_at,
            resolved_by=names.get(alert.resolved_by_id) if alert.resolved_by_id else None,
            shelved_by=names.get(alert.shelved_by_id) if alert.shelved_by_id else None,
            updated_at=alert.updated_at,
            updated_by=names.get(alert.updated_by_id) if alert.updated_by_id else None,
            messages=messages,
        )
