"""Watchroom's command line: the console GUI by default, headless subcommands for scripts.

Over 600 lines on purpose: it is the command line's one composition root (DESIGN.md's
contract): each subcommand is a short function here that opens the app and calls one
service; the parsers of the larger families (district, center, feeds) live beside their
capability (``console/territory/cli.py`` and the like).

What a command says to a person (reports, confirmations, progress, errors) is in the
console's language: ``--lang``, else the one chosen in View › Language, else the system's,
through the same Qt catalogue as the screen (``translate("CommandLine", "…")`` here; the
console's report builders take the words as a parameter). What scripts read stays as it
is in every language: ``case show``, ``export``, the reference ``case new`` prints and the
stage ``case step`` prints on stdout, ``center show``, ``seed``'s closing summary.
"""

from __future__ import annotations

import gc

# No garbage collection while the modules below load: at a cold start it spent a tenth of
# the time walking objects that live as long as the process (frozen once loaded, below).
gc.disable()

import argparse
import faulthandler
import getpass
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from console.alerts.feeds.export import export_alerts
from console.app import App, data_dir, default_db_url, default_inbox, demo_db_url, open_app
from console.cases.joint import ReturnReason, Satisfaction
from console.cases.lifecycle import Action
from console.center.cli import SHEET_KINDS, add_center_parser, first_admin, import_sheet, run_center
from console.core.cli_format import SeedProgress, case_lines, seed_summary
from console.core.domain import OperatorRef, Role
from console.core.errors import WatchroomError
from console.engine.escalation import EngineRunner
from console.engine.retention_cli import add_changes_parser, run_changes
from console.hazards.interchange import export_hazards, import_hazards_csv
from console.incidents.cli import add_incident_parser, run_incident, run_plan
from console.intake.tokens import SCOPES as TOKEN_SCOPES
from console.operators.auth import DEMO_PASSWORD
from console.operators.service import (
    OPERATOR_ADMINS,
    PERSON_ROLES,
    operator_lines,
    require_role,
)
from console.paging.cli import add_page_parser, run_page
from console.reports.export import FORMATS, export_cases
from console.reports.wording import ENGLISH, ReportWords, counted
from console.rosters.exchange import export_roster
from console.territory.basemap_cli import add_basemap_parser, run_basemap
from console.territory.cli import (
    GRID_EXPORT_FORMATS,
    add_district_parser,
    export_grids,
    run_district,
)
from console.territory.gazetteer_cli import add_gazetteer_parser, run_gazetteer
from console.territory.places import LonLat, to_wgs84
from db.database import Database
from db.demo.city import build_city, plan_city
from db.demo.district_loader import load_district
from db.demo.seed import SeedError, mark_seeded, real_case_count, seed_cases, seed_planned
from db.integrity import DatabaseRefused
from db.migrate import current_revision, upgrade

gc.freeze()  # what the imports built: out of the collector's way for good
gc.enable()

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
STEP_ACTIONS = [a.value for a in Action if a is not Action.REPORT]


class CommandError(Exception):
    """A failure the command line reports in one line and exits 1 for (its sentence
    already in the console's language)."""


class _Language:
    """The language this run of the command line speaks: ``--lang``, else the one chosen in
    View › Language, else the system's (main() sets ``requested`` for each run). Qt is
    loaded at the first sentence a command says, so a command that says nothing to a
    person (``export``) runs without it; where Qt cannot be loaded at all (a server
    without its libraries) the command line speaks English. ``on_screen``: a window
    opens next (the GUI, the demo), so Qt is made ready on the screen, not offscreen."""

    requested: str | None = None
    on_screen = False
    words: ReportWords | None = None  # what the command line says
    report: ReportWords | None = None  # what a printed report (PDF) says


def _load_language() -> tuple[ReportWords, ReportWords]:
    """What the command line says and what a printed report says, in the language."""
    try:
        from widgets.common.report_words import command_line_words  # Qt: loaded here
        from widgets.shell.i18n import ENGLISH as IN_ENGLISH
        from widgets.shell.i18n import current_language
    except ImportError:
        return ENGLISH, ENGLISH
    report = command_line_words(_Language.requested, _Language.on_screen)
    # In English the command line names values as stored (register, duty officer), as
    # scripts and the README know them; in Chinese as the screen names them.
    return (ENGLISH if current_language() == IN_ENGLISH else report), report


def _words() -> ReportWords:
    """The command line's words: sentences, stage, level and role names, reasons."""
    if _Language.words is None:
        _Language.words, _Language.report = _load_language()
    return _Language.words


def _report_words() -> ReportWords:
    """A printed report's words, as the screen's (PDF headings, stage names)."""
    if _Language.report is None:
        _Language.words, _Language.report = _load_language()
    return _Language.report


def translate(context: str, text: str) -> str:
    """``text`` in the command line's language (lupdate reads these calls' literals)."""
    return _words().translate(context, text)


