"""``main.py incident …`` and ``main.py plan …``: major incidents from the command line,
through the same service the console's incident view calls."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.local_time import stamp_text, wall_time
from console.incidents.domain import FIGURES, LEVELS, IncidentKind
from console.incidents.report import REPORT_KINDS_ALL
from console.incidents.service import IncidentService


def add_incident_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                        shared: argparse.ArgumentParser) -> None:
    incident = commands.add_parser("incident", parents=[shared],
                                   help="major incidents: declare, link, level, log, report")
    sub = incident.add_subparsers(dest="incident_command", metavar="ACTION", required=True)
    declare = sub.add_parser("declare", parents=[shared],
                             help="declare an incident; prints its reference")
    declare.add_argument("--title", required=True)
    declare.add_argument("--type", required=True, choices=[k.value for k in IncidentKind])
    declare.add_argument("--level", required=True, help="1–4 or I–IV (I the gravest)")
    declare.add_argument("--grids", default="", help="affected grids, comma-separated")
    declare.add_argument("--plan", help="activate only this plan (default: the type's)")
    declare.add_argument("--drill", action="store_true", help="a drill (演练)")
    declare.add_argument("--at", help="when it happened, center time YYYY-MM-DD HH:MM")
    declare.add_argument("--commander", metavar="OPERATOR")
    declare.add_argument("--text", default="")
    link = sub.add_parser("link", parents=[shared], help="link cases, alerts (A123), hazards")
    link.add_argument("ref")
    link.add_argument("items", nargs="+")
    level = sub.add_parser("level", parents=[shared], help="raise or lower the level")
    level.add_argument("ref")
    level.add_argument("level")
    level.add_argument("--text", default="")
    log = sub.add_parser("log", parents=[shared], help="write an entry in the incident log")
    log.add_argument("ref")
    log.add_argument("--text", required=True)
    log.add_argument("--at", help="when it happened, center time YYYY-MM-DD HH:MM")
    task = sub.add_parser("task", parents=[shared], help="mark a task done or skipped")
    task.add_argument("ref")
    task.add_argument("task", help="T3, or the plan's task key")
    task.add_argument("--skip", metavar="REASON")
    team = sub.add_parser("team", parents=[shared], help="commit or release a team")
    team.add_argument("ref")
    team.add_argument("team")
    team.add_argument("--task", default="")
    team.add_argument("--release", action="store_true")
    figures = sub.add_parser("figures", parents=[shared],
                             help="casualty and impact figures: dead=0 injured=3 …")
    figures.add_argument("ref")
    figures.add_argument("values", nargs="+", metavar="NAME=N")
    show = sub.add_parser("show", parents=[shared], help="details, linked items, tasks, log")
    show.add_argument("ref")
    sub.add_parser("list", parents=[shared], help="incidents, newest first")
    report = sub.add_parser("report", parents=[shared],
                            help="a report as PDF, or its tables as CSV (--out F.csv); "
                                 "with --sign, signed and sent")
    report.add_argument("ref")
    report.add_argument("--kind", required=True, choices=REPORT_KINDS_ALL)
    report.add_argument("--out", required=True, type=Path)
    report.add_argument("--text", default="", help="the coordinator's summary")
    report.add_argument("--sign", action="store_true",
                        help="sign it and mark it sent (closes its reporting task)")
    stand = sub.add_parser("stand-down", parents=[shared], help="end the response")
    stand.add_argument("ref")
    stand.add_argument("--text", required=True)
    close = sub.add_parser("close", parents=[shared], help="close with a summary")
    close.add_argument("ref")
    close.add_argument("--text", required=True)
    close.add_argument("--review", default="", help="what to change in the plan")

    plan = commands.add_parser("plan", parents=[shared], help="response plans (预案)")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    pimport = plan_sub.add_parser("import", parents=[shared], help="load a YAML/JSON plan file")
    pimport.add_argument("file", type=Path)
    plan_sub.add_parser("list", parents=[shared], help="the plan library")


def _when(text: str | None, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        naive = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")  # noqa: DTZ007 (wall time)
        return wall_time(naive, zone)
    except ValueError:
        raise ValidationError(f"--at {text!r}: give the center's time as YYYY-MM-DD HH:MM.",
                              "at") from None


def _figures(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        name, _, number = value.partition("=")
        if name not in FIGURES or not number.strip().isdigit():
            raise ValidationError(f"{value!r}: give NAME=N with NAME one of "
                                  f"{', '.join(FIGURES)}.")
        out[name] = int(number)
    return out


def print_incident(service: IncidentService, ref: str, zone: ZoneInfo, out: TextIO) -> None:
    detail = service.get(ref)
    row = detail.row
    level = LEVELS[row.level]
    fields = [("reference", row.reference), ("title", row.title), ("type", row.kind.value),
              ("level", f"{level.roman} ({level.name_zh} {level.name})"),
              ("drill", "yes" if row.drill else "no"), ("status", row.status.value),
              ("commander", row.commander), ("occurred", stamp_text(row.occurred_at, zone)),
              ("declared", stamp_text(row.declared_at, zone)),
              ("grids", ",".join(detail.grids)), ("plans", ",".join(detail.plan_codes)),
              ("figures", " ".join(f"{k}={v}" for k, v in sorted(detail.figures.items())))]
    if detail.summary:
        fields.append(("summary", detail.summary))
    for name, value in fields:
        print(f"{name}: {value}", file=out)
    print("linked:", file=out)
    for item in (*detail.cases, *detail.alerts, *detail.hazards):
        print(f"  {item.kind}\t{item.reference}\t{item.state}\t{item.status}\t{item.grid}\t"
              f"{item.title}", file=out)
    print("teams:", file=out)
    for team in detail.teams:
        if team.committed:
            print(f"  {team.code}\t{team.task}", file=out)
    print("tasks:", file=out)
    for task in detail.tasks:
        print(f"  {task.code}\t{task.status.value}\t{task.kind.value}\t{task.owner}\t"
              f"due {stamp_text(task.due_at, zone)}\tlevel {task.escalation_level}\t"
              f"{task.title}", file=out)
    print("log:", file=out)
    for line in service.log(ref):
        print(f"  {stamp_text(line.at, zone)}\t{line.operator}\t{line.action}\t{line.text}",
              file=out)


def run_incident(args: argparse.Namespace, service: IncidentService,
                 acting: Callable[[], OperatorRef], zone: ZoneInfo, out: TextIO,
                 write_report: Callable[[str, str, Path, str], None]) -> int:
    """One ``incident`` command; ``write_report(ref, kind, out, text)`` prints a PDF."""
    command = args.incident_command
    if command == "declare":
        detail = service.declare(acting(), title=args.title, kind=args.type, level=args.level,
                                 grids=[g for g in args.grids.split(",") if g.strip()],
                                 drill=args.drill, occurred_at=_when(args.at, zone),
                                 commander=args.commander, plan=args.plan, text=args.text)
        print(detail.row.reference, file=out)
    elif command == "link":
        print(" ".join(service.link(acting(), args.ref, args.items)), file=out)
    elif command == "level":
        detail = service.set_level(acting(), args.ref, args.level, args.text)
        print(f"{detail.row.reference} level {LEVELS[detail.row.level].roman}; "
              f"{detail.row.open_tasks} open tasks", file=out)
    elif command == "log":
        service.add_log(acting(), args.ref, args.text, _when(args.at, zone))
        print(f"logged in {args.ref.upper()}", file=out)
    elif command == "task":
        service.finish_task(acting(), args.ref, args.task, skipped=args.skip is not None,
                            note=args.skip or "")
        print(f"{args.task.upper()} {'skipped' if args.skip is not None else 'done'}",
              file=out)
    elif command == "team":
        service.commit_team(acting(), args.ref, args.team, args.task, release=args.release)
        print(f"{args.team.upper()} {'released' if args.release else 'committed'}", file=out)
    elif command == "figures":
        service.set_figures(acting(), args.ref, _figures(args.values))
        print(f"figures of {args.ref.upper()} updated", file=out)
    elif command == "show":
        print_incident(service, args.ref, zone, out)
    elif command == "list":
        for row in service.rows():
            print(f"{row.reference}\t{row.status.value}\t{LEVELS[row.level].roman}\t"
                  f"{row.kind.value}\t{'drill' if row.drill else ''}\t{row.title}", file=out)
    elif command == "report":
        if args.sign and args.kind not in ("first", "followup", "final"):
            raise ValidationError("Only a report upward (first, followup, final) is signed.")
        write_report(args.ref, args.kind, args.out, args.text)
        if args.sign:
            number = service.record_report(acting(), args.ref, args.kind,
                                           {"text": args.text, "file": str(args.out)})
            print(f"{args.kind} report {number} signed and sent -> {args.out}", file=out)
        else:
            print(f"{args.kind} report -> {args.out}", file=out)
    elif command == "stand-down":
        service.stand_down(acting(), args.ref, args.text)
        print(f"{args.ref.upper()} stood down", file=out)
    else:
        service.close(acting(), args.ref, args.text, args.review)
        print(f"{args.ref.upper()} closed", file=out)
    return 0


def run_plan(args: argparse.Namespace, service: IncidentService,
             acting: Callable[[], OperatorRef], out: TextIO) -> int:
    if args.plan_command == "import":
        done = service.import_plans(acting(), args.file)
        print(f"{args.file}: {len(done.added)} plans added, {len(done.replaced)} replaced, "
              f"{len(done.unchanged)} unchanged", file=out)
        for problem in done.problems:
            print(f"rejected: {problem}", file=out)
        return 1 if done.problems else 0
    for plan in service.plans():
        print(f"{plan.code}\t{plan.kind.value}\t{LEVELS[plan.level].roman}\t"
              f"{len(plan.tasks)} tasks\t{plan.name}", file=out)
    return 0
