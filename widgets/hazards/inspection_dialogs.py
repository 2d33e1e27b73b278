"""Hazard dialogs after registration: record an inspection, change a hazard's status."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.errors import WatchroomError
from console.hazards.domain import (
    INSPECTOR_MAX,
    LIKELIHOODS,
    LONG_TEXT_MAX,
    PHOTOS_MAX,
    SEVERITIES,
    HazardDetail,
    HazardStatus,
)
from widgets.common.domain_messages import error_text
from widgets.common.plurals import counted
from widgets.common.time_text import center_editor, from_qt, local_time, to_qt
from widgets.hazards.dialog_parts import (
    buddy,
    dialog_buttons,
    rating_combo,
    risk_text,
    show_risk,
    warn,
)


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
            code=row.code, name=row.name, risk=risk_text(row.likelihood, row.severity),
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
        self._likelihood = rating_combo(self, "inspectionLikelihood", LIKELIHOODS)
        self._likelihood.setCurrentIndex(self._likelihood.findData(row.likelihood))
        self._severity = rating_combo(self, "inspectionSeverity", SEVERITIES,
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
        warn(self._error)
        self._buttons, self._ok = dialog_buttons(self, self.tr("Record inspection"))

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
        form.addRow(buddy(self, self.tr("&Photos"), self._photo_path), photos)
        form.addRow(buddy(self, self.tr("&Reassessment"), self._likelihood), risk)
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
        before = risk_text(row.likelihood, row.severity)
        after = risk_text(likelihood, severity)
        show_risk(self._risk, self.tr("= {risk}").format(risk=after) if before == after
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
        self._buttons, self._ok = dialog_buttons(self, self.tr("OK"))
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