def build_parser() -> argparse.ArgumentParser:
    # --db and --operator work before or after the subcommand. No defaults here (SUPPRESS):
    # a subcommand's default would overwrite a value given before it; main() fills them in.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL (default: $WATCHROOM_DB_URL or the embedded file)")
    shared.add_argument("--operator", metavar="NAME", default=argparse.SUPPRESS,
                        help="act as this operator (default: $WATCHROOM_OPERATOR or your "
                             "login name)")

    parser = argparse.ArgumentParser(
        prog="watchroom", parents=[shared],
        description="Watchroom command-center console. Without a command: the GUI.")
    parser.set_defaults(command=None)
    parser.add_argument("--lang", choices=["en", "zh_CN"], default=None,
                        help="interface language (default: the one chosen in View › "
                             "Language, else the system's)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[shared],
                               help="the GUI on a demo database with a live simulated shift")
    demo.add_argument("--interval", type=_positive_float, default=3.0, metavar="SECONDS",
                      help="seconds between two ticks of the simulated shift (default 3)")
    demo.add_argument("--lang", choices=["en", "zh", "zh_CN"], default=argparse.SUPPRESS,
                      help="language of the demo case titles (default en) and, as zh_CN "
                           "or en, of the interface")

    case = commands.add_parser("case", parents=[shared], help="report, show or advance a case")
    case_commands = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    new = case_commands.add_parser("new", parents=[shared],
                                   help="report a case; prints its reference")
    new.add_argument("--title", required=True)
    new.add_argument("--category", required=True)
    new.add_argument("--severity", required=True, help="1 critical, 2 high, 3 medium, 4 low")
    new.add_argument("--grid", help="grid code, e.g. XH-07 (or give --lon/--lat)")
    new.add_argument("--lon", type=float, metavar="X",
                     help="longitude of the place; the grid is the one holding the point")
    new.add_argument("--lat", type=float, metavar="Y", help="latitude of the place")
    new.add_argument("--address", metavar="TEXT",
                     help="a door-plate address from the gazetteer (partial, pinyin or "
                          "initials); its point places the case")
    new.add_argument("--crs", default="wgs84", choices=("wgs84", "gcj02"),
                     help="what --lon/--lat are in: wgs84 (GPS, default) or gcj02 "
                          "(Chinese web maps)")
    new.add_argument("--source", default="hotline")
    new.add_argument("--description", default="")
    new.add_argument("--location", default="")
    show = case_commands.add_parser("show", parents=[shared], help="a case and its timeline")
    show.add_argument("reference")
    step = case_commands.add_parser("step", parents=[shared],
                                    help="take one step on a case; prints its new stage")
    step.add_argument("reference")
    step.add_argument("action", choices=STEP_ACTIONS)
    step.add_argument("--team", help="team code: the lead for dispatch, the owner for rule, "
                                     "the assisting team for report-in, part-done, waive")
    step.add_argument("--text", default="", help="reason or note (pause, reopen, note, "
                                                 "whistle, waive, return, dispute, rule)")
    step.add_argument("--assist", metavar="A,B", help="dispatch: assisting teams (协办)")
    step.add_argument("--part", action="append", default=[], metavar="TEXT",
                      help="dispatch/whistle: an assisting team's part, in the order of "
                           "the teams (repeat)")
    step.add_argument("--teams", metavar="A,B", help="whistle: the teams summoned (吹哨)")
    step.add_argument("--reason", choices=[r.value for r in ReturnReason],
                      help="return: why the case is not this team's (退单)")
    step.add_argument("--satisfaction", choices=[s.value for s in Satisfaction],
                      help="callback: the citizen's satisfaction (回访)")
    step.add_argument("--resolved", choices=["yes", "no"],
                      help="callback: resolved in the citizen's view")
    step.add_argument("--expect-version", type=int, metavar="V",
                      help="refuse if the case is no longer at this version")

    seed = commands.add_parser("seed", parents=[shared],
                               help="fill a database with realistic history for scale tests")
    seed.add_argument("--cases", type=_count, required=True, metavar="N")
    seed.add_argument("--open", type=_count, metavar="N",
                      help="how many of them stay open (default: 1%%)")
    seed.add_argument("--days", type=_positive_int, default=365, metavar="D")
    seed.add_argument("--seed", type=int, default=42, metavar="S", help="random seed")
    seed.add_argument("--lang", dest="titles_lang", choices=["en", "zh"], default="en",
                      help="language of the made-up case titles (default en); the messages "
                           "follow --lang before the command")
    seed.add_argument("--city", type=_positive_int, metavar="DISTRICTS",
                      help="first lay out a city of this many districts (up to 16) of "
                           "10,000 cells each beside the demo district, and seed its cells")
    seed.add_argument("--into-live", action="store_true",
                      help="seed even though the database holds real cases (seeded history "
                           "credits its operators with work they did not do)")

    export = commands.add_parser("export", parents=[shared], help="export data")
    export.add_argument("what", choices=sorted(EXPORTS))
    export.add_argument("--format", choices=["csv", "json", "ics", "geojson"], default="csv",
                        help="csv or json (JSON lines); ics for a roster's shifts; geojson "
                             "or csv (WKT) for grids")
    export.add_argument("--team", metavar="CODE", help="roster: only this team")
    export.add_argument("--level", choices=["district", "street", "community", "grid"],
                        help="grids: export the areas of this level instead")
    export.add_argument("--out", metavar="FILE", help="write here instead of to stdout")

    imports = commands.add_parser(
        "import", parents=[shared],
        help="import alerts (CAP 1.2/1.1 XML, JSON lines, CSV), cases (CSV), hazards, or a "
             "center's sheets (teams, members, operators, policies, calendar…); a report "
             "per file")
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--kind", choices=["cap", "jsonl", "csv", "cases", "hazards",
                                            *SHEET_KINDS],
                         help="what the files hold (default: told by extension and content; "
                              "hazards and the sheets must be named; members was roster)")

    commands.add_parser("migrate", parents=[shared], help="upgrade the database schema")
    add_district_parser(commands, shared)
    add_gazetteer_parser(commands, shared)
    add_center_parser(commands, shared)
    add_page_parser(commands, shared)
    add_incident_parser(commands, shared)
    add_basemap_parser(commands, shared)
    add_changes_parser(commands, shared)

    operator = commands.add_parser(
        "operator", parents=[shared],
        help="add operators, set their passwords, list them (admins; see README)")
    operator_commands = operator.add_subparsers(dest="operator_command", metavar="ACTION",
                                                required=True)
    op_add = operator_commands.add_parser(
        "add", parents=[shared],
        help="add an operator; on a new database the first one, an admin, needs no --operator")
    op_add.add_argument("username")
    op_add.add_argument("--role", required=True, choices=[r.value for r in PERSON_ROLES])
    op_add.add_argument("--name", default="", help="full name (default: the username)")
    op_add.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of stdin, not a prompt")
    op_passwd = operator_commands.add_parser(
        "passwd", parents=[shared],
        help="set a password (admins: anyone's; others: their own, with the current one)")
    op_passwd.add_argument("username")
    op_passwd.add_argument("--password-stdin", action="store_true",
                           help="read from stdin: the new password (after the current one, "
                                "on its own line, when changing your own as a non-admin)")
    op_clear = operator_commands.add_parser(
        "clear-wait", parents=[shared],
        help="admins: let an operator slowed down by wrong passwords sign in again at once")
    op_clear.add_argument("username")
    operator_commands.add_parser("list", parents=[shared],
                                 help="operators with role, status and last sign-in")
    serve = commands.add_parser("serve", parents=[shared],
                                help="the HTTP intake API (/api/v1) for hotlines, field apps, "
                                     "sensors and other centers, until interrupted")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; behind a TLS proxy)")
    serve.add_argument("--port", type=_port, default=8470, help="port (default 8470)")
    serve.add_argument("--rate", type=_positive_float, default=20.0, metavar="N",
                       help="requests per second each token may send, sustained (default "
                            "20); more get 429 with Retry-After")
    serve.add_argument("--burst", type=_positive_int, default=100, metavar="N",
                       help="requests a token may send at once above its rate (default 100)")
    serve.add_argument("--photo-dir", metavar="DIR",
                       help="where case photos are kept (default: $WATCHROOM_PHOTO_DIR, "
                            "else beside a SQLite file, else <data dir>/photos)")
    token = commands.add_parser("token", parents=[shared],
                                help="API tokens for the intake API (admins; see README)")
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION",
                                          required=True)
    token_add = token_commands.add_parser(
        "add", parents=[shared], help="create a token; its secret is printed once")
    token_add.add_argument("name")
    token_add.add_argument("--scope", required=True, metavar="S1,S2",
                           help="comma-separated: " + ", ".join(TOKEN_SCOPES))
    token_revoke = token_commands.add_parser("revoke", parents=[shared],
                                             help="refuse a token from now on")
    token_revoke.add_argument("name")
    token_commands.add_parser("list", parents=[shared],
                              help="tokens with scopes, creation, last use, revocation")
    commands.add_parser("sweep", parents=[shared],
                        help="run the escalation engine once; print what escalated")
    engine = commands.add_parser("engine", parents=[shared],
                                 help="headless: the timers, until interrupted")
    engine.add_argument("--safety-interval", type=_positive_float, default=300.0,
                        metavar="SECONDS", help="seconds between safety sweeps (default 300)")
    engine.add_argument("--inbox", default=str(default_inbox()), metavar="DIR",
                        help="import feed files dropped here; done/ and failed/ beside "
                             "them (default: $WATCHROOM_INBOX or <data dir>/inbox)")
    engine.add_argument("--no-inbox", action="store_true", help="watch no folder")
    handover = commands.add_parser("handover", parents=[shared],
                                   help="the current shift's handover as a PDF report")
    handover.add_argument("--out", required=True, metavar="FILE.pdf")
    handover.add_argument("--id", type=_positive_int, metavar="N",
                          help="a stored (signed) handover instead of the current shift's")
    bulletin = commands.add_parser("bulletin", parents=[shared],
                                   help="the monthly KPI bulletin: grids, communities, "
                                        "streets and teams ranked")
    bulletin.add_argument("--month", required=True, type=_month, metavar="YYYY-MM")
    bulletin.add_argument("--format", choices=("csv", "pdf"), default="csv")
    bulletin.add_argument("--scope", action="append",
                          choices=("grid", "community", "street", "team"),
                          help="CSV: only these rankings (repeatable; default every one the "
                               "territory has)")
    bulletin.add_argument("--out", metavar="FILE", help="write here (CSV: default stdout)")
    bulletin.add_argument("--joint", action="store_true",
                          help="CSV: the joint-handling figures (whistles, returns, "
                               "rulings, callbacks) per grid, street and team instead")
    return parser


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _month(text: str) -> str:
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4 \
            or not 1 <= int(parts[1]) <= 12:
        raise argparse.ArgumentTypeError(f"a month is written YYYY-MM, not {text!r}")
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}"


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0-65535, not {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


# ---- commands ---------------------------------------------------------------------------


def _open(url: str, check_pages_later: bool = False) -> App:
    try:
        return open_app(url, check_pages_later=check_pages_later)
    except DatabaseRefused as exc:
        raise CommandError(_cannot_open(url, str(exc))) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise CommandError(_cannot_open(url, _reason(exc))) from exc


def _cannot_open(url: str, reason: str) -> str:
    return translate("CommandLine", "cannot open the database {where}: {reason}").format(
        where=_where(url), reason=reason)


def _where(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return repr(url)


def _reason(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    return str(cause).splitlines()[0] if str(cause) else type(cause).__name__


def _act(app: App, operator: str | None) -> None:
    """Act as ``operator`` (default: the login name); an unknown name is refused here,
    before anything is done."""
    app.act_as(operator or getpass.getuser())


def _gui(app: App, on_started: Callable[[], None] | None = None,
         inbox: Path | None = None, lang: str | None = None, user: str | None = None,
         demo_password: str | None = None) -> int:
    """The console window, with the escalation engine running in-process: a console
    that was closed when a deadline passed escalates it as it starts. Once the window is
    up, its change bus reads the change feed for the engine too."""
    gc.disable()  # as for the imports above
    from widgets.shell.launcher import run_gui  # Qt only on this path

    gc.freeze()
    gc.enable()
    runner = EngineRunner(app.escalation, app.clock, leadership=app.leadership,
                          notifier=app.notifier)
    runner.start()
    app.schedule_duties(runner, inbox)
    try:
        # The window opens only after someone signs in (the first run creates the admin).
        return run_gui(app, on_started, lang=lang, sign_in=True, user=user,
                       demo_password=demo_password, engine=runner)
    finally:
        runner.close()


def cmd_gui(args: argparse.Namespace) -> int:
    # The file's pages are checked while the operator signs in and the window is built.
    with _open(args.db or default_db_url(), check_pages_later=True) as app:
        if args.operator and app.operators.has_people():
            _act(app, args.operator)  # checked here; the sign-in dialog starts with it
        return _gui(app, inbox=default_inbox(), lang=args.lang, user=args.operator)


def cmd_demo(args: argparse.Namespace) -> int:
    # What the simulated shift does, as it happens; everything else only when it matters.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s",
                        stream=sys.stderr)
    logging.getLogger("console.demo.feed").setLevel(logging.INFO)
    lang = getattr(args, "lang", None)
    ui_lang = {"zh": "zh_CN"}.get(lang or "", lang)
    data_lang = "zh" if lang and lang.startswith("zh") else "en"
    # The demo's simulated shift and its center bundle (shapely, pyproj): this path only.
    from console.demo.feed import DemoActivity, DemoFeedThread, first_duty_officer, prepare_demo

    with _open(args.db or demo_db_url()) as app:
        prepare_demo(app, lambda line: print(line, flush=True), lang=data_lang,
                     words=_words())
        _act(app, args.operator or first_duty_officer(app.operators).username)
        feed = DemoFeedThread(DemoActivity(app.cases, app.operators, app.district, lang=data_lang),
                              interval_s=args.interval)
        try:
            return _gui(app, on_started=feed.start, inbox=data_dir() / "demo-inbox",
                        lang=ui_lang, user=app.operator.username,
                        demo_password=DEMO_PASSWORD)
        finally:
            feed.close()


def _read_password(args: argparse.Namespace, prompt: str, confirm: bool = True) -> str:
    """One password: a line of stdin with --password-stdin, else typed twice, unseen.
    ``prompt`` is already in the command line's language."""
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CommandError(translate("CommandLine",
                                         "--password-stdin: no password on standard input"))
        return line.rstrip("\r\n")
    no_terminal = translate("CommandLine", "no terminal to type the password on: pipe it in "
                                           "with --password-stdin")
    if not sys.stdin.isatty():
        # getpass would fall back to reading stdin with a warning where there is no tty.
        raise CommandError(no_terminal)
    try:
        password = getpass.getpass(translate("CommandLine", "{prompt}: ").format(prompt=prompt))
        again = getpass.getpass(translate("CommandLine", "{prompt} again: ").format(
            prompt=prompt)) if confirm else password
    except EOFError:
        raise CommandError(no_terminal) from None
    if again != password:
        raise CommandError(translate("CommandLine",
                                     "the two passwords differ; nothing was changed"))
    return password


def cmd_operator(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:
        if args.operator_command == "add" and not app.operators.has_people():
            # A new database: its first operator administers it (like the GUI's first run).
            if args.role != Role.ADMIN.value:
                raise CommandError(translate("CommandLine", "the first operator of a database "
                                                            "is its admin: use --role admin"))
            password = _read_password(args, translate("CommandLine", "Password for {name}")
                                      .format(name=args.username))
            op = app.operators.create_first_admin(args.username, args.name, password)
            print(translate("CommandLine", "Added {username} ({name}) as admin of this "
                                           "database.").format(username=op.username,
                                                               name=op.display_name))
            return EXIT_OK
        _act(app, args.operator)
        if args.operator_command == "add":
            # The role first: nobody is asked for a password only to be refused after.
            require_role(app.operator, OPERATOR_ADMINS, "add operators")
            password = _read_password(args, translate("CommandLine", "Password for {name}")
                                      .format(name=args.username))
            op = app.operators.create(app.operator, args.username, args.name,
                                      Role(args.role), password=password)
            print(translate("CommandLine", "Added {username} ({name}) as {role}.").format(
                username=op.username, name=op.display_name, role=_words().role(args.role)))
        elif args.operator_command == "passwd":
            own = args.username.strip().lower() == app.operator.username
            current = None
            if own and app.operator.role is not Role.ADMIN:
                current = _read_password(args, translate("CommandLine", "Current password"),
                                         confirm=False)
            password = _read_password(args, translate("CommandLine", "New password for "
                                                                     "{name}").format(
                name=args.username))
            app.operators.set_password(app.operator, args.username, password,
                                       current_password=current)
            print(translate("CommandLine", "Password set for {name}.").format(
                name=args.username.strip().lower()))
        elif args.operator_command == "clear-wait":
            app.operators.clear_sign_in_wait(app.operator, args.username)
            print(translate("CommandLine", "{name} may sign in again at once.").format(
                name=args.username.strip().lower()))
        else:
            for line in operator_lines(app.operators.accounts(app.operator), app.zone,
                                       app.clock.now(), words=_words()):
                print(line)
        return EXIT_OK


def cmd_case(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:
        if args.case_command == "show":
            for line in case_lines(app.cases.get(args.reference),
                                   app.cases.timeline(args.reference),
                                   app.cases.joint(args.reference)):
                print(line)
            return EXIT_OK
        _act(app, args.operator)
        # stdout: what a script reads (the reference, the stage as stored); stderr: the
        # confirmation, in the console's language.
        if args.case_command == "new":
            point = to_wgs84(args.lon, args.lat, args.crs) if args.lon is not None else None
            location = args.location
            if args.address:
                found = app.gazetteer.resolve(args.address)
                point = point or LonLat(found.lon, found.lat)
                location = location or found.address
            case = app.cases.report(
                app.operator, title=args.title, category=args.category,
                severity=args.severity, grid=args.grid, source=args.source,
                description=args.description, location=location, point=point,
            )
            print(case.reference)
            print(translate("CommandLine", "Case {reference} reported in grid {grid}: {title}")
                  .format(reference=case.reference, grid=case.row.grid_code,
                          title=case.row.title), file=sys.stderr)
        else:
            case = app.cases.apply(
                app.operator, args.reference, Action(args.action),
                expected_version=args.expect_version, team=args.team, text=args.text,
                assist=args.teams if args.action == Action.WHISTLE.value else args.assist,
                parts=args.part, reason=args.reason or "", satisfaction=args.satisfaction,
                resolved=None if args.resolved is None else args.resolved == "yes")
            print(case.row.stage.value + (" (paused)" if case.row.paused else ""))
            stage = _words().stage(case.row.stage.value)
            if case.row.paused:
                stage = translate("CommandLine", "{stage}, paused").format(stage=stage)
            print(translate("CommandLine", "Case {reference} is now {stage}.").format(
                reference=case.reference, stage=stage), file=sys.stderr)
        return EXIT_OK


def cmd_seed(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:
        _act(app, args.operator)
        if app.operator.role is not Role.ADMIN:
            raise CommandError(translate(
                "CommandLine", "seeding writes made-up history in the operators' names: it "
                               "needs an administrator, and {username} is {role}").format(
                username=app.operator.username, role=_words().role(app.operator.role.value)))
        real = real_case_count(app.db)
        if real and not args.into_live:
            raise CommandError(counted(translate(
                "CommandLine", "this database holds {n} real case(s): seeding would mix "
                               "made-up history with them; use a database of its own, or "
                               "--into-live if you mean it"), real).format(n=real))
        progress = SeedProgress(sys.stderr, translate=_words().translate)
        if args.city:
            now = app.clock.now()
            load_district(app.db, now)
            city = build_city(app.db, now, args.city, seed=args.seed)
            app.district.invalidate()
            plan = plan_city(app.db, city, args.cases, now, open_count=args.open,
                             days=args.days, seed=args.seed, lang=args.titles_lang)
            report = seed_planned(app.db, plan, now, progress=progress)
        else:
            report = seed_cases(app.db, args.cases, app.clock.now(), open_count=args.open,
                                days=args.days, seed=args.seed, lang=args.titles_lang,
                                progress=progress)
        mark_seeded(app.db, report.cases)
        timed = app.deadlines.backfill()  # the open cases' clocks, from their stage times
        for line in seed_summary(report):
            print(line)
        print(f"deadlines started: {timed}")
        return EXIT_OK


def _export_cases(app: App, fmt: str, out: TextIO, args: argparse.Namespace) -> int:
    return export_cases(app.db, app.cases, fmt, out)


def _export_hazards(app: App, fmt: str, out: TextIO, args: argparse.Namespace) -> int:
    return export_hazards(app.db, fmt, out)


def _export_alerts(app: App, fmt: str, out: TextIO, args: argparse.Namespace) -> int:
    return export_alerts(app.db, app.alerts, fmt, out)


def _export_roster(app: App, fmt: str, out: TextIO, args: argparse.Namespace) -> int:
    return export_roster(app.rosters, app.district, fmt, out, args.team,
                         now=app.clock.now())


# What can be exported, and in which formats.
EXPORTS: dict[str, tuple[Callable[[App, str, TextIO, argparse.Namespace], int],
                         tuple[str, ...]]] = {
    "cases": (_export_cases, tuple(FORMATS)),
    "hazards": (_export_hazards, ("csv", "json")),
    "alerts": (_export_alerts, ("csv", "json")),
    "roster": (_export_roster, ("csv", "ics")),
    "grids": (lambda app, fmt, out, args: export_grids(app.territory, fmt, out, args.level),
              GRID_EXPORT_FORMATS),
}


def cmd_export(args: argparse.Namespace) -> int:
    export = EXPORTS[args.what][0]  # the format was checked with the usage
    with _open(args.db or default_db_url()) as app:
        if args.out is None:
            try:
                count = export(app, args.format, sys.stdout, args)
                sys.stdout.flush()
            except BrokenPipeError:
                # The reader (``| head``) stopped early: not a failure of the export.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return EXIT_OK
            print(f"exported {count} {args.what}", file=sys.stderr)
            return EXIT_OK
        # Written beside the target and moved into place: a failed export leaves no
        # half-written file behind.
        target = Path(args.out)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="") as out:
                count = export(app, args.format, out, args)
            partial.replace(target)
        except OSError as exc:
            raise CommandError(translate("CommandLine", "cannot write {file}: {reason}").format(
                file=target, reason=exc.strerror or exc)) from exc
        finally:
            partial.unlink(missing_ok=True)
        print(f"exported {count} {args.what} to {target}")
        return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Every file is imported on its own; good records are kept beside bad ones. Exit 1
    when anything was rejected, each rejection listed as FILE:RECORD: rejected: REASON."""
    with _open(args.db or default_db_url()) as app:
        _act(app, args.operator)
        words = _words()
        rejected = False
        for name in args.files:
            if args.kind == "hazards":
                hazard_report = import_hazards_csv(app.hazards, app.zone, app.operator, name)
                lines = [hazard_report.summary(words), *hazard_report.lines(words)]
                ok = hazard_report.ok
            elif args.kind in SHEET_KINDS:
                lines, ok = import_sheet(app, args.kind, Path(name), app.operator, words)
            else:
                report = app.importer.import_file(name, kind=args.kind, actor=app.operator)
                lines, ok = report.format(words).splitlines(), report.ok
            for line in lines:
                print(line)
            rejected = rejected or not ok
        return EXIT_ERROR if rejected else EXIT_OK


def cmd_sweep(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:
        started = app.deadlines.backfill()
        if started:
            print(_deadlines_started(started), file=sys.stderr)
        done = app.escalation.sweep()
        words = _words()
        for escalation in done:
            print(escalation.describe(words))
        print(counted(translate("CommandLine", "{n} escalation step(s)"), len(done)).format(
            n=len(done)), file=sys.stderr)
        return EXIT_OK


def _deadlines_started(n: int) -> str:
    return counted(translate("CommandLine", "deadlines started for {n} case(s) that had none"),
                   n).format(n=n)


def cmd_engine(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # The handler only appends to a list: an Event.set() there could deadlock on the
    # Event's own lock when the signal lands while the main thread is inside Event.wait()
    # (it did, under load, right after "engine running": SIGTERM was never obeyed).
    stopping: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, _frame: stopping.append(signum))
    # `kill -USR1 <pid>` writes every thread's stack to stderr: what a stuck engine waits on.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    with _open(args.db or default_db_url()) as app:
        started = app.deadlines.backfill()
        if started:
            logging.info("%s", _deadlines_started(started))
        runner = EngineRunner(app.escalation, app.clock,
                              safety_interval_s=args.safety_interval,
                              leadership=app.leadership, notifier=app.notifier)
        runner.start()
        app.schedule_duties(runner, None if args.no_inbox else Path(args.inbox))
        logging.info("%s", translate("CommandLine", "engine running on {database}; Ctrl+C to "
                                                    "stop").format(database=app.db.describe()))
        try:
            while not stopping:
                time.sleep(0.5)  # the handler runs in this thread; noticed within 0.5 s
        finally:
            logging.info("%s", translate("CommandLine", "engine stopping"))
            runner.close()
        logging.info("%s", translate("CommandLine", "engine stopped"))
        return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from api.limits import Limits
    from api.serve import server  # uvicorn and Starlette only on this path

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.photo_dir:
        os.environ["WATCHROOM_PHOTO_DIR"] = str(Path(args.photo_dir).resolve())
    with _open(args.db or default_db_url()) as app:
        logging.info("%s", translate("CommandLine", "intake API on http://{host}:{port}/api/v1 "
                                                    "for {database}; photos in {photos}").format(
            host=args.host, port=args.port, database=app.db.describe(),
            photos=app.photos.folder))
        # uvicorn stops gracefully on SIGINT and SIGTERM, then re-raises the signal to the
        # handlers it found: these make that a clean exit 0, as systemd expects.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda _signum, _frame: None)
        server(app, args.host, args.port,
               Limits(rate_per_s=args.rate, burst=args.burst)).run()
        logging.info("%s", translate("CommandLine", "intake API stopped"))
        return EXIT_OK


def cmd_token(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:
        _act(app, args.operator)
        if args.token_command == "add":
            made = app.tokens.add(app.operator, args.name, args.scope)
            print(made.secret)
            print(translate("CommandLine", "API token {name} ({scopes}) acts as operator "
                                           "{operator}; its secret is printed above, once: "
                                           "it cannot be shown again.").format(
                name=made.info.name, scopes=",".join(made.info.scopes),
                operator=made.info.operator), file=sys.stderr)
        elif args.token_command == "revoke":
            info = app.tokens.revoke(app.operator, args.name)
            print(translate("CommandLine", "API token {name} revoked.").format(name=info.name))
        else:
            never = translate("CommandLine", "never")
            for item in app.tokens.tokens(app.operator):
                state = (translate("CommandLine", "revoked {at}").format(
                    at=_local(app, item.revoked_at)) if item.revoked_at else
                    translate("CommandLine", "active"))
                print(translate("CommandLine", "{name}\t{scopes}\tcreated {created}\t"
                                               "last used {used}\t{state}").format(
                    name=item.name, scopes=",".join(item.scopes),
                    created=_local(app, item.created_at),
                    used=_local(app, item.last_used_at) if item.last_used_at else never,
                    state=state))
        return EXIT_OK


def _local(app: App, at: datetime) -> str:
    return at.astimezone(app.zone).strftime("%Y-%m-%d %H:%M")


def cmd_handover(args: argparse.Namespace) -> int:
    from console.handover.report import handover_report
    from widgets.common.report_pdf import write_pdf  # Qt only on this path

    words = _report_words()  # the PDF in the console's language
    with _open(args.db or default_db_url()) as app:
        record = app.handovers.get(args.id) if args.id else app.handovers.preview()
        out = Path(args.out)
        write_pdf(handover_report(record, app.clock.now(), words), out)
        status = {"draft": translate("CommandLine", "draft"),
                  "signed_out": translate("CommandLine", "signed out"),
                  "taken_over": translate("CommandLine", "taken over")}
        print(translate("CommandLine", "handover {id} ({status}): {open} open cases, "
                                       "{escalations} escalations -> {out}").format(
            id=record.id or translate("CommandLine", "preview"),
            status=status.get(record.status.value, record.status.value),
            open=record.snapshot.open_total, escalations=record.snapshot.escalations_total,
            out=out))
        return EXIT_OK


def cmd_bulletin(args: argparse.Namespace) -> int:
    from console.kpis.bulletin import (
        SCOPES,
        build_bulletin,
        bulletin_csv,
        bulletin_report,
        joint_csv,
    )

    if args.format == "pdf" and not args.out:
        print(translate("CommandLine", "error: a PDF bulletin needs --out FILE.pdf"),
              file=sys.stderr)
        return EXIT_USAGE
    if args.format == "pdf" and args.scope:
        print(translate("CommandLine", "error: --scope chooses the rankings of a CSV "
                                       "bulletin; the PDF has them all"), file=sys.stderr)
        return EXIT_USAGE
    with _open(args.db or default_db_url()) as app:
        bulletin = build_bulletin(app.kpis, args.month, app.incidents.drills_between,
                                  app.joint_kpis)
        if args.scope:
            missing = [scope for scope in args.scope
                       if scope not in {name for name, _ in bulletin.ranked()}]
            if missing:
                print(translate("CommandLine", "error: this territory has no {levels} level "
                                               "to rank").format(
                    levels=translate("CommandLine", " and no ").join(missing)),
                      file=sys.stderr)
                return EXIT_ERROR
        if args.format == "csv":
            text = (joint_csv(bulletin.joint) if args.joint and bulletin.joint is not None
                    else bulletin_csv(bulletin, args.scope or SCOPES))
            if not args.out:
                sys.stdout.write(text)
                return EXIT_OK
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            from widgets.common.report_pdf import write_pdf  # Qt only on this path

            write_pdf(bulletin_report(bulletin, app.clock.now(), app.zone.key,
                                      _report_words()), Path(args.out))
        o = bulletin.overall
        ranked = translate("CommandLine", ", ").join(_ranked(scope, len(rows))
                                                     for scope, rows in bulletin.ranked())
        print(translate("CommandLine", "bulletin {month}: {registered} registered, {closed} "
                                       "closed, {ranked} ranked -> {out}").format(
            month=bulletin.month, registered=o.registered, closed=o.closed, ranked=ranked,
            out=args.out))
        return EXIT_OK


def _ranked(scope: str, n: int) -> str:
    """``12 grids``, ``1 community``: how many of one level the bulletin ranks."""
    one, more = {
        "grid": (translate("CommandLine", "{n} grid"), translate("CommandLine", "{n} grids")),
        "community": (translate("CommandLine", "{n} community"),
                      translate("CommandLine", "{n} communities")),
        "street": (translate("CommandLine", "{n} street"),
                   translate("CommandLine", "{n} streets")),
        "team": (translate("CommandLine", "{n} team"), translate("CommandLine", "{n} teams")),
    }.get(scope, (f"{{n}} {scope}", f"{{n}} {scope}"))
    return (one if n == 1 else more).format(n=n)


def cmd_migrate(args: argparse.Namespace) -> int:
    url = args.db or default_db_url()
    try:
        db = Database(url)
        try:
            applied = upgrade(db.engine)
            revision = current_revision(db.engine)
        finally:
            db.close()
    except (SQLAlchemyError, OSError) as exc:
        raise CommandError(_cannot_open(url, _reason(exc))) from exc
    print((translate("CommandLine", "revision: {revision} (upgraded)") if applied
           else translate("CommandLine", "revision: {revision} (already current)")).format(
        revision=revision))
    return EXIT_OK


def cmd_district(args: argparse.Namespace) -> int:
    app = _open(args.db or default_db_url())
    try:
        _act(app, args.operator)
        return run_district(args, app.territory, app.operator, sys.stdout, _words())
    finally:
        app.close()


def cmd_gazetteer(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:  # asked for by the import only
            _act(app, args.operator)
            return app.operator

        return run_gazetteer(args, app.gazetteer, acting, sys.stdout, sys.stderr, _words())


def cmd_center(args: argparse.Namespace) -> int:
    app = _open(args.db or default_db_url())
    try:
        if args.center_command == "import" and not app.operators.has_people():
            raise CommandError(first_admin(translate))
        _act(app, args.operator)
        return run_center(args, app, sys.stdout, _words())
    finally:
        app.close()


def cmd_page(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:  # asked for by the commands that change something
            _act(app, args.operator)
            return app.operator

        return run_page(args, app.paging, acting, app.zone, sys.stdout, _words().translate)


def cmd_basemap(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:  # asked for by the commands that change something
            _act(app, args.operator)
            return app.operator

        return run_basemap(args, app.basemaps, acting, sys.stdout, _words())


def cmd_changes(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:  # asked for by the prune only
            _act(app, args.operator)
            return app.operator

        return run_changes(args, app.retention, acting, app.zone, sys.stdout, _words())


def cmd_incident(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:  # asked for by the commands that change something
            _act(app, args.operator)
            return app.operator

        def write_report(ref: str, kind: str, out: Path, text: str) -> None:
            from console.incidents.report import report_document
            from console.reports.document import table_csv
            from widgets.common.report_pdf import write_pdf  # Qt only on this path
            from widgets.common.report_words import command_line_words

            words = command_line_words(args.lang)
            document = report_document(app.incidents.get(ref), app.incidents.log(ref), kind,
                                       app.clock.now(), app.zone, words, text)
            if out.suffix.lower() == ".csv":  # the log (or any report's tables) as CSV
                out.write_text("\n".join(table_csv(t) for t in document.tables()),
                               encoding="utf-8")
            else:
                write_pdf(document, out)

        return run_incident(args, app.incidents, acting, app.zone, sys.stdout, write_report)


def cmd_plan(args: argparse.Namespace) -> int:
    with _open(args.db or default_db_url()) as app:

        def acting() -> OperatorRef:
            _act(app, args.operator)
            return app.operator

        return run_plan(args, app.incidents, acting, sys.stdout)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_gui,
    "demo": cmd_demo,
    "case": cmd_case,
    "seed": cmd_seed,
    "export": cmd_export,
    "migrate": cmd_migrate,
    "operator": cmd_operator,
    "sweep": cmd_sweep,
    "import": cmd_import,
    "engine": cmd_engine,
    "serve": cmd_serve,
    "token": cmd_token,
    "handover": cmd_handover,
    "bulletin": cmd_bulletin,
    "district": cmd_district,
    "gazetteer": cmd_gazetteer,
    "center": cmd_center,
    "page": cmd_page,
    "incident": cmd_incident,
    "plan": cmd_plan,
    "basemap": cmd_basemap,
    "changes": cmd_changes,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "export" and args.format not in EXPORTS[args.what][1]:
            parser.error(f"{args.what} export as {', '.join(EXPORTS[args.what][1])}, "
                         f"not {args.format}")
        if args.command == "case" and args.case_command == "new" \
                and (args.lon is None) != (args.lat is None):
            parser.error("give --lon and --lat together")
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    args.db = getattr(args, "db", None)
    args.operator = getattr(args, "operator", None) or os.environ.get("WATCHROOM_OPERATOR")
    # Loaded at the first sentence a command says.
    _Language.requested, _Language.on_screen = args.lang, args.command in (None, "demo")
    _Language.words = _Language.report = None
    try:
        return COMMANDS[args.command](args)
    except (WatchroomError, SeedError, CommandError, DatabaseRefused) as exc:
        # A domain error's sentence as the GUI says it; ours are said already.
        print(translate("CommandLine", "error: {message}").format(
            message=_words().sentence(str(exc))), file=sys.stderr)
    except SQLAlchemyError as exc:
        print(translate("CommandLine", "error: the database refused: {reason}").format(
            reason=_reason(exc)), file=sys.stderr)
    except KeyboardInterrupt:
        print(translate("CommandLine", "interrupted"), file=sys.stderr)
        return 130
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
