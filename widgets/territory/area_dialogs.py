"""An administrator's edits of one area: rename it, set its households, add a grid by hand."""

from __future__ import annotations

import json
from collections.abc import Callable

import shapely
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from console.app import App
from console.core.errors import WatchroomError
from console.territory.service import TerritoryArea
from widgets.common.domain_messages import error_text
from widgets.territory.area_map import AreaMap, MapItem
from widgets.territory.tree_model import area_name, level_label

MAX_COUNT = 10_000_000  # households or people in one area: more than any city district


def parse_shape(text: str) -> BaseGeometry:
    """A polygon typed or pasted as WKT (``POLYGON ((…))``) or GeoJSON (a geometry, a
    Feature, or a FeatureCollection of one feature), longitude before latitude.
    ValueError says what is wrong, in English (shown as it is)."""
    text = text.strip()
    if not text:
        raise ValueError("empty")
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not GeoJSON: {exc.msg} at character {exc.pos}") from None
        if isinstance(value, dict) and value.get("type") == "FeatureCollection":
            features = value.get("features") or []
            if len(features) != 1:
                raise ValueError(f"the collection holds {len(features)} features, not one")
            value = features[0]
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        try:
            geometry = shape(value)
        except Exception as exc:  # shapely says "Unknown geometry type", KeyError…
            raise ValueError(f"not a GeoJSON geometry ({exc})") from None
    else:
        try:
            geometry = shapely.from_wkt(text)
        except Exception as exc:  # shapely.errors.GEOSException
            raise ValueError(f"not WKT ({exc})") from None
    if not isinstance(geometry, Polygon | MultiPolygon) or geometry.is_empty:
        raise ValueError(f"a {geometry.geom_type}, not a polygon")
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("the coordinates are not longitude and latitude in degrees")
    return geometry


