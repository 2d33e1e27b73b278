"""``main.py center export|import DIR`` and ``main.py import --kind SHEET FILE``: a center's
bundle and its sheets on the command line."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from console.app import App
from console.center.bundle import SHIFT_DAYS, export_center, import_center
from console.core.domain import OperatorRef
from console.core.errors import PermissionDenied, WatchroomError
from console.rosters.exchange import import_roster_csv

# ``import --kind``: the sheets of a center (members were ``roster`` before: both work).
SHEET_KINDS = ("teams", "members", "roster", "qualifications", "rotations", "operators",
               "policies", "tiers", "calendar")

FIRST_ADMIN = ("This database has no operators yet, and a center is loaded by an "
               "administrator. Create the first one, then import as them:\n"
               "  python main.py operator add NAME --role admin\n"
               "  python main.py center import DIR --operator NAME")


def import_sheet(app: App, kind: str, path: Path,
                 actor: OperatorRef) -> tuple[list[str], bool]:
    """Import one sheet file of ``kind``: its report lines and whether every row was
    taken. A file that cannot be read is one rejected line; a role that may not is
    raised (``PermissionDenied``)."""
    sheets = app.sheets
    try:
        if kind in ("members", "roster"):
            roster = import_roster_csv(app, path, actor)
            return roster.lines(), roster.ok
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
        return [f"{path}: rejected: {exc}"], False
    return report.lines(), report.ok


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


def run_center(args: argparse.Namespace, app: App, out: TextIO) -> int:
    """``center export|import``; the caller has chosen the acting operator. Returns the
    exit code: 1 when some record of the bundle was rejected (the good ones kept)."""
    directory = Path(args.directory)
    if args.center_command == "export":
        files = export_center(app, app.operator, directory)
        for name in files:
            print(f"wrote {directory / name}", file=out)
        return 0
    report = import_center(app, app.operator, directory)
    for line in report.lines():
        print(line, file=out)
    return 0 if report.ok else 1
