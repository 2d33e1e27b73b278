"""The console in Chinese and English: chosen at start, switched at runtime without losing
the layout; Chinese data displays, sorts and is found by the quick search."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QRect, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QLineEdit,
    QPushButton,
    QTableView,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from tests.gui.helpers import child
from widgets.alerts.model import AlertColumn
from widgets.common import labels
from widgets.common.time_text import day_month, weekday_name
from widgets.main_window import MainWindow
from widgets.shell.i18n import (
    CHINESE,
    ENGLISH,
    SETTINGS_KEY,
    choose_language,
    compiled_catalogue,
    current_language,
    install_language,
)

DOCKS = ("caseDetailDock", "alertPanelDock", "rosterViewDock", "hazardRegistryDock")


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Every test starts and ends in English (the language is process-wide)."""
    install_language(ENGLISH)
    yield
    install_language(ENGLISH)


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _header(table: QTableView, column: int = 0) -> str:
    return str(table.model().headerData(column, Qt.Orientation.Horizontal,
                                        Qt.ItemDataRole.DisplayRole))


def _geometry(window: MainWindow) -> dict[str, tuple[bool, QRect]]:
    return {name: (child(window, QDockWidget, name).isVisible(),
                   child(window, QDockWidget, name).geometry()) for name in DOCKS}


def test_catalogue_compiles_to_qm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    qm = compiled_catalogue(out_dir=tmp_path)
    assert qm is not None
    assert qm.stat().st_size > 10_000


def test_language_comes_from_the_flag_then_the_setting_then_the_system(
        settings: QSettings) -> None:
    assert choose_language("zh_CN", settings) == CHINESE
    settings.setValue(SETTINGS_KEY, "zh_CN")
    assert choose_language(None, settings) == CHINESE
    assert choose_language("en", settings) == ENGLISH
    settings.setValue(SETTINGS_KEY, "")
    expected = CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH
    assert choose_language(None, settings) == expected


def test_switching_to_chinese_and_back_keeps_the_layout(
        qtbot: QtBot, main_window: MainWindow, settings: QSettings) -> None:
    window = main_window
    # The rosters and the registry are built when first shown: built before the switch
    # (as their tabs would be), they must speak Chinese after it too.
    assert window.roster.parent() is not None
    assert window.hazards.parent() is not None
    before = _geometry(window)
    table = child(window, QTableView, "caseTable")
    assert _menu_titles(window)[:2] == ["&File", "&View"]

    child(window, QAction, "language_zh_CN").trigger()
    assert current_language() == CHINESE
    assert settings.value(SETTINGS_KEY) == CHINESE
    titles = _menu_titles(window)
    assert titles[:3] == ["文件(&F)", "视图(&V)", "案件(&C)"]
    assert "帮助(&H)" in titles
    # The main panels: board, detail, alerts, rosters, hazard registry.
    assert child(window, QDockWidget, "alertPanelDock").windowTitle() == "预警"
    assert child(window, QDockWidget, "rosterViewDock").windowTitle() == "值班表"
    assert child(window, QDockWidget, "hazardRegistryDock").windowTitle() == "风险源台账"
    assert child(window, QDockWidget, "caseDetailDock").windowTitle() == "案件详情"
    assert child(window, QPushButton, "newCaseButton").text() == "新建案件"
    assert _header(table) == "编号"
    assert _header(table, 4) == "环节"
    assert child(window, QLineEdit, "quickSearch").placeholderText().startswith("搜索编号")
    qtbot.waitUntil(lambda: child(window, QAbstractButton, "stageCount_registered")
                    .text().startswith("已立案"))
    assert _header(child(window, QTableView, "rosterTeams")) == "队伍"
    hazard_table = child(window, QTableView, "hazardTable")
    assert {"代码", "名称", "类型"} <= {
        _header(hazard_table, c) for c in range(hazard_table.model().columnCount())}
    assert child(window, QPushButton, "registerHazardButton").text() == "登记风险源…"
    assert child(window, QAction, "acknowledgeAlertAction").text() == "确认"
    assert child(window, QAction, "acknowledgeAlertAction").toolTip() == "我已看到此预警 (F2)"
    assert labels.stage_label(labels.Stage.DISPATCHED) == "已派遣"
    alerts = child(window, QTableView, "alertTable")
    assert _header(alerts, 0) == "级"
    assert _geometry(window) == before

    child(window, QAction, "language_en").trigger()
    assert current_language() == ENGLISH
    assert _menu_titles(window)[:3] == ["&File", "&View", "&Case"]
    assert child(window, QDockWidget, "alertPanelDock").windowTitle() == "Alerts"
    assert child(window, QPushButton, "newCaseButton").text() == "New case"
    assert _header(table) == "Ref"
    assert _header(alerts, 0) == "Sev"
    assert child(window, QAction, "acknowledgeAlertAction").toolTip() == \
        "I have seen this alert (F2)"
    assert _geometry(window) == before


