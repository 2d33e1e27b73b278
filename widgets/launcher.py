"""Starting the GUI: the QApplication, the saved theme, the main window, the event loop."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from console.app import App
from widgets.i18n import choose_language, install_language
from widgets.main_window import MainWindow
from widgets.theme import apply_theme, saved_theme

APP_NAME = "Watchroom"
ORGANIZATION = "Watchroom"


def run_gui(app: App, on_started: Callable[[], None] | None = None, *,
            settings: QSettings | None = None, lang: str | None = None) -> int:
    """Show the console on ``app`` and run until it is closed; returns the exit code.

    ``on_started`` runs once the event loop is up (the demo starts its feed there).
    ``settings`` default to the user's (organisation and application "Watchroom").
    ``lang`` (``en``/``zh_CN``) overrides the saved language and the system locale.
    """
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationDisplayName(APP_NAME)
    settings = settings if settings is not None else QSettings()
    install_language(choose_language(lang, settings))
    apply_theme(qapp, saved_theme(settings))
    window = MainWindow(app, settings)
    window.show()
    if on_started is not None:
        QTimer.singleShot(0, on_started)
    return qapp.exec()
