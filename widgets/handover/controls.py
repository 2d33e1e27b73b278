"""Everything the main window shows of the handover: the File action (Ctrl+Shift+H), the
prompt in the status bar, the history dock, and the flag action on alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStatusBar

from console.app import App
from widgets.alerts.panel import AlertPanel
from widgets.common.dock_scroll import scrolling
from widgets.common.lazy_dock import LazyDock
from widgets.handover.flags import AlertFlagging
from widgets.handover.prompt import HandoverPrompt

if TYPE_CHECKING:  # built when first needed (the history is a tab at the back)
    from widgets.handover.dialog import HandoverDialog
    from widgets.handover.history import HandoverHistory

MESSAGE_MS = 8000


class HandoverControls(QObject):
    """Owns the handover's action, prompt, dock and dialog for one main window; the
    window adds ``action`` to its File menu and ``dock`` to its layout.

    Signals: only those of ``QObject``.
    """

    def __init__(self, app: App, window: QMainWindow, status_bar: QStatusBar,
                 alerts: AlertPanel) -> None:
        super().__init__(window)
        self._app = app
        self._window = window
        self._status_bar = status_bar
        self._dialog: HandoverDialog | None = None
        self.action = QAction(self.tr("Shift &handover…"), window)
        self.action.setObjectName("shiftHandoverAction")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.action.setToolTip(self.tr("Write, sign or take over the shift handover"))
        self.prompt = HandoverPrompt(app, status_bar)
        self.dock = QDockWidget(self.tr("Handover history"), window)
        self.dock.setObjectName("handoverHistoryDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # Scrolls when the dock is lower than the panel's minimum (like the other bottom
        # docks), so the window still fits a laptop's screen.
        self._lazy_history = LazyDock(
            self.dock, self._build_history,
            lambda history: scrolling(self.dock, "handoverHistoryDock", history))
        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setObjectName("toggleHandoverHistoryDock")
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Alt+H"))
        self.alert_flagging = AlertFlagging(
            app, alerts.table, lambda: row.id if (row := alerts.selected_alert()) else None,
            self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.action.triggered.connect(self.open_dialog)
        self.prompt.open_requested.connect(self.open_dialog)
        self.alert_flagging.flagged.connect(self._show_message)
        self.alert_flagging.failed.connect(self._show_message)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    def _build_history(self) -> HandoverHistory:
        from widgets.handover.history import HandoverHistory

        return HandoverHistory(self._app, self._window)

    @property
    def history(self) -> HandoverHistory:
        """The history panel, built now if it was not yet (when its dock first shows)."""
        return self._lazy_history.panel()

    @property
    def dialog(self) -> HandoverDialog | None:
        return self._dialog

    def open_dialog(self) -> HandoverDialog:
        """The handover of the shift being handed over (one dialog at a time)."""
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.raise_()
            self._dialog.activateWindow()
            return self._dialog
        from widgets.handover.dialog import HandoverDialog

        dialog = HandoverDialog.for_current_shift(self._app, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.handover_changed.connect(self._on_dialog_handover_changed)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self._dialog = dialog
        self.prompt.withdraw()
        dialog.show()
        return dialog

    def _on_dialog_destroyed(self) -> None:
        self._dialog = None

    def _on_dialog_handover_changed(self, handover_id: int) -> None:
        if self.dock.isVisible():
            self.history.reload()

    def refresh_history(self) -> None:
        """A handover was proposed, signed or taken over (here or on another seat): the
        history re-reads while it is on screen (it reads anyway when shown)."""
        if self.dock.isVisible():
            self.history.reload()

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.history.reload()

    def _show_message(self, text: str) -> None:
        self._status_bar.showMessage(text, MESSAGE_MS)
