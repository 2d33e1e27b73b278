"""Polls the change feed for the roster panel: which members, shifts and cases changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.app import App
from console.core.domain import ChangeEvent
from widgets.changes.feed_poller import POLL_INTERVAL_MS, FeedPoller, ids_of

# Changes that move the schedule or the readiness of shifts (not single members).
SCHEDULE_ENTITIES = frozenset({"shift", "rotation", "team", "district", "roster",
                               "qualification"})


class RosterWatcher(FeedPoller):
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
        super().__init__(app, parent, interval_ms, "rosterWatcherTimer")

    def announce(self, events: list[ChangeEvent]) -> None:
        entities = {e.entity for e in events}
        if entities & {"district", "roster"}:
            self._app.district.invalidate()
        members, cases = ids_of(events, "member"), ids_of(events, "case")
        if members:
            self.members_changed.emit(members)
        if entities & SCHEDULE_ENTITIES:
            self.schedule_changed.emit()
        if cases:
            self.cases_changed.emit(cases)
