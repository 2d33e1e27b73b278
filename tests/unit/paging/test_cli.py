"""``main.py page …`` end to end, in-process through main() like the other CLI tests."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from main import main
from tests.paging_servers import HttpReceiver
from tests.unit.paging.conftest import overdue_case


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_page_commands_end_to_end(app: App, db_url: str, clock: FakeClock,
                                  admin: OperatorRef, officer: OperatorRef,
                                  receiver: HttpReceiver, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = ["--db", db_url]
    as_admin = ["--operator", admin.username]
    code, _, err = run(capsys, "page", "channel", "add", "hook", "--kind", "webhook",
                       "--url", receiver.url + "/hook?token=T0KEN", *db,
                       "--operator", officer.username)
    assert code == 1
    assert err.startswith("error: ")
    assert "may not configure paging channels" in err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err

    monkeypatch.setattr("sys.stdin", io.StringIO("hmac-key\n"))
    code, out, err = run(capsys, "page", "channel", "add", "hook", "--kind", "webhook",
                         "--url", receiver.url + "/hook?token=T0KEN", "--secret-stdin",
                         *db, *as_admin)
    assert code == 0, err
    assert out.strip() == "added channel hook (webhook, secret set)"
    code, out, _ = run(capsys, "page", "channel", "list", *db, *as_admin)
    assert code == 0
    assert "hook\twebhook" in out
    assert "\tset\t" in out
    assert "T0KEN" not in out
    assert "hmac-key" not in out

    code, out, err = run(capsys, "page", "rule", "add", "--on", "escalation:2", "--to",
                         "address:ops", "--channel", "hook", "--repeat-min", "5", *db,
                         *as_admin)
    assert code == 0, err
    rule_id = int(out)
    code, out, _ = run(capsys, "page", "rule", "list", *db, *as_admin)
    assert out.startswith(f"#{rule_id}  on escalation:2")
    assert "every 5 min" in out
    code, _, err = run(capsys, "page", "rule", "add", "--on", "escalation:9", "--to", "x",
                       "--channel", "hook", *db, *as_admin)
    assert code == 1
    assert "Unknown trigger" in err

    ref = overdue_case(app, clock)
    code, out, _ = run(capsys, "page", "log", "--case", ref, *db)
    assert code == 0
    [line] = out.splitlines()[1:]
    fields = line.split("\t")
    assert fields[2:5] == [ref, "escalation:2", "address:ops"]
    assert fields[6] == "queued"
    page_code = fields[1]
    app.pager().run_once()
    assert json.loads(receiver.wait_for(1)[0].body)["code"] == page_code

    code, out, err = run(capsys, "page", "ack", page_code, *db, "--operator",
                         officer.username)
    assert code == 0, err
    assert out.strip() == f"acknowledged {page_code} ({ref}); 1 page stopped"
    code, out, _ = run(capsys, "page", "log", *db)
    assert f"\tacknowledged\t1\tacknowledged by {officer.display_name}" in out
    clock.advance(timedelta(minutes=10))
    assert app.pager().run_once() == []

    code, out, err = run(capsys, "page", "test", "hook", "ops-room", *db, *as_admin)
    assert code == 0, err
    assert out.strip() == "test page sent to ops-room by webhook (hook)"
    body = json.loads(receiver.wait_for(2)[1].body)
    assert body["code"] == "TEST00"
    assert body["headline"].startswith("【测试】")
    receiver.status = 503
    code, _, err = run(capsys, "page", "test", "hook", "ops-room", *db, *as_admin)
    assert code == 1
    assert err.strip() == "error: test page to ops-room by webhook failed: webhook 503"
