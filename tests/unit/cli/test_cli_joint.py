"""Joint handling on the command line (issue 22): ``case step`` with --assist/--part,
whistle, report-in, part-done, return, dispute, rule, callback; ``case show``'s joint
lines; ``bulletin --joint``."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.app import App
from tests.unit.cli.test_cli import new_case, run, show


@pytest.fixture
def db(app: App, db_url: str) -> str:
    return db_url


def _step(capsys: pytest.CaptureFixture[str], db: str, ref: str, *args: str,
          who: str = "wangmin") -> tuple[int, str, str]:
    return run(capsys, "case", "step", ref, *args, "--db", db, "--operator", who)


def test_joint_steps_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                           db: str) -> None:
    ref = new_case(capsys, db, "--source", "hotline")
    steps = [
        (["register"], "registered"),
        (["dispatch", "--team", "FIRE-1", "--assist", "PATROL-1", "--part",
          "clear the vehicles"], "dispatched"),
        (["whistle", "--teams", "UTIL-1", "--text", "Open the gate"], "dispatched"),
        (["report-in", "--team", "PATROL-1"], "dispatched"),
        (["report-in", "--team", "UTIL-1"], "dispatched"),
        (["return", "--reason", "not_our_jurisdiction", "--text", "Estate road"],
         "registered"),
        (["dispute", "--text", "Nobody takes it"], "registered"),
    ]
    for args, stage in steps:
        code, out, err = _step(capsys, db, ref, *args)
        assert (code, out.strip()) == (0, stage), err
    code, _, err = _step(capsys, db, ref, "rule", "--team", "RESCUE-1", "--text", "Rescue's")
    assert code == 1
    assert "may not rule cases" in err
    code, out, err = _step(capsys, db, ref, "rule", "--team", "RESCUE-1", "--text",
                           "Rescue's", who="zhoujianhua")
    assert (code, out.strip()) == (0, "dispatched"), err
    code, _, err = _step(capsys, db, ref, "return", "--reason", "duplicate", "--text", "x")
    assert code == 1
    assert "ruled it to this team" in err
    code, _, err = _step(capsys, db, ref, "start")
    assert code == 0, err
    code, _, err = _step(capsys, db, ref, "resolve")
    assert code == 1
    assert "assisting parts are still open: PATROL-1 (reported), UTIL-1 (reported)" in err
    for args in (["part-done", "--team", "PATROL-1"], ["part-done", "--team", "UTIL-1"],
                 ["resolve"], ["verify"], ["close"]):
        code, _, err = _step(capsys, db, ref, *args)
        assert code == 0, err
    fields, timeline = show(capsys, db, ref)
    assert fields["assist"] == "PATROL-1 done (clear the vehicles); UTIL-1 done"
    assert fields["ruled_team"] == "RESCUE-1"
    assert fields["callbacks"] == "1 pending"
    assert fields["legal_next"] == "callback, note"
    code, out, err = _step(capsys, db, ref, "callback", "--satisfaction", "dissatisfied",
                           "--resolved", "no", "--text", "Blocked again")
    assert (code, out.strip()) == (0, "registered"), err
    fields, timeline = show(capsys, db, ref)
    assert fields["callback_reopens"] == "1"
    assert "reason=not_our_jurisdiction" in next(t for t in timeline if " return " in t)

    # The month the case ran in (the command line runs on the system clock).
    reported = datetime.fromisoformat(fields["reported_at"].replace("Z", "+00:00"))
    month = reported.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    code, out, err = run(capsys, "bulletin", "--month", month, "--joint", "--db", db)
    assert code == 0, err
    assert out.splitlines()[0].startswith("scope,code,name,whistled")
    assert out.splitlines()[1].startswith("all,,,1,2,")


def test_callback_on_a_case_not_from_a_citizen_is_refused(
        capsys: pytest.CaptureFixture[str], db: str) -> None:
    ref = new_case(capsys, db, "--source", "sensor")
    for args in (["register"], ["dispatch", "--team", "FIRE-1"], ["start"], ["resolve"],
                 ["verify"], ["close"]):
        assert _step(capsys, db, ref, *args)[0] == 0
    code, _, err = _step(capsys, db, ref, "callback", "--satisfaction", "satisfied",
                         "--resolved", "yes")
    assert code == 1
    assert "did not come from a citizen" in err
