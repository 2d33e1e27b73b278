"""The set-up assistant: the center's name and zone, its territory, its teams and people."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from console.app import App
from console.core.domain import TeamKind
from console.core.errors import WatchroomError
from console.rosters.domain import InputReport
from console.rosters.exchange import ROSTER_FIELDS, import_roster_csv
from console.territory.areas import LEVELS
from widgets.common import labels
from widgets.common.background import BackgroundWork
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker
from widgets.common.time_text import set_center_zone
from widgets.territory.import_page import TerritoryImportPage, split_paths
from widgets.territory.tree_model import level_label

ZONE_ROLE = Qt.ItemDataRole.UserRole + 1
CENTER_PAGE, TERRITORY_PAGE, PEOPLE_PAGE, READY_PAGE = range(4)


def zone_offset(zone: str, at: datetime) -> str:
    """``UTC+08:00`` for ``zone`` at the instant ``at``."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class CenterPage(QWizardPage):
    """The center's name and its time zone, chosen from a searchable list of IANA zones.
    Next stores both (one transaction)."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centerPage")
        self._app = app
        self.setTitle(self.tr("The center"))
        self.setSubTitle(self.tr("Its name, and the time zone its shifts, deadlines and "
                                 "reports are read in, whatever the machine's zone."))
        center = app.territory.center()
        self._name = QLineEdit(center.name, self)
        self._name.setObjectName("centerName")
        self._name.setAccessibleName(self.tr("Center name"))
        self._name.setPlaceholderText(self.tr("e.g. 新河区城市运行管理中心"))
        self._zone_filter = QLineEdit(self)
        self._zone_filter.setObjectName("centerZoneFilter")
        self._zone_filter.setAccessibleName(self.tr("Find a time zone"))
        self._zone_filter.setPlaceholderText(self.tr("Type to find: Shanghai, Taipei, UTC+08…"))
        self._zone_filter.setClearButtonEnabled(True)
        self._zones = QStandardItemModel(self)
        now = app.clock.now()
        for zone in sorted(available_timezones()):
            if zone.startswith(("Etc/", "SystemV/")) or ("/" not in zone and zone != "UTC"):
                continue
            item = QStandardItem(f"{zone}  ({zone_offset(zone, now)})")
            item.setData(zone, ZONE_ROLE)
            item.setEditable(False)
            self._zones.appendRow(item)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._zones)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._zone_list = QListView(self)
        self._zone_list.setObjectName("centerZoneList")
        self._zone_list.setAccessibleName(self.tr("Time zones"))
        self._zone_list.setModel(self._proxy)
        self._note = QLabel(self.tr("Deadlines already set keep their instants; new ones "
                                    "follow the zone chosen here."), self)
        self._note.setWordWrap(True)
        self._error = QLabel(self)
        self._error.setObjectName("centerError")
        self._error.setWordWrap(True)
        self._error.setProperty("signInError", True)
        form = QFormLayout()
        form.addRow(self.tr("Center &name"), self._name)
        form.addRow(self.tr("&Time zone"), self._zone_filter)
        form.addRow("", self._zone_list)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._note)
        layout.addWidget(self._error)
        self._zone_filter.textChanged.connect(self._on_zone_filter_changed)
        self._name.textChanged.connect(self.completeChanged)
        selection = self._zone_list.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(self.completeChanged)
        self.select_zone(center.zone)

    def select_zone(self, zone: str) -> bool:
        """Make ``zone`` the chosen one (clearing the search when it hides it)."""
        for row in range(self._zones.rowCount()):
            item = self._zones.item(row)
            if item is not None and item.data(ZONE_ROLE) == zone:
                index = self._proxy.mapFromSource(self._zones.indexFromItem(item))
                if not index.isValid():
                    self._zone_filter.clear()
                    index = self._proxy.mapFromSource(self._zones.indexFromItem(item))
                self._zone_list.setCurrentIndex(index)
                self._zone_list.scrollTo(index, QListView.ScrollHint.PositionAtCenter)
                return True
        return False

    def zone(self) -> str:
        index = self._zone_list.currentIndex()
        return str(index.data(ZONE_ROLE)) if index.isValid() else ""

    def _on_zone_filter_changed(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        if self._proxy.rowCount() and not self._zone_list.currentIndex().isValid():
            self._zone_list.setCurrentIndex(self._proxy.index(0, 0))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self._name.text().strip()) and bool(self.zone())

    def validatePage(self) -> bool:
        center = self._app.territory.center()
        name, zone = " ".join(self._name.text().split()), self.zone()
        if (name, zone) == (center.name, center.zone):
            return True  # resumed: nothing to write again
        try:
            self._app.territory.set_center(self._app.operator, name, zone)
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            return False
        set_center_zone(self._app.zone)  # every time on screen follows from now on
        self._error.clear()
        return True


class PeoplePage(QWizardPage):
    """Optional: teams added one by one, and their members from a roster sheet (the CSV
    the roster exports: team, name, role, qualifications, phone, email, availability)."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peoplePage")
        self._app = app
        self._work = BackgroundWork(self)
        self.setTitle(self.tr("Teams and people (optional)"))
        self.setSubTitle(self.tr(
            "Add the center's teams, then load their members from a sheet. You can do this "
            "later in the roster."))
        self._teams = QLabel(self)
        self._teams.setObjectName("peopleTeams")
        self._teams.setWordWrap(True)

        team_box = QGroupBox(self.tr("Add a team"), self)
        self._team_code = self._line("teamCode", self.tr("Team code"), self.tr("e.g. GW-BINHE"))
        self._team_name = self._line("teamName", self.tr("Team name"),
                                     self.tr("e.g. Binhe grid workers"))
        self._team_kind = QComboBox(self)
        self._team_kind.setObjectName("teamKind")
        self._team_kind.setAccessibleName(self.tr("Team kind"))
        for kind in TeamKind:
            self._team_kind.addItem(labels.team_kind_label(kind), kind.value)
        self._team_kind.setCurrentIndex(self._team_kind.findData(TeamKind.GRID_WORKERS.value))
        self._team_grid = GridPicker(self, name="teamBaseGrid",
                                     find=app.district.search_grids)
        self._team_grid.setAccessibleName(self.tr("Base grid"))
        self._team_grid.lineEdit().setPlaceholderText(  # type: ignore[union-attr]
            self.tr("Type a grid's code, name or pinyin"))
        self._team_minimum = QSpinBox(self)
        self._team_minimum.setObjectName("teamMinimum")
        self._team_minimum.setAccessibleName(self.tr("Minimum staffing"))
        self._team_minimum.setRange(1, 99)
        self._add_team = QPushButton(self.tr("Add &team"), self)
        self._add_team.setObjectName("addTeamButton")
        team_form = QFormLayout(team_box)
        team_form.addRow(self.tr("&Code"), self._team_code)
        team_form.addRow(self.tr("&Name"), self._team_name)
        team_form.addRow(self.tr("&Kind"), self._team_kind)
        team_form.addRow(self.tr("&Base grid"), self._team_grid)
        team_form.addRow(self.tr("&Minimum staffing"), self._team_minimum)
        team_form.addRow("", self._add_team)

        sheet_box = QGroupBox(self.tr("Members from a sheet"), self)
        self._sheet = self._line("rosterFile", self.tr("Members sheet"),
                                 self.tr("A CSV with the columns {columns}").format(
                                     columns=", ".join(ROSTER_FIELDS)))
        self._choose = QPushButton(self.tr("C&hoose…"), self)
        self._choose.setObjectName("rosterChooseFile")
        self._load = QPushButton(self.tr("&Load members"), self)
        self._load.setObjectName("rosterImportButton")
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self._sheet, 1)
        sheet_row.addWidget(self._choose)
        sheet_row.addWidget(self._load)
        self._report = QPlainTextEdit(self)
        self._report.setObjectName("rosterReport")
        self._report.setAccessibleName(self.tr("Members import report"))
        self._report.setReadOnly(True)
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.addLayout(sheet_row)
        sheet_layout.addWidget(self._report)

        layout = QVBoxLayout(self)
        layout.addWidget(self._teams)
        layout.addWidget(team_box)
        layout.addWidget(sheet_box, 1)
        self._add_team.clicked.connect(self._on_add_team_clicked)
        self._choose.clicked.connect(self._on_choose_clicked)
        self._load.clicked.connect(self._on_load_clicked)
        self._sheet.returnPressed.connect(self._on_load_clicked)

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    def initializePage(self) -> None:
        self._show_teams()
        # Grids may have been imported on the page before.
        self._team_grid.set_grids(self._app.district.active_grids())

    def _show_teams(self) -> None:
        teams = self._app.district.teams()
        members = len(self._app.rosters.members())
        self._teams.setText(
            self.tr("No teams yet.") if not teams else
            self.tr("{teams} teams ({codes}), {members} members.").format(
                teams=len(teams), codes=", ".join(t.code for t in teams[:12])
                + ("…" if len(teams) > 12 else ""), members=members))

    def _on_add_team_clicked(self) -> None:
        grid = self._team_grid.currentData() if self._team_grid.currentIndex() >= 0 else None
        try:
            team = self._app.rosters.add_team(
                self._app.operator, code=self._team_code.text(),
                name_en=self._team_name.text(), name_zh=self._team_name.text(),
                kind=str(self._team_kind.currentData()),
                base_grid=str(grid) if grid else None,
                min_staffing=self._team_minimum.value())
        except WatchroomError as exc:
            self._report.setPlainText(error_text(exc))
            return
        self._report.setPlainText(self.tr("Team {code} added.").format(code=team.code))
        self._team_code.clear()
        self._team_name.clear()
        self._show_teams()

    def _on_choose_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Members sheet"), "",
                                              self.tr("CSV files (*.csv *.txt)"))
        if path:
            self._sheet.setText(path)

    def _on_load_clicked(self) -> None:
        paths = split_paths(self._sheet.text())
        if not paths or self._work.busy:
            return
        app, actor, path = self._app, self._app.operator, paths[0]
        self._load.setEnabled(False)
        self._report.setPlainText(self.tr("Loading {file}…").format(file=path.name))
        self._work.start(lambda: import_roster_csv(app.rosters, path, actor), self._on_loaded,
                         self._on_load_failed)

    def _on_loaded(self, report: InputReport) -> None:
        self._load.setEnabled(True)
        self._report.setPlainText("\n".join(report.lines()))
        self._show_teams()

    def _on_load_failed(self, message: str) -> None:
        self._load.setEnabled(True)
        self._report.setPlainText(message)

    def busy(self) -> bool:
        return self._work.busy

    def wait(self, msecs: int = -1) -> bool:
        return self._work.wait_idle(msecs)


