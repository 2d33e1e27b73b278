"""The sender: an engine duty that takes due pages from the outbox with a compare-and-set
claim, delivers them, and writes what happened (sent, failed and retried with backoff,
repeated, moved up the chain, given up with an alert) on the cause's timeline."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.journal import announce
from console.paging.channels import Channel, ChannelKind, Delivery, DeliveryFailed, deliver
from console.paging.messages import compose
from console.paging.outbox import (
    OPEN_STATUSES,
    PAGES,
    PageStatus,
    new_codes,
    page_row,
    rule_of,
    write_pages,
)
from console.paging.targets import Subject, Unresolved, resolve
from console.rosters.query import rowcount
from db.database import Database
from db.models import Alert, AuditEntry, CenterSetting, Page, PagingChannel, PagingRule, table_of
from db.upsert import upsert

if TYPE_CHECKING:  # loaded where a request is sent, not at the console's start
    import httpx

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(minutes=10)
LEASE = timedelta(minutes=2)  # a claim older than this was an engine that died mid-send
HEARTBEAT_KEY = "paging.sender_seen_at"
HEARTBEAT_EVERY = timedelta(seconds=30)


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s … up to 10 min after the ``attempts``-th failure."""
    return min(BACKOFF_BASE * (2 ** max(0, attempts - 1)), BACKOFF_CAP)


def channel_of(row: PagingChannel) -> Channel:
    return Channel(row.id, row.name, ChannelKind(row.kind), row.url, row.secret,
                   json.loads(row.options or "{}"), row.timeout_s, row.rate_per_min,
                   row.give_up_min)


@dataclass(frozen=True, slots=True)
class Outcome:
    page_id: int
    code: str
    action: str  # sent | repeated | failed | gave_up | escalated | done
    detail: str = ""


