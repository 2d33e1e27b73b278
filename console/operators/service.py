"""Operators: who is acting, and the checks on what their role lets them do."""

from __future__ import annotations

import builtins
import getpass
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import NotFound, PermissionDenied, ValidationError
from console.core.journal import record
from console.core.local_time import stamp_text
from console.core.reconnect import retries_lost_connection
from console.operators import auth
from console.reports.wording import ENGLISH, ReportWords
from db.database import Database
from db.models import Operator, SignInThrottle

SYSTEM_USERNAME = "engine"
# The password hash of a simulated operator (the demo feed's): not a hash, never matches.
SIMULATED_HASH = "!simulated"
# An intake API token's operator (``api:NAME``, console/intake/tokens.py): not a person,
# so not in the lists of people (sign-in, Operators dialog, pickers). A person's name
# cannot hold a colon.
TOKEN_OPERATOR_PREFIX = "api:"
PERSON = ~Operator.username.startswith(TOKEN_OPERATOR_PREFIX)

# After this many wrong passwords in a row the operator is locked out for LOCKOUT.
MAX_FAILED_SIGN_INS = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)


def sign_in_wait(failures: int) -> timedelta:
    """How long the next try of a name waits after ``failures`` wrong passwords in a row:
    nothing for the first few, then 30 s doubling up to 15 minutes."""
    if failures < MAX_FAILED_SIGN_INS:
        return timedelta(0)
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - MAX_FAILED_SIGN_INS))


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{-(-seconds // 60)} min"

BAD_CREDENTIALS = "Wrong operator name or password."

# The roles a person can hold (the engine's SYSTEM role is never given to a person).
PERSON_ROLES = (Role.DUTY_OFFICER, Role.COORDINATOR, Role.REVIEWER, Role.ADMIN)
# Roles that may add operators, change roles, deactivate, reset passwords.
OPERATOR_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})

# Roles that may change cases (report, advance, pause, note).
CASE_WRITERS = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
# Roles that may put a case under supervision (督办).
SUPERVISORS = frozenset({Role.COORDINATOR, Role.ADMIN})
# Roles that may change the territory: areas, grids, basemaps, the address registry.
TERRITORY_ADMINS = frozenset({Role.ADMIN, Role.SYSTEM})


def _ref(op: Operator) -> OperatorRef:
    return OperatorRef(op.id, op.username, op.display_name, Role(op.role))


@dataclass(frozen=True, slots=True)
class OperatorAccount:
    """An operator as the admin's Operators dialog lists it (no hash ever leaves here)."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    has_password: bool
    password_changed_at: datetime | None
    last_sign_in_at: datetime | None
    locked_until: datetime | None

    @property
    def ref(self) -> OperatorRef:
        return OperatorRef(self.id, self.username, self.display_name, self.role)


def _account(op: Operator) -> OperatorAccount:
    return OperatorAccount(
        id=op.id, username=op.username, display_name=op.display_name, role=Role(op.role),
        active=op.active, has_password=op.password_hash is not None,
        password_changed_at=op.password_changed_at, last_sign_in_at=op.last_sign_in_at,
        locked_until=op.locked_until,
    )


def require_role(actor: OperatorRef, allowed: frozenset[Role], what: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds one of ``allowed``."""
    if actor.role not in allowed:
        roles = ", ".join(
            sorted(r.value.replace("_", " ") for r in allowed if r is not Role.SYSTEM))
        raise PermissionDenied(
            f"{actor.display_name} ({actor.role.value.replace('_', ' ')}) may not {what}; "
            f"that needs: {roles}."
        )


