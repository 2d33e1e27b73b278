"""Form parts the hazard dialogs share: rating combos, buttons, buddies, the risk line."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from console.hazards.domain import (
    assess,
)
from widgets.hazards import labels as hl
from widgets.shell.theme import current_theme


def rating_combo(parent: QWidget, name: str, values: tuple[int, ...],
                  likelihood: bool = True) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for value in values:
        text = hl.likelihood_label(value) if likelihood else hl.severity_label(value)
        combo.addItem(text, value)
    return combo


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("HazardDialogs", "Cancel"))
    return box, ok


def buddy(dialog: QDialog, text: str, field: QWidget) -> QLabel:
    """A form label whose mnemonic moves focus to ``field`` (rows holding a layout get
    no buddy from ``QFormLayout`` and would show the ``&``)."""
    label = QLabel(text, dialog)
    label.setBuddy(field)
    return label


def warn(label: QLabel) -> None:
    """Show ``label`` in the theme's warning colour (the error line of a dialog)."""
    label.setStyleSheet(f"color: {hl.warning_color(current_theme()).name()};")


def show_risk(label: QLabel, text: str, likelihood: int, severity: int) -> None:
    level = assess(likelihood, severity)[1]
    color = hl.level_colors(current_theme())[level].text
    label.setText(text)
    label.setStyleSheet(f"color: {color.name()}; font-weight: bold;")


def risk_text(likelihood: int, severity: int) -> str:
    score, level = assess(likelihood, severity)
    return hl.level_with_score(level, score)
