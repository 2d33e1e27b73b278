"""Polls the change feed for the roster panel: which members, shifts and cases changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.app import App

POLL_INTERVAL_MS = 1000
POLL_LIMIT = 2000
# Changes that move the schedule or the readiness of shifts (not single members).
SCHEDULE_ENTITIES = frozenset({"shift", "rotation", "team", "district", "roster",
                               "qualification"})


class RosterWatcher(QObject):
    """Reads ``changes`` by sequence number (one small indexed query per tick), starting
    after the newest change at construction. The console's ``ChangeWatcher`` announces
    cases and the district only, so the roster keeps its own cursor.

    Signals:
        members_changed(list): ids of members written since the last tick, each once.
        schedule_changed(): shifts, rotations, teams or the whole roster changed.
        cases_changed(list): ids of cases written since the last tick (the selected
            case may have moved on).
    """

    members_changed = Signal(list)
    schedule_changed = Signal()
    cases_changed = Signal(list)

    def __init__(self, app: App, parent: QObject | None = None,
                 interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._app = app
        self._last_seq = app.changes.latest_seq()
        self._interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setObjectName("rosterWatcherTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self._running = False

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def start(self) -> None:
        self._running = True
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def poll(self) -> None:
        """Read what changed since the last look and announce it."""
        events = self._app.changes.since(self._last_seq, limit=POLL_LIMIT)
        if events:
            self._last_seq = events[-1].seq
            entities = {e.entity for e in events}
            if entities & {"district", "roster"}:
                self._app.district.invalidate()
            members = list(dict.fromkeys(e.entity_id for e in events if e.entity == "member"))
            cases = list(dict.fromkeys(e.entity_id for e in events if e.entity == "case"))
            if members:
                self.members_changed.emit(members)
            if entities & SCHEDULE_ENTITIES:
                self.schedule_changed.emit()
            if cases:
                self.cases_changed.emit(cases)
        if self._running:
            self._timer.start(0 if len(events) >= POLL_LIMIT else self._interval_ms)
