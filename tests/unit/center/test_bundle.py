"""The center as one bundle: export, import into an empty database, export again gives the
same files byte for byte; a second import changes nothing; bad records are reported by
file and line with the good ones kept; only an administrator moves a center."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.center.bundle import export_center, import_center
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from db.demo.roster_loader import load_roster
from db.models import AuditEntry, Change
from main import main


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def writes(app: App) -> tuple[int, int]:
    """How many audit entries and change-feed entries the database holds."""
    with app.db.read() as s:
        return (s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.count()).select_from(Change)) or 0)


@pytest.fixture
def center(app: App, admin: OperatorRef, coordinator: OperatorRef, clock: FakeClock) -> App:
    """The demo district with its roster, hazards, a stricter tier and a name."""
    load_roster(app.db, clock.now(), days_before=1, days_after=3)
    app.district.invalidate()
    app.hazards.load_demo()
    grids = [g.id for g in app.district.grids()[:3]]
    app.sla.create_tier(coordinator, name="Flood season", factor=0.5, grid_ids=grids,
                        starts_at=clock.now(), ends_at=clock.now() + timedelta(days=90))
    app.center.update(admin, name="新河区城市运行管理中心", name_en="Xinhe Center")
    return app


@pytest.fixture
def other(tmp_path: Path, clock: FakeClock) -> Iterator[App]:
    """A second, empty database, its first administrator made as ``operator add`` does."""
    app = open_app(f"sqlite:///{tmp_path / 'other.sqlite'}", clock)
    app.operators.create_first_admin("zhaopeng", "赵鹏", "first-admin-pw")
    yield app
    app.close()


def test_export_import_export_gives_the_same_files(center: App, admin: OperatorRef,
                                                   other: App, tmp_path: Path) -> None:
    first = tmp_path / "first"
    written = export_center(center, admin, first)
    assert written[:4] == ["center.json", "territory/district.geojson",
                           "territory/community.geojson", "territory/grid.geojson"]
    assert {"sla_tiers.csv", "rotations.json", "hazards.csv", "README.txt"} <= set(written)
    report = import_center(other, other.operators.get("zhaopeng"), first)
    assert report.ok, report.lines()
    assert other.center.settings().name == "新河区城市运行管理中心"
    assert len(other.district.grids()) == 30
    assert len(other.rosters.members()) == 658
    second = tmp_path / "second"
    export_center(other, other.operators.get("zhaopeng"), second)
    assert files_of(second) == files_of(first)
    again = tmp_path / "again"
    export_center(center, admin, again)
    assert files_of(again) == files_of(first)  # exporting twice: byte-identical


def test_a_second_import_changes_nothing(center: App, admin: OperatorRef, other: App,
                                         tmp_path: Path) -> None:
    export_center(center, admin, tmp_path / "bundle")
    lead = other.operators.get("zhaopeng")
    import_center(other, lead, tmp_path / "bundle")
    before = writes(other)
    report = import_center(other, lead, tmp_path / "bundle")
    assert report.ok
    assert writes(other) == before
    counts = [line for line in report.lines() if " added, " in line or "created=" in line]
    assert len(counts) == 10  # every sheet (teams twice: its leaders), and hazards
    assert all(": 0 added, 0 updated, " in line or "created=0 updated=0 " in line
               for line in counts), counts


def test_new_operators_get_a_one_time_password(center: App, admin: OperatorRef,
                                               other: App, tmp_path: Path) -> None:
    export_center(center, admin, tmp_path / "bundle")
    report = import_center(other, other.operators.get("zhaopeng"), tmp_path / "bundle")
    notes = [line for line in report.lines() if "one-time password" in line]
    assert len(notes) == 7  # the admin existed already
    name, password = notes[0].split("new operator ")[1].split(": one-time password ")
    assert other.operators.authenticate(name, password.split(" ")[0]).username == name


def test_bad_records_are_reported_by_file_and_line(center: App, admin: OperatorRef,
                                                   other: App, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    export_center(center, admin, bundle)
    teams = (bundle / "teams.csv").read_text(encoding="utf-8").splitlines()
    teams[3] = teams[3].replace(",grid_workers,", ",astronauts,")
    (bundle / "teams.csv").write_text("\n".join(teams) + "\n", encoding="utf-8")
    rejected_team = teams[3].split(",")[0]
    report = import_center(other, other.operators.get("zhaopeng"), bundle)
    assert not report.ok
    lines = report.lines()
    assert any(line.startswith("teams.csv:4: rejected: Unknown team kind 'astronauts'")
               for line in lines)
    # Its members cannot join a team that is not there: each reported, the rest kept.
    assert any(line.startswith("members.csv: line ") and rejected_team in line
               for line in lines)
    assert len(other.district.teams()) == 14
    assert lines[-1].endswith("records rejected in teams.csv, members.csv, rotations.json")


def test_only_an_administrator_moves_a_center(center: App, coordinator: OperatorRef,
                                              officer: OperatorRef, admin: OperatorRef,
                                              tmp_path: Path) -> None:
    export_center(center, admin, tmp_path / "bundle")
    for who in (coordinator, officer):
        with pytest.raises(PermissionDenied, match="admin"):
            import_center(center, who, tmp_path / "bundle")
        with pytest.raises(PermissionDenied, match="admin"):
            export_center(center, who, tmp_path / "theirs")


def test_a_folder_that_is_not_a_bundle(app: App, admin: OperatorRef, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"no center\.json"):
        import_center(app, admin, tmp_path)
    (tmp_path / "center.json").write_text('{"format": "something else"}', encoding="utf-8")
    report = import_center(app, admin, tmp_path)
    assert report.lines()[0] == ("center.json: rejected: not a Watchroom center (its "
                                 "\"format\" is not 'watchroom-center').")
    assert not report.ok


# ---- the command line ------------------------------------------------------------------


def test_center_import_on_a_new_database_needs_its_administrator_first(
        center: App, admin: OperatorRef, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle"
    export_center(center, admin, bundle)
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert main(["center", "import", str(bundle), "--db", url]) == 1
    assert "operator add NAME --role admin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["operator", "add", "zhaopeng", "--role", "admin", "--password-stdin",
                 "--db", url]) == 0
    capsys.readouterr()
    assert main(["center", "import", str(bundle), "--db", url, "--operator", "zhaopeng"]) == 0
    out = capsys.readouterr().out
    assert "every record taken" in out.splitlines()[-1]
    assert main(["center", "export", str(tmp_path / "out"), "--db", url,
                 "--operator", "zhaopeng"]) == 0
    assert files_of(tmp_path / "out") == files_of(bundle)
    assert main(["center", "export", str(tmp_path / "x"), "--db", url,
                 "--operator", "wangmin"]) == 1
    assert "may not export the center" in capsys.readouterr().err


def test_import_kind_sheets_on_the_command_line(app: App, db_url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    teams = tmp_path / "teams.csv"
    teams.write_text("code,name_zh,kind\nBOAT-1,冲锋舟队,rescue\nX,bad,rescue\n",
                     encoding="utf-8")
    members = tmp_path / "members.csv"
    members.write_text("team,name,role\nBOAT-1,王五,Helmsman\n", encoding="utf-8")
    code = main(["import", "--kind", "teams", str(teams), "--db", db_url,
                 "--operator", "zhoujianhua"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == ["teams.csv: 1 added, 0 updated, 0 unchanged, 1 rejected",
                                "teams.csv:3: rejected: Team code 'X' must be 2-32 capital "
                                "letters, digits, '-' or '_'."]
    for kind in ("members", "roster"):
        assert main(["import", "--kind", kind, str(members), "--db", db_url,
                     "--operator", "zhoujianhua"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        "members.csv: 0 added, 0 updated, 1 unchanged, 0 rejected"
    assert main(["import", "--kind", "operators", str(tmp_path / "none.csv"), "--db", db_url,
                 "--operator", "zhaopeng"]) == 1
    assert "none.csv: rejected: Cannot read" in capsys.readouterr().out
    assert main(["import", "--kind", "operators", str(members), "--db", db_url,
                 "--operator", "zhoujianhua"]) == 1
    assert "may not import operators" in capsys.readouterr().err
    roles = {o.username: o.role for o in app.operators.list()}
    assert roles["zhoujianhua"] is Role.COORDINATOR
