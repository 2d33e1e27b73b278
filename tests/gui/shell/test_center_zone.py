"""One time zone on screen: the center's, whatever zone this machine is set to.

The tests put the machine in another zone (``TZ`` and ``tzset``) than the center's
(Asia/Shanghai, the demo calendar's) and read what a person reads.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from tests.gui.helpers import child
from widgets.alerts.dialogs import ShelveDialog
from widgets.common.time_text import center_zone, from_qt, set_center_zone, to_qt
from widgets.handover.history import HandoverHistory
from widgets.main_window import MainWindow
from widgets.shell.status_bar import ConsoleStatusBar


@pytest.fixture
def machine_in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's zone is America/New_York (13 hours behind the center in November)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_status_bar_clock_is_the_centers_and_names_the_zone(
        machine_in_new_york: None, main_window: MainWindow, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 22, 16, 30, 5, tzinfo=UTC))  # 00:30 next day in Shanghai
    bar = main_window.statusBar()
    assert isinstance(bar, ConsoleStatusBar)
    bar.tick()
    label = child(main_window, QLabel, "statusClock")
    assert label.text() == "2026-11-23 00:30:05"
    assert "Asia/Shanghai" in label.toolTip()


def test_case_detail_times_are_the_centers(
        machine_in_new_york: None, main_window: MainWindow, app: App, officer: OperatorRef,
        clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 22, 1, 5, tzinfo=UTC))  # 09:05 in Shanghai, 20:05 in NY
    ref = app.cases.report(officer, title="Manhole cover missing", category="utilities",
                           severity=3, grid="XH-02").reference
    main_window.detail.show_case_id(app.cases.get(ref).row.id)
    assert child(main_window, QLabel, "detail_reported").text() == "11-22 09:05"


def test_handover_history_takes_the_centers_dates(
        machine_in_new_york: None, qtbot: QtBot, app: App, clock: FakeClock) -> None:
    # 2026-11-22 17:00 UTC is the 23rd in Shanghai and still the 22nd in New York.
    clock.set(datetime(2026, 11, 22, 17, 0, tzinfo=UTC))
    set_center_zone(app.zone)
    history = HandoverHistory(app)
    qtbot.addWidget(history)
    until = child(history, QDateEdit, "handoverHistoryTo")
    assert until.date().toString("yyyy-MM-dd") == "2026-11-23"


def test_time_editors_show_and_take_the_centers_wall_clock(
        machine_in_new_york: None, qtbot: QtBot, main_window: MainWindow, clock: FakeClock,
        ) -> None:
    assert center_zone().key == "Asia/Shanghai"
    when = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert from_qt(to_qt(when)) == when
    dialog = ShelveDialog(main_window)
    qtbot.addWidget(dialog)
    edit = child(dialog, QDateTimeEdit, "shelveUntilTime")
    edit.setDateTime(to_qt(when))
    assert edit.text() == "2026-11-22 10:00"
    edit.setDateTime(edit.dateTime().addSecs(3600))  # a person moves it one hour on
    assert from_qt(edit.dateTime()) == when + timedelta(hours=1)
