"""A seat away longer than the change feed's retention (issue 24): what it missed was
pruned, so it reloads every panel instead of replaying, says so in the status bar, and
then follows the feed again without missing a change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role, Stage
from db.models import Alert
from widgets.main_window import MainWindow


@pytest.fixture
def other_seat(app: App, db_url: str, clock: FakeClock) -> Iterator[App]:
    seat = open_app(db_url, clock)
    seat.act_as(next(o.username for o in seat.operators.list()
                     if o.role is Role.COORDINATOR))
    yield seat
    seat.close()


def _stage(window: MainWindow, case_id: int) -> Stage | None:
    model = window.board.model
    row = model.row_of(case_id)
    return None if row is None else model.row_at(row).stage


def test_a_seat_away_past_the_retention_reloads_and_reads_on(
        qtbot: QtBot, main_window: MainWindow, app: App, other_seat: App,
        clock: FakeClock, tmp_path: Path) -> None:
    bus = main_window.bus
    known = app.cases.report(app.operator, title="Blocked drain, Canal Road",
                             category="utilities", severity=3, grid="XH-07")
    qtbot.waitUntil(lambda: _stage(main_window, known.row.id) is Stage.REPORTED,
                    timeout=5000)

    # The seat goes away (asleep, unplugged): its bus reads nothing.
    bus.stop()
    away_at = bus.last_seq
    other_seat.cases.register(other_seat.operator, known.reference)
    new = other_seat.cases.report(other_seat.operator, title="Gas smell in stairwell",
                                  category="utilities", severity=1, grid="XH-03")
    system = other_seat.operators.system()
    hazard = other_seat.hazards.register(system, code="HZ-AWAY-1", name="Gas station forecourt",
                                         kind="gas_station", grid="XH-05", likelihood=2,
                                         severity=3)
    feed = tmp_path / "away.jsonl"
    feed.write_text(json.dumps({"id": "AWAY-1", "event": "Smoke", "severity": "Severe",
                                "category": "Fire", "lat": 30.296, "lon": 120.1545}) + "\n")
    assert other_seat.importer.import_file(feed).ok
    with other_seat.db.read() as s:
        alert_id = s.scalar(select(Alert.id).where(Alert.dedup_key == "feed:AWAY-1"))
    assert alert_id is not None
    clock.advance(timedelta(days=8))
    pruned = other_seat.retention.prune(other_seat.operators.system())
    assert pruned.pruned_through > away_at, "the changes the seat missed were not pruned"
    assert _stage(main_window, known.row.id) is Stage.REPORTED  # nothing read yet

    # Back: one poll finds its cursor behind the watermark and reloads everything.
    with qtbot.wait_signal(bus.reloaded_all, timeout=5000) as reloaded, \
            qtbot.wait_signal(bus.cases_reloaded, timeout=5000), \
            qtbot.wait_signal(bus.alerts_reloaded, timeout=5000), \
            qtbot.wait_signal(bus.hazards_reloaded, timeout=5000), \
            qtbot.wait_signal(bus.schedule_changed, timeout=5000), \
            qtbot.assert_not_emitted(bus.cases_changed):
        bus.start()
        bus.poll()
    assert reloaded.args == [app.changes.latest_seq()]
    assert bus.last_seq == app.changes.latest_seq()
    qtbot.waitUntil(lambda: _stage(main_window, known.row.id) is Stage.REGISTERED,
                    timeout=5000)
    qtbot.waitUntil(lambda: _stage(main_window, new.row.id) is Stage.REPORTED, timeout=5000)
    qtbot.waitUntil(lambda: hazard.row.id in main_window.hazards.model.hazard_ids(),
                    timeout=5000)
    qtbot.waitUntil(lambda: main_window.alerts.model.alert(alert_id) is not None,
                    timeout=5000)
    message = main_window.statusBar().currentMessage()
    assert "away longer than the change history is kept" in message

    # And from there on it follows the feed as usual: the next change arrives by id.
    with qtbot.wait_signal(bus.cases_changed, timeout=5000) as changed, \
            qtbot.assert_not_emitted(bus.reloaded_all):
        other_seat.cases.register(other_seat.operator, new.reference)
        bus.poll()
    assert new.row.id in changed.args[0]
    qtbot.waitUntil(lambda: _stage(main_window, new.row.id) is Stage.REGISTERED,
                    timeout=5000)


def test_a_seat_within_the_retention_replays_without_reloading(
        qtbot: QtBot, main_window: MainWindow, app: App, other_seat: App,
        clock: FakeClock) -> None:
    bus = main_window.bus
    old = app.cases.report(app.operator, title="Broken street light",
                           category="utilities", severity=4, grid="XH-05")
    qtbot.waitUntil(lambda: bus.last_seq == app.changes.latest_seq(), timeout=5000)
    bus.stop()
    clock.advance(timedelta(days=8))
    fresh = other_seat.cases.report(other_seat.operator, title="Fallen branch",
                                    category="traffic", severity=3, grid="XH-06")
    assert other_seat.retention.prune(other_seat.operators.system()).deleted > 0
    with qtbot.wait_signal(bus.cases_changed, timeout=5000) as changed, \
            qtbot.assert_not_emitted(bus.reloaded_all):
        bus.start()
        bus.poll()
    assert changed.args[0] == [fresh.row.id]
    qtbot.waitUntil(lambda: _stage(main_window, fresh.row.id) is Stage.REPORTED,
                    timeout=5000)
    assert _stage(main_window, old.row.id) is Stage.REPORTED
