"""Each channel's wire format, against real servers on 127.0.0.1: what arrives is what
the receiving system (a mail client, DingTalk, WeCom, a webhook, an SMS gateway) reads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.paging.channels import (
    Channel,
    ChannelKind,
    Delivery,
    DeliveryFailed,
    Recipient,
    deliver,
    dingtalk_sign,
)
from console.paging.messages import compose
from console.paging.sender import PagingSender
from db.models import Alert
from tests.paging_servers import HttpReceiver, Mailbox, free_port
from tests.unit.paging.conftest import overdue_case

PHONE = "18006798783"  # 谢美玲 in the demo roster


def test_dingtalk_signature_matches_a_published_vector() -> None:
    # The dingding crate's test vector (docs.rs/crate/dingding, src/signature.rs).
    assert dingtalk_sign("secret", 1700000000000) == \
        "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D"


def test_email_arrives_with_text_and_html_in_the_centers_language(
        app: App, clock: FakeClock, admin: OperatorRef, mailbox: Mailbox,
        sender: PagingSender) -> None:
    app.paging.add_channel(admin, "mail", "email",
                           f"smtp://127.0.0.1:{mailbox.port}?from=watchroom@center.example"
                           "&tls=none")
    app.paging.add_rule(admin, "escalation:2", "address:chief@center.example", "mail")
    ref = overdue_case(app, clock)
    assert [o.action for o in sender.run_once()] == ["sent"]
    [msg] = mailbox.wait_for(1)
    code = app.paging.log(case=ref)[0].code
    assert msg["To"] == "chief@center.example"
    assert msg["From"] == "watchroom@center.example"
    assert msg["X-Watchroom-Code"] == code
    assert ref in msg["Subject"]
    assert "超时" in msg["Subject"]
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None
    assert html is not None
    plain = text.get_content()
    for wanted in (ref, "Smoke from a shop", "XH-03", "已上报", f"确认码：{code}",
                   "超时4小时45分钟"):
        assert wanted in plain, (wanted, plain)
    assert f"确认码：{code}" in html.get_content()


def test_webhook_is_signed_and_carries_an_idempotency_key(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app.paging.add_channel(admin, "hook", "webhook", receiver.url + "/hook",
                           secret="s3cr3t")
    app.paging.add_rule(admin, "escalation:3", "address:ops-room", "hook")
    ref = overdue_case(app, clock)
    sender.run_once()
    [req] = receiver.wait_for(1)
    expected = hmac.new(b"s3cr3t", req.body, hashlib.sha256).hexdigest()
    assert req.headers["x-watchroom-signature"] == f"sha256={expected}"
    body = json.loads(req.body)
    page = app.paging.log(case=ref)[0]
    assert body["code"] == page.code
    assert body["reference"] == ref
    assert req.headers["idempotency-key"] == body["idempotency_key"] \
        == f"watchroom-page-{page.id}-0"
    assert body["level"] == 3
    assert body["recipient"]["name"] == "ops-room"


def test_dingtalk_robot_gets_a_signed_url_and_a_markdown_message(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app.paging.add_channel(admin, "ding", "dingtalk",
                           receiver.url + "/robot/send?access_token=abc", secret="SECxyz")
    app.paging.add_rule(admin, "escalation:2", "address:13800000000", "ding")
    ref = overdue_case(app, clock)
    sender.run_once()
    [req] = receiver.wait_for(1)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(req.path).query))
    assert query["access_token"] == "abc"
    assert int(query["timestamp"]) == int(clock.now().timestamp() * 1000)
    digest = hmac.new(b"SECxyz", f"{query['timestamp']}\nSECxyz".encode(),
                      hashlib.sha256).digest()
    assert query["sign"] == base64.b64encode(digest).decode()  # parse_qsl decoded it
    body = json.loads(req.body)
    assert body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"title", "text"}
    assert ref in body["markdown"]["text"]
    assert "@13800000000" in body["markdown"]["text"]
    assert body["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}


def test_dingtalk_error_code_is_a_failed_delivery(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    receiver.reply = b'{"errcode":310000,"errmsg":"sign not match"}'
    app.paging.add_channel(admin, "ding", "dingtalk", receiver.url + "/robot/send")
    app.paging.add_rule(admin, "escalation:2", "address:ops", "ding")
    ref = overdue_case(app, clock)
    [outcome] = sender.run_once()
    assert outcome.action == "failed"
    assert "310000" in outcome.detail
    assert app.paging.log(case=ref)[0].status == "failed"


@pytest.mark.parametrize("msgtype", ["markdown", "text"])
def test_wecom_robot_payloads(app: App, clock: FakeClock, admin: OperatorRef,
                              receiver: HttpReceiver, sender: PagingSender,
                              msgtype: str) -> None:
    app.paging.add_channel(admin, "wecom", "wecom",
                           receiver.url + "/cgi-bin/webhook/send?key=k1", msgtype=msgtype)
    app.paging.add_rule(admin, "escalation:2", "address:13900000000", "wecom")
    ref = overdue_case(app, clock)
    sender.run_once()
    [req] = receiver.wait_for(1)
    body = json.loads(req.body)
    assert body["msgtype"] == msgtype
    if msgtype == "markdown":
        assert set(body) == {"msgtype", "markdown"}
        assert set(body["markdown"]) == {"content"}
        assert ref in body["markdown"]["content"]
    else:
        assert body["text"]["mentioned_mobile_list"] == ["13900000000"]
        assert ref in body["text"]["content"]


def test_sms_gateway_from_url_and_json_body_templates(
        rostered: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app = rostered
    app.paging.add_channel(admin, "sms-get", "sms",
                           receiver.url + "/send?to={phone}&msg={text}")
    app.paging.add_channel(admin, "sms-post", "sms", receiver.url + "/api",
                           secret="tok", body='{"mobile":"{phone}","content":"{text}",'
                                              '"auth":"{secret}"}')
    app.paging.add_rule(admin, "escalation:2", "on-duty:FIRE-1:Crew commander", "sms-get")
    app.paging.add_rule(admin, "escalation:2", "on-duty:FIRE-1:Crew commander", "sms-post")
    overdue_case(app, clock, grid="XH-22")
    assert [o.action for o in sender.run_once()] == ["sent", "sent"]
    get, post = sorted(receiver.wait_for(2), key=lambda r: r.method)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(get.path).query))
    assert query["to"] == PHONE  # 谢美玲, FIRE-1's crew commander on shift now
    assert "确认码" in query["msg"]
    body = json.loads(post.body)
    assert body["mobile"] == PHONE
    assert body["auth"] == "tok"
    assert "确认码" in body["content"]
    names = {e.recipient for e in app.paging.log()}
    assert names == {"谢美玲"}


def test_channel_settings_are_checked_and_secrets_never_shown(
        app: App, admin: OperatorRef) -> None:
    with pytest.raises(ValidationError, match="from="):
        app.paging.add_channel(admin, "m", "email", "smtp://mail.example:587")
    with pytest.raises(ValidationError, match=r"\{phone\}"):
        app.paging.add_channel(admin, "s", "sms", "http://gw.example/send")
    with pytest.raises(ValidationError, match="Unknown channel kind"):
        app.paging.add_channel(admin, "x", "pager", "http://x.example")
    app.paging.add_channel(admin, "ding", "dingtalk",
                           "https://oapi.dingtalk.com/robot/send?access_token=TOKEN123",
                           secret="SEC456")
    [info] = app.paging.channels()
    assert info.secret_set
    assert "TOKEN123" not in info.url
    assert "SEC456" not in repr(info)


def test_unreachable_receiver_is_retried_with_backoff_on_the_clock(
        app: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    receiver.status = 502
    app.paging.add_channel(admin, "hook", "webhook", receiver.url)
    app.paging.add_rule(admin, "escalation:2", "address:ops", "hook")
    ref = overdue_case(app, clock)
    assert [o.detail for o in sender.run_once()] == ["webhook 502"]
    assert sender.run_once() == []  # not before its time
    clock.advance(timedelta(seconds=9))
    assert sender.run_once() == []
    clock.advance(timedelta(seconds=1))  # 10 s after the first failure
    assert [o.action for o in sender.run_once()] == ["failed"]
    clock.advance(timedelta(seconds=19))
    assert sender.run_once() == []  # the second wait is 20 s
    receiver.status = 200
    clock.advance(timedelta(seconds=1))
    assert [o.action for o in sender.run_once()] == ["sent"]
    assert len(receiver.requests) == 1
    assert len(receiver.seen) == 3
    assert len({r.headers["idempotency-key"] for r in receiver.seen}) == 1
    page = app.paging.log(case=ref)[0]
    assert (page.status, page.attempts) == ("sent", 3)
    actions = [e.action for e in app.cases.timeline(ref)]
    assert actions.count("page_failed") == 2
    assert actions.count("page_sent") == 1


def test_gives_up_with_an_alert_naming_who_was_not_reached(
        rostered: App, clock: FakeClock, admin: OperatorRef, receiver: HttpReceiver,
        sender: PagingSender) -> None:
    app = rostered
    receiver.status = 502
    app.paging.add_channel(admin, "sms", "sms", receiver.url + "/?to={phone}&t={text}",
                           give_up_min=2)
    app.paging.add_rule(admin, "escalation:2", "on-duty:FIRE-1:Crew commander", "sms")
    ref = overdue_case(app, clock, grid="XH-22")
    for _ in range(10):
        sender.run_once()
        clock.advance(timedelta(seconds=30))
    page = app.paging.log(case=ref)[0]
    assert page.status == "gave_up"
    with app.db.read() as s:
        headlines = list(s.scalars(select(Alert.headline).where(Alert.source == "paging")))
    assert headlines == [f"page to 谢美玲 by SMS failed: gateway 502 ×{page.attempts}"]
    assert "page_gave_up" in [e.action for e in app.cases.timeline(ref)]


HTTP_KINDS = [("webhook", "", "webhook"), ("dingtalk", "", "DingTalk"), ("wecom", "", "WeCom"),
              ("sms", "/send?to={phone}&msg={text}", "gateway")]


@pytest.mark.parametrize(("kind", "path", "who"), HTTP_KINDS)
def test_every_http_channel_fails_the_same_way_naming_its_receiver(
        receiver: HttpReceiver, kind: str, path: str, who: str) -> None:
    """One helper makes every HTTP request of a page: a refusal, an error status, a
    receiver too slow or not there read alike for the webhook, both robots and SMS."""
    facts = {"subject": "case", "reference": "C-2026-000123", "title": "Gas smell"}
    delivery = Delivery(1, "K7XM3R", "watchroom-page-1-0", Recipient("谢美玲", phone=PHONE),
                        compose(facts, "K7XM3R", "en"), datetime(2026, 11, 22, tzinfo=UTC),
                        facts)

    def channel(url: str, timeout_s: int = 5) -> Channel:
        return Channel(1, "c", ChannelKind(kind), url + path, "", {}, timeout_s, 0, 30)

    with httpx.Client() as http:
        receiver.status = 502
        with pytest.raises(DeliveryFailed) as failed:
            deliver(channel(receiver.url), delivery, http)
        assert failed.value.reason == f"{who} 502"
        with pytest.raises(DeliveryFailed) as failed:
            deliver(channel(f"http://127.0.0.1:{free_port()}"), delivery, http)
        assert failed.value.reason == f"{who} unreachable (ConnectError)"
        receiver.holding = True
        with pytest.raises(DeliveryFailed) as failed:
            deliver(channel(receiver.url, timeout_s=1), delivery, http)
        assert failed.value.reason == f"{who} timed out after 1 s"
        receiver.release()
        receiver.status = 200
        deliver(channel(receiver.url), delivery, http)
    assert len(receiver.requests) == 1
    assert len(receiver.seen) == 3  # 502, held, delivered (the closed port saw nothing)
    assert {r.headers["idempotency-key"] for r in receiver.seen} == {"watchroom-page-1-0"}
