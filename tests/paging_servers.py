"""Real local servers for paging tests and the bench: an HTTP receiver recording every
request (webhook, robots, SMS gateway) and an aiosmtpd SMTP server recording every mail,
in the clear or behind STARTTLS / TLS with a login, on a certificate of a private CA."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

T = TypeVar("T")


def _wait_for(items: list[T], lock: threading.Lock, n: int, timeout: float) -> list[T]:
    """A copy of ``items`` once it holds ``n`` (or ``timeout`` seconds have passed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with lock:
            if len(items) >= n:
                return list(items)
        time.sleep(0.01)
    with lock:
        return list(items)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.perf_counter() when it arrived


@dataclass
class HttpReceiver:
    """Answers every request with ``status`` (and ``reply``) and records the ones it
    answered 2xx in ``requests`` (all of them in ``seen``). While ``holding`` it takes a
    request in (``seen``) and answers nothing until ``release()``: a sender waiting on
    it has sent and not yet heard back."""

    status: int = 200
    reply: bytes = b'{"errcode":0,"errmsg":"ok"}'
    requests: list[Received] = field(default_factory=list)
    seen: list[Received] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    holding: bool = False
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        """Stop holding: answer the held requests (if their sender is still there) and
        every one after them as usual."""
        with self.lock:
            self.holding = False
        self.released.set()

    def wait_seen(self, n: int, timeout: float = 10.0) -> list[Received]:
        """The requests taken in so far, once there are ``n`` (or the time is up)."""
        return _wait_for(self.seen, self.lock, n, timeout)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Received]:
        """The requests answered 2xx so far, once there are ``n`` (or the time is up)."""
        return _wait_for(self.requests, self.lock, n, timeout)


def _handler(receiver: HttpReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            got = Received(self.command, self.path, {k.lower(): v for k, v in
                                                     self.headers.items()}, body,
                           time.perf_counter())
            with receiver.lock:
                receiver.seen.append(got)
                held = receiver.holding
            if held:
                receiver.released.wait(300)
                self.close_connection = True
                return  # the sender died waiting, or gave up: it never hears back
            with receiver.lock:
                if receiver.status < 300:
                    receiver.requests.append(got)
                status, reply = receiver.status, receiver.reply
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_POST = _answer
        do_GET = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def http_receiver(port: int = 0) -> Iterator[HttpReceiver]:
    receiver = HttpReceiver()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (mechanism, user) tried
    encrypted: list[bool] = field(default_factory=list)  # per message: did it come over TLS
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, n: int, timeout: float = 10.0) -> list[EmailMessage]:
        return _wait_for(self.messages, self.lock, n, timeout)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        with self.lock:
            self.messages.append(msg)
            self.arrived.append(time.perf_counter())
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.encrypted.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class PrivateCA:
    """A certificate authority of the test's own (no system trusts it), its certificate
    written to ``cafile``, and a server context for 127.0.0.1 and localhost signed by it."""

    cafile: Path
    server_context: ssl.SSLContext


def private_ca(directory: Path) -> PrivateCA:
    ca = trustme.CA(organization_name="Watchroom test CA")
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    cafile = directory / "watchroom-test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return PrivateCA(cafile, context)


@contextmanager
def smtp_server(*, tls: ssl.SSLContext | None = None, implicit_tls: bool = False,
                login: tuple[str, str] | None = None,
                **controller_args: Any) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1. With ``tls`` it requires STARTTLS before anything
    else (or, ``implicit_tls``, speaks TLS from the first byte); with ``login`` (user,
    password) it offers AUTH LOGIN only, only over TLS, and takes no mail without it."""
    box = Mailbox()
    if tls is not None and implicit_tls:
        controller_args["ssl_context"] = tls
    elif tls is not None:
        controller_args.update(tls_context=tls, require_starttls=True)
    if login is not None:

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                          auth_data: Any) -> AuthResult:
            if not isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False)
            user = auth_data.login.decode()
            with box.lock:
                box.logins.append((mechanism, user))
            # handled=False: the server answers 535 itself when it is wrong.
            return AuthResult(success=(user, auth_data.password.decode()) == login,
                              handled=False)

        # aiosmtpd counts only STARTTLS as "TLS" for auth_require_tls; TLS from the first
        # byte is TLS all the same.
        controller_args.update(authenticator=authenticator, auth_required=True,
                               auth_require_tls=not implicit_tls,
                               auth_exclude_mechanism=["PLAIN"])
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), **controller_args)
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()
