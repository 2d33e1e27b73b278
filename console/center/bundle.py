"""A center as one folder of plain files (a bundle): written by ``center export``, loaded by
``center import`` into a new or existing database, in an order where everything a file
names is already there.

The layout (``README.txt`` in every bundle says the same)::

    center.json                 name, English name, time zone, working week, format version
    territory/<level>.geojson   the areas of each level present (district, street,
                                community, grid): code, name, name_en, level, parent,
                                households, population, retired; WGS84, one feature a line
    addresses.csv               the gazetteer: address,longitude,latitude (WGS84), by address
    qualifications.csv          code,name_zh,name_en
    teams.csv                   code,name_zh,name_en,kind,base_grid,min_staffing,leader
    members.csv                 team,name,role,qualifications,phone,email,availability
    rotations.json              each team's rotation patterns, crews by member name
    operators.csv               username,display_name,role,phone,email,active (no secrets)
    sla_policies.csv            the time limits per category and severity
    sla_tiers.csv               stricter tiers, when there are any
    calendar.csv                holidays and make-up working days
    hazards.csv                 the hazard registry
    plans.yaml                  response plans (预案), when there are any

Export is stable: rows sorted by code (members in roster order, which import keeps), the
same formatting every time, so exporting twice gives byte-identical files and a bundle
can be kept under version control. Import is idempotent: importing a bundle twice changes
nothing the second time. Import never retires or deletes what a bundle does not name.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from console.center.services import CenterApp
from console.center.settings import day_names, hours_text, parse_days, parse_hours
from console.center.sheets import SheetReport, write_sheet
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError, WatchroomError
from console.hazards.interchange import export_hazards, import_hazards_csv
from console.incidents.plans import plans_yaml
from console.operators.service import require_role
from console.reports.wording import ENGLISH, ReportWords, counted
from console.rosters.domain import Availability
from console.rosters.exchange import ROSTER_FIELDS, import_roster_csv
from console.territory.areas import LEVELS, Level, level_word
from console.territory.plan import plan_import

FORMAT = "watchroom-center"
VERSION = 1
CENTER_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})
# Shifts of a new or changed rotation: from a week back (a weekly on-call shift already
# running is there) to four weeks ahead.
SHIFT_DAYS = (7, 27)

README = """\
A Watchroom center bundle: everything that describes one monitoring center, as plain
files a person can read, edit and compare. `python main.py center export DIR` writes it,
`python main.py center import DIR --operator ADMIN` loads it into a new or existing
database (again and again: a second import changes nothing). CSV files are UTF-8 with a
header row; GB 18030 (Chinese Excel) is read too.

center.json                 the center's name (Chinese, English), its time zone (IANA
                            name) and working week, and the bundle's format version
territory/<level>.geojson   the areas of each level (district, street, community, grid):
                            properties code, name, name_en, level, parent, households,
                            population, retired; WGS84 longitude/latitude, one feature a line
addresses.csv               address,longitude,latitude: the door-plate addresses (门牌地址)
                            the console finds places by, WGS84; each must lie in a grid
qualifications.csv          code,name_zh,name_en: the skills members hold
teams.csv                   code,name_zh,name_en,kind,base_grid,min_staffing,leader
members.csv                 team,name,role,qualifications,phone,email,availability
                            (qualifications separated by ';'; on task is written available)
rotations.json              each team's rotation patterns; crews list member names
operators.csv               username,display_name,role,phone,email,active: who signs in;
                            never a password (new operators get a one-time one on import)
sla_policies.csv            category,severity,register_minutes,dispatch_minutes,
                            resolve_minutes,warning_ratio,long_breach_minutes,calendar,
                            supervision_factor: the time limits of every case
sla_tiers.csv               name,factor,starts_at,ends_at,active,grids: stricter tiers
                            (only when there are any)
