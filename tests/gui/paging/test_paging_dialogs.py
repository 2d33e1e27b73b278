"""Paging in the console, as a person uses it: the administrator's channels and rules,
the duty officer's pages log and acknowledging a page by its code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from tests.gui.helpers import child, choose, click, open_dialog
from tests.paging_servers import http_receiver
from tests.unit.paging.conftest import overdue_case
from widgets.cases.timeline_text import action_text
from widgets.main_window import MainWindow
from widgets.shell.i18n import CHINESE, ENGLISH, install_language
from widgets.shell.paging_dialogs import PagesDialog, PagingDialog

HOOK = "https://hooks.example/watchroom?token=s3cret"


def _admin(app: App) -> OperatorRef:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    return app.act_as(admin.username)


def _cells(table: QTableWidget, column: int) -> list[str]:
    items = [table.item(r, column) for r in range(table.rowCount())]
    return [item.text() if item is not None else "" for item in items]


def _paging(qtbot: QtBot, open_window: Callable[[QSettings], MainWindow],
            settings: QSettings) -> PagingDialog:
    window = open_window(settings)
    action = child(window, QAction, "pagingAction")
    assert action.isEnabled()
    action.trigger()
    dialog = open_dialog(window, PagingDialog, "pagingDialog")
    qtbot.waitExposed(dialog)
    return dialog


def _add_hook(qtbot: QtBot, dialog: PagingDialog, name: str = "duty-hook",
              url: str = HOOK) -> None:
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingChannelName"), name)
    choose(child(dialog, QComboBox, "pagingChannelKind"), "webhook")
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingChannelUrl"), url)
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingChannelSecret"), "hush")
    click(qtbot, child(dialog, QPushButton, "pagingChannelAdd"))


def test_admin_adds_a_channel_and_a_rule_and_removes_the_rule(
        qtbot: QtBot, app: App, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    _admin(app)
    dialog = _paging(qtbot, open_window, settings)
    _add_hook(qtbot, dialog)
    channels = child(dialog, QTableWidget, "pagingChannels")
    assert _cells(channels, 0) == ["duty-hook"]
    assert _cells(channels, 1) == ["webhook"]
    assert "s3cret" not in _cells(channels, 2)[0]  # the token is masked
    assert "***" in _cells(channels, 2)[0]
    assert _cells(channels, 3) == ["set"]
    assert [c.name for c in app.paging.channels()] == ["duty-hook"]

    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(1)
    choose(child(dialog, QComboBox, "pagingRuleOn"), "escalation:2")
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingRuleTo"), "address:ops")
    choose(child(dialog, QComboBox, "pagingRuleChannel"), "duty-hook")
    child(dialog, QSpinBox, "pagingRuleRepeat").setValue(5)
    click(qtbot, child(dialog, QPushButton, "pagingRuleAdd"))
    rules = child(dialog, QTableWidget, "pagingRules")
    assert _cells(rules, 1) == ["escalation:2"]
    assert _cells(rules, 2) == ["address:ops"]
    [rule] = app.paging.rules()
    assert (rule.trigger, rule.target, rule.channel, rule.repeat_min) == (
        "escalation:2", "address:ops", "duty-hook", 5)

    # The channel carries a rule: the service refuses to remove it, and says so inline.
    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(0)
    channels.selectRow(0)
    click(qtbot, child(dialog, QPushButton, "pagingChannelRemove"))
    assert "remove them first" in child(dialog, QLabel, "pagingMessage").text()
    assert len(app.paging.channels()) == 1

    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(1)
    rules.selectRow(0)
    click(qtbot, child(dialog, QPushButton, "pagingRuleRemove"))
    assert rules.rowCount() == 0
    assert app.paging.rules() == []

    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(0)
    channels.selectRow(0)
    click(qtbot, child(dialog, QPushButton, "pagingChannelRemove"))
    assert channels.rowCount() == 0
    assert app.paging.channels() == []


def _type(qtbot: QtBot, spin: QSpinBox, text: str) -> None:
    """Select what the spin box shows and type over it, as a person does."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)


