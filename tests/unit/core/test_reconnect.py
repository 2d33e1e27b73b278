"""A lost database connection: multi-host URLs, no dead pooled connection handed out, a
transaction retried once when it broke before COMMIT (never after), and a plain message
and "reconnecting" meanwhile."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from console.app import App
from console.core.change_notifier import libpq_conninfo
from console.core.domain import OperatorRef
from console.core.errors import DatabaseUnavailable, WatchroomError
from db.database import ConnectionLost, Database, retry_if_lost
from db.engine import pg_servers, pg_url
from db.models import Case
from tests.pg_only import postgres_only

PAIR = "postgresql+psycopg://watchroom@/watchroom?host=10.0.0.1:5432,10.0.0.2:5433"


# ---- the URL a seat is given ------------------------------------------------------------

@pytest.mark.parametrize("url", [
    PAIR,
    "postgresql+psycopg://watchroom@/watchroom?host=10.0.0.1:5432&host=10.0.0.2:5433",
    "postgresql+psycopg://watchroom@/watchroom?host=10.0.0.1,10.0.0.2&port=5432,5433",
])
def test_every_form_of_a_multi_host_url_names_both_servers_and_lands_on_the_primary(
        url: str) -> None:
    assert pg_servers(url) == ["10.0.0.1:5432", "10.0.0.2:5433"]
    assert pg_url(url).query["target_session_attrs"] == "read-write"
    conninfo = psycopg.conninfo.conninfo_to_dict(libpq_conninfo(url, application_name="t"))
    assert conninfo["host"] == "10.0.0.1,10.0.0.2"
    assert conninfo["port"] == "5432,5433"
    assert conninfo["target_session_attrs"] == "read-write"
    assert conninfo["keepalives"] == "1"
    assert conninfo["application_name"] == "t"


def test_a_url_keeps_what_it_says_and_one_server_gets_no_session_attrs() -> None:
    one = pg_url("postgresql+psycopg://w@db.lan:5433/x?keepalives_idle=30")
    assert "target_session_attrs" not in one.query
    assert one.query["keepalives_idle"] == "30"
    assert one.query["connect_timeout"] == "5"
    chosen = pg_url(PAIR + "&target_session_attrs=primary")
    assert chosen.query["target_session_attrs"] == "primary"


def test_the_status_bar_names_both_servers() -> None:
    db = Database(PAIR)
    try:
        assert db.describe() == "PostgreSQL 10.0.0.1:5432,10.0.0.2:5433/watchroom"
        assert not db.reconnecting
    finally:
        db.close()


# ---- retried once, and only before COMMIT -----------------------------------------------

def _flaky(failures: list[ConnectionLost]) -> tuple[list[int], Any]:
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "done"
    return calls, call


def test_a_call_that_lost_its_connection_before_commit_runs_once_more() -> None:
    calls, call = _flaky([ConnectionLost("server closed", commit_sent=False)])
    assert retry_if_lost(call) == "done"
    assert len(calls) == 2


def test_only_once_more() -> None:
    calls, call = _flaky([ConnectionLost("refused", commit_sent=False)] * 2)
    with pytest.raises(ConnectionLost):
        retry_if_lost(call)
    assert len(calls) == 2


def test_a_call_whose_commit_was_sent_is_never_run_again() -> None:
    calls, call = _flaky([ConnectionLost("server closed", commit_sent=True)])
    with pytest.raises(ConnectionLost, match="may or may not have been saved") as caught:
        retry_if_lost(call)
    assert caught.value.commit_sent
    assert len(calls) == 1


def test_a_nested_call_leaves_the_retry_to_the_outermost() -> None:
    inner_calls, inner = _flaky([ConnectionLost("server closed", commit_sent=False)])
    outer_calls: list[int] = []

    def outer() -> str:
        outer_calls.append(1)
        return retry_if_lost(inner)
    assert retry_if_lost(outer) == "done"
    assert (len(outer_calls), len(inner_calls)) == (2, 2)


def test_the_console_shows_it_as_a_domain_error() -> None:
    error = DatabaseUnavailable("server closed", commit_sent=False)
    assert isinstance(error, WatchroomError)
    assert isinstance(error, ConnectionLost)
    assert "nothing was saved" in str(error)


# ---- against a real server ---------------------------------------------------------------

def _admin(app: App, dbname: str | None = None) -> psycopg.Connection[tuple[Any, ...]]:
    conninfo = libpq_conninfo(app.db.url, application_name="test-admin")
    if dbname is not None:
        conninfo = psycopg.conninfo.make_conninfo(conninfo, dbname=dbname)
    return psycopg.connect(conninfo, autocommit=True)


def _terminate_pool(app: App) -> int:
    """End every server session of ``app``'s pool (as a server restart would)."""
    with _admin(app, dbname="postgres") as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name NOT LIKE 'test-%%'",
            (make_url(app.db.url).database,)).fetchone()
    return int(row[0]) if row else 0


