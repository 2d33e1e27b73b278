"""Hazard dialogs: register or edit, record an inspection, change status; validated as typed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
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
    INSPECTOR_MAX,
    INTERVAL_MAX_DAYS,
    INTERVAL_MIN_DAYS,
    LIKELIHOODS,
    LONG_TEXT_MAX,
    NAME_MAX,
    PHOTOS_MAX,
    SEVERITIES,
    SHORT_TEXT_MAX,
    HazardDetail,
    HazardKind,
    HazardStatus,
    assess,
)
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker
from widgets.common.plurals import counted
from widgets.common.time_text import center_editor, from_qt, local_time, to_qt
from widgets.hazards import labels as hl
from widgets.shell.theme import current_theme

_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _rating_combo(parent: QWidget, name: str, values: tuple[int, ...],
                  likelihood: bool = True) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for value in values:
        text = hl.likelihood_label(value) if likelihood else hl.severity_label(value)
        combo.addItem(text, value)
    return combo


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("HazardDialogs", "Cancel"))
    return box, ok


def _buddy(dialog: QDialog, text: str, field: QWidget) -> QLabel:
    """A form label whose mnemonic moves focus to ``field`` (rows holding a layout get
    no buddy from ``QFormLayout`` and would show the ``&``)."""
    label = QLabel(text, dialog)
    label.setBuddy(field)
    return label


def _warn(label: QLabel) -> None:
    """Show ``label`` in the theme's warning colour (the error line of a dialog)."""
    label.setStyleSheet(f"color: {hl.warning_color(current_theme()).name()};")


def _show_risk(label: QLabel, text: str, likelihood: int, severity: int) -> None:
    level = assess(likelihood, severity)[1]
    color = hl.level_colors(current_theme())[level].text
    label.setText(text)
    label.setStyleSheet(f"color: {color.name()}; font-weight: bold;")


