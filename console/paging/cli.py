"""``main.py page channel|rule|log|test|ack``: paging from the command line, through the
same service the console's dialogs call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO
from zoneinfo import ZoneInfo

from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.paging.channels import ChannelKind
from console.paging.rules import TRIGGERS
from console.paging.service import PagingService
from console.paging.targets import TARGET_FORMS
from console.reports.wording import Translate, counted, untranslated


def add_page_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                    shared: argparse.ArgumentParser) -> None:
    page = commands.add_parser("page", parents=[shared],
                               help="paging: channels, rules, the delivery log, test, ack")
    sub = page.add_subparsers(dest="page_command", metavar="ACTION", required=True)

    channel = sub.add_parser("channel", parents=[shared], help="where pages go (admins)")
    channel_sub = channel.add_subparsers(dest="channel_command", metavar="ACTION",
                                         required=True)
    add = channel_sub.add_parser("add", parents=[shared], help="add a channel")
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=[k.value for k in ChannelKind])
    add.add_argument("--url", required=True,
                     help="smtp://user@host:587?from=ADDR[&tls=starttls|tls|none]"
                          "[&cafile=PEM], "
                          "http(s)://… (webhook, robots), or a gateway URL with {phone} "
                          "{text}")
    add.add_argument("--secret-stdin", action="store_true",
                     help="read the password / signing secret from the first line of stdin")
    add.add_argument("--msgtype", choices=["markdown", "text"],
                     help="DingTalk and WeCom: the message type (default markdown)")
    add.add_argument("--body", metavar="TEMPLATE",
                     help="SMS: a POST body template with {phone} {text} {secret}")
    add.add_argument("--timeout", type=int, default=10, metavar="S")
    add.add_argument("--rate-per-min", type=int, default=30, metavar="N",
                     help="at most N deliveries a minute on this channel (0: no limit)")
    add.add_argument("--give-up-min", type=int, default=30, metavar="N",
                     help="stop retrying a page after N minutes and raise an alert")
    channel_sub.add_parser("list", parents=[shared], help="channels (secrets: set/none)")
    remove = channel_sub.add_parser("remove", parents=[shared], help="remove a channel")
    remove.add_argument("name")

    rule = sub.add_parser("rule", parents=[shared], help="who is paged for what (admins)")
    rule_sub = rule.add_subparsers(dest="rule_command", metavar="ACTION", required=True)
    radd = rule_sub.add_parser("add", parents=[shared], help="add a rule; prints its id")
    radd.add_argument("--on", required=True, metavar="TRIGGER", help=" | ".join(TRIGGERS))
    radd.add_argument("--category")
    radd.add_argument("--severity", type=int, choices=[1, 2, 3, 4])
    radd.add_argument("--to", required=True, metavar="TARGET", help=" | ".join(TARGET_FORMS))
    radd.add_argument("--channel", required=True, metavar="NAME")
    radd.add_argument("--repeat-min", type=int, metavar="N",
                      help="repeat an unacknowledged page every N minutes")
    radd.add_argument("--repeats", type=int, default=2, metavar="K",
                      help="how many repeats before --then (default 2)")
    radd.add_argument("--then", type=int, metavar="RULE_ID",
                      help="after the repeats, page by this rule (the next one up)")
    radd.add_argument("--quiet", metavar="HH:MM-HH:MM",
                      help="hold level-1, readiness and inspection pages back in these "
                           "hours (center time); never levels 2-3 or critical alerts")
    rule_sub.add_parser("list", parents=[shared], help="the active rules")
    rremove = rule_sub.add_parser("remove", parents=[shared], help="retire a rule")
    rremove.add_argument("rule_id", type=int)

    log = sub.add_parser("log", parents=[shared], help="the delivery log, newest first")
    log.add_argument("--case", metavar="REF")
    log.add_argument("--limit", type=int, default=50)
    test = sub.add_parser("test", parents=[shared], help="send a test message now")
    test.add_argument("channel")
    test.add_argument("to", help="an address (e-mail, phone) or a target")
    ack = sub.add_parser("ack", parents=[shared], help="acknowledge a page by its code")
    ack.add_argument("code")



def run_page(args: argparse.Namespace, paging: PagingService,
             acting: Callable[[], OperatorRef], zone: ZoneInfo, out: TextIO,
             translate: Translate = untranslated) -> int:
    """One ``page`` command; ``acting`` gives the operator the caller chose. What it says
    is in ``translate``'s language; ids, codes, kinds and statuses stay as typed."""
    command = args.page_command
    if command == "channel":
        if args.channel_command == "add":
            secret = ""
            if args.secret_stdin:
                secret = sys.stdin.readline().rstrip("\r\n")
                if not secret:
                    raise ValidationError(translate(
                        "PageCommand", "--secret-stdin: no secret on standard input"))
            info = paging.add_channel(acting(), args.name, args.kind, args.url, secret,
                                      msgtype=args.msgtype, body=args.body,
                                      timeout_s=args.timeout, rate_per_min=args.rate_per_min,
                                      give_up_min=args.give_up_min)
            print((translate("PageCommand", "added channel {name} ({kind}, secret set)")
                   if info.secret_set else
                   translate("PageCommand", "added channel {name} ({kind}, secret none)")
                   ).format(name=info.name, kind=info.kind), file=out)
        elif args.channel_command == "list":
            print(translate("PageCommand", "NAME\tKIND\tURL\tSECRET\tRATE/MIN\tGIVE UP"),
                  file=out)
            for c in paging.channels():
                secret = (translate("PageCommand", "set") if c.secret_set
                          else translate("PageCommand", "none"))
                give_up = translate("PageCommand", "{n} min").format(n=c.give_up_min)
                print(f"{c.name}\t{c.kind}\t{c.url}\t{secret}\t"
                      f"{c.rate_per_min or '-'}\t{give_up}", file=out)
        else:
            paging.remove_channel(acting(), args.name)
            print(translate("PageCommand", "removed channel {name}").format(name=args.name),
                  file=out)
    elif command == "rule":
        if args.rule_command == "add":
            rule = paging.add_rule(acting(), args.on, args.to, args.channel,
                                   category=args.category, severity=args.severity,
                                   repeat_min=args.repeat_min, repeats=args.repeats,
                                   then=args.then, quiet=args.quiet)
            print(rule.id, file=out)
        elif args.rule_command == "list":
            for r in paging.rules():
                print(r.describe(), file=out)
        else:
            paging.remove_rule(acting(), args.rule_id)
            print(translate("PageCommand", "retired rule #{id}").format(id=args.rule_id),
                  file=out)
    elif command == "log":
        print(translate("PageCommand",
                        "WHEN\tCODE\tCAUSE\tTRIGGER\tTO\tCHANNEL\tSTATUS\tATTEMPTS\tNOTE"),
              file=out)
        for p in paging.log(case=args.case, limit=args.limit):
            when = p.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            who = p.recipient or p.target
            note = (translate("PageCommand", "acknowledged by {who}").format(
                        who=p.acknowledged_by) if p.acknowledged_by else p.last_error)
            if p.repeat_no:
                note = translate("PageCommand", "repeat {n}; {note}").format(
                    n=p.repeat_no, note=note).rstrip("; ；")
            print(f"{when}\t{p.code}\t{p.reference}\t{p.trigger}\t{who}\t{p.channel}\t"
                  f"{p.status}\t{p.attempts}\t{note}", file=out)
        waiting = paging.engine_note()
        if waiting:
            print(translate("PageCommand", "warning: {text}").format(text=waiting),
                  file=sys.stderr)
    elif command == "test":
        print(paging.send_test(acting(), args.channel, args.to), file=out)
    else:
        ack = paging.acknowledge(acting(), args.code)
        print(counted(translate("PageCommand", "acknowledged {code} ({reference}); {n} "
                                               "page(s) stopped"), ack.stopped).format(
            code=ack.code, reference=ack.reference, n=ack.stopped), file=out)
    return 0
