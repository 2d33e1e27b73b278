"""The composition root: builds every service from a database URL and a clock."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url

from console.alerts.feeds.folder import FolderWatcher
from console.alerts.feeds.importer import FeedImporter
from console.alerts.service import AlertService
from console.cases.deadlines import DeadlineService
from console.cases.service import CaseService
from console.cases.sla import SlaService
from console.center.settings import CenterService
from console.clock import Clock, SystemClock
from console.core.change_notifier import PgChangeNotifier, PollingOnly, change_notifier_for
from console.core.changes import ChangeFeed
from console.core.domain import OperatorRef
from console.engine.duties import schedule_duties
from console.engine.escalation import EngineRunner, EscalationEngine
from console.engine.leadership import (
    AdvisoryLockLeadership,
    SharedLeadership,
    engine_leadership_for,
)
from console.engine.retention import ChangeRetention
from console.handover.domain import HandoverRecord
from console.handover.service import HandoverService
from console.handover.shifts import ShiftPattern
from console.handover.significant import SignificantService
from console.hazards.service import HazardService
from console.incidents.service import IncidentService
from console.intake.cases import IntakeCases
from console.intake.heartbeats import HeartbeatService
from console.intake.photos import PhotoService
from console.intake.tokens import TokenService
from console.kpis.service import KpiService
from console.operators.service import OperatorService
from console.paging.messages import center_language
from console.paging.outbox import PagingOutbox
from console.paging.sender import PagingSender
from console.paging.service import PagingService
from console.rosters.service import RosterService
from console.territory.district import DistrictService
from console.territory.grid_map import GridMapService
from db.database import Database
from db.integrity import PageCheck, check_sqlite_pages
from db.migrate import upgrade
from db.partitions import keep_years_ahead

if TYPE_CHECKING:  # built the first time they are asked for (shapely, pyproj, numpy)
    from console.center.service import CenterSheets
    from console.kpis.joint import JointKpiService
    from console.territory.basemaps import BasemapService
    from console.territory.gazetteer import Gazetteer
    from console.territory.service import TerritoryService

APP_NAME = "watchroom"

# Change-feed entities whose changes make this process's caches stale (``forget_stale``).
DISTRICT_ENTITIES = frozenset({"district", "roster"})  # grids and teams
SLA_ENTITIES = frozenset({"sla_policy", "sla_tier"})  # policies and the working calendar
GAZETTEER_ENTITIES = frozenset({"gazetteer"})  # the addresses' (gazetteer.GAZETTEER_ENTITY)
# Every entity whose changes drop a cache: a reader that reloads everything (it was away
# longer than the change feed's retention) forgets them all.
CACHED_ENTITIES = DISTRICT_ENTITIES | SLA_ENTITIES | GAZETTEER_ENTITIES


def data_dir() -> Path:
    """Where the embedded databases live (``WATCHROOM_DATA_DIR`` overrides)."""
    override = os.environ.get("WATCHROOM_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    """``WATCHROOM_DB_URL``, or the embedded SQLite file in the user's data directory."""
    return os.environ.get("WATCHROOM_DB_URL") or f"sqlite:///{data_dir() / 'watchroom.sqlite'}"


def demo_db_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.sqlite'}"


def photo_dir(db_url: str) -> Path:
    """Where case photos are kept: ``WATCHROOM_PHOTO_DIR``; else, for a SQLite file, the
    folder ``<name>.photos`` beside it (copied and backed up with it); else (PostgreSQL,
    an in-memory database) ``<data dir>/photos``. Seats that show the photos of a shared
    PostgreSQL database must see the same folder (a network share)."""
    override = os.environ.get("WATCHROOM_PHOTO_DIR")
    if override:
        return Path(override)
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        db_file = Path(str(url.database))
        return db_file.with_name(db_file.stem + ".photos")
    return data_dir() / "photos"


def default_inbox() -> Path:
    """Where feed files are dropped: ``WATCHROOM_INBOX``, else ``<data dir>/inbox``."""
    override = os.environ.get("WATCHROOM_INBOX")
    return Path(override) if override else data_dir() / "inbox"


