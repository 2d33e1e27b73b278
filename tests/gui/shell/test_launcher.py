"""Starting the GUI the way main.py does: saved theme, main window, event loop, exit code."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.app import App
from widgets.main_window import MainWindow
from widgets.shell.launcher import run_gui
from widgets.shell.theme import Theme, apply_theme, current_theme


def test_run_gui_shows_the_console_in_the_saved_theme_and_returns_on_close(
        qtbot: QtBot, app: App, settings: QSettings) -> None:
    settings.setValue("theme", "light")
    seen: list[tuple[str, bool, Theme]] = []

    def started() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        assert len(windows) == 1
        seen.append((windows[0].windowTitle(), windows[0].isVisible(), current_theme()))
        windows[0].close()

    try:
        assert run_gui(app, started, settings=settings) == 0
    finally:
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        apply_theme(qapp, Theme.DARK)
    assert seen == [("Watchroom", True, Theme.LIGHT)]
    assert QApplication.applicationName() == "Watchroom"
    assert QApplication.organizationName() == "Watchroom"


def test_run_gui_leaves_no_window_behind(qtbot: QtBot, app: App, settings: QSettings) -> None:
    def started() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow):
                window.close()

    assert run_gui(app, started, settings=settings) == 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
