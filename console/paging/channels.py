"""The channels a page goes out on, each in its own wire format: e-mail over SMTP, a signed
JSON webhook, DingTalk and WeCom group robots, and an SMS gateway given by a template."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from console.core.errors import ValidationError
from console.paging.messages import Message

if TYPE_CHECKING:  # loaded where a request is sent, not at the console's start
    import httpx


class ChannelKind(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"
    DINGTALK = "dingtalk"
    WECOM = "wecom"
    SMS = "sms"


# How each kind names itself in a message a person reads ("page to 张伟 by SMS failed").
KIND_LABELS = {ChannelKind.EMAIL: "e-mail", ChannelKind.WEBHOOK: "webhook",
               ChannelKind.DINGTALK: "DingTalk", ChannelKind.WECOM: "WeCom",
               ChannelKind.SMS: "SMS"}
TLS_MODES = ("starttls", "tls", "none")
MSGTYPES = ("markdown", "text")
NON_ASCII_PASSWORD = "the password has characters SMTP login cannot carry (ASCII only)"
SIGNATURE_HEADER = "X-Watchroom-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
JSON_TYPE = "application/json; charset=utf-8"


class DeliveryFailed(Exception):
    """A delivery that did not go through; ``reason`` is short ("gateway 502")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Channel:
    id: int
    name: str
    kind: ChannelKind
    url: str
    secret: str
    options: Mapping[str, Any]
    timeout_s: int
    rate_per_min: int
    give_up_min: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a page is for, resolved at send time: a name, and what the roster or the
    operator sheet knows of them (a fixed address has only ``address``)."""

    name: str
    phone: str = ""
    email: str = ""
    address: str = ""

    @property
    def mobile(self) -> str:
        return self.phone or (self.address if _looks_like_phone(self.address) else "")

    @property
    def mailbox(self) -> str:
        return self.email or (self.address if "@" in self.address else "")


@dataclass(frozen=True, slots=True)
class Delivery:
    """One attempt of one page: the same ``idempotency_key`` for every retry of it."""

    page_id: int
    code: str
    idempotency_key: str
    recipient: Recipient
    message: Message
    at: datetime
    payload: Mapping[str, Any]  # the page's facts, for the webhook's JSON


def _looks_like_phone(text: str) -> bool:
    digits = text.replace(" ", "").replace("-", "")
    return bool(digits) and digits.lstrip("+").isdigit()


# ---- checking what an administrator types ------------------------------------------------


def check_channel(kind: str, url: str, options: Mapping[str, Any]) -> ChannelKind:
    """The kind, once ``url`` and ``options`` make sense for it; ValidationError if not."""
    try:
        k = ChannelKind(kind.strip().lower())
    except ValueError:
        raise ValidationError(f"Unknown channel kind {kind!r}: use "
                              f"{', '.join(k.value for k in ChannelKind)}.", "kind") from None
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if k is ChannelKind.EMAIL:
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValidationError("An e-mail channel's URL is smtp://user@host:587?from=ADDR "
                                  "(or smtps://… for TLS from the start).", "url")
        query = dict(urllib.parse.parse_qsl(parts.query))
        if "@" not in query.get("from", ""):
            raise ValidationError("Say who the mail is from: smtp://host:587?from=ADDR.", "url")
        if query.get("tls", "starttls") not in TLS_MODES:
            raise ValidationError(f"tls= is one of {', '.join(TLS_MODES)}.", "url")
    elif k is ChannelKind.SMS:
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValidationError("An SMS gateway's URL is http(s)://… with {phone} and {text} "
                                  "in it or in its body template.", "url")
        body = str(options.get("body", ""))
        if "{phone}" not in url + body or "{text}" not in url + body:
            raise ValidationError("An SMS gateway's URL or body template must hold {phone} "
                                  "and {text}.", "url")
    elif parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(f"A {KIND_LABELS[k]} channel's URL is http(s)://….", "url")
    if options.get("msgtype", "markdown") not in MSGTYPES:
        raise ValidationError(f"msgtype is one of {', '.join(MSGTYPES)}.", "msgtype")
    return k


# ---- sending -----------------------------------------------------------------------------


def deliver(channel: Channel, delivery: Delivery, http: httpx.Client) -> None:
    """Send ``delivery`` on ``channel``; DeliveryFailed with a short reason if it did not."""
    if channel.kind is ChannelKind.EMAIL:
        send_email(channel, delivery)
        return
    if channel.kind is ChannelKind.SMS:
        send_sms(channel, delivery, http)
        return
    headers = {"Content-Type": JSON_TYPE, IDEMPOTENCY_HEADER: delivery.idempotency_key}
    msgtype = channel.options.get("msgtype", "markdown")
    url = channel.url
    if channel.kind is ChannelKind.WEBHOOK:
        body = webhook_body(delivery)
        if channel.secret:
            headers[SIGNATURE_HEADER] = "sha256=" + hmac.new(
                channel.secret.encode(), body, hashlib.sha256).hexdigest()
        http_request(http, channel, "POST", url, body, headers)
        return
    if channel.kind is ChannelKind.DINGTALK:
        if channel.secret:
            url = dingtalk_signed_url(url, channel.secret, int(delivery.at.timestamp() * 1000))
        payload = dingtalk_payload(delivery, msgtype)
    else:
        payload = wecom_payload(delivery, msgtype)
    body = json.dumps(payload, ensure_ascii=False).encode()
    robot_answer(channel, http_request(http, channel, "POST", url, body, headers))


def http_request(http: httpx.Client, channel: Channel, method: str, url: str,
                 body: bytes | None, headers: Mapping[str, str]) -> httpx.Response:
    """One HTTP request of a delivery (webhook, robot, SMS gateway) within the channel's
    timeout; DeliveryFailed if it timed out, found nobody, or was answered other than
    2xx, with a short reason naming the receiver ("gateway 502", "DingTalk timed out
    after 10 s")."""
    import httpx  # loaded with the first page sent, not at the console's start

    who = "gateway" if channel.kind is ChannelKind.SMS else channel.label
    try:
        response = http.request(method, url, content=body, headers=dict(headers),
                                timeout=channel.timeout_s)
    except httpx.TimeoutException:
        raise DeliveryFailed(f"{who} timed out after {channel.timeout_s} s") from None
    except httpx.HTTPError as exc:
        raise DeliveryFailed(f"{who} unreachable ({type(exc).__name__})") from None
    if response.status_code >= 300:
        raise DeliveryFailed(f"{who} {response.status_code}")
    return response


def robot_answer(channel: Channel, response: httpx.Response) -> None:
    """DingTalk and WeCom robots answer 200 with ``{"errcode": 0, "errmsg": "ok"}``, or
    with an error code: DeliveryFailed naming it."""
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code:
        raise DeliveryFailed(f"{channel.label} error {code}: "
                             f"{str(answer.get('errmsg', ''))[:80]}")


def webhook_body(delivery: Delivery) -> bytes:
    """The webhook's JSON: the page's facts, the text, and who it is for."""
    r = delivery.recipient
    return json.dumps({
        "event": "page", "code": delivery.code, "idempotency_key": delivery.idempotency_key,
        "sent_at": delivery.at.isoformat(), "headline": delivery.message.subject,
        "text": delivery.message.text,
        "recipient": {"name": r.name, "phone": r.mobile, "email": r.mailbox},
        **{k: v for k, v in delivery.payload.items() if k not in {"text", "recipient", "headline"}},
    }, ensure_ascii=False, sort_keys=True).encode()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's robot signature: base64 HMAC-SHA256 of "timestamp\\nsecret" keyed with
    the secret, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{sep}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def dingtalk_payload(delivery: Delivery, msgtype: str) -> dict[str, Any]:
    """A DingTalk robot message; the recipient is @-mentioned by mobile when known (the
    mention only works when the number is in the text as well)."""
    mobile = delivery.recipient.mobile
    mention = f"\n\n@{mobile}" if mobile else ""
    at = {"atMobiles": [mobile] if mobile else [], "isAtAll": False}
    if msgtype == "text":
        return {"msgtype": "text", "text": {"content": delivery.message.text + mention},
                "at": at}
    return {"msgtype": "markdown",
            "markdown": {"title": delivery.message.subject,
                         "text": delivery.message.markdown + mention},
            "at": at}


def wecom_payload(delivery: Delivery, msgtype: str) -> dict[str, Any]:
    """A WeCom group robot message (markdown cannot mention by mobile; text can)."""
    if msgtype == "text":
        mobile = delivery.recipient.mobile
        return {"msgtype": "text",
                "text": {"content": delivery.message.text,
                         "mentioned_mobile_list": [mobile] if mobile else []}}
    return {"msgtype": "markdown", "markdown": {"content": delivery.message.markdown}}


def send_sms(channel: Channel, delivery: Delivery, http: httpx.Client) -> None:
    """The gateway's URL (and body template, if any) with {phone}, {text} and {secret}
    filled in: URL-encoded in the URL, JSON-escaped in a JSON body. GET without a body."""
    phone = delivery.recipient.mobile
    if not phone:
        raise DeliveryFailed(f"no phone number for {delivery.recipient.name}")
    values = {"phone": phone, "text": delivery.message.short, "secret": channel.secret,
              "key": delivery.idempotency_key}
    url = _fill(channel.url, {k: urllib.parse.quote(v, safe="") for k, v in values.items()})
    template = str(channel.options.get("body", ""))
    headers = {IDEMPOTENCY_HEADER: delivery.idempotency_key}
    if not template:
        http_request(http, channel, "GET", url, None, headers)
        return
    json_body = template.lstrip().startswith("{")
    escaped = {k: (json.dumps(v, ensure_ascii=False)[1:-1] if json_body
                   else urllib.parse.quote_plus(v)) for k, v in values.items()}
    headers["Content-Type"] = JSON_TYPE if json_body else "application/x-www-form-urlencoded"
    http_request(http, channel, "POST", url, _fill(template, escaped).encode(), headers)


def _fill(template: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def email_message(channel: Channel, delivery: Delivery) -> EmailMessage:
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(channel.url).query))
    to = delivery.recipient.mailbox
    if not to:
        raise DeliveryFailed(f"no e-mail address for {delivery.recipient.name}")
    msg = EmailMessage()
    msg["Subject"] = delivery.message.subject
    msg["From"] = query["from"]
    msg["To"] = to
    msg["Date"] = format_datetime(delivery.at)
    # The same id on every retry: a mail system that saw it once may drop the copy.
    msg["Message-ID"] = f"<{delivery.idempotency_key}@watchroom>"
    msg["X-Watchroom-Code"] = delivery.code
    msg["X-Watchroom-Idempotency-Key"] = delivery.idempotency_key
    msg.set_content(delivery.message.text)
    msg.add_alternative(delivery.message.html, subtype="html")
    return msg


