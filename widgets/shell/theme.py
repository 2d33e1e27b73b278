"""Dark and light themes: palette, style sheet, and the severity and escalation colours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

from console.core.domain import Severity

THEMES_DIR = Path(__file__).resolve().parents[2] / "resources" / "themes"
# The QSS files give font sizes for a system font of NOMINAL_SYSTEM_PT; every ``Npt`` in
# them is scaled by the real system font size, so the console follows the desktop's font
# setting (and a 4K wall display's larger one). A little larger than the desktop's: it is
# read from a step away, for hours.
NOMINAL_SYSTEM_PT = 9.0
BASE_PT = 10.5
_FONT_SIZE = re.compile(r"font-size:\s*([0-9.]+)pt")
# Families tried, in order, for characters the interface font lacks: Chinese never shows
# as empty boxes where any of these is installed (Linux: fonts-noto-cjk; Windows: YaHei;
# macOS: PingFang).
CJK_FALLBACK = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
                "Hiragino Sans GB", "Noto Sans CJK JP")
SETTINGS_KEY = "theme"
_APP_PROPERTY = "watchroomTheme"
_TYPE_PROPERTY = "watchroomTypeScale"
# The object name of the application's style once it is the console's: ``ConsoleStyle``,
# or the style-sheet style Qt wraps it in once a sheet is set (``app.style()`` then
# returns that wrapper, which is no ``ConsoleStyle`` to ``isinstance``).
_STYLE_NAME = "watchroomConsoleStyle"
# The control-room layout's type: a quarter larger, read from a desk two metres away.
LARGE_TYPE = 1.25


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


def system_point_size() -> float:
    """The desktop's general font size, in points."""
    size = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return size if size > 0 else NOMINAL_SYSTEM_PT


def font_scale() -> float:
    """How much larger than nominal the desktop's font is (1.0 at 9 pt, 2.0 at 18 pt)."""
    return max(system_point_size(), 6.0) / NOMINAL_SYSTEM_PT


def scaled_pt(nominal: float) -> float:
    """A font size given for the nominal desktop font, for this desktop's font (and the
    large type of a control-room wall, when it is on)."""
    return round(nominal * font_scale() * _type_scale(), 1)


def _type_scale() -> float:
    app = QApplication.instance()
    value = app.property(_TYPE_PROPERTY) if app is not None else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else 1.0


def interface_font() -> QFont:
    """The system font at the console's base size, with the CJK fallback families."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(scaled_pt(BASE_PT))
    font.setFamilies([font.family(), *CJK_FALLBACK])
    return font


def style_sheet(theme: Theme) -> str:
    """The theme's QSS file, font sizes scaled to the desktop's, plus the severity rules
    generated from the same colours."""
    text = (THEMES_DIR / f"{theme.value}.qss").read_text(encoding="utf-8")
    text = _FONT_SIZE.sub(lambda m: f"font-size: {scaled_pt(float(m.group(1)))}pt", text)
    return f"{text}\n{_severity_rules(_COLORS[theme])}\n"


def type_scale() -> float:
    """How much larger than normal the console's type is now (LARGE_TYPE on a wall)."""
    return _type_scale()


def set_type_scale(app: QApplication, scale: float) -> bool:
    """Make every font of the console ``scale`` times its normal size (1.0 normal,
    LARGE_TYPE for the control-room layout read from across a room); the theme is
    applied again with it. Returns whether anything changed."""
    if abs(_type_scale() - scale) < 1e-6:
        return False
    app.setProperty(_TYPE_PROPERTY, float(scale))
    theme = current_theme()
    app.setProperty(_APP_PROPERTY, None)  # the sheet's sizes change with the scale
    apply_theme(app, theme)
    return True


class ConsoleStyle(QProxyStyle):
    """Fusion, less one habit that costs a night shift: the mouse wheel over a tab bar
    (a dock's tabs, a detail pane's) switching tabs while the officer scrolls a panel."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None,
                  returnData: QStyleHintReturn | None = None) -> int:  # noqa: N803
        if hint == QStyle.StyleHint.SH_TabBar_AllowWheelScrolling:
            return 0
        return super().styleHint(hint, option, widget, returnData)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Switch the whole application to ``theme`` (at start or at runtime). Asking for
    the theme already applied does nothing: setting a style sheet again re-polishes
    every widget, which costs the window a fifth of a second at start."""
    sheet = style_sheet(theme)
    ours = app.style().objectName() == _STYLE_NAME
    if app.property(_APP_PROPERTY) == theme.value and app.styleSheet() == sheet and ours:
        return
    if not ours:
        app.setStyle(ConsoleStyle())
    app.setFont(interface_font())
    app.setPalette(_palette(_COLORS[theme]))
    app.setStyleSheet(sheet)
    app.style().setObjectName(_STYLE_NAME)  # the sheet's wrapper of ConsoleStyle
    app.setProperty(_APP_PROPERTY, theme.value)
