"""Dark and light themes: palette, style sheet, and the severity and escalation colours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from console.domain import Severity

THEMES_DIR = Path(__file__).resolve().parent.parent / "resources" / "themes"
SETTINGS_KEY = "theme"
_APP_PROPERTY = "watchroomTheme"


class Theme(StrEnum):
    DARK = "dark"  # the default: control rooms are dim
    LIGHT = "light"


@dataclass(frozen=True, slots=True)
class ThemeColors:
    """The handful of colours a theme is made of (the QSS file repeats them)."""

    window: str
    base: str
    alternate: str
    text: str
    dim_text: str
    button: str
    accent: str
    selection: str
    selected_text: str
    disabled_text: str
    severity: dict[Severity, str]
    # Row tints by escalation level: 1 warning (amber), 2 breached (red), 3 breached for
    # long (magenta). Soft enough to read every text colour on, for a whole night shift.
    escalation: dict[int, str]


_COLORS: dict[Theme, ThemeColors] = {
    Theme.DARK: ThemeColors(
        window="#1d2025", base="#22262c", alternate="#272c33", text="#d7dce2",
        dim_text="#9aa4af", button="#2b3038", accent="#5aa9e6", selection="#2d5478",
        selected_text="#eef2f6", disabled_text="#69727d",
        severity={
            Severity.CRITICAL: "#ff6b6b",  # red
            Severity.HIGH: "#ffa24c",  # orange
            Severity.MEDIUM: "#e8c95a",  # amber
            Severity.LOW: "#93a9c4",  # grey-blue
        },
        escalation={1: "#383019", 2: "#4a2428", 3: "#44213b"},
    ),
    Theme.LIGHT: ThemeColors(
        window="#e9ecf0", base="#f7f8fa", alternate="#eef1f5", text="#1f2933",
        dim_text="#56616d", button="#e1e5ea", accent="#1f6fb2", selection="#bcd7f0",
        selected_text="#0f1f2d", disabled_text="#98a1ab",
        severity={
            Severity.CRITICAL: "#c0262d",
            Severity.HIGH: "#a34a00",
            Severity.MEDIUM: "#7a5d00",
            Severity.LOW: "#4b6584",
        },
        escalation={1: "#f7e8b8", 2: "#f9dcdc", 3: "#f0dcf4"},
    ),
}


def colors(theme: Theme) -> ThemeColors:
    return _COLORS[theme]


def severity_colors(theme: Theme) -> dict[Severity, QColor]:
    """Text colours for severities, readable on that theme's background."""
    return {sev: QColor(value) for sev, value in _COLORS[theme].severity.items()}


def escalation_colors(theme: Theme) -> dict[int, QColor]:
    """Row tints by escalation level (1 to 3) for that theme."""
    return {level: QColor(value) for level, value in _COLORS[theme].escalation.items()}


def saved_theme(settings: QSettings) -> Theme:
    """The theme stored in ``settings``; dark when none (or an unknown one) is."""
    value = settings.value(SETTINGS_KEY, Theme.DARK.value)
    try:
        return Theme(str(value))
    except ValueError:
        return Theme.DARK


def save_theme(settings: QSettings, theme: Theme) -> None:
    settings.setValue(SETTINGS_KEY, theme.value)


def current_theme() -> Theme:
    """The theme last applied to this application (dark before any is)."""
    app = QApplication.instance()
    value = app.property(_APP_PROPERTY) if app is not None else None
    return Theme(value) if value in {t.value for t in Theme} else Theme.DARK


def _palette(c: ThemeColors) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base,
        QPalette.ColorRole.AlternateBase: c.alternate,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.PlaceholderText: c.dim_text,
        QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.ToolTipBase: c.button,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.Highlight: c.selection,
        QPalette.ColorRole.HighlightedText: c.selected_text,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.BrightText: c.severity[Severity.CRITICAL],
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.disabled_text))
    return pal


def _severity_rules(c: ThemeColors) -> str:
    """QSS for widgets that show a severity: ``QLabel[severity="1"]`` and so on."""
    return "\n".join(
        f'QLabel[severity="{int(sev)}"] {{ color: {value}; font-weight: bold; }}'
        for sev, value in c.severity.items()
    )


def style_sheet(theme: Theme) -> str:
    """The theme's QSS file plus the severity rules generated from the same colours."""
    text = (THEMES_DIR / f"{theme.value}.qss").read_text(encoding="utf-8")
    return f"{text}\n{_severity_rules(_COLORS[theme])}\n"


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Switch the whole application to ``theme`` (at start or at runtime). Asking for
    the theme already applied does nothing: setting a style sheet again re-polishes
    every widget, which costs the window a fifth of a second at start."""
    sheet = style_sheet(theme)
    if (app.property(_APP_PROPERTY) == theme.value and app.styleSheet() == sheet
            and app.style().name().lower() == "fusion"):
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(_palette(_COLORS[theme]))
    app.setStyleSheet(sheet)
    app.setProperty(_APP_PROPERTY, theme.value)
