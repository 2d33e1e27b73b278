"""The New case dialog: report a case, validated as the officer types."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.cases.service import TITLE_MAX
from console.core.domain import Category, GridRef, Severity, Source
from console.core.errors import WatchroomError
from widgets.common import labels
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker


class NewCaseDialog(QDialog):
    """Title, category, severity, grid, source, location, reporter and description.

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
        form.addRow(self.tr("&Grid"), self._grid)
        form.addRow(self.tr("&Source"), self._source)
        form.addRow(self.tr("&Location"), self._location)
        form.addRow(self.tr("&Reporter"), self._reporter)
        form.addRow(self.tr("&Description"), self._description)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        self._title.textChanged.connect(self._validate)
        self._grid.editTextChanged.connect(self._validate)
        self._grid.currentIndexChanged.connect(self._validate)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)

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
