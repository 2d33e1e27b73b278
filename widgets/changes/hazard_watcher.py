"""Polls the change feed for the hazard panels: which hazards and cases changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.app import App
from console.core.domain import ChangeEvent
from widgets.changes.feed_poller import POLL_INTERVAL_MS, FeedPoller, ids_of


class HazardWatcher(FeedPoller):
    """Reads ``changes`` by sequence number (one small indexed query per tick), starting
    after the newest change at construction. The console's own ``ChangeWatcher`` only
    announces cases and the district, so the hazard panels keep their own cursor.

    Signals:
        hazards_changed(list): ids of hazards written since the last tick, each once.
        cases_changed(list): ids of cases written since the last tick (a linked case
            moved on), each once.
    """

    hazards_changed = Signal(list)
    cases_changed = Signal(list)

    def __init__(self, app: App, parent: QObject | None = None,
                 interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(app, parent, interval_ms, "hazardWatcherTimer")

    def announce(self, events: list[ChangeEvent]) -> None:
        hazards, cases = ids_of(events, "hazard"), ids_of(events, "case")
        if hazards:
            self.hazards_changed.emit(hazards)
        if cases:
            self.cases_changed.emit(cases)
