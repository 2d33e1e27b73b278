"""The window's layouts: which docks show, where, and how large, for each way of working.

A duty officer works the board with the case detail beside it and what is arriving
below; a control-room wall shows the board, the alerts and the map in large type; a
coordinator keeps the rosters and the hazard registry beside each other under the
board. Sizes are shares of the window, so one layout serves 1920×1080 and 1366×768:
the bottom strip takes about two fifths of the height (8–11 rows in its lists at 1080
lines, four or five at 768) and the right column about a third of the width.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QWidget

LAYOUT_KEY = "mainWindow/layout"
# Shares of the window's height (bottom strip: less on a short screen, where the board
# needs its rows too) and width (right column).
BOTTOM_SHARE, SHORT_BOTTOM_SHARE, SHORT_SCREEN = 0.46, 0.40, 900
RIGHT_SHARE = 0.30
MAP_RIGHT_SHARE = 0.34  # a wall's map deserves a wider column
# Never narrower than the detail pane's fields and never wider than half the window.
RIGHT_MIN, RIGHT_MAX_SHARE = 400, 0.5


class Layout(StrEnum):
    DUTY_OFFICER = "duty_officer"
    CONTROL_ROOM = "control_room"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class Docks:
    """The window's docks, by what they hold."""

    detail: QDockWidget
    map: QDockWidget
    territory: QDockWidget
    alerts: QDockWidget
    rosters: QDockWidget
    hazards: QDockWidget
    handover: QDockWidget
    dashboard: QDockWidget
    # Hidden by every layout: it shows while an incident is open (widgets/incidents).
    incident: QDockWidget

    def all(self) -> tuple[QDockWidget, ...]:
        return (self.detail, self.map, self.territory, self.alerts, self.rosters,
                self.hazards, self.handover, self.dashboard, self.incident)


def saved_layout(settings: QSettings) -> Layout:
    value = settings.value(LAYOUT_KEY)
    return Layout(value) if value in {layout.value for layout in Layout} else \
        Layout.DUTY_OFFICER


def save_layout(settings: QSettings, layout: Layout) -> None:
    settings.setValue(LAYOUT_KEY, layout.value)


def large_type(layout: Layout, lines: int) -> bool:
    """Whether the layout reads from across a room: the control room's, on a screen of
    ``lines`` lines that has the rows to spare (a wall's). On a 768-line laptop the
    larger type would leave the board three rows; there it keeps the normal size."""
    return layout is Layout.CONTROL_ROOM and lines >= SHORT_SCREEN


def arrange(window: QMainWindow, docks: Docks, layout: Layout) -> None:
    """Put every dock where ``layout`` wants it (docked, not floating), show the ones it
    uses in front and hide the rest (each stays one click away in View).

    The arrangement is made on a window of stand-ins and restored onto the real one, as
    a saved layout is: docks moved about in a live window leave stale tab bars behind.
    """
    # The right column runs the window's whole height (the case detail's timeline or the
    # map is not cut short), except for a coordinator: the rosters and the hazard
    # registry side by side need the window's whole width.
    window.setCorner(Qt.Corner.BottomRightCorner,
                     Qt.DockWidgetArea.BottomDockWidgetArea if layout is Layout.COORDINATOR
                     else Qt.DockWidgetArea.RightDockWidgetArea)
    stand_in = QMainWindow()
    stand_in.setCentralWidget(QWidget(stand_in))
    stand_in.setCorner(Qt.Corner.BottomRightCorner, window.corner(Qt.Corner.BottomRightCorner))
    stand_in.resize(window.size())
    twins = Docks(*(_twin(stand_in, dock) for dock in docks.all()))
    _place(stand_in, twins, layout)
    state = stand_in.saveState()
    stand_in.deleteLater()
    # Qt (6.11) gives the restored groups new tab bars and leaves the old ones showing,
    # stale, where they were: hide them (they are never used again).
    stale = [bar for bar in window.findChildren(QTabBar)
             if bar.parentWidget() is window and not bar.isHidden()]
    window.restoreState(state)
    for bar in stale:
        bar.hide()


