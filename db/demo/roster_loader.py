"""Loads the demo roster (qualifications, members, leaders, rotations, shifts) from resources/.

The file (``resources/demo/roster.json``) names teams by their code in district.json, so
the district must be loaded first. Each member may name a ``crew``; each team lists its
rotations by type, built with the helpers of ``db/rotation_pattern.py``:

- ``day_and_night``: ``crews`` (labels, in rotation order), ``anchor``, ``day_start``,
  ``shift_hours`` — crews on 12-hour day and night shifts;
- ``weekdays``: ``crew``, ``anchor`` (a Monday), ``start``, ``hours`` — day shifts
  Monday to Friday;
- ``weekly_on_call``: ``crews``, ``anchor``, ``start`` — a week on call each, in turn.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from db.database import Database
from db.demo.rotation_pattern import (
    DEFAULT_TIMEZONE,
    RotationPattern,
    crews_on_day_and_night,
    expand,
    pattern_json,
    weekday_days,
    weekly_on_call,
)
from db.models import Change, Team, table_of
from db.models.rosters import (
    Member,
    MemberQualification,
    Qualification,
    Rotation,
    Shift,
    ShiftMember,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEMO_ROSTER = RESOURCES / "demo" / "roster.json"


class RosterDataError(ValueError):
    """The roster file does not fit the database (a team it names is missing…)."""


def read_roster(path: Path = DEMO_ROSTER) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _pattern(spec: dict[str, Any], crews: dict[str, list[int]], where: str,
             timezone: str) -> RotationPattern:
    kind = spec.get("type")
    anchor = date.fromisoformat(spec["anchor"])

    def members_of(label: str) -> list[int]:
        if label not in crews:
            raise RosterDataError(f"{where}: no member is in crew {label!r}.")
        return crews[label]

    if kind == "day_and_night":
        return crews_on_day_and_night({c: members_of(c) for c in spec["crews"]}, anchor,
                                      spec.get("day_start", "08:00"),
                                      int(spec.get("shift_hours", 12)), timezone)
    if kind == "weekdays":
        return weekday_days(spec["crew"], members_of(spec["crew"]), anchor,
                            spec.get("start", "08:30"), float(spec.get("hours", 9)),
                            timezone=timezone)
    if kind == "weekly_on_call":
        return weekly_on_call({c: members_of(c) for c in spec["crews"]}, anchor,
                              spec.get("start", "08:00"), timezone)
    raise RosterDataError(f"{where}: unknown rotation type {kind!r}.")


def load_roster(db: Database, now: datetime, path: Path = DEMO_ROSTER, *,
                days_before: int = 7, days_after: int = 27,
                timezone: str = DEFAULT_TIMEZONE) -> bool:
    """Insert the roster into a database that has the district but no members yet, with
    the shifts running on or starting in ``days_before`` days before today (in
    ``timezone``) to ``days_after`` days after it.

    Returns False (and changes nothing) when the database already has members.
    """
    data = read_roster(path)
    today = now.astimezone(ZoneInfo(timezone)).date()
    first, last = today - timedelta(days=days_before), today + timedelta(days=days_after)
    begin = datetime.combine(first, time(0), tzinfo=ZoneInfo(timezone))
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Member)):
            return False
        teams = dict(s.execute(select(Team.code, Team.id)).all())
        wanted = [t["code"] for t in data["teams"] if t["code"] not in teams]
        if wanted:
            raise RosterDataError(f"Load the district first: no team {', '.join(wanted)}.")
        known = set(s.scalars(select(Qualification.code)))
        fresh = [q for q in data["qualifications"] if q["code"] not in known]
        if fresh:
            s.execute(insert(Qualification), fresh)
        members, shifts = table_of(Member), table_of(Shift)
        for team in data["teams"]:
            team_id = teams[team["code"]]
            rows = [{"team_id": team_id, "name": m["name"], "role": m.get("role", ""),
                     "phone": m.get("phone", ""),
                     "availability": m.get("availability", "available"),
                     "availability_since": now, "current_case_id": None, "active": True,
                     "version": 1} for m in team["members"]]
            ids = list(s.execute(insert(members).returning(members.c.id,
                                                           sort_by_parameter_order=True),
                                 rows).scalars())
            s.execute(insert(MemberQualification), [
                {"member_id": mid, "qualification": q}
                for mid, m in zip(ids, team["members"], strict=True)
                for q in m.get("qualifications", [])])
            by_name = {m["name"]: mid for mid, m in zip(ids, team["members"], strict=True)}
            if team.get("leader"):
                s.execute(update(table_of(Team)).where(table_of(Team).c.id == team_id)
                          .values(leader_id=by_name[team["leader"]]))
            crews: dict[str, list[int]] = {}
            for mid, m in zip(ids, team["members"], strict=True):
                if m.get("crew"):
                    crews.setdefault(str(m["crew"]), []).append(mid)
            for n, spec in enumerate(team.get("rotations", []), 1):
                pattern = _pattern(spec, crews, f"{team['code']} rotation {n}", timezone)
                rotation_id = s.execute(insert(Rotation).values(
                    team_id=team_id, name=spec["name"], pattern=pattern_json(pattern),
                    created_at=now).returning(Rotation.id)).scalar_one()
                # From a week earlier: a weekly on-call shift that started before the
                # range and still runs belongs to it.
                planned = [p for p in expand(pattern, first - timedelta(days=8), last)
                           if p.ends_at > begin]
                if not planned:
                    continue
                shift_ids = list(s.execute(
                    insert(shifts).returning(shifts.c.id, sort_by_parameter_order=True),
                    [{"team_id": team_id, "rotation_id": rotation_id, "kind": p.kind,
                      "crew": p.crew, "starts_at": p.starts_at, "ends_at": p.ends_at,
                      "readiness_alerted_at": None, "version": 1} for p in planned]).scalars())
                s.execute(insert(ShiftMember), [
                    {"shift_id": sid, "member_id": mid}
                    for sid, p in zip(shift_ids, planned, strict=True) for mid in p.member_ids])
        # One change tells every console to reload its roster.
        s.execute(insert(Change).values(at=now, entity="roster", entity_id=0, op="reload"))
    return True