def _report(app: App, officer: OperatorRef, title: str) -> str:
    return app.cases.report(officer, title=title, category="fire", severity=1,
                            grid="XH-02").reference


def _count(app: App, title: str) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).select_from(Case).where(Case.title == title)) or 0


@pytest.fixture
def kill_backend_on(app: App) -> Iterator[list[str]]:
    """Append "insert" or "commit": the next such step of ``app`` finds its server
    session terminated just before it reaches the server."""
    pending: list[str] = []

    def kill(conn: Any) -> None:
        pid = conn.connection.dbapi_connection.info.backend_pid
        with _admin(app) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))

    def before_execute(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if "insert" in pending and statement.startswith("INSERT INTO cases"):
            pending.remove("insert")
            kill(conn)

    def before_commit(conn: Any) -> None:
        if "commit" in pending:
            pending.remove("commit")
            kill(conn)

    event.listen(app.db.engine, "before_cursor_execute", before_execute)
    event.listen(app.db.engine, "commit", before_commit)
    yield pending
    event.remove(app.db.engine, "before_cursor_execute", before_execute)
    event.remove(app.db.engine, "commit", before_commit)


@postgres_only
def test_no_dead_pooled_connection_is_handed_out(app: App, officer: OperatorRef) -> None:
    _report(app, officer, "Before the restart")
    assert _terminate_pool(app) >= 1
    _report(app, officer, "After the restart")
    assert _count(app, "After the restart") == 1
    assert not app.reconnecting


@postgres_only
def test_a_write_that_lost_its_connection_before_commit_is_retried_once(
        app: App, officer: OperatorRef, kill_backend_on: list[str]) -> None:
    kill_backend_on.append("insert")
    reference = _report(app, officer, "Smoke in the stairwell")
    assert kill_backend_on == []  # the first attempt did lose its connection
    assert _count(app, "Smoke in the stairwell") == 1
    with app.db.read() as s:
        assert s.scalar(select(Case.title).where(Case.reference == reference)) \
            == "Smoke in the stairwell"


@postgres_only
def test_a_write_that_lost_its_connection_at_commit_is_not_retried(
        app: App, officer: OperatorRef, kill_backend_on: list[str]) -> None:
    kill_backend_on.append("commit")
    with pytest.raises(DatabaseUnavailable, match="may or may not have been saved"):
        _report(app, officer, "Gas smell at the market")
    # The server ended the session before COMMIT arrived: nothing, and never twice.
    assert _count(app, "Gas smell at the market") == 0


@postgres_only
def test_an_unreachable_server_is_a_plain_message_and_reconnecting_until_it_is_back(
        app: App, officer: OperatorRef) -> None:
    database = make_url(app.db.url).database
    with _admin(app, dbname="postgres") as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        try:
            _terminate_pool(app)
            with pytest.raises(DatabaseUnavailable, match="nothing was saved"):
                _report(app, officer, "Water main burst")
            assert app.reconnecting
            assert app.changes.since(0) == []  # a poll says "nothing yet", no error
        finally:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    _report(app, officer, "Water main burst")
    assert not app.reconnecting
    assert _count(app, "Water main burst") == 1


@postgres_only
def test_the_command_line_takes_a_url_whose_first_server_is_down(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    url = make_url(db_url)
    down = socket.socket()  # a port nobody listens on: refused at once, like a dead primary
    down.bind(("127.0.0.1", 0))
    port = down.getsockname()[1]
    down.close()
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    both = url.set(host=None, port=None, query={"host": f"127.0.0.1:{port},{server}"})
    both_text = both.render_as_string(hide_password=False)
    assert main(["migrate", "--db", both_text]) == 0
    assert "revision:" in capsys.readouterr().out