@dataclass
class App:
    """Every service of one console, sharing one database and one clock."""

    db: Database
    clock: Clock
    operators: OperatorService
    district: DistrictService
    sla: SlaService
    deadlines: DeadlineService
    cases: CaseService
    changes: ChangeFeed
    retention: ChangeRetention  # the change feed's pruning (issue 24)
    escalation: EscalationEngine
    rosters: RosterService
    hazards: HazardService
    alerts: AlertService
    importer: FeedImporter
    grid_map: GridMapService
    kpis: KpiService
    significant: SignificantService
    handovers: HandoverService
    center: CenterService
    paging: PagingService
    paging_outbox: PagingOutbox
    incidents: IncidentService
    tokens: TokenService
    photos: PhotoService
    intake: IntakeCases
    heartbeats: HeartbeatService
    _operator: OperatorRef | None = field(default=None, repr=False)
    _notifier: PgChangeNotifier | PollingOnly | None = field(default=None, repr=False)
    _leadership: AdvisoryLockLeadership | SharedLeadership | None = field(default=None,
                                                                          repr=False)
    _sender: PagingSender | None = field(default=None, repr=False)
    # The SQLite page check still running (``open_app(..., check_pages_later=True)``).
    _page_check: PageCheck | None = field(default=None, repr=False)

    # ---- services built the first time they are asked for ---------------------------
    # The territory's editing, the address registry, the center's sheets, the basemaps
    # and joint handling's KPIs bring shapely, pyproj and numpy with them: a console
    # opens without them (a tenth of its cold start) and loads each when first used.

    @cached_property
    def territory(self) -> TerritoryService:
        from console.territory.service import TerritoryService

        system = self.operators.system()
        territory = TerritoryService(self.db, self.clock, self.district, lambda: system)
        territory.center_changed.append(self.sla.invalidate)  # the zone is the calendar's
        return territory

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from console.territory.gazetteer import Gazetteer

        return Gazetteer(self.db, self.clock, self.district)

    @cached_property
    def sheets(self) -> CenterSheets:
        from console.center.service import CenterSheets

        return CenterSheets(self.db, self.clock, self.district, self.rosters, self.sla,
                            self.deadlines.center_timezone)

    @cached_property
    def basemaps(self) -> BasemapService:
        from console.territory.basemaps import BasemapService

        return BasemapService(self.db, self.clock)

    @cached_property
    def joint_kpis(self) -> JointKpiService:
        """Joint handling's KPIs (issue 22)."""
        from console.kpis.joint import JointKpiService

        return JointKpiService(self.db, self.deadlines.center_timezone)

    def _built(self, name: str) -> bool:
        """Whether the service ``name`` above was built (closing or forgetting a cache
        builds nothing)."""
        return name in self.__dict__

    @property
    def zone(self) -> ZoneInfo:
        """The center's time zone: every time shown, typed or printed for a person is in
        it, whatever the machine's zone (storage and ISO output stay UTC)."""
        return self.deadlines.center_timezone()

    @property
    def notifier(self) -> PgChangeNotifier | PollingOnly:
        """This process's one change listener (PostgreSQL; it connects with its first
        subscriber), or polling only (SQLite)."""
        if self._notifier is None:
            self._notifier = change_notifier_for(self.db.url)
        return self._notifier

    @property
    def reconnecting(self) -> bool:
        """True while this console has lost its database server and is reconnecting (the
        server restarting, a standby taking over): its last connection attempt failed,
        or its change listener is down. No SQL: the status bar asks every second."""
        if self.db.reconnecting:
            return True
        notifier = self._notifier
        return (isinstance(notifier, PgChangeNotifier) and notifier.connects > 0
                and not notifier.connected)

    @property
    def leadership(self) -> AdvisoryLockLeadership | SharedLeadership:
        """Whether this process's engine fires the timers (started by ``EngineRunner``)."""
        if self._leadership is None:
            self._leadership = engine_leadership_for(self.db.url)
        return self._leadership
    # Called with the new acting operator after every sign-in or switch (status bar).
    operator_changed: list[Callable[[OperatorRef], None]] = field(
        default_factory=list, repr=False)

    @property
    def operator(self) -> OperatorRef:
        """The operator this console acts as (the local login on first use)."""
        if self._operator is None:
            self._operator = self.operators.local_operator()
        return self._operator

    def act_as(self, username: str) -> OperatorRef:
        """Act as ``username`` without a password: the local command line and tests,
        trusted like access to the database file (the GUI uses ``sign_in``)."""
        self._operator = self.operators.local_operator(username)
        self._announce_operator()
        return self._operator

    def sign_in(self, username: str, password: str) -> OperatorRef:
        """Make the operator with this name and password the acting one (the sign-in
        dialog, the lock screen's switch); ``PermissionDenied`` on a wrong password."""
        self._operator = self.operators.authenticate(username, password)
        self._announce_operator()
        return self._operator

    def take_over(self, handover_id: int, username: str, password: str) -> HandoverRecord:
        """The incoming officer signs the shift handover with their password and becomes
        the acting operator of this console."""
        record = self.handovers.take_over(handover_id, username, password)
        self._operator = self.operators.get(record.incoming_username or username)
        self._announce_operator()
        return record

    def _announce_operator(self) -> None:
        assert self._operator is not None
        for listener in list(self.operator_changed):
            listener(self._operator)

    def forget_stale(self, entities: Collection[str]) -> None:
        """Drop what this process cached that changes of ``entities``, read from the
        change feed, made stale: the district's grids and teams, the SLA policies and
        calendar, the gazetteer's search index. The one place that does it; the GUI's
        change bus calls it per batch."""
        if not DISTRICT_ENTITIES.isdisjoint(entities):
            self.district.invalidate()
        if not SLA_ENTITIES.isdisjoint(entities):
            self.sla.invalidate()
        if not GAZETTEER_ENTITIES.isdisjoint(entities) and self._built("gazetteer"):
            self.gazetteer.invalidate()

    def folder_watcher(self, folder: Path, *, settle: bool = True) -> FolderWatcher:
        """A watcher importing feed files dropped into ``folder`` (call ``scan_once``)."""
        return FolderWatcher(self.importer, folder, settle=settle)

    def schedule_duties(self, runner: EngineRunner, inbox: Path | None) -> None:
        """This console's timer-driven duties on ``runner``: roster readiness, alert timers,
        the handover prompt, the paging sender, silent feeds and, unless ``inbox`` is None, the feed
        inbox folder."""
        schedule_duties(runner, clock=self.clock, rosters=self.rosters, alerts=self.alerts,
                        handovers=self.handovers, importer=self.importer, inbox=inbox,
                        pager=self.pager(), heartbeats=self.heartbeats,
                        retention=self.retention, system=self.operators.system)

    def pager(self) -> PagingSender:
        """This process's paging sender (an engine duty: only a leading engine runs it)."""
        if self._sender is None:
            system = self.operators.system()
            self._sender = PagingSender(self.db, self.clock, lambda: system,
                                        self.paging_language)
        return self._sender

    def paging_language(self) -> str:
        """The language pages are written in: the center's (see ``center_language``)."""
        return center_language(self.center.settings().name, self.zone.key)

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def page_check_running(self) -> bool:
        """Whether the page check ``open_app(..., check_pages_later=True)`` started is
        still reading the file."""
        return self._page_check is not None and self._page_check.running

    @property
    def page_check_refusal(self) -> str | None:
        """Why that check refused the file (one line naming it), once it has ended."""
        return self._page_check.refusal if self._page_check is not None else None

    def pages_checked(self) -> None:
        """Wait for the page check ``open_app(..., check_pages_later=True)`` started;
        ``DatabaseRefused`` naming the file when it found damage. At once otherwise."""
        if self._page_check is not None:
            self._page_check.result()

    def close(self) -> None:
        """Release the database, the change listener and the engine's leadership."""
        if self._page_check is not None:
            self._page_check.wait()
        if self._notifier is not None:
            self._notifier.close()
        if self._leadership is not None:
            self._leadership.close()
        if self._sender is not None:
            self._sender.close()
        if self._built("basemaps"):
            self.basemaps.close()
        self.db.close()