def _twin(window: QMainWindow, dock: QDockWidget) -> QDockWidget:
    twin = QDockWidget(dock.windowTitle(), window)
    twin.setObjectName(dock.objectName())
    twin.setFeatures(dock.features())
    twin.setWidget(QWidget(twin))
    return twin


def _place(window: QMainWindow, docks: Docks, layout: Layout) -> None:
    """On a fresh window: every dock where ``layout`` wants it."""
    right_area = Qt.DockWidgetArea.RightDockWidgetArea
    bottom_area = Qt.DockWidgetArea.BottomDockWidgetArea
    beside: QDockWidget | None = None  # shown beside the bottom group, not in it
    if layout is Layout.DUTY_OFFICER:
        right: tuple[QDockWidget, ...] = (docks.detail, docks.map, docks.territory,
                                          docks.incident)
        bottom: tuple[QDockWidget, ...] = (docks.alerts, docks.rosters, docks.hazards,
                                           docks.handover, docks.dashboard)
        shown = {docks.detail, docks.map, docks.alerts, docks.rosters, docks.hazards,
                 docks.handover, docks.dashboard}
        front = (docks.detail, docks.alerts)
    elif layout is Layout.CONTROL_ROOM:
        right = (docks.map, docks.detail, docks.territory, docks.incident)
        bottom = (docks.alerts, docks.rosters, docks.hazards, docks.handover,
                  docks.dashboard)
        shown = {docks.map, docks.detail, docks.alerts}
        front = (docks.map, docks.alerts)
    else:
        right = (docks.map, docks.detail, docks.territory, docks.incident)
        bottom = (docks.rosters, docks.alerts, docks.handover, docks.dashboard)
        # The hazard registry beside the rosters, not behind them: both are worked at once.
        beside = docks.hazards
        shown = {docks.map, docks.detail, docks.rosters, docks.hazards}
        front = (docks.map, docks.rosters)
    for area, stack in ((right_area, right), (bottom_area, bottom)):
        for dock in stack:
            window.addDockWidget(area, dock)
        if beside is not None and area is bottom_area:
            # Split before tabbing: a dock in a tab group cannot be split, only tabbed.
            window.addDockWidget(bottom_area, beside)
            window.splitDockWidget(stack[0], beside, Qt.Orientation.Horizontal)
        for after in stack[1:]:
            window.tabifyDockWidget(stack[0], after)
    for dock in docks.all():
        dock.setVisible(dock in shown)
    for dock in front:
        dock.raise_()


def size_docks(window: QMainWindow, docks: Docks, layout: Layout) -> None:
    """Give the bottom strip and the right column their shares of the window as it is."""
    width, height = window.width(), window.height()
    share = MAP_RIGHT_SHARE if layout is not Layout.DUTY_OFFICER else RIGHT_SHARE
    right = max(RIGHT_MIN, min(int(width * share), int(width * RIGHT_MAX_SHARE)))
    right_docks = [d for d in (docks.detail, docks.map) if d.isVisible()]
    if right_docks:
        window.resizeDocks(right_docks[:1], [right], Qt.Orientation.Horizontal)
    bottom_docks = [d for d in (docks.alerts, docks.rosters) if d.isVisible()]
    if bottom_docks:
        share = BOTTOM_SHARE if height >= SHORT_SCREEN else SHORT_BOTTOM_SHARE
        window.resizeDocks(bottom_docks[:1], [int(height * share)],
                           Qt.Orientation.Vertical)
    if layout is Layout.COORDINATOR and docks.rosters.isVisible() and \
            docks.hazards.isVisible():
        half = (width - right) // 2
        window.resizeDocks([docks.rosters, docks.hazards], [half, half],
                           Qt.Orientation.Horizontal)
