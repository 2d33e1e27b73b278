"""The roster panel as a coordinator uses it: teams, members, now/next, the week, dispatch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import Stage
from console.rosters.domain import Availability, Readiness
from db.demo.roster_loader import load_roster
from tests.gui.helpers import child, choose, click, open_dialog
from widgets.changes.bus import ChangeBus
from widgets.rosters.dispatch import DispatchMembersDialog
from widgets.rosters.labels import roster_colors
from widgets.rosters.models import MemberColumn, TeamColumn
from widgets.rosters.view import RosterView
from widgets.shell.theme import Theme, colors

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def roster(app: App, clock: FakeClock) -> App:
    """The demo roster; the clock at 09:00 on Tuesday the 24th, rescue crew C's day
    shift (two of crew C are on leave: a gap of 11 ready for 12)."""
    load_roster(app.db, clock.now(), days_before=1, days_after=8)
    app.district.invalidate()
    clock.set(local(24, 9))
    return app


@pytest.fixture
def bus(roster: App) -> ChangeBus:
    """The change bus the test's view follows (read with ``poll``, never started)."""
    return ChangeBus(roster)


@pytest.fixture
def view(qtbot: QtBot, roster: App, bus: ChangeBus) -> Iterator[RosterView]:
    panel = RosterView(roster, bus)
    qtbot.addWidget(panel)
    panel.resize(1400, 800)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    panel.stop()


def _click_index(qtbot: QtBot, table: QTableView, index: QModelIndex) -> None:
    assert index.isValid()
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())


def _team_cell(view: RosterView, code: str, column: TeamColumn,
               role: int = Qt.ItemDataRole.DisplayRole) -> object:
    team = view._app.district.team_by_code(code)
    row = view.team_model.row_of(team.id)
    assert row is not None
    return view.team_model.data(view.team_model.index(row, column), role)


def _shown_members(view: RosterView) -> list[int]:
    proxy = view.member_proxy
    return [int(proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2))
            for r in range(proxy.rowCount())]


def test_models_pass_the_qt_model_tester(qtmodeltester: ModelTester, view: RosterView,
                                         qtbot: QtBot) -> None:
    _click_index(qtbot, view.teams_table, view.team_index(
        view._app.district.team_by_code("RESCUE-1").id))
    for model in (view.team_model, view.member_model, view.member_proxy, view.week_model,
                  view.duty_model):
        qtmodeltester.check(model)


def test_teams_show_readiness_in_words_and_colour(view: RosterView) -> None:
    assert view.objectName() == "rosterView"
    assert view.team_model.rowCount() == 15
    gap = roster_colors(Theme.DARK).readiness[Readiness.GAP]
    assert _team_cell(view, "RESCUE-1", TeamColumn.READINESS) == "⚠ Gap 11/12"
    assert _team_cell(view, "RESCUE-1", TeamColumn.READINESS,
                      Qt.ItemDataRole.ForegroundRole) == QColor(gap)
    assert _team_cell(view, "RESCUE-1", TeamColumn.NOW) == "C until 20:00"
    assert _team_cell(view, "RESCUE-1", TeamColumn.NEXT) == "B at 20:00"
    assert _team_cell(view, "FIRE-1", TeamColumn.READINESS) == "Ready 17/15"
    assert _team_cell(view, "MEDIATE-1", TeamColumn.NOW) == "on call 4 until Mon 08:00"
    assert _team_cell(view, "RESCUE-1", TeamColumn.AVAILABLE) == "55/58"
    tip = str(_team_cell(view, "RESCUE-1", TeamColumn.READINESS, Qt.ItemDataRole.ToolTipRole))
    assert "11 of 12 needed" in tip