def send_email(channel: Channel, delivery: Delivery) -> None:
    """Send the mail: ``tls=starttls`` (the default) upgrades the connection before the
    login and the message and refuses to go on in clear if the server cannot; ``tls=tls``
    (or ``smtps://``) speaks TLS from the start; ``tls=none`` is plain. The server's
    certificate is checked against the system's CAs, or the ``cafile=`` of the URL (a
    center's own CA)."""
    parts = urllib.parse.urlsplit(channel.url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    mode = "tls" if parts.scheme == "smtps" else query.get("tls", "starttls")
    msg = email_message(channel, delivery)
    host = parts.hostname or ""
    port = parts.port or (465 if mode == "tls" else 587 if mode == "starttls" else 25)
    user = urllib.parse.unquote(parts.username or "")
    cafile = query.get("cafile") or None
    try:
        context = ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise DeliveryFailed(f"SMTP cafile {cafile} unreadable "
                             f"({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
    step = "connect"
    try:
        smtp: smtplib.SMTP = (smtplib.SMTP_SSL(host, port, timeout=channel.timeout_s,
                                               context=context) if mode == "tls"
                              else smtplib.SMTP(host, port, timeout=channel.timeout_s))
        with smtp:
            if mode == "starttls":
                step = "starttls"
                smtp.starttls(context=context)
            if user:
                step = "login"
                if not channel.secret.isascii():  # smtplib would raise UnicodeEncodeError
                    raise DeliveryFailed(f"SMTP login as {user}: {NON_ASCII_PASSWORD}")
                smtp.login(user, channel.secret)
            step = "send"
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryFailed(f"SMTP login as {user} refused: {exc.smtp_code} "
                             f"{_smtp_text(exc.smtp_error)}".rstrip()) from None
    except smtplib.SMTPNotSupportedError:
        if step == "starttls":
            raise DeliveryFailed("SMTP server offers no STARTTLS: not sent in clear") from None
        raise DeliveryFailed(f"SMTP server offers no login for {user}") from None
    except smtplib.SMTPRecipientsRefused:
        raise DeliveryFailed(f"SMTP refused {msg['To']}") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(f"SMTP {exc.smtp_code} {_smtp_text(exc.smtp_error)}".rstrip()) \
            from None
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryFailed(f"SMTP server's certificate not trusted ({exc.verify_message}): "
                             "not sent; give its CA as cafile=") from None
    except ssl.SSLError as exc:
        raise DeliveryFailed(f"SMTP TLS failed ({exc.reason or type(exc).__name__}): "
                             "not sent") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"SMTP server unreachable ({type(exc).__name__})") from None


def _smtp_text(answer: bytes | str) -> str:
    """The first line of an SMTP server's answer, short."""
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return text.splitlines()[0][:80] if text else ""
