"""The shipped Chinese catalogue: complete, faithful to its placeholders, and covering every
string the GUI sends through Qt's translation (including strings added after it was made)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from widgets.shell.i18n import TS_FILE, Message, read_catalogue

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool(name: str) -> Path:
    tool = Path(sys.executable).parent / name
    assert tool.exists(), f"{name} ships with PySide6 (pip install -e .); not found at {tool}"
    return tool


@pytest.fixture(scope="module")
def shipped() -> list[Message]:
    return read_catalogue(TS_FILE)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """What lupdate finds in the code now: every tr()/translate() string."""
    out = tmp_path_factory.mktemp("lupdate") / "now.ts"
    # The console's printed reports take Qt's translate() as a parameter: scanned too.
    sources = [*sorted(str(p) for layer in ("widgets", "console")
                       for p in (ROOT / layer).rglob("*.py")), str(ROOT / "main.py")]
    done = subprocess.run([str(_tool("pyside6-lupdate")), *sources, "-source-language", "en",
                           "-target-language", "zh_CN", "-locations", "none", "-ts", str(out)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return read_catalogue(out)


def test_every_message_is_translated(shipped: list[Message]) -> None:
    assert len(shipped) > 600
    untranslated = [(m.context, m.source) for m in shipped
                    if m.unfinished or not (m.translation.strip() or any(p.strip()
                                                                         for p in m.plurals))]
    assert untranslated == [], "translate these (pyside6-linguist " \
        "resources/translations/watchroom_zh_CN.ts), then run this test again"


def test_translations_keep_placeholders_mnemonics_and_lines(shipped: list[Message]) -> None:
    wrong = []
    for m in shipped:
        for text in m.plurals or (m.translation,):
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(m.source)):
                wrong.append((m.context, m.source, text, "placeholders"))
            if m.source.count("%n") != text.count("%n"):
                wrong.append((m.context, m.source, text, "%n"))
            if ("&" in m.source.replace("&&", "")) != ("&" in text.replace("&&", "")):
                wrong.append((m.context, m.source, text, "mnemonic &"))
            if m.source.count("\n") != text.count("\n"):
                wrong.append((m.context, m.source, text, "line breaks"))
    assert wrong == []


def test_counts_use_plural_forms(shipped: list[Message]) -> None:
    """Counted messages (``%n``, ``self.tr(text, "", n)``) are numerus messages with
    their Chinese form (one: Chinese nouns do not inflect); Qt puts the count in."""
    counted = [m for m in shipped if m.plurals]
    assert len(counted) >= 2
    assert all("%n" in form for m in counted for form in m.plurals)


def test_domain_words_are_those_of_a_grid_management_centre(shipped: list[Message]) -> None:
    table = {(m.context, m.source): m.translation for m in shipped}
    assert table[("Labels", "Registered")] == "已立案"
    assert table[("Labels", "Dispatched")] == "已派遣"
    assert table[("Labels", "Verified")] == "已核查"
    assert table[("Labels", "Closed")] == "已结案"
    assert table[("Labels", "Register")] == "立案"
    assert table[("Labels", "Dispatch")] == "派遣"
    assert table[("Labels", "Grid workers")] == "网格员"
    assert table[("HazardLabels", "Extreme")] == "重大风险"
    assert "督办" in table[("CaseDetailPane", "Supervise…")]
    assert "风险源" in table[("MainWindow", "Hazard registry")]
    # "Close" on a window's button closes the window (关闭); only a case closes (结案).
    window_closes = {ctx: text for (ctx, src), text in table.items()
                     if src == "Close" and ctx != "Labels"}
    assert window_closes
    assert set(window_closes.values()) == {"关闭"}, window_closes


def test_every_string_of_the_gui_is_in_the_catalogue(shipped: list[Message],
                                                     extracted: list[Message]) -> None:
    """Strings added by anyone since the catalogue was made fail here until
    ``scripts/update-translations.sh`` is run and they are translated."""
    have = {(m.context, m.source) for m in shipped if not m.unfinished}
    missing = sorted({(m.context, m.source) for m in extracted} - have)
    assert missing == [], "run scripts/update-translations.sh and translate these"


def test_no_translation_call_hides_its_context_from_lupdate(extracted: list[Message]) -> None:
    """``tr = QCoreApplication.translate; tr("Ctx", "text")`` reads to lupdate as a
    string "Ctx" in no context, and "text" never reaches the catalogue: call it
    ``translate`` (or ``QCoreApplication.translate``)."""
    assert [m.source for m in extracted if not m.context] == []
