"""The center's sheets: each bad row reported by line and reason, the good rows beside it
kept, a second import changing nothing, one audit entry per import, roles checked."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.app import App
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied
from db.models import AuditEntry, Deadline


def sheet(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def audit_count(app: App, entity: str, action: str = "import") -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).where(AuditEntry.entity == entity,
                                                   AuditEntry.action == action)) or 0


def rejected_lines(lines: list[str]) -> dict[int, str]:
    out = {}
    for line in lines[1:]:
        where, kind, reason = line.split(": ", 2)
        if kind == "rejected":
            out[int(where.rsplit(":", 1)[1])] = reason
    return out


# ---- teams --------------------------------------------------------------------------


TEAMS = """code,name_zh,name_en,kind,base_grid,min_staffing
flood-2,防汛突击队,Flood Squad,rescue,XH-09,6
FIRE-1,新河消防救援站,Xinhe Fire Rescue Station,fire,XH-22,12
X,太短,Too short,rescue,,1
BOAT-1,冲锋舟队,Boat Team,submarine,,2
DRONE-1,无人机队,Drone Team,other,XH-99,2
MED-9,急救,Medics,medical,,0
FLOOD-2,again,Again,rescue,,1
NEW-1,,,rescue,,1
"""


def test_teams_sheet_keeps_the_good_rows_and_names_the_bad_ones(
        app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    report = app.sheets.teams.import_file(coordinator, sheet(tmp_path, "teams.csv", TEAMS))
    assert (report.added, report.updated, report.rejected) == (1, 1, 6)
    bad = rejected_lines(report.lines())
    assert set(bad) == {4, 5, 6, 7, 8, 9}
    assert "2-32 capital letters" in bad[4]
    assert "Unknown team kind 'submarine'" in bad[5]
    assert "unknown base grid 'XH-99'" in bad[6]
    assert "1 to 500" in bad[7]
    assert "appears again (first on line 2)" in bad[8]
    assert "has no name: give name_zh or name_en" in bad[9]
    assert report.lines()[0] == ("teams.csv: 1 added, 1 updated, 0 unchanged, 6 rejected")
    flood = app.district.team_by_code("FLOOD-2")
    assert (flood.name_zh, flood.kind.value, flood.min_staffing) == ("防汛突击队", "rescue", 6)
    assert app.district.grid(flood.base_grid_id or 0).code == "XH-09"
    assert app.district.team_by_code("FIRE-1").min_staffing == 12
    assert audit_count(app, "team") == 1

    again = app.sheets.teams.import_file(coordinator, sheet(tmp_path, "teams.csv", TEAMS))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert audit_count(app, "team") == 1  # nothing changed, nothing written


def test_a_column_left_out_keeps_what_the_team_has(app: App, coordinator: OperatorRef,
                                                   tmp_path: Path) -> None:
    before = app.district.team_by_code("FIRE-1")
    report = app.sheets.teams.import_file(
        coordinator, sheet(tmp_path, "t.csv", "CODE,Min_Staffing\nfire-1,20\n"))
    assert report.ok
    assert report.updated == 1
    after = app.district.team_by_code("FIRE-1")
    assert (after.name_zh, after.kind, after.base_grid_id, after.min_staffing) == \
        (before.name_zh, before.kind, before.base_grid_id, 20)


def test_a_misspelt_column_refuses_the_sheet(app: App, coordinator: OperatorRef,
                                             tmp_path: Path) -> None:
    report = app.sheets.teams.import_file(
        coordinator, sheet(tmp_path, "t.csv", "code,min_stafing\nFIRE-1,20\n"))
    assert set(rejected_lines(report.lines())) == {1}
    assert "unknown column 'min_stafing'" in report.lines()[1]
    assert app.district.team_by_code("FIRE-1").min_staffing != 20


def test_a_leader_must_be_a_member_of_the_team(app: App, coordinator: OperatorRef,
                                               tmp_path: Path) -> None:
    member = app.rosters.add_member(coordinator, team="FIRE-1", name="陈文杰", role="chief")
    text = ("code,name_zh,name_en,leader\nFIRE-1,新河消防救援站,Xinhe Fire Station,陈文杰\n"
            "BOAT-1,冲锋舟队,Boat Team,王五\n")
    report = app.sheets.teams.import_file(coordinator, sheet(tmp_path, "t.csv", text))
    assert (report.added, report.updated) == (1, 1)
    assert "team BOAT-1: its leader is not set: 王五 is not a member of BOAT-1" in \
        rejected_lines(report.lines())[3]
    assert app.district.team_by_code("BOAT-1").name_en == "Boat Team"  # the team is kept
    assert app.rosters.member(member.id).leader


def test_teams_are_the_roster_editors(app: App, officer: OperatorRef,
                                      reviewer: OperatorRef, tmp_path: Path) -> None:
    path = sheet(tmp_path, "teams.csv", TEAMS)
    for who in (officer, reviewer):
        with pytest.raises(PermissionDenied):
            app.sheets.teams.import_file(who, path)


def test_teams_sheet_in_gb18030_as_chinese_excel_saves_it(
        app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    path = sheet(tmp_path, "队伍.csv", "code,name_zh,kind\nBOAT-1,冲锋舟队,rescue\n",
                 encoding="gb18030")
    assert app.sheets.teams.import_file(coordinator, path).ok
    assert app.district.team_by_code("BOAT-1").name_en == "冲锋舟队"


def test_qualifications_sheet(app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    text = "code,name_zh,name_en\ndrone,无人机,Drone pilot\nBad Code,x,y\ndiver,潜水,\n"
    report = app.sheets.qualifications.import_file(coordinator, sheet(tmp_path, "q.csv", text))
    assert (report.added, report.rejected) == (2, 1)
    assert "lower-case" in rejected_lines(report.lines())[3]
    assert {q.code: q.name_en for q in app.rosters.qualifications()} == \
        {"drone": "Drone pilot", "diver": "潜水"}
    out = io.StringIO()
    app.sheets.qualifications.write(out)
    assert out.getvalue() == "code,name_zh,name_en\ndiver,潜水,潜水\ndrone,无人机,Drone pilot\n"


# ---- operators ----------------------------------------------------------------------


OPERATORS = """username,display_name,role,phone,email
Hanmei,韩梅,duty officer,138 0000 1111,hanmei@xinhe.gov.cn
wangmin,王敏,coordinator,,
engine,Engine,admin,,
lilei,李雷,commander,,
ma,马,reviewer,call me,
niu,牛,reviewer,,not-an-address
zhou,周,,,
hanmei,again,reviewer,,
"""


def test_operators_sheet_gives_each_new_operator_a_one_time_password(
        app: App, admin: OperatorRef, tmp_path: Path) -> None:
    report = app.sheets.operators.import_file(admin, sheet(tmp_path, "operators.csv",
                                                           OPERATORS))
    assert (report.added, report.updated, report.rejected) == (1, 1, 6)
    bad = rejected_lines(report.lines())
    assert "built-in escalation engine" in bad[4]
    assert "Unknown role 'commander'" in bad[5]
    assert "'call me' is not a phone number" in bad[6]
    assert "'not-an-address' is not an address" in bad[7]
    assert "is new: give their role" in bad[8]
    assert "appears again (first on line 2)" in bad[9]
    note = next(line for line in report.lines() if "one-time password" in line)
    assert note.startswith("operators.csv:2: note: new operator hanmei: one-time password ")
    password = note.split("one-time password ")[1].split(" ")[0]
    assert len(password) == 16
    signed_in = app.operators.authenticate("hanmei", password)
    assert (signed_in.display_name, signed_in.role) == ("韩梅", Role.DUTY_OFFICER)
    assert app.operators.get("wangmin").role is Role.COORDINATOR
    with app.db.read() as s:
        details = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.entity == "operator", AuditEntry.action == "import")).all()
    assert len(details) == 1
    assert password not in details[0]

    out = io.StringIO()
    app.sheets.operators.write(out)
    assert "hanmei,韩梅,duty_officer,138 0000 1111,hanmei@xinhe.gov.cn,yes\n" in out.getvalue()
    assert "engine" not in out.getvalue()
    assert "argon2" not in out.getvalue()
    again = app.sheets.operators.import_file(admin, sheet(tmp_path, "operators.csv",
                                                          OPERATORS))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert "one-time password" not in "\n".join(again.lines())


def test_the_last_admin_keeps_the_role(app: App, admin: OperatorRef, tmp_path: Path) -> None:
    text = f"username,role,active\n{admin.username},reviewer,yes\n"
    report = app.sheets.operators.import_file(admin, sheet(tmp_path, "o.csv", text))
    assert "last active admin" in rejected_lines(report.lines())[2]
    text = f"username,active\n{admin.username},no\n"
    report = app.sheets.operators.import_file(admin, sheet(tmp_path, "o.csv", text))
    assert "last active admin" in rejected_lines(report.lines())[2]
    assert app.operators.get(admin.username).role is Role.ADMIN


def test_only_an_admin_imports_operators(app: App, coordinator: OperatorRef,
                                         tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="admin"):
        app.sheets.operators.import_file(coordinator, sheet(tmp_path, "o.csv", OPERATORS))


# ---- SLA policies and tiers ---------------------------------------------------------


def test_policies_sheet_moves_pending_deadlines(app: App, officer: OperatorRef,
                                                coordinator: OperatorRef,
                                                tmp_path: Path) -> None:
    case = app.cases.report(officer, title="Smoke from a shop", category="fire", severity=1,
                            grid="XH-07")
    text = ("category,severity,register_minutes,warning_ratio,calendar\n"
            "fire,1,7,0.5,24x7\n"
            "fire,critical,8,0.5,24x7\n"
            "arson,1,7,0.5,24x7\n"
            "flood,5,7,0.5,24x7\n"
            "flood,1,7,1.5,24x7\n"
            "flood,2,seven,0.5,24x7\n"
            "flood,3,30,0.5,sometimes\n"
            "petition,4,900,0.6,working\n")
    report = app.sheets.policies.import_file(coordinator, sheet(tmp_path, "sla.csv", text))
    assert (report.updated, report.rejected) == (2, 6)
    bad = rejected_lines(report.lines())
    assert "appears again (first on line 2)" in bad[3]
    assert "Unknown category 'arson'" in bad[4]
    assert "Severity '5'" in bad[5]
    assert "warning ratio must be between" in bad[6]
    assert "whole minutes" in bad[7]
    assert "'24x7' or 'working'" in bad[8]
    assert "sla.csv: note: 2 pending deadline(s) of open cases moved to the new limits." \
        in report.lines()
    policy = next(p for p in app.sla.policies()
                  if (p.category.value, int(p.severity)) == ("fire", 1))
    assert (policy.register_minutes, policy.warning_ratio) == (7, 0.5)
    with app.db.read() as s:
        due = s.scalar(select(Deadline.due_at).where(Deadline.case_id == case.row.id,
                                                     Deadline.kind == "register"))
    assert due == case.row.reported_at + timedelta(minutes=7)
    assert audit_count(app, "sla_policy") == 1
    again = app.sheets.policies.import_file(coordinator, sheet(tmp_path, "sla.csv", text))
    assert (again.updated, again.unchanged) == (0, 2)
    assert audit_count(app, "sla_policy") == 1


def test_only_coordinators_and_admins_import_policies(app: App, officer: OperatorRef,
                                                      tmp_path: Path) -> None:
    path = sheet(tmp_path, "sla.csv", "category,severity,register_minutes\nfire,1,7\n")
    with pytest.raises(PermissionDenied, match="coordinator"):
        app.sheets.policies.import_file(officer, path)


def test_policies_written_and_read_back_unchanged(app: App, coordinator: OperatorRef,
                                                  tmp_path: Path) -> None:
    out = io.StringIO()
    assert app.sheets.policies.write(out) == 40
    assert out.getvalue().splitlines()[1] == "dispute,1,5,10,240,0.75,30,24x7,0.5"
    report = app.sheets.policies.import_file(coordinator,
                                             sheet(tmp_path, "p.csv", out.getvalue()))
    assert (report.unchanged, report.rejected) == (40, 0)


def test_tiers_sheet(app: App, coordinator: OperatorRef, tmp_path: Path) -> None:
    text = ("name,factor,starts_at,ends_at,active,grids\n"
            "Flood season 2027,0.5,2027-06-01T00:00:00,2027-09-30T00:00:00+08:00,yes,"
            "XH-09;xh-10\n"
            "Games,0.5,2027-05-01T00:00:00Z,2027-04-01T00:00:00Z,yes,XH-01\n"
            "Lantern festival,0.8,2027-02-20T18:00:00,2027-02-20T23:00:00,yes,XH-77\n")
    report = app.sheets.tiers.import_file(coordinator, sheet(tmp_path, "tiers.csv", text))
    assert (report.added, report.rejected) == (1, 2)
    bad = rejected_lines(report.lines())
    assert "end after it starts" in bad[3]
    assert "XH-77" in bad[4]
    tier = app.sla.tiers()[0]
    assert tier.starts_at.isoformat() == "2027-05-31T16:00:00+00:00"  # Shanghai midnight
    out = io.StringIO()
    app.sheets.tiers.write(out)
    assert out.getvalue().splitlines()[1] == ("Flood season 2027,0.5,2027-05-31T16:00:00Z,"
                                              "2027-09-29T16:00:00Z,yes,XH-09;XH-10")
    again = app.sheets.tiers.import_file(coordinator, sheet(tmp_path, "t2.csv", out.getvalue()))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


# ---- the working calendar -----------------------------------------------------------


def test_calendar_sheet_holds_whole_years(app: App, coordinator: OperatorRef,
                                          tmp_path: Path) -> None:
    calendar = app.sla.working_calendar()
    assert date(2027, 1, 1) in calendar.holidays
    assert date(2026, 10, 1) in calendar.holidays
    text = ("date,kind,name\n"
            "2027-02-06,holiday,春节\n"
            "2027-02-07,workday,调休上班\n"
            "2027-02-30,holiday,no such day\n"
            "2027-02-08,day off,?\n"
            "2027-02-06,holiday,again\n")
    report = app.sheets.calendar.import_file(coordinator, sheet(tmp_path, "2027.csv", text))
    assert (report.added, report.removed, report.rejected) == (2, 1, 3)
    bad = rejected_lines(report.lines())
    assert "'2027-02-30' is not a date" in bad[4]
    assert "kind 'day off'" in bad[5]
    assert "appears again (first on line 2)" in bad[6]
    calendar = app.sla.working_calendar()
    assert date(2027, 1, 1) not in calendar.holidays  # 2027 is the sheet's: 1 Jan removed
    assert date(2026, 10, 1) in calendar.holidays  # 2026 untouched
    assert not calendar.is_working_day(date(2027, 2, 6))
    assert calendar.is_working_day(date(2027, 2, 7))  # a Sunday worked
    assert audit_count(app, "calendar") == 1
    again = app.sheets.calendar.import_file(coordinator, sheet(tmp_path, "2027.csv", text))
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 2, 0)
    assert audit_count(app, "calendar") == 1


# ---- rotations ----------------------------------------------------------------------


def test_rotations_name_their_crews_by_member(app: App, coordinator: OperatorRef,
                                              tmp_path: Path) -> None:
    for name in ("甲", "乙"):
        app.rosters.add_member(coordinator, team="MEDIATE-1", name=name)
    good = {"team": "MEDIATE-1", "name": "Weekly on call", "anchor": "2026-11-16",
            "cycle_days": 14, "crews": {"1": ["甲"], "2": ["乙"]},
            "slots": [{"day": 0, "start": "08:00", "hours": 168, "crew": "1",
                       "kind": "on_call"},
                      {"day": 7, "start": "08:00", "hours": 168, "crew": "2",
                       "kind": "on_call"}]}
    records = [good,
               {**good, "name": "Strangers", "crews": {"1": ["丙"]}},
               {**good, "team": "NOPE-1"},
               {**good, "name": "Bad slot", "slots": [{"day": 20, "start": "08:00",
                                                       "hours": 8, "crew": "1"}]},
               "not a rotation"]
    path = sheet(tmp_path, "rotations.json", json.dumps(records, ensure_ascii=False))
    today = date(2026, 11, 22)
    report = app.sheets.rotations.import_file(coordinator, path, first_day=today,
                                              last_day=today + timedelta(days=13))
    lines = report.lines()
    assert lines[0] == "rotations.json: 1 added, 0 updated, 0 unchanged, 4 rejected"
    assert lines[1].startswith("rotations.json:rotation 1: note: MEDIATE-1 Weekly on call: "
                               "2 shifts generated")
    assert "rotation 2: rejected: not members of MEDIATE-1: 丙" in lines[2]
    assert "rotation 3: rejected: unknown team 'NOPE-1'" in lines[3]
    assert "rotation 4: rejected: Slot 1: day must be from 0 to 13, not 20" in lines[4]
    assert "rotation 5: rejected: a rotation is an object" in lines[5]
    out = io.StringIO()
    app.sheets.rotations.write(out)
    again = app.sheets.rotations.import_file(
        coordinator, sheet(tmp_path, "again.json", out.getvalue()), first_day=today,
        last_day=today)
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 0, 1, 0)
