"""The escalation engine: one timer armed for the earliest pending deadline, a safety
sweep, and a sweep that escalates every due deadline exactly once."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import aliased

from console.cases.deadlines import LEVEL_NAMES, level_at, next_threshold, refresh_cases
from console.clock import Clock, scheduler_time
from console.core.change_notifier import ChangeNotifier
from console.core.changes import ChangeFeed, ChangesPruned
from console.core.domain import ChangeEvent, OperatorRef
from console.core.durations import late_text
from console.core.paging_hook import NO_PAGING, PageCause, PageOutbox
from console.core.reconnect import retries_lost_connection
from console.engine.leadership import EngineLeadership, SharedLeadership
from console.incidents.domain import DRILL_MARK
from console.reports.wording import ENGLISH, ReportWords
from db.database import ConnectionLost, Database
from db.models import (
    Alert,
    AuditEntry,
    Case,
    CaseCallback,
    CasePart,
    Change,
    Deadline,
    Incident,
    IncidentTask,
    Team,
    table_of,
)
from db.models.hazards import Hazard

log = logging.getLogger(__name__)

# CAP severities of escalation alerts, by level.
ALERT_SEVERITY = {1: "Moderate", 2: "Severe", 3: "Extreme"}
DEADLINES = table_of(Deadline)
# Entities whose changes can move the earliest deadline.
# With notifications the periodic change-feed poll is a safety net: this many times slower.
NOTIFIED_POLL_FACTOR = 5
# Notifications closer than this to the last read are read together at its end (as a
# seat's change wake-up does): a writer at 50 changes a second, ten reads, not fifty.
NOTIFIED_READ_GAP_S = 0.1
DEADLINE_ENTITIES = frozenset({"case", "hazard", "sla_policy", "sla_tier", "district"})
# While the database is out of reach, the alarm looks again this often.
LOST_RETRY = timedelta(seconds=2)


# The case of an assisting part's or a callback's clock (joint handling, issue 22).
JOINT_CASE = aliased(Case, name="joint_case")

# What each level means for a hazard's inspection clock.
INSPECTION_LEVEL_NAMES = {1: "inspection coming due", 2: "inspection overdue",
                          3: "inspection overdue for long"}


@dataclass(frozen=True, slots=True)
class Escalation:
    """One step of one deadline: written once to the audit log and once as an alert.
    ``subject`` is "case", "hazard" or "incident_task"; ``reference`` the case reference,
    the hazard code or the task's ``I-2026-0007 T3``."""

    subject: str
    subject_id: int
    reference: str
    title: str
    kind: str
    level: int
    due_at: datetime
    minutes_late: int
    at: datetime
    drill: bool = False  # a drill incident's task: every message says so
    team_id: int | None = None  # an incident task's owner team (paging's team-leader)

    @property
    def case_id(self) -> int | None:
        return self.subject_id if self.subject == "case" else None

    @property
    def meaning(self) -> str:
        if self.subject == "hazard":
            return INSPECTION_LEVEL_NAMES[self.level]
        return f"{self.kind} deadline {LEVEL_NAMES[self.level]}"

    @property
    def headline_meaning(self) -> str:
        """What the step means now: a warning raised after the deadline has passed (the
        engine catching up) says "overdue", not "coming due"."""
        if self.level == 1 and self.minutes_late >= 0:
            return (INSPECTION_LEVEL_NAMES[2] if self.subject == "hazard"
                    else f"{self.kind} deadline {LEVEL_NAMES[2]}")
        return self.meaning

    @property
    def lateness(self) -> str:
        """``2 d 06 h late`` or ``due in 40 min``."""
        return (f"{late_text(self.minutes_late)} late" if self.minutes_late >= 0
                else f"due in {late_text(-self.minutes_late)}")

    def describe(self, words: ReportWords = ENGLISH) -> str:
        """``C-2026-000124  resolve  level 2 (resolve deadline breached)  40 min late``;
        in another language with ``words`` (as ``main.py sweep`` prints it)."""
        if words is ENGLISH:
            return (f"{self.reference}  {self.kind}  level {self.level} ({self.meaning})  "
                    f"{self.lateness}")
        translate = words.translate
        kind = words.deadline_kind(self.kind)
        if self.subject == "hazard":
            meaning = {1: translate("Escalations", "inspection coming due"),
                       2: translate("Escalations", "inspection overdue"),
                       3: translate("Escalations", "inspection overdue for long")
                       }.get(self.level, self.meaning)
        else:
            meaning = translate("Escalations", "{kind} deadline {level}").format(
                kind=kind, level=words.level(self.level))
        late = words.late(abs(self.minutes_late))
        lateness = (translate("Escalations", "{time} late").format(time=late)
                    if self.minutes_late >= 0
                    else translate("Escalations", "due in {time}").format(time=late))
        return translate("Escalations", "{reference}  {kind}  level {level} ({meaning})  "
                                        "{lateness}").format(
            reference=self.reference, kind=kind, level=self.level, meaning=meaning,
            lateness=lateness)


