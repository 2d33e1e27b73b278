"""Applying the theme already applied does nothing (each window applies its saved theme;
setting the style and the sheet again would re-polish every widget of the console)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyle, QTabBar
from pytestqt.qtbot import QtBot

from widgets.shell.theme import Theme, apply_theme, style_sheet


def _wheel_switches_tabs(qapp: QApplication, bar: QTabBar) -> int:
    return qapp.style().styleHint(QStyle.StyleHint.SH_TabBar_AllowWheelScrolling, None, bar)


def test_the_same_theme_again_keeps_style_and_sheet(qtbot: QtBot, qapp: QApplication) -> None:
    bar = QTabBar()
    qtbot.addWidget(bar)
    try:
        apply_theme(qapp, Theme.DARK)
        style = qapp.style()
        style.setProperty("probe", "first")  # gone if the style were set again
        apply_theme(qapp, Theme.DARK)
        assert qapp.style().property("probe") == "first"
        assert qapp.styleSheet() == style_sheet(Theme.DARK)
        assert _wheel_switches_tabs(qapp, bar) == 0

        apply_theme(qapp, Theme.LIGHT)  # another theme: another sheet, the same style
        assert qapp.styleSheet() == style_sheet(Theme.LIGHT)
        assert qapp.style().property("probe") == "first"
        assert _wheel_switches_tabs(qapp, bar) == 0
    finally:
        apply_theme(qapp, Theme.DARK)  # every later test starts from the default theme
    assert qapp.styleSheet() == style_sheet(Theme.DARK)
