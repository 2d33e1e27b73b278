"""The incident dialogs: declare, a reason or note, a report to sign, close with the
review, reassign a task, the figures. Each makes one service call and shows the
service's refusal inline."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.errors import WatchroomError
from console.incidents.domain import FIGURES, LEVELS, REPORT_KINDS, IncidentDetail, IncidentKind
from console.incidents.report_text import report_text
from widgets.common.domain_messages import error_text
from widgets.common.grid_picker import GridPicker
from widgets.common.panes import show_message
from widgets.common.time_text import center_editor, center_zone, from_qt, to_qt
from widgets.incidents import labels as il
from widgets.shell.i18n import current_language


def _buttons(dialog: QDialog, name: str, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    box.setObjectName(f"{name}Buttons")
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(f"{name}Ok")
    ok.setAccessibleName(ok_text)
    ok.setDefault(True)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName(f"{name}Cancel")
    cancel.setAccessibleName(cancel.text())
    box.rejected.connect(dialog.reject)
    return box, ok


def _message(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def level_icon(level: int) -> QIcon:
    """A square of the level's colour, for combos and the header."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(LEVELS[level].colour))
    return QIcon(pixmap)


def fill_levels(combo: QComboBox) -> None:
    for number in LEVELS:
        combo.addItem(level_icon(number),
                      f"{il.level_label(number)} · {il.level_meaning(number)}"
                      if not il.chinese() else il.level_label(number), number)


