"""The status bar says whether this console's engine fires the timers: on PostgreSQL
one console leads and the others stand by; on SQLite every engine fires."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from console.app import App, open_app
from console.clock import FakeClock
from console.engine.escalation import EngineRunner
from console.engine.leadership import EngineRole
from widgets.shell.status_bar import ConsoleStatusBar


def _engine_text(bar: ConsoleStatusBar) -> str:
    label = bar.findChild(QLabel, "statusEngine")
    assert label is not None
    return label.text()


def test_the_status_bar_shows_which_engine_fires(qtbot: QtBot, app: App, db_url: str,
                                                 clock: FakeClock) -> None:
    bar = ConsoleStatusBar(app)
    qtbot.addWidget(bar)
    assert _engine_text(bar) == "Engine off"

    runner = EngineRunner(app.escalation, app.clock, leadership=app.leadership,
                          notifier=app.notifier)
    other = open_app(db_url, clock)
    other.act_as(app.operator.username)
    other_runner = EngineRunner(other.escalation, other.clock, leadership=other.leadership,
                                notifier=other.notifier)
    other_bar = ConsoleStatusBar(other)
    qtbot.addWidget(other_bar)
    runner.start()
    try:
        if db_url.startswith("sqlite"):
            other_runner.start()
            bar.tick()
            other_bar.tick()
            assert _engine_text(bar) == "Engine on"
            assert _engine_text(other_bar) == "Engine on"
            return
        qtbot.waitUntil(lambda: app.leadership.role is EngineRole.LEADER, timeout=15_000)
        other_runner.start()
        bar.tick()
        other_bar.tick()
        assert _engine_text(bar) == "Engine: leader"
        assert _engine_text(other_bar) == "Engine: standby"

        runner.close()  # this console closes: the other takes over within seconds
        qtbot.waitUntil(lambda: other.leadership.role is EngineRole.LEADER, timeout=15_000)
        other_bar.tick()
        assert _engine_text(other_bar) == "Engine: leader"
    finally:
        runner.close()
        other_runner.close()
        other.close()
