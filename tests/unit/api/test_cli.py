"""``main.py token add|list|revoke`` and ``main.py serve`` as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.serve import bound_socket
from console.app import App
from console.core.domain import Role
from main import main

ROOT = Path(__file__).resolve().parents[3]


def _admin(app: App) -> str:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN).username


def test_token_add_prints_the_secret_once_list_shows_last_use_revoke_refuses(
        app: App, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    admin = _admin(app)
    assert main(["token", "add", "hotline", "--scope", "cases:write,cases:read",
                 "--db", db_url, "--operator", admin]) == 0
    out = capsys.readouterr()
    secret = out.out.strip()
    assert secret.startswith("wr_")
    assert "api:hotline" in out.err
    assert main(["token", "list", "--db", db_url, "--operator", admin]) == 0
    listed = capsys.readouterr().out
    assert "hotline\tcases:read,cases:write\tcreated" in listed
    assert "last used never" in listed
    assert secret not in listed
    officer = app.operator.username
    assert main(["token", "add", "mine", "--scope", "cases:write", "--db", db_url,
                 "--operator", officer]) == 1
    assert "may not" in capsys.readouterr().err
    assert main(["token", "revoke", "hotline", "--db", db_url, "--operator", admin]) == 0
    assert main(["token", "list", "--db", db_url, "--operator", admin]) == 0
    assert "\trevoked " in capsys.readouterr().out


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_serve_runs_until_sigterm(app: App, db_url: str) -> None:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    secret = app.tokens.add(admin, "probe", "heartbeats:write").secret
    sock = bound_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--db", db_url,
                             "--port", str(port)], env=env, stderr=subprocess.PIPE,
                            text=True)
    try:
        line = ""
        while "Uvicorn running" not in line and "Application startup" not in line:
            line = proc.stderr.readline() if proc.stderr else ""
            assert line or proc.poll() is None, "serve stopped before it listened"
        reply = httpx.post(f"http://127.0.0.1:{port}/api/v1/heartbeats/pump",
                           json={"interval": 60}, headers={"Authorization": f"Bearer {secret}"})
        assert reply.status_code == 201
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert [f.name for f in app.heartbeats.feeds()] == ["pump"]