def test_a_rule_with_every_field_the_command_line_has(
        qtbot: QtBot, app: App, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    """Category, severity, quiet hours, repeats and the next rule up the chain: what
    ``page rule add`` takes, from the dialog, stored as typed."""
    _admin(app)
    dialog = _paging(qtbot, open_window, settings)
    _add_hook(qtbot, dialog)
    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(1)
    message = child(dialog, QLabel, "pagingMessage")
    repeats = child(dialog, QSpinBox, "pagingRuleRepeats")
    then = child(dialog, QComboBox, "pagingRuleThen")
    assert not repeats.isEnabled()
    assert not then.isEnabled()

    # The commander, whom the next rule pages.
    choose(child(dialog, QComboBox, "pagingRuleOn"), "escalation:3")
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingRuleTo"), "operator:zhaopeng")
    click(qtbot, child(dialog, QPushButton, "pagingRuleAdd"))
    [commander] = app.paging.rules()

    choose(child(dialog, QComboBox, "pagingRuleOn"), "escalation:1")
    choose(child(dialog, QComboBox, "pagingRuleCategory"), "fire")
    choose(child(dialog, QComboBox, "pagingRuleSeverity"), 2)
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingRuleTo"), "on-duty:FIRE-1:Crew commander")
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingRuleQuiet"), "25:00-07:00")
    _type(qtbot, child(dialog, QSpinBox, "pagingRuleRepeat"), "5")
    assert repeats.isEnabled()
    assert then.isEnabled()
    _type(qtbot, repeats, "3")
    choose(then, commander.id)
    click(qtbot, child(dialog, QPushButton, "pagingRuleAdd"))
    assert "HH:MM-HH:MM" in message.text()  # the service's refusal, inline
    assert len(app.paging.rules()) == 1

    quiet = child(dialog, QLineEdit, "pagingRuleQuiet")
    quiet.clear()
    qtbot.keyClicks(quiet, "22:00-07:00")
    click(qtbot, child(dialog, QPushButton, "pagingRuleAdd"))
    rule = app.paging.rules()[-1]
    assert (rule.trigger, rule.category, rule.severity, rule.target, rule.channel,
            rule.quiet, rule.repeat_min, rule.repeats, rule.then_rule_id) == (
        "escalation:1", "fire", 2, "on-duty:FIRE-1:Crew commander", "duty-hook",
        "22:00-07:00", 5, 3, commander.id)
    assert f"#{rule.id}" in message.text()
    rules = child(dialog, QTableWidget, "pagingRules")
    assert _cells(rules, 4)[-1] == "every 5 min ×3"
    assert _cells(rules, 5)[-1] == "Fire"
    assert _cells(rules, 6)[-1] == "2 High"
    assert _cells(rules, 7)[-1] == "22:00-07:00"
    assert _cells(rules, 8)[-1] == f"#{commander.id}"
    # The new rule can be the next one of a later rule.
    assert then.findData(rule.id) >= 0


def test_bad_url_and_bad_target_are_said_inline(
        qtbot: QtBot, app: App, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    _admin(app)
    dialog = _paging(qtbot, open_window, settings)
    message = child(dialog, QLabel, "pagingMessage")
    _add_hook(qtbot, dialog, url="not a url")
    assert "http(s)://" in message.text()
    assert app.paging.channels() == []
    assert child(dialog, QTableWidget, "pagingChannels").rowCount() == 0

    child(dialog, QLineEdit, "pagingChannelUrl").clear()
    child(dialog, QLineEdit, "pagingChannelName").clear()
    child(dialog, QLineEdit, "pagingChannelSecret").clear()
    _add_hook(qtbot, dialog)
    assert "duty-hook" in message.text()
    child(dialog, QTabWidget, "pagingTabs").setCurrentIndex(1)
    qtbot.keyClicks(child(dialog, QLineEdit, "pagingRuleTo"), "nobody-in-particular")
    click(qtbot, child(dialog, QPushButton, "pagingRuleAdd"))
    assert "nobody-in-particular" in message.text()
    assert app.paging.rules() == []
    assert dialog.isVisible()


def test_a_duty_officer_may_not_open_paging_but_may_open_pages(
        app: App, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    assert app.operator.role is Role.DUTY_OFFICER
    window = open_window(settings)
    assert not child(window, QAction, "pagingAction").isEnabled()
    assert child(window, QAction, "pagesAction").isEnabled()


def test_a_queued_page_is_listed_and_acknowledged_by_its_code(
        qtbot: QtBot, app: App, clock: FakeClock,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    officer = app.operator
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    app.paging.add_channel(admin, "hook", "webhook", HOOK)
    app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
    ref = overdue_case(app, clock)
    clock.advance(timedelta(minutes=3))
    [page] = app.paging.log(case=ref)

    window = open_window(settings)
    child(window, QAction, "pagesAction").trigger()
    dialog = open_dialog(window, PagesDialog, "pagesDialog")
    qtbot.waitExposed(dialog)
    table = child(dialog, QTableWidget, "pagesTable")
    assert _cells(table, 1) == [ref]
    assert _cells(table, 2) == [page.code]
    assert _cells(table, 5) == ["Queued"]
    assert "no engine is sending" in child(dialog, QLabel, "pagesEngineNote").text()

    qtbot.keyClicks(child(dialog, QLineEdit, "pageAckCode"), page.code.lower())
    click(qtbot, child(dialog, QPushButton, "pageAckButton"))
    assert _cells(table, 5) == ["Acknowledged"]
    assert _cells(table, 6) == [officer.display_name]
    assert page.code in child(dialog, QLabel, "pagesMessage").text()
    assert app.paging.log(case=ref)[0].status == "acknowledged"
    assert not child(dialog, QLabel, "pagesEngineNote").isVisible()

    # Again: the service says it was acknowledged already, inline.
    qtbot.keyClicks(child(dialog, QLineEdit, "pageAckCode"), page.code)
    click(qtbot, child(dialog, QPushButton, "pageAckButton"))
    assert "already" in child(dialog, QLabel, "pagesMessage").text()

    actions = [e.action for e in app.cases.timeline(ref)]
    assert "page_acknowledged" in actions
    assert action_text("page_acknowledged") == "Page acknowledged"
    assert action_text("page_queued") == "Page queued"


def test_send_test_reaches_the_webhook_and_says_so(
        qtbot: QtBot, app: App, open_window: Callable[[QSettings], MainWindow],
        settings: QSettings) -> None:
    _admin(app)
    dialog = _paging(qtbot, open_window, settings)
    message = child(dialog, QLabel, "pagingMessage")
    with http_receiver() as receiver:
        _add_hook(qtbot, dialog, url=receiver.url)
        child(dialog, QTableWidget, "pagingChannels").selectRow(0)
        qtbot.keyClicks(child(dialog, QLineEdit, "pagingTestTo"), "ops")
        click(qtbot, child(dialog, QPushButton, "pagingChannelTest"))
        assert "test page sent" in message.text()
        assert len(receiver.requests) == 1


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    install_language(CHINESE)
    yield
    install_language(ENGLISH)


def test_the_pages_log_speaks_chinese_and_says_when_it_is_empty(
        qtbot: QtBot, app: App, clock: FakeClock, chinese: None,
        open_window: Callable[[QSettings], MainWindow], settings: QSettings) -> None:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    window = open_window(settings)
    child(window, QAction, "pagesAction").trigger()
    dialog = open_dialog(window, PagesDialog, "pagesDialog")
    qtbot.waitExposed(dialog)
    table = child(dialog, QTableWidget, "pagesTable")
    empty = child(dialog, QLabel, "pagesEmpty")
    assert empty.isVisible()
    assert empty.text() == "尚无寻呼记录"
    assert not table.isVisible()  # a line, not an empty table

    app.paging.add_channel(admin, "hook", "webhook", "http://127.0.0.1:9/")  # nobody there
    app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
    ref = overdue_case(app, clock)
    click(qtbot, child(dialog, QPushButton, "pagesRefreshButton"))
    assert table.isVisible()
    assert not empty.isVisible()
    assert _cells(table, 5) == ["已排队"]
    app.pager().run_once()  # refused: it fails, and will be tried again
    click(qtbot, child(dialog, QPushButton, "pagesRefreshButton"))
    assert _cells(table, 5) == ["发送失败，将重试"]
    item = table.item(0, 5)
    assert item is not None
    assert "unreachable" in item.toolTip()
    [page] = app.paging.log(case=ref)
    qtbot.keyClicks(child(dialog, QLineEdit, "pageAckCode"), page.code)
    click(qtbot, child(dialog, QPushButton, "pageAckButton"))
    assert _cells(table, 5) == ["已确认"]
