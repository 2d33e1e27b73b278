"""On PostgreSQL a console's watchers read the change feed as soon as another seat
commits (a notification, delivered to the GUI thread by a queued signal), long before
their safety-net timers would."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from console.app import App, open_app
from console.clock import FakeClock
from tests.pg_only import postgres_only
from widgets.alerts.panel import AlertPanel
from widgets.changes.change_wakeup import ChangeWakeup
from widgets.changes.change_watcher import ChangeWatcher
from widgets.changes.roster_watcher import RosterWatcher

# SQLite has no notifications: its watchers poll (tests/gui/changes/test_live_updates.py).
pytestmark = postgres_only

TIMER_OFF_MS = 600_000  # the safety-net timer cannot fire during the test


@pytest.fixture
def other_seat(app: App, db_url: str, clock: FakeClock) -> Iterator[App]:
    seat = open_app(db_url, clock)
    seat.act_as(app.operator.username)
    yield seat
    seat.close()


def test_a_case_reported_on_another_seat_is_announced_at_once(
        qtbot: QtBot, app: App, other_seat: App) -> None:
    watcher = ChangeWatcher(app, interval_ms=TIMER_OFF_MS)
    gui_thread = threading.get_ident()
    threads: list[int] = []
    watcher.cases_changed.connect(lambda ids: threads.append(threading.get_ident()))
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.cases_changed, timeout=15_000) as changed:
            case = other_seat.cases.report(other_seat.operator, title="Manhole cover missing",
                                           category="utilities", severity=2, grid="XH-08")
        assert case.row.id in changed.args[0]
    finally:
        watcher.stop()
    assert threads
    assert set(threads) == {gui_thread}  # never on the listener's thread


def test_a_panel_watcher_is_woken_too(qtbot: QtBot, app: App, other_seat: App) -> None:
    watcher = RosterWatcher(app, interval_ms=TIMER_OFF_MS)
    polled = threading.Event()
    original = watcher.poll

    def poll() -> None:
        polled.set()
        original()

    wakeup = watcher.findChild(ChangeWakeup)
    assert wakeup is not None
    assert wakeup.live
    wakeup.woken.disconnect()
    wakeup.woken.connect(poll)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: app.notifier.connected, timeout=15_000)  # type: ignore[union-attr]
        polled.clear()
        other_seat.cases.report(other_seat.operator, title="Street light out",
                                category="utilities", severity=4, grid="XH-09")
        qtbot.waitUntil(polled.is_set, timeout=15_000)
        assert watcher.last_seq == app.changes.latest_seq()
    finally:
        watcher.stop()


def test_a_stopped_watcher_hears_nothing(qtbot: QtBot, app: App, other_seat: App) -> None:
    watcher = ChangeWatcher(app, interval_ms=TIMER_OFF_MS)
    watcher.start()
    qtbot.waitUntil(lambda: app.notifier.connected, timeout=15_000)  # type: ignore[union-attr]
    watcher.stop()
    before = watcher.last_seq
    other_seat.cases.report(other_seat.operator, title="Noise complaint", category="dispute",
                            severity=4, grid="XH-10")
    with qtbot.assert_not_emitted(watcher.cases_changed, wait=500):
        pass
    assert watcher.last_seq == before


def test_the_alert_panel_shows_an_alert_raised_on_another_seat_at_once(
        qtbot: QtBot, app: App, other_seat: App, tmp_path: Path) -> None:
    panel = AlertPanel(app)
    qtbot.addWidget(panel)
    timer = panel.findChild(QTimer, "alertPollTimer")
    assert timer is not None
    timer.setInterval(TIMER_OFF_MS)  # only a notification can make it read now
    panel.start()
    try:
        feed = tmp_path / "feed.jsonl"
        feed.write_text(json.dumps({"id": "gas-1", "event": "Gas leak", "severity": "Extreme",
                                    "urgency": "Immediate", "certainty": "Observed",
                                    "headline": "Gas leak on Xinhua Road"}) + "\n")
        assert other_seat.importer.import_file(feed).ok
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=15_000)
    finally:
        panel.stop()
