"""The center's settings: name, time zone (one source: the working calendar), roles."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console.app import App
from console.core.domain import OperatorRef
from console.core.errors import PermissionDenied, ValidationError
from db.models import AuditEntry


def _center_entries(app: App) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).where(AuditEntry.entity == "center")) or 0


def test_a_new_center_has_no_name_and_the_calendar_zone(app: App) -> None:
    settings = app.center.settings()
    assert (settings.name, settings.name_en) == ("", "")
    assert settings.timezone == "Asia/Shanghai" == app.zone.key
    assert settings.working_days == (0, 1, 2, 3, 4)
    assert settings.working_hours[0] == (time(8, 30), time(12, 0))


def test_the_zone_set_here_is_the_zone_everywhere(app: App, admin: OperatorRef) -> None:
    settings = app.center.update(admin, name=" 乌鲁木齐市  城市运行中心 ", name_en="Urumqi",
                                 timezone="Asia/Urumqi")
    assert settings.name == "乌鲁木齐市 城市运行中心"
    assert app.zone == ZoneInfo("Asia/Urumqi")
    assert app.sla.working_calendar().timezone == "Asia/Urumqi"
    assert app.kpis.center_timezone() == ZoneInfo("Asia/Urumqi")
    assert _center_entries(app) == 1
    app.center.update(admin, name="乌鲁木齐市 城市运行中心", timezone="Asia/Urumqi")
    assert _center_entries(app) == 1  # nothing changed, nothing written


def test_working_week(app: App, admin: OperatorRef) -> None:
    settings = app.center.update(admin, working_days=(0, 1, 2, 3, 4, 5),
                                 working_hours=((time(9), time(17)),))
    assert settings.working_days == (0, 1, 2, 3, 4, 5)
    assert app.sla.working_calendar().is_working_day(date(2026, 11, 28))  # a Saturday
    with pytest.raises(ValidationError, match="working week"):
        app.center.update(admin, working_hours=((time(17), time(9)),))


def test_an_unknown_zone_is_refused_with_the_closest_names(app: App,
                                                           admin: OperatorRef) -> None:
    with pytest.raises(ValidationError, match="Did you mean Asia/Shanghai"):
        app.center.update(admin, timezone="Asia/Shangai")
    with pytest.raises(ValidationError, match="IANA"):
        app.center.update(admin, timezone="UTC+8")
    with pytest.raises(ValidationError, match="cannot be empty"):
        app.center.update(admin, name="  ")
    assert app.zone.key == "Asia/Shanghai"


def test_only_an_administrator_changes_the_center(app: App, coordinator: OperatorRef,
                                                  officer: OperatorRef) -> None:
    for who in (coordinator, officer):
        with pytest.raises(PermissionDenied, match="admin"):
            app.center.update(who, name="Someone else's center")
    assert app.center.settings().name == ""


def test_center_set_and_show_on_the_command_line(app: App, db_url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    assert main(["center", "set", "--timezone", "Asia/Shangai", "--db", db_url,
                 "--operator", "zhaopeng"]) == 1
    assert "Did you mean Asia/Shanghai" in capsys.readouterr().err
    assert main(["center", "set", "--name", "新河区城市运行管理中心", "--name-en", "Xinhe",
                 "--timezone", "Asia/Urumqi", "--working-days", "mon,tue,wed,thu,fri,sat",
                 "--db", db_url, "--operator", "zhaopeng"]) == 0
    capsys.readouterr()
    assert main(["center", "show", "--db", db_url, "--operator", "sunwei"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "name: 新河区城市运行管理中心", "name_en: Xinhe", "timezone: Asia/Urumqi",
        "working_days: mon,tue,wed,thu,fri,sat", "working_hours: 08:30-12:00,13:30-17:30",
        "change_retention_days: 7"]
    assert main(["center", "set", "--change-retention-days", "30", "--db", db_url,
                 "--operator", "zhaopeng"]) == 0
    assert "change_retention_days: 30" in capsys.readouterr().out
    assert main(["center", "set", "--name", "Mine", "--db", db_url,
                 "--operator", "zhoujianhua"]) == 1
    assert "may not change the center's settings" in capsys.readouterr().err
