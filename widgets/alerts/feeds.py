"""The alert panel's list of heartbeating feeds: each feed's last beat, its interval, and
whether its silence has raised an alert."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from console.app import App
from console.core.domain import ChangeEvent
from console.core.errors import WatchroomError
from widgets.changes.bus import ChangeBus
from widgets.common.time_text import duration_text, short_local_time

REFRESH_MS = 60_000  # beats are not in the change feed (too many): the times are re-read


class FeedHeartbeatsView(QWidget):
    """Feeds that send heartbeats (``POST /api/v1/heartbeats/{feed}``), silent ones
    first; hidden while there are none. Re-read when a feed is added, falls silent or
    comes back (change feed), and every minute for the last-beat times."""

    def __init__(self, app: App, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedHeartbeats")
        self._app = app
        self._title = QLabel(self)
        self._title.setProperty("fieldName", True)
        self._tree = QTreeWidget(self)
        self._tree.setObjectName("feedHeartbeatList")
        self._tree.setAccessibleName(self.tr("Feeds and their last heartbeat"))
        self._tree.setRootIsDecorated(False)
        self._tree.setAlternatingRowColors(True)
        self._tree.setHeaderLabels([self.tr("Feed"), self.tr("Last beat"), self.tr("Every"),
                                    self.tr("State")])
        self._tree.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self._title)
        layout.addWidget(self._tree)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        bus.changes_read.connect(self._on_bus_changes_read)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        try:
            feeds = self._app.heartbeats.feeds()
        except WatchroomError:
            return  # the alert panel shows the database's trouble already
        self.setVisible(bool(feeds))
        silent = sum(1 for f in feeds if f.silent)
        self._title.setText(self.tr("Feeds: {n}, silent: {silent}").format(
            n=len(feeds), silent=silent))
        self._tree.clear()
        for feed in feeds:
            item = QTreeWidgetItem([
                feed.name, short_local_time(feed.last_beat_at), duration_text(feed.interval_s),
                self.tr("silent") if feed.silent else self.tr("alive")])
            self._tree.addTopLevelItem(item)

    def _on_bus_changes_read(self, events: list[ChangeEvent]) -> None:
        if any(e.entity == "feed_heartbeat" for e in events):
            self.refresh()