def test_clicking_a_team_shows_its_members_and_who_is_on(qtbot: QtBot,
                                                         view: RosterView) -> None:
    rescue = view._app.district.team_by_code("RESCUE-1")
    with qtbot.waitSignal(view.team_selected) as selected:
        _click_index(qtbot, view.teams_table, view.team_index(rescue.id))
    assert selected.args == [rescue.id]
    assert child(view, QComboBox, "rosterTeamFilter").currentData() == rescue.id
    shown = _shown_members(view)
    assert len(shown) == 58
    assert {view.member_model.row_at(view.member_model.row_of(i) or 0).team_id
            for i in shown} == {rescue.id}
    assert view.members_table.isColumnHidden(MemberColumn.TEAM)
    duty = view.duty_model
    assert duty.rowCount() == 28  # crew C now, crew B next
    assert str(duty.index(0, 0).data()).startswith("Now · C 08:00–20:00")
    assert str(duty.index(14, 0).data()).startswith("Next · B 20:00–")
    states = {str(duty.index(r, 3).data()) for r in range(14)}
    assert "On leave" in states
    assert "Available ✓" in states
    assert "RESCUE-1" in child(view, QLabel, "rosterNowNextHint").text()
    # "All teams" again in the combo clears the team.
    choose(child(view, QComboBox, "rosterTeamFilter"), -1)
    assert view.selected_team_id == -1
    assert len(_shown_members(view)) == view.member_model.rowCount()


def test_filter_by_qualification_and_search(qtbot: QtBot, view: RosterView) -> None:
    choose(child(view, QComboBox, "rosterQualificationFilter"), "swift_water")
    shown = _shown_members(view)
    rows = view._app.rosters.members_by_ids(shown)
    assert rows
    assert all("swift_water" in r.qualifications for r in rows)
    assert {r.team_code for r in rows} == {"RESCUE-1"}
    line = child(view, QLineEdit, "rosterSearch")
    qtbot.keyClicks(line, "Boat")
    rows = view._app.rosters.members_by_ids(_shown_members(view))
    assert len(rows) == 4  # one boat operator per rescue crew
    assert child(view, QLabel, "rosterMemberCount").text() == "4 members shown, 4 available"


def test_now_and_next_follow_the_clock(view: RosterView, clock: FakeClock) -> None:
    clock.set(local(24, 19, 59))
    view.refresh_now()
    assert _team_cell(view, "RESCUE-1", TeamColumn.NOW) == "C until 20:00"
    clock.set(local(24, 20, 0))
    view.refresh_now()
    assert _team_cell(view, "RESCUE-1", TeamColumn.NOW) == "B until Wed 08:00"
    assert _team_cell(view, "RESCUE-1", TeamColumn.READINESS) == "Ready 13/12"
    assert _team_cell(view, "GW-BINHE", TeamColumn.NOW) == "—"


def _registered_fire_case(app: App, severity: int = 2) -> int:
    ref = app.cases.report(app.operator, title="Smoke from a basement bike store",
                           category="fire", severity=severity, grid="XH-22").reference
    return app.cases.register(app.operator, ref).row.id


def test_dispatch_a_case_with_members_from_the_roster(qtbot: QtBot, view: RosterView) -> None:
    app = view._app
    button = child(view, QPushButton, "rosterDispatchButton")
    assert not button.isEnabled()
    assert "Select a case" in button.toolTip()
    case_id = _registered_fire_case(app)
    view.set_selected_case(case_id)
    assert not button.isEnabled()  # no team yet
    fire = app.district.team_by_code("FIRE-1")
    _click_index(qtbot, view.teams_table, view.team_index(fire.id))
    assert button.isEnabled()
    click(qtbot, button)

    dialog = open_dialog(view, DispatchMembersDialog, "dispatchMembersDialog")
    table = child(dialog, QTableView, "dispatchMembersTable")
    model = dialog.model
    assert model.rowCount() > 4
    assert len(dialog.selected_member_ids()) == 4  # severity 2 suggests four
    confirm = child(dialog, QPushButton, "dispatchMembersConfirm")
    assert confirm.text() == "Dispatch with 4 members"
    # Untick the fourth, as a person would: click it, press space.
    fourth = model.index(3, 0)
    _click_index(qtbot, table, fourth)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert fourth.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert confirm.text() == "Dispatch with 3 members"
    sent = dialog.selected_member_ids()

    count = child(view, QLabel, "rosterMemberCount")
    available_before = int(count.text().split(", ")[1].split()[0])
    resets: list[object] = []
    view.member_model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(view.case_dispatched) as dispatched:
        click(qtbot, confirm)
    assert dispatched.args == [case_id]
    assert not dialog.isVisible()
    case = app.cases.get_by_id(case_id)
    assert case.row.stage is Stage.DISPATCHED
    assert case.row.team_code == "FIRE-1"
    for member_id in sent:
        pos = view.member_model.row_of(member_id)
        assert pos is not None
        cell = view.member_model.index(pos, MemberColumn.AVAILABILITY).data()
        assert cell == f"On task {case.reference}"
    assert resets == []
    assert _team_cell(view, "FIRE-1", TeamColumn.ON_TASK) == "3"
    assert count.text().endswith(f", {available_before - 3} available"), \
        "the count follows the members sent, without a filter change"
    # The case is with FIRE-1 now: the button offers reinforcement from FIRE-1 only.
    assert button.isEnabled()
    _click_index(qtbot, view.teams_table, view.team_index(
        app.district.team_by_code("RESCUE-1").id))
    assert not button.isEnabled()
    assert "FIRE-1" in button.toolTip()