class IncidentDeclareDialog(QDialog):
    """Declare an incident: title, type, level, affected grids, when it happened, drill,
    plan and a first note. Coordinators and administrators only (the service checks).

    Signals:
        declared(str): the reference of the incident just declared.
    """

    declared = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDeclareDialog")
        self.setWindowTitle(self.tr("Declare an incident"))
        self._app = app
        self._plans = app.incidents.plans()
        self._title = QLineEdit(self)
        self._title.setObjectName("incidentTitle")
        self._title.setAccessibleName(self.tr("Title"))
        self._title.setPlaceholderText(self.tr("What happened, where: e.g. Underpass flooded"))
        self._kind = QComboBox(self)
        self._kind.setObjectName("incidentKind")
        self._kind.setAccessibleName(self.tr("Type"))
        for kind in IncidentKind:
            self._kind.addItem(il.kind_label(kind), kind.value)
        self._level = QComboBox(self)
        self._level.setObjectName("incidentLevel")
        self._level.setAccessibleName(self.tr("Response level"))
        fill_levels(self._level)
        self._level.setCurrentIndex(self._level.findData(4))
        self._grid = GridPicker(self, name="incidentGridPicker",
                                find=app.district.search_grids)
        self._grid.setAccessibleName(self.tr("Grid to add"))
        self._grid.set_grids(app.district.active_grids())
        self._grid.setPlaceholderText(self.tr("Type a grid code or name"))
        self._grid.setCurrentIndex(-1)
        self._add_grid = QPushButton(self.tr("Add grid"), self)
        self._add_grid.setObjectName("incidentAddGrid")
        self._add_grid.setAccessibleName(self.tr("Add grid"))
        self._grids = QListWidget(self)
        self._grids.setObjectName("incidentGrids")
        self._grids.setAccessibleName(self.tr("Affected grids"))
        self._grids.setMaximumHeight(90)
        self._remove_grid = QPushButton(self.tr("Remove"), self)
        self._remove_grid.setObjectName("incidentRemoveGrid")
        self._remove_grid.setAccessibleName(self.tr("Remove the selected grid"))
        self._occurred = center_editor(QDateTimeEdit(self))
        self._occurred.setObjectName("incidentOccurredAt")
        self._occurred.setAccessibleName(self.tr("Occurred at"))
        self._occurred.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._occurred.setCalendarPopup(True)
        now = to_qt(app.clock.now())
        self._occurred.setMaximumDateTime(now)
        self._occurred.setDateTime(now)
        self._drill = QCheckBox(self.tr("Drill (演练): marked on every screen, kept out of the "
                                        "KPIs"), self)
        self._drill.setObjectName("incidentDrill")
        self._drill.setAccessibleName(self.tr("Drill"))
        self._plan = QComboBox(self)
        self._plan.setObjectName("incidentPlan")
        self._plan.setAccessibleName(self.tr("Response plan"))
        self._text = QPlainTextEdit(self)
        self._text.setObjectName("incidentText")
        self._text.setAccessibleName(self.tr("First log entry"))
        self._text.setPlaceholderText(self.tr("What is known so far (optional)"))
        self._text.setTabChangesFocus(True)
        self._text.setMaximumHeight(80)
        self._message = _message(self, "incidentDeclareMessage")
        box, self._ok = _buttons(self, "incidentDeclare", self.tr("Declare"))
        grid_row = QHBoxLayout()
        grid_row.addWidget(self._grid, 1)
        grid_row.addWidget(self._add_grid)
        grid_list = QHBoxLayout()
        grid_list.addWidget(self._grids, 1)
        grid_list.addWidget(self._remove_grid, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(self.tr("&Title"), self._title)
        form.addRow(self.tr("T&ype"), self._kind)
        form.addRow(self.tr("&Level"), self._level)
        form.addRow(self.tr("&Grids"), grid_row)
        form.addRow("", grid_list)
        form.addRow(self.tr("&Occurred at"), self._occurred)
        form.addRow(self.tr("&Plan"), self._plan)
        form.addRow("", self._drill)
        form.addRow(self.tr("&Note"), self._text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._message)
        layout.addWidget(box)
        self.resize(560, 0)
        self._fill_plans()
        self._kind.currentIndexChanged.connect(self._fill_plans)
        self._add_grid.clicked.connect(self._on_add_grid)
        self._remove_grid.clicked.connect(self._on_remove_grid)
        self._ok.clicked.connect(self._on_ok)

    @property
    def grid_codes(self) -> list[str]:
        return [str(self._grids.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self._grids.count())]

    def _fill_plans(self) -> None:
        kind = self._kind.currentData()
        self._plan.clear()
        self._plan.addItem(self.tr("The type's plans, by level (default)"), None)
        for plan in self._plans:
            if plan.kind.value == kind:
                name = (plan.name_zh or plan.name) if il.chinese() else plan.name
                self._plan.addItem(f"{plan.code} · {name}", plan.code)
        self._plan.setEnabled(self._plan.count() > 1)

    def _on_add_grid(self) -> bool:
        grid = self._grid.chosen_grid()
        if grid is None:
            problem = self._grid.problem(self.tr("Type a grid to add."),
                                         self.tr("No grid {grid}."))
            if problem:
                show_message(self._message, problem)
            return False
        if grid.code not in self.grid_codes:
            item = QListWidgetItem(self._grid.itemText(self._grid.findData(grid.code)))
            item.setData(Qt.ItemDataRole.UserRole, grid.code)
            self._grids.addItem(item)
        self._grid.setCurrentIndex(-1)
        self._grid.setEditText("")
        self._message.hide()
        return True

    def _on_remove_grid(self) -> None:
        for item in self._grids.selectedItems():
            self._grids.takeItem(self._grids.row(item))

    def _on_ok(self) -> None:
        if self._grid.currentText().strip() and not self._on_add_grid():
            return
        try:
            detail = self._app.incidents.declare(
                self._app.operator, title=self._title.text(),
                kind=str(self._kind.currentData()), level=int(self._level.currentData()),
                grids=self.grid_codes, drill=self._drill.isChecked(),
                occurred_at=from_qt(self._occurred.dateTime()),
                plan=self._plan.currentData(), text=self._text.toPlainText().strip())
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.declared.emit(detail.row.reference)
        self.accept()


class TextDialog(QDialog):
    """One text to give (a reason, a note): ``name`` + ``Text`` / ``Ok``. ``act`` makes the
    service call with the text; its refusal is shown and the dialog stays."""

    def __init__(self, parent: QWidget | None, name: str, title: str, prompt: str,
                 ok_text: str, act: Callable[[str], object], *, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self._act = act
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self._text = QPlainTextEdit(self)
        self._text.setObjectName(f"{name}Text")
        self._text.setAccessibleName(prompt)
        self._text.setTabChangesFocus(True)
        self._text.setPlainText(text)
        self._message = _message(self, f"{name}Message")
        box, ok = _buttons(self, name, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._message)
        layout.addWidget(box)
        self.resize(480, 240)
        ok.clicked.connect(self._on_ok)

    def _on_ok(self) -> None:
        try:
            self._act(self._text.toPlainText().strip())
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.accept()


class ReportDialog(QDialog):
    """A report upward: the kind, and its text generated from the incident's data for
    the coordinator to edit; signing records it as sent (``record_report``)."""

    def __init__(self, app: App, detail: IncidentDetail, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentReportDialog")
        self.setWindowTitle(self.tr("Report upward · {reference}").format(
            reference=detail.row.reference))
        self._app = app
        self._detail = detail
        self._kind = QComboBox(self)
        self._kind.setObjectName("incidentReportKind")
        self._kind.setAccessibleName(self.tr("Report"))
        for value in REPORT_KINDS:
            self._kind.addItem(il.report_label(value), value)
        self._kind.setCurrentIndex(max(0, self._kind.findData(kind)))
        self._text = QPlainTextEdit(self)
        self._text.setObjectName("incidentReportText")
        self._text.setAccessibleName(self.tr("Report text"))
        self._text.setTabChangesFocus(True)
        hint = QLabel(self.tr("Generated from the incident's data: check it, add what the "
                              "data does not say, then sign. Signing marks it sent now."),
                      self)
        hint.setWordWrap(True)
        self._message = _message(self, "incidentReportMessage")
        box, ok = _buttons(self, "incidentReport", self.tr("Sign and send"))
        form = QFormLayout()
        form.addRow(self.tr("&Report"), self._kind)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._message)
        layout.addWidget(box)
        self.resize(680, 560)
        self._generate()
        self._kind.currentIndexChanged.connect(self._generate)
        ok.clicked.connect(self._on_ok)

    @property
    def kind(self) -> str:
        return str(self._kind.currentData())

    def _generate(self) -> None:
        self._text.setPlainText(report_text(self._detail, self.kind, current_language(),
                                            zone=center_zone(), now=self._app.clock.now()))

    def _on_ok(self) -> None:
        try:
            self._app.incidents.record_report(self._app.operator, self._detail.row.reference,
                                              self.kind, {"text": self._text.toPlainText()})
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.accept()


class CloseIncidentDialog(QDialog):
    """Close: the summary and the after-action notes (what to change in the plan)."""

    def __init__(self, app: App, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentCloseDialog")
        self.setWindowTitle(self.tr("Close {reference}").format(reference=reference))
        self._app = app
        self._reference = reference
        self._summary = QPlainTextEdit(self)
        self._summary.setObjectName("incidentCloseSummary")
        self._summary.setAccessibleName(self.tr("Summary"))
        self._summary.setTabChangesFocus(True)
        self._summary.setPlaceholderText(self.tr("What happened and how it ended"))
        self._review = QPlainTextEdit(self)
        self._review.setObjectName("incidentCloseReview")
        self._review.setAccessibleName(self.tr("After-action review"))
        self._review.setTabChangesFocus(True)
        self._review.setPlaceholderText(self.tr("What went well, what to change in the plan"))
        self._message = _message(self, "incidentCloseMessage")
        box, ok = _buttons(self, "incidentClose", self.tr("Close the incident"))
        form = QFormLayout()
        form.addRow(self.tr("&Summary"), self._summary)
        form.addRow(self.tr("&Review"), self._review)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self._message)
        layout.addWidget(box)
        self.resize(560, 380)
        ok.clicked.connect(self._on_ok)

    def _on_ok(self) -> None:
        try:
            self._app.incidents.close(self._app.operator, self._reference,
                                      self._summary.toPlainText().strip(),
                                      self._review.toPlainText().strip())
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.accept()


class ReassignDialog(QDialog):
    """Give a task to a role or a team."""

    def __init__(self, app: App, reference: str, task: str, teams: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentReassignDialog")
        self.setWindowTitle(self.tr("Reassign {task}").format(task=task))
        self._app = app
        self._reference = reference
        self._task = task
        self._owner = QComboBox(self)
        self._owner.setObjectName("incidentReassignOwner")
        self._owner.setAccessibleName(self.tr("New owner"))
        for role in ("coordinator", "duty_officer", "supervisor"):
            self._owner.addItem(il.owner_label(role), ("role", role))
        for team in teams:
            self._owner.addItem(team, ("team", team))
        self._message = _message(self, "incidentReassignMessage")
        box, ok = _buttons(self, "incidentReassign", self.tr("Reassign"))
        form = QFormLayout()
        form.addRow(self.tr("&Owner"), self._owner)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._message)
        layout.addWidget(box)
        ok.clicked.connect(self._on_ok)

    def _on_ok(self) -> None:
        what, value = self._owner.currentData()
        try:
            if what == "team":
                self._app.incidents.reassign_task(self._app.operator, self._reference,
                                                  self._task, team=value)
            else:
                self._app.incidents.reassign_task(self._app.operator, self._reference,
                                                  self._task, role=value)
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.accept()


class FiguresDialog(QDialog):
    """The casualty and impact figures the reports carry."""

    def __init__(self, app: App, detail: IncidentDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentFiguresDialog")
        self.setWindowTitle(self.tr("Figures · {reference}").format(
            reference=detail.row.reference))
        self._app = app
        self._reference = detail.row.reference
        self._spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for name in FIGURES:
            spin = QSpinBox(self)
            spin.setObjectName(f"incidentFigure_{name}")
            spin.setAccessibleName(il.figure_label(name))
            spin.setRange(0, 10_000_000)
            spin.setValue(int(detail.figures.get(name, 0)))
            form.addRow(il.figure_label(name), spin)
            self._spins[name] = spin
        self._message = _message(self, "incidentFiguresMessage")
        box, ok = _buttons(self, "incidentFigures", self.tr("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._message)
        layout.addWidget(box)
        ok.clicked.connect(self._on_ok)

    def _on_ok(self) -> None:
        try:
            self._app.incidents.set_figures(self._app.operator, self._reference,
                                            {n: s.value() for n, s in self._spins.items()})
        except WatchroomError as exc:
            show_message(self._message, error_text(exc))
            return
        self.accept()