def _risk_text(likelihood: int, severity: int) -> str:
    score, level = assess(likelihood, severity)
    return hl.level_with_score(level, score)


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
        self._likelihood = _rating_combo(self, "hazardLikelihood", LIKELIHOODS)
        self._severity = _rating_combo(self, "hazardSeverity", SEVERITIES, likelihood=False)
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
        _warn(self._error)
        self._buttons, self._ok = _buttons(
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
        form.addRow(_buddy(self, self.tr("Coor&dinates"), self._lon), where)
        form.addRow(self.tr("&Responsible unit"), self._unit)
        form.addRow(self.tr("Con&tact"), self._contact)
        form.addRow(self.tr("&Surroundings"), self._surroundings)
        form.addRow(self.tr("Cont&rols"), self._controls)
        form.addRow(_buddy(self, self.tr("Likelihood × se&verity"), self._likelihood), risk)
        form.addRow(_buddy(self, self.tr("&Inspect every"), self._interval), interval)
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
        grid_text = self._grid.currentText().strip()
        if not grid_text:
            return self.tr("Choose the grid cell the hazard is in.")
        if self.chosen_grid() is None:
            return self.tr("Unknown grid “{grid}”: choose one from the list.").format(
                grid=grid_text)
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
        _show_risk(self._risk, self.tr("= {risk}").format(risk=_risk_text(likelihood, severity)),
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


class InspectionDialog(QDialog):
    """Record an inspection of one hazard: who, when, what was found, photos, and the
    reassessed likelihood and severity (prefilled with the current ones).

    Signals:
        inspection_recorded(str): the hazard's code, after the inspection was written.
    """

    inspection_recorded = Signal(str)

    def __init__(self, app: App, hazard: HazardDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionDialog")
        self.setWindowTitle(self.tr("Record inspection — {code}").format(code=hazard.code))
        self.setMinimumWidth(560)
        self._app = app
        self._hazard = hazard
        self._opened_at = app.clock.now()
        self._build()
        self._connect_signals()
        self._validate()

    def _build(self) -> None:
        row = self._hazard.row
        heading = QLabel(counted(self.tr("{code} {name}\nnow {risk}, inspected every {n} day(s)"),
                                 row.inspection_interval_days).format(
            code=row.code, name=row.name, risk=_risk_text(row.likelihood, row.severity),
            n=row.inspection_interval_days), self)
        heading.setObjectName("inspectionHeading")
        heading.setWordWrap(True)
        self._inspector = QLineEdit(self)
        self._inspector.setObjectName("inspectionInspector")
        self._inspector.setPlaceholderText(self.tr("Who inspected: name and unit"))
        self._inspector.setMaxLength(INSPECTOR_MAX)
        self._when = center_editor(QDateTimeEdit(self))
        self._when.setObjectName("inspectionAt")
        self._when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._when.setCalendarPopup(True)
        now = to_qt(self._opened_at)
        self._when.setMaximumDateTime(now)
        self._when.setDateTime(now)
        self._findings = QPlainTextEdit(self)
        self._findings.setObjectName("inspectionFindings")
        self._findings.setPlaceholderText(self.tr("What was found and what was ordered"))
        self._findings.setTabChangesFocus(True)
        self._findings.setMinimumHeight(90)
        self._photos = QListWidget(self)
        self._photos.setObjectName("inspectionPhotos")
        self._photos.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self._photo_path = QLineEdit(self)
        self._photo_path.setObjectName("inspectionPhotoPath")
        self._photo_path.setPlaceholderText(self.tr("Paste a photo's file path"))
        self._add_photo = QPushButton(self.tr("Add"), self)
        self._add_photo.setObjectName("inspectionAddPhoto")
        self._browse = QPushButton(self.tr("Browse…"), self)
        self._browse.setObjectName("inspectionBrowsePhotos")
        self._remove_photo = QPushButton(self.tr("Remove"), self)
        self._remove_photo.setObjectName("inspectionRemovePhoto")
        self._likelihood = _rating_combo(self, "inspectionLikelihood", LIKELIHOODS)
        self._likelihood.setCurrentIndex(self._likelihood.findData(row.likelihood))
        self._severity = _rating_combo(self, "inspectionSeverity", SEVERITIES,
                                       likelihood=False)
        self._severity.setCurrentIndex(self._severity.findData(row.severity))
        self._risk = QLabel(self)
        self._risk.setObjectName("inspectionRiskPreview")
        self._due_hint = QLabel(self)
        self._due_hint.setObjectName("inspectionDueHint")
        self._due_hint.setProperty("fieldName", True)
        self._error = QLabel(self)
        self._error.setObjectName("inspectionDialogError")
        self._error.setWordWrap(True)
        _warn(self._error)
        self._buttons, self._ok = _buttons(self, self.tr("Record inspection"))

        photo_row = QHBoxLayout()
        photo_row.addWidget(self._photo_path, 1)
        photo_row.addWidget(self._add_photo)
        photo_row.addWidget(self._browse)
        photo_row.addWidget(self._remove_photo)
        photos = QVBoxLayout()
        photos.addWidget(self._photos)
        photos.addLayout(photo_row)
        risk = QHBoxLayout()
        risk.addWidget(self._likelihood, 1)
        risk.addWidget(QLabel("×", self))
        risk.addWidget(self._severity, 1)
        risk.addWidget(self._risk, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Inspector"), self._inspector)
        form.addRow(self.tr("Inspected &at"), self._when)
        form.addRow(self.tr("&Findings"), self._findings)
        form.addRow(_buddy(self, self.tr("&Photos"), self._photo_path), photos)
        form.addRow(_buddy(self, self.tr("&Reassessment"), self._likelihood), risk)
        form.addRow("", self._due_hint)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        self._inspector.textChanged.connect(self._validate)
        self._findings.textChanged.connect(self._validate)
        self._when.dateTimeChanged.connect(self._validate)
        self._likelihood.currentIndexChanged.connect(self._validate)
        self._severity.currentIndexChanged.connect(self._validate)
        # Enter in the path field adds the photo; it must not send the whole dialog.
        self._photo_path.installEventFilter(self)
        self._photo_path.textChanged.connect(self._on_photo_path_text_changed)
        self._add_photo.clicked.connect(self._on_add_photo_clicked)
        self._browse.clicked.connect(self._on_browse_clicked)
        self._remove_photo.clicked.connect(self._on_remove_photo_clicked)
        self._photos.itemSelectionChanged.connect(self._on_photos_selection_changed)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self._on_photo_path_text_changed("")
        self._on_photos_selection_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._photo_path and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if self._photo_path.text().strip():
                self._on_add_photo_clicked()
            return True
        return super().eventFilter(watched, event)

    def photos(self) -> list[str]:
        return [self._photos.item(i).text() for i in range(self._photos.count())]

    def add_photos(self, paths: list[str]) -> None:
        """Add photo paths (skipping blanks and repeats), up to the limit."""
        held = set(self.photos())
        for path in paths:
            path = path.strip()
            if path and path not in held and self._photos.count() < PHOTOS_MAX:
                self._photos.addItem(path)
                held.add(path)
        self._validate()

    def inspected_at(self) -> datetime:
        return from_qt(self._when.dateTime())

    def problem(self) -> str:
        inspector = " ".join(self._inspector.text().split())
        if not inspector:
            return self.tr("Enter who inspected the hazard.")
        if len(self._findings.toPlainText().strip()) > LONG_TEXT_MAX:
            return self.tr("The findings are too long: at most {limit} characters.").format(
                limit=LONG_TEXT_MAX)
        return ""

    def _validate(self) -> None:
        row = self._hazard.row
        likelihood = int(self._likelihood.currentData())
        severity = int(self._severity.currentData())
        before = _risk_text(row.likelihood, row.severity)
        after = _risk_text(likelihood, severity)
        _show_risk(self._risk, self.tr("= {risk}").format(risk=after) if before == after
                   else self.tr("{before} → {after}").format(before=before, after=after),
                   likelihood, severity)
        when = self.inspected_at()
        if row.last_inspected_at is not None and when < row.last_inspected_at:
            self._due_hint.setText(self.tr(
                "Older than the last inspection ({last}): kept in the history only.").format(
                    last=local_time(row.last_inspected_at)))
        else:
            due = when + timedelta(days=row.inspection_interval_days)
            self._due_hint.setText(self.tr("The next inspection will be due {when}.").format(
                when=local_time(due)))
        problem = self.problem()
        self._error.setText(problem)
        self._error.setVisible(bool(problem))
        self._ok.setEnabled(not problem)

    def _on_photo_path_text_changed(self, text: str) -> None:
        self._add_photo.setEnabled(bool(text.strip()))

    def _on_photos_selection_changed(self) -> None:
        self._remove_photo.setEnabled(bool(self._photos.selectedItems()))

    def _on_add_photo_clicked(self) -> None:
        self.add_photos([self._photo_path.text()])
        self._photo_path.clear()

    def _on_browse_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Photos of the inspection"), str(Path.home()),
            self.tr("Images (*.jpg *.jpeg *.png *.heic *.webp);;All files (*)"))
        self.add_photos(paths)

    def _on_remove_photo_clicked(self) -> None:
        for item in self._photos.selectedItems():
            self._photos.takeItem(self._photos.row(item))
        self._validate()

    def _on_buttons_accepted(self) -> None:
        if self.problem():
            return
        try:
            saved = self._app.hazards.record_inspection(
                self._app.operator, self._hazard.code, inspector=self._inspector.text(),
                findings=self._findings.toPlainText(), photos=self.photos(),
                likelihood=int(self._likelihood.currentData()),
                severity=int(self._severity.currentData()), inspected_at=self.inspected_at(),
                expected_version=self._hazard.version)
        except WatchroomError as exc:
            self._error.setText(error_text(exc))
            self._error.setVisible(True)
            return
        self.inspection_recorded.emit(saved.code)
        self.accept()


class HazardStatusDialog(QDialog):
    """Confirm a status change (mark mitigated, retire, make active) with a note; the
    note is required to retire, since retiring stops the inspection clock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hazardStatusDialog")
        self.setMinimumWidth(460)
        self._target = HazardStatus.RETIRED
        self._explain = QLabel(self)
        self._explain.setObjectName("hazardStatusExplain")
        self._explain.setWordWrap(True)
        self._note = QPlainTextEdit(self)
        self._note.setObjectName("hazardStatusNote")
        self._note.setAccessibleName(self.tr("Reason or note"))
        self._note.setTabChangesFocus(True)
        self._note.setMinimumHeight(70)
        self._buttons, self._ok = _buttons(self, self.tr("OK"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._explain)
        layout.addWidget(self._note)
        layout.addWidget(self._buttons)
        self._note.textChanged.connect(self._validate)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    @property
    def target(self) -> HazardStatus:
        return self._target

    def prepare(self, hazard: HazardDetail, target: HazardStatus) -> None:
        self._target = target
        code = hazard.code
        texts = {
            HazardStatus.MITIGATED: (
                self.tr("Mark {code} mitigated").format(code=code),
                self.tr("The controls have brought the risk down. Inspections stay due as "
                        "before, to see that the controls hold."),
                self.tr("Mark mitigated")),
            HazardStatus.RETIRED: (
                self.tr("Retire {code}").format(code=code),
                self.tr("The hazard no longer exists (works finished, site closed). Its "
                        "inspection clock stops. Say why:"),
                self.tr("Retire")),
            HazardStatus.ACTIVE: (
                self.tr("Make {code} active").format(code=code),
                self.tr("The hazard is active again. A retired hazard starts a fresh "
                        "inspection cycle from now."),
                self.tr("Make active")),
        }
        title, explain, ok = texts[target]
        self.setWindowTitle(title)
        self._explain.setText(explain)
        self._ok.setText(ok)
        self._note.clear()
        self._note.setPlaceholderText(
            self.tr("Reason (required)") if target is HazardStatus.RETIRED
            else self.tr("Note (optional)"))
        self._validate()

    def note(self) -> str:
        return self._note.toPlainText().strip()

    def _validate(self) -> None:
        self._ok.setEnabled(self._target is not HazardStatus.RETIRED or bool(self.note()))