def test_a_refused_dispatch_is_explained_in_the_dialog(qtbot: QtBot, view: RosterView) -> None:
    app = view._app
    case_id = _registered_fire_case(app, severity=4)
    view.set_selected_case(case_id)
    _click_index(qtbot, view.teams_table, view.team_index(
        app.district.team_by_code("FIRE-1").id))
    click(qtbot, child(view, QPushButton, "rosterDispatchButton"))
    dialog = open_dialog(view, DispatchMembersDialog, "dispatchMembersDialog")
    [chosen] = dialog.selected_member_ids()
    coordinator = app.operators.get("zhoujianhua")
    name = app.rosters.set_availability(coordinator, chosen, "leave").name  # meanwhile
    click(qtbot, child(dialog, QPushButton, "dispatchMembersConfirm"))
    error = child(dialog, QLabel, "dispatchMembersError")
    assert error.isVisible()
    assert f"{name} is leave" in error.text()
    assert dialog.isVisible()
    assert app.cases.get_by_id(case_id).row.stage is Stage.REGISTERED
    click(qtbot, child(dialog, QPushButton, "dispatchMembersCancel"))
    assert not dialog.isVisible()


def test_coordinator_sets_availability_and_the_alert_follows(
        qtbot: QtBot, roster: App, clock: FakeClock) -> None:
    roster.act_as("zhoujianhua")
    view = RosterView(roster, ChangeBus(roster))
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    qtbot.waitExposed(view)
    rescue = roster.district.team_by_code("RESCUE-1")
    _click_index(qtbot, view.teams_table, view.team_index(rescue.id))
    on_leave = next(m for m in roster.rosters.members(rescue.id)
                    if m.availability is Availability.LEAVE)
    _click_index(qtbot, view.members_table, view.member_index(on_leave.id))
    button = child(view, QPushButton, "rosterSetAvailability")
    assert button.isEnabled()
    choose(child(view, QComboBox, "rosterAvailabilityChoice"), "available")
    click(qtbot, button)
    pos = view.member_model.row_of(on_leave.id)
    assert pos is not None
    assert view.member_model.index(pos, MemberColumn.AVAILABILITY).data() == "Available"
    assert _team_cell(view, "RESCUE-1", TeamColumn.READINESS) == "Ready 12/12"
    view.stop()


def test_reviewer_gets_no_buttons(qtbot: QtBot, roster: App) -> None:
    roster.act_as("sunwei")
    view = RosterView(roster, ChangeBus(roster))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.set_selected_case(_registered_fire_case_as(roster))
    _click_index(qtbot, view.teams_table, view.team_index(
        roster.district.team_by_code("FIRE-1").id))
    _click_index(qtbot, view.members_table, view.member_index(
        roster.rosters.members()[0].id))
    dispatch = child(view, QPushButton, "rosterDispatchButton")
    assert not dispatch.isEnabled()
    assert "role" in dispatch.toolTip()
    assert not child(view, QPushButton, "rosterSetAvailability").isEnabled()
    view.stop()


def _registered_fire_case_as(app: App) -> int:
    officer = app.operators.get("wangmin")
    ref = app.cases.report(officer, title="Smoke", category="fire", severity=3,
                           grid="XH-22").reference
    return app.cases.register(officer, ref).row.id


