"""First run: an administrator signed in to a database without grids gets the set-up assistant."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from console.app import App
from console.core.domain import Role


def needs_setting_up(app: App) -> bool:
    """Whether the acting operator is an administrator and the territory has no grid yet
    (a new center, or one whose set-up was left before its territory was loaded)."""
    return app.operator.role is Role.ADMIN and not app.district.grids()


def offer_set_up(app: App) -> bool:
    """Run the set-up assistant before the console opens, when ``needs_setting_up``;
    True if it ran to Finish. Leaving it opens the console all the same (what was done
    is kept, and the assistant comes back at the next start until there are grids)."""
    if not needs_setting_up(app):
        return False
    from widgets.territory.setup_assistant import SetupAssistant  # a new center only

    assistant = SetupAssistant(app)
    finished = assistant.exec() == QDialog.DialogCode.Accepted
    assistant.deleteLater()
    return finished
