"""The case board's strip of stage counts: one button per open stage, Paused, Closed, Overdue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

from console.core.domain import OPEN_STAGES, StageCounts
from widgets.common import labels
from widgets.common.flow_layout import FlowLayout
from widgets.common.panes import set_style_property

PAUSED_KEY = "paused"
CLOSED_KEY = "closed"
OVERDUE_KEY = "overdue"


class StageCountStrip(QWidget):
    """One button per open stage, plus Paused, Closed in the last 24 hours, and Overdue
    (which narrows whatever stage is chosen to breached cases, so it toggles on its own).

    Signals:
        stage_clicked(str): a stage value, ``"paused"`` or ``"closed"``; the button was
            clicked (and is now checked) — or ``""`` when the checked one was clicked
            again to clear it.
        overdue_clicked(bool): the Overdue button was clicked; whether it is now checked.
    """

    stage_clicked = Signal(str)
    overdue_clicked = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageCounts")
        self._buttons: dict[str, QToolButton] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = FlowLayout(self)
        self._overdue = self._button(OVERDUE_KEY)  # first: what needs chasing now
        self._overdue.clicked.connect(self.overdue_clicked)
        layout.addWidget(self._overdue)
        for key in [*(s.value for s in OPEN_STAGES), PAUSED_KEY, CLOSED_KEY]:
            button = self._button(key)
            button.clicked.connect(lambda checked, k=key: self._on_button_clicked(k, checked))
            layout.addWidget(button)
            self._buttons[key] = button
        self.set_counts(None)

    def _button(self, key: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"stageCount_{key}")
        button.setProperty("stripButton", True)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def set_counts(self, counts: StageCounts | None) -> None:
        for stage in OPEN_STAGES:
            n = counts.by_stage.get(stage, 0) if counts else 0
            self._buttons[stage.value].setText(
                self.tr("{stage} {n}").format(stage=labels.stage_label(stage), n=n))
            self._buttons[stage.value].setToolTip(
                self.tr("Show only open cases that are {stage}").format(
                    stage=labels.stage_label(stage).lower()))
        paused = counts.paused if counts else 0
        closed = counts.closed_since if counts else 0
        self._buttons[PAUSED_KEY].setText(self.tr("Paused {n}").format(n=paused))
        self._buttons[PAUSED_KEY].setToolTip(
            self.tr("Show only paused cases (waiting on an outside party)"))
        self._buttons[CLOSED_KEY].setText(self.tr("Closed (24 h) {n}").format(n=closed))
        self._buttons[CLOSED_KEY].setToolTip(
            self.tr("Show the history of closed cases, newest first"))
        overdue = counts.overdue if counts else 0
        self._overdue.setText(self.tr("Overdue {n}").format(n=overdue))
        self._overdue.setToolTip(
            self.tr("Show only open cases past a deadline (breached, level 2 or 3)"))
        set_style_property(self._overdue, "alarm", overdue > 0)

    def set_overdue_checked(self, checked: bool) -> None:
        """Check the Overdue button or not, without emitting."""
        self._overdue.setChecked(checked)

    def set_checked(self, key: str) -> None:
        """Check the button for ``key`` (or none, for ``""``) without emitting."""
        for k, button in self._buttons.items():
            button.setChecked(k == key)

    def _on_button_clicked(self, key: str, checked: bool) -> None:
        self.set_checked(key if checked else "")
        self.stage_clicked.emit(key if checked else "")
