"""Starting the GUI: the QApplication, the saved theme, the main window, the event loop."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from console.app import App
from console.engine.escalation import EngineRunner
from widgets.common.domain_messages import sentence_text
from widgets.main_window import MainWindow
from widgets.shell.first_run import offer_set_up
from widgets.shell.i18n import choose_language, install_language
from widgets.shell.identity import APP_NAME, ORGANIZATION
from widgets.shell.sign_in_dialog import FirstAdminDialog, SignInDialog
from widgets.shell.theme import apply_theme, saved_theme

PAGE_CHECK_POLL_MS = 100  # how often the window asks whether the page check has ended


def run_gui(app: App, on_started: Callable[[], None] | None = None, *,
            settings: QSettings | None = None, lang: str | None = None,
            sign_in: bool = False, user: str | None = None,
            demo_password: str | None = None, engine: EngineRunner | None = None) -> int:
    """Show the console on ``app`` and run until it is closed; returns the exit code.

    ``on_started`` runs once the event loop is up (the demo starts its feed there).
    ``settings`` default to the user's (organisation and application "Watchroom").
    ``lang`` (``en``/``zh_CN``) overrides the saved language and the system locale.
    ``sign_in``: the real console asks who is there before showing anything (the first
    run creates the admin); ``user`` pre-fills the operator; ``demo_password`` is
    stated under the form (the demo database only). Cancelling it returns 0 without a window.
    ``engine``: the escalation engine running in this process; once the window is up, the
    window's change bus reads the change feed for it (one reader per process).
    An administrator signed in to a database without grids gets the set-up assistant first.
    A SQLite file's page check still running (``open_app(..., check_pages_later=True)``)
    goes on while the window shows: a damaged file closes the console with the reason
    (exit code 1).
    """
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationDisplayName(APP_NAME)
    settings = settings if settings is not None else QSettings()
    install_language(choose_language(lang, settings))
    apply_theme(qapp, saved_theme(settings))
    if sign_in and not _signed_in(app, user, demo_password):
        return 0
    if sign_in:
        offer_set_up(app)  # a new center: its name, zone, territory and people first
    window = MainWindow(app, settings)
    _refuse_if_damaged(app, window, qapp)
    take_back: Callable[[], None] | None = None
    if engine is not None:
        window.bus.changes_read.connect(engine.changes_read)
        window.bus.reloaded_all.connect(engine.feed_reloaded)
        take_back = engine.hand_over_reading()
    if window.first_start:
        window.showMaximized()  # the first window fills the screen
    else:
        window.show()
    if on_started is not None:
        QTimer.singleShot(0, on_started)
    try:
        return qapp.exec()
    finally:
        if take_back is not None:
            take_back()
        # The window goes before the caller closes the app's database (and a second
        # run_gui in one process, as in the tests, finds only its own window).
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _refuse_if_damaged(app: App, window: MainWindow, qapp: QApplication) -> None:
    """Once ``app``'s page check has ended: if it found the file damaged, say so (the
    file and how to go on, in one sentence) and end the event loop with 1."""
    timer = QTimer(window)
    timer.setInterval(PAGE_CHECK_POLL_MS)

    def poll() -> None:
        if app.page_check_running:
            return
        timer.stop()
        refusal = app.page_check_refusal
        if refusal is not None:
            print(f"error: {refusal}", file=sys.stderr)
            QMessageBox.critical(window, QCoreApplication.translate("MainWindow", "Watchroom"),
                                 sentence_text(refusal))
            qapp.exit(1)

    timer.timeout.connect(poll)
    timer.start()


def _signed_in(app: App, user: str | None, demo_password: str | None) -> bool:
    """First run: create the admin (and sign them in); otherwise the sign-in dialog."""
    if not app.operators.has_people():
        first = FirstAdminDialog(app)
        return first.exec() == QDialog.DialogCode.Accepted and first.operator is not None
    dialog = SignInDialog(app, user=user, demo_password=demo_password)
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.operator is not None
