"""The team and qualification sheets: a center's teams (created or updated by code) and the
qualifications its members hold, imported from CSV and written back in the same form.

``teams.csv``: ``code,name_zh,name_en,kind,base_grid,min_staffing,leader``

- ``code``: 2–32 capital letters, digits, ``-`` or ``_`` (lower case is raised);
- ``name_zh``, ``name_en``: at least one; a missing one takes the other;
- ``kind``: rescue, fire, medical, mediation, patrol, grid_workers, utilities or other
  (default other);
- ``base_grid``: a grid code of the territory, or empty;
- ``min_staffing``: a whole number 1–500 (default 1);
- ``leader``: the name of a member of the team (empty: none). The members come from their
  own sheet, after the teams: a leader who is not a member yet is reported and the team
  kept; import the teams again once the members are in.

``qualifications.csv``: ``code,name_zh,name_en`` (``code``: 2–32 lower-case letters, digits
or ``_``, starting with a letter).

A column left out of the header keeps what the database has; an empty cell in a column
that is there clears it (or sets its default). Each sheet is one transaction with one
audit entry for the whole import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from console.center.sheets import SheetReport, SheetRow, one_line, read_sheet, write_sheet
from console.clock import Clock
from console.core.domain import OperatorRef, TeamKind
from console.core.errors import ValidationError
from console.core.journal import announce, record
from console.operators.service import require_role
from console.rosters.service import RosterService
from console.rosters.shared import ROSTER_EDITORS
from console.rosters.teams import QUAL_CODE, TEAM_CODE
from console.territory.district import DistrictService
from db.database import Database
from db.models import Grid, Member, Qualification, Team, table_of

TEAM_COLUMNS = ("code", "name_zh", "name_en", "kind", "base_grid", "min_staffing", "leader")
TEAM_REQUIRED = ("code",)
QUALIFICATION_COLUMNS = ("code", "name_zh", "name_en")
QUALIFICATION_REQUIRED = ("code",)
NAME_MAX = 120
TEAMS = table_of(Team)


def _names(row: SheetRow, what: str) -> tuple[str, str] | None:
    """(Chinese, English) from the row; None when neither column is in the sheet."""
    if not row.has("name_zh") and not row.has("name_en"):
        return None
    zh, en = one_line(row.get("name_zh")), one_line(row.get("name_en"))
    if not zh and not en:
        raise ValidationError(f"The {what} has no name: give name_zh or name_en.", "name")
    for name in (zh, en):
        if len(name) > NAME_MAX:
            raise ValidationError(f"The name {name[:20]!r}… has {len(name)} characters; at "
                                  f"most {NAME_MAX}.", "name")
    return zh or en, en or zh


def _kind(text: str) -> TeamKind:
    cleaned = text.strip().lower().replace(" ", "_").replace("-", "_") or TeamKind.OTHER.value
    try:
        return TeamKind(cleaned)
    except ValueError:
        raise ValidationError(f"Unknown team kind {text!r}; use one of: "
                              f"{', '.join(k.value for k in TeamKind)}.", "kind") from None


def _min_staffing(text: str) -> int:
    value = text.strip() or "1"
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise ValidationError(f"min_staffing {text!r} is not a whole number from 1 to 500.",
                              "min_staffing")
    return int(value)


class TeamSheet:
    """Imports and writes ``teams.csv``; the roster editors' (coordinators, admins)."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 rosters: RosterService) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._rosters = rosters

    def import_file(self, actor: OperatorRef, path: Path, *,
                    leaders: bool = True) -> SheetReport:
        """Create or update the teams of the sheet at ``path``; ``leaders=False`` leaves
        the leaders alone (a bundle sets them once its members are in)."""
        require_role(actor, ROSTER_EDITORS, "import teams")
        rows, report = read_sheet(path, TEAM_COLUMNS, TEAM_REQUIRED)
        self.import_rows(actor, rows, report, leaders=leaders)
        return report

    def import_rows(self, actor: OperatorRef, rows: Sequence[SheetRow], report: SheetReport,
                    *, leaders: bool = True) -> None:
        require_role(actor, ROSTER_EDITORS, "import teams")
        now = self._clock.now()
        added: list[str] = []
        changed: dict[str, dict[str, list[Any]]] = {}
        staffing_changed = False
        with self._db.write.begin() as s:
            teams = {t.code: t for t in s.scalars(select(Team))}
            grids = dict(s.execute(select(Grid.code, Grid.id)).all())
            seen: dict[str, int] = {}
            for row in rows:
                try:
                    with s.begin_nested():
                        outcome = self._row(s, row, teams, grids, seen, leaders, report,
                                            added, changed)
                except ValidationError as exc:
                    report.reject(row.line, str(exc))
                    continue
                report.count(outcome)
            staffing_changed = any("min_staffing" in c for c in changed.values())
            if added or changed:
                record(s, actor=actor, at=now, entity="team", entity_id=0, action="import",
                       detail={"file": report.file, "added": added, "updated": changed})
                announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        if staffing_changed:
            self._rosters.check_readiness(now)

    def _row(self, s: Session, row: SheetRow, teams: dict[str, Team], grids: dict[str, int],
             seen: dict[str, int], leaders: bool, report: SheetReport, added: list[str],
             changed: dict[str, dict[str, list[Any]]]) -> str:
        code = row.get("code").upper()
        if not TEAM_CODE.match(code):
            raise ValidationError(f"Team code {row.get('code')!r} must be 2-32 capital "
                                  "letters, digits, '-' or '_'.", "code")
        if code in seen:
            raise ValidationError(f"Team {code} appears again (first on line {seen[code]}); "
                                  "one line per team.", "code")
        seen[code] = row.line
        values: dict[str, Any] = {}
        names = _names(row, f"team {code}")
        if names is not None:
            values["name_zh"], values["name_en"] = names
        if row.has("kind"):
            values["kind"] = _kind(row.get("kind")).value
        if row.has("base_grid"):
            grid = row.get("base_grid").upper()
            if grid and grid not in grids:
                raise ValidationError(f"Team {code}: unknown base grid {grid!r}; load the "
                                      "territory first, or leave base_grid empty.", "base_grid")
            values["base_grid_id"] = grids.get(grid) if grid else None
        if row.has("min_staffing"):
            values["min_staffing"] = _min_staffing(row.get("min_staffing"))
        team = teams.get(code)
        if team is None:
            if names is None:
                raise ValidationError(f"Team {code} is new: it needs name_zh or name_en.",
                                      "name")
            defaults = {"kind": TeamKind.OTHER.value, "base_grid_id": None, "min_staffing": 1}
            team_id = s.execute(insert(TEAMS).values(
                code=code, leader_id=None, version=1, **{**defaults, **values})
                .returning(TEAMS.c.id)).scalar_one()
            team = s.get(Team, team_id)
            assert team is not None
            teams[code] = team
            added.append(code)
            outcome = "added"
        else:
            outcome = "unchanged"
        if leaders and row.has("leader"):
            values["leader_id"] = self._leader(s, team, row, report)
        diff = {k: [getattr(team, k), v] for k, v in values.items() if getattr(team, k) != v}
        if diff:
            s.execute(update(TEAMS).where(TEAMS.c.id == team.id)
                      .values(version=team.version + 1, **{k: v[1] for k, v in diff.items()}))
            s.expire(team)
            if outcome == "unchanged":
                changed[code] = diff
                outcome = "updated"
        return outcome

    def import_leaders(self, actor: OperatorRef, path: Path) -> SheetReport:
        """Only the ``leader`` column of the sheet at ``path``: what a bundle does once its
        members are in (rows refused for other reasons were reported the first time)."""
        require_role(actor, ROSTER_EDITORS, "import teams")
        rows, first = read_sheet(path, TEAM_COLUMNS, TEAM_REQUIRED)
        report = SheetReport(path.name, label="leaders")
        if not first.ok or not rows or not rows[0].has("leader"):
            return report
        now = self._clock.now()
        changed: dict[str, list[Any]] = {}
        with self._db.write.begin() as s:
            teams = {t.code: t for t in s.scalars(select(Team))}
            for row in rows:
                team = teams.get(row.get("code").upper())
                if team is None:
                    continue
                leader = self._leader(s, team, row, report)
                if leader == team.leader_id:
                    report.count("unchanged")
                    continue
                changed[team.code] = [team.leader_id, leader]
                s.execute(update(TEAMS).where(TEAMS.c.id == team.id)
                          .values(leader_id=leader, version=team.version + 1))
                report.count("updated")
            if changed:
                record(s, actor=actor, at=now, entity="team", entity_id=0, action="import",
                       detail={"file": path.name, "leaders": changed})
                announce(s, at=now, entity="district", entity_id=0, op="reload")
        self._district.invalidate()
        return report

    @staticmethod
    def _leader(s: Session, team: Team, row: SheetRow, report: SheetReport) -> int | None:
        name = one_line(row.get("leader"))
        if not name:
            return None
        found = list(s.scalars(select(Member.id).where(
            Member.team_id == team.id, Member.name == name, Member.active.is_(True))))
        if len(found) == 1:
            return found[0]
        why = (f"{team.code} has {len(found)} members named {name}" if found else
               f"{name} is not a member of {team.code}")
        report.reject(row.line, f"team {team.code}: its leader is not set: {why}; import "
                                "the members, then this sheet again.")
        return team.leader_id

    def write(self, out: TextIO) -> int:
        """``teams.csv`` of this database, by code."""
        with self._db.read() as s:
            grids = dict(s.execute(select(Grid.id, Grid.code)).all())
            leaders = dict(s.execute(select(Member.id, Member.name)).all())
            teams = list(s.scalars(select(Team).order_by(Team.code)))
            rows = [(t.code, t.name_zh, t.name_en, t.kind,
                     grids.get(t.base_grid_id, "") if t.base_grid_id else "", t.min_staffing,
                     leaders.get(t.leader_id, "") if t.leader_id else "") for t in teams]
        return write_sheet(out, TEAM_COLUMNS, rows)


