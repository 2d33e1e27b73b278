"""Flag as significant: the context-menu action on a case's timeline (events and notes)
and on the alert table, which puts the event in the shift's activity log."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from console.app import App
from console.core.domain import TimelineEntry
from console.core.errors import WatchroomError
from console.handover.significant import FLAG_ACTION

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
FLAG_MARK = "★"


class TimelineFlagging(QObject):
    """Adds "Flag as significant" to a case timeline (a ``QTreeWidget`` whose items carry
    their audit entry id in ``ENTRY_ID_ROLE`` of column 0) and marks flagged entries.

    Signals:
        flagged(str): an entry was flagged; a line saying so.
        failed(str): flagging was refused (a role, already flagged); the reason.
    """

    flagged = Signal(str)
    failed = Signal(str)

    def __init__(self, app: App, tree: QTreeWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._tree = tree
        self.action = QAction(self.tr("Flag as significant for the handover"), tree)
        self.action.setObjectName("flagTimelineSignificantAction")
        self.action.setToolTip(self.tr("List this event in the shift's activity log"))
        self.action.setEnabled(False)
        tree.addAction(self.action)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.action.triggered.connect(self._on_action_triggered)
        tree.currentItemChanged.connect(self._on_tree_current_item_changed)

    def mark(self, items: Sequence[QTreeWidgetItem], entries: Sequence[TimelineEntry]) -> None:
        """Tie each item to its entry and star the flagged ones (one indexed query)."""
        flagged = self._app.significant.flagged_events(e.id for e in entries)
        for item, entry in zip(items, entries, strict=True):
            item.setData(0, ENTRY_ID_ROLE, entry.id)
            item.setData(0, ACTION_ROLE, entry.action)
            if entry.id in flagged:
                item.setText(2, f"{FLAG_MARK} {item.text(2)}")
                item.setToolTip(2, self.tr("Flagged significant for the handover"))
                font = QFont(item.font(2))
                font.setBold(True)
                item.setFont(2, font)
                item.setData(2, ENTRY_ID_ROLE, True)
        self._on_tree_current_item_changed(self._tree.currentItem(), None)

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None,
                                      previous: QTreeWidgetItem | None) -> None:
        self.action.setEnabled(
            current is not None and current.data(0, ENTRY_ID_ROLE) is not None
            and current.data(2, ENTRY_ID_ROLE) is not True
            and current.data(0, ACTION_ROLE) != FLAG_ACTION)

    def _on_action_triggered(self) -> None:
        item = self._tree.currentItem()
        if item is None or item.data(0, ENTRY_ID_ROLE) is None:
            return
        try:
            entry = self._app.significant.flag_event(self._app.operator,
                                                     int(item.data(0, ENTRY_ID_ROLE)))
        except WatchroomError as exc:
            self.failed.emit(str(exc))
            return
        self.flagged.emit(self.tr("{subject}: flagged significant for the handover.")
                          .format(subject=entry.subject))


class AlertFlagging(QObject):
    """Adds "Flag as significant" to an alert table's context menu; ``selected`` says
    which alert is selected (its id), or None.

    Signals:
        flagged(str): the alert was flagged; a line saying so.
        failed(str): flagging was refused; the reason.
    """

    flagged = Signal(str)
    failed = Signal(str)

    def __init__(self, app: App, table: QAbstractItemView,
                 selected: Callable[[], int | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._selected = selected
        self.action = QAction(self.tr("Flag as significant for the handover"), table)
        self.action.setObjectName("flagAlertSignificantAction")
        self.action.setToolTip(self.tr("List this alert in the shift's activity log"))
        table.addAction(self.action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.action.triggered.connect(self._on_action_triggered)

    def _on_action_triggered(self) -> None:
        alert_id = self._selected()
        if alert_id is None:
            self.failed.emit(self.tr("Select the alert to flag first."))
            return
        try:
            entry = self._app.significant.flag_alert(self._app.operator, alert_id)
        except WatchroomError as exc:
            self.failed.emit(str(exc))
            return
        self.flagged.emit(self.tr("{subject}: flagged significant for the handover.")
                          .format(subject=entry.subject))
