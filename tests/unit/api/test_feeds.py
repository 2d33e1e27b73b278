"""Alerts (JSON and CAP XML, through the importer), feed heartbeats with a fake clock,
and acknowledging a page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from console.alerts.domain import AlertFilter, AlertRow
from console.app import App
from console.clock import FakeClock
from console.engine.leadership import SharedLeadership
from console.intake.heartbeats import FACTOR
from tests.unit.api.conftest import Running

FEEDS = Path(__file__).resolve().parents[2] / "data" / "feeds"
SMOKE = {"id": "IOT-9001", "event": "Smoke detected", "category": "Fire",
         "urgency": "Immediate", "severity": "Moderate", "certainty": "Observed",
         "headline": "Smoke detector 17", "grid": "XH-07"}


def _alert_by_headline(app: App, headline: str) -> AlertRow:
    return next(a for a in app.alerts.list_alerts(AlertFilter(), limit=500).rows
                if a.headline == headline)


def test_json_alerts_are_imported_and_deduplicated_like_a_feed_file(running: Running) -> None:
    with running.client(running.token("sensors")) as http:
        first = http.post("/alerts", json=SMOKE)
        again = http.post("/alerts", json=[SMOKE])
        bad = http.post("/alerts", json={"id": "x", "severity": "Apocalyptic"})
        broken = http.post("/alerts", content=b"[{", headers={"Content-Type":
                                                               "application/json"})
        text = http.post("/alerts", content=b"smoke!", headers={"Content-Type": "text/plain"})
    assert first.status_code == 201
    assert first.json()["accepted"] == 1
    assert again.status_code == 200
    assert again.json()["duplicates"] == 1
    alert = _alert_by_headline(running.app, "Smoke detector 17")
    assert alert.repeat_count == 2
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "record 1"
    assert broken.status_code == 400
    assert text.status_code == 415


def test_cap_xml_alerts_use_the_importers_safe_parser(running: Running) -> None:
    with running.client(running.token("cap")) as http:
        cap = (FEEDS / "cap_chain_1_alert.xml").read_bytes()
        stored = http.post("/alerts", content=cap,
                           headers={"Content-Type": "application/cap+xml"})
        repeat = http.post("/alerts", content=cap, headers={"Content-Type": "application/xml"})
        malformed = http.post("/alerts", content=(FEEDS / "malformed.xml").read_bytes(),
                              headers={"Content-Type": "application/cap+xml"})
        bomb = http.post("/alerts", content=(FEEDS / "billion_laughs.xml").read_bytes(),
                         headers={"Content-Type": "application/cap+xml"})
    assert stored.status_code == 201
    assert stored.json()["accepted"] == 1
    assert repeat.json()["duplicates"] == 1
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "body"
    assert bomb.status_code == 422
    assert "Traceback" not in bomb.text


def test_a_silent_feed_raises_an_alert_and_its_next_beat_resolves_it(
        running: Running, clock: FakeClock) -> None:
    app = running.app
    feed = "水位传感器-3"
    with running.client(running.token("gauges", "heartbeats:write")) as http:
        first = http.post(f"/heartbeats/{feed}", json={"interval": 300})
        assert first.status_code == 201
        assert first.json()["feed"] == feed
        clock.advance(timedelta(seconds=300 * FACTOR - 1))
        assert app.heartbeats.check() == []  # not late yet
        clock.advance(timedelta(minutes=2))
        raised = app.heartbeats.check()
        assert raised == [f"feed {feed} silent for 11 min"]
        assert app.heartbeats.check() == []  # raised once, not on every check
        alert = _alert_by_headline(app, raised[0])
        assert alert.status.value == "new"
        assert [f.silent for f in app.heartbeats.feeds()] == [True]
        clock.advance(timedelta(minutes=1))
        back = http.post(f"/heartbeats/{feed}", json={"interval": 300})
        assert back.json()["resolved_alert"] == alert.id
        assert app.alerts.get(alert.id).row.status.value == "resolved"
        assert [f.silent for f in app.heartbeats.feeds()] == [False]
        # Silent again: the same alert comes back, its repeat count raised.
        clock.advance(timedelta(minutes=12))
        assert app.heartbeats.check() == [f"feed {feed} silent for 12 min"]
        again = app.alerts.get(alert.id).row
        assert again.status.value == "new"
        assert again.repeat_count == 2
        refused = http.post(f"/heartbeats/{feed}", json={"interval": "often"})
        short = http.post(f"/heartbeats/{feed}", json={"interval": 1})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "interval"
    assert short.status_code == 422


def test_the_engines_duty_raises_the_silent_feeds_alert(app: App, clock: FakeClock) -> None:
    jobs: dict[str, Callable[[], object]] = {}

    class Recorder:
        leadership = SharedLeadership()

        def add_periodic(self, job: Callable[[], object], seconds: float, job_id: str,
                         **_: object) -> None:
            jobs[job_id] = job

        def wake_after_sweeps(self, job: Callable[[], object], job_id: str) -> None:
            jobs[job_id] = job

    app.schedule_duties(Recorder(), None)  # type: ignore[arg-type]
    app.heartbeats.beat(app.operator, "smoke-gw", 60)
    clock.advance(timedelta(minutes=3))
    assert jobs["feed-heartbeats"]() == ["feed smoke-gw silent for 3 min"]


def test_a_page_is_acknowledged_over_http(running: Running, clock: FakeClock) -> None:
    app = running.app
    system = app.operators.system()
    app.paging.add_channel(system, "hook", "webhook", "http://127.0.0.1:9/hook")
    app.paging.add_rule(system, "escalation:2", "address:ops", "hook")
    ref = app.cases.report(system, title="Smoke in a stairwell", category="fire",
                           severity=2, grid="XH-22").reference
    clock.advance(timedelta(minutes=20))
    app.escalation.sweep()
    code = app.paging.log(case=ref)[0].code
    with running.client(running.token("pager", "pages:write")) as http:
        done = http.post(f"/pages/{code}/ack")
        twice = http.post(f"/pages/{code}/ack")
        unknown = http.post("/pages/NOPE99/ack")
    assert done.status_code == 200
    assert done.json()["reference"] == ref
    assert twice.status_code == 409
    assert unknown.status_code == 404
    assert app.cases.timeline(ref)[-1].operator_username == "api:pager"
