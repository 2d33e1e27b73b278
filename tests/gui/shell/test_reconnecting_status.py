"""While the database server is out of reach (a standby taking over), the status bar
says the console is reconnecting, and says where the data lives again once it is back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from console.app import App
from widgets.shell.status_bar import ConsoleStatusBar


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_database_label_says_reconnecting_meanwhile(
        qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    lost = {"now": False}
    monkeypatch.setattr(App, "reconnecting", property(lambda _app: lost["now"]))
    bar = ConsoleStatusBar(app)
    qtbot.addWidget(bar)
    label = bar.findChild(QLabel, "statusDatabase")
    assert label is not None
    where, tip = label.text(), label.toolTip()
    assert where.startswith("SQLite")

    lost["now"] = True
    bar.tick()
    assert label.text() == "Database: reconnecting…"
    assert "reconnects by itself" in label.toolTip()

    lost["now"] = False
    bar.tick()
    assert (label.text(), label.toolTip()) == (where, tip)
