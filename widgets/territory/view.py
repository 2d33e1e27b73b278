"""The territory view: the tree of areas beside a map of the chosen one, and its edits."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry.base import BaseGeometry

from console.app import App
from console.core.domain import OperatorRef, Role, TeamKind
from console.core.errors import WatchroomError
from console.territory.areas import LEVELS
from console.territory.geodesy import area_m2, format_m2
from console.territory.service import TerritoryArea
from widgets.common.background import BackgroundWork
from widgets.common.domain_messages import error_text
from widgets.common.time_text import NO_VALUE
from widgets.rosters.models import availability_label
from widgets.shell.status_bar import follow_operator
from widgets.territory.area_dialogs import AddGridDialog, HouseholdsDialog, RenameAreaDialog
from widgets.territory.area_map import AreaMap, MapItem
from widgets.territory.teams_editor import GridTeamsEditor
from widgets.territory.tree_model import (
    Column,
    TerritoryFilter,
    TerritoryTreeModel,
    area_name,
    count_text,
    level_label,
)

FILTER_DELAY_MS = 200  # typing in the filter: search once the keys pause
SIDE_BY_SIDE_WIDTH = 720  # narrower than this (a dock in a side column): map under the tree
LEFT_MIN_WIDTH = 380  # the tree: a name, a 14-digit code and two counts side by side
FOUND_LIMIT = 500  # grids the filter shows at most
EXPAND_LIMIT = 400  # matches shown expanded (more: the tree stays folded)


@dataclass(frozen=True)
class TerritorySnapshot:
    """The territory as read off the GUI thread: every area, every shape by code."""

    areas: list[TerritoryArea]
    shapes: dict[str, BaseGeometry]


def read_territory(app: App) -> TerritorySnapshot:
    """Every area and shape (runs on the worker: the shapes of a city are megabytes)."""
    territory = app.territory
    shapes: dict[str, BaseGeometry] = {}
    for level in territory.levels_present():
        shapes.update(territory.shapes(level))
    return TerritorySnapshot(territory.areas(), shapes)


class TerritoryView(QWidget):
    """District → street → community → grid, a filter (grids by code, name or pinyin;
    areas by name or code), and for the chosen area: a map of it and its children, its
    households and population, a grid's grid workers, and beside them the teams editor (the
