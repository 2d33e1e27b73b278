"""On PostgreSQL a console's change bus reads the change feed as soon as another seat
commits (a notification, delivered to the GUI thread by a queued signal), long before
its safety-net timer would, and the panels following the bus show the change."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.rosters.domain import Availability
from db.demo.roster_loader import load_roster
from tests.pg_only import postgres_only
from widgets.alerts.panel import AlertPanel
from widgets.changes.bus import ChangeBus
from widgets.changes.change_wakeup import ChangeWakeup
from widgets.rosters.view import RosterView

# SQLite has no notifications: its bus polls (tests/gui/changes/test_live_updates.py).
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
    bus = ChangeBus(app, interval_ms=TIMER_OFF_MS)
    assert bus.live
    gui_thread = threading.get_ident()
    threads: list[int] = []
    bus.cases_changed.connect(lambda ids: threads.append(threading.get_ident()))
    bus.start()
    try:
        with qtbot.waitSignal(bus.cases_changed, timeout=15_000) as changed:
            case = other_seat.cases.report(other_seat.operator, title="Manhole cover missing",
                                           category="utilities", severity=2, grid="XH-08")
        assert case.row.id in changed.args[0]
    finally:
        bus.stop()
    assert threads
    assert set(threads) == {gui_thread}  # never on the listener's thread


def test_a_panel_following_the_bus_is_woken_too(
        qtbot: QtBot, app: App, other_seat: App, clock: FakeClock) -> None:
    load_roster(app.db, clock.now(), days_before=1, days_after=8)
    app.forget_stale({"roster"})
    bus = ChangeBus(app, interval_ms=TIMER_OFF_MS)
    view = RosterView(app, bus)
    qtbot.addWidget(view)
    wakeup = bus.findChild(ChangeWakeup)
    assert wakeup is not None
    assert wakeup.live
    bus.start()
    try:
        qtbot.waitUntil(lambda: app.notifier.connected, timeout=15_000)  # type: ignore[union-attr]
        member = app.rosters.members()[10]
        coordinator = next(o for o in other_seat.operators.list()
                           if o.role is Role.COORDINATOR)
        other_seat.rosters.set_availability(coordinator, member.id, "off_duty")

        def off_duty() -> bool:
            pos = view.member_model.row_of(member.id)
            return pos is not None and \
                view.member_model.row_at(pos).availability is Availability.OFF_DUTY

        qtbot.waitUntil(off_duty, timeout=15_000)
        assert bus.last_seq == app.changes.latest_seq()
    finally:
        bus.stop()
        view.stop()


def test_a_stopped_bus_hears_nothing(qtbot: QtBot, app: App, other_seat: App) -> None:
    bus = ChangeBus(app, interval_ms=TIMER_OFF_MS)
    bus.start()
    qtbot.waitUntil(lambda: app.notifier.connected, timeout=15_000)  # type: ignore[union-attr]
    bus.stop()
    before = bus.last_seq
    other_seat.cases.report(other_seat.operator, title="Noise complaint", category="dispute",
                            severity=4, grid="XH-10")
    with qtbot.assert_not_emitted(bus.cases_changed, wait=500):
        pass
    assert bus.last_seq == before


def test_a_wake_up_queued_before_stop_is_not_read_after_it(
        qtbot: QtBot, app: App, other_seat: App) -> None:
    # The window closes while a notification is on its way to the GUI thread: the bus
    # must not read (and announce to half-torn-down panels) once stopped.
    bus = ChangeBus(app, interval_ms=TIMER_OFF_MS)
    bus.start()
    qtbot.waitUntil(lambda: app.notifier.connected, timeout=15_000)  # type: ignore[union-attr]
    QApplication.processEvents()  # the wake-up the listener sends as it connects
    heard = threading.Event()
    unsubscribe = app.notifier.subscribe(heard.set)  # called after the bus's own
    try:
        other_seat.cases.report(other_seat.operator, title="Noise complaint",
                                category="dispute", severity=4, grid="XH-10")
        assert heard.wait(15)  # the bus's wake-up is queued, not yet delivered
        before = bus.last_seq
        bus.stop()
        with qtbot.assert_not_emitted(bus.cases_changed, wait=300):
            pass
        assert bus.last_seq == before
    finally:
        unsubscribe()


def test_the_alert_panel_shows_an_alert_raised_on_another_seat_at_once(
        qtbot: QtBot, app: App, other_seat: App, tmp_path: Path) -> None:
    bus = ChangeBus(app, interval_ms=TIMER_OFF_MS)  # only a notification can make it read
    panel = AlertPanel(app, bus)
    qtbot.addWidget(panel)
    bus.start()
    panel.start()
    try:
        feed = tmp_path / "feed.jsonl"
        feed.write_text(json.dumps({"id": "gas-1", "event": "Gas leak", "severity": "Extreme",
                                    "urgency": "Immediate", "certainty": "Observed",
                                    "headline": "Gas leak on Xinhua Road"}) + "\n")
        assert other_seat.importer.import_file(feed).ok
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=15_000)
    finally:
        bus.stop()
        panel.stop()