def test_a_console_started_in_chinese_speaks_chinese_everywhere(
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    install_language(CHINESE)
    window = open_window(settings)
    assert window.windowTitle() == "Watchroom 值班室"
    assert child(window, QAction, "language_zh_CN").isChecked()
    untranslated = [a.text() for a in window.findChildren(QAction)
                    if a.text() and a.text().isascii() and a.text() not in {"English"}
                    and not a.text().startswith(("C-", "&"))
                    and any(c.isalpha() for c in a.text())]
    assert untranslated == []
    # Counted messages take the count (Chinese has one plural form).
    assert QCoreApplication.translate("ProposalModel", "Send %n member(s)", "", 3) \
        in {"派出 3 名队员", "Send 3 member(s)"}
    # Dates follow the locale: Chinese weekday and month words.
    from datetime import date
    assert weekday_name(date(2026, 11, 23)) == "周一"
    assert day_month(date(2026, 11, 23)) == "11月23日"


def test_chinese_case_titles_display_sort_and_are_found_by_quick_search(
        qtbot: QtBot, app: App, officer: OperatorRef,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    install_language(CHINESE)
    for title in ("中心广场积水", "安置小区停电", "Zebra crossing faded"):
        app.cases.report(officer, title=title, category="other", severity=3, grid="XH-02")
    window = open_window(settings)
    table = child(window, QTableView, "caseTable")
    proxy = table.model()
    ours = {"中心广场积水", "安置小区停电", "Zebra crossing faded"}

    def titles() -> list[str]:
        return [str(proxy.index(r, 2).data()) for r in range(proxy.rowCount())]

    qtbot.waitUntil(lambda: ours <= set(titles()))
    # Sorted as a Chinese reader expects: by pinyin (安 ān before 中 zhōng), where the
    # code points (中 U+4E2D, 安 U+5B89) would put them the other way round.
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    shown = [t for t in titles() if t in ours]
    assert shown.index("安置小区停电") < shown.index("中心广场积水")
    search = child(window, QLineEdit, "quickSearch")
    search.setFocus()
    # pytest-qt's keyClicks crashes on non-ASCII text here; an input method commits
    # Chinese in one go, as QLineEdit.insert() does.
    search.insert("积水")
    qtbot.waitUntil(lambda: "中心广场积水" in titles() and "安置小区停电" not in titles())
    assert all("积水" in t for t in titles())


def test_chinese_glyphs_have_a_font(qtbot: QtBot) -> None:
    """The interface font (or its fallback families) draws 汉字: no empty boxes."""
    from PySide6.QtGui import QFontDatabase, QFontMetrics

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    cjk = [f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)]
    assert cjk, "install a CJK font (scripts/system-deps.sh: fonts-noto-cjk)"
    font = qapp.font()
    assert any(f in cjk for f in font.families()) or QFontMetrics(font).inFont("网")


def test_domain_errors_are_shown_in_chinese(qapp: QApplication) -> None:
    from console.core.errors import ConflictError, PermissionDenied, ValidationError
    from widgets.common.domain_messages import error_text

    illegal = ValidationError("Cannot close case C-2026-000007: it is dispatched. "
                              "Legal next steps: start, pause, note.")
    denied = PermissionDenied("Zhao Lei (reviewer) may not dispatch a case; that needs: "
                              "coordinator, duty officer.")
    odd = ConflictError("Roster of FIRE-1 moved under you")
    assert error_text(illegal) == str(illegal)  # English: the console's own sentence
    install_language(CHINESE)
    assert error_text(illegal) == ("无法对案件 C-2026-000007 执行“结案”：它处于“已派遣”。"
                                   "可执行的下一步：开始处置、暂停、添加备注。")
    # Roles as the screen names them; the deed as written when it is not a known one.
    assert error_text(denied) == ("Zhao Lei（审阅员）无权dispatch a case；"
                                  "需要以下角色：协调员、值班员。")
    assert error_text(odd) == "数据已被他人修改：Roster of FIRE-1 moved under you"


def test_lang_flag_before_or_after_demo() -> None:
    from main import build_parser

    parser = build_parser()
    assert parser.parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    assert parser.parse_args([]).lang is None  # then: the saved choice, else the system's
    assert parser.parse_args(["--lang", "zh_CN", "demo"]).lang == "zh_CN"
    assert parser.parse_args(["demo", "--lang", "zh"]).lang == "zh"  # Chinese demo titles too


def test_without_lrelease_the_catalogue_is_read_from_the_ts(qapp: QApplication) -> None:
    from widgets.shell.i18n import CatalogueTranslator, read_catalogue

    translator = CatalogueTranslator(read_catalogue())
    assert not translator.isEmpty()
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("MainWindow", "no such text") == ""


# Codes and references the console writes in Latin letters in every language.
_CODES = re.compile(r"\b(?:[A-Z]+-[\w-]+|XH-\d+|HZ-\d+|[A-Z]{2,}\d*)\b")


def _english_words(text: str) -> list[str]:
    """Words of three or more Latin letters left once codes are taken out."""
    return re.findall(r"[A-Za-z]{3,}", _CODES.sub("", text))


def test_what_the_console_itself_writes_reads_in_chinese(
        qtbot: QtBot, app: App, clock: FakeClock, officer: OperatorRef,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    """Alert headlines the engine raises (a late case, an overdue inspection) and the
    engine's name in a case's timeline are reworded on a Chinese screen."""
    manager = next(o for o in app.operators.list() if o.role.value == "coordinator")
    app.hazards.register(manager, code="HZ-0012", name="加油站", kind="gas_station",
                         grid="XH-07", likelihood=4, severity=5, inspection_interval_days=30)
    case = app.cases.report(officer, title="燃气泄漏", category="utilities", severity=1,
                            grid="XH-05")
    clock.advance(timedelta(days=30))
    assert app.escalation.sweep()
    install_language(CHINESE)
    window = open_window(settings)
    table = child(window, QTableView, "alertTable")
    qtbot.waitUntil(lambda: table.model().rowCount() >= 4)
    titles = [table.model().index(r, AlertColumn.TITLE).data()
              for r in range(table.model().rowCount())]
    assert any("巡查超期" in t for t in titles), titles
    assert any(case.reference in t and "超期" in t for t in titles), titles
    assert {t: _english_words(t) for t in titles if _english_words(t)} == {}

    window.board.select_case(case.row.id)
    timeline = child(window, QTreeWidget, "caseTimeline")
    qtbot.waitUntil(lambda: timeline.topLevelItemCount() >= 2)
    by = {timeline.topLevelItem(i).text(1) for i in range(timeline.topLevelItemCount())}
    assert "升级引擎" in by, by
    assert not any(_english_words(name) for name in by), by


def test_readiness_and_feed_headlines_on_a_chinese_screen(qapp: QApplication) -> None:
    from widgets.alerts.headlines import headline_text

    install_language(CHINESE)
    assert headline_text("roster", "FIRE-1 crew A: 11 of 15 ready for the shift "
                                   "2026-11-22 08:00–20:00") == \
        "FIRE-1 A 班组：2026-11-22 08:00–20:00 班次可用 11 人，需 15 人"
    silent = headline_text("heartbeat", "feed 水位传感器-3 silent for 12 min")
    assert silent.startswith("数据源 水位传感器-3 已失联 ")
    assert "12" in silent
    # A feed's headline is its own: shown as it came.
    assert headline_text("cap", "Gale warning: register deadline breached (1 h late)") == \
        "Gale warning: register deadline breached (1 h late)"