class PagingSender:
    """Delivers due pages. Safe with several engines at once: a page is sent by the
    engine whose claim (one UPDATE … WHERE unclaimed) took it; a claim left by an engine
    killed mid-send expires after ``LEASE`` and the page is sent by the next one. A page
    committed but never claimed (killed before the send) is simply still due."""

    def __init__(self, db: Database, clock: Clock, actor: Callable[[], OperatorRef],
                 language: Callable[[], str], *, batch: int = 200,
                 http: httpx.Client | None = None) -> None:
        self._db = db
        self._clock = clock
        self._actor = actor
        self._language = language
        self._batch = batch
        self._http = http  # made at the first send: httpx is loaded there, not at start
        self._lock = threading.Lock()
        self._heartbeat_at: datetime | None = None
        self._lang = "en"
        self.outcomes: list[Callable[[list[Outcome]], None]] = []

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            self._http = httpx.Client()
        return self._http

    def run_once(self) -> list[Outcome]:
        """Deliver everything due now, a claimed batch at a time."""
        out: list[Outcome] = []
        with self._lock:
            self._lang = self._language()  # once a call: the center's settings, read once
            self._beat()
            for _ in range(50):  # at most 50 batches a call: the next tick does the rest
                done, more = self._run_batch()
                out.extend(done)
                # A page moved up the chain is due at once: one more look for it.
                if not more and not any(o.action == "escalated" for o in done):
                    break
        if out:
            for listener in list(self.outcomes):
                listener(out)
        return out

    # ---- claiming ------------------------------------------------------------------

    def _due(self, s: Session, now: datetime) -> list[int]:
        rows = s.execute(
            select(Page.id, Page.channel_id).where(
                Page.next_attempt_at <= now, Page.status.in_(OPEN_STATUSES),
                or_(Page.claimed_until.is_(None), Page.claimed_until <= now))
            .order_by(Page.next_attempt_at, Page.id).limit(self._batch)).all()
        if not rows:
            return []
        channels = {r.id: r.rate_per_min for r in s.execute(
            select(PagingChannel.id, PagingChannel.rate_per_min)
            .where(PagingChannel.id.in_({c for _, c in rows})))}
        used = dict(s.execute(
            select(Page.channel_id, func.count()).where(
                Page.channel_id.in_(list(channels)),
                Page.last_attempt_at > now - timedelta(minutes=1))
            .group_by(Page.channel_id)).all())
        picked = []
        for page_id, channel_id in rows:
            limit = channels[channel_id]
            if limit > 0 and used.get(channel_id, 0) >= limit:
                continue  # this channel's minute is spent: the page waits for the next
            used[channel_id] = used.get(channel_id, 0) + 1
            picked.append(page_id)
        return picked

    def _claim(self, now: datetime) -> tuple[str, list[int], bool]:
        token = uuid.uuid4().hex
        with self._db.write.begin() as s:
            due = self._due(s, now)
            if not due:
                return token, [], False
            s.execute(update(PAGES).where(
                PAGES.c.id.in_(due), PAGES.c.status.in_(OPEN_STATUSES),
                or_(PAGES.c.claimed_until.is_(None), PAGES.c.claimed_until <= now))
                .values(claim=token, claimed_until=now + LEASE))
            won = list(s.scalars(select(Page.id).where(Page.claim == token).order_by(Page.id)))
        return token, won, len(due) == self._batch

    def _run_batch(self) -> tuple[list[Outcome], bool]:
        now = self._clock.now()
        token, ids, more = self._claim(now)
        return [self._handle(page_id, token) for page_id in ids], more

    # ---- one page ------------------------------------------------------------------

    def _handle(self, page_id: int, token: str) -> Outcome:
        with self._db.read() as s:
            page = s.get(Page, page_id)
            assert page is not None
            rule_row = s.get(PagingRule, page.rule_id) if page.rule_id is not None else None
            channel_row = s.get(PagingChannel, page.channel_id)
            assert channel_row is not None
            channel = channel_of(channel_row)
            rule = rule_of(rule_row, channel.name) if rule_row is not None else None
            facts: dict[str, Any] = json.loads(page.context or "{}")
            if page.status == PageStatus.SENT:
                if rule is None or page.repeat_no >= rule.repeats:
                    return self._after_repeats(page, rule, facts, token)
                repeat_no = page.repeat_no + 1
            else:
                repeat_no = page.repeat_no
            subject = Subject(page.case_id, facts.get("grid_id"), facts.get("team_id"))
            reason = ""
            try:
                recipient = resolve(s, page.target, subject, self._clock.now())
            except Unresolved as exc:
                recipient = None
                reason = str(exc)
        message = compose(facts, page.code, self._lang, repeat_no=repeat_no,
                          test=page.subject == "test")
        at = self._clock.now()
        if recipient is not None:
            try:
                deliver(channel, Delivery(page.id, page.code,
                                          f"watchroom-page-{page.id}-{repeat_no}", recipient,
                                          message, at, facts), self._client())
            except DeliveryFailed as exc:
                reason = exc.reason
            else:
                return self._sent(page, rule, repeat_no, recipient.name, channel, token)
        return self._failed(page, rule, repeat_no, channel, reason, token,
                            recipient.name if recipient is not None else "")

    def _finish(self, s: Session, page: Page, token: str, **values: Any) -> bool:
        """Write the outcome if the claim is still ours (an acknowledgement clears it)."""
        done = s.execute(update(PAGES).where(PAGES.c.id == page.id, PAGES.c.claim == token)
                         .values(claim="", claimed_until=None, **values))
        return rowcount(done) == 1

    def _audit(self, s: Session, page: Page, now: datetime, action: str,
               detail: dict[str, Any]) -> None:
        s.execute(insert(table_of(AuditEntry)).values(
            at=now, operator_id=self._actor().id, entity=page.subject,
            entity_id=page.subject_id, action=action,
            detail=json.dumps({"page": page.code, **detail}, ensure_ascii=False,
                              sort_keys=True)))
        announce(s, at=now, entity="page", entity_id=page.id, op="update")

    def _sent(self, page: Page, rule: Any, repeat_no: int, name: str, channel: Channel,
              token: str) -> Outcome:
        now = self._clock.now()
        more = rule is not None and rule.repeat_min and (
            repeat_no < rule.repeats or rule.then_rule_id is not None)
        action = "page_repeated" if repeat_no else "page_sent"
        with self._db.write.begin() as s:
            if not self._finish(s, page, token, status=PageStatus.SENT,
                                attempts=page.attempts + 1, sent_at=now,
                                last_attempt_at=now, last_error="", recipient=name[:255],
                                repeat_no=repeat_no,
                                next_attempt_at=(now + timedelta(minutes=rule.repeat_min)
                                                 if more else None)):
                return Outcome(page.id, page.code, "done", "acknowledged meanwhile")
            self._audit(s, page, now, action, {"to": name, "channel": channel.name,
                                               "attempt": page.attempts + 1,
                                               "repeat": repeat_no})
        log.info("page %s to %s by %s: %s", page.code, name, channel.label, action)
        return Outcome(page.id, page.code, "repeated" if repeat_no else "sent", name)

    def _failed(self, page: Page, rule: Any, repeat_no: int, channel: Channel, reason: str,
                token: str, name: str) -> Outcome:
        now = self._clock.now()
        attempts = page.attempts + 1
        started = page.created_at
        if repeat_no and page.sent_at is not None and rule is not None and rule.repeat_min:
            started = page.sent_at + timedelta(minutes=rule.repeat_min)
        who = name or page.target
        with self._db.write.begin() as s:
            if now - started < timedelta(minutes=channel.give_up_min):
                retry_at = now + backoff(attempts)
                if not self._finish(s, page, token, status=PageStatus.FAILED,
                                    attempts=attempts, last_attempt_at=now,
                                    last_error=reason[:500], next_attempt_at=retry_at):
                    return Outcome(page.id, page.code, "done", "acknowledged meanwhile")
                self._audit(s, page, now, "page_failed",
                            {"to": who, "channel": channel.name, "error": reason,
                             "attempt": attempts, "retry_at": retry_at.isoformat()})
                log.warning("page %s to %s by %s failed (%s); again at %s", page.code, who,
                            channel.label, reason, retry_at.isoformat())
                return Outcome(page.id, page.code, "failed", reason)
            if not self._finish(s, page, token, status=PageStatus.GAVE_UP, attempts=attempts,
                                last_attempt_at=now, last_error=reason[:500],
                                next_attempt_at=None):
                return Outcome(page.id, page.code, "done", "acknowledged meanwhile")
            headline = f"page to {who} by {channel.label} failed: {reason} ×{attempts}"
            self._audit(s, page, now, "page_gave_up", {"to": who, "channel": channel.name,
                                                       "error": reason, "attempts": attempts})
            self._raise_alert(s, page, headline, now)
            if rule is not None and rule.then_rule_id is not None:
                self._escalate(s, page, rule.then_rule_id, now)
        log.error("%s", headline)
        return Outcome(page.id, page.code, "gave_up", headline)

    def _after_repeats(self, page: Page, rule: Any, facts: dict[str, Any],
                       token: str) -> Outcome:
        """Repeats used up, still unacknowledged: the next rule up the chain, if any."""
        now = self._clock.now()
        with self._db.write.begin() as s:
            if not self._finish(s, page, token, next_attempt_at=None):
                return Outcome(page.id, page.code, "done", "acknowledged meanwhile")
            if rule is None or rule.then_rule_id is None:
                return Outcome(page.id, page.code, "done", "no answer, no next rule")
            code = self._escalate(s, page, rule.then_rule_id, now)
        return Outcome(page.id, page.code, "escalated", code)

    def _escalate(self, s: Session, page: Page, rule_id: int, now: datetime) -> str:
        rule_row, channel = s.execute(
            select(PagingRule, PagingChannel.name)
            .join(PagingChannel, PagingChannel.id == PagingRule.channel_id)
            .where(PagingRule.id == rule_id)).one()
        rule = rule_of(rule_row, channel)
        code = new_codes(s, 1)[0]
        row = page_row(page.cause_key, page.trigger, rule, code=code, subject=page.subject,
                       subject_id=page.subject_id, reference=page.reference,
                       case_id=page.case_id, alert_id=page.alert_id,
                       facts=json.loads(page.context or "{}"), now=now, due=now,
                       step=page.step + 1)
        write_pages(s, [row], self._actor(), now, action="page_escalated",
                    extra={"after": page.code})
        return code

    def _raise_alert(self, s: Session, page: Page, headline: str, now: datetime) -> None:
        alert_id = s.execute(insert(table_of(Alert)).values(
            source="paging", external_id=f"page/{page.id}/{page.repeat_no}",
            dedup_key=f"paging:{page.id}:{page.repeat_no}", sender="watchroom", sent_at=now,
            received_at=now, cap_status="Actual", msg_type="Alert", scope="Private",
            event="Page failed", category="Other", urgency="Immediate", severity="Severe",
            certainty="Observed", headline=headline[:500],
            description=f"{page.reference}: nobody was reached by this page (code "
                        f"{page.code}). Call them.",
            instruction="Reach the person by phone; check the channel (page test).",
            area_desc="", geometry="{}", grid_id=None, expires_at=None, status="new",
            repeat_count=1, last_seen_at=now, case_id=page.case_id,
            raw=json.dumps({"page": page.code}), version=1, language="en", infos="[]",
            cap_references="", note="",
        ).returning(table_of(Alert).c.id)).scalar_one()
        announce(s, at=now, entity="alert", entity_id=alert_id, op="insert")

    # ---- "is anyone sending?" ------------------------------------------------------

    def _beat(self) -> None:
        """Note that an engine sends pages, at most every ``HEARTBEAT_EVERY``: a console
        without an engine says so when pages wait."""
        now = self._clock.now()
        if self._heartbeat_at is not None and now - self._heartbeat_at < HEARTBEAT_EVERY:
            return
        self._heartbeat_at = now
        with self._db.write.begin() as s:
            stmt = upsert(s, table_of(CenterSetting)).values(key=HEARTBEAT_KEY,
                                                                 value=now.isoformat())
            s.execute(stmt.on_conflict_do_update(index_elements=["key"],
                                                 set_={"value": now.isoformat()}))