@retries_lost_connection
class OperatorService:
    """Looks up operators and provides the engine's own system operator."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def get(self, username: str) -> OperatorRef:
        with self._db.read() as s:
            op = s.scalars(select(Operator).where(Operator.username == username)).one_or_none()
            if op is None:
                raise NotFound(f"No operator named {username!r}.")
            return _ref(op)

    def by_id(self, operator_id: int) -> OperatorRef:
        with self._db.read() as s:
            op = s.get(Operator, operator_id)
            if op is None:
                raise NotFound(f"No operator with id {operator_id}.")
            return _ref(op)

    def list(self) -> list[OperatorRef]:
        with self._db.read() as s:
            rows = s.scalars(
                select(Operator).where(Operator.role != Role.SYSTEM.value, PERSON)
                .order_by(Operator.id)
            )
            return [_ref(op) for op in rows]

    def system(self) -> OperatorRef:
        """The operator the escalation engine and imports act as; created on first use.

        Read first: every console start asks, and a write transaction would take SQLite's
        write lock (and queue behind other seats) for nothing."""
        with self._db.read() as s:
            existing = s.scalars(
                select(Operator).where(Operator.username == SYSTEM_USERNAME)
            ).one_or_none()
            if existing is not None:
                return _ref(existing)
        with self._db.write.begin() as s:
            op = s.scalars(
                select(Operator).where(Operator.username == SYSTEM_USERNAME)
            ).one_or_none()
            if op is None:
                op = Operator(
                    username=SYSTEM_USERNAME,
                    display_name="Escalation engine",
                    role=Role.SYSTEM.value,
                    active=True,
                    created_at=self._clock.now(),
                )
                s.add(op)
                s.flush()
            return _ref(op)

    def simulated(self, username: str, display_name: str, role: Role) -> OperatorRef:
        """An account a simulation acts as (the demo's feed), created on first use: it
        holds a password hash that never matches, so nobody signs in as it and the demo's
        password is never given to it; the audit log and the handover credit it, not a
        person, with the work it does."""
        if role not in (Role.DUTY_OFFICER, Role.COORDINATOR):
            raise ValidationError("A simulated operator is a duty officer or a coordinator.",
                                  "role")
        with self._db.read() as s:
            existing = s.scalars(
                select(Operator).where(Operator.username == username)).one_or_none()
            if existing is not None:
                if existing.password_hash != SIMULATED_HASH:
                    raise ValidationError(
                        f"Operator {username!r} is a person, not a simulated operator.",
                        "username")
                return _ref(existing)
        now = self._clock.now()
        system = self.system()
        with self._db.write.begin() as s:
            op = Operator(username=username, display_name=display_name, role=role.value,
                          active=True, created_at=now, password_hash=SIMULATED_HASH,
                          password_changed_at=None, failed_attempts=0)
            s.add(op)
            s.flush()
            record(s, actor=system, at=now, entity="operator", entity_id=op.id,
                   action="create", detail={"username": username, "role": role,
                                            "simulated": True}, op="insert")
            return _ref(op)

    def create(
        self, actor: OperatorRef, username: str, display_name: str, role: Role,
        *, password: str | None = None,
    ) -> OperatorRef:
        """Add an operator (admins only); without ``password`` they cannot sign in to the
        GUI until one is set (``set_password``)."""
        require_role(actor, OPERATOR_ADMINS, "add operators")
        username = username.strip().lower()
        if not username or not username.replace(".", "").replace("_", "").isalnum():
            raise ValidationError(
                f"Operator name {username!r} must be letters, digits, '.' or '_'.", "username"
            )
        if role is Role.SYSTEM and actor.role is not Role.SYSTEM:
            raise ValidationError("The system role belongs to the engine, not to a person.",
                                  "role")
        encoded = None
        if password is not None:
            auth.check_password_policy(password)
            encoded = auth.hash_password(password)
        now = self._clock.now()
        with self._db.write.begin() as s:
            exists = s.scalar(select(func.count()).where(Operator.username == username))
            if exists:
                raise ValidationError(f"Operator {username!r} already exists.", "username")
            op = Operator(
                username=username,
                display_name=display_name.strip() or username,
                role=role.value,
                active=True,
                created_at=now,
                password_hash=encoded,
                password_changed_at=now if encoded else None,
                failed_attempts=0,
            )
            s.add(op)
            s.flush()
            ref = _ref(op)
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="create", detail={"username": username, "role": role,
                                            "password_set": encoded is not None},
                   op="insert")
            return ref

    # -- sign-in ------------------------------------------------------------------------

    def has_people(self) -> bool:
        """Whether any person (not the engine) exists: false on a brand-new database."""
        with self._db.read() as s:
            return bool(s.scalar(
                select(func.count()).where(Operator.role != Role.SYSTEM.value)))

    def create_first_admin(self, username: str, display_name: str, password: str) -> OperatorRef:
        """First run: the person installing the console becomes its admin. Refused as soon
        as anyone exists, so this cannot be used to add a second admin."""
        if self.has_people():
            raise PermissionDenied(
                "This database already has operators; an admin adds new ones.")
        return self.create(self.system(), username, display_name, Role.ADMIN,
                           password=password)

    def authenticate(self, username: str, password: str) -> OperatorRef:
        """The operator whose name and password these are, or ``PermissionDenied``.

        Every refusal reads the same for a name that exists and one that does not, and
        takes as long (unknown names are checked against a dummy hash). Wrong passwords
        are counted per typed name: from the ``MAX_FAILED_SIGN_INS``-th on, each next try
        waits longer (30 s, doubling, at most 15 min) — guessing slows down, but nobody
        can lock an administrator out for good; an administrator sees the wait in the
        Operators dialog and clears it. A successful sign-in is audited, clears the count
        and re-hashes the password if the hashing parameters have been raised since.
        """
        name = username.strip().lower()
        now = self._clock.now()
        with self._db.read() as s:
            op = s.scalars(select(Operator).where(Operator.username == name)).one_or_none()
            found = (op is not None and op.role != Role.SYSTEM.value
                     and op.password_hash not in (None, SIMULATED_HASH))
            encoded = op.password_hash if found and op is not None else None
            active = bool(op.active) if op is not None else False
            op_id = op.id if op is not None else 0
            throttle = s.get(SignInThrottle, name)
            wait_until = throttle.wait_until if throttle is not None else None
        if wait_until is not None and wait_until > now:
            auth.verify_password(auth.dummy_hash(), password)
            seconds = max(1, int((wait_until - now).total_seconds() + 0.999))
            raise PermissionDenied(
                f"Too many wrong passwords for this name: wait {_wait_text(seconds)} before "
                "trying again, or ask an administrator.")
        if encoded is None:
            auth.verify_password(auth.dummy_hash(), password)  # as long as a real check
            ok = False
        else:
            ok = auth.verify_password(encoded, password)
        if ok and not active:
            raise PermissionDenied(
                f"Operator {name!r} has been deactivated; ask an admin to reactivate it.")
        system = self.system() if not ok else None
        with self._db.write.begin() as s:
            row = s.get(Operator, op_id) if encoded is not None else None
            if ok and row is not None:
                row.failed_attempts = 0
                row.locked_until = None
                row.last_sign_in_at = now
                if auth.needs_rehash(encoded or ""):
                    row.password_hash = auth.hash_password(password)
                held = s.get(SignInThrottle, name)
                if held is not None:
                    s.delete(held)
                ref = _ref(row)
                record(s, actor=ref, at=now, entity="operator", entity_id=row.id,
                       action="sign_in", detail={"username": row.username})
                return ref
            assert system is not None
            held = s.get(SignInThrottle, name)
            if held is None:
                held = SignInThrottle(username=name[:64], failures=0)
                s.add(held)
            held.failures += 1
            held.wait_until = now + sign_in_wait(held.failures)
            if row is not None:
                row.failed_attempts = held.failures
                row.locked_until = held.wait_until if held.wait_until > now else None
                record(s, actor=system, at=now, entity="operator", entity_id=row.id,
                       action="sign_in_failed", detail={"username": row.username,
                                                        "failures": held.failures})
        raise PermissionDenied(BAD_CREDENTIALS)

    def clear_sign_in_wait(self, actor: OperatorRef, username: str) -> None:
        """An administrator lets ``username`` try again at once."""
        require_role(actor, OPERATOR_ADMINS, "clear a sign-in wait")
        name = username.strip().lower()
        now = self._clock.now()
        with self._db.write.begin() as s:
            held = s.get(SignInThrottle, name)
            if held is not None:
                s.delete(held)
            op = s.scalars(select(Operator).where(Operator.username == name)).one_or_none()
            if op is None:
                raise NotFound(f"No operator named {name!r}.")
            op.failed_attempts = 0
            op.locked_until = None
            held = s.get(SignInThrottle, op.username)
            if held is not None:
                s.delete(held)
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="clear_sign_in_wait", detail={"username": name})

    def give_demo_passwords(self) -> int:
        """Demo database only: every person without a password gets ``auth.DEMO_PASSWORD``
        (README, "Operators and roles"). Returns how many were given one."""
        now = self._clock.now()
        with self._db.read() as s:
            missing = s.scalar(select(func.count()).where(
                Operator.role != Role.SYSTEM.value, Operator.password_hash.is_(None))) or 0
        if not missing:
            return 0
        system = self.system()
        encoded = auth.demo_password_hash()
        with self._db.write.begin() as s:
            rows = s.scalars(select(Operator).where(
                Operator.role != Role.SYSTEM.value, Operator.password_hash.is_(None))).all()
            for op in rows:
                op.password_hash = encoded
                op.password_changed_at = now
                record(s, actor=system, at=now, entity="operator", entity_id=op.id,
                       action="password_set", detail={"username": op.username, "demo": True})
            return len(rows)

    # -- administration -----------------------------------------------------------------

    def accounts(self, actor: OperatorRef) -> builtins.list[OperatorAccount]:
        """Every person with sign-in details, for the admin's Operators dialog."""
        require_role(actor, OPERATOR_ADMINS, "manage operators")
        with self._db.read() as s:
            rows = s.scalars(
                select(Operator).where(Operator.role != Role.SYSTEM.value, PERSON)
                .order_by(Operator.id)
            )
            return [_account(op) for op in rows]

    def active_people(self) -> builtins.list[OperatorRef]:
        """Active persons, for the sign-in dialog's list of names."""
        with self._db.read() as s:
            rows = s.scalars(
                select(Operator)
                .where(Operator.role != Role.SYSTEM.value, PERSON, Operator.active.is_(True))
                .order_by(Operator.id)
            )
            return [_ref(op) for op in rows]

    def set_password(
        self, actor: OperatorRef, username: str, new_password: str,
        *, current_password: str | None = None,
    ) -> None:
        """Set ``username``'s password: an admin for anyone (and it lifts a lockout), an
        operator for themself with their current password."""
        name = username.strip().lower()
        own = actor.username == name and actor.role is not Role.SYSTEM
        if not own:
            require_role(actor, OPERATOR_ADMINS, "reset other operators' passwords")
        auth.check_password_policy(new_password)
        if own and actor.role is not Role.ADMIN:
            if current_password is None:
                raise ValidationError("Give your current password to change it.",
                                      "current_password")
            self.authenticate(name, current_password)
        encoded = auth.hash_password(new_password)
        now = self._clock.now()
        with self._db.write.begin() as s:
            op = self._person(s, name)
            op.password_hash = encoded
            op.password_changed_at = now
            op.failed_attempts = 0
            op.locked_until = None
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="password_set", detail={"username": name})

    def set_role(self, actor: OperatorRef, username: str, role: Role) -> OperatorRef:
        """Give ``username`` another role (admins only; never leaves no active admin)."""
        require_role(actor, OPERATOR_ADMINS, "change operators' roles")
        if role not in PERSON_ROLES:
            raise ValidationError("The system role belongs to the engine, not to a person.",
                                  "role")
        now = self._clock.now()
        with self._db.write.begin() as s:
            op = self._person(s, username.strip().lower())
            old = Role(op.role)
            if old is role:
                return _ref(op)
            if old is Role.ADMIN and op.active:
                self._keep_an_admin(s, op, "take the admin role from")
            op.role = role.value
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="role", detail={"username": op.username, "from": old, "to": role})
            return _ref(op)

    def set_active(self, actor: OperatorRef, username: str, active: bool) -> OperatorRef:
        """Deactivate (cannot sign in, history kept) or reactivate an operator (admins)."""
        require_role(actor, OPERATOR_ADMINS,
                     "deactivate operators" if not active else "reactivate operators")
        now = self._clock.now()
        with self._db.write.begin() as s:
            op = self._person(s, username.strip().lower())
            if op.active == active:
                return _ref(op)
            if not active and Role(op.role) is Role.ADMIN:
                self._keep_an_admin(s, op, "deactivate")
            op.active = active
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="activate" if active else "deactivate",
                   detail={"username": op.username})
            return _ref(op)

    @staticmethod
    def _person(s: Session, username: str) -> Operator:
        op = s.scalars(select(Operator).where(Operator.username == username)).one_or_none()
        if op is None or op.role == Role.SYSTEM.value:
            raise NotFound(f"No operator named {username!r}.")
        return op

    @staticmethod
    def _keep_an_admin(s: Session, op: Operator, what: str) -> None:
        others = s.scalar(select(func.count()).where(
            Operator.role == Role.ADMIN.value, Operator.active.is_(True), Operator.id != op.id))
        if not others:
            raise ValidationError(
                f"Cannot {what} {op.username!r}: they are the last active admin.", "role")

    def local_operator(self, username: str | None = None) -> OperatorRef:
        """The operator a local command line acts as (trusted like access to the files).

        An existing active operator by that name (default: the login name) is used as
        is. On a database with no people yet, the first one is created as admin: whoever
        installs the console administers it. Otherwise an unknown or deactivated name is
        refused.
        """
        name = (username or getpass.getuser() or "operator").strip().lower()
        with self._db.read() as s:
            op = s.scalars(select(Operator).where(Operator.username == name)).one_or_none()
            if op is not None:
                if op.role == Role.SYSTEM.value:
                    raise PermissionDenied(
                        f"{name!r} is the console's own system identity (the engine's); "
                        "the command line acts as a person: use --operator with your "
                        "operator name.")
                if not op.active:
                    raise PermissionDenied(f"Operator {name!r} has been deactivated.")
                return _ref(op)
            people = s.scalar(
                select(func.count()).where(Operator.role != Role.SYSTEM.value)
            ) or 0
        if people:
            raise NotFound(
                f"No operator named {name!r} in this database; "
                f"use --operator with one of: {', '.join(o.username for o in self.list())}."
            )
        return self.create(self.system(), name, name, Role.ADMIN)


