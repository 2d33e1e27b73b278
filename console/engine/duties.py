"""The console's timer-driven duties besides deadlines: roster readiness, alerts coming
back from the shelf, silent feeds, the paging sender, the change feed's pruning, and the
feed inbox folder — all on the engine runner's scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from console.alerts.feeds.folder import FolderWatcher
from console.alerts.feeds.importer import FeedImporter
from console.alerts.service import AlertService
from console.clock import Clock, scheduler_time
from console.core.domain import OperatorRef
from console.core.errors import WatchroomError
from console.engine.escalation import EngineRunner
from console.engine.retention import ChangeRetention
from console.handover.service import HandoverService
from console.intake.heartbeats import HeartbeatService
from console.paging.sender import PagingSender
from console.rosters.service import RosterService

log = logging.getLogger(__name__)

READINESS_EVERY_S = 60.0  # a shift's readiness alert is due 2 h ahead: a minute is plenty
ALERT_TIMERS_EVERY_S = 30.0  # shelved alerts return, acknowledged ones ask again
HANDOVER_EVERY_S = 60.0  # the handover falls due 30 min before shift end: a minute is plenty
INBOX_EVERY_S = 5.0  # a file dropped in the inbox is imported within seconds
HEARTBEATS_EVERY_S = 15.0  # a silent feed is noticed within 15 s of interval x factor
PAGING_EVERY_S = 1.0  # a page is sent within a second of its cause (one indexed query idle)
PRUNE_EVERY_S = 3600.0  # the change feed is pruned hourly: a retention is days long
PRUNE_FIRST_AFTER_S = 30.0  # and once soon after start, when leadership is settled


def schedule_duties(runner: EngineRunner, *, clock: Clock, rosters: RosterService,
                    alerts: AlertService, handovers: HandoverService, importer: FeedImporter,
                    inbox: Path | None, pager: PagingSender | None = None,
                    heartbeats: HeartbeatService | None = None,
                    retention: ChangeRetention | None = None,
                    system: Callable[[], OperatorRef] | None = None) -> None:
    """Add every periodic duty to ``runner``. Each job runs on the scheduler's thread and
    only calls services, so none of them ever touches a widget."""
    runner.add_periodic(lambda: rosters.check_readiness(clock.now()),
                        READINESS_EVERY_S, "roster-readiness")
    runner.add_periodic(alerts.run_timers, ALERT_TIMERS_EVERY_S, "alert-timers")
    runner.add_periodic(handovers.check_due, HANDOVER_EVERY_S, "handover-due")
    if heartbeats is not None:
        runner.add_periodic(heartbeats.check, HEARTBEATS_EVERY_S, "feed-heartbeats")
    if pager is not None:
        schedule_paging(runner, pager)
    if retention is not None and system is not None:
        schedule_pruning(runner, retention, system)
    if inbox is not None:
        inbox.mkdir(parents=True, exist_ok=True)
        watcher = FolderWatcher(importer, inbox)

        def scan() -> None:
            for report in watcher.scan_once():
                log.info("imported %s", report)

        runner.add_periodic(scan, INBOX_EVERY_S, "feed-inbox")
        log.info("watching %s for feed files", inbox)


def schedule_paging(runner: EngineRunner, pager: PagingSender) -> None:
    """The paging sender, every second and at once after an escalation sweep. Only while
    this engine leads: a standby engine (or a console without an engine) sends nothing,
    so two engines on one PostgreSQL never both send; the sender's claim keeps each page
    single on SQLite, where every engine leads."""

    def send() -> None:
        if runner.leadership.is_leader:
            pager.run_once()

    runner.add_periodic(send, PAGING_EVERY_S, "paging-sender")
    runner.wake_after_sweeps(send, "paging-sender-now")


def schedule_pruning(runner: EngineRunner, retention: ChangeRetention,
                     system: Callable[[], OperatorRef]) -> None:
    """Prune the change feed to its retention hourly, and once soon after start. Only
    while this engine leads (one pruner on PostgreSQL; on SQLite the watermark's row
    lock and the write lock queue a second one, which then finds nothing to do)."""

    def prune() -> None:
        if not runner.leadership.is_leader:
            return
        try:
            retention.prune(system())
        except WatchroomError as exc:  # the database out of reach: the next hour prunes
            log.warning("change feed not pruned: %s", exc)

    runner.add_periodic(prune, PRUNE_EVERY_S, "change-feed-prune",
                        next_run_time=scheduler_time(PRUNE_FIRST_AFTER_S))
