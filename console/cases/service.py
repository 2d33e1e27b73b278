"""Case service: reporting cases and moving them round the closed loop."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from console.cases.deadlines import DeadlineService
from console.cases.joint import (
    JointLimits,
    JointSteps,
    JointView,
    bump_daily,
    check_step,
    parse_teams,
)
from console.cases.lifecycle import JOINT_STEPS, NEEDS_TEXT, TARGET, Action, check_legal
from console.cases.query import OVERDUE_LEVEL, CaseFilter, CasePage, PageCursor, Scope
from console.clock import Clock
from console.core.counters import next_value
from console.core.domain import (
    OPEN_STAGES,
    CaseDetail,
    CaseRow,
    Category,
    GridRef,
    OperatorRef,
    Severity,
    Source,
    Stage,
    StageCounts,
    TimelineEntry,
)
from console.core.errors import NotFound, ValidationError
from console.core.journal import announce, record
from console.core.like import contains
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned, VersionedWrites
from console.operators.service import CASE_WRITERS, SUPERVISORS, require_role
from console.territory.district import DistrictService
from console.territory.places import LonLat
from db.database import Database
from db.kpi_facts import write_closed_fact
from db.models import AuditEntry, Case, CaseFact, CasePart, Grid, Operator, Team
from db.models.hazards import Hazard

TITLE_MAX = 200
TEXT_MAX = 2000

# Columns of a board row, in CaseRow order.
_ROW_COLUMNS = (
    Case.id, Case.reference, Case.title, Case.category, Case.severity, Case.source,
    Case.stage, Case.paused_at, Case.grid_id, Grid.code, Case.team_id, Team.code,
    Case.reported_at, Case.updated_at, Case.closed_at, Case.rework_count, Case.version,
    Case.escalation_level, Case.next_due_at, Case.next_due_kind, Case.supervised,
)


def _code_of(team: str | int | None) -> str | None:
    return None if team is None else str(team)


def _row(values: Sequence[Any]) -> CaseRow:
    (cid, ref, title, cat, sev, src, stage, paused_at, grid_id, grid_code, team_id,
     team_code, reported_at, updated_at, closed_at, rework, version, level, next_due_at,
     next_due_kind, supervised) = values
    return CaseRow(
        cid, ref, title, Category(cat), Severity(sev), Source(src), Stage(stage),
        paused_at is not None, grid_id, grid_code, team_id, team_code, reported_at,
        updated_at, closed_at, rework, version, level, next_due_at, next_due_kind,
        bool(supervised),
    )


class CaseStepHook(Protocol):
    """Work another service does inside a case step's transaction (the roster sends and
    releases members); what it returns is added to the step's audit entry."""

    def on_case_step(self, s: Session, case: Case, action: Action, now: datetime,
                     actor: OperatorRef, members: Sequence[int]) -> dict[str, Any]: ...


def versioned(case: Case) -> Versioned:
    """The case as its stale writes name it: by reference, changed by its ``updated_by``."""
    return Versioned("Case", case.reference, "case", case.id, case.version,
                     case.updated_by_id, case.updated_at)


