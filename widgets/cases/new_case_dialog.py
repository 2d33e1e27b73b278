"""The New case dialog: report a case, validated as the officer types; placed by a click
on its map or by an address from the center's gazetteer (the grid follows the point)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.service import TITLE_MAX
from console.core.domain import Category, GridRef, Severity, Source
from console.core.errors import WatchroomError
from console.territory.gazetteer import AddressMatch
from console.territory.places import LonLat, OutsideTerritory, format_distance
from widgets.common import labels
from widgets.common.background import BackgroundWork
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker
from widgets.grid_map.panel import GridMap

ADDRESS_MATCHES = 6


class NewCaseDialog(QDialog):
    """Title, category, severity, the place, source, location, reporter and description.

    The place is a grid typed or chosen, or a point: clicked on the dialog's map, or an
    address found in the gazetteer as it is typed (code, partial text, pinyin). A point
    sets the grid that holds it; a point off the territory is refused with the nearest
    grid and how far it is; choosing another grid by hand drops the point.

    OK stays disabled until the form is valid; the error label says what is missing.
    Accepting makes one service call; an error from the service keeps the dialog open.

    Signals:
        case_reported(str): the new case's reference, after it was written.
    """

    case_reported = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("New case"))
        self.setMinimumWidth(520)
        self._app = app
        self._point: LonLat | None = None
        self._point_grid = ""  # the code of the grid the point set
        self._place_problem = ""
        self._matches: list[AddressMatch] = []
        self._warm = BackgroundWork(self)
        self._build()
        self._connect_signals()
        self._validate()

    def _build(self) -> None:
        self._title = QLineEdit(self)
        self._title.setObjectName("newCaseTitle")
        self._title.setPlaceholderText(self.tr("What is happening, in a few words"))

        self._category = QComboBox(self)
        self._category.setObjectName("newCaseCategory")
        for category in Category:
            self._category.addItem(labels.category_label(category), category.value)

        self._severity = QComboBox(self)
        self._severity.setObjectName("newCaseSeverity")
        for severity in Severity:
            self._severity.addItem(labels.severity_label(severity), int(severity))
        self._severity.setCurrentIndex(self._severity.findData(int(Severity.MEDIUM)))

        # Found as typed (code, name, pinyin); a retired grid takes no new case.
        self._grid = GridPicker(self, name="newCaseGrid", find=self._app.district.search_grids)
        self._grid.set_grids(self._app.district.active_grids())
        self._grid.setPlaceholderText(self.tr("Type a grid code or name"))

        self._source = QComboBox(self)
        self._source.setObjectName("newCaseSource")
        for source in Source:
            self._source.addItem(labels.source_label(source), source.value)
        self._source.setCurrentIndex(self._source.findData(Source.HOTLINE.value))

        self._location = QLineEdit(self)
        self._location.setObjectName("newCaseLocation")
        self._location.setPlaceholderText(self.tr("Street, building, landmark"))
        self._reporter = QLineEdit(self)
        self._reporter.setObjectName("newCaseReporter")
        self._reporter.setPlaceholderText(self.tr("Name and phone, if given"))
        self._description = QPlainTextEdit(self)
        self._description.setObjectName("newCaseDescription")
        self._description.setPlaceholderText(
            self.tr("What was reported, by whom, and what is known"))
        self._description.setTabChangesFocus(True)
        self._description.setMinimumHeight(90)

        self._address = QLineEdit(self)
        self._address.setObjectName("newCaseAddress")
        self._address.setPlaceholderText(self.tr("Door-plate address, e.g. 和平路12号 or hpl12"))
        self._address.setClearButtonEnabled(True)
        self._address.setAccessibleName(self.tr("Address"))
        self._address_list = QListWidget(self)
        self._address_list.setObjectName("newCaseAddressMatches")
        self._address_list.setMaximumHeight(112)
        self._address_list.setAccessibleName(self.tr("Addresses found"))
        self._address_list.hide()
        self._place = QLabel(self)
        self._place.setObjectName("newCasePoint")
        self._place.setWordWrap(True)
        self._place.setProperty("fieldName", True)
        self._place.setText(self.tr("No point: click the map or find an address."))
        self._map = GridMap(self._app, self, picker=True)
        self._map.setObjectName("newCaseMap")
        self._map.setMinimumSize(380, 360)

        self._error = QLabel(self)
        self._error.setObjectName("newCaseError")
        self._error.setWordWrap(True)

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("Report case"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Title"), self._title)
        form.addRow(self.tr("&Category"), self._category)
        form.addRow(self.tr("Se&verity"), self._severity)
        form.addRow(self.tr("&Address"), self._address)
        form.addRow("", self._address_list)
        form.addRow(self.tr("&Grid"), self._grid)
        form.addRow(self.tr("Point"), self._place)
        form.addRow(self.tr("&Source"), self._source)
        form.addRow(self.tr("&Location"), self._location)
        form.addRow(self.tr("&Reporter"), self._reporter)
        form.addRow(self.tr("&Description"), self._description)

        chain = [self._title, self._category, self._severity, self._address,
                 self._address_list, self._grid, self._source, self._location, self._reporter,
                 self._description]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(self._map, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        self._title.textChanged.connect(self._validate)
        self._grid.editTextChanged.connect(self._validate)
        self._grid.currentIndexChanged.connect(self._validate)
        self._grid.editTextChanged.connect(self._on_grid_edited)
        self._address.textEdited.connect(self._on_address_edited)
        self._address.returnPressed.connect(self._on_address_return_pressed)
        self._address_list.itemActivated.connect(self._on_address_item_chosen)
        self._address_list.itemClicked.connect(self._on_address_item_chosen)
        self._map.place_picked.connect(self._on_map_place_picked)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self.finished.connect(self._on_finished)
        gazetteer = self._app.gazetteer
        self._warm.start(gazetteer.warm, lambda _n: None, lambda _e: None)

    # ---- the place ---------------------------------------------------------------------

    @property
    def point(self) -> LonLat | None:
        """The point the case is placed at, if one was picked."""
        return self._point

    @property
    def place_map(self) -> GridMap:
        return self._map

    def place_at(self, lon: float, lat: float, address: str = "") -> None:
        """Place the case at a WGS84 point: its grid chosen, or the point refused when
        it lies off the territory."""
        point = LonLat(lon, lat)
        try:
            grid = self._app.district.grid_at_point(point)
        except OutsideTerritory as exc:
            self._point, self._point_grid = None, ""
            self._place_problem = error_text(exc)
            self._place.setText(self._place_problem)
            self._map.show_pin(None)
            self._validate()
            return
        self._point, self._point_grid, self._place_problem = point, grid.code, ""
        self._grid.blockSignals(True)
        self._grid.setEditText(grid.code)
        self._grid.blockSignals(False)
        self._map.show_pin((lon, lat), centre=bool(address))
        near = ""
        if not address:
            try:
                found = self._app.gazetteer.nearest(lon, lat, 1)
            except WatchroomError:
                found = []
            if found and found[0].distance_m is not None:
                near = self.tr(" · near {address} ({distance})").format(
                    address=found[0].address, distance=format_distance(found[0].distance_m))
        else:
            self._location.setText(address)
        self._place.setText(self.tr("{point} · grid {grid}{near}").format(
            point=point.text(), grid=grid.code, near=near))
        self._validate()

    def _on_map_place_picked(self, lon: float, lat: float) -> None:
        self.place_at(lon, lat)

    def _on_grid_edited(self, text: str) -> None:
        """A grid typed by hand that is not the point's drops the point."""
        if self._point is not None and text.strip().upper() != self._point_grid.upper():
            self._point, self._point_grid = None, ""
            self._map.show_pin(None)
            self._place.setText(self.tr("No point: click the map or find an address."))

    def _on_address_edited(self, text: str) -> None:
        self._address_list.clear()
        self._matches = []
        if len(text.strip()) < 2:
            self._address_list.hide()
            return
        try:
            self._matches = self._app.gazetteer.search(text, ADDRESS_MATCHES)
        except WatchroomError as exc:
            self._address_list.hide()
            self._place.setText(error_text(exc))
            return
        for match in self._matches:
            item = QListWidgetItem(f"{match.address}  ·  {match.grid_code or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, match.address)
            self._address_list.addItem(item)
        if not self._matches:
            self._address_list.addItem(self.tr("No address matches “{text}”.").format(
                text=text.strip()))
        self._address_list.show()

    def _on_address_return_pressed(self) -> None:
        if self._matches:
            self._choose_address(self._matches[0])

    def _on_address_item_chosen(self, item: QListWidgetItem) -> None:
        wanted = item.data(Qt.ItemDataRole.UserRole)
        match = next((m for m in self._matches if m.address == wanted), None)
        if match is not None:
            self._choose_address(match)

    def _choose_address(self, match: AddressMatch) -> None:
        self._address.setText(match.address)
        self._address_list.hide()
        self.place_at(match.lon, match.lat, match.address)

    def _on_finished(self, _result: int) -> None:
        self._warm.cancel()
        self._map.shutdown()

    def chosen_grid(self) -> GridRef | None:
        """The grid the officer chose or typed (its code first), if it is a known one."""
        return self._grid.chosen_grid()

    def problem(self) -> str:
        """What is wrong with the form as it stands, or ``""`` when it can be sent."""
        title = " ".join(self._title.text().split())
        if not title:
            return self.tr("Enter a title for the case.")
        if len(title) > TITLE_MAX:
            return self.tr("The title is {n} characters; at most {limit}.").format(
                n=len(title), limit=TITLE_MAX)
        if self._place_problem and self._point is None and not self._grid.currentText():
            return self._place_problem
        return self._grid.problem(self.tr("Choose the grid cell the case is in."),
                                  self.tr("Unknown grid “{grid}”: choose one from the list."))

    def _validate(self) -> None:
        problem = self.problem()
        self._error.setText(problem)
        self._error.setVisible(bool(problem))
        self._ok.setEnabled(not problem)

    def _on_buttons_accepted(self) -> None:
        grid = self.chosen_grid()
        if self.problem() or grid is None:
            return
        try:
            detail = self._app.cases.report(
                self._app.operator,
                title=self._title.text(),
                category=str(self._category.currentData()),
                severity=int(self._severity.currentData()),
                grid=grid.code,
                point=self._point,
                source=str(self._source.currentData()),
                location=self._location.text(),
                reporter=self._reporter.text(),
                description=self._description.toPlainText(),
            )
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            self._error.setVisible(True)
            return
        self.case_reported.emit(detail.reference)
        self.accept()
