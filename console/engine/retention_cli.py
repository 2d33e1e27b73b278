"""``main.py changes status|prune``: the change feed's retention on the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from console.core.domain import OperatorRef
from console.engine.retention import PRUNE_BATCH, ChangeRetention
from console.reports.wording import ReportWords


def add_changes_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                       shared: argparse.ArgumentParser) -> None:
    changes = commands.add_parser(
        "changes", parents=[shared],
        help="the change feed seats follow: its retention, how far it was pruned; prune now")
    sub = changes.add_subparsers(dest="changes_command", metavar="ACTION", required=True)
    sub.add_parser("status", parents=[shared],
                   help="retention, watermark, the changes kept (key: value lines)")
    prune = sub.add_parser(
        "prune", parents=[shared],
        help="delete the changes older than the retention now (admins; the engine does it "
             "hourly)")
    prune.add_argument("--batch", type=int, default=PRUNE_BATCH, metavar="N",
                       help=f"changes deleted per transaction (default {PRUNE_BATCH:,})")


def run_changes(args: argparse.Namespace, retention: ChangeRetention,
                acting: Callable[[], OperatorRef], zone: ZoneInfo, out: TextIO,
                words: ReportWords) -> int:
    """``changes status`` prints ``key: value`` lines in any language (scripts read them);
    ``changes prune`` says what it did in ``words``' language."""
    if args.changes_command == "prune":
        report = retention.prune(acting(), batch=args.batch)
        line = words.translate("ChangesCommand", "Pruned {n} change(s) older than {days} "
                                                 "day(s) (before {cutoff}) in {batches} "
                                                 "batch(es); pruned through {seq}.")
        print(line.format(n=report.deleted, days=report.retention_days,
                          cutoff=_local(report.cutoff, zone), batches=report.batches,
                          seq=report.pruned_through), file=out)
        return 0
    status = retention.status()
    print(f"retention_days: {status.retention_days}\n"
          f"pruned_through: {status.pruned_through}\n"
          f"pruned_at: {_local(status.pruned_at, zone)}\n"
          f"oldest_seq: {status.oldest_seq or ''}\n"
          f"oldest_at: {_local(status.oldest_at, zone)}\n"
          f"latest_seq: {status.latest_seq}\n"
          f"kept: {status.kept}", file=out)
    return 0


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