class QualificationSheet:
    """Imports and writes ``qualifications.csv``; the roster editors'."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def import_file(self, actor: OperatorRef, path: Path) -> SheetReport:
        require_role(actor, ROSTER_EDITORS, "import qualifications")
        rows, report = read_sheet(path, QUALIFICATION_COLUMNS, QUALIFICATION_REQUIRED)
        now = self._clock.now()
        added: list[str] = []
        changed: dict[str, dict[str, list[str]]] = {}
        with self._db.write.begin() as s:
            known = {q.code: q for q in s.scalars(select(Qualification))}
            seen: set[str] = set()
            for row in rows:
                code = row.get("code").lower()
                try:
                    if not QUAL_CODE.match(code):
                        raise ValidationError(
                            f"Qualification code {row.get('code')!r} must be 2-32 lower-case "
                            "letters, digits or '_', starting with a letter.", "code")
                    if code in seen:
                        raise ValidationError(f"Qualification {code} appears again; one line "
                                              "per qualification.", "code")
                    names = _names(row, f"qualification {code}")
                except ValidationError as exc:
                    report.reject(row.line, str(exc))
                    continue
                seen.add(code)
                current = known.get(code)
                if current is None:
                    if names is None:
                        report.reject(row.line, f"Qualification {code} is new: it needs "
                                                "name_zh or name_en.")
                        continue
                    s.add(Qualification(code=code, name_zh=names[0], name_en=names[1]))
                    added.append(code)
                    report.count("added")
                elif names is not None and (current.name_zh, current.name_en) != names:
                    changed[code] = {"name": [f"{current.name_zh} / {current.name_en}",
                                              f"{names[0]} / {names[1]}"]}
                    current.name_zh, current.name_en = names
                    report.count("updated")
                else:
                    report.count("unchanged")
            if added or changed:
                s.flush()
                record(s, actor=actor, at=now, entity="qualification", entity_id=0,
                       action="import", detail={"file": report.file, "added": added,
                                                "updated": changed})
        return report

    def write(self, out: TextIO) -> int:
        """``qualifications.csv`` of this database, by code."""
        with self._db.read() as s:
            rows = [(q.code, q.name_zh, q.name_en) for q in
                    s.scalars(select(Qualification).order_by(Qualification.code))]
        return write_sheet(out, QUALIFICATION_COLUMNS, rows)
