"""The paging service: channels and rules (administrators), acknowledging a page (duty
officers and up), the delivery log, a test message, and whether any engine sends."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import ConflictError, NotFound, ValidationError, WatchroomError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import CASE_WRITERS, require_role
from console.paging.channels import (
    NON_ASCII_PASSWORD,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryFailed,
    Recipient,
    check_channel,
    deliver,
)
from console.paging.messages import compose
from console.paging.outbox import OPEN_STATUSES, PAGES, PageStatus, rule_of
from console.paging.rules import (
    MAX_REPEATS,
    Rule,
    check_category,
    check_quiet,
    check_severity,
    check_trigger,
)
from console.paging.sender import HEARTBEAT_KEY, channel_of
from console.paging.targets import Subject, Unresolved, check_target, resolve
from console.rosters.query import rowcount
from db.database import Database
from db.models import Case, CenterSetting, Operator, Page, PagingChannel, PagingRule

# Only administrators say where pages go and who gets them.
PAGING_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})
# Acknowledging a page is floor work: duty officers and up.
ACKNOWLEDGERS = CASE_WRITERS
NAME_MAX = 64
# URL query values that are secrets themselves (robot tokens): never shown back.
SECRET_PARAMS = frozenset({"access_token", "key", "token", "secret", "sign", "password",
                           "apikey", "api_key"})
# Pages waiting longer than this with no engine's heartbeat: "no engine is sending".
STALE_ENGINE = timedelta(minutes=2)


class PageTestFailed(WatchroomError):
    """A test message that did not go through (the reason is the channel's)."""


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """A channel as lists show it: its secret only as set or not."""

    id: int
    name: str
    kind: str
    url: str  # secret query values masked
    secret_set: bool
    options: dict[str, Any]
    timeout_s: int
    rate_per_min: int
    give_up_min: int


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One page in the delivery log."""

    id: int
    code: str
    created_at: datetime
    reference: str
    trigger: str
    target: str
    recipient: str
    channel: str
    status: str
    attempts: int
    repeat_no: int
    step: int
    last_error: str
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str


@dataclass(frozen=True, slots=True)
class Acknowledged:
    code: str
    reference: str
    stopped: int  # pages of the same cause no longer repeated or sent


def masked_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, "***" if k.lower() in SECRET_PARAMS else v)
             for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)]
    netloc = parts.netloc
    if parts.password:
        netloc = netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(
        netloc=netloc, query=urllib.parse.urlencode(query, safe="{}*@")))


def _info(row: PagingChannel) -> ChannelInfo:
    return ChannelInfo(row.id, row.name, row.kind, masked_url(row.url), bool(row.secret),
                       json.loads(row.options or "{}"), row.timeout_s, row.rate_per_min,
                       row.give_up_min)


def _whole(value: int, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{what} is a whole number from {low} to {high}, not {value!r}.",
                              what)
    return value


@retries_lost_connection
class PagingService:
    """Reads and writes of paging; the sender (``console/paging/sender.py``) delivers."""

    def __init__(self, db: Database, clock: Clock, system: Callable[[], OperatorRef],
                 language: Callable[[], str]) -> None:
        self._db = db
        self._clock = clock
        self._system = system
        self._language = language

    # ---- channels ------------------------------------------------------------------

    def add_channel(self, actor: OperatorRef, name: str, kind: str, url: str,
                    secret: str = "", *, msgtype: str | None = None, body: str | None = None,
                    timeout_s: int = 10, rate_per_min: int = 30,
                    give_up_min: int = 30) -> ChannelInfo:
        require_role(actor, PAGING_ADMINS, "configure paging channels")
        name = name.strip()
        if not name or len(name) > NAME_MAX or any(c.isspace() for c in name):
            raise ValidationError(f"A channel's name is one word of up to {NAME_MAX} "
                                  f"characters, not {name!r}.", "name")
        options: dict[str, Any] = {}
        if msgtype:
            options["msgtype"] = msgtype
        if body:
            options["body"] = body
        checked = check_channel(kind, url, options)
        if checked is ChannelKind.EMAIL and not secret.isascii():
            raise ValidationError(f"An e-mail channel's {NON_ASCII_PASSWORD}.", "secret")
        now = self._clock.now()
        try:
            with self._db.write.begin() as s:
                row = PagingChannel(
                    name=name, kind=checked.value, url=url.strip(), secret=secret,
                    options=json.dumps(options, ensure_ascii=False),
                    timeout_s=_whole(timeout_s, "timeout", 1, 120),
                    rate_per_min=_whole(rate_per_min, "rate", 0, 100_000),
                    give_up_min=_whole(give_up_min, "give-up", 1, 7 * 24 * 60),
                    created_at=now)
                s.add(row)
                s.flush()
                record(s, actor=actor, at=now, entity="paging_channel", entity_id=row.id,
                       action="create", op="insert",
                       detail={"name": name, "kind": checked.value,
                               "url": masked_url(row.url), "secret": bool(secret)})
                return _info(row)
        except IntegrityError:
            raise ConflictError(f"There is a channel named {name} already.") from None

    def channels(self) -> list[ChannelInfo]:
        with self._db.read() as s:
            return [_info(r) for r in s.scalars(select(PagingChannel).order_by(PagingChannel.name))]

    def remove_channel(self, actor: OperatorRef, name: str) -> None:
        require_role(actor, PAGING_ADMINS, "configure paging channels")
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.scalar(select(PagingChannel).where(PagingChannel.name == name.strip()))
            if row is None:
                raise NotFound(f"No paging channel {name!r}.")
            rules = list(s.scalars(select(PagingRule.id).where(
                PagingRule.channel_id == row.id, PagingRule.active.is_(True))))
            if rules:
                raise ValidationError(f"Channel {row.name} is used by rule(s) "
                                      f"{', '.join(f'#{r}' for r in rules)}: remove them "
                                      "first.", "name")
            pages = s.scalar(select(func.count()).where(Page.channel_id == row.id)) or 0
            if pages:
                raise ValidationError(f"Channel {row.name} carried {pages} page(s): the log "
                                      "keeps it. Give its rules another channel instead.",
                                      "name")
            # Its retired rules go with it, unless a rule still moves up to one of them.
            referenced = select(PagingRule.then_rule_id).where(
                PagingRule.then_rule_id.is_not(None))
            s.execute(delete(PagingRule).where(PagingRule.channel_id == row.id,
                                               PagingRule.id.not_in(referenced)))
            if s.scalar(select(PagingRule.id).where(PagingRule.channel_id == row.id)):
                raise ValidationError(f"Channel {row.name} has retired rules another rule "
                                      "still moves up to: change that rule first.", "name")
            record(s, actor=actor, at=now, entity="paging_channel", entity_id=row.id,
                   action="delete", op="delete", detail={"name": row.name})
            s.delete(row)

    def _channel(self, name: str) -> Channel:
        with self._db.read() as s:
            row = s.scalar(select(PagingChannel).where(PagingChannel.name == name.strip()))
            if row is None:
                raise NotFound(f"No paging channel {name!r}.")
            return channel_of(row)

    # ---- rules ---------------------------------------------------------------------

    def add_rule(self, actor: OperatorRef, on: str, to: str, channel: str, *,
                 category: str | None = None, severity: int | str | None = None,
                 repeat_min: int | None = None, repeats: int = 2, then: int | None = None,
                 quiet: str | None = None) -> Rule:
        require_role(actor, PAGING_ADMINS, "configure paging rules")
        trigger = check_trigger(on)
        target = check_target(to)
        if repeat_min is not None:
            _whole(repeat_min, "repeat-min", 1, 24 * 60)
        _whole(repeats, "repeats", 0, MAX_REPEATS)
        if then is not None and not repeat_min:
            raise ValidationError("--then moves up the chain after the repeats: give "
                                  "--repeat-min too.", "then")
        now = self._clock.now()
        with self._db.write.begin() as s:
            channel_row = s.scalar(select(PagingChannel).where(
                PagingChannel.name == channel.strip()))
            if channel_row is None:
                raise NotFound(f"No paging channel {channel!r}: add it first "
                               "(page channel add).")
            if then is not None and s.scalar(select(PagingRule.id).where(
                    PagingRule.id == then, PagingRule.active.is_(True))) is None:
                raise NotFound(f"No paging rule #{then} to move up to.")
            row = PagingRule(trigger=trigger, category=check_category(category),
                             severity=check_severity(severity), target=target,
                             channel_id=channel_row.id, repeat_min=repeat_min,
                             repeats=repeats, then_rule_id=then, quiet=check_quiet(quiet),
                             active=True, created_at=now)
            s.add(row)
            s.flush()
            record(s, actor=actor, at=now, entity="paging_rule", entity_id=row.id,
                   action="create", op="insert",
                   detail={"on": trigger, "to": target, "channel": channel_row.name,
                           "category": row.category, "severity": row.severity,
                           "repeat_min": repeat_min, "repeats": repeats, "then": then,
                           "quiet": row.quiet})
            return rule_of(row, channel_row.name)

    def rules(self) -> list[Rule]:
        with self._db.read() as s:
            return [rule_of(r, name) for r, name in s.execute(
                select(PagingRule, PagingChannel.name)
                .join(PagingChannel, PagingChannel.id == PagingRule.channel_id)
                .where(PagingRule.active.is_(True)).order_by(PagingRule.id))]

    def remove_rule(self, actor: OperatorRef, rule_id: int) -> None:
        """Retire a rule: it pages nobody from now on (pages it made stay in the log)."""
        require_role(actor, PAGING_ADMINS, "configure paging rules")
        now = self._clock.now()
        with self._db.write.begin() as s:
            row = s.get(PagingRule, rule_id)
            if row is None or not row.active:
                raise NotFound(f"No paging rule #{rule_id}.")
            row.active = False
            record(s, actor=actor, at=now, entity="paging_rule", entity_id=row.id,
                   action="retire", detail={"on": row.trigger, "to": row.target})

    # ---- acknowledging -------------------------------------------------------------

    def acknowledge(self, actor: OperatorRef, code: str) -> Acknowledged:
        """Someone answered: every open page of the same cause stops (no repeat, no next
        target), and the acknowledgement goes on the cause's timeline."""
        require_role(actor, ACKNOWLEDGERS, "acknowledge pages")
        wanted = code.strip().upper().replace(" ", "")
        now = self._clock.now()
        with self._db.write.begin() as s:
            page = s.scalar(select(Page).where(Page.code == wanted))
            if page is None:
                raise NotFound(f"No page with code {code!r}.")
            if page.status == PageStatus.ACKNOWLEDGED:
                raise ConflictError(f"Page {wanted} was acknowledged already.")
            stopped = s.execute(update(PAGES).where(
                PAGES.c.cause_key == page.cause_key, PAGES.c.status.in_(OPEN_STATUSES))
                .values(status=PageStatus.ACKNOWLEDGED, acknowledged_at=now,
                        acknowledged_by_id=actor.id, next_attempt_at=None, claim="",
                        claimed_until=None))
            record(s, actor=actor, at=now, entity=page.subject, entity_id=page.subject_id,
                   action="page_acknowledged",
                   detail={"page": wanted, "stopped": rowcount(stopped)})
            return Acknowledged(wanted, page.reference, rowcount(stopped))

    # ---- the log -------------------------------------------------------------------

    def log(self, case: str | None = None, limit: int = 200) -> list[PageEntry]:
        """The newest pages first (of one case, by reference, if given)."""
        acker = aliased(Operator)
        query = (select(Page, PagingChannel.name, acker.display_name)
                 .join(PagingChannel, PagingChannel.id == Page.channel_id)
                 .outerjoin(acker, acker.id == Page.acknowledged_by_id)
                 .order_by(Page.id.desc()).limit(limit))
        with self._db.read() as s:
            if case:
                case_id = s.scalar(select(Case.id).where(Case.reference == case.strip()))
                if case_id is None:
                    raise NotFound(f"No case {case!r}.")
                query = query.where(Page.case_id == case_id)
            return [PageEntry(p.id, p.code, p.created_at, p.reference, p.trigger, p.target,
                              p.recipient, channel, p.status, p.attempts, p.repeat_no,
                              p.step, p.last_error, p.sent_at, p.acknowledged_at, by or "")
                    for p, channel, by in s.execute(query)]

    def engine_note(self) -> str | None:
        """Why pages wait, when they do: no engine has sent for a while (a console
        without an engine sends nothing). None when nothing waits or an engine is live."""
        now = self._clock.now()
        with self._db.read() as s:
            waiting = s.scalar(select(func.count()).where(
                Page.status.in_((PageStatus.QUEUED, PageStatus.FAILED)),
                Page.next_attempt_at <= now - STALE_ENGINE)) or 0
            if not waiting:
                return None
            seen = s.scalar(select(CenterSetting.value)
                            .where(CenterSetting.key == HEARTBEAT_KEY))
        if seen and now - datetime.fromisoformat(seen) < STALE_ENGINE:
            return None
        since = f" (last seen {seen[:16].replace('T', ' ')} UTC)" if seen else ""
        return (f"{waiting} page(s) waiting: no engine is sending{since}. Start one with "
                "`python main.py engine`, or open the console.")

    # ---- a test message ------------------------------------------------------------

    def send_test(self, actor: OperatorRef, channel: str, to: str) -> str:
        """Send a test message on ``channel`` to ``to`` (a target, or an address) now,
        from this process; the reason if it fails."""
        require_role(actor, PAGING_ADMINS, "send test pages")
        ch = self._channel(channel)
        now = self._clock.now()
        target = to if ":" in to and not to.startswith(("http:", "https:")) \
            and to.split(":", 1)[0] in {"on-duty", "operator", "address", "team-leader",
                                        "grid-worker"} else f"address:{to}"
        target = check_target(target)
        with self._db.read() as s:
            try:
                recipient = resolve(s, target, Subject(None, None, None), now)
            except Unresolved as exc:
                raise PageTestFailed(f"test page not sent: {exc}") from None
        facts = {"subject": "test", "reference": "TEST", "title":
                 "Watchroom paging test" if self._language() != "zh" else "值班室寻呼测试"}
        message = compose(facts, "TEST00", self._language(), test=True)
        key = f"watchroom-test-{ch.id}-{int(now.timestamp())}"
        import httpx  # only a test page sends from here

        with httpx.Client() as http:
            try:
                deliver(ch, Delivery(0, "TEST00", key, Recipient(
                    recipient.name, recipient.phone, recipient.email, recipient.address),
                    message, now, facts), http)
            except DeliveryFailed as exc:
                raise PageTestFailed(f"test page to {recipient.name} by {ch.label} failed: "
                                     f"{exc.reason}") from None
        with self._db.write.begin() as s:
            record(s, actor=actor, at=now, entity="paging_channel", entity_id=ch.id,
                   action="page_test", detail={"to": recipient.name})
        return f"test page sent to {recipient.name} by {ch.label} ({ch.name})"
