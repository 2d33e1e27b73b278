"""Cases over HTTP: report (idempotent), read back (public or internal), field progress."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
import shapely
from sqlalchemy import select

from db.models import AuditEntry, Change, Operator
from tests.unit.api.conftest import Running

CASE: dict[str, Any] = {"title": "Manhole cover missing on Wenyi Road", "category": "utilities",
                        "severity": 2, "grid": "XH-07", "source": "hotline",
                        "reporter": "Ms Li, 138 0000 0000",
                        "description": "A cover is gone outside no. 18."}


def test_a_reported_case_is_the_services_own_audited_and_in_the_change_feed(
        running: Running) -> None:
    with running.client(running.token("hotline")) as http:
        reply = http.post("/cases", json=CASE)
    assert reply.status_code == 201, reply.text
    ref = reply.json()["reference"]
    assert reply.headers["location"] == f"/api/v1/cases/{ref}"
    case = running.app.cases.get(ref)
    assert case.row.title == CASE["title"]
    assert case.row.grid_code == "XH-07"
    assert case.reporter == CASE["reporter"]
    with running.app.db.read() as s:
        actor = s.scalar(select(Operator.username).join(
            AuditEntry, AuditEntry.operator_id == Operator.id).where(
            AuditEntry.entity == "case", AuditEntry.entity_id == case.row.id))
        change = s.scalar(select(Change.op).where(Change.entity == "case",
                                                  Change.entity_id == case.row.id))
    assert actor == "api:hotline"  # the token is its own operator in the audit log
    assert change == "insert"


def test_idempotency_key_retries_return_the_same_case(running: Running) -> None:
    token = running.token("hotline")
    with running.client(token) as http:
        first = http.post("/cases", json=CASE, headers={"Idempotency-Key": "call-4711"})
        again = http.post("/cases", json=CASE, headers={"Idempotency-Key": "call-4711"})
        other = http.post("/cases", json=CASE, headers={"Idempotency-Key": "call-4712"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert other.json()["reference"] != first.json()["reference"]
    with running.client(token) as http:
        reused = http.post("/cases", json={**CASE, "title": "Another problem"},
                           headers={"Idempotency-Key": "call-4711"})
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["field"] == "Idempotency-Key"
    # Keys are per token: another integration's same key is its own case.
    with running.client(running.token("fieldapp")) as http:
        theirs = http.post("/cases", json=CASE, headers={"Idempotency-Key": "call-4711"})
    assert theirs.status_code == 201
    assert theirs.json()["reference"] != first.json()["reference"]


def test_a_refused_report_frees_its_idempotency_key(running: Running) -> None:
    with running.client(running.token("hotline")) as http:
        bad = http.post("/cases", json={**CASE, "grid": "NOPE-1"},
                        headers={"Idempotency-Key": "k1"})
        good = http.post("/cases", json=CASE, headers={"Idempotency-Key": "k1"})
    assert bad.status_code == 422
    assert good.status_code == 201


def test_bad_fields_are_problem_details_naming_each_field(running: Running) -> None:
    with running.client(running.token("hotline")) as http:
        reply = http.post("/cases", json={"title": 7, "category": "fire", "severity": 9,
                                          "grid": "XH-07", "colour": "red"})
        unknown = http.post("/cases", json={**CASE, "category": "weather"})
        placed = http.post("/cases", json={**{k: v for k, v in CASE.items() if k != "grid"},
                                           "longitude": 120.1, "latitude": 30.2,
                                           "address": "18 Wenyi Road"})
    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    body = reply.json()
    assert body["type"] == "/api/v1/problems/validation"
    assert body["status"] == 422
    fields = {e["field"] for e in body["errors"]}
    assert {"title", "colour"} <= fields
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "category"
    assert "weather" in unknown.json()["detail"]
    assert placed.status_code == 422  # the point lies off the demo district
    assert "is outside the territory (nearest grid XH-" in placed.json()["detail"]


def test_a_case_is_placed_by_its_point_or_its_address(running: Running) -> None:
    app = running.app
    bundle = Path(__file__).resolve().parents[3] / "resources" / "demo-center"
    assert app.gazetteer.import_csv(app.operators.system(), bundle / "addresses.csv").ok
    inner = shapely.Polygon(app.district.grid_by_code("XH-17").polygon).representative_point()
    address = app.gazetteer.search("东新街12号", 1)[0]
    unplaced = {k: v for k, v in CASE.items() if k != "grid"}
    with running.client(running.token("hotline")) as http:
        by_point = http.post("/cases", json={**unplaced, "longitude": inner.x,
                                             "latitude": inner.y})
        by_address = http.post("/cases", json={**unplaced, "address": "dongxinjie12hao"})
        vague = http.post("/cases", json={**unplaced, "address": "东新街1"})
        half = http.post("/cases", json={**unplaced, "longitude": inner.x})
        nowhere = http.post("/cases", json=unplaced)
    assert by_point.status_code == 201
    placed = app.cases.get(by_point.json()["reference"])
    assert placed.row.grid_code == "XH-17"
    assert placed.point == pytest.approx((inner.x, inner.y))
    assert by_address.status_code == 201
    found = app.cases.get(by_address.json()["reference"])
    assert (found.row.grid_code, found.location) == (address.grid_code, "东新街12号")
    assert vague.status_code == 422
    assert "matches several addresses" in vague.json()["errors"][0]["reason"]
    assert half.status_code == 422
    assert half.json()["errors"][0]["reason"] == "longitude and latitude come together"
    assert nowhere.status_code == 422
    assert nowhere.json()["errors"][0]["field"] == "grid"


def test_malformed_json_is_a_400_problem_never_a_traceback(running: Running) -> None:
    with running.client(running.token("hotline")) as http:
        broken = http.post("/cases", content=b'{"title": "x",',
                           headers={"Content-Type": "application/json"})
        array = http.post("/cases", json=[CASE])
        missing = http.get("/no/such/thing")
    assert broken.status_code == 400
    assert "not valid JSON" in broken.json()["detail"]
    assert "Traceback" not in broken.text
    assert array.status_code == 400
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_get_case_shows_public_progress_and_internal_only_with_its_scope(
        running: Running) -> None:
    app = running.app
    with running.client(running.token("hotline")) as http:
        ref = http.post("/cases", json=CASE).json()["reference"]
    officer = app.operator
    app.cases.register(officer, ref)
    app.cases.note(officer, ref, "Caller sounded drunk; internal only")
    app.cases.dispatch(officer, ref, "UTIL-1")
    with running.client(running.token("status", "cases:read")) as http:
        public = http.get(f"/cases/{ref}").json()
    with running.client(running.token("desk", "cases:read,cases:read-internal")) as http:
        internal = http.get(f"/cases/{ref}").json()
        lower = http.get(f"/cases/{ref.lower()}")
        nothing = http.get("/cases/C-2026-999999")
    assert public["stage"] == "dispatched"
    assert public["team"] == "UTIL-1"
    assert [p["action"] for p in public["progress"]] == ["report", "register", "dispatch"]
    assert public["progress"][-1]["text"] == "Team dispatched"
    assert public["deadlines"]
    assert public["next_deadline"]["due_at"]
    flat = str(public)
    assert "drunk" not in flat
    assert officer.username not in flat
    assert "reporter" not in public
    assert "138" not in flat
    assert any(p.get("note") == "Caller sounded drunk; internal only"
               for p in internal["progress"])
    assert officer.username in {p.get("operator") for p in internal["progress"]}
    assert internal["reporter"] == CASE["reporter"]
    assert lower.status_code == 200
    assert nothing.status_code == 404
    assert nothing.json()["title"] == "Not found"


def test_field_events_start_note_resolve_as_json(running: Running) -> None:
    app = running.app
    with running.client(running.token("fieldapp")) as http:
        ref = http.post("/cases", json=CASE).json()["reference"]
        app.cases.register(app.operator, ref)
        early = http.post(f"/cases/{ref}/events", json={"action": "start"})
        app.cases.dispatch(app.operator, ref, "UTIL-1")
        started = http.post(f"/cases/{ref}/events", json={"action": "start"})
        noted = http.post(f"/cases/{ref}/events", json={"action": "note",
                                                        "text": "Cones placed"})
        resolved = http.post(f"/cases/{ref}/events", json={"action": "resolve"})
        wrong = http.post(f"/cases/{ref}/events", json={"action": "close"})
    assert early.status_code == 422  # not legal before dispatch: the case service says so
    assert started.json()["stage"] == "in_progress"
    assert noted.status_code == 200
    assert resolved.json()["stage"] == "resolved"
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "action"
    timeline = app.cases.timeline(ref)
    assert [e.action for e in timeline][-3:] == ["start", "note", "resolve"]
    assert {e.operator_username for e in timeline[-3:]} == {"api:fieldapp"}


def test_concurrent_retries_with_one_key_make_one_case(running: Running) -> None:
    token = running.token("hotline")
    replies: list[httpx.Response] = []

    def post() -> None:
        with running.client(token) as http:
            replies.append(http.post("/cases", json=CASE, headers={"Idempotency-Key": "dup"}))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    made = {r.json()["reference"] for r in replies if r.status_code in (200, 201)}
    assert len(made) == 1
    assert {r.status_code for r in replies} <= {200, 201, 409}
    assert [r.status_code for r in replies].count(201) == 1
    assert running.app.cases.stage_counts().open_total == 1


def test_an_unexpected_failure_is_a_500_problem_without_a_traceback(
        running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("secret internals /srv/watchroom/db.py line 42")

    monkeypatch.setattr(running.app.intake, "status", broken)
    with running.client(running.token("status", "cases:read")) as http:
        reply = http.get("/cases/C-2026-000001")
        wrong_method = http.delete("/cases/C-2026-000001")
    assert reply.status_code == 500
    assert reply.headers["content-type"] == "application/problem+json"
    assert "secret internals" not in reply.text
    assert "Traceback" not in reply.text
    assert wrong_method.status_code == 405
    assert wrong_method.json()["title"] == "Method not allowed"
