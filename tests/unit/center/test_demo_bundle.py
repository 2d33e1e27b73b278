"""The demo is one bundle: resources/demo-center/ loads through center import like any
center's, exports back to the same files, and the fast loaders the tests use give the
same center."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from console.app import App, open_app
from console.center.bundle import export_center, import_center
from console.clock import FakeClock
from console.demo.center import load_demo_center, load_inspection_history
from db.demo.district_loader import DEMO_CENTER, load_district
from db.demo.roster_loader import load_roster
from db.models import AuditEntry, Change


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_the_demo_loads_as_a_bundle_with_a_real_tree(empty_app: App) -> None:
    said: list[str] = []
    assert load_demo_center(empty_app, said.append)
    assert said[0].startswith("Loaded the demo center Xinhe District City Operations Center "
                              "from demo-center/: 30 grids in 8 communities, 15 teams, "
                              "658 members, 8 operators, 40 hazards.")
    (district,) = empty_app.territory.areas("district")
    assert (district.code, district.name_zh, district.parent_code) == ("XH", "新河区", "")
    communities = {a.code: a for a in empty_app.territory.areas("community")}
    assert communities["XH-BINHE"].parent_code == "XH"
    assert communities["XH-BINHE"].name_en == "Binhe Community"
    grid = empty_app.district.grid_by_code("XH-07")
    assert (grid.parent_code, grid.community_zh, grid.name_en) == \
        ("XH-BINHE", "滨河社区", "Riverside South")
    leaders = {m.team_code: m.name for m in empty_app.rosters.members() if m.leader}
    assert leaders["FIRE-1"] == "陈文杰"
    assert len(empty_app.rosters.rotations()) == 15
    assert empty_app.rosters.on_duty()  # shifts were generated around today
    assert not load_demo_center(empty_app, said.append)  # a second start adds nothing


def test_the_demo_bundle_exports_back_to_its_own_files(empty_app: App,
                                                       tmp_path: Path) -> None:
    load_demo_center(empty_app, lambda _line: None)
    export_center(empty_app, empty_app.operators.system(), tmp_path / "out")
    exported, shipped = files_of(tmp_path / "out"), files_of(DEMO_CENTER)
    # Tile sets are read where they lie and not copied out (an imagery set is gigabytes):
    # the export is the center's configuration, its basemaps are files beside it.
    tile_sets = {name for name in shipped if name.startswith("basemaps/")}
    assert tile_sets == {"basemaps/demo-street.mbtiles", "basemaps/demo-night.mbtiles"}
    assert [b.name for b in empty_app.basemaps.list()] == [
        "Demo night map 演示夜间图", "Demo street map 演示街道图"]
    shipped = {name: data for name, data in shipped.items() if name not in tile_sets}
    assert set(exported) == set(shipped)
    # Hazard dates are the demo's own (relative to its start), hence empty in the bundle.
    assert {name for name in shipped if exported[name] != shipped[name]} == {"hazards.csv"}


def test_the_fast_loaders_give_what_center_import_gives(empty_app: App, clock: FakeClock,
                                                        tmp_path: Path) -> None:
    load_demo_center(empty_app, lambda _line: None)
    assert load_inspection_history(empty_app) == 56  # 57, less the retired hazard's one
    export_center(empty_app, empty_app.operators.system(), tmp_path / "imported")
    fast = open_app(f"sqlite:///{tmp_path / 'fast.sqlite'}", clock)
    try:
        load_district(fast.db, clock.now())
        fast.district.invalidate()
        load_roster(fast.db, clock.now())
        fast.hazards.load_demo()
        fast.incidents.import_plans(fast.operators.system(), DEMO_CENTER / "plans.yaml")
        fast.gazetteer.import_csv(fast.operators.system(), DEMO_CENTER / "addresses.csv")
        fast.center.update(fast.operators.system(),
                           name=empty_app.center.settings().name,
                           name_en=empty_app.center.settings().name_en)
        export_center(fast, fast.operators.system(), tmp_path / "fast")
    finally:
        fast.close()
    assert files_of(tmp_path / "fast") == files_of(tmp_path / "imported")


def test_importing_the_demo_twice_changes_nothing(empty_app: App) -> None:
    system = empty_app.operators.system()
    import_center(empty_app, system, DEMO_CENTER, one_time_passwords=False)
    with empty_app.db.read() as s:
        before = (s.scalar(select(func.count()).select_from(AuditEntry)),
                  s.scalar(select(func.count()).select_from(Change)))
    again = import_center(empty_app, system, DEMO_CENTER, one_time_passwords=False)
    assert again.ok
    with empty_app.db.read() as s:
        after = (s.scalar(select(func.count()).select_from(AuditEntry)),
                 s.scalar(select(func.count()).select_from(Change)))
    assert after == before
    assert "members.csv: 0 added, 0 updated, 658 unchanged, 0 rejected" in again.lines()
