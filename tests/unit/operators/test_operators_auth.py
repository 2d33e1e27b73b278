"""Operator passwords: argon2id hashes, sign-in, lockout, rehash, deactivation, and the
admin's operations on operators, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import NotFound, PermissionDenied, ValidationError
from console.operators import auth
from console.operators.service import BAD_CREDENTIALS, MAX_FAILED_SIGN_INS, sign_in_wait
from db.models import AuditEntry, Operator
from main import main

PASSWORD = "Rainy night shift 7"


def _hash_of(app: App, username: str) -> str | None:
    with app.db.read() as s:
        return s.scalar(select(Operator.password_hash).where(Operator.username == username))


def _audit(app: App, action: str) -> list[tuple[int, dict[str, object]]]:
    with app.db.read() as s:
        return [(op, json.loads(detail)) for op, detail in s.execute(
            select(AuditEntry.operator_id, AuditEntry.detail)
            .where(AuditEntry.entity == "operator", AuditEntry.action == action)
            .order_by(AuditEntry.id))]


@pytest.fixture
def admin(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN)


@pytest.fixture
def alice(app: App, admin: OperatorRef) -> OperatorRef:
    return app.operators.create(admin, "alice", "Alice Chen", Role.DUTY_OFFICER,
                                password=PASSWORD)


def test_the_stored_hash_is_argon2id_and_verifies(app: App, alice: OperatorRef) -> None:
    encoded = _hash_of(app, "alice")
    assert encoded is not None
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in encoded
    assert auth.verify_password(encoded, PASSWORD)
    assert not auth.verify_password(encoded, PASSWORD.lower())
    assert not auth.verify_password("not a hash", PASSWORD)
    # Two operators with the same password get different hashes (a random salt each).
    app.operators.create(app.operators.system(), "bob", "Bob", Role.REVIEWER,
                         password=PASSWORD)
    assert _hash_of(app, "bob") != encoded


def test_sign_in_returns_the_operator_and_is_audited(
        app: App, alice: OperatorRef, clock: FakeClock) -> None:
    assert app.sign_in("  Alice ", PASSWORD) == alice  # names are case-insensitive
    assert app.operator == alice
    accounts = {a.username: a for a in app.operators.accounts(app.operators.system())}
    assert accounts["alice"].last_sign_in_at == clock.now()
    assert _audit(app, "sign_in") == [(alice.id, {"username": "alice"})]


def test_wrong_password_and_unknown_name_get_the_same_answer(
        app: App, alice: OperatorRef, monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []
    real = auth.verify_password

    def spy(encoded: str, password: str) -> bool:
        verified.append(encoded)
        return real(encoded, password)
    monkeypatch.setattr(auth, "verify_password", spy)

    for name, password in (("alice", "wrong password"), ("nobody", PASSWORD),
                           ("engine", PASSWORD)):
        with pytest.raises(PermissionDenied) as refused:
            app.operators.authenticate(name, password)
        assert str(refused.value) == BAD_CREDENTIALS
    # Unknown names (and the engine, which has no password) cost a verification too, made
    # with the same parameters as a real one.
    assert not auth.needs_rehash(auth.dummy_hash())
    assert verified == [_hash_of(app, "alice"), auth.dummy_hash(), auth.dummy_hash()]
    before = app.operator
    with pytest.raises(PermissionDenied):
        app.sign_in("alice", "wrong password")
    assert app.operator == before  # a failed sign-in changes nobody
    assert [d["username"] for _, d in _audit(app, "sign_in_failed")] == ["alice", "alice"]


def test_repeated_wrong_passwords_slow_sign_in_down_but_lock_nobody_out(
        app: App, alice: OperatorRef, admin: OperatorRef, clock: FakeClock) -> None:
    for _ in range(MAX_FAILED_SIGN_INS):
        with pytest.raises(PermissionDenied, match=r"^Wrong operator name or password\.$"):
            app.operators.authenticate("alice", "guess")
    # Even the right password waits: 30 s after the fifth, doubling after each next one.
    with pytest.raises(PermissionDenied, match="wait 30 s before trying again"):
        app.operators.authenticate("alice", PASSWORD)
    clock.advance(timedelta(seconds=31))
    with pytest.raises(PermissionDenied, match=r"^Wrong operator name or password\.$"):
        app.operators.authenticate("alice", "guess again")
    with pytest.raises(PermissionDenied, match="wait 60 s"):
        app.operators.authenticate("alice", PASSWORD)
    assert sign_in_wait(40) == timedelta(minutes=15)  # never longer than this
    clock.advance(timedelta(seconds=61))
    assert app.operators.authenticate("alice", PASSWORD) == alice
    # An administrator sees the wait and clears it at once.
    for _ in range(MAX_FAILED_SIGN_INS):
        with pytest.raises(PermissionDenied):
            app.operators.authenticate("alice", "guess")
    account = next(a for a in app.operators.accounts(admin) if a.username == "alice")
    assert account.locked_until is not None
    app.operators.clear_sign_in_wait(admin, "alice")
    assert app.operators.authenticate("alice", PASSWORD) == alice


def test_unknown_and_known_names_get_the_same_answers(
        app: App, alice: OperatorRef, clock: FakeClock) -> None:
    def answers(name: str) -> list[str]:
        said = []
        for _ in range(MAX_FAILED_SIGN_INS + 1):
            with pytest.raises(PermissionDenied) as refused:
                app.operators.authenticate(name, "guess")
            said.append(str(refused.value))
        return said

    assert answers("alice") == answers("nobody-here")
    clock.advance(timedelta(hours=1))
    assert app.operators.authenticate("alice", PASSWORD) == alice


def test_a_hash_with_old_parameters_is_rehashed_at_the_next_sign_in(
        app: App, alice: OperatorRef) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with app.db.write.begin() as s:
        s.execute(text("UPDATE operators SET password_hash = :h WHERE username = 'alice'"),
                  {"h": weak})
    assert auth.needs_rehash(weak)

    assert app.operators.authenticate("alice", PASSWORD) == alice

    renewed = _hash_of(app, "alice")
    assert renewed is not None
    assert renewed != weak
    assert not auth.needs_rehash(renewed)
    assert app.operators.authenticate("alice", PASSWORD) == alice


def test_a_deactivated_operator_cannot_sign_in_nor_act_on_the_command_line(
        app: App, alice: OperatorRef, admin: OperatorRef) -> None:
    app.operators.set_active(admin, "alice", False)
    with pytest.raises(PermissionDenied, match="deactivated"):
        app.operators.authenticate("alice", PASSWORD)
    with pytest.raises(PermissionDenied, match=f"^{BAD_CREDENTIALS}$"):
        app.operators.authenticate("alice", "wrong")  # says nothing without the password
    with pytest.raises(PermissionDenied, match="deactivated"):
        app.act_as("alice")
    assert "alice" not in {o.username for o in app.operators.active_people()}
    app.operators.set_active(admin, "alice", True)
    assert app.operators.authenticate("alice", PASSWORD) == alice


def test_passwords_are_never_stored_in_clear(
        app: App, alice: OperatorRef, admin: OperatorRef, db_url: str) -> None:
    app.sign_in("alice", PASSWORD)
    with pytest.raises(PermissionDenied):
        app.sign_in("alice", "Wrong but secret 9")
    app.operators.set_password(admin, "alice", "Second secret 42")
    app.operators.create(admin, "carol", "Carol", Role.COORDINATOR, password="Third secret 8")
    secrets = (PASSWORD, "Wrong but secret 9", "Second secret 42", "Third secret 8")
    with app.db.read() as s:
        tables = [t for t in ("operators", "audit_log", "changes")]
        dumped = io.StringIO()
        for table in tables:
            for row in s.execute(text(f"SELECT * FROM {table}")):
                dumped.write(repr(tuple(row)))
    assert not [p for p in secrets if p in dumped.getvalue()]
    if db_url.startswith("sqlite"):
        app.close()
        path = Path(db_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert raw
        assert not [p for p in secrets if p.encode() in raw]


def test_password_rules(app: App, admin: OperatorRef, alice: OperatorRef) -> None:
    for bad, why in (("short", "at least 8"), (" padded password ", "spaces"),
                     ("x" * 300, "at most")):
        with pytest.raises(ValidationError, match=why):
            app.operators.set_password(admin, "alice", bad)
    # An operator changes their own password with the current one; an admin needs none.
    with pytest.raises(ValidationError, match="current password"):
        app.operators.set_password(alice, "alice", "Brand new pass 1")
    with pytest.raises(PermissionDenied):
        app.operators.set_password(alice, "alice", "Brand new pass 1",
                                   current_password="wrong")
    app.operators.set_password(alice, "alice", "Brand new pass 1", current_password=PASSWORD)
    assert app.operators.authenticate("alice", "Brand new pass 1") == alice
    with pytest.raises(PermissionDenied, match="may not reset other operators' passwords"):
        app.operators.set_password(alice, admin.username, "Taking over 123")


def test_the_last_admin_stays_an_active_admin(app: App, admin: OperatorRef) -> None:
    with pytest.raises(ValidationError, match="last active admin"):
        app.operators.set_role(admin, admin.username, Role.COORDINATOR)
    with pytest.raises(ValidationError, match="last active admin"):
        app.operators.set_active(admin, admin.username, False)
    with pytest.raises(ValidationError, match="engine"):
        app.operators.set_role(admin, admin.username, Role.SYSTEM)
    second = app.operators.create(admin, "second.admin", "Second", Role.ADMIN)
    assert app.operators.set_role(admin, admin.username, Role.COORDINATOR).role is \
        Role.COORDINATOR
    assert app.operators.get(second.username).role is Role.ADMIN
    with pytest.raises(NotFound):
        app.operators.set_role(second, "engine", Role.ADMIN)  # the engine is no person


def test_first_admin_only_on_an_empty_database(empty_app: App) -> None:
    assert not empty_app.operators.has_people()
    first = empty_app.operators.create_first_admin("Lead", "Lead Officer", PASSWORD)
    assert (first.username, first.role) == ("lead", Role.ADMIN)
    assert empty_app.operators.authenticate("lead", PASSWORD) == first
    with pytest.raises(PermissionDenied, match="already has operators"):
        empty_app.operators.create_first_admin("second", "Second", PASSWORD)


# ---- the command line ----------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str,
         *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_first_admin_then_operators_with_passwords(
        empty_app: App, db_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    empty_app.close()
    code, _, err = _cli(capsys, monkeypatch, f"{PASSWORD}\n", "operator", "add", "lead",
                        "--role", "duty_officer", "--password-stdin", "--db", db_url)
    assert (code, err.strip()) == (1, "error: the first operator of a database is its "
                                      "admin: use --role admin")
    code, out, err = _cli(capsys, monkeypatch, f"{PASSWORD}\n", "operator", "add", "lead",
                          "--role", "admin", "--name", "Lead Officer", "--password-stdin",
                          "--db", db_url)
    assert code == 0, err
    assert "Added lead (Lead Officer) as admin" in out
    # The CLI trusts --operator like it trusts access to the database file.
    code, out, err = _cli(capsys, monkeypatch, "Officer pass 12\n", "operator", "add", "li",
                          "--role", "duty_officer", "--password-stdin", "--operator", "lead",
                          "--db", db_url)
    assert code == 0, err
    code, _, err = _cli(capsys, monkeypatch, "Whatever pass 1\n", "operator", "add", "x",
                        "--role", "admin", "--password-stdin", "--operator", "li",
                        "--db", db_url)
    assert code == 1
    assert "may not add operators" in err
    # A duty officer changes their own password: the current one first, then the new.
    code, out, err = _cli(capsys, monkeypatch, "Officer pass 12\nNew officer pass 3\n",
                          "operator", "passwd", "li", "--password-stdin", "--operator", "li",
                          "--db", db_url)
    assert code == 0, err
    code, out, err = _cli(capsys, monkeypatch, "", "operator", "list", "--operator", "lead",
                          "--db", db_url)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["OPERATOR", "NAME", "ROLE", "STATUS", "PASSWORD", "LAST",
                                "SIGN-IN"]
    assert [line.split()[0] for line in lines[1:]] == ["lead", "li"]
    assert "duty officer" in lines[2]
    assert "active" in lines[2]
    assert "set" in lines[2]

    from console.app import open_app

    again = open_app(db_url)
    try:
        assert again.operators.authenticate("li", "New officer pass 3").role is \
            Role.DUTY_OFFICER
    finally:
        again.close()


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


def test_cli_password_prompt_must_match(
        app: App, admin: OperatorRef, db_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["First try pass 1", "Second try pass 2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    terminal = _Terminal("")
    monkeypatch.setattr("sys.stdin", terminal)
    code = main(["operator", "add", "dora", "--role", "reviewer", "--operator",
                 admin.username, "--db", db_url])
    err = capsys.readouterr().err
    assert code == 1
    assert "the two passwords differ" in err
    assert "dora" not in {o.username for o in app.operators.list()}


def test_migration_0009_adds_sign_in_columns_and_removes_them_again(
        db_url: str, clock: FakeClock) -> None:
    from alembic import command
    from sqlalchemy import inspect as schema

    from db.database import Database
    from db.migrate import alembic_config

    db = Database(db_url)
    try:
        config = alembic_config()

        def to(step: str, revision: str) -> None:
            with db.engine.begin() as conn:
                config.attributes["connection"] = conn
                getattr(command, step)(config, revision)

        def columns() -> set[str]:
            return {c["name"] for c in schema(db.engine).get_columns("operators")}

        to("upgrade", "0008")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO operators (username, display_name, role, active, "
                              "created_at) VALUES ('old.hand', 'Old Hand', 'duty_officer', "
                              ":yes, :now)"), {"yes": True, "now": clock.now()})
        to("upgrade", "0009")
        added = {"password_hash", "password_changed_at", "failed_attempts", "locked_until",
                 "last_sign_in_at"}
        assert added <= columns()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT password_hash, failed_attempts FROM operators "
                                    "WHERE username = 'old.hand'")).one()
        assert tuple(row) == (None, 0)  # kept, and must be given a password to sign in
        to("downgrade", "0008")
        assert not added & columns()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM operators")).scalar() == 1
    finally:
        db.close()