def _choice(kind: type[Any], value: object, label: str, field: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(str(m.value) for m in kind)
        raise ValidationError(f"Unknown {label} {value!r}; use one of: {options}.", field) from None


def parse_severity(value: object) -> Severity:
    """Severity 1 (critical) to 4 (low), from an int or its text."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number not in {s.value for s in Severity}:
        raise ValidationError(
            f"Severity must be 1 (critical), 2 (high), 3 (medium) or 4 (low), not {value!r}.",
            "severity",
        )
    return Severity(number)


def _clean_text(value: str, label: str, field: str, limit: int, required: bool) -> str:
    text = " ".join(value.split()) if field == "title" else value.strip()
    if required and not text:
        raise ValidationError(f"The {label} must not be empty.", field)
    if len(text) > limit:
        raise ValidationError(f"The {label} is {len(text)} characters; at most {limit}.", field)
    return text


@retries_lost_connection
class CaseService:
    """Every change to a case goes through here: role check, validation, the row, one
    audit entry and one change-feed entry, all in one transaction."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 deadlines: DeadlineService, limits: JointLimits | None = None) -> None:
        self._db = db
        self._joint = JointSteps(deadlines, limits or JointLimits())
        self._clock = clock
        self._district = district
        self._deadlines = deadlines
        self._writes = VersionedWrites(db, deadlines.center_timezone)
        # Called after every committed change (the escalation engine re-arms on it).
        self.committed: list[Callable[[], None]] = []
        # The roster: members sent with a dispatch, released when the case is resolved.
        self.assignments: CaseStepHook | None = None

    def center_zone(self) -> ZoneInfo:
        """The center's time zone, in which every time a person reads is written."""
        return self._deadlines.center_timezone()

    def _notify(self) -> None:
        for callback in list(self.committed):
            callback()

    # ---- writing -------------------------------------------------------------------

    def report(
        self,
        actor: OperatorRef,
        *,
        title: str,
        category: str | Category,
        severity: int | str | Severity,
        grid: str | None = None,
        source: str | Source = Source.HOTLINE,
        description: str = "",
        location: str = "",
        reporter: str = "",
        hazard: str | None = None,
        point: LonLat | None = None,
    ) -> CaseDetail:
        """Report a new case; it starts in ``reported`` with a fresh reference.
        ``hazard`` is the code of a registered hazard the case involves, if any.

        ``point`` (WGS84) places the case: its grid is the one holding the point, and a
        point outside the territory is refused naming the nearest grid. Given both, the
        grid must be the point's."""
        require_role(actor, CASE_WRITERS, "report cases")
        title = _clean_text(title, "title", "title", TITLE_MAX, required=True)
        cat = _choice(Category, category, "category", "category")
        sev = parse_severity(severity)
        src = _choice(Source, source, "source", "source")
        grid_ref = self._grid_for(grid, point)
        if grid_ref.retired:
            raise ValidationError(
                f"Grid {grid_ref.code} is retired: it keeps its history but takes no new "
                "cases. Choose the grid that now covers the place.", "grid")
        description = _clean_text(description, "description", "description", TEXT_MAX, False)
        location = _clean_text(location, "location", "location", TITLE_MAX, False)
        reporter = _clean_text(reporter, "reporter", "reporter", TITLE_MAX, False)
        now = self._clock.now()
        with self._db.write.begin() as s:
            hazard_id, hazard_code = self._hazard(s, hazard)
            reference = self._next_reference(s, now)
            case = Case(
                reference=reference, title=title, description=description, location=location,
                reporter=reporter, category=cat.value, severity=int(sev), source=src.value,
                grid_id=grid_ref.id, team_id=None, stage=Stage.REPORTED.value,
                lon=point.lon if point else None, lat=point.lat if point else None,
                pause_reason="", paused_seconds=0, rework_count=0, reported_at=now,
                created_by_id=actor.id, updated_by_id=actor.id, updated_at=now,
                supervised=False, escalation_level=0, hazard_id=hazard_id,
            )
            planned = self._deadlines.plan_report(s, case, now)
            s.add(case)
            s.flush()
            self._deadlines.attach(s, case, planned)
            report_detail: dict[str, Any] = {"title": title, "category": cat,
                                             "severity": int(sev), "source": src,
                                             "grid": grid_ref.code}
            if point is not None:
                report_detail["point"] = [round(point.lon, 7), round(point.lat, 7)]
            if hazard_id is not None:
                report_detail["hazard"] = hazard_code
                announce(s, at=now, entity="hazard", entity_id=hazard_id, op="update")
            record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                   action=Action.REPORT.value, op="insert", detail=report_detail)
            detail = self._detail(s, case)
        self._notify()
        return detail

    def _grid_for(self, grid: str | None, point: LonLat | None) -> GridRef:
        """The grid a new case goes to: the one named, or the one holding its point."""
        if point is not None:
            found = self._district.grid_at_point(point)
            if grid is not None and grid.strip() and \
                    found.code.upper() != grid.strip().upper():
                raise ValidationError(
                    f"The point ({point.text()}) lies in grid {found.code}, not "
                    f"{grid.strip()}: give one or the other, or correct it.", "grid")
            return found
        if grid is None or not grid.strip():
            raise ValidationError("Say where: a grid, or a point (longitude and latitude).",
                                  "grid")
        return self._district.grid_by_code(grid)

    def apply(
        self,
        actor: OperatorRef,
        reference: str,
        action: Action,
        *,
        expected_version: int | None = None,
        team: str | int | None = None,
        text: str = "",
        members: Sequence[int] | None = None,
        assist: str | Sequence[str] | None = None,
        parts: Sequence[str] = (),
        reason: str = "",
        satisfaction: str | None = None,
        resolved: bool | None = None,
    ) -> CaseDetail:
        """Take one step on a case. ``expected_version`` is the version the operator saw;
        if someone changed the case since, the step is refused with ``ConflictError``.
        ``members`` (ids) go on task with a dispatch, in the same transaction and audit
        entry (see ``console/rosters.py``). Joint handling (``console/cases/joint.py``):
        ``assist`` names assisting teams (dispatch, whistle) with their ``parts`` in
        order; ``team`` the team reporting in, done, waived or ruled; ``reason`` a
        return's; ``satisfaction`` and ``resolved`` a callback's."""
        require_role(actor, CASE_WRITERS, "change cases")
        action = _choice(Action, action, "action", "action")
        if action in (Action.RULE, Action.WAIVE):
            require_role(actor, SUPERVISORS, f"{action.value} cases")
        if action is Action.REPORT:
            raise ValidationError("Use report() to open a new case.", "action")
        text = _clean_text(text, "text", "text", TEXT_MAX, required=action in NEEDS_TEXT)
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, reference))) as s:
            case = self._load(s, reference)
            self._writes.check(s, versioned(case), expected_version)
            check_step(case.reference, self._joint.state(s, case, now), action,
                       self.center_zone())
            if action not in JOINT_STEPS:
                check_legal(case.reference, Stage(case.stage), case.paused_at is not None,
                            action)
            detail = self._step(case, action, now, team, text)
            with s.no_autoflush:  # the case row is flushed once, by the step (its version)
                detail.update(self._joint_step(s, case, action, now, team, text, assist,
                                               parts, reason, satisfaction, resolved))
            if self.assignments is not None:
                detail.update(self.assignments.on_case_step(s, case, action, now, actor,
                                                            members or ()))
            elif members:
                raise ValidationError("This console keeps no rosters: members cannot be "
                                      "sent with the case.", "members")
            if action is not Action.NOTE:
                self._deadlines.on_step(s, case, action, now)
                case.updated_at = now
                case.updated_by_id = actor.id
                if action is Action.CLOSE:
                    # The KPI facts, frozen at the first close (a callback may reopen it).
                    with s.no_autoflush:
                        detail.update(self._joint.on_close(s, case, now))
                        first_close = s.get(CaseFact, case.id) is None
                    if first_close:
                        write_closed_fact(s, case)
            s.flush()
            record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                   action=action.value, detail=detail)
            result = self._detail(s, case)
        self._notify()
        return result

    def _joint_step(self, s: Session, case: Case, action: Action, now: datetime,
                    team: str | int | None, text: str, assist: str | Sequence[str] | None,
                    parts: Sequence[str], reason: str, satisfaction: str | None,
                    resolved: bool | None) -> dict[str, Any]:
        """The joint-handling side of a step (console/cases/joint.py)."""
        j = self._joint
        detail: dict[str, Any] = {}
        if action is Action.DISPATCH:
            assert case.team_id is not None
            j.on_lead(s, case, case.team_id, now)
            bump_daily(s, now, self.center_zone(), case.grid_id, case.team_id, dispatched=1)
            detail.update(self._summon(s, case, assist, parts, now, whistle=False))
        elif action is Action.WHISTLE:
            if not parse_teams(assist):
                raise ValidationError(
                    f"Name the teams the whistle on case {case.reference} summons.", "assist")
            detail.update(self._summon(s, case, assist, parts, now, whistle=True))
        elif action is Action.REPORT_IN:
            detail.update(j.report_in(s, case, _code_of(team), now))
        elif action in (Action.PART_DONE, Action.WAIVE):
            detail.update(j.finish(s, case, _code_of(team), now, action is Action.WAIVE,
                                   text))
        elif action is Action.RETURN:
            old = case.stage
            detail.update(j.give_back(case, reason, now, s))
            detail["stage"] = [old, case.stage]
        elif action is Action.DISPUTE:
            case.disputed = True
            detail["disputed"] = True
        elif action is Action.RULE:
            if team is None or team == "":
                raise ValidationError(
                    f"Choose the team that owns case {case.reference}.", "team")
            ruled = self._team_row(s, team)
            old_stage, old_team = case.stage, case.team_id
            detail.update(j.rule(s, case, ruled, now))
            if old_team != ruled.id:
                detail["team"] = [self._team_code(s, old_team), ruled.code]
            case.team_id = ruled.id
            if not (old_team == ruled.id and case.stage == Stage.IN_PROGRESS.value):
                case.stage = Stage.DISPATCHED.value
                case.dispatched_at, case.started_at = now, None
            if case.stage != old_stage:
                detail["stage"] = [old_stage, case.stage]
            j.on_lead(s, case, ruled.id, now)
        elif action is Action.CALLBACK:
            extra, _reopened = j.callback(s, case, satisfaction, resolved, text, now)
            detail.update(extra)
        return detail

    def _summon(self, s: Session, case: Case, assist: str | Sequence[str] | None,
                parts: Sequence[str], now: datetime, whistle: bool) -> dict[str, Any]:
        codes = parse_teams(assist)
        texts = [_clean_text(p, "part", "parts", TITLE_MAX, False) for p in parts]
        if len(texts) > len(codes):
            raise ValidationError(
                f"{len(texts)} part texts for {len(codes)} assisting teams: give one per "
                "team, in the order of the teams.", "parts")
        summoned = []
        for i, code in enumerate(codes):
            team_row = self._team_row(s, code)
            summoned.append(self._joint.summon(s, case, team_row,
                                               texts[i] if i < len(texts) else "", now,
                                               whistle))
        return {"assist": summoned} if summoned else {}

    def _team_row(self, s: Session, team: str | int) -> Team:
        ref = (self._district.team(team) if isinstance(team, int)
               else self._district.team_by_code(team))
        row = s.get(Team, ref.id)
        assert row is not None
        return row

    @staticmethod
    def _team_code(s: Session, team_id: int | None) -> str | None:
        return s.scalar(select(Team.code).where(Team.id == team_id)) if team_id else None

    def joint(self, reference: str) -> JointView:
        """The case's joint handling: parts, dispute and ruling, callbacks, and every step
        legal now (the detail pane's buttons)."""
        with self._db.read() as s:
            case = self._load(s, reference)
            return self._joint.view(s, case, self._clock.now())

    @property
    def joint_limits(self) -> JointLimits:
        return self._joint.limits

    def supervise(self, actor: OperatorRef, reference: str, text: str,
                  expected_version: int | None = None) -> CaseDetail:
        """Put an open case under supervision (督办): pinned and marked on every board,
        what is left of its pending deadlines shortened by the policy's factor."""
        require_role(actor, SUPERVISORS, "put cases under supervision")
        text = _clean_text(text, "reason for supervision", "text", TEXT_MAX, required=True)
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, reference))) as s:
            case = self._load(s, reference)
            self._writes.check(s, versioned(case), expected_version)
            if case.stage == Stage.CLOSED.value:
                raise ValidationError(f"Case {case.reference} is closed.", "action")
            if case.supervised:
                raise ValidationError(
                    f"Case {case.reference} is already under supervision.", "action")
            case.supervised = True
            moved = self._deadlines.on_supervise(s, case, now)
            case.updated_at = now
            case.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                   action="supervise", detail={"note": text, "deadlines_moved": moved})
            result = self._detail(s, case)
        self._notify()
        return result

    def link_hazard(self, actor: OperatorRef, ref: str, hazard_code: str | None,
                    expected_version: int | None = None) -> CaseDetail:
        """Name the registered hazard the case involves (``None`` to clear it). The case's
        audit entry says what changed; both hazards' registries are told to refresh."""
        require_role(actor, CASE_WRITERS, "change cases")
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, ref))) as s:
            case = self._load(s, ref)
            self._writes.check(s, versioned(case), expected_version)
            hazard_id, code = self._hazard(s, hazard_code)
            if hazard_id == case.hazard_id:
                return self._detail(s, case)
            old_id = case.hazard_id
            old = s.scalar(select(Hazard.code).where(Hazard.id == old_id)) if old_id else None
            case.hazard_id = hazard_id
            case.updated_at = now
            case.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="case", entity_id=case.id,
                   action="link_hazard", detail={"hazard": [old, code]})
            for changed in sorted({h for h in (old_id, hazard_id) if h is not None}):
                announce(s, at=now, entity="hazard", entity_id=changed, op="update")
            result = self._detail(s, case)
        self._notify()
        return result

    @staticmethod
    def _hazard(s: Session, code: str | None) -> tuple[int | None, str | None]:
        """(id, code) of the hazard named by ``code``; (None, None) for none."""
        if code is None or not code.strip():
            return None, None
        wanted = code.strip().upper()
        hazard_id = s.scalar(select(Hazard.id).where(Hazard.code == wanted))
        if hazard_id is None:
            raise ValidationError(f"No registered hazard {code.strip()!r}.", "hazard")
        return hazard_id, wanted

    # Thin, readable wrappers over ``apply`` for the command line and tests.
    def register(self, actor: OperatorRef, ref: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.REGISTER, **kw)

    def dispatch(self, actor: OperatorRef, ref: str, team: str | int, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.DISPATCH, team=team, **kw)

    def start(self, actor: OperatorRef, ref: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.START, **kw)

    def resolve(self, actor: OperatorRef, ref: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.RESOLVE, **kw)

    def verify(self, actor: OperatorRef, ref: str, passed: bool, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.VERIFY if passed else Action.REOPEN, **kw)

    def close(self, actor: OperatorRef, ref: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.CLOSE, **kw)

    def pause(self, actor: OperatorRef, ref: str, reason: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.PAUSE, text=reason, **kw)

    def resume(self, actor: OperatorRef, ref: str, **kw: Any) -> CaseDetail:
        return self.apply(actor, ref, Action.RESUME, **kw)

    def note(self, actor: OperatorRef, ref: str, text: str) -> CaseDetail:
        return self.apply(actor, ref, Action.NOTE, text=text)

    def _step(
        self, case: Case, action: Action, now: datetime, team: str | int | None, text: str
    ) -> dict[str, Any]:
        """Apply ``action`` to the row; return what changed, for the audit entry."""
        detail: dict[str, Any] = {}
        if text:
            detail["note" if action is not Action.PAUSE else "reason"] = text
        old_stage = case.stage
        if action is Action.DISPATCH:
            if team is None or team == "":
                raise ValidationError(
                    f"Choose the team to dispatch case {case.reference} to.", "team"
                )
            team_ref = (self._district.team(team) if isinstance(team, int)
                        else self._district.team_by_code(team))
            old_team = self._district.team(case.team_id).code if case.team_id else None
            if old_team != team_ref.code:
                detail["team"] = [old_team, team_ref.code]
            case.team_id = team_ref.id
        if action in TARGET:
            case.stage = TARGET[action].value
            detail["stage"] = [old_stage, case.stage]
        if action is Action.REGISTER:
            case.registered_at = now
        elif action is Action.DISPATCH:
            case.dispatched_at = now
        elif action is Action.START:
            case.started_at = now
        elif action is Action.RESOLVE:
            case.resolved_at = now
        elif action is Action.VERIFY:
            case.verified_at = now
        elif action is Action.REOPEN:
            case.rework_count += 1
            detail["rework_count"] = [case.rework_count - 1, case.rework_count]
            case.dispatched_at = now
            case.started_at = None
            case.resolved_at = None
        elif action is Action.CLOSE:
            case.closed_at = now
        elif action is Action.PAUSE:
            case.paused_at = now
            case.pause_reason = text
        elif action is Action.RESUME:
            assert case.paused_at is not None
            # A clock set back while paused must not give back negative time.
            paused = max(0, int((now - case.paused_at).total_seconds()))
            case.paused_seconds += paused
            detail["paused_seconds"] = paused
            case.paused_at = None
            case.pause_reason = ""
        return detail

    def _next_reference(self, s: Session, now: datetime) -> str:
        """``C-2026-000123``: a gap-free sequence per calendar year, the year as the center
        sees it (a case at 07:00 on 1 January in Hangzhou belongs to the new year)."""
        year = now.astimezone(self._deadlines.center_timezone()).year
        value = next_value(s, f"case-{year}")
        return f"C-{year}-{value:06d}"

    def _load(self, s: Session, reference: str) -> Case:
        case = s.scalars(select(Case).where(Case.reference == reference.strip().upper())).first()
        if case is None:
            raise NotFound(f"No case {reference!r}.")
        return case

    # ---- reading -------------------------------------------------------------------

    def _row_select(self) -> Select[*tuple[Any, ...]]:
        return (
            select(*_ROW_COLUMNS)
            .join(Grid, Grid.id == Case.grid_id)
            .outerjoin(Team, Team.id == Case.team_id)
        )

    @staticmethod
    def _with_assist(s: Session, rows: list[CaseRow]) -> list[CaseRow]:
        """``rows`` with the teams that have a part of each (the live team filter's test),
        in chunks of 500 ids."""
        ids = [r.id for r in rows]
        teams: dict[int, set[int]] = {}
        for start in range(0, len(ids), 500):
            for case_id, team_id in s.execute(
                    select(CasePart.case_id, CasePart.team_id)
                    .where(CasePart.case_id.in_(ids[start:start + 500]))):
                teams.setdefault(case_id, set()).add(team_id)
        if not teams:
            return rows
        return [replace(r, assist_team_ids=frozenset(teams[r.id])) if r.id in teams else r
                for r in rows]

    def _detail(self, s: Session, case: Case) -> CaseDetail:
        names = {oid: name for oid, name in s.execute(
            select(Operator.id, Operator.display_name)
            .where(Operator.id.in_({case.created_by_id, case.updated_by_id}))
        )}
        row = self._with_assist(s, [_row(s.execute(
            self._row_select().where(Case.id == case.id)).one())])[0]
        return CaseDetail(
            row=row, description=case.description, location=case.location,
            reporter=case.reporter, pause_reason=case.pause_reason, paused_at=case.paused_at,
            paused_seconds=case.paused_seconds, registered_at=case.registered_at,
            dispatched_at=case.dispatched_at, started_at=case.started_at,
            resolved_at=case.resolved_at, verified_at=case.verified_at,
            created_by=names[case.created_by_id], updated_by=names[case.updated_by_id],
            point=(case.lon, case.lat) if case.lon is not None and case.lat is not None
            else None,
        )

    def get(self, reference: str) -> CaseDetail:
        with self._db.read() as s:
            return self._detail(s, self._load(s, reference))

    def get_by_id(self, case_id: int) -> CaseDetail:
        with self._db.read() as s:
            case = s.get(Case, case_id)
            if case is None:
                raise NotFound(f"No case with id {case_id}.")
            return self._detail(s, case)

    def timeline(self, reference: str) -> list[TimelineEntry]:
        """Every audit entry of the case, oldest first."""
        with self._db.read() as s:
            case = self._load(s, reference)
            rows = s.execute(
                select(AuditEntry.id, AuditEntry.at, Operator.display_name, Operator.username,
                       AuditEntry.action, AuditEntry.detail)
                .join(Operator, Operator.id == AuditEntry.operator_id)
                .where(AuditEntry.entity == "case", AuditEntry.entity_id == case.id)
                .order_by(AuditEntry.id)
            )
            return [TimelineEntry(i, at, name, user, action, json.loads(detail or "{}"))
                    for i, at, name, user, action, detail in rows]

    def rows_by_ids(self, ids: Iterable[int]) -> list[CaseRow]:
        """Board rows for the cases named (e.g. by the change feed), in chunks."""
        wanted = sorted(set(ids))
        out: list[CaseRow] = []
        with self._db.read() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                out.extend(self._with_assist(s, [_row(r) for r in s.execute(
                    self._row_select().where(Case.id.in_(chunk)))]))
        return out

    def _where(self, flt: CaseFilter) -> list[Any]:
        clauses: list[Any] = []
        if flt.scope is Scope.OPEN:
            stages = flt.stages or frozenset(OPEN_STAGES)
            clauses.append(Case.stage.in_(sorted(s.value for s in stages if s in OPEN_STAGES)))
        else:
            clauses.append(Case.stage == Stage.CLOSED.value)
        if flt.severities:
            clauses.append(Case.severity.in_(sorted(int(s) for s in flt.severities)))
        if flt.categories:
            clauses.append(Case.category.in_(sorted(c.value for c in flt.categories)))
        if flt.grid_ids:
            clauses.append(Case.grid_id.in_(sorted(flt.grid_ids)))
        if flt.team_ids:  # the lead team, or a team with a part of the case
            teams = sorted(flt.team_ids)
            clauses.append(or_(Case.team_id.in_(teams), Case.id.in_(
                select(CasePart.case_id).where(CasePart.team_id.in_(teams)))))
        if flt.overdue_only:
            clauses.append(Case.escalation_level >= OVERDUE_LEVEL)
        for word in flt.text.split():
            clauses.append(or_(contains(Case.reference, word), contains(Case.title, word),
                               contains(Grid.code, word)))
        return clauses

    def open_cases(self, flt: CaseFilter | None = None) -> list[CaseRow]:
        """Every open case matching the filter (the live board's whole content)."""
        flt = (flt or CaseFilter()).with_(scope=Scope.OPEN)
        with self._db.read() as s:
            return self._with_assist(s, [_row(r) for r in s.execute(
                self._row_select().where(*self._where(flt)).order_by(Case.id))])

    def open_page(self, flt: CaseFilter | None = None, limit: int = 200) -> list[CaseRow]:
        """The most urgent open cases matching the filter, as the board first paints them:
        supervised first, then by escalation level, then by the nearest deadline."""
        flt = (flt or CaseFilter()).with_(scope=Scope.OPEN)
        with self._db.read() as s:
            return self._with_assist(s, [_row(r) for r in s.execute(
                self._row_select().where(*self._where(flt))
                .order_by(Case.supervised.desc(), Case.escalation_level.desc(),
                          Case.next_due_at.is_(None), Case.next_due_at, Case.id)
                .limit(limit))])

    def history_page(
        self, flt: CaseFilter, limit: int = 200, after: PageCursor | None = None
    ) -> CasePage:
        """A page of closed cases, newest closure first, starting after ``after``."""
        flt = flt.with_(scope=Scope.HISTORY)
        clauses = self._where(flt)
        if after is not None:
            clauses.append(or_(Case.closed_at < after.closed_at,
                               and_(Case.closed_at == after.closed_at, Case.id < after.case_id)))
        with self._db.read() as s:
            rows = self._with_assist(s, [_row(r) for r in s.execute(
                self._row_select().where(*clauses)
                .order_by(Case.closed_at.desc(), Case.id.desc()).limit(limit + 1))])
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = None
        if more and rows and rows[-1].closed_at is not None:
            cursor = PageCursor(rows[-1].closed_at, rows[-1].id)
        return CasePage(rows, cursor)

    def stage_counts(self, closed_since: datetime | None = None) -> StageCounts:
        """Open cases per stage (and how many are paused), plus closures since a moment
        (default: the last 24 hours). Answered from indexes, not a table scan."""
        since = closed_since or self._clock.now() - timedelta(hours=24)
        open_values = [s.value for s in OPEN_STAGES]
        with self._db.read() as s:
            by_stage = {Stage(stage): n for stage, n in s.execute(
                select(Case.stage, func.count()).where(Case.stage.in_(open_values))
                .group_by(Case.stage))}
            paused = s.scalar(select(func.count()).where(
                Case.stage.in_(open_values), Case.paused_at.is_not(None))) or 0
            closed = s.scalar(select(func.count()).where(
                Case.stage == Stage.CLOSED.value, Case.closed_at >= since)) or 0
            overdue = s.scalar(select(func.count()).where(
                Case.stage.in_(open_values), Case.escalation_level >= OVERDUE_LEVEL)) or 0
        ordered = {stage: by_stage.get(stage, 0) for stage in OPEN_STAGES}
        return StageCounts(ordered, paused, closed, overdue)