teams based in the grid; coordinators and administrators base a team there or take it
out). Administrators rename, set
    households, add a grid, retire or restore, and re-import a file (the assistant's
    territory page); for anyone else the actions are greyed and say who may.

    The territory is read off the GUI thread when the view is shown, and again when the
    district changed while it is shown (otherwise when it is next shown).

    Signals:
        area_selected(str): the code of the area now chosen ("" for none).
    """

    area_selected = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("territoryView")
        self._app = app
        self._work = BackgroundWork(self)
        self._shapes: dict[str, BaseGeometry] = {}
        self._loaded = False
        self._stale = True
        self._pending_selection = ""  # a grid just added: chosen once it has been read
        self._model = TerritoryTreeModel(self)
        self._proxy = TerritoryFilter(self)
        self._proxy.setSourceModel(self._model)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._build()
        self._connect_signals()
        follow_operator(self, app, self.apply_role)
        self.apply_role(app.operator)
        self._show_area(None)

    # ---- building ----------------------------------------------------------------------

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        return button

    def _value(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _build(self) -> None:
        self._filter = QLineEdit(self)
        self._filter.setObjectName("territoryFilter")
        self._filter.setAccessibleName(self.tr("Find an area"))
        self._filter.setPlaceholderText(self.tr("Find a grid by code, name or pinyin, or an "
                                                "area by name"))
        self._filter.setClearButtonEnabled(True)
        self._summary = QLabel(self)
        self._summary.setObjectName("territorySummary")
        self._tree = QTreeView(self)
        self._tree.setObjectName("territoryTree")
        self._tree.setAccessibleName(self.tr("Areas"))
        self._tree.setModel(self._proxy)
        self._tree.setUniformRowHeights(True)
        self._tree.setAlternatingRowColors(True)
        header = self._tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (Column.CODE, Column.HOUSEHOLDS, Column.POPULATION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self._map = AreaMap(self)
        self._map.setObjectName("territoryMap")
        self._title = QLabel(self)
        self._title.setObjectName("territoryAreaTitle")
        self._title.setProperty("heading", True)
        self._title.setWordWrap(True)
        self._level = self._value("territoryAreaLevel")
        self._parent = self._value("territoryAreaParent")
        self._households = self._value("territoryAreaHouseholds")
        self._population = self._value("territoryAreaPopulation")
        self._size = self._value("territoryAreaSize")
        self._below = self._value("territoryAreaBelow")
        self._workers_label = QLabel(self.tr("Grid workers"), self)
        self._workers = self._value("territoryGridWorkers")
        self._message = self._value("territoryMessage")
        self._teams = GridTeamsEditor(self._app, self)

        self._rename = self._button("territoryRenameButton", self.tr("&Rename…"))
        self._edit_households = self._button("territoryHouseholdsButton",
                                             self.tr("&Households…"))
        self._retire = self._button("territoryRetireButton", self.tr("Re&tire"))
        self._add_grid = self._button("territoryAddGridButton", self.tr("&Add grid…"))
        self._reimport = self._button("territoryReimportButton", self.tr("Re-&import a file…"))

        details = QFormLayout()
        details.addRow(self.tr("Level"), self._level)
        details.addRow(self.tr("Held by"), self._parent)
        details.addRow(self.tr("Households"), self._households)
        details.addRow(self.tr("Population"), self._population)
        details.addRow(self.tr("Size"), self._size)
        details.addRow(self.tr("Below"), self._below)
        details.addRow(self._workers_label, self._workers)
        buttons = QHBoxLayout()
        for button in (self._rename, self._edit_households, self._retire, self._add_grid,
                       self._reimport):
            buttons.addWidget(button)
        buttons.addStretch(1)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self._title)
        side_layout.addWidget(self._map, 1)
        side_layout.addLayout(details)
        side_layout.addWidget(self._teams)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self._message)

        left = QWidget(self)
        left.setMinimumWidth(LEFT_MIN_WIDTH)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._filter)
        left_layout.addWidget(self._tree, 1)
        left_layout.addWidget(self._summary)

        self._split = QSplitter(Qt.Orientation.Horizontal, self)
        self._split.setObjectName("territorySplit")
        self._split.addWidget(left)
        self._split.addWidget(side)
        self._split.setStretchFactor(0, 2)
        self._split.setStretchFactor(1, 3)
        self._split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self._split)

    def _connect_signals(self) -> None:
        self._filter.textChanged.connect(self._on_filter_text_changed)
        self._filter_timer.timeout.connect(self._apply_filter)
        selection = self._tree.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(self._on_tree_selection_changed)
        self._map.area_clicked.connect(self.select_area)
        self._rename.clicked.connect(self._on_rename_clicked)
        self._edit_households.clicked.connect(self._on_households_clicked)
        self._retire.clicked.connect(self._on_retire_clicked)
        self._add_grid.clicked.connect(self._on_add_grid_clicked)
        self._reimport.clicked.connect(self._on_reimport_clicked)
        self._teams.teams_changed.connect(self._on_teams_changed)

    # ---- parts, for tests ----------------------------------------------------------------

    @property
    def model(self) -> TerritoryTreeModel:
        return self._model

    @property
    def tree(self) -> QTreeView:
        return self._tree

    @property
    def area_map(self) -> AreaMap:
        return self._map

    @property
    def teams_editor(self) -> GridTeamsEditor:
        return self._teams

    def loaded(self) -> bool:
        """Whether the territory has been read at least once."""
        return self._loaded

    def wait(self, msecs: int = -1) -> bool:
        return self._work.wait_idle(msecs)

    # ---- loading -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self._split.orientation() != orientation:
            self._split.setOrientation(orientation)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the territory again (off the GUI thread); only when shown, else later."""
        self._stale = True
        if not self.isVisible():
            return
        self._stale = False
        app = self._app
        self._work.start(lambda: read_territory(app), self._on_read, self._on_read_failed,
                         kind="read")

    def _on_read(self, snapshot: TerritorySnapshot) -> None:
        chosen = self._pending_selection or self.selected_code()
        self._pending_selection = ""
        self._shapes = snapshot.shapes
        self._model.set_areas(snapshot.areas)
        self._loaded = True
        self._summary.setText(self._summary_text(snapshot.areas))
        if self._filter.text().strip():
            self._apply_filter()
        if chosen and self._model.area(chosen) is not None:
            self.select_area(chosen)
        else:
            self._show_area(self._model.area(chosen) if chosen else None)

    def _on_read_failed(self, message: str) -> None:
        self._message.setText(message)

    def _summary_text(self, areas: list[TerritoryArea]) -> str:
        counts = {level: 0 for level in LEVELS}
        for area in areas:
            if not area.retired:
                counts[area.level] += 1
        parts = [f"{level_label(level)} {counts[level]}" for level in LEVELS if counts[level]]
        return " · ".join(parts) if parts else self.tr("The territory is empty: re-import "
                                                       "a file to load it.")

    # ---- filter ------------------------------------------------------------------------

    def _on_filter_text_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def _apply_filter(self) -> None:
        text = self._filter.text().strip()
        if not text:
            self._proxy.set_codes(None)
            self._tree.collapseAll()
            self._summary.setText(self._summary_text(
                [a for c in self._model.codes() if (a := self._model.area(c)) is not None]))
            return
        found = {g.code for g in self._app.district.search_grids(text, FOUND_LIMIT,
                                                                  include_retired=True)}
        wanted = text.casefold()
        for code in self._model.codes():
            area = self._model.area(code)
            if area is not None and area.level != "grid" and (
                    wanted in area.name_zh.casefold() or wanted in area.name_en.casefold()
                    or wanted in code.casefold()):
                found.add(code)
        self._proxy.set_codes(found)
        if len(found) <= EXPAND_LIMIT:
            self._tree.expandAll()
        self._summary.setText(self.tr("{n} found").format(n=len(found)))

    # ---- selection ---------------------------------------------------------------------

    def selected_code(self) -> str:
        index = self._tree.currentIndex()
        area = self._model.area_at(self._proxy.mapToSource(index)) if index.isValid() \
            else None
        return area.code if area is not None else ""

    def select_area(self, code: str) -> bool:
        """Choose the area ``code`` in the tree (its parents unfolded); False if unknown."""
        source = self._model.index_of(code)
        index = self._proxy.mapFromSource(source)
        if not index.isValid():
            if not source.isValid():
                return False
            self._filter.clear()
            self._apply_filter()
            index = self._proxy.mapFromSource(source)
        parent = index.parent()
        while parent.isValid():
            self._tree.expand(parent)
            parent = parent.parent()
        self._tree.setCurrentIndex(index)
        self._tree.scrollTo(index)
        return True

    def _on_tree_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        index = self._tree.currentIndex()
        area = self._model.area_at(self._proxy.mapToSource(index)) if index.isValid() \
            else None
        self._show_area(area)
        self.area_selected.emit(area.code if area is not None else "")

    def _show_area(self, area: TerritoryArea | None) -> None:
        self._message.clear()
        self._update_actions(area)
        if area is None:
            self._title.setText(self.tr("The whole territory"))
            for label in (self._level, self._parent, self._households, self._population,
                          self._size, self._below):
                label.setText(NO_VALUE)
            self._workers_label.hide()
            self._workers.hide()
            self._teams.hide()
            self._teams.set_grid("")
            tops = self._model.children_of(None)
            self._map.set_items([MapItem(a.code, area_name(a), self._shapes[a.code], "child")
                                 for a in tops if a.code in self._shapes],
                                self.tr("No shapes loaded yet."))
            self._below.setText(self._below_text(None))
            return
        title = f"{area_name(area)}  {area.code}"
        self._title.setText(self.tr("{title}  · retired").format(title=title)
                            if area.retired else title)
        self._level.setText(level_label(area.level))
        parent = self._model.area(area.parent_code) if area.parent_code else None
        self._parent.setText(f"{area_name(parent)} {parent.code}" if parent is not None
                             else NO_VALUE)
        self._households.setText(count_text(area.households))
        self._population.setText(count_text(area.population))
        shape = self._shapes.get(area.code)
        self._size.setText(format_m2(area_m2(shape)) if shape is not None
                           else self.tr("no shape"))
        is_grid = area.level == "grid"
        self._below.setText(NO_VALUE if is_grid else self._below_text(area.code))
        self._workers_label.setVisible(is_grid)
        self._workers.setVisible(is_grid)
        self._teams.setVisible(is_grid)
        self._teams.set_grid(area.code if is_grid else "")
        if is_grid:
            self._workers.setText(self._grid_workers_text(area.code))
        self._map.set_items(self._map_items(area), self.tr("This area has no shape."))

    def _below_text(self, code: str | None) -> str:
        """``12 grids, 3,210 households`` under an area (None: the whole territory)."""
        grids = households = 0
        stack = list(self._model.children_of(code))
        while stack:
            area = stack.pop()
            if area.level == "grid":
                if not area.retired:
                    grids += 1
                    households += area.households or 0
            else:
                stack.extend(self._model.children_of(area.code))
        return self.tr("{grids} grids, {households} households").format(
            grids=count_text(grids), households=count_text(households))

    def _map_items(self, area: TerritoryArea) -> list[MapItem]:
        shapes = self._shapes
        children = self._model.children_of(area.code)
        if children:
            items = [MapItem(area.code, area_name(area), shapes[area.code], "outline")] \
                if area.code in shapes else []
            return items + [MapItem(c.code, area_name(c), shapes[c.code], "child")
                            for c in children if c.code in shapes]
        siblings = self._model.children_of(area.parent_code or None)
        parent = self._model.area(area.parent_code) if area.parent_code else None
        items = [MapItem(parent.code, area_name(parent), shapes[parent.code], "outline")] \
            if parent is not None and parent.code in shapes else []
        items += [MapItem(s.code, area_name(s), shapes[s.code],
                          "selected" if s.code == area.code else "child")
                  for s in siblings if s.code in shapes
                  and (parent is not None or s.code == area.code)]
        return items

    def _grid_workers_text(self, code: str) -> str:
        """The members of the grid-worker teams based in this grid, a line each."""
        try:
            grid = self._app.district.grid_by_code(code)
        except WatchroomError:  # removed meanwhile by another console: nobody to show
            return NO_VALUE
        teams = [t for t in self._app.district.teams()
                 if t.kind is TeamKind.GRID_WORKERS and t.base_grid_id == grid.id]
        lines = []
        for team in teams:
            for member in self._app.rosters.members(team.id):
                parts = [member.name, member.role, member.phone,
                         availability_label(member.availability)]
                lines.append(" · ".join(p for p in parts if p) + f"  ({team.code})")
        return "\n".join(lines) if lines else self.tr("No grid-worker team is based here.")

    # ---- actions -----------------------------------------------------------------------

    def apply_role(self, op: OperatorRef) -> None:
        """Only an administrator changes the territory (and a coordinator too, which team
        is based where); the others see it read-only."""
        self._teams.apply_role(op)
        self._update_actions(self._model.area(self.selected_code())
                             if self.selected_code() else None, op)

    def _update_actions(self, area: TerritoryArea | None,
                        op: OperatorRef | None = None) -> None:
        admin = (op or self._app.operator).role is Role.ADMIN
        refused = self.tr("Only an administrator may change the territory.")
        self._retire.setText(self.tr("Res&tore") if area is not None and area.retired
                             else self.tr("Re&tire"))
        tips = {
            self._rename: self.tr("Give the area another Chinese or English name"),
            self._edit_households: self.tr("Set the households and population"),
            self._retire: self.tr("A retired area keeps its history and cases and takes "
                                  "no new ones; restoring brings it back"),
            self._add_grid: self.tr("Add one grid, its shape pasted as WKT or GeoJSON"),
            self._reimport: self.tr("Load a level again from a GIS file: the same code "
                                    "updates the area"),
        }
        for button, tip in tips.items():
            needs_area = button in (self._rename, self._edit_households, self._retire)
            button.setEnabled(admin and (area is not None or not needs_area))
            button.setToolTip(tip if admin else refused)

    def _selected_area(self) -> TerritoryArea | None:
        code = self.selected_code()
        return self._model.area(code) if code else None

    def _on_rename_clicked(self) -> None:
        area = self._selected_area()
        if area is not None:
            self._open(RenameAreaDialog(self._app, area, self))

    def _on_households_clicked(self) -> None:
        area = self._selected_area()
        if area is not None:
            self._open(HouseholdsDialog(self._app, area, self))

    def _on_add_grid_clicked(self) -> None:
        area = self._selected_area()
        holder = area.parent_code if area is not None and area.level == "grid" else \
            (area.code if area is not None else None)
        parents = [a for c in self._model.codes() if (a := self._model.area(c)) is not None
                   and a.level != "grid" and not a.retired]
        dialog = AddGridDialog(self._app, parents, holder, self)
        dialog.area_changed.connect(self._on_grid_added)
        self._open(dialog)

    def _open(self, dialog: RenameAreaDialog | HouseholdsDialog | AddGridDialog) -> None:
        dialog.area_changed.connect(self._on_area_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_area_changed(self, area: TerritoryArea) -> None:
        self._model.update_area(area)
        if area.code == self.selected_code():
            self._show_area(area)
        self._message.setText(self.tr("Saved {code}.").format(code=area.code))

    def _on_grid_added(self, area: TerritoryArea) -> None:
        self._message.setText(self.tr("Grid {code} added.").format(code=area.code))
        self._pending_selection = area.code
        self.reload()

    def _on_retire_clicked(self) -> None:
        area = self._selected_area()
        if area is None:
            return
        territory, actor = self._app.territory, self._app.operator
        try:
            changed = (territory.restore(actor, area.code) if area.retired
                       else territory.retire(actor, area.code))
        except WatchroomError as exc:
            self._message.setText(error_text(exc))
            return
        self._model.update_area(changed)
        self._show_area(changed)
        self._message.setText(
            self.tr("{code} restored: it takes new cases again.").format(code=area.code)
            if area.retired else
            self.tr("{code} retired: it keeps its history and takes no new cases.").format(
                code=area.code))

    def _on_teams_changed(self, code: str) -> None:
        if code == self.selected_code():
            self._workers.setText(self._grid_workers_text(code))

    def _on_reimport_clicked(self) -> None:
        from widgets.territory.setup_assistant import open_setup_assistant  # when asked

        open_setup_assistant(self._app, self.window(), start="territory")
