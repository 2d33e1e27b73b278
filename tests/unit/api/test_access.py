"""Who may call: no token, a wrong one, a revoked one, a missing scope; the rate limit;
bodies over the limit; slow bodies; the OpenAPI document."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from api.limits import Limits
from api.openapi import DOCUMENT
from api.server import create_app
from console.app import App
from console.clock import FakeClock
from console.core.errors import PermissionDenied, ValidationError
from db.models import ApiToken
from tests.unit.api.conftest import Running
from tests.unit.api.test_cases import CASE


def test_no_token_is_401_with_a_bearer_challenge(running: Running) -> None:
    with running.client() as http:
        reply = http.post("/cases", json=CASE)
        basic = http.post("/cases", json=CASE, headers={"Authorization": "Basic eDp5"})
    assert reply.status_code == 401
    assert basic.status_code == 401
    assert reply.headers["www-authenticate"].startswith("Bearer")
    assert reply.json()["title"] == "Not authenticated"


def test_a_wrong_and_a_revoked_token_are_401(running: Running) -> None:
    token = running.token("hotline")
    with running.client("wr_" + "x" * 43) as http:
        assert http.post("/cases", json=CASE).status_code == 401
    with running.client(token) as http:
        assert http.post("/cases", json=CASE).status_code == 201
        running.app.tokens.revoke(running.admin, "hotline")
        refused = http.post("/cases", json=CASE)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_a_missing_scope_is_403(running: Running) -> None:
    with running.client(running.token("sensor", "heartbeats:write")) as http:
        reply = http.post("/cases", json=CASE)
        read = http.get("/cases/C-2026-000001")
        alerts = http.post("/alerts", json={"event": "Smoke"})
        ack = http.post("/pages/ABC123/ack")
    assert {r.status_code for r in (reply, read, alerts, ack)} == {403}
    assert "cases:write" in reply.json()["detail"]


def test_tokens_are_for_admins_shown_once_and_stored_hashed(running: Running,
                                                           app: App) -> None:
    with pytest.raises(PermissionDenied):
        app.tokens.add(app.operator, "mine", "cases:write")  # a duty officer
    with pytest.raises(ValidationError, match="Unknown scope"):
        app.tokens.add(running.admin, "x", "cases:delete")
    made = app.tokens.add(running.admin, "hotline", "cases:write")
    with pytest.raises(ValidationError, match="exists already"):
        app.tokens.add(running.admin, "hotline", "cases:write")
    with app.db.read() as s:
        stored = s.scalar(select(ApiToken.secret_hash))
    assert made.secret not in stored
    assert len(stored) == 64
    # The token's operator cannot sign in to the console, and is no person on its lists.
    with pytest.raises(PermissionDenied):
        app.operators.authenticate("api:hotline", made.secret)
    assert made.info.operator == "api:hotline"
    for people in (app.operators.list(), app.operators.active_people(),
                   [a.ref for a in app.operators.accounts(running.admin)]):
        assert "api:hotline" not in {p.username for p in people}


def test_last_use_is_recorded(running: Running, app: App, clock: FakeClock) -> None:
    token = running.token("hotline")
    assert app.tokens.tokens(running.admin)[0].last_used_at is None
    with running.client(token) as http:
        http.post("/cases", json=CASE)
    assert app.tokens.tokens(running.admin)[0].last_used_at == clock.now()


@pytest.mark.parametrize("limits", [Limits(rate_per_s=0.001, burst=3)])
def test_a_token_over_its_rate_gets_429_with_retry_after(running: Running) -> None:
    with running.client(running.token("flood")) as http:
        replies = [http.post("/heartbeats/pump-1", json={"interval": 60}) for _ in range(5)]
    with running.client(running.token("calm")) as http:
        other = http.post("/heartbeats/pump-2", json={"interval": 60})
    assert [r.status_code for r in replies] == [201, 200, 200, 429, 429]
    assert int(replies[-1].headers["retry-after"]) >= 1
    assert replies[-1].json()["status"] == 429
    assert other.status_code == 201  # the bucket is per token


@pytest.mark.parametrize("limits", [Limits(json_bytes=1024, body_idle_s=0.5)])
def test_oversized_bodies_are_413(running: Running) -> None:
    with running.client(running.token("hotline")) as http:
        big = http.post("/cases", json={**CASE, "description": "x" * 5000})
        chunked = http.post("/cases", content=iter([b"{" + b" " * 800, b" " * 800 + b"}"]),
                            headers={"Content-Type": "application/json"})
    assert big.status_code == 413
    assert big.json()["title"] == "Request body too large"
    assert chunked.status_code == 413  # no Content-Length: counted as it arrives


def _raw_post(running: Running, token: str, parts: list[bytes], pause_s: float) -> str:
    """POST a heartbeat over a raw socket, its body in ``parts`` ``pause_s`` apart
    (announced whole by Content-Length); the server's reply's status line."""
    host, port = running.url.removeprefix("http://").split(":")
    body = b"".join(parts)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /api/v1/heartbeats/slow HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: Bearer " + token.encode() + b"\r\n"
                     b"Content-Type: application/json\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        for part in parts:
            threading.Event().wait(pause_s)  # the client's pace, not a deadline
            sock.sendall(part)
        return sock.recv(4096).decode().splitlines()[0]


@pytest.mark.parametrize("limits", [Limits(body_idle_s=0.5, body_total_s=2.0)])
def test_a_client_that_stops_sending_its_body_is_timed_out(running: Running) -> None:
    token = running.token("slow")
    # Steady, if slow: taken.
    assert _raw_post(running, token, [b'{"inter', b'val": ', b"60}"], 0.1).startswith(
        "HTTP/1.1 201")
    # Stops half-way: 408 after half a second of nothing, without the rest.
    host, port = running.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /api/v1/heartbeats/slow HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: Bearer " + token.encode() + b"\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{")
        assert sock.recv(4096).decode().startswith("HTTP/1.1 408")


@pytest.mark.parametrize("limits", [Limits(body_idle_s=0.5, body_total_s=1.0)])
def test_a_body_trickled_past_the_total_time_is_timed_out(running: Running) -> None:
    token = running.token("trickle")
    body = [bytes([c]) for c in b'{"interval": 60}'[:8]]
    status = _raw_post(running, token, body, 0.25)  # never idle half a second
    assert status.startswith("HTTP/1.1 408")


def test_the_served_openapi_document_is_the_checked_in_one_and_names_every_route(
        running: Running, app: App) -> None:
    with running.client() as http:
        served = http.get("/openapi.json").json()
    assert served == json.loads(DOCUMENT.read_text(encoding="utf-8"))
    routes = {(r.path.removeprefix("/api/v1"), m.lower())  # type: ignore[attr-defined]
              for r in create_app(app).routes for m in r.methods  # type: ignore[attr-defined]
              if m != "HEAD"}
    documented = {(path, method) for path, ops in served["paths"].items() for method in ops}
    assert routes == documented
    assert Path(DOCUMENT).parent.name == "api"
