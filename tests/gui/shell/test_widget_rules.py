"""Rules the widgets hold without a window: team suggestions, timeline text, theme colours."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.app import App
from console.core.domain import CaseRow, Category, Severity
from widgets.cases.action_dialogs import suggested_team
from widgets.cases.timeline_text import action_text, describe_change
from widgets.common.time_text import countdown_text, duration_text
from widgets.shell.theme import Theme, apply_theme, colors, escalation_colors, severity_colors

CENTER = ZoneInfo("Asia/Shanghai")  # the demo center's zone: every time on screen is in it


@pytest.fixture
def row(app: App) -> CaseRow:
    return app.cases.report(app.operator, title="Anything", category="other", severity=3,
                            grid="XH-01").row


@pytest.mark.parametrize(("category", "severity", "team"), [
    (Category.FIRE, Severity.HIGH, "FIRE-1"),
    (Category.FLOOD, Severity.MEDIUM, "RESCUE-1"),
    (Category.DISPUTE, Severity.LOW, "MEDIATE-1"),
    (Category.PETITION, Severity.LOW, "MEDIATE-1"),
    (Category.UTILITIES, Severity.HIGH, "UTIL-1"),
    (Category.PUBLIC_HEALTH, Severity.HIGH, "MED-1"),
    (Category.ENVIRONMENT, Severity.LOW, "GW-BINHE"),  # XH-01 is in Binhe community
    (Category.OTHER, Severity.CRITICAL, "RESCUE-1"),
])
def test_dispatch_suggests_the_usual_team(app: App, row: CaseRow, category: Category,
                                          severity: Severity, team: str) -> None:
    case = replace(row, category=category, severity=severity)
    suggestion = suggested_team(case, app.district.grids(), app.district.teams())
    assert suggestion is not None
    assert suggestion.code == team


def test_patrol_suggestion_prefers_the_team_based_in_the_community(
        app: App, row: CaseRow) -> None:
    south = app.district.grid_by_code("XH-26")  # Workers' Village, where PATROL-2 is based
    case = replace(row, category=Category.PUBLIC_SECURITY, grid_id=south.id)
    suggestion = suggested_team(case, app.district.grids(), app.district.teams())
    assert suggestion is not None
    assert suggestion.code == "PATROL-2"


def test_timeline_details_read_as_sentences(qtbot: QtBot) -> None:
    assert describe_change({"stage": ["registered", "dispatched"], "team": [None, "FIRE-1"]}) \
        == "stage: Registered → Dispatched\nteam: — → FIRE-1"
    assert describe_change({"note": "Called back"}) == "note: Called back"
    assert describe_change({"paused_seconds": 7260}) == "paused for 2 h 1 m"
    assert describe_change({"title": "Smoke", "category": "fire", "severity": 1,
                            "source": "hotline", "grid": "XH-01"}) == \
        "Fire · 1 Critical · Hotline · XH-01\ntitle: Smoke"
    assert describe_change({"severity": [3, 1]}) == "severity: 3 Medium → 1 Critical"
    assert describe_change({}) == ""


def test_deadline_entries_read_as_sentences(qtbot: QtBot) -> None:
    due = datetime(2026, 11, 22, 0, 3, tzinfo=UTC)
    local = due.astimezone(CENTER).strftime("%m-%d %H:%M")
    assert describe_change({"deadline": "register", "level": [1, 2],
                            "due_at": due.isoformat(), "minutes_late": 0}) == \
        f"Register deadline: ▲1 warning → ▲2 breached\ndue {local}"
    assert describe_change({"deadline": "dispatch", "level": [0, 1],
                            "due_at": due.isoformat(), "minutes_late": -1}) == \
        f"Dispatch deadline: on time → ▲1 warning\ndue {local}"
    assert describe_change({"deadline": "resolve", "level": [2, 3],
                            "due_at": due.isoformat(), "minutes_late": 30}) == \
        f"Resolve deadline: ▲2 breached → ▲3 breached for long\ndue {local}, 30 min late"
    assert describe_change({"note": "Mayor asked", "deadlines_moved": 2}) == \
        "note: Mayor asked\ndeadlines shortened: 2"
    assert action_text("escalate") == "Escalated"
    assert action_text("supervise") == "Supervised"
    assert action_text("register") == "Register"


def test_durations_are_short_and_readable(qtbot: QtBot) -> None:
    assert duration_text(30) == "< 1 m"
    assert duration_text(12 * 60) == "12 m"
    assert duration_text(3 * 3600 + 12 * 60) == "3 h 12 m"
    assert duration_text(2 * 86400 + 4 * 3600) == "2 d 4 h"


def test_countdowns_tick_visibly(qtbot: QtBot) -> None:
    assert countdown_text(14) == "14 s"
    assert countdown_text(2 * 60 + 14) == "2 m 14 s"
    assert countdown_text(-(12 * 60 + 5)) == "12 m 05 s", "the caller says late or not"
    assert countdown_text(3 * 3600 + 5 * 60 + 59) == "3 h 05 m"
    assert countdown_text(2 * 86400 + 4 * 3600) == "2 d 04 h"


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def _contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", list(Theme))
def test_theme_text_and_severities_are_readable(qtbot: QtBot, theme: Theme) -> None:
    c = colors(theme)
    for background in (c.base, c.alternate):
        assert _contrast(QColor(c.text), QColor(background)) >= 7, "body text: WCAG AAA"
        for sev, color in severity_colors(theme).items():
            assert _contrast(color, QColor(background)) >= 4.5, f"{sev.name} on {background}"
    assert _contrast(QColor(c.selected_text), QColor(c.selection)) >= 7
    names = {QColor(v).name() for v in (c.window, c.base, c.text)}
    assert not names & {"#000000", "#ffffff"}, "no pure black or white"
    assert len({col.name() for col in severity_colors(theme).values()}) == 4


@pytest.mark.parametrize("theme", list(Theme))
def test_escalation_tints_are_distinct_and_keep_text_readable(
        qtbot: QtBot, theme: Theme) -> None:
    c = colors(theme)
    tints = escalation_colors(theme)
    assert sorted(tints) == [1, 2, 3]
    names = {t.name() for t in tints.values()}
    assert len(names) == 3
    assert not names & {QColor(v).name() for v in (c.base, c.alternate, c.selection)}
    for level, tint in tints.items():
        assert _contrast(QColor(c.text), tint) >= 7, f"text on level {level}"
        for sev, color in severity_colors(theme).items():
            assert _contrast(color, tint) >= 4.5, f"{sev.name} on level {level}"


@pytest.mark.parametrize("theme", list(Theme))
def test_theme_style_sheets_parse(qtbot: QtBot, theme: Theme) -> None:
    # An unparsable style sheet makes Qt warn, which fails the test.
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, theme)
    assert "QTableView" in qapp.styleSheet()
    apply_theme(qapp, Theme.DARK)