def operator_lines(accounts: builtins.list[OperatorAccount], zone: tzinfo,
                   now: datetime | None = None,
                   words: ReportWords = ENGLISH) -> builtins.list[str]:
    """``main.py operator list``: one aligned line per operator (times in the center's
    zone); one slowed down by wrong passwords shows until when. In ``words``' language;
    columns line up on a terminal in Chinese too (a Chinese character takes two cells)."""
    translate = words.translate

    def when(at: datetime | None) -> str:
        return stamp_text(at, zone) if at is not None else translate("OperatorList", "never")

    rows = [(translate("OperatorList", "OPERATOR"), translate("OperatorList", "NAME"),
             translate("OperatorList", "ROLE"), translate("OperatorList", "STATUS"),
             translate("OperatorList", "PASSWORD"), translate("OperatorList", "LAST SIGN-IN"))]
    for a in accounts:
        status = (translate("OperatorList", "active") if a.active
                  else translate("OperatorList", "deactivated"))
        if now is not None and a.locked_until is not None and a.locked_until > now:
            status += translate("OperatorList", ", waits until {time}").format(
                time=stamp_text(a.locked_until, zone)[11:])
        rows.append((a.username, a.display_name, words.role(a.role.value), status,
                     translate("OperatorList", "set") if a.has_password
                     else translate("OperatorList", "none"), when(a.last_sign_in_at)))
    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell + " " * (w - cells(cell))
                      for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