class ReadyPage(QWizardPage):
    """What the center now holds; Finish opens the board."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readyPage")
        self._app = app
        self.setTitle(self.tr("Ready"))
        self._summary = QLabel(self)
        self._summary.setObjectName("readySummary")
        self._summary.setWordWrap(True)
        self._summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        center = self._app.territory.center()
        counts: dict[str, int] = {}
        for area in self._app.territory.areas():
            if not area.retired:
                counts[area.level] = counts.get(area.level, 0) + 1
        lines = [self.tr("{name}, time zone {zone}.").format(
            name=center.name or self.tr("(no name)"), zone=center.zone)]
        lines += [self.tr("{level}: {n}").format(level=level_label(lv), n=counts[lv])
                  for lv in LEVELS if lv in counts]
        lines.append(self.tr("Teams: {teams}, members: {members}.").format(
            teams=len(self._app.district.teams()), members=len(self._app.rosters.members())))
        lines.append("")
        lines.append(self.tr("Finish opens the board. Run this assistant again from Tools › "
                             "Set up the center…, or change single areas in the territory "
                             "view (View › Territory)."))
        self._summary.setText("\n".join(lines))


class SetupAssistant(QWizard):
    """First run (after the administrator was created, while the database has no grids),
    or Tools › Set up the center…: the center's name and zone, its territory from GIS
    files, optionally its teams and people, then the board. Each step writes on its own,
    in one transaction, so the assistant can be left and opened again where it matters;
    a failed import writes nothing. ``start`` names the first page (``territory`` for a
    re-import from the territory view).

    Signals: only those of ``QWizard``.
    """

    def __init__(self, app: App, parent: QWidget | None = None, *,
                 start: str = "center") -> None:
        super().__init__(parent)
        self.setObjectName("setupAssistant")
        self.setWindowTitle(self.tr("Set up the center"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(900, 640)
        self._app = app
        self._center = CenterPage(app, self)
        self._territory = TerritoryImportPage(app, self)
        self._people = PeoplePage(app, self)
        self._ready = ReadyPage(app, self)
        for page_id, page in ((CENTER_PAGE, self._center), (TERRITORY_PAGE, self._territory),
                              (PEOPLE_PAGE, self._people), (READY_PAGE, self._ready)):
            self.setPage(page_id, page)
        self.setStartId(TERRITORY_PAGE if start == "territory" else CENTER_PAGE)
        for button, name, text in (
                (QWizard.WizardButton.BackButton, "setupBackButton", self.tr("< &Back")),
                (QWizard.WizardButton.NextButton, "setupNextButton", self.tr("&Next >")),
                (QWizard.WizardButton.FinishButton, "setupFinishButton", self.tr("&Finish")),
                (QWizard.WizardButton.CancelButton, "setupCancelButton", self.tr("Cancel"))):
            self.setButtonText(button, text)
            widget = self.button(button)
            if widget is not None:
                widget.setObjectName(name)
        self._territory.imported.connect(self._on_territory_imported)
        self._territory.storing_changed.connect(self._on_territory_storing_changed)

    @property
    def center_page(self) -> CenterPage:
        return self._center

    @property
    def territory_page(self) -> TerritoryImportPage:
        return self._territory

    @property
    def people_page(self) -> PeoplePage:
        return self._people

    def busy(self) -> bool:
        """Whether a check, an import or a sheet is still being worked on."""
        return self._territory.busy() or self._people.busy()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pages' workers (closing; tests)."""
        return self._territory.wait(msecs) and self._people.wait(msecs)

    def _on_territory_imported(self, _result: object) -> None:
        cancel = self.button(QWizard.WizardButton.CancelButton)
        if cancel is not None:
            cancel.setText(self.tr("Close"))  # what was imported stays: nothing to cancel

    def _on_territory_storing_changed(self, storing: bool) -> None:
        cancel = self.button(QWizard.WizardButton.CancelButton)
        if cancel is not None:
            cancel.setEnabled(not storing)

    def reject(self) -> None:
        """Cancel (or Escape, or closing the window): whatever each finished step wrote
        stays. Not while an import is being stored: it is one transaction, all or nothing,
        and ends on its own in a moment."""
        if self._territory.storing():
            return
        super().reject()


def open_setup_assistant(app: App, parent: QWidget | None, *,
                         start: str = "center") -> SetupAssistant:
    """Show the assistant over ``parent`` (window-modal); it deletes itself when closed."""
    assistant = SetupAssistant(app, parent, start=start)
    assistant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assistant.open()
    return assistant

