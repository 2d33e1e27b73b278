"""Pages from cause to answer: written with the escalation step, sent once whatever
engines die or race, repeated until acknowledged, moved up the chain, and sent by a
real engine within seconds of the deadline."""

from __future__ import annotations

import threading
import time
import urllib.parse
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied
from console.engine.escalation import EngineRunner
from console.paging.sender import LEASE, PagingSender
from db.models import Page
from tests.paging_servers import HttpReceiver, Mailbox
from tests.unit.paging.conftest import overdue_case


def _hook(app: App, admin: OperatorRef, receiver: HttpReceiver, on: str = "escalation:2",
          **rule: object) -> None:
    app.paging.add_channel(admin, "hook", "webhook", receiver.url, rate_per_min=0)
    app.paging.add_rule(admin, on, "address:ops", "hook", **rule)  # type: ignore[arg-type]


def test_the_page_is_written_with_the_step_and_a_console_without_engine_says_so(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver) -> None:
    _hook(app, admin, receiver)
    ref = overdue_case(app, clock)
    [page] = app.paging.log(case=ref)
    assert page.status == "queued"
    assert len(page.code) == 6
    assert "page_queued" in [e.action for e in app.cases.timeline(ref)]
    assert app.paging.engine_note() is None  # just queued
    clock.advance(timedelta(minutes=3))
    note = app.paging.engine_note()
    assert note is not None
    assert "no engine is sending" in note
    assert receiver.seen == []  # nothing here sends


