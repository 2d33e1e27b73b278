"""The hazard dialog: register or edit a hazard, validated as typed (inspections and status
changes are in ``inspection_dialogs``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import GridRef
from console.core.errors import WatchroomError
from console.hazards.domain import (
    CODE_MAX,
    DEFAULT_INTERVAL_DAYS,
    INTERVAL_MAX_DAYS,
    INTERVAL_MIN_DAYS,
    LIKELIHOODS,
    LONG_TEXT_MAX,
    NAME_MAX,
    SEVERITIES,
    SHORT_TEXT_MAX,
    HazardDetail,
    HazardKind,
)
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker
from widgets.common.time_text import local_time
from widgets.hazards import labels as hl
from widgets.hazards.dialog_parts import (
    buddy,
    dialog_buttons,
    rating_combo,
    risk_text,
    show_risk,
    warn,
)

_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


class HazardDialog(QDialog):
    """Register a new hazard, or edit one (its code stays).

    OK stays disabled until the form is valid; the error line says what is missing.
    Accepting makes one service call; an error from the service keeps the dialog open.

    Signals:
        hazard_saved(str): the hazard's code, after it was written.
    """

    hazard_saved = Signal(str)

    def __init__(self, app: App, hazard: HazardDetail | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hazardDialog")
        self._app = app
        self._hazard = hazard
        # The grids that take hazards, and the hazard's own grid even if it was retired.
        self._grids: dict[str, GridRef] = {
            g.code.upper(): g for g in app.district.grids()
            if not g.retired or (hazard is not None and g.code == hazard.row.grid_code)}
        self.setWindowTitle(self.tr("Register hazard") if hazard is None
                            else self.tr("Edit hazard {code}").format(code=hazard.code))
        self.setMinimumWidth(600)
        self._build()
        self._fill()
        self._connect_signals()
        self._validate()

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _text_box(self, name: str, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(name)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        return box

    def _build(self) -> None:
        self._code = self._line("hazardCode", self.tr("e.g. HZ-0041"))
        self._code.setMaxLength(CODE_MAX)
        self._name = self._line("hazardName", self.tr("e.g. 滨河加油站 · Binhe Petrol Station"))
        self._kind = QComboBox(self)
        self._kind.setObjectName("hazardKind")
        for kind in HazardKind:
            self._kind.addItem(hl.kind_label(kind), kind.value)
        # Found as typed (code, name, pinyin); a retired grid takes no new hazard.
        self._grid = GridPicker(self, name="hazardGrid", find=self._app.district.search_grids)
        self._grid.set_grids(self._grids.values())
        self._grid.setPlaceholderText(self.tr("Type a grid code or name"))
        line = self._grid.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Type a grid code or name"))
        self._location = self._line("hazardLocation", self.tr("Street and number, landmark"))
        self._lon = self._line("hazardLon", self.tr("longitude, e.g. 120.1552"))
        self._lon.setAccessibleName(self.tr("Longitude"))
        self._lat = self._line("hazardLat", self.tr("latitude, e.g. 30.2961"))
        self._lat.setAccessibleName(self.tr("Latitude"))
        self._unit = self._line("hazardUnit", self.tr("Who answers for it"))
        self._contact = self._line("hazardContact", self.tr("Name, role, phone"))
        self._surroundings = self._text_box(
            "hazardSurroundings", self.tr("Schools, hospitals, homes nearby, with distances"))
        self._controls = self._text_box("hazardControls",
                                        self.tr("Measures in place: detectors, barriers, staff"))
        self._likelihood = rating_combo(self, "hazardLikelihood", LIKELIHOODS)
        self._severity = rating_combo(self, "hazardSeverity", SEVERITIES, likelihood=False)
        self._risk = QLabel(self)
        self._risk.setObjectName("hazardRiskPreview")
        self._interval = QSpinBox(self)
        self._interval.setObjectName("hazardInterval")
        self._interval.setRange(INTERVAL_MIN_DAYS, INTERVAL_MAX_DAYS)
        self._interval.setSuffix(self.tr(" days"))
        self._due_hint = QLabel(self)
        self._due_hint.setObjectName("hazardDueHint")
        self._due_hint.setProperty("fieldName", True)
        self._error = QLabel(self)
        self._error.setObjectName("hazardDialogError")
        self._error.setWordWrap(True)
        warn(self._error)
        self._buttons, self._ok = dialog_buttons(
            self, self.tr("Register") if self._hazard is None else self.tr("Save"))

        where = QHBoxLayout()
        where.addWidget(self._lon)
        where.addWidget(self._lat)
        risk = QHBoxLayout()
        risk.addWidget(self._likelihood, 1)
        risk.addWidget(QLabel("×", self))
        risk.addWidget(self._severity, 1)
        risk.addWidget(self._risk, 1)
        interval = QHBoxLayout()
        interval.addWidget(self._interval)
        interval.addWidget(self._due_hint, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("C&ode"), self._code)
        form.addRow(self.tr("&Name"), self._name)
        form.addRow(self.tr("&Kind"), self._kind)
        form.addRow(self.tr("&Grid"), self._grid)
        form.addRow(self.tr("&Location"), self._location)
        form.addRow(buddy(self, self.tr("Coor&dinates"), self._lon), where)
        form.addRow(self.tr("&Responsible unit"), self._unit)
        form.addRow(self.tr("Con&tact"), self._contact)
        form.addRow(self.tr("&Surroundings"), self._surroundings)
        form.addRow(self.tr("Cont&rols"), self._controls)
        form.addRow(buddy(self, self.tr("Likelihood × se&verity"), self._likelihood), risk)
        form.addRow(buddy(self, self.tr("&Inspect every"), self._interval), interval)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)

    def _fill(self) -> None:
        hazard = self._hazard
        if hazard is None:
            self._code.setText(self._app.hazards.suggest_code())
            self._likelihood.setCurrentIndex(2)
            self._severity.setCurrentIndex(2)
            self._interval.setValue(DEFAULT_INTERVAL_DAYS)
            return
        row = hazard.row
        self._code.setText(row.code)
        self._code.setReadOnly(True)
        self._name.setText(row.name)
        self._kind.setCurrentIndex(self._kind.findData(row.kind.value))
        self._grid.setCurrentIndex(self._grid.findData(row.grid_code))
        self._location.setText(row.location)
        self._lon.setText("" if hazard.lon is None else f"{hazard.lon:g}")
        self._lat.setText("" if hazard.lat is None else f"{hazard.lat:g}")
        self._unit.setText(row.responsible_unit)
        self._contact.setText(hazard.contact)
        self._surroundings.setPlainText(hazard.surroundings)
        self._controls.setPlainText(hazard.controls)
        self._likelihood.setCurrentIndex(self._likelihood.findData(row.likelihood))
        self._severity.setCurrentIndex(self._severity.findData(row.severity))
        self._interval.setValue(row.inspection_interval_days)

    def _connect_signals(self) -> None:
        for edit in (self._code, self._name, self._location, self._lon, self._lat,
                     self._unit, self._contact):
            edit.textChanged.connect(self._validate)
        for box in (self._surroundings, self._controls):
            box.textChanged.connect(self._validate)
        self._grid.editTextChanged.connect(self._validate)
        self._grid.currentIndexChanged.connect(self._validate)
        self._likelihood.currentIndexChanged.connect(self._validate)
        self._severity.currentIndexChanged.connect(self._validate)
        self._interval.valueChanged.connect(self._validate)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

    # ---- validation --------------------------------------------------------------------

    def chosen_grid(self) -> GridRef | None:
        return self._grid.chosen_grid()

    def _number(self, edit: QLineEdit) -> float | None:
        text = edit.text().strip()
        try:
            return float(text) if text else None
        except ValueError:
            return float("nan")

    def problem(self) -> str:
        """What is wrong with the form as it stands, or ``""`` when it can be sent."""
        code = self._code.text().strip().upper()
        if not code:
            return self.tr("Enter a code for the hazard.")
        if not set(code) <= _CODE_CHARS:
            return self.tr("The code may only hold letters, digits, “-”, “_” and “.”.")
        if self._hazard is None and self._app.hazards.code_exists(code):
            return self.tr("Hazard code {code} is already registered.").format(code=code)
        name = " ".join(self._name.text().split())
        if not name:
            return self.tr("Enter the name of the hazard.")
        if len(name) > NAME_MAX:
            return self.tr("The name is {n} characters; at most {limit}.").format(
                n=len(name), limit=NAME_MAX)
        grid_problem = self._grid.problem(
            self.tr("Choose the grid cell the hazard is in."),
            self.tr("Unknown grid “{grid}”: choose one from the list."))
        if grid_problem:
            return grid_problem
        lon, lat = self._number(self._lon), self._number(self._lat)
        if lon is not None and not -180 <= lon <= 180:
            return self.tr("The longitude must be a number from -180 to 180.")
        if lat is not None and not -90 <= lat <= 90:
            return self.tr("The latitude must be a number from -90 to 90.")
        if (lon is None) != (lat is None):
            return self.tr("Give both longitude and latitude, or neither.")
        for edit, label in ((self._location, self.tr("location")),
                            (self._unit, self.tr("responsible unit")),
                            (self._contact, self.tr("contact"))):
            if len(edit.text().strip()) > SHORT_TEXT_MAX:
                return self.tr("The {field} is too long: at most {limit} characters.").format(
                    field=label, limit=SHORT_TEXT_MAX)
        for box, label in ((self._surroundings, self.tr("surroundings")),
                           (self._controls, self.tr("controls"))):
            if len(box.toPlainText().strip()) > LONG_TEXT_MAX:
                return self.tr("The {field} are too long: at most {limit} characters.").format(
                    field=label, limit=LONG_TEXT_MAX)
        return ""

    def _validate(self) -> None:
        likelihood = int(self._likelihood.currentData())
        severity = int(self._severity.currentData())
        show_risk(self._risk, self.tr("= {risk}").format(risk=risk_text(likelihood, severity)),
                   likelihood, severity)
        days = self._interval.value()
        if self._hazard is None:
            due = self._app.clock.now() + timedelta(days=days)
            self._due_hint.setText(self.tr("first inspection due {when}").format(
                when=local_time(due)))
        else:
            row = self._hazard.row
            if row.next_inspection_due is None:
                self._due_hint.setText(self.tr("not watched while retired"))
            elif days != row.inspection_interval_days:
                since = row.last_inspected_at or self._hazard.created_at
                self._due_hint.setText(self.tr("next inspection moves to {when}").format(
                    when=local_time(since + timedelta(days=days))))
            else:
                self._due_hint.setText(self.tr("next inspection due {when}").format(
                    when=local_time(row.next_inspection_due)))
        problem = self.problem()
        self._error.setText(problem)
        self._error.setVisible(bool(problem))
        self._ok.setEnabled(not problem)

    # ---- saving ------------------------------------------------------------------------

    def _on_buttons_accepted(self) -> None:
        grid = self.chosen_grid()
        if self.problem() or grid is None:
            return
        fields: dict[str, Any] = {
            "name": self._name.text(), "kind": str(self._kind.currentData()),
            "grid": grid.code, "location": self._location.text(),
            "lon": self._lon.text().strip() or None, "lat": self._lat.text().strip() or None,
            "responsible_unit": self._unit.text(), "contact": self._contact.text(),
            "surroundings": self._surroundings.toPlainText(),
            "controls": self._controls.toPlainText(),
            "likelihood": int(self._likelihood.currentData()),
            "severity": int(self._severity.currentData()),
            "inspection_interval_days": self._interval.value(),
        }
        try:
            if self._hazard is None:
                saved = self._app.hazards.register(self._app.operator,
                                                   code=self._code.text(), **fields)
            else:
                saved = self._app.hazards.update(self._app.operator, self._hazard.code,
                                                 expected_version=self._hazard.version,
                                                 **fields)
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            self._error.setVisible(True)
            return
        self.hazard_saved.emit(saved.code)
        self.accept()