calendar.csv                date,kind,name: holidays and make-up working days (调休)
hazards.csv                 the hazard registry (code,name,kind,grid,…)
plans.yaml                  response plans (预案): per incident type and level, the tasks
                            and reports upward an incident's activation makes, with
                            their time limits (see the README's Major incidents)
basemaps/                   maps under the grids: MBTiles files (or folders of z/x/y
                            tiles), registered where they lie on import; an export does
                            not copy tile sets (python main.py basemap list names them)
"""


@dataclass
class FilePart:
    """What one file of a bundle did on import: its report lines and whether every record
    was taken."""

    name: str
    lines: list[str]
    ok: bool


@dataclass
class CenterImportReport:
    """The report of a whole bundle, file by file, in the order they were loaded."""

    directory: Path
    parts: list[FilePart] = field(default_factory=list)
    words: ReportWords = ENGLISH  # the language its lines are written in

    @property
    def ok(self) -> bool:
        return all(part.ok for part in self.parts)

    def add(self, name: str, lines: list[str], ok: bool) -> None:
        self.parts.append(FilePart(name, lines, ok))

    def add_sheet(self, report: SheetReport) -> None:
        self.add(report.file, report.lines(self.words), report.ok)

    def rejected(self, name: str, reason: str) -> None:
        """A file refused as a whole, and why."""
        self.add(name, [self.words.translate("CenterImport", "{file}: rejected: {reason}")
                        .format(file=name, reason=self.words.sentence(reason))], False)

    def lines(self) -> list[str]:
        translate = self.words.translate
        out = [line for part in self.parts for line in part.lines]
        bad = [part.name for part in self.parts if not part.ok]
        n = len(self.parts)
        if bad:
            last = counted(translate("CenterImport", "center import of {directory}: {n} "
                                                     "file(s), records rejected in {files}"), n)
        else:
            last = counted(translate("CenterImport", "center import of {directory}: {n} "
                                                     "file(s), every record taken"), n)
        out.append(last.format(directory=self.directory, n=n, files=", ".join(bad)))
        return out


# ---- export ---------------------------------------------------------------------------


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def feature_lines(collection: dict[str, Any]) -> str:
    """A FeatureCollection as JSON with one feature a line: compact, and a changed area
    is a changed line in a diff."""
    features = collection.get("features") or []
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                      for f in features)
    return ('{"type":"FeatureCollection","features":[\n' + body
            + ("\n" if body else "") + "]}\n")


def center_json(app: CenterApp) -> dict[str, Any]:
    settings = app.center.settings()
    return {"format": FORMAT, "version": VERSION, "name": settings.name,
            "name_en": settings.name_en, "timezone": settings.timezone,
            "working_days": day_names(settings.working_days),
            "working_hours": hours_text(settings.working_hours)}


def write_members(app: CenterApp, out: TextIO) -> int:
    """``members.csv``: active members, team by team in roster order; a member on task is
    written available (a task is not configuration: it ends with its case)."""
    def rows() -> Iterator[tuple[str, ...]]:
        for m in app.rosters.members():
            state = Availability.AVAILABLE if m.availability is Availability.ON_TASK \
                else m.availability
            yield (m.team_code, m.name, m.role, ";".join(m.qualifications), m.phone,
                   m.email, state.value)
    return write_sheet(out, ROSTER_FIELDS, rows())


def _territory_writer(app: CenterApp, level: Level) -> Callable[[TextIO], object]:
    return lambda out: out.write(feature_lines(app.territory.feature_collection(level)))


def bundle_files(app: CenterApp) -> dict[str, Callable[[TextIO], object]]:
    """Every file of this center's bundle (relative path → writer), in import order."""
    files: dict[str, Callable[[TextIO], object]] = {
        "center.json": lambda out: out.write(_json_text(center_json(app)))}
    for level in app.territory.levels_present():
        files[f"territory/{level}.geojson"] = _territory_writer(app, level)
    if app.gazetteer.count():
        files["addresses.csv"] = app.gazetteer.write_csv
    files.update({
        "qualifications.csv": app.sheets.qualifications.write,
        "teams.csv": app.sheets.teams.write,
        "members.csv": lambda out: write_members(app, out),
        "rotations.json": app.sheets.rotations.write,
        "operators.csv": app.sheets.operators.write,
        "sla_policies.csv": app.sheets.policies.write,
    })
    if app.sheets.tiers.count():
        files["sla_tiers.csv"] = app.sheets.tiers.write
    files.update({
        "calendar.csv": app.sheets.calendar.write,
        "hazards.csv": lambda out: export_hazards(app.db, "csv", out),
    })
    plans = app.incidents.plans()
    if plans:
        files["plans.yaml"] = lambda out: out.write(plans_yaml(plans))
    files["README.txt"] = lambda out: out.write(README)
    return files


def export_center(app: CenterApp, actor: OperatorRef, directory: Path) -> list[str]:
    """Write this center's bundle into ``directory`` (made if missing); returns the files
    written. Each file is written beside its place and moved in, so a failed export
    leaves no half-written file; bundle files of a previous export that this center no
    longer has (a level, the tiers) are removed. An administrator's: the bundle holds
    every operator and member with their contact."""
    require_role(actor, CENTER_ADMINS, "export the center")
    texts: dict[str, str] = {}
    for name, write in bundle_files(app).items():
        buffer = io.StringIO(newline="")
        write(buffer)
        texts[name] = buffer.getvalue()
    try:
        (directory / "territory").mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            target = directory / name
            partial = target.with_name(target.name + ".partial")
            try:
                partial.write_bytes(text.encode("utf-8"))
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
        stale = [directory / "territory" / f"{lv}.geojson" for lv in LEVELS] + \
            [directory / "sla_tiers.csv", directory / "plans.yaml", directory / "addresses.csv"]
        for path in stale:
            if path.relative_to(directory).as_posix() not in texts:
                path.unlink(missing_ok=True)
    except OSError as exc:
        raise ValidationError(f"Cannot write the bundle into {directory}: "
                              f"{exc.strerror or exc}.", "directory") from None
    return list(texts)


# ---- import ---------------------------------------------------------------------------


@contextmanager
def _file_part(report: CenterImportReport, name: str) -> Iterator[None]:
    """A file that cannot be read at all is reported as such; the next files go on."""
    try:
        yield
    except PermissionDenied:
        raise
    except UnicodeDecodeError:
        report.rejected(name, report.words.translate("CenterImport", "not UTF-8 text."))
    except (WatchroomError, OSError) as exc:
        report.rejected(name, str(exc))


def _center_settings(app: CenterApp, actor: OperatorRef, path: Path,
                     report: CenterImportReport) -> None:
    translate = report.words.translate
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        report.rejected(path.name, translate("CenterImport", "not valid JSON: {why} (line "
                                                             "{line}).").format(
            why=exc.msg, line=exc.lineno))
        return
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        report.rejected(path.name, translate("CenterImport", "not a Watchroom center (its "
                                                             "\"format\" is not {format})."
                                             ).format(format=repr(FORMAT)))
        return
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        report.rejected(path.name, translate(
            "CenterImport", "bundle version {version}; this Watchroom reads version "
                            "{supported} and older: update Watchroom.").format(
            version=repr(data.get("version")), supported=VERSION))
        return
    before = app.center.settings()
    name = str(data.get("name") or "").strip()
    after = app.center.update(
        actor, name=name or None, name_en=str(data.get("name_en") or ""),
        timezone=str(data["timezone"]) if data.get("timezone") else None,
        working_days=parse_days(list(data["working_days"]))
        if data.get("working_days") else None,
        working_hours=parse_hours(list(data["working_hours"]))
        if data.get("working_hours") else None)
    center = (after.name or translate("CenterImport", "(no name)")) + (
        f" / {after.name_en}" if after.name_en else "")
    line = (translate("CenterImport", "{file}: unchanged: {center}, time zone {zone}")
            if after == before else
            translate("CenterImport", "{file}: updated: {center}, time zone {zone}"))
    report.add(path.name, [line.format(file=path.name, center=center, zone=after.timezone)],
               True)


def _properties(path: Path) -> list[dict[str, Any]]:
    """The properties of a GeoJSON file's features (plan_import has read it already: a
    file it refused never gets here)."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    features = data.get("features") if isinstance(data, dict) else None
    return [f["properties"] for f in features or []
            if isinstance(f, dict) and isinstance(f.get("properties"), dict)]


def _territory_level(app: CenterApp, actor: OperatorRef, path: Path, level: Level,
                     report: CenterImportReport) -> None:
    """One level: checked like any GIS import (with the bundle's own field names), stored,
    then the English names and the retirements the file records."""
    name = f"territory/{path.name}"
    plan = plan_import([path], level, code_field="code", name_field="name",
                       parent_field="parent", households_field="households",
                       population_field="population",
                       known_parents=app.territory.known_parents(level))
    props = _properties(path)
    english = {str(p["code"]): str(p.get("name_en") or "") for p in props if p.get("code")}
    retire = {str(p["code"]) for p in props if p.get("code") and p.get("retired") is True}
    already = {a.code for a in app.territory.areas(level) if a.retired}
    # A retired area stays as it is: storing it would bring it back into use.
    plan.areas = [a for a in plan.areas if a.code not in already]
    words = report.words
    translate = words.translate
    said = translate("CenterImport", "{file}: {text}")
    lines = [said.format(file=name, text=plan.summary(words)),
             *(f"territory/{finding.line(words)}" for finding in plan.findings)]
    preview = app.territory.store(actor, plan, dry_run=True)
    if preview.created or preview.updated:
        result = app.territory.store(actor, plan)
        lines += [said.format(file=name, text=line) for line in result.lines(words)]
    else:
        lines.append(translate("CenterImport", "{file}: {n} {level} areas unchanged.").format(
            file=name, n=len(plan.areas), level=level_word(level, translate)))
    renamed = app.territory.set_english_names(actor, level, english)
    if renamed:
        lines.append(counted(translate("CenterImport", "{file}: English names set for {n} "
                                                       "area(s)."), len(renamed)).format(
            file=name, n=len(renamed)))
    for code in sorted(retire - already):
        if code in {a.code for a in plan.areas}:
            app.territory.retire(actor, code)
            lines.append(translate("CenterImport", "{file}: retired: {code}").format(
                file=name, code=code))
    report.add(name, lines, plan.counts()["rejected"] == 0)


def import_center(app: CenterApp, actor: OperatorRef, directory: Path, *,
                  one_time_passwords: bool = True,
                  shift_days: tuple[int, int] = SHIFT_DAYS,
                  words: ReportWords = ENGLISH) -> CenterImportReport:
    """Load the bundle in ``directory``: settings, the territory top level first, the
    addresses (placed in its grids), then qualifications, teams, members, the teams'
    leaders, rotations (and their shifts, ``shift_days`` before and after the center's
    today), operators, SLA policies and tiers, the calendar, hazards. Each file reports
    per record; a file that is missing is skipped (a bundle may hold part of a center).
    An administrator's. The report is written in ``words``' language."""
    require_role(actor, CENTER_ADMINS, "import a center")
    if not directory.is_dir():
        raise ValidationError(f"{directory} is not a folder: give the folder a center "
                              "export wrote.", "directory")
    if not (directory / "center.json").is_file():
        raise ValidationError(f"{directory} has no center.json: it is not a center bundle "
                              "(python main.py center export DIR writes one).", "directory")
    report = CenterImportReport(directory, words=words)
    sheets = app.sheets
    with _file_part(report, "center.json"):
        _center_settings(app, actor, directory / "center.json", report)
    for level in LEVELS:
        path = directory / "territory" / f"{level}.geojson"
        if path.is_file():
            with _file_part(report, f"territory/{path.name}"):
                _territory_level(app, actor, path, level, report)
    addresses = directory / "addresses.csv"
    if addresses.is_file():  # after the territory: each address is placed in its grid
        with _file_part(report, addresses.name):
            placed = app.gazetteer.import_csv(actor, addresses)
            report.add(addresses.name, placed.lines(words), placed.ok)
    tiles = directory / "basemaps"
    if tiles.is_dir():  # MBTiles files and folders of z/x/y tiles, read where they lie
        for path in sorted(tiles.iterdir()):
            if path.suffix.lower() == ".mbtiles" or path.is_dir():
                name = f"basemaps/{path.name}"
                with _file_part(report, name):
                    added = app.basemaps.add(actor, str(path))
                    report.add(name, [words.translate("CenterImport", "basemap {name}").format(
                        name=added.name)], True)

    def sheet(name: str, load: Callable[[Path], SheetReport | tuple[list[str], bool]]) -> None:
        path = directory / name
        if not path.is_file():
            return
        with _file_part(report, name):
            done = load(path)
            if isinstance(done, SheetReport):
                report.add_sheet(done)
            else:
                report.add(name, *done)

    def members(path: Path) -> tuple[list[str], bool]:
        roster = import_roster_csv(app.rosters, path, actor)
        return roster.lines(words), roster.ok

    today = app.clock.now().astimezone(app.zone).date()
    sheet("qualifications.csv", lambda p: sheets.qualifications.import_file(actor, p))
    sheet("teams.csv", lambda p: sheets.teams.import_file(actor, p, leaders=False))
    sheet("members.csv", members)
    sheet("teams.csv", lambda p: sheets.teams.import_leaders(actor, p))
    sheet("rotations.json", lambda p: sheets.rotations.import_file(
        actor, p, first_day=today - timedelta(days=shift_days[0]),
        last_day=today + timedelta(days=shift_days[1])))
    sheet("operators.csv", lambda p: sheets.operators.import_file(
        actor, p, one_time_passwords=one_time_passwords))
    sheet("sla_policies.csv", lambda p: sheets.policies.import_file(actor, p))
    sheet("sla_tiers.csv", lambda p: sheets.tiers.import_file(actor, p))
    sheet("calendar.csv", lambda p: sheets.calendar.import_file(actor, p))

    def hazards(path: Path) -> tuple[list[str], bool]:
        done = import_hazards_csv(app.hazards, app.zone, actor, path)
        return [done.summary(words), *done.lines(words)], done.ok

    sheet("hazards.csv", hazards)

    def plans(path: Path) -> tuple[list[str], bool]:
        done = app.incidents.import_plans(actor, path)
        lines = [f"plans.yaml: {len(done.added)} added, {len(done.replaced)} updated, "
                 f"{len(done.unchanged)} unchanged, {len(done.problems)} rejected",
                 *(f"plans.yaml: rejected: {problem}" for problem in done.problems)]
        return lines, not done.problems

    sheet("plans.yaml", plans)
    return report
