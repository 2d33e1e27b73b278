"""The operator sheet: who may sign in to the console, with role and contact, never a
password. Each new operator is given a one-time password, shown once in the report.

``operators.csv``: ``username,display_name,role,phone,email,active``

- ``username``: letters, digits, ``.`` or ``_`` (stored in lower case); the operator's
  identity: a known one is updated, a new one added;
- ``role``: duty_officer, coordinator, reviewer or admin (``duty officer`` is read too);
- ``phone``: digits, spaces, ``-`` and an optional leading ``+``; ``email``: an address;
- ``active``: yes or no (default yes): a deactivated operator cannot sign in and keeps
  their history.

Passwords never travel in a sheet. A new operator gets a random one-time password, printed
once in the import report and stored only as its argon2id hash: hand it to them, and they
set their own (``main.py operator passwd NAME --operator NAME``; the console does not force
the change yet). With one-time passwords off (the demo, which gives every operator its own
password) a new operator cannot sign in until an admin sets a password. The last active
admin keeps the role. One transaction, one audit entry for the whole import.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.center.sheets import SheetReport, SheetRow, one_line, read_sheet, write_sheet
from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import ValidationError
from console.core.journal import record
from console.operators import auth
from console.operators.service import OPERATOR_ADMINS, PERSON_ROLES, SYSTEM_USERNAME, require_role
from console.rosters.shared import EMAIL, EMAIL_MAX, PHONE, PHONE_MAX
from db.database import Database
from db.models import Operator

OPERATOR_COLUMNS = ("username", "display_name", "role", "phone", "email", "active")
OPERATOR_REQUIRED = ("username",)
USERNAME = re.compile(r"^[a-z0-9._]+$")
NAME_MAX = 120
_YES = {"yes": True, "y": True, "true": True, "1": True, "是": True,
        "no": False, "n": False, "false": False, "0": False, "否": False}


def one_time_password() -> str:
    """A random password of 16 characters (about 95 bits), easy to read out: no 0/O, 1/l."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def _role(text: str) -> Role:
    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    for role in PERSON_ROLES:
        if role.value == value:
            return role
    raise ValidationError(f"Unknown role {text!r}; use one of: "
                          f"{', '.join(r.value for r in PERSON_ROLES)}.", "role")


def _active(text: str) -> bool:
    value = text.strip().lower() or "yes"
    if value not in _YES:
        raise ValidationError(f"active {text!r}: write yes or no.", "active")
    return _YES[value]


def _contact(row: SheetRow) -> dict[str, str]:
    values: dict[str, str] = {}
    if row.has("phone"):
        phone = row.get("phone")
        if phone and (len(phone) > PHONE_MAX or not PHONE.match(phone)):
            raise ValidationError(f"Phone {phone!r} is not a phone number (digits, spaces, "
                                  "'-', an optional leading '+').", "phone")
        values["phone"] = phone
    if row.has("email"):
        email = row.get("email")
        if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
            raise ValidationError(f"E-mail {email!r} is not an address like "
                                  "name@example.org.", "email")
        values["email"] = email
    return values


