"""E-mail pages over STARTTLS and TLS with a login, against a real aiosmtpd server whose
certificate comes from a CA of the test's own: a page arrives encrypted when the channel
trusts that CA; a wrong password or a certificate nobody vouches for is a failed
delivery with a reason a person can act on, and nothing goes out in clear."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

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
)
from console.paging.messages import compose
from console.paging.sender import PagingSender
from console.paging.service import PageTestFailed
from tests.paging_servers import Mailbox, PrivateCA, private_ca, smtp_server
from tests.unit.paging.conftest import overdue_case

USER, PASSWORD = "watchroom", "correct horse battery"
TO = "duty@center.example"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> PrivateCA:
    return private_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def starttls_box(ca: PrivateCA) -> Iterator[Mailbox]:
    with smtp_server(tls=ca.server_context, login=(USER, PASSWORD)) as box:
        yield box


def _channel(url: str, secret: str = PASSWORD) -> Channel:
    return Channel(1, "mail", ChannelKind.EMAIL, url, secret, {}, 10, 0, 30)


def _send(channel: Channel) -> None:
    facts = {"subject": "case", "reference": "C-2026-000123", "title": "Gas smell",
             "grid": "XH-03", "stage": "registered", "late_min": 25}
    with httpx.Client() as http:  # unused by e-mail
        deliver(channel, Delivery(7, "K7XM3R", "watchroom-page-7-0",
                                  Recipient("张伟", email=TO), compose(facts, "K7XM3R", "zh"),
                                  datetime(2026, 11, 22, tzinfo=UTC), facts), http)


def test_starttls_and_login_with_the_centers_own_ca(ca: PrivateCA,
                                                    starttls_box: Mailbox) -> None:
    _send(_channel(f"smtp://{USER}@127.0.0.1:{starttls_box.port}?from=wr@center.example"
                   f"&tls=starttls&cafile={ca.cafile}"))
    [mail] = starttls_box.wait_for(1)
    assert starttls_box.encrypted == [True]
    assert starttls_box.logins == [("LOGIN", USER)]
    assert starttls_box.envelopes == [("wr@center.example", [TO])]
    assert "C-2026-000123" in mail["Subject"]
    assert mail["X-Watchroom-Code"] == "K7XM3R"


# aiosmtpd warns about AUTH without STARTTLS; with TLS from the first byte it is not.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_tls_from_the_first_byte(ca: PrivateCA) -> None:
    with smtp_server(tls=ca.server_context, implicit_tls=True,
                     login=(USER, PASSWORD)) as box:
        _send(_channel(f"smtps://{USER}@127.0.0.1:{box.port}?from=wr@center.example"
                       f"&cafile={ca.cafile}"))
        box.wait_for(1)
        assert box.encrypted == [True]
        assert box.logins == [("LOGIN", USER)]


def test_a_wrong_password_is_a_failed_delivery_saying_so(ca: PrivateCA,
                                                         starttls_box: Mailbox) -> None:
    url = (f"smtp://{USER}@127.0.0.1:{starttls_box.port}?from=wr@center.example"
           f"&cafile={ca.cafile}")
    with pytest.raises(DeliveryFailed) as failed:
        _send(_channel(url, secret="wrong"))
    assert failed.value.reason.startswith(f"SMTP login as {USER} refused: 535")
    assert starttls_box.logins == [("LOGIN", USER)]  # it did log in over TLS, and failed
    assert starttls_box.messages == []


def test_an_untrusted_certificate_is_refused_before_anything_is_sent(
        starttls_box: Mailbox, tmp_path: Path) -> None:
    # Without cafile= the system's CAs judge the certificate: none of them signed it.
    with pytest.raises(DeliveryFailed) as failed:
        _send(_channel(f"smtp://{USER}@127.0.0.1:{starttls_box.port}"
                       "?from=wr@center.example"))
    assert "certificate not trusted" in failed.value.reason
    assert "not sent" in failed.value.reason
    # Another CA's certificate is no better.
    other = private_ca(tmp_path)
    with pytest.raises(DeliveryFailed, match="certificate not trusted"):
        _send(_channel(f"smtp://{USER}@127.0.0.1:{starttls_box.port}"
                       f"?from=wr@center.example&cafile={other.cafile}"))
    # The password never crossed, nor did the mail.
    assert starttls_box.logins == []
    assert starttls_box.messages == []


def test_a_password_smtp_cannot_carry_is_refused_not_a_crash(
        app: App, admin: OperatorRef, ca: PrivateCA, starttls_box: Mailbox) -> None:
    url = (f"smtp://{USER}@127.0.0.1:{starttls_box.port}?from=wr@center.example"
           f"&cafile={ca.cafile}")
    with pytest.raises(ValidationError, match="ASCII only"):
        app.paging.add_channel(admin, "mail", "email", url, "密码123")
    # A channel stored before the check: a failed delivery, never an exception that
    # would stop the sender.
    with pytest.raises(DeliveryFailed, match="ASCII only"):
        _send(_channel(url, secret="密码123"))
    assert starttls_box.messages == []


def test_a_server_without_starttls_gets_nothing_in_clear(ca: PrivateCA) -> None:
    with smtp_server() as plain:
        with pytest.raises(DeliveryFailed) as failed:
            _send(_channel(f"smtp://{USER}@127.0.0.1:{plain.port}?from=wr@center.example"
                           f"&cafile={ca.cafile}"))
        assert failed.value.reason == "SMTP server offers no STARTTLS: not sent in clear"
        assert plain.messages == []


def test_a_missing_cafile_is_a_failed_delivery_not_a_crash(starttls_box: Mailbox,
                                                            tmp_path: Path) -> None:
    with pytest.raises(DeliveryFailed, match=r"cafile .* unreadable"):
        _send(_channel(f"smtp://{USER}@127.0.0.1:{starttls_box.port}"
                       f"?from=wr@center.example&cafile={tmp_path / 'nowhere.pem'}"))


def test_pages_through_the_service_arrive_or_fail_with_the_reason_in_the_log(
        app: App, clock: FakeClock, admin: OperatorRef, ca: PrivateCA,
        starttls_box: Mailbox, sender: PagingSender) -> None:
    base = f"127.0.0.1:{starttls_box.port}?from=wr@center.example&cafile={ca.cafile}"
    app.paging.add_channel(admin, "mail", "email", f"smtp://{USER}@{base}", PASSWORD,
                           rate_per_min=0)
    app.paging.add_channel(admin, "badmail", "email", f"smtp://{USER}@{base}", "guess",
                           rate_per_min=0)
    # The password is the secret: never shown back, not even masked in the URL.
    assert {c.name: c.secret_set for c in app.paging.channels()} == {"mail": True,
                                                                   "badmail": True}
    assert all(PASSWORD not in c.url for c in app.paging.channels())
    assert "sent" in app.paging.send_test(admin, "mail", TO)
    with pytest.raises(PageTestFailed, match="535"):
        app.paging.send_test(admin, "badmail", TO)

    app.paging.add_rule(admin, "escalation:2", f"address:{TO}", "mail")
    app.paging.add_rule(admin, "escalation:2", f"address:{TO}", "badmail")
    ref = overdue_case(app, clock, late=timedelta(minutes=20))
    outcomes = {o.action for o in sender.run_once()}
    assert outcomes == {"sent", "failed"}
    log = {e.channel: e for e in app.paging.log(case=ref)}
    assert log["mail"].status == "sent"
    assert log["badmail"].status == "failed"
    assert log["badmail"].last_error.startswith(f"SMTP login as {USER} refused: 535")
    assert len(starttls_box.wait_for(2)) == 2  # the test and the page, both over TLS
    assert starttls_box.encrypted == [True, True]
