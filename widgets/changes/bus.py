"""The one change bus of a GUI process: reads the change feed once and tells every panel.

Every mutation writes a row to the ``changes`` table (seq, entity, entity_id, op) in its
own transaction. A console process reads it in one place, ``ChangeBus``: one small
indexed query per tick (``seq > last_seq``, at most ``BATCH`` rows), woken at once by a
PostgreSQL notification (``ChangeWakeup``) with its timer as the safety net (on SQLite,
the timer alone). A full batch means more are waiting: the next batch is read on the next
pass of the event loop, so a backlog is caught up in bounded steps and paints and input
run between them. Before announcing a batch, the bus drops the caches it made stale
(``App.forget_stale``: the district, the SLA policies), once for every panel.

Panels never read the feed: they connect to the bus's signals, one per kind of data,
each emitted at most once per batch, on the GUI thread.

Making a new entity live is one line of wiring: add it to ``ChangeBus.ROUTES`` with the
signal(s) that announce it, e.g. ``"incident": ("incidents_changed",)``, and, if that
signal is new, declare it on the class (``incidents_changed = Signal(list)``). A signal
that takes a list gets the ids of the rows written, each once, oldest first; a signal
without arguments means "read this afresh". A bulk entry (op ``"reload"``, id 0) names no
row: it fires the entity's signal in ``RELOADS`` (and its routes' signals without
arguments).

A seat away longer than the change feed's retention (asleep, disconnected, its bus
stopped) finds the changes it missed pruned (``ChangesPruned``): it does not replay the
rest. It moves its cursor to the newest change (read before anything is reloaded, so
nothing written meanwhile is lost), drops every cache, fires every reload signal and
every signal without arguments once, and says so (``reloaded_all``).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from PySide6.QtCore import QMetaMethod, QObject, QTimer, Signal

from console.app import CACHED_ENTITIES, App
from console.core.changes import ChangesPruned
from console.core.domain import ChangeEvent
from widgets.changes.change_wakeup import NOTIFIED_POLL_FACTOR, ChangeWakeup

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 300  # the safety-net tick on SQLite (five times slower with NOTIFY)
BATCH = 500  # changes per read: one indexed range query of a few ms
RELOAD = "reload"  # the op of a bulk entry (seeding, a restore, a district import)


class ChangeBus(QObject):
    """Reads ``changes`` after the newest change at construction (what came before is in
    whatever the console loaded) and fans each batch out as per-entity signals.

    ``poll`` reads once now; ``start``/``stop`` run and halt the timer and the
    notification wake-up. A failed read loses nothing: the same batch is read again at
    the next tick. ``reads`` counts the queries it made; ``last_seq`` is the newest
    change read.

    Signals:
        cases_changed(list): ids of cases written, each once.
        cases_reloaded(): cases were written in bulk (a ``("case", 0, "reload")`` entry:
            seeding, a restore); whatever shows cases reads them afresh, once.
        alerts_changed(list): ids of alerts written (imported, escalated, acted on).
        hazards_changed(list): ids of hazards written.
        members_changed(list): ids of roster members written.
        schedule_changed(): shifts, rotations, teams, qualifications, the whole roster or
            the district changed: who is on duty and readiness may have moved.
        district_changed(): grids or teams were reloaded (the district cache is dropped).
        policies_changed(): an SLA policy was edited, which moved pending deadlines of
            open cases without a change entry per case (the SLA cache is dropped).
        handovers_changed(): a handover was proposed, signed or taken over.
        incidents_changed(list): ids of incidents written (declared, linked, their log).
        incident_tasks_changed(list): ids of incident tasks written (done, escalated).
        changes_read(list): every batch as read (``ChangeEvent``s), after the signals
            above: for a follower outside the widgets, the in-process escalation engine.
        read_failed(str): a read of the feed failed, in the database's words; the next
            tick reads the same changes again.
        read_recovered(): a read worked again after one failed.
        alerts_reloaded(), hazards_reloaded(), members_reloaded(), incidents_reloaded():
            alerts, hazards, roster members, incidents or their tasks were written in bulk
            (or the seat reloads everything): read them afresh, once.
        reloaded_all(int): this seat was away longer than the change feed's retention:
            every reload signal has fired; it reads on after the change numbered here.
    """

    cases_changed = Signal(list)
    cases_reloaded = Signal()
    alerts_changed = Signal(list)
    hazards_changed = Signal(list)
    members_changed = Signal(list)
    schedule_changed = Signal()
    district_changed = Signal()
    policies_changed = Signal()
    handovers_changed = Signal()
    incidents_changed = Signal(list)
    incident_tasks_changed = Signal(list)
    basemaps_changed = Signal()
    changes_read = Signal(list)
    read_failed = Signal(str)
    read_recovered = Signal()
    alerts_reloaded = Signal()
    hazards_reloaded = Signal()
    members_reloaded = Signal()
    incidents_reloaded = Signal()
    reloaded_all = Signal(int)

    # The feed's entity -> the signals that announce it (in this order, once per batch).
    ROUTES: ClassVar[dict[str, tuple[str, ...]]] = {
        "district": ("district_changed", "schedule_changed"),
        "case": ("cases_changed",),
        "alert": ("alerts_changed",),
        "hazard": ("hazards_changed",),
        "member": ("members_changed",),
        "shift": ("schedule_changed",),
        "rotation": ("schedule_changed",),
        "team": ("schedule_changed",),
        "qualification": ("schedule_changed",),
        "roster": ("schedule_changed",),
        "sla_policy": ("policies_changed",),
        "handover": ("handovers_changed",),
        "incident": ("incidents_changed",),
        "incident_task": ("incident_tasks_changed",),
        "basemap": ("basemaps_changed",),
    }
    # A bulk entry of the entity -> the signal that says "read it all afresh".
    RELOADS: ClassVar[dict[str, str]] = {
        "case": "cases_reloaded",
        "alert": "alerts_reloaded",
        "hazard": "hazards_reloaded",
        "member": "members_reloaded",
        "incident": "incidents_reloaded",
        "incident_task": "incidents_reloaded",
    }

    def __init__(self, app: App, parent: QObject | None = None,
                 interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("changeBus")
        self._app = app
        self._takes_ids = self._signal_kinds()
        self._last_seq = app.changes.latest_seq()
        self._failed = False
        self._stopped = False
        self.reads = 0
        self._wakeup = ChangeWakeup(app.notifier, self)
        self._wakeup.woken.connect(self.poll)
        self._timer = QTimer(self)
        self._timer.setObjectName("changeBusTimer")
        self._timer.setInterval(interval_ms * NOTIFIED_POLL_FACTOR if self._wakeup.live
                                else interval_ms)
        self._timer.timeout.connect(self.poll)
        # A zero-interval timer, not a posted call: one batch per pass of the event loop.
        self._catch_up = QTimer(self)
        self._catch_up.setObjectName("changeBusCatchUp")
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(0)
        self._catch_up.timeout.connect(self.poll)

    def _signal_kinds(self) -> dict[str, bool]:
        """Every routed signal's name -> whether it carries ids (takes an argument).
        A route naming a signal the class does not declare fails here, at once."""
        meta = self.metaObject()
        kinds: dict[str, bool] = {}
        for i in range(meta.methodCount()):
            method = meta.method(i)
            if method.methodType() == QMetaMethod.MethodType.Signal:
                kinds[bytes(method.name().data()).decode()] = method.parameterCount() > 0
        routed = {name for names in self.ROUTES.values() for name in names}
        routed.update(self.RELOADS.values())
        missing = sorted(routed - kinds.keys())
        if missing:
            raise TypeError(f"{type(self).__name__} routes to undeclared signals: {missing}")
        if not self.RELOADS.keys() <= self.ROUTES.keys():
            raise TypeError("every entity in RELOADS needs a line in ROUTES")
        return {name: kinds[name] for name in routed}

    @property
    def last_seq(self) -> int:
        """The newest change read and announced."""
        return self._last_seq

    @property
    def live(self) -> bool:
        """True when notifications wake the bus (PostgreSQL): the timer is a safety net."""
        return self._wakeup.live

    @property
    def catching_up(self) -> bool:
        """The last batch was full: the next one is read on the next pass."""
        return self._catch_up.isActive()

    def start(self) -> None:
        self._stopped = False
        self._timer.start()
        self._wakeup.start()

    def stop(self) -> None:
        """Read no more (the window is closing): timer, wake-up and catch-up halt."""
        self._stopped = True
        self._wakeup.stop()
        self._timer.stop()
        self._catch_up.stop()

    def poll(self) -> None:
        """Read one batch of what changed since the last look and announce it."""
        self.reads += 1
        try:
            events = self._app.changes.since(self._last_seq, limit=BATCH)
        except ChangesPruned as gone:
            self._reload_all(gone)
            return
        except Exception as exc:  # the database's words; the next tick reads again
            if not self._failed:
                log.warning("cannot read the change feed: %s", exc)
            self._failed = True
            self.read_failed.emit(str(exc) or type(exc).__name__)
            return
        if self._failed:
            self._failed = False
            self.read_recovered.emit()
        if not events:
            return
        self._last_seq = events[-1].seq  # first: a slot may read the feed again
        if len(events) >= BATCH and not self._stopped:
            self._catch_up.start()
        self._announce(events)

    def _reload_all(self, gone: ChangesPruned) -> None:
        """What this seat missed was pruned: read everything afresh instead. The cursor
        moves first, to the newest change read with the news: a change committed during
        the reload is read after it (at worst a row is read twice, never missed)."""
        log.warning("away longer than the change feed's retention (read up to %d, pruned "
                    "through %d): reloading everything", gone.cursor, gone.pruned_through)
        self._last_seq = gone.resume_at
        if self._failed:
            self._failed = False
            self.read_recovered.emit()
        if not self._stopped:
            self._catch_up.start()  # what came after resume_at, on the next pass
        self._app.forget_stale(CACHED_ENTITIES | self.ROUTES.keys())
        ordered = [name for names in self.ROUTES.values() for name in names]
        for name in dict.fromkeys([*ordered, *self.RELOADS.values()]):
            if not self._takes_ids[name]:
                getattr(self, name).emit()
        self.reloaded_all.emit(gone.resume_at)

    def _announce(self, events: list[ChangeEvent]) -> None:
        """Drop the stale caches, then emit each signal the batch concerns once."""
        by_entity: dict[str, list[ChangeEvent]] = {}
        for event in events:
            by_entity.setdefault(event.entity, []).append(event)
        self._app.forget_stale(by_entity.keys())
        fired: dict[str, dict[int, None]] = {}  # signal -> ids, in ROUTES order
        for entity, names in self.ROUTES.items():
            entries = by_entity.get(entity)
            if not entries:
                continue
            reload = self.RELOADS.get(entity)
            if reload is not None and any(e.op == RELOAD for e in entries):
                fired.setdefault(reload, {})
            ids = dict.fromkeys(e.entity_id for e in entries if e.op != RELOAD)
            for name in names:
                fired.setdefault(name, {}).update(ids)
        for name, ids in fired.items():
            signal = getattr(self, name)
            if not self._takes_ids[name]:
                signal.emit()
            elif ids:
                signal.emit(list(ids))
        self.changes_read.emit(events)