class _AreaDialog(QDialog):
    """A small form with an error line and OK/Cancel; OK makes one service call.

    Signals:
        area_changed(object): the ``TerritoryArea`` as it is now, after it was written.
    """

    area_changed = Signal(object)

    def __init__(self, app: App, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._app = app
        self._form = QFormLayout()
        self._error = QLabel(self)
        self._error.setObjectName(f"{name}Error")
        self._error.setWordWrap(True)
        self._error.setProperty("signInError", True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setObjectName(f"{name}Ok")
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setObjectName(f"{name}Cancel")
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    def _line(self, name: str, label: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setAccessibleName(label.replace("&", ""))
        self._form.addRow(label, edit)
        return edit

    def _spin(self, name: str, label: str, value: int, minimum: int = 0) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(label.replace("&", ""))
        spin.setRange(minimum, MAX_COUNT)
        spin.setGroupSeparatorShown(True)
        spin.setValue(value)
        self._form.addRow(label, spin)
        return spin

    def error(self) -> str:
        return self._error.text()

    # The one service call of the dialog: each dialog defines it.
    _write: Callable[[], TerritoryArea]

    def _on_buttons_accepted(self) -> None:
        try:
            area = self._write()
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            return
        self.area_changed.emit(area)
        self.accept()


class RenameAreaDialog(_AreaDialog):
    """The Chinese and English names of one area or grid."""

    def __init__(self, app: App, area: TerritoryArea, parent: QWidget | None = None) -> None:
        super().__init__(app, "renameAreaDialog", "", parent)
        self.setWindowTitle(self.tr("Rename {level} {code}").format(
            level=level_label(area.level), code=area.code))
        self._code = area.code
        self._ok.setText(self.tr("Rename"))
        self._zh = self._line("renameAreaZh", self.tr("&Chinese name"), area.name_zh)
        self._en = self._line("renameAreaEn", self.tr("&English name"), area.name_en)
        self._en.setPlaceholderText(self.tr("Optional"))
        self._zh.textChanged.connect(self._on_name_changed)

    def _on_name_changed(self, text: str) -> None:
        self._ok.setEnabled(bool(text.strip()))

    def _write(self) -> TerritoryArea:
        return self._app.territory.rename(self._app.operator, self._code,
                                          name_zh=self._zh.text(), name_en=self._en.text())


class HouseholdsDialog(_AreaDialog):
    """The households and population of one area or grid."""

    def __init__(self, app: App, area: TerritoryArea, parent: QWidget | None = None) -> None:
        super().__init__(app, "householdsDialog", "", parent)
        self.setWindowTitle(self.tr("Households of {name}").format(name=area_name(area)))
        self._code = area.code
        self._ok.setText(self.tr("Save"))
        self._households = self._spin("householdsValue", self.tr("&Households"),
                                      area.households or 0)
        self._population = self._spin("populationValue", self.tr("&Population"),
                                      -1 if area.population is None else area.population, -1)
        self._population.setSpecialValueText(self.tr("unknown"))

    def _write(self) -> TerritoryArea:
        population = self._population.value()
        return self._app.territory.set_households(
            self._app.operator, self._code, self._households.value(),
            None if population < 0 else population)


class AddGridDialog(_AreaDialog):
    """A grid drawn elsewhere: its code, name, the area holding it, households and its
    shape pasted as WKT or GeoJSON (checked and drawn as it is typed)."""

    def __init__(self, app: App, parents: list[TerritoryArea], parent_code: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(app, "addGridDialog", "", parent)
        self.setWindowTitle(self.tr("Add a grid"))
        self.setMinimumWidth(560)
        self._ok.setText(self.tr("Add grid"))
        self._code = self._line("addGridCode", self.tr("&Code"))
        self._code.setPlaceholderText(self.tr("e.g. 31010100100101 or BH-3-2"))
        self._name = self._line("addGridName", self.tr("&Name"))
        self._parent = QComboBox(self)
        self._parent.setObjectName("addGridParent")
        self._parent.setAccessibleName(self.tr("Held by"))
        self._parent.addItem(self.tr("(no area above)"), "")
        for area in parents:
            self._parent.addItem(f"{area.code} {area_name(area)}", area.code)
        self._parent.setCurrentIndex(max(self._parent.findData(parent_code or ""), 0))
        self._form.addRow(self.tr("&Held by"), self._parent)
        self._households = self._spin("addGridHouseholds", self.tr("H&ouseholds"), 0)
        self._shape = QPlainTextEdit(self)
        self._shape.setObjectName("addGridShape")
        self._shape.setAccessibleName(self.tr("Shape"))
        self._shape.setTabChangesFocus(True)
        self._shape.setPlaceholderText(self.tr(
            "Paste the shape as WKT, e.g. POLYGON ((121.50 25.03, 121.51 25.03, "
            "121.51 25.04, 121.50 25.04, 121.50 25.03)), or as GeoJSON; longitude first, "
            "WGS84 degrees"))
        self._shape.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self._form.addRow(self.tr("&Shape"), self._shape)
        self._preview = AreaMap(self)
        self._preview.setObjectName("addGridPreview")
        self._preview.setMinimumHeight(180)
        self._form.addRow("", self._preview)
        self._geometry: BaseGeometry | None = None
        for edit in (self._code, self._name):
            edit.textChanged.connect(self._validate)
        self._shape.textChanged.connect(self._on_shape_changed)
        self._validate()

    def _on_shape_changed(self) -> None:
        try:
            self._geometry = parse_shape(self._shape.toPlainText())
        except ValueError:
            self._geometry = None
        self._preview.set_items(
            [MapItem("", self._name.text(), self._geometry, "selected")]
            if self._geometry is not None else [])
        self._validate()

    def problem(self) -> str:
        """What keeps the grid from being added, or ``""``."""
        if not self._code.text().strip():
            return self.tr("Type the grid's code.")
        if not self._name.text().strip():
            return self.tr("Type the grid's name.")
        text = self._shape.toPlainText().strip()
        if not text:
            return self.tr("Paste the grid's shape (WKT or GeoJSON).")
        try:
            parse_shape(text)
        except ValueError as exc:
            return self.tr("The shape cannot be read: {why}.").format(why=str(exc))
        return ""

    def _validate(self) -> None:
        problem = self.problem()
        self._error.setText(problem)
        self._ok.setEnabled(not problem)

    def _write(self) -> TerritoryArea:
        geometry = parse_shape(self._shape.toPlainText())
        return self._app.territory.add_grid(
            self._app.operator, self._code.text(), self._name.text(),
            str(self._parent.currentData()) or None, geometry, self._households.value())