def test_changes_from_another_console_update_rows_in_place(
        qtbot: QtBot, view: RosterView, bus: ChangeBus) -> None:
    app = view._app
    member = app.rosters.members()[10]
    changed: list[tuple[int, int]] = []
    view.member_model.dataChanged.connect(
        lambda a, b, *_: changed.append((a.row(), b.row())))
    resets: list[int] = []
    view.member_model.modelReset.connect(lambda: resets.append(1))
    app.rosters.set_availability(app.operators.get("liuyan"), member.id, "off_duty")
    with qtbot.waitSignal(view.team_model.dataChanged, timeout=3000):
        bus.poll()
    pos = view.member_model.row_of(member.id)
    assert changed == [(pos, pos)]
    assert resets == []
    assert view.member_model.index(pos, MemberColumn.AVAILABILITY).data() == "Off duty"


def test_week_view_shows_crews_gaps_and_moves_by_week(qtbot: QtBot, view: RosterView) -> None:
    tabs = child(view, QTabWidget, "rosterTabs")
    tabs.setCurrentIndex(1)
    week = view.week_model
    assert week.headerData(1, Qt.Orientation.Horizontal) == "Tue 24 Nov · today"
    rescue_row = next(r for r in range(week.rowCount()) if week.team_at(r).code == "RESCUE-1")
    tuesday = str(week.index(rescue_row, 1).data())
    assert tuesday.splitlines() == ["⚠ C 08:00–20:00 11/12", "B 20:00–08:00"]
    assert week.index(rescue_row, 1).data(Qt.ItemDataRole.BackgroundRole) == QColor(
        roster_colors(Theme.DARK).gap_background)
    monday = str(week.index(rescue_row, 0).data())
    assert "⚠" not in monday  # a shift that is over is not judged by today's roster
    mediation_row = next(r for r in range(week.rowCount())
                         if week.team_at(r).code == "MEDIATE-1")
    assert week.index(mediation_row, 2).data() == "on call 4 all day"
    click(qtbot, child(view, QPushButton, "rosterWeekNext"))
    assert week.headerData(0, Qt.Orientation.Horizontal) == "Mon 30 Nov"
    assert "Week of 30 Nov" in child(view, QLabel, "rosterWeekLabel").text()
    click(qtbot, child(view, QPushButton, "rosterWeekToday"))
    assert week.headerData(0, Qt.Orientation.Horizontal) == "Mon 23 Nov"


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(QColor(a)), _luminance(QColor(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", list(Theme))
def test_roster_colours_are_readable(qtbot: QtBot, theme: Theme) -> None:
    c = colors(theme)
    rc = roster_colors(theme)
    for background in (c.base, c.alternate):
        for value in [*rc.availability.values(), *rc.readiness.values()]:
            assert _contrast(value, background) >= 4.5, (value, background)
    assert _contrast(c.text, rc.gap_background) >= 7
    assert _contrast(rc.readiness[Readiness.GAP], rc.gap_background) >= 4.5
    assert len(set(rc.availability.values())) == 4


def test_the_dispatch_dialog_warns_before_it_leaves_a_shift_short(
        qtbot: QtBot, view: RosterView) -> None:
    app = view._app
    case_id = _registered_fire_case(app)
    view.set_selected_case(case_id)
    fire = app.district.team_by_code("FIRE-1")
    _click_index(qtbot, view.teams_table, view.team_index(fire.id))
    assert _team_cell(view, "FIRE-1", TeamColumn.READINESS) == "Ready 17/15"
    click(qtbot, child(view, QPushButton, "rosterDispatchButton"))
    dialog = open_dialog(view, DispatchMembersDialog, "dispatchMembersDialog")
    table = child(dialog, QTableView, "dispatchMembersTable")
    warning = child(dialog, QLabel, "dispatchStaffingWarning")

    def toggle(row: int) -> None:  # as a person would: click the row, press space
        _click_index(qtbot, table, dialog.model.index(row, 0))
        qtbot.keyClick(table, Qt.Key.Key_Space)

    # Severity 2 proposes four: 17 - 4 = 13 of the 15 FIRE-1's shift needs.
    assert len(dialog.selected_member_ids()) == 4
    assert warning.isVisible()
    assert warning.text() == ("Sending these members leaves FIRE-1 with 13 of the 15 its "
                              "shift needs (17 ready now): a readiness gap.")
    toggle(3)
    toggle(2)
    assert len(dialog.selected_member_ids()) == 2
    assert not warning.isVisible(), "two of seventeen leave the shift staffed"
    click(qtbot, child(dialog, QPushButton, "dispatchMembersCancel"))
