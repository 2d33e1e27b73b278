"""Polls the change feed and tells the console which cases and reference data changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.app import App
from widgets.changes.change_wakeup import NOTIFIED_POLL_FACTOR, ChangeWakeup

POLL_INTERVAL_MS = 300
POLL_LIMIT = 2000


class ChangeWatcher(QObject):
    """Reads ``changes`` by sequence number (one small indexed query per tick).

    Starts after the newest change at construction: what came before is already in
    whatever the console loaded. When a tick returns a full batch, the next tick
    follows at once instead of waiting for the interval. On PostgreSQL a notification
    (LISTEN/NOTIFY) makes it read at once, and the timer is only a safety net, five
    times slower; after the listener reconnects it reads from its own last sequence,
    so nothing committed meanwhile is missed.

    Signals:
        cases_changed(list): ids of cases written since the last tick, each once.
        cases_reloaded(): cases were written in bulk (seeding, a restore): a
            ``("case", 0, "reload")`` change; whatever shows cases reads them afresh, once.
        district_changed(): grids or teams were reloaded; the cache was invalidated.
        policies_changed(): an SLA policy was edited, which moved pending deadlines of
            open cases without a change entry per case; the SLA cache was invalidated.
        handovers_changed(): a handover was proposed, signed or taken over.
    """

    cases_changed = Signal(list)
    cases_reloaded = Signal()
    district_changed = Signal()
    policies_changed = Signal()
    handovers_changed = Signal()

    def __init__(self, app: App, parent: QObject | None = None,
                 interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._app = app
        self._last_seq = app.changes.latest_seq()
        self._timer = QTimer(self)
        self._timer.setObjectName("changeWatcherTimer")
        self._wakeup = ChangeWakeup(app.notifier, self)
        self._wakeup.woken.connect(self.poll)
        self._timer.setInterval(interval_ms * NOTIFIED_POLL_FACTOR if self._wakeup.live
                                else interval_ms)
        self._timer.timeout.connect(self.poll)
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(0)
        self._catch_up.timeout.connect(self.poll)

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def start(self) -> None:
        self._timer.start()
        self._wakeup.start()

    def stop(self) -> None:
        self._wakeup.stop()
        self._timer.stop()
        self._catch_up.stop()

    def poll(self) -> None:
        """Read what changed since the last look and announce it."""
        events = self._app.changes.since(self._last_seq, limit=POLL_LIMIT)
        if not events:
            return
        self._last_seq = events[-1].seq
        case_events = [e for e in events if e.entity == "case"]
        reloaded = any(e.op == "reload" for e in case_events)
        case_ids = list(dict.fromkeys(e.entity_id for e in case_events if e.op != "reload"))
        entities = {e.entity for e in events}
        if "district" in entities:
            self._app.district.invalidate()
            self.district_changed.emit()
        if entities & {"sla_policy", "sla_tier"}:
            self._app.sla.invalidate()
        if reloaded:
            self.cases_reloaded.emit()
        if case_ids:
            self.cases_changed.emit(case_ids)
        if "sla_policy" in entities:
            self.policies_changed.emit()
        if "handover" in entities:
            self.handovers_changed.emit()
        if len(events) >= POLL_LIMIT and self._timer.isActive():
            # A full batch means more are waiting: come back on the next event-loop turn.
            self._catch_up.start()
