"""What ``python main.py …`` says to a person comes in the console's language: run as a
real program with ``--lang zh_CN``, its reports, confirmations and errors read in Chinese,
and a check fails on any English word the console itself wrote there; with ``--lang en``
it says what it always said, counted nouns agreeing with their number. What scripts read
(the reference ``case new`` prints, the stage ``case step`` prints) stays as it is."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from main import main

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = re.compile(r"^C-\d{4}-\d{6}$")
PASSWORD = "correct horse battery"

# Codes, references and values one types, which the console writes as they are in any
# language: grid, team and case codes, CSV column names and kinds, --options.
_KEPT = re.compile(r"C-\d{4}-\d{6}|\b[A-Z]+-[\w-]+\b|--[a-z-]+|\b(?:utf|webhook|http)\b")


def english_words(text: str, *kept: str) -> list[str]:
    """Words in Latin letters left in ``text`` once ``kept`` (file names, the user's own
    values) and the codes above are taken out: the English the console wrote."""
    text = _KEPT.sub("", text)
    for value in kept:
        text = text.replace(value, "")
    return re.findall(r"[A-Za-z]{3,}", text)


def watchroom(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python main.py ARGV`` as a person runs it (settings and data dir of the test's
    own, from conftest's environment)."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


def chinese(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return watchroom("--lang", "zh_CN", *argv, stdin=stdin)


def test_an_import_names_file_line_and_reason_in_chinese(app: App, db_url: str,
                                                         tmp_path: Path) -> None:
    sheet = tmp_path / "hotline.csv"
    sheet.write_text("title,category,severity,grid\n"
                     "井盖缺失,traffic,2,XH-03\n"
                     "楼道堆物,fire,3,XH-99\n", encoding="utf-8")

    done = chinese("import", str(sheet), "--kind", "cases", "--db", db_url,
                   "--operator", "wangmin")

    assert done.returncode == 1, done.stderr  # one record refused, the good one kept
    lines = done.stdout.splitlines()
    assert lines[0] == (f"{sheet}：新增 1 条，重复 0 条，更新 0 条，未导入 1 条，"
                        "格式 cases，编码 utf-8")
    assert f"{sheet} 第 3 行：未导入：未知的网格 'XH-99'。可用的值：XH-01, XH-02" in done.stdout
    assert f"{sheet} 第 2 行：提示：案件 C-" in done.stdout
    assert english_words(done.stdout, str(sheet), "cases") == []
    assert [c.title for c in app.cases.open_cases()] == ["井盖缺失"]


def test_operator_add_confirms_and_refuses_in_chinese(app: App, db_url: str) -> None:
    added = chinese("operator", "add", "xiaoli", "--role", "duty_officer", "--name", "小李",
                    "--password-stdin", "--db", db_url, "--operator", "zhaopeng",
                    stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "已添加 xiaoli（小李），角色：值班员。\n"

    refused = chinese("operator", "add", "xiaozhang", "--role", "reviewer",
                      "--password-stdin", "--db", db_url, "--operator", "wangmin",
                      stdin=PASSWORD + "\n")
    assert refused.returncode == 1
    assert refused.stderr == "错误：王敏（值班员）无权添加操作员；需要以下角色：管理员。\n"

    listed = chinese("operator", "list", "--db", db_url, "--operator", "zhaopeng")
    assert listed.stdout.splitlines()[0].split() == ["操作员", "姓名", "角色", "状态", "密码",
                                                     "上次登录"]
    assert "xiaoli       小李    值班员  在用  已设置  从未登录" in listed.stdout
    assert english_words(listed.stdout, *(o.username for o in app.operators.list()),
                         "xiaoli") == []


def test_case_new_and_step_confirm_in_chinese_and_print_what_scripts_read(
        app: App, db_url: str) -> None:
    new = chinese("case", "new", "--title", "井盖缺失", "--category", "traffic",
                  "--severity", "2", "--grid", "XH-03", "--db", db_url, "--operator", "wangmin")
    assert new.returncode == 0, new.stderr
    ref = new.stdout.strip()
    assert REFERENCE.match(ref)  # a script's ref=$(python main.py case new …) still works
    assert new.stderr == f"案件 {ref} 已上报，网格 XH-03：井盖缺失\n"

    step = chinese("case", "step", ref, "register", "--db", db_url, "--operator", "wangmin")
    assert step.returncode == 0, step.stderr
    assert step.stdout == "registered\n"  # the stage as stored, as before
    assert step.stderr == f"案件 {ref} 现为：已立案。\n"

    again = chinese("case", "step", ref, "register", "--db", db_url, "--operator", "wangmin")
    assert again.returncode == 1
    assert again.stderr == (f"错误：无法对案件 {ref} 执行“立案”：它处于“已立案”。"
                            "可执行的下一步：派遣、暂停、添加备注。\n")


def test_a_failing_command_says_why_in_chinese(app: App, db_url: str) -> None:
    done = chinese("case", "show", "C-2026-999999", "--db", db_url)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "错误：没有案件 'C-2026-999999'。\n"

    stranger = chinese("case", "new", "--title", "x", "--category", "fire", "--severity", "2",
                       "--grid", "XH-03", "--db", db_url, "--operator", "nobody")
    assert stranger.returncode == 1
    assert stranger.stderr.startswith("错误：本数据库没有操作员 'nobody'；请用 --operator "
                                      "指定以下之一：chenhao, ")


def test_page_channel_list_in_chinese(app: App, db_url: str) -> None:
    added = chinese("page", "channel", "add", "hook", "--kind", "webhook", "--url",
                    "http://127.0.0.1:9/hook", "--db", db_url, "--operator", "zhaopeng")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "已添加通道 hook（webhook，未设置密钥）\n"

    listed = chinese("page", "channel", "list", "--db", db_url, "--operator", "zhaopeng")
    assert listed.returncode == 0, listed.stderr
    head, row = listed.stdout.splitlines()
    assert head.split("\t") == ["名称", "类型", "地址", "密钥", "每分钟上限", "放弃时限"]
    assert row.split("\t") == ["hook", "webhook", "http://127.0.0.1:9/hook", "未设置", "30",
                               "30 分钟"]
    assert english_words(listed.stdout, "hook") == []


def test_migrate_and_center_messages_in_chinese(app: App, db_url: str,
                                                tmp_path: Path) -> None:
    migrated = chinese("migrate", "--db", db_url)
    assert migrated.returncode == 0, migrated.stderr
    assert re.fullmatch(r"数据库结构版本：\d+（已是最新）\n", migrated.stdout)

    exported = chinese("center", "export", str(tmp_path / "bundle"), "--db", db_url,
                       "--operator", "zhaopeng")
    assert exported.returncode == 0, exported.stderr
    assert f"已写入 {tmp_path / 'bundle' / 'teams.csv'}" in exported.stdout.splitlines()


def test_in_english_nothing_changes_and_counts_agree(app: App, db_url: str,
                                                    tmp_path: Path) -> None:
    sheet = tmp_path / "hotline.csv"
    sheet.write_text("title,category,severity,grid\nBlocked drain,utilities,3,XH-03\n"
                     "Loose cable,utilities,3,XH-99\n", encoding="utf-8")
    done = watchroom("--lang", "en", "import", str(sheet), "--kind", "cases", "--db", db_url,
                     "--operator", "wangmin")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (f"{sheet}: accepted=1 duplicates=0 updated=0 rejected=1 format=cases "
                        "encoding=utf-8")
    assert lines[1].startswith(f"{sheet}:3: rejected: Unknown grid 'XH-99'. Known grids: ")

    new = watchroom("--lang", "en", "case", "new", "--title", "Gas smell", "--category",
                    "utilities", "--severity", "1", "--grid", "XH-07", "--db", db_url,
                    "--operator", "wangmin")
    ref = new.stdout.strip()
    assert REFERENCE.match(ref)
    assert new.stderr == f"Case {ref} reported in grid XH-07: Gas smell\n"

    # Two real cases now: the imported one and this one.
    seeded = watchroom("--lang", "en", "seed", "--cases", "5", "--db", db_url,
                       "--operator", "zhaopeng")
    assert seeded.returncode == 1
    assert "error: this database holds 2 real cases: seeding would mix" in seeded.stderr


def test_one_real_case_is_one(app: App, officer: OperatorRef, db_url: str) -> None:
    app.cases.report(officer, title="Smoke", category="fire", severity=2, grid="XH-03")
    seeded = watchroom("--lang", "en", "seed", "--cases", "5", "--db", db_url,
                       "--operator", "zhaopeng")
    assert seeded.returncode == 1
    assert "error: this database holds 1 real case: seeding would mix" in seeded.stderr


@pytest.fixture
def _english_afterwards() -> Iterator[None]:
    """An in-process run in Chinese leaves this process's Qt in English again."""
    yield
    from widgets.shell.i18n import ENGLISH, install_language

    install_language(ENGLISH)


@pytest.mark.usefixtures("_english_afterwards")
def test_sweep_says_each_step_in_chinese(app: App, officer: OperatorRef, clock: FakeClock,
                                         db_url: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ref = app.cases.report(officer, title="楼道冒烟", category="fire", severity=1,
                           grid="XH-02").reference
    clock.advance(timedelta(minutes=10))
    monkeypatch.setattr("main.open_app", lambda url, **_: __import__(
        "console.app", fromlist=["open_app"]).open_app(url, clock))

    assert main(["--lang", "zh_CN", "sweep", "--db", db_url]) == 0

    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"{ref}  立案  1 级（立案时限预警）  已超时 7 分钟",
        f"{ref}  立案  2 级（立案时限超时）  已超时 7 分钟",
    ]
    assert out.err == "升级 2 次\n"
