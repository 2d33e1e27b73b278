"""Small dialogs an action on an alert needs: how long to shelve it, the case to open."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.alerts.service import TITLE_MAX, AlertRow
from console.core.domain import Category, GridRef, Severity
from widgets.common import labels
from widgets.common.grid_picker import GridPicker
from widgets.common.time_text import center_editor, from_qt, to_qt

SHELVE_CHOICES = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4))
UNTIL_CHOICE = len(SHELVE_CHOICES)  # the id of "until a time"


class ShelveDialog(QDialog):
    """Choose how long to put an alert aside: 15 min, 1 h, 4 h, or until a time.

    Signals: only those of ``QDialog``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shelveDialog")
        self.setMinimumWidth(380)
        self._prompt = QLabel(self)
        self._prompt.setWordWrap(True)
        self._group = QButtonGroup(self)
        texts = (self.tr("15 minutes"), self.tr("1 hour"), self.tr("4 hours"),
                 self.tr("Until a time:"))
        names = ("shelve15m", "shelve1h", "shelve4h", "shelveUntil")
        self._choices: list[QRadioButton] = []
        for number, (text, name) in enumerate(zip(texts, names, strict=True)):
            button = QRadioButton(text, self)
            button.setObjectName(name)
            self._group.addButton(button, number)
            self._choices.append(button)
        self._until = center_editor(QDateTimeEdit(self))
        self._until.setObjectName("shelveUntilTime")
        self._until.setAccessibleName(self.tr("Shelve until"))
        self._until.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._until.setCalendarPopup(True)
        self._hint = QLabel(self)
        self._hint.setProperty("fieldName", True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button.setText(self.tr("Shelve"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        for button in self._choices:
            layout.addWidget(button)
        layout.addWidget(self._until)
        layout.addWidget(self._hint)
        layout.addWidget(self._buttons)
        self._now = datetime.fromtimestamp(0, UTC)  # prepare() gives the console clock's
        self._group.idToggled.connect(self._on_choice_toggled)
        self._until.dateTimeChanged.connect(self._validate)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def prepare(self, row: AlertRow, now: datetime) -> None:
        """Word the dialog for ``row``; one hour is preselected."""
        self._now = now
        self.setWindowTitle(self.tr("Shelve alert #{id}").format(id=row.id))
        self._prompt.setText(self.tr("Put “{title}” aside; it comes back as new by "
                                     "itself when the time is up.").format(title=row.title))
        self._until.setDateTime(to_qt(now + timedelta(hours=1)))
        self._choices[1].setChecked(True)
        self._on_choice_toggled(1, True)
        self.adjustSize()

    def until(self) -> datetime:
        """The moment the alert comes back (time-zone aware)."""
        choice = self._group.checkedId()
        if 0 <= choice < len(SHELVE_CHOICES):
            return self._now + SHELVE_CHOICES[choice]
        return from_qt(self._until.dateTime())

    def _on_choice_toggled(self, choice: int, checked: bool) -> None:
        if checked:
            self._until.setEnabled(choice == UNTIL_CHOICE)
            self._validate()

    def _validate(self) -> None:
        ok = self.until() > self._now
        self.ok_button.setEnabled(ok)
        self._hint.setText("" if ok else self.tr("Choose a time in the future."))


class PromoteDialog(QDialog):
    """The case an alert becomes: title, category, severity and grid, prefilled from the
    alert and checked as the officer types (OK stays disabled while something is wrong).

    Signals: only those of ``QDialog``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promoteDialog")
        self.setMinimumWidth(480)
        self._prompt = QLabel(self)
        self._prompt.setWordWrap(True)
        self._title = QLineEdit(self)
        self._title.setObjectName("promoteTitle")
        self._category = QComboBox(self)
        self._category.setObjectName("promoteCategory")
        for category in Category:
            self._category.addItem(labels.category_label(category), category.value)
        self._severity = QComboBox(self)
        self._severity.setObjectName("promoteSeverity")
        for severity in Severity:
            self._severity.addItem(labels.severity_label(severity), int(severity))
        self._grid = GridPicker(self, name="promoteGrid", restore_on_leave=True)
        self._error = QLabel(self)
        self._error.setObjectName("promoteError")
        self._error.setWordWrap(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button.setText(self.tr("Open case"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Title"), self._title)
        form.addRow(self.tr("Category"), self._category)
        form.addRow(self.tr("Severity"), self._severity)
        form.addRow(self.tr("Grid"), self._grid)
        layout = QVBoxLayout(self)
        layout.addWidget(self._prompt)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self._title.textChanged.connect(self._validate)
        self._grid.currentIndexChanged.connect(self._validate)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def prepare(self, row: AlertRow, grids: Iterable[GridRef], category: Category,
                severity: Severity, *, title: str | None = None,
                grid_code: str | None = None) -> None:
        """Prefill from ``row``: its title and grid, and the case category and severity
        its CAP category and severity map to; ``title`` and ``grid_code`` when the caller
        knows better (a hazard's inspection alert names its hazard)."""
        self.setWindowTitle(self.tr("Promote alert #{id} to a case").format(id=row.id))
        self._prompt.setText(self.tr("Open a case from this alert. The alert is linked to "
                                     "the case and acknowledged."))
        title = " ".join((title or row.title).split())
        if len(title) > TITLE_MAX:
            title = title[:TITLE_MAX - 1] + "…"
        self._title.setText(title)
        self._category.setCurrentIndex(self._category.findData(category.value))
        self._severity.setCurrentIndex(self._severity.findData(int(severity)))
        self._grid.set_grids(grids, self.tr("— choose the grid —"), "")
        grid_code = grid_code or row.grid_code
        found = self._grid.findData(grid_code) if grid_code else -1
        self._grid.setCurrentIndex(max(0, found))
        self._validate()
        self._title.setFocus()
        self.adjustSize()

    def title(self) -> str:
        return " ".join(self._title.text().split())

    def category(self) -> Category:
        return Category(str(self._category.currentData()))

    def severity(self) -> Severity:
        return Severity(int(self._severity.currentData()))

    def grid_code(self) -> str:
        return str(self._grid.currentData() or "")

    def _validate(self) -> None:
        problem = ""
        if not self.title():
            problem = self.tr("Give the case a title.")
        elif len(self.title()) > TITLE_MAX:
            problem = self.tr("The title is {n} characters; at most {max}.").format(
                n=len(self.title()), max=TITLE_MAX)
        elif not self.grid_code():
            problem = self.tr("The alert's area is in no grid cell: choose the grid.")
        self._error.setText(problem)
        self._error.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)
