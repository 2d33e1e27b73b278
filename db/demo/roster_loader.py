"""The demo center's roster, fast: qualifications, members, team leaders, rotations and
their shifts inserted straight from the bundle files in resources/demo-center/
(``qualifications.csv``, ``members.csv``, the ``leader`` column of ``teams.csv``,
``rotations.json``, whose crews name members). The teams must be loaded first
(``district_loader.load_district``). The demo itself loads the bundle through
``center import``; tests/unit/center/test_demo_bundle.py checks both give the same roster.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from db.database import Database
from db.demo.district_loader import DEMO_CENTER, read_rows
from db.demo.rotation_pattern import DEFAULT_TIMEZONE, expand, parse_pattern, pattern_json
from db.models import Change, Team, table_of
from db.models.rosters import (
    Member,
    MemberQualification,
    Qualification,
    Rotation,
    Shift,
    ShiftMember,
)


class RosterDataError(ValueError):
    """The roster files do not fit the database (a team they name is missing…)."""


def read_qualifications(bundle: Path = DEMO_CENTER) -> list[dict[str, str]]:
    """The qualifications of the bundle: code, name_zh, name_en."""
    return read_rows(bundle / "qualifications.csv")


def read_rotations(bundle: Path = DEMO_CENTER) -> list[dict[str, Any]]:
    rotations: list[dict[str, Any]] = json.loads(
        (bundle / "rotations.json").read_text(encoding="utf-8"))
    return rotations


def load_roster(db: Database, now: datetime, bundle: Path = DEMO_CENTER, *,
                days_before: int = 7, days_after: int = 27,
                timezone: str = DEFAULT_TIMEZONE) -> bool:
    """Insert the roster into a database that has the teams but no members yet, with the
    shifts running on or starting in ``days_before`` days before today (in ``timezone``)
    to ``days_after`` days after it.

    Returns False (and changes nothing) when the database already has members.
    """
    members_in = read_rows(bundle / "members.csv")
    today = now.astimezone(ZoneInfo(timezone)).date()
    first, last = today - timedelta(days=days_before), today + timedelta(days=days_after)
    begin = datetime.combine(first, time(0), tzinfo=ZoneInfo(timezone))
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Member)):
            return False
        teams = dict(s.execute(select(Team.code, Team.id)).all())
        wanted = sorted({m["team"] for m in members_in} - set(teams))
        if wanted:
            raise RosterDataError(f"Load the district first: no team {', '.join(wanted)}.")
        known = set(s.scalars(select(Qualification.code)))
        fresh = [q for q in read_qualifications(bundle) if q["code"] not in known]
        if fresh:
            s.execute(insert(Qualification), fresh)
        members = table_of(Member)
        ids = list(s.execute(insert(members).returning(members.c.id,
                                                       sort_by_parameter_order=True), [
            {"team_id": teams[m["team"]], "name": m["name"], "role": m["role"],
             "phone": m["phone"], "email": m.get("email", ""),
             "availability": m["availability"] or "available",
             "availability_since": now, "current_case_id": None, "active": True,
             "version": 1} for m in members_in]).scalars())
        s.execute(insert(MemberQualification), [
            {"member_id": mid, "qualification": q}
            for mid, m in zip(ids, members_in, strict=True)
            for q in m["qualifications"].split(";") if q])
        by_name = {(m["team"], m["name"]): mid for mid, m in zip(ids, members_in, strict=True)}
        for team in read_rows(bundle / "teams.csv"):
            if team.get("leader") and team["code"] in teams:
                s.execute(update(table_of(Team)).where(table_of(Team).c.id == teams[team["code"]])
                          .values(leader_id=by_name[(team["code"], team["leader"])]))
        for spec in read_rotations(bundle):
            _rotation(s, spec, teams[spec["team"]], by_name, now, first, last, begin)
        # One change tells every console to reload its roster.
        s.execute(insert(Change).values(at=now, entity="roster", entity_id=0, op="reload"))
    return True


def _rotation(s: Any, spec: dict[str, Any], team_id: int, by_name: dict[tuple[str, str], int],
              now: datetime, first: date, last: date, begin: datetime) -> None:
    crews = {label: [by_name[(spec["team"], name)] for name in names]
             for label, names in spec["crews"].items()}
    pattern = parse_pattern({k: v for k, v in spec.items() if k not in ("team", "name")}
                            | {"crews": crews})
    rotation_id = s.execute(insert(Rotation).values(
        team_id=team_id, name=spec["name"], pattern=pattern_json(pattern), created_at=now)
        .returning(Rotation.id)).scalar_one()
    # From a week earlier: a weekly on-call shift that started before the range and still
    # runs belongs to it.
    planned = [p for p in expand(pattern, first - timedelta(days=8), last)
               if p.ends_at > begin]
    if not planned:
        return
    shifts = table_of(Shift)
    shift_ids = list(s.execute(
        insert(shifts).returning(shifts.c.id, sort_by_parameter_order=True),
        [{"team_id": team_id, "rotation_id": rotation_id, "kind": p.kind, "crew": p.crew,
          "starts_at": p.starts_at, "ends_at": p.ends_at, "readiness_alerted_at": None,
          "version": 1} for p in planned]).scalars())
    s.execute(insert(ShiftMember), [
        {"shift_id": sid, "member_id": mid}
        for sid, p in zip(shift_ids, planned, strict=True) for mid in p.member_ids])