def test_acknowledging_stops_the_repeats(app: App, clock: FakeClock, admin: OperatorRef,
                                         officer: OperatorRef, receiver: HttpReceiver,
                                         sender: PagingSender) -> None:
    _hook(app, admin, receiver, repeat_min=5, repeats=3)
    ref = overdue_case(app, clock)
    sender.run_once()
    clock.advance(timedelta(minutes=5))
    assert [o.action for o in sender.run_once()] == ["repeated"]
    code = app.paging.log(case=ref)[0].code
    reviewer = next(o for o in app.operators.list() if o.role is Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        app.paging.acknowledge(reviewer, code)
    ack = app.paging.acknowledge(officer, code.lower())
    assert ack.stopped == 1
    for _ in range(4):
        clock.advance(timedelta(minutes=5))
        assert sender.run_once() == []
    assert len(receiver.requests) == 2
    entry = app.paging.log(case=ref)[0]
    assert entry.status == "acknowledged"
    assert entry.acknowledged_by == officer.display_name
    actions = [e.action for e in app.cases.timeline(ref)]
    assert actions[-4:] == ["page_queued", "page_sent", "page_repeated", "page_acknowledged"]


def test_unanswered_pages_move_up_the_chain(app: App, clock: FakeClock, admin: OperatorRef,
                                            receiver: HttpReceiver, mailbox: Mailbox,
                                            sender: PagingSender) -> None:
    app.paging.add_channel(admin, "mail", "email",
                           f"smtp://127.0.0.1:{mailbox.port}?from=wr@center.example&tls=none")
    app.paging.add_channel(admin, "hook", "webhook", receiver.url)
    commander = app.paging.add_rule(admin, "escalation:3", "address:commander@center.example",
                                    "mail")
    app.paging.add_rule(admin, "escalation:2", "address:supervisor", "hook", repeat_min=5,
                        repeats=1, then=commander.id)
    ref = overdue_case(app, clock, late=timedelta(minutes=20))  # level 2 only
    sender.run_once()
    clock.advance(timedelta(minutes=5))
    assert [o.action for o in sender.run_once()] == ["repeated"]
    clock.advance(timedelta(minutes=5))
    outcomes = sender.run_once()
    assert [o.action for o in outcomes] == ["escalated", "sent"]
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == "commander@center.example"
    assert len(receiver.requests) == 2
    log = app.paging.log(case=ref)
    assert [(p.step, p.target) for p in log] == [(1, "address:commander@center.example"),
                                                 (0, "address:supervisor")]
    assert "page_escalated" in [e.action for e in app.cases.timeline(ref)]
    # The commander's code acknowledges the whole chain.
    assert app.paging.acknowledge(admin, log[0].code).stopped == 2


def test_two_engines_send_each_page_once(app: App, db_url: str, clock: FakeClock,
                                         admin: OperatorRef, receiver: HttpReceiver) -> None:
    _hook(app, admin, receiver)
    refs = [overdue_case(app, clock, late=timedelta(minutes=20)) for _ in range(20)]
    pages = len(app.paging.log())
    assert pages == len(refs)
    other = open_app(db_url, clock)
    try:
        senders = [app.pager(), other.pager()]
        start = threading.Barrier(2)

        def run(s: PagingSender) -> None:
            start.wait()
            s.run_once()

        threads = [threading.Thread(target=run, args=(s,)) for s in senders]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    keys = [r.headers["idempotency-key"] for r in receiver.requests]
    assert len(keys) == pages
    assert len(set(keys)) == pages


def test_an_engine_killed_after_commit_or_mid_send_delivers_once_after_restart(
        app: App, db_url: str, clock: FakeClock, admin: OperatorRef,
        receiver: HttpReceiver) -> None:
    _hook(app, admin, receiver)
    overdue_case(app, clock, late=timedelta(minutes=20))
    overdue_case(app, clock, late=timedelta(minutes=20))
    # The first engine claimed the first page and died before sending it; the second
    # page was committed and never touched.
    dead = PagingSender(app.db, clock, app.operators.system, lambda: "zh", batch=1)
    _token, claimed, _more = dead._claim(clock.now())
    assert len(claimed) == 1
    restarted = open_app(db_url, clock)
    try:
        assert [o.action for o in restarted.pager().run_once()] == ["sent"]  # the free one
        clock.advance(LEASE)
        assert [o.action for o in restarted.pager().run_once()] == ["sent"]  # lease ran out
        assert restarted.pager().run_once() == []
    finally:
        restarted.close()
    assert len(receiver.requests) == 2
    with app.db.read() as s:
        assert s.scalar(select(func.count()).where(Page.status == "sent")) == 2


def test_quiet_hours_hold_back_level_one_but_never_level_two(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app.paging.add_channel(admin, "hook", "webhook", receiver.url)
    # 08:00 in Hangzhou when the test starts; 08:20 when it escalates.
    app.paging.add_rule(admin, "escalation:1", "address:a", "hook", quiet="07:00-09:00")
    app.paging.add_rule(admin, "escalation:2", "address:b", "hook", quiet="07:00-09:00")
    overdue_case(app, clock, late=timedelta(minutes=20))
    assert [o.detail for o in sender.run_once()] == ["b"]
    clock.advance(timedelta(minutes=39))
    assert sender.run_once() == []
    clock.advance(timedelta(minutes=1))  # 09:00
    assert [o.detail for o in sender.run_once()] == ["a"]


def test_only_administrators_configure_paging(app: App, officer: OperatorRef,
                                              admin: OperatorRef) -> None:
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    for who in (officer, coordinator):
        with pytest.raises(PermissionDenied, match="may not configure paging channels"):
            app.paging.add_channel(who, "hook", "webhook", "http://127.0.0.1:9/")
    app.paging.add_channel(admin, "hook", "webhook", "http://127.0.0.1:9/")
    with pytest.raises(PermissionDenied, match="may not configure paging rules"):
        app.paging.add_rule(officer, "escalation:2", "address:x", "hook")
    assert app.paging.channels()[0].name == "hook"
    assert app.paging.rules() == []


def _fire_team_case_paged(app: App, clock: FakeClock, sender: PagingSender) -> str:
    """A case of grid XH-01 dispatched to FIRE-1, two days late, swept and paged."""
    system = app.operators.system()
    ref = app.cases.report(system, title="Blocked drain", category="flood", severity=2,
                           grid="XH-01").reference
    app.cases.register(system, ref)
    app.cases.dispatch(system, ref, "FIRE-1")
    clock.advance(timedelta(days=2))
    app.escalation.sweep()
    sender.run_once()
    return ref


def test_targets_resolve_from_the_roster_at_send_time(
        rostered: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app = rostered
    app.paging.add_channel(admin, "hook", "webhook", receiver.url)
    for target in ("on-duty:FIRE-1:Crew commander", "team-leader", "grid-worker",
                   "operator:liuyan"):
        app.paging.add_rule(admin, "escalation:2", target, "hook")
    ref = _fire_team_case_paged(app, clock, sender)
    got = {(e.target, e.recipient) for e in app.paging.log(case=ref) if e.status == "sent"}
    assert got >= {("on-duty:FIRE-1:Crew commander", "谢美玲"), ("team-leader", "陈文杰"),
                   ("operator:liuyan", "刘燕")}
    grid_worker = {e.recipient for e in app.paging.log(case=ref) if e.target == "grid-worker"}
    assert grid_worker
    assert all(name for name in grid_worker)


def test_roster_targets_are_mailed_at_their_email_and_texted_at_their_phone(
        rostered: App, clock: FakeClock, admin: OperatorRef, mailbox: Mailbox,
        receiver: HttpReceiver, sender: PagingSender) -> None:
    """on-duty, team-leader and grid-worker are roster members: the e-mail channel writes
    to the address the roster sheet gave them, the SMS gateway gets their phone."""
    app = rostered
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    members = app.rosters.members()
    for m in members:  # as a roster sheet with an email column would
        if m.team_code == "FIRE-1" or "grid" in m.role.lower():
            app.rosters.update_member(coordinator, m.id, email=f"m{m.id}@xinhe.example")
    by_email = {f"m{m.id}@xinhe.example": m for m in members}
    app.paging.add_channel(admin, "mail", "email",
                           f"smtp://127.0.0.1:{mailbox.port}?from=wr@center.example&tls=none",
                           rate_per_min=0)
    app.paging.add_channel(admin, "sms", "sms", f"{receiver.url}/send?to={{phone}}&msg={{text}}",
                           rate_per_min=0)
    for target in ("on-duty:FIRE-1:Crew commander", "team-leader", "grid-worker"):
        app.paging.add_rule(admin, "escalation:2", target, "mail")
    app.paging.add_rule(admin, "escalation:2", "on-duty:FIRE-1:Crew commander", "sms")
    ref = _fire_team_case_paged(app, clock, sender)
    log = app.paging.log(case=ref)
    assert {e.status for e in log} == {"sent"}, [(e.target, e.last_error) for e in log]
    mails = mailbox.wait_for(len([e for e in log if e.channel == "mail"]))
    mailed = {by_email[rcpt].name for _sender, rcpts in mailbox.envelopes for rcpt in rcpts}
    worker = {e.recipient for e in log if e.target == "grid-worker"}
    assert mailed == {"谢美玲", "陈文杰", *worker}
    assert all(m["To"] in by_email for m in mails)
    [texted] = {urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query)["to"][0]
                for r in receiver.requests}
    assert texted == next(m.phone for m in members if m.name == "谢美玲")


def test_a_running_engine_pages_within_seconds_of_the_deadline(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        mailbox: Mailbox) -> None:
    app.paging.add_channel(admin, "mail", "email",
                           f"smtp://127.0.0.1:{mailbox.port}?from=wr@center.example&tls=none")
    app.paging.add_channel(admin, "hook", "webhook", receiver.url)
    app.paging.add_rule(admin, "escalation:2", "address:duty@center.example", "mail")
    app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
    system = app.operators.system()
    ref = app.cases.report(system, title="Gas smell", category="fire", severity=2,
                           grid="XH-03").reference
    runner = EngineRunner(app.escalation, app.clock, leadership=app.leadership,
                          poll_interval_s=0.2)
    runner.start()
    app.schedule_duties(runner, None)
    try:
        time.sleep(0.5)  # the engine's boot sweep: nothing due yet
        assert receiver.requests == []
        clock.advance(timedelta(minutes=20))  # the register deadline passes
        app.escalation.rearm()
        started = time.perf_counter()
        [mail] = mailbox.wait_for(1, timeout=10)
        [hook] = receiver.wait_for(1, timeout=10)
        assert max(hook.at, mailbox.arrived[0]) - started < 5
    finally:
        runner.close()
    assert ref in mail["Subject"]


def test_critical_alerts_of_a_bulk_import_page_only_when_a_rule_asks(
        app: App, admin: OperatorRef, receiver: HttpReceiver) -> None:
    def lines(*pairs: tuple[str, str]) -> bytes:
        return "".join(f'{{"id": "{i}", "source": "gas-net", "event": "Gas leak", '
                       f'"severity": "{sev}"}}\n' for i, sev in pairs).encode()

    def pages() -> list[tuple[str, str]]:
        with app.db.read() as s:
            return [(t, r) for t, r in s.execute(
                select(Page.trigger, Page.reference).order_by(Page.id))]

    first = app.importer.import_bytes(lines(("g1", "Severe"), ("g2", "Minor")), "a.jsonl")
    assert first.accepted == 2
    assert pages() == []  # no rule takes alerts: nothing pages, nothing is read back
    _hook(app, admin, receiver, on="alert:severe")
    second = app.importer.import_bytes(
        lines(("g3", "Extreme"), ("g4", "Minor"), ("g5", "Severe")), "b.jsonl")
    assert second.accepted == 3
    assert [t for t, _ in pages()] == ["alert:extreme", "alert:severe"]
