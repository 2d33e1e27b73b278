"""The outbox: the pages a cause asks for, written in the cause's own transaction (the
escalation step, the alert), so a page is never lost and never made for a step that
rolled back. The engine's sender delivers them later."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from console.core.domain import OperatorRef
from console.core.paging_hook import PageCause
from console.paging.rules import Rule, quiet_until
from db.models import AuditEntry, Case, Change, Grid, Page, PagingChannel, PagingRule, table_of

PAGES = table_of(Page)
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: a code read out on the phone is typed back right.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6


class PageStatus:
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    ACKNOWLEDGED = "acknowledged"
    GAVE_UP = "gave_up"


OPEN_STATUSES = (PageStatus.QUEUED, PageStatus.SENT, PageStatus.FAILED)


def new_codes(s: Session, n: int) -> list[str]:
    """``n`` acknowledge codes no page has yet."""
    out: list[str] = []
    while len(out) < n:
        batch = {"".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                 for _ in range(n - len(out))}
        batch -= set(out)
        taken = set(s.scalars(select(Page.code).where(Page.code.in_(batch))))
        out.extend(sorted(batch - taken))
    return out


def rules_for(s: Session, triggers: Iterable[str]) -> list[Rule]:
    wanted = set(triggers)
    if "alert:extreme" in wanted:
        wanted.add("alert:severe")
    rows = s.execute(select(PagingRule, PagingChannel.name)
                     .join(PagingChannel, PagingChannel.id == PagingRule.channel_id)
                     .where(PagingRule.trigger.in_(sorted(wanted)),
                            PagingRule.active.is_(True))
                     .order_by(PagingRule.id)).all()
    return [rule_of(r, name) for r, name in rows]


def rule_of(r: PagingRule, channel: str) -> Rule:
    return Rule(r.id, r.trigger, r.category, r.severity, r.target, r.channel_id, channel,
                r.repeat_min, r.repeats, r.then_rule_id, r.quiet, r.active)


@dataclass(frozen=True, slots=True)
class QueuedPage:
    """A page row to insert, before it has an id."""

    row: dict[str, Any]
    audit_entity: str
    audit_id: int


def page_row(cause_key: str, trigger: str, rule: Rule, *, code: str, subject: str,
             subject_id: int, reference: str, case_id: int | None, alert_id: int | None,
             facts: dict[str, Any], now: datetime, due: datetime,
             step: int = 0) -> dict[str, Any]:
    return {"code": code, "cause_key": cause_key[:128], "trigger": trigger,
            "rule_id": rule.id, "channel_id": rule.channel_id, "target": rule.target,
            "recipient": "", "case_id": case_id, "alert_id": alert_id, "subject": subject,
            "subject_id": subject_id, "reference": reference[:64],
            "context": json.dumps(facts, ensure_ascii=False, sort_keys=True),
            "step": step, "repeat_no": 0, "status": PageStatus.QUEUED, "attempts": 0,
            "last_error": "", "next_attempt_at": due, "last_attempt_at": None,
            "claim": "", "claimed_until": None, "created_at": now, "sent_at": None,
            "acknowledged_at": None, "acknowledged_by_id": None}


def write_pages(s: Session, rows: Sequence[dict[str, Any]], actor: OperatorRef,
                now: datetime, action: str = "page_queued",
                extra: dict[str, Any] | None = None) -> None:
    """Insert ``rows`` and put each on its subject's timeline (the case's, when a case
    caused it), with a change-feed entry per page."""
    if not rows:
        return
    s.execute(insert(PAGES), list(rows))
    ids = dict(s.execute(select(Page.code, Page.id)
                         .where(Page.code.in_([r["code"] for r in rows]))).all())
    s.execute(insert(table_of(AuditEntry)), [
        {"at": now, "operator_id": actor.id, "entity": r["subject"],
         "entity_id": r["subject_id"], "action": action,
         "detail": json.dumps({"page": r["code"], "to": r["target"], "trigger": r["trigger"],
                               "rule": r["rule_id"], "step": r["step"], **(extra or {})},
                              ensure_ascii=False, sort_keys=True)}
        for r in rows])
    s.execute(insert(table_of(Change)), [
        {"at": now, "entity": "page", "entity_id": ids[r["code"]], "op": "insert"}
        for r in rows])


class PagingOutbox:
    """The ``PageOutbox`` the escalation sweep, the feed importer and the readiness watch
    call inside their transactions."""

    def __init__(self, actor: Callable[[], OperatorRef], zone: Callable[[], ZoneInfo]) -> None:
        self._actor = actor
        self._zone = zone

    def listens(self, s: Session, triggers: Iterable[str]) -> bool:
        return bool(rules_for(s, triggers))

    def queue(self, s: Session, causes: Sequence[PageCause]) -> int:
        if not causes:
            return 0
        rules = rules_for(s, {c.trigger for c in causes})
        if not rules:
            return 0  # the common case costs one indexed query
        cases = {row.id: row for row in s.execute(
            select(Case.id, Case.category, Case.severity, Case.stage, Case.team_id)
            .where(Case.id.in_({c.case_id for c in causes if c.case_id is not None})))}
        grids = {gid: f"{code} {name}".strip() for gid, code, name in s.execute(
            select(Grid.id, Grid.code, Grid.name_zh)
            .where(Grid.id.in_({c.grid_id for c in causes if c.grid_id is not None})))}
        zone = self._zone()
        planned: list[tuple[PageCause, Rule, dict[str, Any], datetime]] = []
        for cause in causes:
            case = cases.get(cause.case_id) if cause.case_id is not None else None
            category = case.category if case is not None else None
            severity = case.severity if case is not None else None
            facts = {"subject": cause.subject, "reference": cause.reference,
                     "title": cause.title, "trigger": cause.trigger,
                     "grid": grids.get(cause.grid_id, "") if cause.grid_id else "",
                     "grid_id": cause.grid_id,
                     "team_id": case.team_id if case is not None else cause.team_id,
                     **({"stage": case.stage, "category": case.category,
                         "severity": case.severity} if case is not None else {}),
                     **cause.facts}
            for rule in rules:
                if rule.matches(cause.trigger, category, severity):
                    due = quiet_until(rule.quiet, cause.trigger, cause.at, zone) or cause.at
                    planned.append((cause, rule, facts, due))
        if not planned:
            return 0
        codes = new_codes(s, len(planned))
        rows = [page_row(cause.cause_key, cause.trigger, rule, code=code,
                         subject=cause.subject, subject_id=cause.subject_id,
                         reference=cause.reference, case_id=cause.case_id,
                         alert_id=cause.alert_id, facts=facts, now=cause.at, due=due)
                for (cause, rule, facts, due), code in zip(planned, codes, strict=True)]
        write_pages(s, rows, self._actor(), causes[0].at)
        return len(rows)
