"""``main.py gazetteer import|find|near``: what each prints and its exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.app import App
from console.territory.gcj02 import wgs84_to_gcj02
from db.demo.district_loader import DEMO_CENTER
from main import main

ADDRESSES = str(DEMO_CENTER / "addresses.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(app: App, db_url: str) -> str:
    """The demo district (30 grids; zhaopeng is its administrator), no addresses yet."""
    return db_url


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str], db: str) -> str:
    code, out, err = run(capsys, "gazetteer", "import", ADDRESSES, "--db", db,
                         "--operator", "zhaopeng")
    assert code == 0, err
    assert out == "addresses.csv: 500 added, 0 updated, 0 unchanged, 0 rejected\n"
    return db


def test_import_twice_the_second_changes_nothing(capsys: pytest.CaptureFixture[str],
                                                 loaded: str) -> None:
    code, out, _ = run(capsys, "gazetteer", "import", ADDRESSES, "--db", loaded,
                       "--operator", "zhaopeng")
    assert (code, out) == (0, "addresses.csv: 0 added, 0 updated, 500 unchanged, "
                               "0 rejected\n")


def test_import_reports_bad_rows_and_exits_1_keeping_the_good(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    path = tmp_path / "door plates.csv"
    path.write_text("地址,经度,纬度\n和平路12号,120.1602485,30.2873846\n,120.16,30.28\n"
                    "外滩1号,121.4903,31.2405\n", encoding="utf-8")
    code, out, err = run(capsys, "gazetteer", "import", str(path), "--db", db,
                         "--operator", "zhaopeng")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "door plates.csv: 1 added, 0 updated, 0 unchanged, 2 rejected",
        "door plates.csv:3: rejected: no address",
        "door plates.csv:4: rejected: (121.4903, 31.2405) is outside the territory "
        "(nearest grid XH-06, 161 km)"]
    code, out, _ = run(capsys, "gazetteer", "find", "和平路12号", "--db", db)
    assert (code, out) == (0, "和平路12号\t120.1602485\t30.2873846\tXH-08\n")


def test_import_gcj02(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    gx, gy = wgs84_to_gcj02(120.1602485, 30.2873846)
    path = tmp_path / "web-map.csv"
    path.write_text(f"address,lng,lat\n和平路12号,{float(gx):.7f},{float(gy):.7f}\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "gazetteer", "import", str(path), "--crs", "gcj02",
                       "--db", db, "--operator", "zhaopeng")
    assert code == 0
    assert out.splitlines()[1] == ("web-map.csv: note: coordinates read as GCJ-02 and "
                                   "stored as WGS84")
    code, out, _ = run(capsys, "gazetteer", "find", "hpl12", "--db", db)
    assert out == "和平路12号\t120.1602485\t30.2873846\tXH-08\n"


def test_import_refused_to_a_duty_officer_and_a_bad_header(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    code, out, err = run(capsys, "gazetteer", "import", ADDRESSES, "--db", db,
                         "--operator", "wangmin")
    assert (code, out) == (1, "")
    assert err.startswith("error: ")
    assert "duty officer" in err
    assert "import addresses" in err
    path = tmp_path / "wrong.csv"
    path.write_text("name,x,y\n", encoding="utf-8")
    code, _, err = run(capsys, "gazetteer", "import", str(path), "--db", db,
                       "--operator", "zhaopeng")
    assert code == 1
    assert "wrong.csv: the header has no address column" in err


def test_find_prints_address_point_and_grid_best_first(capsys: pytest.CaptureFixture[str],
                                                       loaded: str) -> None:
    code, out, err = run(capsys, "gazetteer", "find", "hepinglu1", "--limit", "3",
                         "--db", loaded)
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert [cells[0] for cells in lines] == ["和平路1号", "和平路10号", "和平路11号"]
    assert all(len(cells) == 4 and cells[3].startswith("XH-") for cells in lines)


def test_find_nothing_exits_1_and_says_so(capsys: pytest.CaptureFixture[str],
                                          db: str, loaded: str) -> None:
    code, out, err = run(capsys, "gazetteer", "find", "不存在", "--db", loaded)
    assert (code, out, err) == (1, "", "no address matches '不存在'\n")


def test_find_on_an_empty_gazetteer_says_to_load_it(capsys: pytest.CaptureFixture[str],
                                                    db: str) -> None:
    code, out, err = run(capsys, "gazetteer", "find", "和平路", "--db", db)
    assert (code, out) == (1, "")
    assert "holds no addresses yet" in err
    assert "gazetteer import FILE" in err
    code, out, err = run(capsys, "gazetteer", "near", "--lon", "120.16", "--lat", "30.28",
                         "--db", db)
    assert (code, out) == (1, "")
    assert "holds no addresses yet" in err


def test_near_prints_the_nearest_with_metres(capsys: pytest.CaptureFixture[str],
                                             loaded: str) -> None:
    code, out, err = run(capsys, "gazetteer", "near", "--lon", "120.1602485", "--lat",
                         "30.2873846", "--limit", "3", "--db", loaded)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "和平路12号\t120.1602485\t30.2873846\tXH-08\t0",
        "和平路11号\t120.1602601\t30.2875494\tXH-08\t18",
        "和平路10号\t120.1583146\t30.2873395\tXH-07\t186"]
    gx, gy = wgs84_to_gcj02(120.1602485, 30.2873846)
    code, out, _ = run(capsys, "gazetteer", "near", "--lon", f"{float(gx):.7f}", "--lat",
                       f"{float(gy):.7f}", "--crs", "gcj02", "--limit", "1", "--db", loaded)
    assert (code, out) == (0, "和平路12号\t120.1602485\t30.2873846\tXH-08\t0\n")


def test_near_usage_errors_exit_2_and_a_point_off_the_earth_1(
        capsys: pytest.CaptureFixture[str], loaded: str) -> None:
    assert run(capsys, "gazetteer", "near", "--lon", "120.16", "--db", loaded)[0] == 2
    assert run(capsys, "gazetteer", "near", "--lon", "east", "--lat", "30",
               "--db", loaded)[0] == 2
    assert run(capsys, "gazetteer", "find", "x", "--limit", "0", "--db", loaded)[0] == 2
    code, _, err = run(capsys, "gazetteer", "near", "--lon", "120.16", "--lat", "95",
                       "--db", loaded)
    assert code == 1
    assert "not on Earth" in err


def test_the_report_in_chinese(capsys: pytest.CaptureFixture[str], db: str,
                               tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("address,lon,lat\n,120.16,30.28\n", encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "zh_CN", "gazetteer", "import", str(path),
                       "--db", db, "--operator", "zhaopeng")
    assert code == 1
    assert out.splitlines() == ["bad.csv：新增 0 条，更新 0 条，未变 0 条，未导入 1 条",
                                "bad.csv 第 2 行：未导入：没有地址"]
