"""A real intake server on 127.0.0.1 (a free port, uvicorn in a thread) over the test's
app and fake clock, and tokens to call it with."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from api.limits import Limits
from api.serve import bound_socket, server
from console.app import App
from console.core.domain import OperatorRef, Role
from console.intake.tokens import SCOPES

ALL_SCOPES = ",".join(s for s in SCOPES)


@dataclass
class Running:
    """A server and what the tests need to call it."""

    url: str
    app: App
    admin: OperatorRef

    def client(self, token: str | None = None, **kw: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + "/api/v1", headers=headers, timeout=10.0,
                            **kw)  # type: ignore[arg-type]

    def token(self, name: str, scopes: str = ALL_SCOPES) -> str:
        return self.app.tokens.add(self.admin, name, scopes).secret


def start(app: App, limits: Limits) -> tuple[str, uvicorn.Server, threading.Thread]:
    sock = bound_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    srv = server(app, "127.0.0.1", port, limits, log_level="warning", access_log=False)
    thread = threading.Thread(target=lambda: asyncio.run(srv.serve(sockets=[sock])),
                              name="intake-server", daemon=True)
    thread.start()
    for _ in range(500):
        if srv.started:
            break
        thread.join(0.01)
    assert srv.started, "the intake server did not start"
    return f"http://127.0.0.1:{port}", srv, thread


@pytest.fixture
def limits() -> Limits:
    return Limits(json_bytes=64 * 1024, xml_bytes=256 * 1024, upload_bytes=2 * 1024 * 1024,
                  body_idle_s=1.0, rate_per_s=1000.0, burst=1000)


@pytest.fixture
def running(app: App, limits: Limits) -> Iterator[Running]:
    url, srv, thread = start(app, limits)
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    try:
        yield Running(url, app, admin)
    finally:
        srv.should_exit = True
        thread.join(10)
