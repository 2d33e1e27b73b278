"""Operators: who is acting, and the checks on what their role lets them do."""

from __future__ import annotations

import getpass

from sqlalchemy import func, select

from console.clock import Clock
from console.domain import OperatorRef, Role
from console.errors import NotFound, PermissionDenied, ValidationError
from console.journal import record
from db.database import Database
from db.models import Operator

SYSTEM_USERNAME = "engine"

# Roles that may change cases (report, advance, pause, note).
CASE_WRITERS = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
# Roles that may put a case under supervision (督办).
SUPERVISORS = frozenset({Role.COORDINATOR, Role.ADMIN})


def _ref(op: Operator) -> OperatorRef:
    return OperatorRef(op.id, op.username, op.display_name, Role(op.role))


def require_role(actor: OperatorRef, allowed: frozenset[Role], what: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds one of ``allowed``."""
    if actor.role not in allowed:
        roles = ", ".join(
            sorted(r.value.replace("_", " ") for r in allowed if r is not Role.SYSTEM))
        raise PermissionDenied(
            f"{actor.display_name} ({actor.role.value.replace('_', ' ')}) may not {what}; "
            f"that needs: {roles}."
        )


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
                select(Operator).where(Operator.role != Role.SYSTEM.value).order_by(Operator.id)
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

    def create(
        self, actor: OperatorRef, username: str, display_name: str, role: Role
    ) -> OperatorRef:
        require_role(actor, frozenset({Role.ADMIN, Role.SYSTEM}), "add operators")
        username = username.strip().lower()
        if not username or not username.replace(".", "").replace("_", "").isalnum():
            raise ValidationError(
                f"Operator name {username!r} must be letters, digits, '.' or '_'.", "username"
            )
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
            )
            s.add(op)
            s.flush()
            ref = _ref(op)
            record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                   action="create", detail={"username": username, "role": role}, op="insert")
            return ref

    def local_operator(self, username: str | None = None) -> OperatorRef:
        """The operator this console acts as.

        An existing operator by that name (default: the login name) is used as is. On a
        database with no people yet, the first one is created as admin: whoever installs
        the console administers it. Otherwise an unknown name is refused.
        """
        name = (username or getpass.getuser() or "operator").strip().lower()
        with self._db.read() as s:
            op = s.scalars(select(Operator).where(Operator.username == name)).one_or_none()
            if op is not None:
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