def open_app(db_url: str, clock: Clock | None = None, *,
             check_pages_later: bool = False) -> App:
    """Open (and migrate to the newest schema) the database at ``db_url``; use it as
    ``with open_app(url) as app:`` to have it closed at the end.

    A SQLite file's pages are checked first (``DatabaseRefused`` when damaged). With
    ``check_pages_later`` the check runs on its own thread while the caller goes on (the
    GUI shows its window meanwhile) and ``App.pages_checked`` (waiting) or
    ``page_check_refusal`` (once ``page_check_running`` is over) give its verdict."""
    db = Database(db_url)
    check: PageCheck | None = None
    try:
        if db.dialect == "sqlite":
            path = db.describe().removeprefix("SQLite ")
            if check_pages_later:
                check = PageCheck(db.engine, path)
            else:
                check_sqlite_pages(db.engine, path)
        upgrade(db.engine)
    except Exception:
        if check is not None:
            check.wait()
        db.close()
        raise
    clock = clock or SystemClock()
    keep_years_ahead(db.engine, clock.now())  # the audit log's partitions (PostgreSQL)
    operators = OperatorService(db, clock)
    district = DistrictService(db)
    sla = SlaService(db, clock)
    deadlines = DeadlineService(db, sla)
    changes = ChangeFeed(db)
    system = operators.system()
    sla.ensure_defaults(system)
    cases = CaseService(db, clock, district, deadlines)
    escalation = EscalationEngine(db, clock, lambda: system, changes)
    cases.committed.append(escalation.rearm)
    rosters = RosterService(db, clock, district, cases, lambda: system,
                            timezone=sla.working_calendar().timezone)
    cases.assignments = rosters.crews  # members go on task with a dispatch, back at resolve
    hazards = HazardService(db, clock, district, deadlines, lambda: system)
    hazards.committed.append(escalation.rearm)
    alerts = AlertService(db, clock, cases, district, lambda: system)
    importer = FeedImporter(db, clock, district, cases, lambda: system)
    kpis = KpiService(db, clock, deadlines.center_timezone, district)
    grid_map = GridMapService(db, clock, district, kpis)  # closure rates from the KPIs
    significant = SignificantService(db, clock)
    shift_pattern = ShiftPattern.configured(sla.working_calendar().timezone)
    handovers = HandoverService(db, clock, lambda: shift_pattern, significant,
                                lambda: operators)
    center = CenterService(db, clock, sla)
    # Pages are written by the causes' own transactions: escalation steps, critical
    # alerts from feeds, readiness gaps; the engine's sender delivers them.
    outbox = PagingOutbox(lambda: system, deadlines.center_timezone)
    escalation.pages = outbox
    importer.pages = outbox
    rosters.readiness_watch.pages = outbox
    incidents = IncidentService(db, clock, district, deadlines.center_timezone, cases,
                                rosters.team_statuses)
    incidents.committed.append(escalation.rearm)  # a task's deadline may be the earliest
    paging = PagingService(db, clock, lambda: system, lambda: center_language(
        center.settings().name, deadlines.center_timezone().key))
    photos = PhotoService(db, clock, photo_dir(db_url))
    return App(
        db=db,
        clock=clock,
        operators=operators,
        district=district,
        sla=sla,
        deadlines=deadlines,
        cases=cases,
        changes=changes,
        retention=ChangeRetention(db, clock),
        escalation=escalation,
        rosters=rosters,
        hazards=hazards,
        alerts=alerts,
        importer=importer,
        grid_map=grid_map,
        kpis=kpis,
        significant=significant,
        handovers=handovers,
        center=center,
        paging=paging,
        paging_outbox=outbox,
        incidents=incidents,
        tokens=TokenService(db, clock),
        photos=photos,
        intake=IntakeCases(db, clock, cases, deadlines, photos),
        heartbeats=HeartbeatService(db, clock, lambda: system),
        _page_check=check,
    )
