"""The rotation sheet: each team's rotation patterns, with crews named by their members'
names, so a center's shift plan travels between databases (member ids do not).

``rotations.json`` is a JSON list, one object per rotation::

    {"team": "FIRE-1", "name": "Four watches on 12-hour shifts",
     "timezone": "Asia/Shanghai", "anchor": "2026-11-03", "cycle_days": 4,
     "crews": {"A": ["陈文杰", "…"], "B": ["…"]},
     "slots": [{"day": 0, "start": "08:30", "hours": 12, "crew": "A", "kind": "duty"}, …]}

The pattern keys are those of ``db/demo/rotation_pattern.py`` (a cycle of days from an
anchor date, slots with a local start, a length in hours, a crew and a kind), except that
a crew lists member names of the team instead of member ids. A rotation is known by its
team and name. A new or changed rotation has its shifts generated (from a week back, so a
weekly on-call shift that is running is there, to four weeks ahead by default); shifts
generated before stay as they are. The roster editors' (coordinators, admins); one audit
entry for the rotations of an import, and one per generation, as in the roster.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from console.center.sheets import SheetReport, read_text
from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.journal import record
from console.operators.service import require_role
from console.rosters.service import ROSTER_EDITORS, RosterService
from db.database import Database
from db.demo.rotation_pattern import PatternError, parse_pattern, pattern_json
from db.models import Member, Rotation, Team

ROTATION_KEYS = ("team", "name", "timezone", "anchor", "cycle_days", "crews", "slots")


def _member_ids(crews: Any, members: dict[str, list[tuple[int, bool]]],
                team: str) -> dict[str, list[int]]:
    """Crews of names as crews of member ids (an active member before an inactive one)."""
    if not isinstance(crews, dict) or not crews:
        raise ValidationError("crews must name at least one crew and its members.", "crews")
    out: dict[str, list[int]] = {}
    unknown: list[str] = []
    for label, names in crews.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValidationError(f"Crew {label}: list its members by name.", "crews")
        ids = []
        for name in names:
            found = sorted(members.get(" ".join(name.split()), []), key=lambda m: not m[1])
            if not found:
                unknown.append(name)
            elif len(found) > 1 and found[0][1] == found[1][1]:
                raise ValidationError(f"{team} has {len(found)} members named {name}; name "
                                      "them apart in the roster first.", "crews")
            else:
                ids.append(found[0][0])
        out[str(label)] = ids
    if unknown:
        raise ValidationError(f"not members of {team}: {', '.join(unknown)} (import the "
                              "members first).", "crews")
    return out


class RotationSheet:
    """Imports and writes ``rotations.json``."""

    def __init__(self, db: Database, clock: Clock, rosters: RosterService) -> None:
        self._db = db
        self._clock = clock
        self._rosters = rosters

    def import_file(self, actor: OperatorRef, path: Path, *, first_day: date,
                    last_day: date) -> SheetReport:
        """Create or update the file's rotations, then generate the shifts of the new and
        changed ones starting on ``first_day … last_day`` (local dates)."""
        require_role(actor, ROSTER_EDITORS, "import rotations")
        report = SheetReport(path.name, unit="rotation")
        try:
            records = json.loads(read_text(path))
        except json.JSONDecodeError as exc:
            report.reject(0, f"not valid JSON: {exc.msg} (line {exc.lineno}, column "
                             f"{exc.colno}).")
            return report
        if not isinstance(records, list):
            report.reject(0, "the file must hold a JSON list of rotations.")
            return report
        now = self._clock.now()
        fresh: list[tuple[int, int, str]] = []  # (record number, rotation id, label)
        added: list[str] = []
        changed: list[str] = []
        with self._db.write.begin() as s:
            teams = dict(s.execute(select(Team.code, Team.id)).all())
            rotations = {(r.team_id, r.name): r for r in s.scalars(select(Rotation))}
            members: dict[int, dict[str, list[tuple[int, bool]]]] = {}
            for mid, team_id, name, active in s.execute(
                    select(Member.id, Member.team_id, Member.name, Member.active)):
                members.setdefault(team_id, {}).setdefault(name, []).append((mid, active))
            seen: dict[tuple[int, str], int] = {}
            for n, item in enumerate(records, 1):
                try:
                    team_id, name, text = self._check(item, teams, members, seen, n)
                except (ValidationError, PatternError) as exc:
                    report.reject(n, str(exc))
                    continue
                label = f"{item['team']} {name}"
                rotation = rotations.get((team_id, name))
                if rotation is None:
                    rotation = Rotation(team_id=team_id, name=name, pattern=text,
                                        created_at=now)
                    s.add(rotation)
                    s.flush()
                    rotations[(team_id, name)] = rotation
                    added.append(label)
                    report.count("added")
                elif rotation.pattern != text:
                    rotation.pattern = text
                    changed.append(label)
                    report.count("updated")
                else:
                    report.count("unchanged")
                    continue
                fresh.append((n, rotation.id, label))
            if fresh:
                s.flush()
                record(s, actor=actor, at=now, entity="rotation", entity_id=0,
                       action="import", detail={"file": report.file, "added": added,
                                                "updated": changed})
        for n, rotation_id, label in fresh:
            done = self._rosters.generate_shifts(actor, rotation_id, first_day, last_day)
            report.note(n, f"{label}: {done.created} shifts generated from {first_day} to "
                           f"{last_day}" + (f", {len(done.left_out)} places left empty"
                                            if done.left_out else ""))
        return report

    @staticmethod
    def _check(item: Any, teams: dict[str, int],
               members: dict[int, dict[str, list[tuple[int, bool]]]],
               seen: dict[tuple[int, str], int], n: int) -> tuple[int, str, str]:
        if not isinstance(item, dict):
            raise ValidationError("a rotation is an object with team, name, anchor, "
                                  "cycle_days, crews and slots.", "rotation")
        unknown = sorted(set(item) - set(ROTATION_KEYS))
        if unknown:
            raise ValidationError(f"unknown key(s) {', '.join(unknown)}; the keys are "
                                  f"{', '.join(ROTATION_KEYS)}.", "rotation")
        code = str(item.get("team", "")).strip().upper()
        if code not in teams:
            raise ValidationError(f"unknown team {item.get('team')!r}.", "team")
        name = " ".join(str(item.get("name", "")).split())
        if not name or len(name) > 120:
            raise ValidationError("a rotation needs a name of at most 120 characters.", "name")
        key = (teams[code], name)
        if key in seen:
            raise ValidationError(f"{code} {name} appears again (rotation {seen[key]}).",
                                  "name")
        seen[key] = n
        crews = _member_ids(item.get("crews"), members.get(teams[code], {}), code)
        pattern = {k: v for k, v in item.items() if k not in ("team", "name")}
        return teams[code], name, pattern_json(parse_pattern({**pattern, "crews": crews}))

    def write(self, out: TextIO) -> int:
        """``rotations.json``: by team code, then name."""
        with self._db.read() as s:
            codes = dict(s.execute(select(Team.id, Team.code)).all())
            names = dict(s.execute(select(Member.id, Member.name)).all())
            rotations = sorted(s.scalars(select(Rotation)),
                               key=lambda r: (codes[r.team_id], r.name))
            items = []
            for rotation in rotations:
                pattern = json.loads(rotation.pattern)
                pattern["crews"] = {label: [names.get(i, f"#{i}") for i in ids]
                                    for label, ids in pattern["crews"].items()}
                items.append({"team": codes[rotation.team_id], "name": rotation.name,
                              **pattern})
        out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return len(items)
