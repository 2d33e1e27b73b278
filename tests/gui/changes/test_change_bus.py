"""One change bus per console: what a second seat writes reaches every panel through the
one reader of the change feed, and making a new entity live is one line of wiring."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import ChangeEvent, Role
from console.core.journal import announce
from console.engine.escalation import EngineRunner
from console.rosters.domain import Availability
from db.demo.roster_loader import load_roster
from db.models import Alert
from widgets.changes.bus import ChangeBus
from widgets.main_window import MainWindow
from widgets.shell.launcher import run_gui


@pytest.fixture
def center(app: App, clock: FakeClock) -> App:
    """The demo district with its roster and its 40 hazards."""
    load_roster(app.db, clock.now(), days_before=1, days_after=8)
    assert app.hazards.load_demo() == 40
    app.forget_stale({"roster"})
    return app


@pytest.fixture
def second_seat(app: App, db_url: str, clock: FakeClock) -> Iterator[App]:
    """Another console on the same database."""
    seat = open_app(db_url, clock)
    seat.act_as(app.operator.username)
    yield seat
    seat.close()


@pytest.fixture
def feed_readers(app: App, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every object that queries the change feed of ``app`` from now on, once per query
    (the ``self`` of the method that called the feed)."""
    readers: list[object] = []
    since, latest_seq = app.changes.since, app.changes.latest_seq

    def reading_since(seq: int, limit: int = 5000) -> list[ChangeEvent]:
        readers.append(sys._getframe(1).f_locals.get("self"))
        return since(seq, limit)

    def reading_latest_seq() -> int:
        readers.append(sys._getframe(1).f_locals.get("self"))
        return latest_seq()

    monkeypatch.setattr(app.changes, "since", reading_since)
    monkeypatch.setattr(app.changes, "latest_seq", reading_latest_seq)
    return readers


def _write_on(seat: App, tmp_path: Path) -> dict[str, int]:
    """A case, an alert, a member's availability and a hazard's risk, written by ``seat``;
    the ids written."""
    case = seat.cases.report(seat.operator, title="Smoke from a shop, Old Wharf",
                             category="fire", severity=1, grid="XH-04")
    feed = tmp_path / "gas.jsonl"
    feed.write_text(json.dumps({"id": "gas-1", "event": "Gas leak", "severity": "Extreme",
                                "urgency": "Immediate", "certainty": "Observed",
                                "headline": "Gas leak on Xinhua Road"}) + "\n")
    assert seat.importer.import_file(feed).ok
    with seat.db.read() as s:
        alert_id = s.scalar(select(Alert.id).where(Alert.dedup_key == "feed:gas-1"))
    assert alert_id is not None
    coordinator = next(o for o in seat.operators.list() if o.role is Role.COORDINATOR)
    member = seat.rosters.members()[10]
    assert member.availability is not Availability.OFF_DUTY
    seat.rosters.set_availability(coordinator, member.id, "off_duty")
    hazard = seat.hazards.update(coordinator, "HZ-0001", likelihood=4, severity=5)
    return {"case": case.row.id, "alert": alert_id, "member": member.id,
            "hazard": hazard.row.id}


def test_a_second_seat_reaches_every_panel_through_one_bus(
        qtbot: QtBot, center: App, second_seat: App, feed_readers: list[object],
        open_window: Callable[[QSettings], MainWindow], settings: QSettings,
        tmp_path: Path) -> None:
    window = open_window(settings)
    bus = window.bus
    written = _write_on(second_seat, tmp_path)

    board, alerts, roster, hazards = (window.board, window.alerts, window.roster,
                                      window.hazards)
    qtbot.waitUntil(lambda: board.model.row_of(written["case"]) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: alerts.model.row_of(written["alert"]) is not None,
                    timeout=10_000)

    def member_off_duty() -> bool:
        pos = roster.member_model.row_of(written["member"])
        return pos is not None and \
            roster.member_model.row_at(pos).availability is Availability.OFF_DUTY

    qtbot.waitUntil(member_off_duty, timeout=10_000)

    def hazard_rescored() -> bool:
        pos = hazards.model.row_of(written["hazard"])
        return pos is not None and hazards.model.row_at(pos).score == 20

    qtbot.waitUntil(hazard_rescored, timeout=10_000)

    assert window.findChildren(ChangeBus) == [bus]
    assert set(map(id, feed_readers)) == {id(bus)}, \
        "only the window's bus reads the change feed"
    assert len(feed_readers) == 1 + bus.reads, "one query to find its place, one per read"


