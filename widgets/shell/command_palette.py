"""The command palette (Ctrl+K): type to find any menu action or any case, Enter to run it."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.query import CaseFilter
from console.core.domain import CaseRow, Category
from console.core.errors import WatchroomError
from console.hazards.domain import HazardFilter
from widgets.common import labels

CASE_LIMIT = 8  # open cases listed for a query
# A whole reference (C-2026-000123) is looked up directly, closed cases included: one
# indexed read. Titles are searched among the open cases only (at most some thousands);
# the closed history (a million rows) is the board's History view's business, off the GUI
# thread.
REFERENCE = re.compile(r"^[A-Za-z]+-\d{4}-\d+$")
SEARCH_DELAY_MS = 150  # one query when typing pauses, not one per key


PLACE_LIMIT = 5  # grids, hazards and members listed for a query, each


class Place(StrEnum):
    """What else the palette finds besides actions and cases, and goes to."""

    CATEGORY = "category"  # the board filtered by it
    TEAM = "team"  # the team in the rosters
    GRID = "grid"  # board, alerts, hazards and map on that grid
    HAZARD = "hazard"  # the hazard in the registry
    MEMBER = "member"  # the person in the rosters


@dataclass(frozen=True, slots=True)
class _Command:
    """One line of the palette: a menu action, a case, or a place to go."""

    text: str
    action: QAction | None = None
    case: CaseRow | None = None
    place: tuple[Place, object] | None = None


def menu_actions(bar: QMenuBar) -> list[tuple[str, QAction]]:
    """Every action reachable from the menu bar, with its menu path (``View › Theme``)."""
    found: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            name = plain(action.text())
            if isinstance(sub, QMenu):
                walk(sub, f"{path} › {name}" if path else name)
            elif name:
                found.append((path, action))

    for top in bar.actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, plain(top.text()))
    return found


def plain(text: str) -> str:
    """A menu text without its mnemonic markers and trailing dots: ``&New case…`` →
    ``New case``; ``文件(&F)`` → ``文件``."""
    text = text.replace("&&", "\0")
    for marker in ("(&", "（&"):
        start = text.find(marker)
        if start >= 0 and text.find(")", start) >= 0:
            text = text[:start] + text[text.find(")", start) + 1:]
    return text.replace("&", "").replace("\0", "&").rstrip("…").strip()


class CommandPalette(QDialog):
    """A search box over the window's menu actions and the cases (open ones by reference
    or title through ``CaseService.open_page``; any one by its whole reference through
    ``CaseService.get``); one query when typing pauses, not one per keystroke.
    Up/Down choose, Enter runs the action or opens the case, Esc closes.

    It also finds categories, teams and grids (in memory, as typed) and hazards and
    roster members (one query each when typing pauses): "flood", "rescue", "XH-07",
    "王敏".

    Signals:
        case_chosen(str, int, bool): reference, case id and whether the case is open.
        place_chosen(str, object): a ``Place`` and its key (category value, team id,
            grid code, hazard code, member name).
    """

    case_chosen = Signal(str, int, bool)
    place_chosen = Signal(str, object)

    def __init__(self, app: App, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle(self.tr("Command palette"))
        self.setAccessibleName(self.tr("Command palette"))
        self._app = app
        self._actions = menu_actions(menu_bar)
        self._cases: list[CaseRow] = []
        self._found: list[_Command] = []  # hazards and members of the last query

        self._input = QLineEdit(self)
        self._input.setObjectName("commandPaletteInput")
        self._input.setAccessibleName(self.tr("Find an action or a case"))
        self._input.setPlaceholderText(self.tr(
            "Type an action (new case, theme…) or a case reference or title"))
        self._input.setClearButtonEnabled(True)
        self._list = QListWidget(self)
        self._list.setObjectName("commandPaletteList")
        self._list.setAccessibleName(self.tr("Matching actions and cases"))
        self._list.setUniformItemSizes(True)
        self._hint = QLabel(self.tr("↑↓ choose · Enter run · Esc close"), self)
        self._hint.setObjectName("commandPaletteHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self._input)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._hint)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 22)
        self.setTabOrder(self._input, self._list)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._input.installEventFilter(self)
        self._input.textChanged.connect(self._on_input_text_changed)
        self._search_timer.timeout.connect(self._search_cases)
        self._list.itemActivated.connect(self._on_list_item_activated)
        self._refill()

    # ---- reading, for tests ------------------------------------------------------------

    @property
    def input(self) -> QLineEdit:
        return self._input

    @property
    def results(self) -> QListWidget:
        return self._list

    def entries(self) -> list[str]:
        return [self._list.item(i).text() for i in range(self._list.count())]

    def search_now(self) -> None:
        """Run the pending case search at once (what the timer would do)."""
        self._search_timer.stop()
        self._search_cases()

    # ---- behaviour ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down move in the list while the keyboard stays in the search box."""
        if watched is self._input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown,
                       Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5,
                        Qt.Key.Key_PageUp: -5}[Qt.Key(key)]
                count = self._list.count()
                if count:
                    row = min(max(self._list.currentRow() + step, 0), count - 1)
                    self._list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._search_timer.isActive():
                    self.search_now()
                item = self._list.currentItem()
                if item is not None:
                    self._run(item)
                return True
        return super().eventFilter(watched, event)

    def _on_input_text_changed(self, _text: str) -> None:
        self._refill()
        self._search_timer.start()

    def _search_cases(self) -> None:
        query = self._input.text().strip()
        if len(query) < 2 and not any(ord(c) > 0x2E7F for c in query):
            self._cases = []  # one Latin letter matches half the board; one 汉字 does not
            self._found = []
        else:
            self._found = self._hazards_and_members(query)
            self._cases = self._app.cases.open_page(CaseFilter(text=query), limit=CASE_LIMIT)
            if REFERENCE.match(query) and not any(
                    c.reference.casefold() == query.casefold() for c in self._cases):
                # No such case: the open ones matching the text are listed.
                with contextlib.suppress(WatchroomError):
                    self._cases.insert(0, self._app.cases.get(query.upper()).row)
        self._refill()

    def _refill(self) -> None:
        words = self._input.text().casefold().split()
        commands: list[_Command] = []
        for path, action in self._actions:
            if not action.isEnabled() or not action.isVisible():
                continue
            name = plain(action.text())
            haystack = f"{path} {name} {action.toolTip()} {action.objectName()}".casefold()
            if all(w in haystack for w in words):
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                text = f"{path} › {name}" + (f"    {keys}" if keys else "")
                commands.append(_Command(text, action=action))
        commands += self._places(words)
        commands += self._found
        for row in self._cases:
            text = self.tr("Case {ref} · {title} · {stage}").format(
                ref=row.reference, title=row.title,
                stage=labels.stage_status(row.stage, row.paused))
            commands.append(_Command(text, case=row))
        # Cases first when the query looks like one (the officer typed a reference).
        if self._cases and words:
            commands.sort(key=lambda c: c.case is None)
        self._list.clear()
        for command in commands:
            item = QListWidgetItem(command.text, self._list)
            item.setData(Qt.ItemDataRole.UserRole, command)
        if commands:
            self._list.setCurrentRow(0)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self._run(item)

    def _run(self, item: QListWidgetItem) -> None:
        command = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(command, _Command):
            return
        self.accept()
        if command.action is not None:
            # After the palette has closed, so a dialog the action opens gets the focus.
            QTimer.singleShot(0, command.action.trigger)
        elif command.case is not None:
            row = command.case
            self.case_chosen.emit(row.reference, row.id, row.is_open)
        elif command.place is not None:
            kind, key = command.place
            self.place_chosen.emit(kind.value, key)

    # ---- places ------------------------------------------------------------------------

    def _places(self, words: list[str]) -> list[_Command]:
        """Categories, teams and grids matching every word typed (none for no words)."""
        if not words:
            return []
        found: list[_Command] = []
        for category in Category:
            name = labels.category_label(category)
            if all(w in f"{name} {category.value}".casefold() for w in words):
                found.append(_Command(self.tr("Category {name}: its open cases").format(
                    name=name), place=(Place.CATEGORY, category.value)))
        for team in self._app.district.teams():
            haystack = f"{team.code} {team.name_en} {team.name_zh} {team.kind}".casefold()
            if all(w in haystack for w in words):
                found.append(_Command(self.tr("Team {code} · {name}").format(
                    code=team.code, name=labels.place_name(team)),
                    place=(Place.TEAM, team.id)))
        query = " ".join(words)
        if len(query) >= 2 or any(ord(c) > 0x2E7F for c in query):
            for grid in self._app.district.search_grids(query, limit=PLACE_LIMIT):
                found.append(_Command(self.tr("Grid {code} · {name}").format(
                    code=grid.code, name=labels.place_name(grid)),
                    place=(Place.GRID, grid.code)))
        return found

    def _hazards_and_members(self, query: str) -> list[_Command]:
        found: list[_Command] = []
        for hazard in self._app.hazards.rows(HazardFilter(text=query))[:PLACE_LIMIT]:
            found.append(_Command(self.tr("Hazard {code} · {name} · {grid}").format(
                code=hazard.code, name=hazard.name, grid=hazard.grid_code),
                place=(Place.HAZARD, hazard.code)))
        needle = query.casefold()
        members = [m for m in self._app.rosters.members()
                   if needle in f"{m.name} {m.phone}".casefold()]
        for member in members[:PLACE_LIMIT]:
            found.append(_Command(self.tr("Member {name} · {team} · {role}").format(
                name=member.name, team=member.team_code, role=member.role),
                place=(Place.MEMBER, member.name)))
        return found
