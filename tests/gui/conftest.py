"""GUI fixtures: a main window on the demo district, with settings of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.app import App
from widgets.main_window import MainWindow
from widgets.shell.theme import Theme, apply_theme, set_type_scale

# Qt's offscreen platform plugin (the one CI runs on) lacks some window-system features
# and warns "This plugin does not support propagateSizeHints()" whenever a window's
# minimum size changes, and "... raise()" / "... grabbing the keyboard" when a popup
# (a completer's list) opens. Those are properties of the plugin, not of the console:
# ignore exactly that family of messages, and fail on every other warning.
OFFSCREEN_PLUGIN_LIMITS = (r"^This plugin does not support "
                           r"(propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)$")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_PLUGIN_LIMITS))


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Deletes the parentless windows a test leaves (pytest-qt only closes them).

    A window kept alive keeps its timers, and a language switch in a later test sends
    every live widget a LanguageChange: a panel of an earlier test then reads a database
    that test already dropped."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_idle_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The idle lock checks the console's clock every 10 s; tests move that clock by hours
    and would find their window locked mid-test. Its own tests switch it back on."""
    monkeypatch.setenv("WATCHROOM_IDLE_LOCK_MINUTES", "0")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "watchroom.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot: QtBot, app: App) -> Iterator[Callable[[QSettings], MainWindow]]:
    """Opens main windows on ``app``; closes and really deletes them afterwards.

    Deleting them (not just ``deleteLater``, which waits for an event loop that may not
    come) keeps the windows of earlier tests from piling up behind later ones.
    """
    windows: list[MainWindow] = []

    def open_one(settings: QSettings) -> MainWindow:
        window = MainWindow(app, settings)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield open_one
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp = QApplication.instance()
    if isinstance(qapp, QApplication):
        set_type_scale(qapp, 1.0)  # the next test starts from normal type
        apply_theme(qapp, Theme.DARK)  # and from the default theme


@pytest.fixture
def main_window(open_window: Callable[[QSettings], MainWindow],
                settings: QSettings) -> MainWindow:
    return open_window(settings)