class OperatorSheet:
    """Imports and writes ``operators.csv``; an administrator's."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def import_file(self, actor: OperatorRef, path: Path, *,
                    one_time_passwords: bool = True) -> SheetReport:
        require_role(actor, OPERATOR_ADMINS, "import operators")
        rows, report = read_sheet(path, OPERATOR_COLUMNS, OPERATOR_REQUIRED)
        self.import_rows(actor, rows, report, one_time_passwords=one_time_passwords)
        return report

    def import_rows(self, actor: OperatorRef, rows: Sequence[SheetRow], report: SheetReport,
                    *, one_time_passwords: bool = True) -> None:
        require_role(actor, OPERATOR_ADMINS, "import operators")
        now = self._clock.now()
        added: list[str] = []
        changed: dict[str, dict[str, list[Any]]] = {}
        with self._db.write.begin() as s:
            seen: dict[str, int] = {}
            for row in rows:
                try:
                    with s.begin_nested():
                        outcome = self._row(s, row, seen, one_time_passwords, report, added,
                                            changed, now)
                except ValidationError as exc:
                    report.reject(row.line, str(exc))
                    continue
                report.count(outcome)
            if added or changed:
                record(s, actor=actor, at=now, entity="operator", entity_id=0,
                       action="import", detail={"file": report.file, "added": added,
                                                "updated": changed})

    def _row(self, s: Session, row: SheetRow, seen: dict[str, int], one_time: bool,
             report: SheetReport, added: list[str], changed: dict[str, dict[str, list[Any]]],
             now: datetime) -> str:
        username = row.get("username").lower()
        if not username or not USERNAME.match(username):
            raise ValidationError(f"Operator name {row.get('username')!r} must be letters, "
                                  "digits, '.' or '_'.", "username")
        if username == SYSTEM_USERNAME:
            raise ValidationError(f"{SYSTEM_USERNAME!r} is the built-in escalation engine, "
                                  "not a person; choose another name.", "username")
        if username in seen:
            raise ValidationError(f"Operator {username} appears again (first on line "
                                  f"{seen[username]}); one line per operator.", "username")
        seen[username] = row.line
        values: dict[str, Any] = {}
        if row.has("display_name"):
            name = one_line(row.get("display_name")) or username
            if len(name) > NAME_MAX:
                raise ValidationError(f"display_name has {len(name)} characters; at most "
                                      f"{NAME_MAX}.", "display_name")
            values["display_name"] = name
        if row.has("role") and row.get("role"):
            values["role"] = _role(row.get("role")).value
        values.update(_contact(row))
        if row.has("active"):
            values["active"] = _active(row.get("active"))
        op = s.scalars(select(Operator).where(Operator.username == username)).one_or_none()
        if op is None:
            if "role" not in values:
                raise ValidationError(f"Operator {username} is new: give their role.", "role")
            password = one_time_password() if one_time else None
            s.add(Operator(
                username=username, display_name=values.get("display_name", username),
                role=values["role"], active=values.get("active", True), created_at=now,
                password_hash=auth.hash_password(password) if password else None,
                password_changed_at=now if password else None, failed_attempts=0,
                phone=values.get("phone", ""), email=values.get("email", "")))
            s.flush()
            added.append(username)
            if password:
                report.note(row.line, f"new operator {username}: one-time password "
                                      f"{password} (shown only here: hand it over; they set "
                                      f"their own with: operator passwd {username} "
                                      f"--operator {username})")
            else:
                report.note(row.line, f"new operator {username} has no password yet: an "
                                      "admin sets one (operator passwd).")
            return "added"
        if op.role == Role.SYSTEM.value:
            raise ValidationError(f"{username!r} is a system identity, not a person.",
                                  "username")
        diff = {k: [getattr(op, k), v] for k, v in values.items() if getattr(op, k) != v}
        losing_admin = op.role == Role.ADMIN.value and op.active and (
            diff.get("role", [None, Role.ADMIN.value])[1] != Role.ADMIN.value
            or diff.get("active", [None, True])[1] is False)
        if losing_admin and not s.scalar(select(func.count()).where(
                Operator.role == Role.ADMIN.value, Operator.active.is_(True),
                Operator.id != op.id)):
            raise ValidationError(f"{username} is the last active admin: they keep the role "
                                  "(make someone else admin first).", "role")
        if not diff:
            return "unchanged"
        for key, (_, new) in diff.items():
            setattr(op, key, new)
        s.flush()
        changed[username] = diff
        return "updated"

    def write(self, out: TextIO) -> int:
        """``operators.csv`` of this database (people only, no secrets), by username."""
        with self._db.read() as s:
            rows = [(o.username, o.display_name, o.role, o.phone, o.email,
                     "yes" if o.active else "no")
                    for o in s.scalars(select(Operator).where(
                        Operator.role != Role.SYSTEM.value).order_by(Operator.username))]
        return write_sheet(out, OPERATOR_COLUMNS, rows)