def page_cause(esc: Escalation, deadline_id: int, grid_id: int | None,
               alert_id: int | None) -> PageCause:
    """What paging needs of one step: a case's level, or a hazard's overdue inspection
    (levels 2 and 3: overdue, overdue for long)."""
    hazard = esc.subject == "hazard"
    trigger = ("inspection" if esc.level >= 2 else "inspection:coming") if hazard \
        else f"task:{esc.level}" if esc.subject == "incident_task" \
        else f"escalation:{esc.level}"
    return PageCause(trigger=trigger, cause_key=f"{esc.subject}:{deadline_id}:{esc.level}",
                     subject=esc.subject, subject_id=esc.subject_id,
                     reference=esc.reference, title=esc.title, at=esc.at,
                     case_id=esc.case_id, alert_id=alert_id, grid_id=grid_id,
                     facts={"kind": esc.kind, "level": esc.level, "drill": esc.drill,
                            **({"team_id": esc.team_id} if esc.team_id else {}),
                            "minutes_late": esc.minutes_late,
                            "due_at": esc.due_at.isoformat()})


def _instruction(esc: Escalation) -> str:
    if esc.subject == "incident_task":
        return {1: "", 2: "Coordinator: chase the task's owner.",
                3: "Commander: reassign the task or do it now."}[esc.level]
    if esc.subject == "hazard":
        return ("Schedule the inspection with the responsible unit." if esc.level == 1
                else "Send an inspector now and tell the responsible unit.")
    return {1: "", 2: "Supervisor: chase the owner team.",
            3: "Commander: take over or reassign."}[esc.level]


class Alarm(Protocol):
    """Wakes the engine once at a time on the engine's clock (or never, for None)."""

    def arm(self, when: datetime | None, callback: Callable[[], None]) -> None: ...


