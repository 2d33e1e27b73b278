"""``main.py center export|import DIR``, ``center show|set`` and ``main.py import --kind
SHEET FILE``: a center's bundle, settings and sheets on the command line."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from console.center.services import CenterApp
from console.center.settings import day_names, hours_text, parse_days, parse_hours
from console.core.domain import OperatorRef
from console.core.errors import PermissionDenied, WatchroomError
from console.reports.wording import ENGLISH, ReportWords, Translate

# ``import --kind``: the sheets of a center (members were ``roster`` before: both work).
SHEET_KINDS = ("teams", "members", "roster", "qualifications", "rotations", "operators",
               "policies", "tiers", "calendar")


def first_admin(translate: Translate) -> str:
    """Why ``center import`` on a database without operators stops, and what to do."""
    return translate("CenterCommand", "This database has no operators yet, and a center is "
                                      "loaded by an administrator. Create the first one, "
                                      "then import as them:\n"
                                      "  python main.py operator add NAME --role admin\n"
                                      "  python main.py center import DIR --operator NAME")


def import_sheet(app: CenterApp, kind: str, path: Path, actor: OperatorRef,
                 words: ReportWords = ENGLISH) -> tuple[list[str], bool]:
    """Import one sheet file of ``kind``: its report lines (in ``words``' language) and
    whether every row was taken. A file that cannot be read is one rejected line; a role
    that may not is raised (``PermissionDenied``)."""
    # The bundle's and the sheets' modules (shapely, icalendar with them) load when a
    # sheet is imported, not with every run of the command line.
    from console.center.bundle import SHIFT_DAYS
    from console.rosters.exchange import import_roster_csv

    sheets = app.sheets
    try:
        if kind in ("members", "roster"):
            roster = import_roster_csv(app.rosters, path, actor)
            return roster.lines(words), roster.ok
        if kind == "rotations":
            today = app.clock.now().astimezone(app.zone).date()
            report = sheets.rotations.import_file(
                actor, path, first_day=today - timedelta(days=SHIFT_DAYS[0]),
                last_day=today + timedelta(days=SHIFT_DAYS[1]))
        elif kind == "teams":
            report = sheets.teams.import_file(actor, path)
        elif kind == "qualifications":
            report = sheets.qualifications.import_file(actor, path)
        elif kind == "operators":
            report = sheets.operators.import_file(actor, path)
        elif kind == "policies":
            report = sheets.policies.import_file(actor, path)
        elif kind == "tiers":
            report = sheets.tiers.import_file(actor, path)
        else:
            report = sheets.calendar.import_file(actor, path)
    except PermissionDenied:
        raise
    except WatchroomError as exc:
        return [words.translate("CenterCommand", "{file}: rejected: {reason}").format(
            file=path, reason=words.sentence(str(exc)))], False
    return report.lines(words), report.ok


def add_center_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                      shared: argparse.ArgumentParser) -> None:
    center = commands.add_parser(
        "center", parents=[shared],
        help="a whole center (settings, territory, teams, people, rules, hazards) as one "
             "folder of plain files")
    sub = center.add_subparsers(dest="center_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", parents=[shared],
                            help="write this center's bundle into DIR (admins)")
    export.add_argument("directory", metavar="DIR")
    load = sub.add_parser(
        "import", parents=[shared],
        help="load a bundle into this database, new or not; a report per record (admins; "
             "on a new database add the admin first: operator add NAME --role admin)")
    load.add_argument("directory", metavar="DIR")
    sub.add_parser("show", parents=[shared], help="the center's name, time zone, working week")
    settings = sub.add_parser("set", parents=[shared],
                              help="name the center, set its time zone or working week (admins)")
    settings.add_argument("--name", help="the center's name (Chinese)")
    settings.add_argument("--name-en", help="its English name")
    settings.add_argument("--timezone", metavar="ZONE",
                          help="an IANA zone (Asia/Shanghai, Asia/Urumqi…): every time shown, "
                               "and the working calendar, follow it")
    settings.add_argument("--working-days", metavar="DAYS",
                          help="comma-separated: mon,tue,wed,thu,fri")
    settings.add_argument("--working-hours", metavar="PERIODS",
                          help="comma-separated: 08:30-12:00,13:30-17:30")
    settings.add_argument("--change-retention-days", type=int, metavar="DAYS",
                          help="days the change feed keeps changes (default 7; 1-3650): a "
                               "seat away longer reloads everything instead of replaying")


def run_center(args: argparse.Namespace, app: CenterApp, out: TextIO,
               words: ReportWords = ENGLISH) -> int:
    """``center export|import``; the caller has chosen the acting operator. Returns the
    exit code: 1 when some record of the bundle was rejected (the good ones kept).
    ``center show`` prints ``key: value`` lines, as ``center set`` names them, in any
    language; the rest is said in ``words``' language."""
    from console.center.bundle import export_center, import_center  # when used

    if args.center_command in ("show", "set"):
        if args.center_command == "set":
            app.center.update(
                app.operator, name=args.name, name_en=args.name_en, timezone=args.timezone,
                working_days=parse_days(args.working_days.split(","))
                if args.working_days else None,
                working_hours=parse_hours(args.working_hours.split(","))
                if args.working_hours else None,
                change_retention_days=args.change_retention_days)
        settings = app.center.settings()
        print(f"name: {settings.name}\nname_en: {settings.name_en}\n"
              f"timezone: {settings.timezone}\n"
              f"working_days: {','.join(day_names(settings.working_days))}\n"
              f"working_hours: {','.join(hours_text(settings.working_hours))}\n"
              f"change_retention_days: {settings.change_retention_days}", file=out)
        return 0
    directory = Path(args.directory)
    if args.center_command == "export":
        files = export_center(app, app.operator, directory)
        for name in files:
            print(words.translate("CenterCommand", "wrote {file}").format(
                file=directory / name), file=out)
        return 0
    report = import_center(app, app.operator, directory, words=words)
    for line in report.lines():
        print(line, file=out)
    return 0 if report.ok else 1