def test_in_a_console_the_engine_reads_the_change_feed_through_the_bus(
        qtbot: QtBot, app: App, second_seat: App, feed_readers: list[object],
        settings: QSettings) -> None:
    """As ``main.py`` runs it: the escalation engine in the same process as the window.
    Once the window is up, the engine reads nothing itself: its alarm follows a deadline
    another seat started through the batches the bus hands it."""
    runner = EngineRunner(app.escalation, app.clock, poll_interval_s=0.05)
    runner.start()
    seen: dict[str, object] = {}

    def started() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        qtbot.wait(200)  # an engine poll under way as the reading was handed over ends
        feed_readers.clear()
        assert runner.alarm.armed_for is None  # no case, no deadline
        ref = second_seat.cases.report(second_seat.operator, title="Smoke in stairwell",
                                       category="fire", severity=1, grid="XH-02").reference
        due = app.escalation.next_due()
        assert due is not None
        qtbot.waitUntil(lambda: runner.alarm.armed_for == due, timeout=10_000)
        qtbot.wait(300)  # six intervals of the engine's own poll, had it kept polling
        seen.update(reference=ref, bus=window.bus, readers=list(feed_readers))
        window.close()

    try:
        assert run_gui(app, started, settings=settings, engine=runner) == 0
    finally:
        runner.close()
    assert seen["reference"]
    readers = seen["readers"]
    assert isinstance(readers, list)
    assert readers, "the bus read the feed"
    assert {id(r) for r in readers} == {id(seen["bus"])}, \
        "the engine read the feed itself while the window's bus read it"


class IncidentBus(ChangeBus):
    """The bus with one more live entity: a signal, and one line in ROUTES.

    Signals:
        incidents_changed(list): ids of incidents written.
    """

    incidents_changed = Signal(list)
    ROUTES: ClassVar[dict[str, tuple[str, ...]]] = {
        **ChangeBus.ROUTES, "incident": ("incidents_changed",)}


def test_a_new_entity_is_one_line_of_wiring(qtbot: QtBot, app: App,
                                            second_seat: App) -> None:
    bus = IncidentBus(app)
    with second_seat.db.write.begin() as s:
        for incident_id in (7, 9, 7):
            announce(s, at=second_seat.clock.now(), entity="incident",
                     entity_id=incident_id, op="update")
    with qtbot.waitSignal(bus.incidents_changed) as fired, \
            qtbot.assert_not_emitted(bus.cases_changed):
        bus.poll()
    assert fired.args == [[7, 9]]


def test_a_route_to_a_signal_never_declared_fails_at_once(app: App) -> None:
    class Misrouted(ChangeBus):
        ROUTES: ClassVar[dict[str, tuple[str, ...]]] = {
            **ChangeBus.ROUTES, "gazetteer": ("gazetteer_changed",)}

    with pytest.raises(TypeError, match="gazetteer_changed"):
        Misrouted(app)


def test_each_signal_fires_once_per_batch_after_the_caches_are_dropped(
        app: App, second_seat: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shifts, teams and a district reload in one batch: the district cache is dropped
    once, then the district and the schedule are announced once each."""
    bus = ChangeBus(app)
    with second_seat.db.write.begin() as s:
        for entity, entity_id, op in (("shift", 3, "update"), ("district", 0, "reload"),
                                      ("team", 2, "update"), ("shift", 4, "update")):
            announce(s, at=second_seat.clock.now(), entity=entity, entity_id=entity_id,
                     op=op)
    heard: list[str] = []
    invalidate = app.district.invalidate

    def invalidating() -> None:
        heard.append("cache dropped")
        invalidate()

    monkeypatch.setattr(app.district, "invalidate", invalidating)
    bus.district_changed.connect(lambda: heard.append("district"))
    bus.schedule_changed.connect(lambda: heard.append("schedule"))
    bus.members_changed.connect(lambda ids: heard.append("members"))
    bus.poll()
    assert heard == ["cache dropped", "district", "schedule"]