@retries_lost_connection
class EscalationEngine:
    """Escalates due deadlines. ``sweep`` is safe to run from several processes at once:
    every step is a compare-and-set on the deadline's level."""

    def __init__(self, db: Database, clock: Clock, actor: Callable[[], OperatorRef],
                 changes: ChangeFeed, batch: int = 2000) -> None:
        self._db = db
        self._clock = clock
        self._actor = actor
        self._changes = changes
        self._batch = batch
        self._alarm: Alarm | None = None
        self._sweep_lock = threading.Lock()
        self._last_seq = 0
        self.wakeups = 0  # timer firings (not safety sweeps), for the idle benchmark
        self.listeners: list[Callable[[list[Escalation]], None]] = []
        # Pages for each step, written in the step's own transaction (console/paging).
        self.pages: PageOutbox = NO_PAGING

    # ---- the two queries the timers rest on ------------------------------------------

    def next_due(self) -> datetime | None:
        """The earliest moment any deadline steps up a level (one indexed lookup)."""
        with self._db.read() as s:
            return s.scalar(select(func.min(Deadline.next_at)))

    def sweep(self) -> list[Escalation]:
        """Escalate everything due now, a batch per transaction, until nothing is due."""
        out: list[Escalation] = []
        with self._sweep_lock:
            while True:
                done, more = self._sweep_batch()
                out.extend(done)
                if not more:
                    break
        if out:
            for listener in list(self.listeners):
                listener(out)
        return out

    def _sweep_batch(self) -> tuple[list[Escalation], bool]:
        now = self._clock.now()
        actor = self._actor()
        dt = DEADLINES
        escalations: list[Escalation] = []
        with self._db.write.begin() as s:
            jc = JOINT_CASE
            query = (
                select(dt.c.id, dt.c.case_id, dt.c.hazard_id, dt.c.kind, dt.c.level,
                       dt.c.warn_at, dt.c.due_at, dt.c.long_at,
                       func.coalesce(Case.reference, Hazard.code, Incident.reference,
                                     jc.reference),
                       func.coalesce(Case.title, Hazard.name, IncidentTask.title, jc.title),
                       func.coalesce(Case.grid_id, Hazard.grid_id, jc.grid_id),
                       dt.c.task_id, IncidentTask.number, Incident.drill,
                       func.coalesce(IncidentTask.owner_team_id, CasePart.team_id),
                       jc.id, Team.code)
                .outerjoin(Case, Case.id == dt.c.case_id)
                .outerjoin(Hazard, Hazard.id == dt.c.hazard_id)
                .outerjoin(IncidentTask, IncidentTask.id == dt.c.task_id)
                .outerjoin(Incident, Incident.id == IncidentTask.incident_id)
                # An assisting part's or a callback's clock escalates on its case.
                .outerjoin(CasePart, CasePart.id == dt.c.part_id)
                .outerjoin(CaseCallback, CaseCallback.id == dt.c.callback_id)
                .outerjoin(jc, jc.id == func.coalesce(CasePart.case_id, CaseCallback.case_id))
                .outerjoin(Team, Team.id == CasePart.team_id)
                .where(dt.c.next_at <= now)
                .order_by(dt.c.next_at)
                .limit(self._batch)
            )
            if s.get_bind().dialect.name == "postgresql":
                # Two engines share the work instead of waiting on each other's rows.
                query = query.with_for_update(skip_locked=True, of=dt)
            rows = s.execute(query).all()
            audits: list[dict[str, Any]] = []
            alerts: list[dict[str, Any]] = []
            touched: set[tuple[str, int]] = set()
            steps: list[dict[str, Any]] = []  # one compare-and-set per deadline
            reaims: list[dict[str, Any]] = []
            planned: list[tuple[Escalation, int, int]] = []
            for (did, case_id, hazard_id, kind, level, warn_at, due_at, long_at, ref, title,
                 grid_id, task_id, task_number, drill, task_team, joint_case,
                 part_team) in rows:
                subject, subject_id = (("case", case_id) if case_id is not None
                                       else ("hazard", hazard_id) if hazard_id is not None
                                       else ("incident_task", task_id) if task_id is not None
                                       else ("case", joint_case))
                if part_team is not None:  # an assisting part: "C-2026-000123 FIRE-1"
                    ref = f"{ref} {part_team}"
                if task_id is not None:  # an incident's task: "I-2026-0007 T3"
                    ref = f"{ref} T{task_number}"
                target = level_at(warn_at, due_at, long_at, now)
                if target <= level:
                    # Thresholds moved (or the clock went back): re-aim, never step down.
                    reaims.append({"b_id": did, "b_level": level,
                                   "b_next": next_threshold(level, warn_at, due_at, long_at)})
                    continue
                steps.append({"b_id": did, "b_level": level, "b_new": target,
                              "b_next": next_threshold(target, warn_at, due_at, long_at)})
                late = int((now - due_at).total_seconds() // 60)
                for step in range(level + 1, target + 1):
                    esc = Escalation(subject, subject_id, ref, title, kind, step, due_at,
                                     late, now, drill=bool(drill), team_id=task_team)
                    planned.append((esc, did, grid_id))
            if reaims:
                s.execute(update(dt).where(dt.c.id == bindparam("b_id"),
                                           dt.c.level == bindparam("b_level"))
                          .values(next_at=bindparam("b_next")), reaims)
            if steps and not self._compare_and_set(s, steps):
                # Someone else stepped some of these first: keep only the steps we won.
                won = self._compare_and_set_one_by_one(s, steps)
                planned = [p for p in planned if p[1] in won]
            for esc, did, grid_id in planned:
                escalations.append(esc)
                touched.add((esc.subject, esc.subject_id))
                audits.append(self._audit_row(esc, actor))
                alerts.append(self._alert_row(esc, did, grid_id))
            if audits:
                # Core inserts on the tables: the ORM's bulk path costs ~5x more here.
                s.execute(insert(table_of(AuditEntry)), audits)
                s.execute(insert(table_of(Alert)), alerts)
                refresh_cases(s, {sid for subject, sid in touched if subject == "case"})
                s.execute(insert(table_of(Change)), [
                    {"at": now, "entity": subject, "entity_id": sid, "op": "update"}
                    for subject, sid in sorted(touched)])
                new_alerts = dict(s.execute(select(Alert.dedup_key, Alert.id).where(
                    Alert.dedup_key.in_([a["dedup_key"] for a in alerts]))).all())
                s.execute(insert(table_of(Change)), [
                    {"at": now, "entity": "alert", "entity_id": aid, "op": "insert"}
                    for aid in sorted(new_alerts.values())])
                self.pages.queue(s, [page_cause(esc, did, grid_id,
                                                new_alerts.get(alert["dedup_key"]))
                                     for (esc, did, grid_id), alert
                                     in zip(planned, alerts, strict=True)])
        for esc in escalations:
            log.info("escalated %s", esc.describe())
        return escalations, len(rows) == self._batch

    @staticmethod
    def _cas_statement() -> Any:
        dt = DEADLINES
        return (update(dt).where(dt.c.id == bindparam("b_id"), dt.c.level == bindparam("b_level"))
                .values(level=bindparam("b_new"), next_at=bindparam("b_next")))

    def _compare_and_set(self, s: Any, steps: list[dict[str, Any]]) -> bool:
        """Every step in one executemany; True if every row was still at its old level.
        A mismatch rolls back to a savepoint so the caller can retry row by row."""
        conn = s.connection()
        if not conn.dialect.supports_sane_multi_rowcount:
            return False
        savepoint = conn.begin_nested()
        result = conn.execute(self._cas_statement(), steps)
        if result.rowcount == len(steps):
            savepoint.commit()
            return True
        savepoint.rollback()
        return False

    def _compare_and_set_one_by_one(self, s: Any, steps: list[dict[str, Any]]) -> set[int]:
        won: set[int] = set()
        statement = self._cas_statement()
        for step in steps:
            if s.execute(statement, step).rowcount == 1:
                won.add(step["b_id"])
        return won

    @staticmethod
    def _audit_row(esc: Escalation, actor: OperatorRef) -> dict[str, Any]:
        detail = {"deadline": esc.kind, "level": [esc.level - 1, esc.level],
                  "due_at": esc.due_at.isoformat(), "minutes_late": esc.minutes_late}
        return {"at": esc.at, "operator_id": actor.id, "entity": esc.subject,
                "entity_id": esc.subject_id, "action": "escalate",
                "detail": json.dumps(detail, sort_keys=True)}

    @staticmethod
    def _alert_row(esc: Escalation, deadline_id: int, grid_id: int) -> dict[str, Any]:
        headline = (f"{DRILL_MARK} " if esc.drill else "") + \
            f"{esc.reference}: {esc.headline_meaning} ({esc.lateness})"
        raw = {esc.subject: esc.reference, "deadline": esc.kind, "level": esc.level,
               "due_at": esc.due_at.isoformat(), "minutes_late": esc.minutes_late}
        hazard = esc.subject == "hazard"
        return {
            "source": "hazard" if hazard else "escalation",
            "external_id": f"{esc.reference}/{esc.kind}/{esc.level}",
            "dedup_key": f"{'hazard' if hazard else 'escalation'}:{deadline_id}:{esc.level}",
            "sender": "watchroom", "sent_at": esc.at, "received_at": esc.at,
            "cap_status": "Actual", "msg_type": "Alert", "scope": "Private",
            "event": (f"Hazard {esc.meaning}" if hazard
                      else f"Escalation level {esc.level}: {esc.meaning}"),
            "category": "Safety" if hazard else "Other", "urgency": "Expected" if hazard
            and esc.level == 1 else "Immediate",
            "severity": ALERT_SEVERITY[esc.level], "certainty": "Observed",
            "headline": headline[:500], "description": esc.title,
            "instruction": _instruction(esc),
            "area_desc": "", "geometry": "{}", "grid_id": grid_id, "expires_at": None,
            "status": "new", "repeat_count": 1, "last_seen_at": esc.at,
            "case_id": esc.case_id, "raw": json.dumps(raw, sort_keys=True), "version": 1,
        }

    # ---- timers --------------------------------------------------------------------

    def start(self, alarm: Alarm) -> list[Escalation]:
        """Sweep first (a deadline that passed while no console ran escalates now), then
        arm the alarm for the earliest pending deadline."""
        self._alarm = alarm
        self._last_seq = self._changes.latest_seq()
        done = self.sweep()
        self.rearm()
        return done

    def rearm(self) -> None:
        """Arm the alarm for the earliest pending deadline. While the server is out of
        reach (a standby taking over) it is armed to look again in ``LOST_RETRY``, so
        the timers never stop for want of one answer."""
        if self._alarm is None:
            return
        try:
            when = self.next_due()
        except ConnectionLost as exc:
            log.warning("cannot read the next deadline (%s); looking again in %d s",
                        exc.reason, LOST_RETRY.seconds)
            when = self._clock.now() + LOST_RETRY
        self._alarm.arm(when, self._on_alarm)

    def _on_alarm(self) -> None:
        self.wakeups += 1
        try:
            self.sweep()
        except ConnectionLost as exc:  # what is due stays due: the next sweep takes it
            log.warning("sweep postponed: %s", exc.reason)
        finally:
            self.rearm()

    def stand_down(self) -> None:
        """Stop firing: another engine leads now. The alarm is disarmed and no longer
        re-armed until ``start`` is called again."""
        alarm, self._alarm = self._alarm, None
        if alarm is not None:
            alarm.arm(None, self._on_alarm)

    def safety_sweep(self) -> list[Escalation]:
        """The periodic sweep that recovers after sleep, a clock jump or a lost wake-up."""
        try:
            return self.sweep()
        finally:
            self.rearm()

    def poll_changes(self) -> bool:
        """Re-arm if another writer changed something that can move a deadline.

        A cursor left behind the prune watermark (the engine was stopped, or stood by,
        longer than the change feed's retention) is not replayed: the engine rebuilds
        what it knows as it does on start, from the deadlines themselves."""
        try:
            events = self._changes.since(self._last_seq, limit=10_000)
        except ChangesPruned as gone:
            log.warning("the change feed was pruned past this engine's cursor (%d, pruned "
                        "through %d): re-reading the deadlines", gone.cursor,
                        gone.pruned_through)
            self.resume_after_reload(gone.resume_at)
            return True
        if not events:
            return False
        self._last_seq = events[-1].seq
        if moves_deadlines(events):
            self.rearm()
            return True
        return False

    def resume_after_reload(self, seq: int) -> None:
        """Go on reading after ``seq`` and rebuild the timers' state as ``start`` does:
        what is due now escalates, and the alarm is armed for the earliest deadline."""
        self._last_seq = max(self._last_seq, seq)
        if self._alarm is not None:
            self.sweep()
            self.rearm()

    @property
    def last_seq(self) -> int:
        """The newest change this engine has read (its cursor in the change feed)."""
        return self._last_seq

    def note_read(self, seq: int) -> None:
        """Changes up to ``seq`` were read for this engine by another reader of the same
        process (the GUI's change bus); its own poll, if it polls again, reads on after."""
        self._last_seq = max(self._last_seq, seq)


def moves_deadlines(events: Sequence[ChangeEvent]) -> bool:
    """Whether any of ``events`` can move the earliest pending deadline."""
    return any(e.entity in DEADLINE_ENTITIES for e in events)


class SchedulerAlarm:
    """An ``Alarm`` on an APScheduler 3 scheduler: one date job with a stable id, replaced
    on every re-arm. The engine's clock may be a fake one, so the job runs after the
    same *delay* of real time.

    APScheduler's ``shutdown(wait=True)`` holds its job-store lock while it joins the
    worker threads, so a job that calls ``add_job`` during shutdown would wait forever.
    Every ``add_job`` from a job therefore goes through ``schedule``, which ``close``
    shuts (waiting for one in progress) before the scheduler is shut down.
    """

    JOB_ID = "escalation-next-deadline"

    def __init__(self, scheduler: Any, clock: Clock) -> None:
        self._scheduler = scheduler
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False
        self.armed_for: datetime | None = None

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def schedule(self, job: Callable[[], object], trigger: str, job_id: str,
                 **trigger_args: Any) -> None:
        with self._lock:
            if not self._closed:
                self._scheduler.add_job(job, trigger, id=job_id, replace_existing=True,
                                        coalesce=True, max_instances=1, **trigger_args)

    def arm(self, when: datetime | None, callback: Callable[[], None]) -> None:
        with self._lock:
            if self._closed:
                return
            self.armed_for = when
            if when is None:
                if self._scheduler.get_job(self.JOB_ID) is not None:
                    self._scheduler.remove_job(self.JOB_ID)
                return
            delay = max(0.0, (when - self._clock.now()).total_seconds())
            self._scheduler.add_job(callback, "date", id=self.JOB_ID, replace_existing=True,
                                    run_date=scheduler_time(delay),
                                    misfire_grace_time=None, coalesce=True, max_instances=1)


class EngineRunner:
    """Runs an engine on a background APScheduler: the deadline alarm, a safety sweep and
    a change-feed poll. Jobs run on the scheduler's thread: they never touch widgets.

    ``leadership`` decides whether this engine fires the timers (on PostgreSQL only the
    holder of an advisory lock does; the others stand by and take over when it dies).
    ``notifier`` wakes the change-feed poll the moment another writer commits, so the
    alarm is re-armed at once; the periodic poll is then only a slower safety net.

    In a console, the process reads the change feed once, in its change bus: there
    ``hand_over_reading`` makes the runner's own poll and wake-up stand aside, and the bus
    hands every batch it reads to ``changes_read``. The headless engine polls by itself.
    """

    CHANGE_POLL_JOB = "escalation-change-feed"
    REARM_JOB = "escalation-rearm"

    def __init__(self, engine: EscalationEngine, clock: Clock, safety_interval_s: float = 300,
                 poll_interval_s: float = 2.0, *, leadership: EngineLeadership | None = None,
                 notifier: ChangeNotifier | None = None) -> None:
        self.engine = engine
        self.scheduler = _tolerant_scheduler()
        self.alarm = SchedulerAlarm(self.scheduler, clock)
        self.leadership: EngineLeadership = leadership or SharedLeadership()
        self._notifier = notifier
        self._unsubscribe: Callable[[], None] = lambda: None
        self._read_elsewhere = False  # the process's change bus reads the feed for it
        self._last_read = -NOTIFIED_READ_GAP_S  # time.monotonic() of the last own read
        self._safety_interval_s = safety_interval_s
        live = notifier is not None and notifier.live
        self._poll_interval_s = poll_interval_s * NOTIFIED_POLL_FACTOR if live \
            else poll_interval_s

    def start(self) -> None:
        """Start the scheduler and the bid for leadership. Taking the lead runs the
        catch-up sweep as a job on the scheduler's thread, so a console after a long
        night opens without waiting."""
        self.scheduler.start()
        if self._notifier is not None:
            self._unsubscribe = self._notifier.subscribe(self._on_change_notified)
        self.leadership.start(self._on_leadership_changed)

    def _on_change_notified(self) -> None:
        # On the listener's thread: hand the work to the scheduler's (one job, coalesced).
        if self.leadership.is_leader and not self._read_elsewhere:
            wait = self._last_read + NOTIFIED_READ_GAP_S - time.monotonic()
            self.alarm.schedule(self._poll_changes, "date", self.CHANGE_POLL_JOB + "-now",
                                run_date=scheduler_time(max(0.0, wait)),
                                misfire_grace_time=None)  # late under load: still read

    def _poll_changes(self) -> None:
        if not self._read_elsewhere:
            self._last_read = time.monotonic()
            self.engine.poll_changes()

    def hand_over_reading(self) -> Callable[[], None]:
        """From now on this process's change bus reads the feed and calls
        ``changes_read`` with every batch; the runner's own poll and wake-up stand aside.
        Returns the function that takes the reading back (the poll then reads on after
        the last batch it was handed)."""
        self._read_elsewhere = True
        if self.leadership.is_leader:
            # What the runner's own poll had not read yet may have moved a deadline.
            self.alarm.schedule(self.engine.rearm, "date", self.REARM_JOB)

        def take_back() -> None:
            self._read_elsewhere = False

        return take_back

    def changes_read(self, events: Sequence[ChangeEvent]) -> None:
        """A batch of the change feed, read by this process's change bus (on its thread):
        if one of them can move a deadline, the alarm is re-armed on the scheduler's."""
        if not events:
            return
        self.engine.note_read(events[-1].seq)
        if self.leadership.is_leader and moves_deadlines(events):
            self.alarm.schedule(self.engine.rearm, "date", self.REARM_JOB)

    def feed_reloaded(self, seq: int) -> None:
        """This process's change bus reloaded everything instead of replaying a pruned
        stretch of the feed (on its thread): the engine reads on after ``seq`` and
        rebuilds its timers on the scheduler's thread."""
        self.engine.note_read(seq)
        if self.leadership.is_leader:
            self.alarm.schedule(lambda: self.engine.resume_after_reload(seq), "date",
                                self.REARM_JOB)

    def _on_leadership_changed(self, leading: bool) -> None:
        if leading:
            self.alarm.schedule(self._boot, "date", "escalation-boot")
        else:
            self.alarm.schedule(self.engine.stand_down, "date", "escalation-stand-down")

    def _boot(self) -> None:
        if not self.leadership.is_leader:
            return
        done = self.engine.start(self.alarm)
        if done:
            log.info("caught up on %d escalation step(s) missed while no engine ran",
                     len(done))
        self.alarm.schedule(self._safety_sweep, "interval", "escalation-safety-sweep",
                            seconds=self._safety_interval_s)
        self.alarm.schedule(self._poll_changes, "interval", self.CHANGE_POLL_JOB,
                            seconds=self._poll_interval_s)

    def _safety_sweep(self) -> None:
        if self.leadership.is_leader:
            self.engine.safety_sweep()

    def add_periodic(self, job: Callable[[], object], seconds: float, job_id: str, *,
                     next_run_time: datetime | None = None) -> None:
        """Another timer-driven duty (feeds folder, roster readiness) on the same thread
        pool: its jobs, too, never touch widgets. ``next_run_time`` (the machine's time,
        ``scheduler_time``) runs it first then instead of a period from now."""
        extra = {} if next_run_time is None else {"next_run_time": next_run_time}
        self.alarm.schedule(job, "interval", job_id, seconds=seconds, **extra)

    def wake_after_sweeps(self, job: Callable[[], object], job_id: str) -> None:
        """Run ``job`` on the scheduler at once after every sweep that escalated something
        (the paging sender: a page goes out with its step, not a tick later)."""
        self.engine.listeners.append(
            lambda _steps: self.alarm.schedule(job, "date", job_id))

    def close(self) -> None:
        self._unsubscribe()
        self.alarm.close()
        self.leadership.close()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)


def _tolerant_scheduler() -> Any:
    """A background APScheduler whose loop survives a one-shot job already gone.

    After running a one-shot ("date") job, APScheduler's loop removes it by id; when
    a shutdown (or another thread) got there first it raises ``JobLookupError`` in the
    loop's own thread, and that thread dies: no timer would fire again. Seen once in
    CI as an engine stopped right after starting."""
    from apscheduler.jobstores.base import JobLookupError
    from apscheduler.schedulers.background import BackgroundScheduler

    class TolerantScheduler(BackgroundScheduler):
        def remove_job(self, job_id: str, jobstore: str | None = None) -> None:
            try:
                super().remove_job(job_id, jobstore)
            except JobLookupError:
                log.debug("job %s was already removed", job_id)

    return TolerantScheduler(timezone=UTC)
