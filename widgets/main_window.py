"""The main window: composes the board, the detail dock, menus and status bar, and wires them.

Just over 600 lines on purpose: it is the one composition root of the GUI, and every
panel-to-panel wire (map click to board, alerts and registry; palette to each panel)
is listed here where a reader looks for it. The layouts live in ``shell/layouts``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QTableView,
    QWidget,
)

from console.app import App
from console.core.domain import CaseRow, OperatorRef, Role
from console.paging.service import ACKNOWLEDGERS, PAGING_ADMINS
from widgets.alerts.panel import AlertPanel
from widgets.cases.board import CaseBoard
from widgets.cases.detail import CaseDetailPane
from widgets.changes.bus import ChangeBus
from widgets.common.dock_scroll import scrolling
from widgets.common.lazy_dock import LazyDock
from widgets.common.time_text import set_center_zone
from widgets.handover.controls import HandoverControls
from widgets.incidents.controls import IncidentControls
from widgets.policies.editor import PolicyEditor
from widgets.shell.command_palette import CommandPalette, Place
from widgets.shell.i18n import CHINESE, ENGLISH, current_language, install_language, save_language
from widgets.shell.keyboard import (
    fill_case_menu,
    give_default_shortcuts,
    show_shortcuts_in_tooltips,
)
from widgets.shell.layouts import (
    Docks,
    Layout,
    arrange,
    large_type,
    save_layout,
    saved_layout,
    size_docks,
)
from widgets.shell.lock_screen import SeatControls
from widgets.shell.status_bar import ConsoleStatusBar, follow_operator
from widgets.shell.theme import (
    LARGE_TYPE,
    Theme,
    apply_theme,
    save_theme,
    saved_theme,
    set_type_scale,
    type_scale,
)

if TYPE_CHECKING:  # built the first time their docks show (pyqtgraph with the dashboard)
    from widgets.dashboard.panel import Dashboard
    from widgets.grid_map.panel import GridMap
    from widgets.hazards.registry import HazardRegistry
    from widgets.rosters.view import RosterView
    from widgets.territory.view import TerritoryView

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"
SOUND_KEY = "attention/soundOnEscalation"
# Where the screen is unknown (offscreen): a 1080p screen less a task bar.
FALLBACK_SIZE = (1920, 1040)
RELOADED_MESSAGE_MS = 30_000  # the status bar's word after a reload of everything


class MainWindow(QMainWindow):
    """The whole console on one ``App``: composition and wiring only.

    Each panel owns its model and talks to the services itself; this class builds the
    process's one change bus (``bus``), hands it to the panels that follow changes
    themselves, connects the others' signals to it (see ``_connect_signals``) and keeps
    layout and theme in ``QSettings``.

    Signals: only those of ``QMainWindow``.
    """

    def __init__(self, app: App, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Watchroom"))
        self._app = app
        # Every time on screen in the center's zone, whatever this machine's zone.
        set_center_zone(app.zone)
        self._settings = settings if settings is not None else QSettings()
        # The layout's type size first: the panels size their rows by the font they get.
        self._layout = saved_layout(self._settings)
        self._use_type_scale(self._layout)

        # Built before the panels load: a change committed meanwhile is announced again.
        self._bus = ChangeBus(app, self)
        self._board = CaseBoard(app, self)
        self.setCentralWidget(self._board)
        self._detail = CaseDetailPane(app, self)
        self._detail_dock = QDockWidget(self.tr("Case detail"), self)
        self._detail_dock.setObjectName("caseDetailDock")
        self._detail_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # Scrolls too: the detail's fields, actions and timeline would otherwise hold the
        # window above a 768-pixel laptop screen's height.
        self._detail_dock.setWidget(scrolling(self._detail_dock, "caseDetailDock", self._detail))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._detail_dock)
        # Where each dock goes, which shows in front and how large: widgets/shell/layouts.
        self._alerts = AlertPanel(app, self._bus, self._settings, self)
        self._alerts_dock = self._dock(self.tr("Alerts"), "alertPanelDock", self._alerts)
        # The rosters, the registry and the dashboard are tabs behind the alerts (or
        # closed): each is built the first time its dock shows or something asks for it.
        self._roster_dock = self._dock(self.tr("Rosters"), "rosterViewDock")
        self._lazy_roster = LazyDock(self._roster_dock, self._build_roster,
                                     self._dock_scroll(self._roster_dock),
                                     self._connect_roster)
        self._hazards_dock = self._dock(self.tr("Hazard registry"), "hazardRegistryDock")
        self._lazy_hazards = LazyDock(self._hazards_dock, self._build_hazards,
                                      self._dock_scroll(self._hazards_dock),
                                      self._connect_hazards)
        # The grid map is a tab behind the case detail on the right: there it has the
        # column's whole height (about 440 × 600 on a 1600 × 1000 screen), enough to read
        # the district at a glance; the bottom strip is too low for a map.
        # Built when its tab first shows (numpy and the district's shapes with it).
        self._map_dock = QDockWidget(self.tr("Grid map"), self)
        self._map_dock.setObjectName("gridMapDock")
        self._map_dock.setFeatures(self._detail_dock.features())
        self._lazy_map = LazyDock(self._map_dock, self._build_map, built=self._connect_map)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._map_dock)
        self._status = ConsoleStatusBar(app, self)
        self.setStatusBar(self._status)
        # Shift handover: File action, status-bar prompt, history dock behind the hazards.
        self._handover = HandoverControls(app, self, self._status, self._alerts)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self._handover.dock)
        # The KPI dashboard: one more tab of the bottom strip.
        self._dashboard_dock = self._dock(self.tr("Dashboard"), "dashboardDock")
        self._lazy_dashboard = LazyDock(self._dashboard_dock, self._build_dashboard,
                                        self._dock_scroll(self._dashboard_dock),
                                        self._connect_dashboard)
        # The territory (administrators edit it, others read it): a tab of the right
        # column, closed until opened from View or Tools.
        self._territory_dock = QDockWidget(self.tr("Territory"), self)
        self._territory_dock.setObjectName("territoryViewDock")
        self._territory_dock.setFeatures(self._detail_dock.features())
        self._lazy_territory = LazyDock(self._territory_dock, self._build_territory,
                                        built=self._connect_territory)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._territory_dock)
        # Emergency mode: the banner strip above the panels, the drill watermark and the
        # incident dock (a tab of the right column, shown while an incident is open).
        self._incidents = IncidentControls(app, self)
        self._docks = Docks(detail=self._detail_dock, map=self._map_dock,
                            territory=self._territory_dock, alerts=self._alerts_dock,
                            rosters=self._roster_dock, hazards=self._hazards_dock,
                            handover=self._handover.dock, dashboard=self._dashboard_dock,
                            incident=self._incidents.dock)
        self._build_menus()

        # The first window fills the screen; the docks get their shares of it when shown.
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else None
        if available is not None and available.width() >= 1024:
            self.resize(available)
        else:
            self.resize(*FALLBACK_SIZE)
        arrange(self, self._docks, self._layout)
        self._size_docks_when_shown = True
        self._restore_settings()
        self._connect_signals()
        self._bus.start()
        self._alerts.start()
        self._incidents.start()
        # Every menu action has a shortcut, named in its tooltip (also those added above
        # by the panels' own controls).
        give_default_shortcuts(self.findChildren(QAction))
        show_shortcuts_in_tooltips(self.findChildren(QAction))

    # ---- layouts ----------------------------------------------------------------------

    @property
    def first_start(self) -> bool:
        """Whether this seat has no saved window geometry yet (show it maximised)."""
        return self._first_start

    @property
    def layout_name(self) -> Layout:
        """The layout this window was last arranged in (View › Layout)."""
        return self._layout

    def use_layout(self, layout: Layout) -> None:
        """Arrange the docks as ``layout`` wants, at this window's size, and keep the
        choice for the next start."""
        self._layout = layout
        self._use_type_scale(layout)
        arrange(self, self._docks, layout)
        self._incidents.sync_dock()
        size_docks(self, self._docks, layout)
        self._layout_actions[layout].setChecked(True)
        save_layout(self._settings, layout)

    def _use_type_scale(self, layout: Layout) -> None:
        qapp = QApplication.instance()
        if not isinstance(qapp, QApplication):
            return
        before = type_scale()
        # The window's height once it has one; before, the screen's it will fill.
        screen = self.screen() or QApplication.primaryScreen()
        lines = self.height() if self.isVisible() or self.testAttribute(
            Qt.WidgetAttribute.WA_Resized) else screen.availableGeometry().height()
        if set_type_scale(qapp, LARGE_TYPE if large_type(layout, lines) else 1.0):
            # Row heights were set from the old font: scale them with it.
            ratio = type_scale() / before
            for view in self.findChildren(QTableView):
                header = view.verticalHeader()
                header.setDefaultSectionSize(round(header.defaultSectionSize() * ratio))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._size_docks_when_shown:
            # Shares of the size the window really got (maximised, or as the tests set).
            self._size_docks_when_shown = False
            size_docks(self, self._docks, self._layout)
            # An incident already open at start: its dock in front of its tab group once
            # the window has laid out the tabs it restored (a raise before is undone).
            if self._incidents.has_open:
                QTimer.singleShot(0, self._incidents.bring_to_front)

    def _dock(self, title: str, name: str, widget: QWidget | None = None) -> QDockWidget:
        """A bottom dock whose panel scrolls when the dock is smaller than the panel's
        minimum, so the window still fits a 1080p screen (or a laptop's). Without
        ``widget``, its panel comes later (``LazyDock``)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        if widget is not None:
            dock.setWidget(scrolling(dock, name, widget))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    @staticmethod
    def _dock_scroll(dock: QDockWidget) -> Callable[[QWidget], QWidget]:
        """How a lazily built panel goes into ``dock``: in its scroll area."""
        return lambda panel: scrolling(dock, dock.objectName(), panel)

    # ---- the panels built when first shown ---------------------------------------------

    def _build_roster(self) -> RosterView:
        from widgets.rosters.view import RosterView

        return RosterView(self._app, self._bus, self)

    def _connect_roster(self, roster: RosterView) -> None:
        roster.set_theme(self.theme)
        roster.set_selected_case(self._board.selected_case_id())
        self._board.case_selected.connect(roster.set_selected_case)
        roster.case_dispatched.connect(self._board.refresh_case)
        roster.case_dispatched.connect(self._detail.show_case_id)

    def _build_hazards(self) -> HazardRegistry:
        from widgets.hazards.registry import HazardRegistry

        return HazardRegistry(self._app, self._bus, self)

    def _connect_hazards(self, hazards: HazardRegistry) -> None:
        hazards.set_theme(self.theme)
        hazards.case_activated.connect(self._board.select_case)

    def _build_dashboard(self) -> Dashboard:
        from widgets.dashboard.panel import Dashboard  # pyqtgraph: loaded here

        return Dashboard(self._app, self)

    def _connect_dashboard(self, dashboard: Dashboard) -> None:
        dashboard.set_theme(self.theme)
        self._bus.cases_changed.connect(dashboard.queue_case_ids)
        self._bus.cases_reloaded.connect(dashboard.refresh)
        self._bus.district_changed.connect(dashboard.refresh)

    def _build_map(self) -> GridMap:
        from widgets.grid_map.panel import GridMap

        return GridMap(self._app, self, settings=self._settings)

    def _connect_map(self, grid_map: GridMap) -> None:
        grid_map.set_theme(self.theme)
        # The map counts what the board shows (its category and severity filters) and
        # outlines the grid the board shows.
        grid_map.set_case_scope(self._board.case_scope())
        grid_map.select_grid(self._board.shown_grid_code())
        self._board.case_scope_changed.connect(grid_map.set_case_scope)
        self._board.grid_shown.connect(grid_map.select_grid)
        self._bus.cases_changed.connect(grid_map.queue_case_ids)
        self._bus.cases_reloaded.connect(grid_map.refresh)
        self._bus.district_changed.connect(grid_map.reload_district)
        self._bus.hazards_changed.connect(grid_map.queue_hazard_ids)
        self._bus.alerts_changed.connect(grid_map.queue_alert_ids)
        self._bus.basemaps_changed.connect(grid_map.basemap.reload)
        self._bus.alerts_reloaded.connect(grid_map.refresh)
        self._bus.hazards_reloaded.connect(grid_map.refresh)
        grid_map.case_chosen.connect(self._show_case_from_map)
        grid_map.alert_chosen.connect(self._show_alert_from_map)
        grid_map.grid_chosen.connect(self._board.show_grid)
        grid_map.grid_chosen.connect(lambda code: self.hazards.show_grid(code))
        grid_map.grid_chosen.connect(self._alerts.show_grid)

    def _build_territory(self) -> TerritoryView:
        from widgets.territory.view import TerritoryView

        return TerritoryView(self._app, self)

    def _connect_territory(self, territory: TerritoryView) -> None:
        self._bus.district_changed.connect(territory.reload)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._new_case_action = QAction(self.tr("&New case…"), self)
        self._new_case_action.setObjectName("newCaseAction")
        self._new_case_action.setShortcut(QKeySequence("Ctrl+N"))
        self._quit_action = QAction(self.tr("&Quit"), self)
        self._quit_action.setObjectName("quitAction")
        self._quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addAction(self._new_case_action)
        file_menu.addAction(self._handover.action)
        file_menu.addSeparator()
        # Ctrl+L covers the console until its operator (or the next one) signs in.
        self._seat = SeatControls(self._app, self, self._settings)
        file_menu.addAction(self._seat.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action)

        view_menu = bar.addMenu(self.tr("&View"))
        self._palette_action = QAction(self.tr("&Command palette…"), self)
        self._palette_action.setObjectName("commandPaletteAction")
        self._palette_action.setShortcut(QKeySequence("Ctrl+K"))
        self._palette_action.setToolTip(self.tr("Find any action or case by typing"))
        view_menu.addAction(self._palette_action)
        view_menu.addSeparator()
        for number, (dock, name) in enumerate(((self._detail_dock, "toggleCaseDetailDock"),
                                               (self._alerts_dock, "toggleAlertPanelDock"),
                                               (self._roster_dock, "toggleRosterViewDock"),
                                               (self._hazards_dock,
                                                "toggleHazardRegistryDock")), start=1):
            dock_toggle = dock.toggleViewAction()
            dock_toggle.setObjectName(name)
            dock_toggle.setShortcut(QKeySequence(f"Ctrl+{number}"))
            view_menu.addAction(dock_toggle)
        map_toggle = self._map_dock.toggleViewAction()
        map_toggle.setObjectName("toggleGridMapDock")
        view_menu.addAction(map_toggle)
        view_menu.addAction(self._handover.toggle_action)
        dashboard_toggle = self._dashboard_dock.toggleViewAction()
        dashboard_toggle.setObjectName("toggleDashboardDock")
        view_menu.addAction(dashboard_toggle)
        territory_toggle = self._territory_dock.toggleViewAction()
        territory_toggle.setObjectName("toggleTerritoryViewDock")
        territory_toggle.setShortcut(QKeySequence("Ctrl+7"))
        view_menu.addAction(territory_toggle)
        view_menu.addAction(self._incidents.toggle_action)
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        self._theme_group = QActionGroup(self)
        self._theme_group.setExclusive(True)
        self._theme_actions: dict[Theme, QAction] = {}
        for theme, text, keys in ((Theme.DARK, self.tr("&Dark"), "Ctrl+Alt+D"),
                                  (Theme.LIGHT, self.tr("&Light"), "Ctrl+Alt+L")):
            action = QAction(text, self)
            action.setObjectName(f"theme{theme.value.capitalize()}")
            action.setShortcut(QKeySequence(keys))
            action.setCheckable(True)
            action.setData(theme.value)
            self._theme_group.addAction(action)
            theme_menu.addAction(action)
            self._theme_actions[theme] = action
        view_menu.addSeparator()
        self._sound_action = QAction(self.tr("&Sound on escalation"), self)
        self._sound_action.setObjectName("soundOnEscalationAction")
        self._sound_action.setCheckable(True)
        self._sound_action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self._sound_action.setToolTip(self.tr("Beep when a case breaches a deadline"))
        view_menu.addAction(self._sound_action)
        view_menu.addSeparator()
        layout_menu = view_menu.addMenu(self.tr("La&yout"))
        layout_menu.setObjectName("layoutMenu")
        self._layout_group = QActionGroup(self)
        self._layout_group.setExclusive(True)
        self._layout_actions: dict[Layout, QAction] = {}
        for layout, name, keys, text, tip in (
                (Layout.DUTY_OFFICER, "layoutDutyOfficer", "Ctrl+Alt+1", self.tr("&Duty officer"),
                 self.tr("The board, the case detail beside it, alerts and the other "
                         "panels below")),
                (Layout.CONTROL_ROOM, "layoutControlRoom", "Ctrl+Alt+2",
                 self.tr("&Control room"),
                 self.tr("The board, alerts and the map in large type, for a wall or a "
                         "second screen")),
                (Layout.COORDINATOR, "layoutCoordinator", "Ctrl+Alt+3", self.tr("C&oordinator"),
                 self.tr("The board and the map, rosters and the hazard registry side "
                         "by side below"))):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setCheckable(True)
            action.setChecked(layout is self._layout)
            action.setToolTip(tip)
            action.setData(layout.value)
            self._layout_group.addAction(action)
            layout_menu.addAction(action)
            self._layout_actions[layout] = action
        self._layout_group.triggered.connect(
            lambda action: self.use_layout(Layout(action.data())))
        self._reset_layout_action = QAction(self.tr("&Reset layout"), self)
        self._reset_layout_action.setObjectName("resetLayoutAction")
        self._reset_layout_action.setShortcut(QKeySequence("Ctrl+Alt+0"))
        view_menu.addAction(self._reset_layout_action)
        # Each language is named in itself, so whoever needs it can find it.
        language_menu = view_menu.addMenu(self.tr("Lan&guage"))
        language_menu.setObjectName("languageMenu")
        self._language_group = QActionGroup(self)
        self._language_actions: dict[str, QAction] = {}
        for lang, text, keys in ((ENGLISH, "English", "Ctrl+Alt+E"),
                                 (CHINESE, "中文（简体）", "Ctrl+Alt+C")):
            action = QAction(text, self)
            action.setObjectName(f"language_{lang}")
            action.setCheckable(True)
            action.setChecked(lang == current_language())
            action.setData(lang)
            action.setShortcut(QKeySequence(keys))
            self._language_group.addAction(action)
            language_menu.addAction(action)
            self._language_actions[lang] = action

        # Every step of the loop on the selected case, by key (Ctrl+Shift+letter).
        case_menu = bar.addMenu(self.tr("&Case"))
        case_menu.setObjectName("caseMenu")
        self._case_actions = fill_case_menu(case_menu, self._detail, self)
        alerts_menu = bar.addMenu(self.tr("&Alerts"))
        for action in (self._alerts.acknowledge_action, self._alerts.shelve_action,
                       self._alerts.resolve_action, self._alerts.promote_action):
            # Window-wide: F2 acknowledges the selected alert wherever the keyboard is.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            alerts_menu.addAction(action)
        alerts_menu.addSeparator()
        if self._alerts.sound_action.shortcut().isEmpty():
            self._alerts.sound_action.setShortcut(QKeySequence("Ctrl+Alt+A"))
        alerts_menu.addAction(self._alerts.sound_action)
        self._pages_action = QAction(self.tr("&Pages…"), self)
        self._pages_action.setObjectName("pagesAction")
        self._pages_action.setShortcut(QKeySequence("Ctrl+Alt+Y"))
        self._pages_action.triggered.connect(self.open_pages_dialog)
        alerts_menu.addAction(self._pages_action)

        incident_menu = bar.addMenu(self.tr("&Incident"))
        incident_menu.setObjectName("incidentMenu")
        incident_menu.addAction(self._incidents.declare_action)
        incident_menu.addAction(self._incidents.toggle_action)

        tools_menu = bar.addMenu(self.tr("&Tools"))
        self._policies_action = QAction(self.tr("&SLA policies…"), self)
        self._policies_action.setObjectName("slaPoliciesAction")
        self._policies_action.setShortcut(QKeySequence("Ctrl+Alt+P"))
        tools_menu.addAction(self._policies_action)
        tools_menu.addAction(self._seat.operators_action)
        self._paging_action = QAction(self.tr("Pa&ging…"), self)
        self._paging_action.setObjectName("pagingAction")
        self._paging_action.setShortcut(QKeySequence("Ctrl+Alt+G"))
        self._paging_action.triggered.connect(self.open_paging_dialog)
        tools_menu.addAction(self._paging_action)
        follow_operator(self, self._app, self._grey_paging_actions)
        self._grey_paging_actions(self._app.operator)
        self._setup_action = QAction(self.tr("Set &up the center…"), self)
        self._setup_action.setObjectName("setupCenterAction")
        self._setup_action.setShortcut(QKeySequence("Ctrl+Alt+U"))
        tools_menu.addAction(self._setup_action)
        follow_operator(self, self._app, self._grey_setup_action)
        self._grey_setup_action(self._app.operator)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._about_action = QAction(self.tr("&About Watchroom"), self)
        self._about_action.setObjectName("aboutAction")
        self._about_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._about_action)
        show_shortcuts_in_tooltips(self.findChildren(QAction))

    def _connect_signals(self) -> None:
        self._new_case_action.triggered.connect(self._board.open_new_case_dialog)
        self._quit_action.triggered.connect(self.close)
        self._theme_group.triggered.connect(self._on_theme_group_triggered)
        self._reset_layout_action.triggered.connect(self._on_reset_layout_triggered)
        self._about_action.triggered.connect(self._on_about_triggered)
        self._policies_action.triggered.connect(self._on_policies_triggered)
        self._sound_action.toggled.connect(self._on_sound_toggled)
        self._palette_action.triggered.connect(self.open_command_palette)
        self._language_group.triggered.connect(self._on_language_group_triggered)
        self._setup_action.triggered.connect(self.open_setup_assistant)

        self._bus.cases_changed.connect(self._board.queue_case_ids)
        self._bus.cases_changed.connect(self._detail.refresh_if_changed)
        self._bus.district_changed.connect(self._board.reload_reference_data)
        self._bus.cases_reloaded.connect(self._board.reload)
        self._bus.cases_reloaded.connect(self._board.refresh_counts)
        self._bus.cases_reloaded.connect(self._detail.refresh)
        self._bus.policies_changed.connect(self._board.refresh_all_cases)
        self._bus.policies_changed.connect(self._detail.refresh)
        self._bus.handovers_changed.connect(self._handover.refresh_history)
        self._board.case_selected.connect(self._detail.show_case_id)
        self._board.counts_changed.connect(self._status.set_counts)
        self._board.escalated.connect(self._on_board_escalated)
        self._detail.case_changed.connect(self._board.refresh_case)
        self._alerts.case_promoted.connect(self._board.show_case)
        self._detail.hazards.hazard_activated.connect(self._on_hazard_activated)
        # Emergency mode follows the incidents, their tasks and what they link.
        self._bus.incidents_changed.connect(self._incidents.refresh_all)
        self._bus.incident_tasks_changed.connect(self._incidents.refresh_all)
        # Written in bulk, or this seat was away longer than the change feed keeps them.
        self._bus.alerts_reloaded.connect(self._alerts.reload)
        # (A panel not built yet reads everything afresh when it is.)
        self._bus.hazards_reloaded.connect(self._reload_built_hazards)
        self._bus.members_reloaded.connect(self._reload_built_roster)
        self._bus.incidents_reloaded.connect(self._incidents.refresh_all)
        self._bus.reloaded_all.connect(self._on_bus_reloaded_all)
        self._bus.cases_changed.connect(
            lambda ids: self._incidents.refresh_if_linked("case", ids))
        self._bus.alerts_changed.connect(
            lambda ids: self._incidents.refresh_if_linked("alert", ids))
        self._bus.hazards_changed.connect(
            lambda ids: self._incidents.refresh_if_linked("hazard", ids))
        self._incidents.case_activated.connect(self._board.select_case)
        self._status.set_counts(self._board.counts)  # read as the board was built

    # ---- parts, for tests and for the composition root ---------------------------------

    @property
    def seat(self) -> SeatControls:
        """Lock seat / switch operator, and the admin's Operators dialog."""
        return self._seat

    @property
    def handover(self) -> HandoverControls:
        """The handover action, prompt, history dock and dialog."""
        return self._handover

    @property
    def board(self) -> CaseBoard:
        return self._board

    @property
    def detail(self) -> CaseDetailPane:
        return self._detail

    @property
    def bus(self) -> ChangeBus:
        """The one reader of the change feed in this process."""
        return self._bus

    @property
    def alerts(self) -> AlertPanel:
        return self._alerts

    @property
    def roster(self) -> RosterView:
        """The rosters panel (built now if its dock has not shown yet)."""
        return self._lazy_roster.panel()

    @property
    def hazards(self) -> HazardRegistry:
        """The hazard registry (built now if its dock has not shown yet)."""
        return self._lazy_hazards.panel()

    @property
    def grid_map(self) -> GridMap:
        """The grid map (built now if its dock has not shown yet)."""
        return self._lazy_map.panel()

    def _reload_built_hazards(self) -> None:
        if (hazards := self._lazy_hazards.built_panel) is not None:
            hazards.reload()

    def _reload_built_roster(self) -> None:
        if (roster := self._lazy_roster.built_panel) is not None:
            roster.reload()

    def _on_bus_reloaded_all(self, _seq: int) -> None:
        """Tell the officer why every panel just read afresh."""
        self._status.showMessage(self.tr(
            "Reloaded everything: this console was away longer than the change history is "
            "kept"), RELOADED_MESSAGE_MS)

    def _show_case_from_map(self, reference: str) -> None:
        """A case marker clicked: its row on the board, selected (the map stays in front:
        the officer may go on picking)."""
        self._board.show_case(reference)

    def _show_alert_from_map(self, alert_id: int) -> None:
        """An alert marker clicked: the alert panel in front, the alert selected."""
        self._alerts_dock.show()
        self._alerts_dock.raise_()
        self._alerts.select_alert(alert_id)

    @property
    def dashboard(self) -> Dashboard:
        """The KPI dashboard (built now if its dock has not shown yet)."""
        return self._lazy_dashboard.panel()

    @property
    def territory(self) -> TerritoryView:
        return self._lazy_territory.panel()

    @property
    def territory_dock(self) -> QDockWidget:
        return self._territory_dock

    @property
    def incidents(self) -> IncidentControls:
        """The Declare action, the emergency banner, the drill watermark, the dock."""
        return self._incidents

    @property
    def theme(self) -> Theme:
        checked = self._theme_group.checkedAction()
        return Theme(checked.data()) if checked is not None else Theme.DARK

    # ---- settings ----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        self._first_start = not (isinstance(geometry, QByteArray) and not geometry.isEmpty())
        if not self._first_start:
            self.restoreGeometry(geometry)
        state = self._settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
            self._size_docks_when_shown = False  # the officer's own sizes
        self._use_theme(saved_theme(self._settings))
        self._sound_action.setChecked(
            str(self._settings.value(SOUND_KEY, "false")).lower() == "true")

    def _save_settings(self) -> None:
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState())
        save_theme(self._settings, self.theme)
        self._settings.setValue(SOUND_KEY, self._sound_action.isChecked())
        self._settings.sync()

    def _use_theme(self, theme: Theme) -> None:
        self._theme_actions[theme].setChecked(True)
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            apply_theme(qapp, theme)
        self._board.set_theme(theme)
        for panel in (self._lazy_roster.built_panel, self._lazy_hazards.built_panel,
                      self._lazy_dashboard.built_panel):
            if panel is not None:
                panel.set_theme(theme)
        if (grid_map := self._lazy_map.built_panel) is not None:
            grid_map.set_theme(theme)
        self._alerts.apply_theme_colors()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._bus.stop()
        self._alerts.stop()
        if (roster := self._lazy_roster.built_panel) is not None:
            roster.stop()
        if (hazards := self._lazy_hazards.built_panel) is not None:
            hazards.shutdown()
        if (grid_map := self._lazy_map.built_panel) is not None:
            grid_map.shutdown()
        if (dashboard := self._lazy_dashboard.built_panel) is not None:
            dashboard.shutdown()
        self._incidents.stop()
        self._board.shut_down()
        self._save_settings()
        super().closeEvent(event)

    # ---- slots -------------------------------------------------------------------------

    def open_command_palette(self) -> CommandPalette:
        palette = CommandPalette(self._app, self.menuBar(), self)
        palette.case_chosen.connect(self._on_palette_case_chosen)
        palette.place_chosen.connect(self._on_palette_place_chosen)
        palette.finished.connect(palette.deleteLater)
        palette.open()
        return palette

    def open_setup_assistant(self) -> QWidget:
        """Tools › Set up the center…: the assistant, over this window."""
        from widgets.territory.setup_assistant import open_setup_assistant  # when asked

        return open_setup_assistant(self._app, self)

    def open_paging_dialog(self) -> QWidget:
        """Tools › Paging…: channels and rules (administrators)."""
        from widgets.shell.paging_dialogs import PagingDialog

        dialog = PagingDialog(self._app, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_pages_dialog(self) -> QWidget:
        """Alerts › Pages…: the delivery log and acknowledging (duty officers and up)."""
        from widgets.shell.paging_dialogs import PagesDialog

        dialog = PagesDialog(self._app, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _grey_paging_actions(self, op: OperatorRef) -> None:
        admin = op.role in PAGING_ADMINS
        self._paging_action.setEnabled(admin)
        self._paging_action.setToolTip(
            self.tr("Where pages go and who gets them") if admin
            else self.tr("Only an administrator configures paging."))
        floor = op.role in ACKNOWLEDGERS
        self._pages_action.setEnabled(floor)
        self._pages_action.setToolTip(
            self.tr("Pages sent and waiting; acknowledge one by its code") if floor
            else self.tr("Duty officers and up read and acknowledge pages."))
        show_shortcuts_in_tooltips([self._paging_action, self._pages_action])

    def _grey_setup_action(self, op: OperatorRef) -> None:
        self._setup_action.setEnabled(op.role is Role.ADMIN)
        self._setup_action.setToolTip(
            self.tr("The center's name and zone, its territory from GIS files, its teams")
            if op.role is Role.ADMIN else self.tr("Only an administrator sets up the center."))
        show_shortcuts_in_tooltips([self._setup_action])

    def _on_palette_case_chosen(self, reference: str, case_id: int, is_open: bool) -> None:
        if is_open:
            self._board.show_case(reference)
        self._detail_dock.show()
        self._detail_dock.raise_()
        self._detail.show_case_id(case_id)

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` (``en`` or ``zh_CN``) from now on, keeping the layout; saved."""
        install_language(lang)
        self._language_actions[current_language()].setChecked(True)
        save_language(self._settings, current_language())
        show_shortcuts_in_tooltips(self.findChildren(QAction))
        # What the panels compose from data (counts, the selected case) is composed anew.
        self._board.refresh_counts()
        self._detail.refresh()

    def _on_language_group_triggered(self, action: QAction) -> None:
        self.set_language(str(action.data()))

    def _on_theme_group_triggered(self, action: QAction) -> None:
        self._use_theme(Theme(action.data()))

    def _on_palette_place_chosen(self, kind: str, key: object) -> None:
        """A category, team, grid, hazard or member found in the palette: go there."""
        place = Place(kind)
        if place is Place.CATEGORY:
            self._board.show_category(str(key))
        elif place is Place.GRID:
            code = str(key)
            self._board.show_grid(code)
            self.hazards.show_grid(code)
            self._alerts.show_grid(code)
        elif place is Place.HAZARD:
            # Onto the registry even before its first page has come in, filters cleared
            # if they hide it.
            self._hazards_dock.show()
            self._hazards_dock.raise_()
            self.hazards.show_hazard(str(key))
        elif place in (Place.TEAM, Place.MEMBER):
            self._roster_dock.show()
            self._roster_dock.raise_()
            if place is Place.TEAM and isinstance(key, int):
                self.roster.show_team(key)
            else:
                self.roster.show_member(str(key))

    def _on_hazard_activated(self, hazard_id: int) -> None:
        """A hazard named in the detail pane: show it in the registry."""
        self._hazards_dock.show()
        self._hazards_dock.raise_()
        self.hazards.select_hazard(hazard_id)

    def _on_board_escalated(self, _rows: list[CaseRow]) -> None:
        """A case breached: flash the taskbar entry (the banner on the board names it).
        Never activate, raise or focus anything: the officer may be typing."""
        QApplication.alert(self)
        if self._sound_action.isChecked():
            QApplication.beep()

    def _on_sound_toggled(self, checked: bool) -> None:
        self._settings.setValue(SOUND_KEY, checked)

    def _on_policies_triggered(self) -> None:
        editor = PolicyEditor(self._app, self)
        editor.finished.connect(editor.deleteLater)
        editor.open()

    def _on_reset_layout_triggered(self) -> None:
        self.use_layout(self._layout)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self, self.tr("About Watchroom"),
            self.tr("<b>Watchroom</b><p>Command-center console for grid-based public-safety "
                    "and urban management: cases through the closed loop, live across "
                    "consoles.</p><p>Data: {db}</p>").format(db=self._app.db.describe()))

