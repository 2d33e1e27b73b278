"""The territory as a tree, district → street → community → grid, and its filter."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from console.territory.areas import Level
from console.territory.service import TerritoryArea
from widgets.common.time_text import NO_VALUE
from widgets.shell.theme import colors, current_theme

ModelIndex = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    NAME = 0
    CODE = 1
    HOUSEHOLDS = 2
    POPULATION = 3


def level_label(level: Level) -> str:
    """District, Street, Community or Grid, in the interface language."""
    translate = QCoreApplication.translate
    return {"district": translate("Territory", "District"),
            "street": translate("Territory", "Street"),
            "community": translate("Territory", "Community"),
            "grid": translate("Territory", "Grid")}[level]


def area_name(area: TerritoryArea) -> str:
    """An area's name in the interface language (Chinese, or English when it has one)."""
    return area.name(QLocale().name())


def count_text(value: int | None) -> str:
    return NO_VALUE if value is None else QLocale().toString(value)


@dataclass(eq=False)
class _Node:
    area: TerritoryArea | None
    parent: _Node | None
    row: int = 0
    children: list[_Node] = field(default_factory=list)
    texts: tuple[str, str, str, str] = ("", "", "", "")


def _texts(area: TerritoryArea) -> tuple[str, str, str, str]:
    name = area_name(area)
    if area.retired:
        name = QCoreApplication.translate("Territory", "{name} (retired)").format(name=name)
    return (name, area.code, count_text(area.households), count_text(area.population))


class TerritoryTreeModel(QAbstractItemModel):
    """Areas under their parents (an area whose parent is unknown sits at the top), each
    level sorted by code. Row texts are composed once per load; a reload that keeps the
    tree's shape changes only the rows that differ.

    Signals: only those of ``QAbstractItemModel``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None)
        self._by_code: dict[str, _Node] = {}
        self._shape: list[tuple[str, str, str]] = []
        self._headers = (self.tr("Name"), self.tr("Code"), self.tr("Households"),
                         self.tr("Population"))

    # ---- loading -----------------------------------------------------------------------

    def set_areas(self, areas: Sequence[TerritoryArea]) -> None:
        """Show ``areas`` (top level first). The same tree with other names or counts
        updates its rows in place; another tree is a reset."""
        shape: list[tuple[str, str, str]] = [(a.code, a.parent_code, a.level) for a in areas]
        if shape == self._shape:
            for area in areas:
                self.update_area(area)
            return
        self.beginResetModel()
        self._root = _Node(None, None)
        self._by_code = {}
        for area in areas:
            self._by_code[area.code] = _Node(area, None, texts=_texts(area))
        for area in areas:
            node = self._by_code[area.code]
            parent = self._by_code.get(area.parent_code, self._root) \
                if area.parent_code else self._root
            node.parent = parent
            node.row = len(parent.children)
            parent.children.append(node)
        self._shape = shape
        self.endResetModel()

    def update_area(self, area: TerritoryArea) -> None:
        """One area's names or counts changed: redraw its row."""
        node = self._by_code.get(area.code)
        if node is None or node.area == area:
            return
        node.area = area
        node.texts = _texts(area)
        parent = self._index_of_node(node.parent) if node.parent is not None else QModelIndex()
        self.dataChanged.emit(self.index(node.row, 0, parent),
                              self.index(node.row, len(Column) - 1, parent))

    # ---- reading -----------------------------------------------------------------------

    def area(self, code: str) -> TerritoryArea | None:
        node = self._by_code.get(code)
        return node.area if node is not None else None

    def area_at(self, index: ModelIndex) -> TerritoryArea | None:
        node = self._node(index)
        return node.area if node is not self._root else None

    def children_of(self, code: str | None) -> list[TerritoryArea]:
        """The areas right under ``code`` (None: the top level)."""
        node = self._root if code is None else self._by_code.get(code)
        return [c.area for c in node.children if c.area is not None] if node else []

    def codes(self) -> list[str]:
        return list(self._by_code)

    def index_of(self, code: str) -> QModelIndex:
        node = self._by_code.get(code)
        return self._index_of_node(node) if node is not None else QModelIndex()

    def _index_of_node(self, node: _Node) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def _node(self, index: ModelIndex) -> _Node:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, _Node)
        return node

    # ---- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(Column):
            return QModelIndex()
        node = self._node(parent)
        if row < 0 or row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(  # type: ignore[override]
            self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        if node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        area = node.area
        if area is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.texts[column]
        if role == CODE_ROLE:
            return area.code
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{level_label(area.level)} {area.code}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= Column.HOUSEHOLDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if area.retired and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(colors(current_theme()).disabled_text)
        if area.retired and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return self._headers[section]
        return None


class TerritoryFilter(QSortFilterProxyModel):
    """Shows the areas whose codes were found (and their ancestors), or everything."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._codes: frozenset[str] | None = None

    def set_codes(self, codes: Collection[str] | None) -> None:
        """Keep only these areas (None: every area)."""
        self.beginFilterChange()
        self._codes = None if codes is None else frozenset(codes)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._codes is None:
            return True
        model = self.sourceModel()
        code = model.data(model.index(source_row, 0, source_parent), CODE_ROLE)
        return code in self._codes
