"""The command line, run in-process through main() and once as a real program."""

from __future__ import annotations

import csv
import getpass
import io
import json
import re
import subprocess
import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from console.app import App, open_app
from console.cases.query import CaseFilter
from console.core.domain import OperatorRef, Role, Stage
from console.operators.auth import DEMO_PASSWORD
from console.reports.export import CASE_FIELDS
from main import main

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = re.compile(r"^C-\d{4}-\d{6}$")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(app: App, db_url: str) -> str:
    """A database URL with the demo district loaded (30 grids, 8 operators, 15 teams)."""
    return db_url


def new_case(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> str:
    code, out, err = run(capsys, "case", "new", "--title", "Smoke from a shop", "--category",
                         "fire", "--severity", "2", "--grid", "XH-03", "--db", db,
                         "--operator", "wangmin", *extra)
    assert code == 0, err
    return out.strip()


def show(capsys: pytest.CaptureFixture[str], db: str, ref: str) -> tuple[dict[str, str], list[str]]:
    """``case show`` parsed back: the fields, and the timeline lines."""
    code, out, err = run(capsys, "case", "show", ref, "--db", db)
    assert code == 0, err
    head, _, tail = out.partition("timeline:\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields, [line.strip() for line in tail.splitlines()]


def test_case_new_prints_the_reference_and_show_finds_it(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ref = new_case(capsys, db, "--source", "grid_patrol", "--location", "12 River Rd",
                   "--description", "Thick smoke\nfrom the back door")

    assert REFERENCE.match(ref)
    fields, timeline = show(capsys, db, ref)
    assert fields["reference"] == ref
    assert fields["title"] == "Smoke from a shop"
    assert (fields["category"], fields["severity"], fields["grid"]) == ("fire", "2", "XH-03")
    assert fields["source"] == "grid_patrol"
    assert fields["location"] == "12 River Rd"
    assert fields["description"] == "Thick smoke\\nfrom the back door"  # still one line
    assert fields["stage"] == "reported"
    assert fields["created_by"] == "王敏"
    assert fields["reported_at"].endswith("Z")
    assert len(timeline) == 1
    at, who, action, detail = timeline[0].split(" ", 3)
    assert (who, action) == ("wangmin", "report")
    assert at == fields["reported_at"]
    assert 'title="Smoke from a shop"' in detail
    assert "grid=XH-03" in detail


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--title", "   ", "The title must not be empty."),
    ("--grid", "XH-99", "Unknown grid 'XH-99'"),
    ("--severity", "9", "Severity must be 1 (critical), 2 (high), 3 (medium) or 4 (low)"),
    ("--category", "arson", "Unknown category 'arson'; use one of:"),
    ("--source", "pigeon", "Unknown source 'pigeon'"),
])
def test_bad_input_exits_1_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: str, option: str, value: str, message: str
) -> None:
    args = {"--title": "Smoke", "--category": "fire", "--severity": "2", "--grid": "XH-03",
            option: value}
    argv = [x for pair in args.items() for x in pair]
    code, out, err = run(capsys, "case", "new", *argv, "--db", db, "--operator", "wangmin")

    assert code == 1
    assert out == ""
    assert err.startswith("error: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["case"],
    ["case", "new", "--title", "Smoke"],
    ["case", "step", "C-2026-000001", "fly"],
    ["export", "nothing"],
    ["export", "cases", "--format", "xml"],
    ["export", "hazards", "--format", "ics"],
    ["seed", "--cases", "-5"],
    ["seed", "--cases", "many"],
    ["demo", "--interval", "0"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)

    assert code == 2
    assert "usage:" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert all(word in out for word in ("demo", "case", "seed", "export", "migrate"))


def test_an_unknown_operator_is_refused_naming_the_known_ones(
    capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHROOM_OPERATOR", "nobody")
    code, _, err = run(capsys, "case", "new", "--title", "x", "--category", "fire",
                       "--severity", "2", "--grid", "XH-03", "--db", db)

    assert code == 1
    assert "No operator named 'nobody'" in err
    assert "wangmin" in err

    monkeypatch.setenv("WATCHROOM_OPERATOR", "liqiang")
    code, out, _ = run(capsys, "case", "new", "--title", "x", "--category", "fire",
                       "--severity", "2", "--grid", "XH-03", "--db", db)
    assert code == 0
    assert show(capsys, db, out.strip())[0]["created_by"] == "李强"


def test_case_step_goes_round_the_whole_loop(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ref = new_case(capsys, db)
    steps = [
        (["register"], "registered"),
        (["dispatch", "--team", "FIRE-1"], "dispatched"),
        (["pause", "--text", "Waiting for the owner"], "dispatched (paused)"),
        (["resume"], "dispatched"),
        (["start"], "in_progress"),
        (["resolve"], "resolved"),
        (["reopen", "--text", "Still smoking"], "dispatched"),
        (["start"], "in_progress"),
        (["resolve"], "resolved"),
        (["verify"], "verified"),
        (["note", "--text", "Owner thanked the crew"], "verified"),
        (["close"], "closed"),
    ]
    for args, stage in steps:
        code, out, err = run(capsys, "case", "step", ref, *args, "--db", db,
                             "--operator", "zhoujianhua")
        assert (code, out.strip()) == (0, stage), err

    fields, timeline = show(capsys, db, ref)
    assert fields["stage"] == Stage.CLOSED.value
    assert (fields["team"], fields["rework_count"]) == ("FIRE-1", "1")
    assert fields["closed_at"]
    assert fields["updated_by"] == "周建华"
    actions = [line.split(" ")[2] for line in timeline]
    assert actions == ["report"] + [args[0] for args, _ in steps]
    dispatch = timeline[2]
    assert dispatch.endswith("stage=registered->dispatched team=null->FIRE-1")
    assert 'note="Still smoking"' in timeline[7]
    assert "rework_count=0->1" in timeline[7]


def test_illegal_and_stale_steps_are_refused(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ref = new_case(capsys, db)

    code, _, err = run(capsys, "case", "step", ref, "close", "--db", db, "--operator", "wangmin")
    assert code == 1
    assert f"Cannot close case {ref}: it is reported. Legal next steps: register" in err

    code, _, err = run(capsys, "case", "step", ref, "register", "--expect-version", "1",
                       "--db", db, "--operator", "liqiang")
    assert code == 0, err
    code, _, err = run(capsys, "case", "step", ref, "dispatch", "--team", "FIRE-1",
                       "--expect-version", "1", "--db", db, "--operator", "wangmin")
    assert code == 1
    assert f"Case {ref} was changed by 李强" in err
    assert "reload" in err

    code, _, err = run(capsys, "case", "show", "C-1999-000001", "--db", db)
    assert (code, err.strip()) == (1, "error: No case 'C-1999-000001'.")


def test_options_work_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    ref = new_case(capsys, db)
    code, out, err = run(capsys, "--db", db, "--operator", "wangmin", "case", "step", ref,
                         "register")
    assert (code, out.strip()) == (0, "registered"), err
    code, out, _ = run(capsys, "--db", db, "case", "show", ref)
    assert code == 0
    assert "stage: registered" in out


def test_seed_reports_progress_and_a_summary(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = run(capsys, "seed", "--cases", "2000", "--open", "40", "--days", "30",
                         "--db", db, "--operator", "zhaopeng")

    assert code == 0, err
    summary = dict(line.split(": ") for line in out.splitlines())
    assert (summary["cases"], summary["open"]) == ("2000", "40")
    assert int(summary["audit entries"]) > 7 * 1960
    assert float(summary["seconds"]) >= 0
    assert float(summary["cases/s"]) > 0
    assert err.splitlines()[-1] == "seeded 2,000 of 2,000 cases (100%)"  # not a TTY: lines

    # A case reported afterwards continues its year's sequence: no gap, no clash.
    ref = new_case(capsys, db)
    app = open_app(db)
    try:
        year = [r.reference for r in app.cases.open_cases()
                if r.reference.startswith(ref[:7])]
        closed = app.cases.history_page(CaseFilter(), limit=5000).rows
        year += [r.reference for r in closed if r.reference.startswith(ref[:7])]
    finally:
        app.close()
    assert len(set(year)) == len(year) == int(ref[-6:])


def test_seed_lays_out_a_city_and_seeds_its_cells(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = run(capsys, "seed", "--city", "2", "--cases", "1500", "--open", "30",
                         "--days", "60", "--db", db, "--operator", "zhaopeng")
    assert code == 0, err
    summary = dict(line.split(": ") for line in out.splitlines())
    assert (summary["cases"], summary["open"]) == ("1500", "30")
    app = open_app(db)
    try:
        districts = [g.code[:3] for g in app.district.grids() if g.code[:1] == "D"]
        teams = {t.code for t in app.district.teams()}
        open_rows = app.cases.open_cases()
        by_district = {app.district.grid(r.grid_id).code[:3] for r in open_rows}
        # A case goes to its own district's team (its street's grid workers, or the
        # district's specialists).
        own_team = [app.district.team(r.team_id).code[:3] == app.district.grid(r.grid_id).code[:3]
                    for r in open_rows if r.team_id is not None]
    finally:
        app.close()
    assert sorted(set(districts)) == ["D01", "D02"]
    assert len(districts) == 20_000  # two districts of 10,000 cells
    assert {"D01-FIRE", "D02-GW10"} <= teams
    assert by_district <= {"D01", "D02"}  # cases go to the city's cells, not the demo's
    assert own_team
    assert all(own_team)
    code, _, err = run(capsys, "seed", "--city", "2", "--cases", "10", "--into-live",
                       "--db", db, "--operator", "zhaopeng")
    assert code != 0
    assert "already holds the city's districts" in err


def test_export_round_trips_through_files_and_stdout(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    assert run(capsys, "seed", "--cases", "300", "--days", "20", "--db", db,
               "--operator", "zhaopeng")[0] == 0
    ref = new_case(capsys, db)
    target = tmp_path / "cases.csv"

    code, out, err = run(capsys, "export", "cases", "--format", "csv", "--out", str(target),
                         "--db", db)
    assert code == 0, err
    assert out.strip() == f"exported 301 cases to {target}"
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert len(rows) == 301
    assert len({r["reference"] for r in rows}) == 301
    assert not (tmp_path / "cases.csv.partial").exists()

    code, out, err = run(capsys, "export", "cases", "--format", "json", "--db", db)
    assert code == 0
    assert err.strip() == "exported 301 cases"
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["reference"] for r in records] == [r["reference"] for r in rows]
    mine = next(r for r in records if r["reference"] == ref)
    assert (mine["title"], mine["stage"], mine["team"]) == ("Smoke from a shop", "reported", None)
    csv_mine = next(r for r in rows if r["reference"] == ref)
    assert {k: as_csv(mine[k]) for k in CASE_FIELDS} == csv_mine


def as_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_export_to_an_unwritable_place_fails_cleanly(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "cases.csv"
    code, _, err = run(capsys, "export", "cases", "--out", str(target), "--db", db)
    assert code == 1
    assert err.startswith(f"error: cannot write {target}")


def test_migrate_prints_the_revision(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    code, out, _ = run(capsys, "migrate", "--db", url)
    assert code == 0
    assert re.fullmatch(r"revision: \w+ \(upgraded\)\n", out)
    code, out, _ = run(capsys, "migrate", "--db", url)
    assert code == 0
    assert out.endswith("(already current)\n")


@pytest.mark.parametrize("url", [
    "sqlite:////proc/no-such-dir/x.sqlite",
    "nonsense://",
    "postgresql+psycopg://nobody:secret@127.0.0.1:1/none",
])
def test_a_database_that_cannot_be_opened_exits_1(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, _, err = run(capsys, "case", "show", "C-2026-000001", "--db", url)
    assert code == 1
    assert err.startswith("error: cannot open the database")
    assert "secret" not in err
    assert "Traceback" not in err


@dataclass
class GuiCall:
    db: str
    operator: OperatorRef
    threads: set[str]
    options: dict[str, object]


@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list[GuiCall]:
    """Stands in for widgets.shell.launcher: records what the GUI would have been given."""
    calls: list[GuiCall] = []

    def run_gui(app: App, on_started: Callable[[], None] | None = None,
                **options: object) -> int:
        if on_started is not None:
            on_started()
        if not app.operators.has_people():  # the real one shows the first-run dialog
            app.operators.create_first_admin(getpass.getuser(), "", "first-admin-password")
            app.sign_in(getpass.getuser(), "first-admin-password")
        calls.append(GuiCall(app.db.url, app.operator, {t.name for t in threading.enumerate()},
                             options))
        return 0

    module = types.ModuleType("widgets.shell.launcher")
    module.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "widgets.shell.launcher", module)
    return calls


def test_without_a_command_the_gui_opens_the_embedded_database(
    capsys: pytest.CaptureFixture[str], fake_gui: list[GuiCall], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'mine.sqlite'}"
    monkeypatch.setenv("WATCHROOM_DB_URL", url)

    assert run(capsys)[0] == 0

    (call,) = fake_gui
    assert call.db == url
    assert call.options["sign_in"] is True  # the window opens only after signing in
    assert call.operator.username == getpass.getuser().lower()
    assert call.operator.role is Role.ADMIN  # whoever installs the console administers it


def test_demo_fills_its_database_and_runs_the_feed_while_the_window_is_up(
    capsys: pytest.CaptureFixture[str], fake_gui: list[GuiCall], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    code, out, err = run(capsys, "demo", "--db", url)

    assert code == 0, err
    assert "Loaded the demo center" in out
    assert "Seeding 3,000 cases" in out
    (call,) = fake_gui
    assert call.operator.username == "chenhao"  # the center's first duty officer, by name
    # The sign-in dialog starts with that officer and states the demo password, which
    # every demo operator really has.
    assert call.options["user"] == "chenhao"
    assert call.options["demo_password"] == DEMO_PASSWORD
    demo = open_app(url)
    try:
        assert demo.operators.authenticate("sunwei", DEMO_PASSWORD).role is Role.REVIEWER
    finally:
        demo.close()
    assert "demo-feed" in call.threads
    assert "demo-feed" not in {t.name for t in threading.enumerate()}  # stopped on exit
    app = open_app(url)
    try:
        assert len(app.cases.open_cases()) == 150
        assert len(app.cases.history_page(CaseFilter(), limit=5).rows) == 5
    finally:
        app.close()
    # A second start keeps what is there.
    assert run(capsys, "demo", "--db", url)[1].count("Seeding") == 0


def test_main_py_runs_as_a_program(db: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "case", "new", "--title", "Blocked fire exit",
         "--category", "fire", "--severity", "2", "--grid", "XH-07", "--db", db,
         "--operator", "wangmin"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert REFERENCE.match(result.stdout.strip())
    assert result.stdout.count("\n") == 1


def test_subcommands_run_without_qt(db: str) -> None:
    script = ("import sys, main; code = main.main(sys.argv[1:]); "
              "print('qt' if 'PySide6' in sys.modules else 'headless', file=sys.stderr); "
              "sys.exit(code)")
    result = subprocess.run(
        [sys.executable, "-c", script, "export", "cases", "--format", "json", "--db", db],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "headless"


def test_csv_from_stdout_parses(capsys: pytest.CaptureFixture[str], db: str) -> None:
    new_case(capsys, db)
    code, out, _ = run(capsys, "export", "cases", "--db", db)
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["title"] == "Smoke from a shop"
    assert row["paused"] == "false"


def test_seed_needs_an_administrator_and_a_database_of_its_own(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, _, err = run(capsys, "seed", "--cases", "10", "--db", db, "--operator", "wangmin")
    assert code == 1
    assert "needs an administrator" in err
    ref = new_case(capsys, db)
    code, _, err = run(capsys, "seed", "--cases", "10", "--db", db, "--operator", "zhaopeng")
    assert code == 1
    assert "holds 1 real case:" in err
    assert run(capsys, "seed", "--cases", "10", "--db", db, "--operator", "zhaopeng",
               "--into-live")[0] == 0
    # The seeded cases never count as real: the same database still holds one real case.
    code, _, err = run(capsys, "seed", "--cases", "10", "--db", db, "--operator", "zhaopeng")
    assert "holds 1 real case:" in err
    assert ref.startswith("C-")


def test_the_command_line_cannot_act_as_the_engine(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, _, err = run(capsys, "case", "new", "--title", "x", "--category", "fire",
                       "--severity", "2", "--grid", "XH-03", "--db", db, "--operator", "engine")
    assert code == 1
    assert "system identity" in err


def test_operator_add_without_a_terminal_checks_the_role_first(
    capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, nothing piped
    code, _, err = run(capsys, "operator", "add", "newbie", "--name", "New", "--role",
                       "reviewer", "--db", db, "--operator", "wangmin")
    assert code == 1
    assert "may not add operators" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "operator", "add", "newbie", "--name", "New", "--role",
                       "reviewer", "--db", db, "--operator", "zhaopeng")
    assert code == 1
    assert err.strip() == ("error: no terminal to type the password on: pipe it in with "
                           "--password-stdin")
