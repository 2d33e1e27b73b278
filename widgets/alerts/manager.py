"""The alert manager: the alert model, how alert rows are read in, and what is done to one."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from console.alerts.service import AlertDetail, AlertFilter, AlertRow, Promotion
from console.app import App
from console.core.domain import Category, GridRef, Severity
from console.core.errors import NotFound
from console.hazards.domain import HazardDetail, hazard_code_of_alert
from console.territory.district import DistrictService
from widgets.alerts.feed import AlertRowReader
from widgets.alerts.model import (
    AlertItem,
    AlertTableModel,
    is_critical_unacknowledged,
    prepare_item,
)
from widgets.changes.bus import ChangeBus
from widgets.common.background import BackgroundWork

RETRY_MS = 400  # a failed read of alert rows is tried again after this long
APPLY_CHUNK = 25  # rows per model insert; a turn reads and inserts until its budget is spent
SLICE_BUDGET_S = 0.008  # GUI-thread time a turn spends on queries and inserts, then yields
ATTENTION_EVERY_S = 0.25  # in a burst, the attention count is redrawn at most this often
TIMERS_INTERVAL_MS = 30_000  # shelved alerts coming back, acknowledged ones re-attended
BLINK_MS = 800  # the same slow pulse as the escalation banner
INITIAL_LIMIT = 5000


class AlertManager(QObject):
    """Holds the alerts an officer sees (``model``), keeps them up to date, and does what
    an officer does with one. Knows no widget: the alert panel shows what it holds and
    says what it is told.

    Listens to the console's change bus (``alerts_changed``; ``poll`` asks it to read the
    feed now) and applies the alerts it names in turns, one per pass of the event loop:
    each turn runs small queries (the rows of 40 alerts; ``AlertRowReader``) and inserts
    25 rows at a time until it has
    used ~8 ms of the GUI thread; the table is painted in the next pass, alone
    (``painting_held`` / ``painting_released``); never a model reset. ``busy`` is True
    while the bus catches up or rows wait to be read, applied or painted. Unacknowledged
    Extreme and Severe alerts flash. Shelved alerts come back through the alert service's
    timers, run every 30 s off the GUI thread (``run_timers`` runs them at once).

    The actions (``acknowledge``, ``shelve``, ``resolve``, ``promote``) are one service
    call each, on the row as the officer saw it (its version); they apply the answer to
    the model and raise the service's ``WatchroomError`` for the caller to show.

    Signals:
        attention_changed(int): the number of unacknowledged critical alerts changed.
        critical_arrived(): a critical alert came in that was not flashing before.
        flash_toggled(bool): the flash went on or off (the model's rows say so already).
        rows_restyled(): rows on screen changed their look without a model signal (the
            flash), outside a turn: repaint them.
        alerts_applied(object, object): a turn put alerts into the model: their ids and
            their sources (two sets).
        painting_held(): a turn is changing the model; hold the table's painting.
        painting_released(): paint the table now (nothing else runs in this pass).
        feed_read_failed(str): reading the change feed or alert rows failed (retried).
        feed_read_recovered(): they are read again after a failure.
        timers_failed(str): the alert timers, run in the background, failed.
    """

    attention_changed = Signal(int)
    critical_arrived = Signal()
    flash_toggled = Signal(bool)
    rows_restyled = Signal()
    alerts_applied = Signal(object, object)
    painting_held = Signal()
    painting_released = Signal()
    feed_read_failed = Signal(str)
    feed_read_recovered = Signal()
    timers_failed = Signal(str)

    def __init__(self, app: App, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._bus = bus
        self._alerts = app.alerts
        self._rows = AlertRowReader(app.alerts.rows_by_ids)
        self._pending: list[AlertItem] = []  # read, not yet in the model
        self._timers_work = BackgroundWork(self)
        self._draining = False  # a turn is scheduled
        self._paint_owed = False  # the last turn changed the table: paint it, no turn
        self._read_failed = False  # the last read of the feed failed
        self._attention = -1
        self._attention_at = 0.0  # when the attention count was last shown
        self._attention_stale = False  # rows applied since, in a burst
        self._beep_owed = False  # a new critical alert came in a burst, not announced yet

        self.model = AlertTableModel(self)

        self._retry_timer = QTimer(self)
        self._retry_timer.setObjectName("alertRetryTimer")
        self._retry_timer.setSingleShot(True)
        self._retry_timer.setInterval(RETRY_MS)
        self._timers_timer = QTimer(self)
        self._timers_timer.setObjectName("alertTimersTimer")
        self._timers_timer.setInterval(TIMERS_INTERVAL_MS)
        self._blink = QTimer(self)
        self._blink.setObjectName("alertBlinkTimer")
        self._blink.setInterval(BLINK_MS)
        # One turn per event-loop pass: a zero-interval timer, not a posted call
        # (QTimer.singleShot(0) posts an event, and events posted while posted events
        # are handled run in the same pass: a chain of them never yields to paint/input).
        self._apply_timer = QTimer(self)
        self._apply_timer.setObjectName("alertApplyTimer")
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(0)

        self._bus.alerts_changed.connect(self._on_bus_alerts_changed)
        self._bus.read_failed.connect(self._on_bus_read_failed)
        self._bus.read_recovered.connect(self._on_bus_read_recovered)
        self._retry_timer.timeout.connect(self._schedule)
        self._timers_timer.timeout.connect(self._on_timers_timer_timeout)
        self._blink.timeout.connect(self._on_blink_timeout)
        self._apply_timer.timeout.connect(self._drain)

    # ---- running -----------------------------------------------------------------------

    def start(self) -> None:
        """Start running the alert timers (the bus, started by its owner, brings changes)."""
        self._timers_timer.start()

    def stop(self) -> None:
        """Stop applying and the timers; waits for a timers run still going (it writes)
        so the database can be closed after."""
        self._timers_timer.stop()
        self._retry_timer.stop()
        self._blink.stop()
        self._apply_timer.stop()
        self._draining = self._paint_owed = False
        self._timers_work.cancel()  # what it brought back is read by the next start
        self._timers_work.wait_idle(15_000)

    @property
    def busy(self) -> bool:
        """The bus is catching up on the feed, or alerts named wait to be read, applied
        or painted."""
        return (self._draining or bool(self._pending) or not self._rows.idle
                or self._bus.catching_up)

    @property
    def flashing(self) -> bool:
        return self._blink.isActive()

    @property
    def attention_count(self) -> int:
        return max(0, self._attention)

    # ---- reading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the alerts afresh (the first load; the only model reset). Raises
        ``WatchroomError`` when they cannot be read (the model keeps what it had)."""
        page = self._alerts.list_alerts(AlertFilter(statuses=frozenset()), limit=INITIAL_LIMIT)
        self._pending.clear()
        self.model.reset_rows(page.rows)
        self._update_attention()
        _settle_heap()

    def poll(self) -> None:
        """Have the change bus read the feed now (for every panel); the alerts it names,
        and any whose read failed, are read and applied in the next turns."""
        self._bus.poll()
        if not self._rows.idle:
            self._schedule()

    def _on_bus_alerts_changed(self, alert_ids: list[int]) -> None:
        self._rows.add(alert_ids)
        self._schedule()

    def _on_bus_read_failed(self, message: str) -> None:
        self._read_failed = True
        self.feed_read_failed.emit(message)

    def _on_bus_read_recovered(self) -> None:
        if self._read_failed:
            self._read_failed = False
            self.feed_read_recovered.emit()

    def enqueue_rows(self, rows: Iterable[AlertRow]) -> None:
        """Apply ``rows`` (changed or new alerts) in turns, as alerts read are."""
        self._enqueue([prepare_item(row) for row in rows])

    def refresh_alert(self, alert_id: int) -> None:
        """Read one alert as it is now (after a conflict) into the model."""
        self.model.apply_rows(self._alerts.rows_by_ids([alert_id]))
        self._update_attention()

    def detail(self, alert_id: int) -> AlertDetail:
        return self._alerts.get(alert_id)

    def run_timers(self) -> int:
        """Bring back shelved alerts whose time is up (and acknowledged alerts left
        alone too long), now, and say how many; the change feed then shows them. (Every
        30 s, once started, they run in the background instead.)"""
        done = self._alerts.run_timers()
        if done:
            self.poll()
        return done

    def now(self) -> datetime:
        return self._app.clock.now()

    @property
    def district(self) -> DistrictService:
        """The territory's grids, for the panel's grid filter."""
        return self._app.district

    def grids(self) -> list[GridRef]:
        """The grids a case promoted from an alert may be placed in."""
        return self._app.district.grids()

    def hazard_of(self, row: AlertRow) -> HazardDetail | None:
        """The hazard an inspection alert is about, or None (any other alert, or a hazard
        gone since)."""
        code = hazard_code_of_alert(row.source, row.headline)
        if code is None:
            return None
        try:
            return self._app.hazards.get(code)
        except NotFound:
            return None

    # ---- acting: one service call each ----------------------------------------------------

    def acknowledge(self, row: AlertRow) -> AlertDetail:
        return self._applied(self._alerts.acknowledge(self._app.operator, row.id, row.version))

    def resolve(self, row: AlertRow) -> AlertDetail:
        return self._applied(self._alerts.resolve(self._app.operator, row.id, row.version))

    def shelve(self, row: AlertRow, until: datetime) -> AlertDetail:
        return self._applied(
            self._alerts.shelve(self._app.operator, row.id, until, row.version))

    def promote(self, row: AlertRow, title: str, category: Category, severity: Severity,
                grid: str) -> Promotion:
        promotion = self._alerts.promote_to_case(
            self._app.operator, row.id, title=title, category=category, severity=severity,
            grid=grid, expected_version=row.version)
        self._applied(promotion.alert)
        return promotion

    def _applied(self, detail: AlertDetail) -> AlertDetail:
        self.model.apply_rows([detail.row])
        self._update_attention()
        return detail

    # ---- live --------------------------------------------------------------------------

    def _enqueue(self, items: Iterable[AlertItem]) -> None:
        self._pending.extend(items)
        self._schedule()

    def _schedule(self) -> None:
        if not self._draining:
            self._draining = True
            self._apply_timer.start()

    def _on_timers_timer_timeout(self) -> None:
        """Run the alert service's timers off the GUI thread. They write: on SQLite,
        ``BEGIN IMMEDIATE`` waits for the write lock as long as another process (an
        importer in a burst) holds it, which on the GUI thread would freeze the window for
        that long. One run at a time; a tick while one runs is skipped (the next tick
        catches up)."""
        if not self._timers_work.busy:
            self._timers_work.start(self._alerts.run_timers, self._on_timers_done,
                                    self.timers_failed.emit)

    def _on_timers_done(self, done: int) -> None:
        if done:
            self.poll()

    def _drain(self) -> None:
        """One turn: insert queued rows a chunk at a time and, when none are queued, read
        a step of the feed, until the turn's budget is spent; the rest waits for the next
        pass of the event loop.

        The table is not painted in the pass of a turn that changed it but in the next
        pass, which does nothing else: a pass holds the GUI thread for the turn or for
        the paint (~8 ms each on a quiet machine), never both."""
        if self._paint_owed:
            self._paint_owed = False
            self.painting_released.emit()
            self._apply_timer.start()
            return
        started = time.perf_counter()
        applied: set[int] = set()
        sources: set[str] = set()
        failed = False
        while True:  # at least one step a turn, however slow the machine
            if not self._pending:
                if self._rows.idle:
                    break
                try:
                    self._pending.extend(self._rows.step())
                except Exception as exc:  # the database's words; read again shortly
                    self._read_failed = failed = True
                    self.feed_read_failed.emit(str(exc) or type(exc).__name__)
                    self._retry_timer.start()
                    break
                if self._read_failed:  # read again: the error is over
                    self._read_failed = False
                    self.feed_read_recovered.emit()
            else:
                if not applied:
                    self.painting_held.emit()  # until the next pass
                self._apply_chunk(applied, sources)
            if time.perf_counter() - started >= SLICE_BUDGET_S:
                break
        more = not failed and (bool(self._pending) or not self._rows.idle)
        if applied:
            self._attention_stale = True
            self.alerts_applied.emit(applied, sources)
        # The badge's text changing re-lays the panel out: in a burst, not every turn;
        # but at once when nothing flashed yet, and when the burst is over.
        if self._attention_stale and (
                not more or self._attention <= 0
                or time.perf_counter() - self._attention_at >= ATTENTION_EVERY_S):
            self._update_attention(announce=self._beep_owed)
            self._attention_stale = self._beep_owed = False
            self._attention_at = time.perf_counter()
        if applied:
            self._paint_owed = True
            _settle_heap()  # the rows just added, out of the full collections too
        if more or applied:
            self._apply_timer.start()
        else:
            self._draining = False

    def _apply_chunk(self, applied: set[int], sources: set[str]) -> None:
        """Insert or update the next ``APPLY_CHUNK`` queued rows; note their ids and
        sources, and whether one is a critical alert not flashing before (announced)."""
        chunk = self._pending[:APPLY_CHUNK]
        del self._pending[:APPLY_CHUNK]
        for item in chunk:
            if item.flashes and not self._beep_owed:
                old = self.model.alert(item.row.id)
                self._beep_owed = old is None or not is_critical_unacknowledged(old)
            applied.add(item.row.id)
            sources.add(item.row.source)
        self.model.apply_items(chunk)

    def _update_attention(self, announce: bool = False) -> None:
        count = self.model.flashing_count()
        if count != self._attention:
            self._attention = count
            if count:
                if not self._blink.isActive():
                    self._set_lit(True)
                    self._blink.start()
            else:
                self._blink.stop()
                self._set_lit(False)
            self.attention_changed.emit(count)
        if announce and count:
            self.critical_arrived.emit()

    def _set_lit(self, lit: bool) -> None:
        self.model.set_flash_lit(lit)
        if self._draining:
            self._paint_owed = True  # painted in the next pass, with no turn beside it
        else:
            self.rows_restyled.emit()  # the visible rows only; no model signal
        self.flash_toggled.emit(lit)

    def _on_blink_timeout(self) -> None:
        self._set_lit(not self.model.flash_lit)


def _settle_heap() -> None:
    """Leave what lives on (Qt wrappers, mappings, the rows of the table) out of Python's
    full garbage collections, which walk every tracked object while holding the GUI
    thread. Measured during a 20,000-alert burst: full collections of 60-600 ms (65 ms
    on a quiet machine for the start-up heap alone); frozen after the first load and
    after each turn that adds rows, none.

    Cost: ~0.1 ms (young generations only, then ``gc.freeze``, which is O(1)). Frozen
    objects are still freed by reference counting when they die (a replaced row, for
    one); only a reference cycle among objects that had survived into the frozen set is
    never reclaimed, and young cyclic garbage is collected before each freeze."""
    gc.collect(1)
    gc.freeze()
