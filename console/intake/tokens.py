"""API tokens: per-integration bearer secrets with scopes, each acting as its own operator.

A token is ``wr_`` and 43 URL-safe characters from ``secrets`` (256 bits); only its SHA-256
is stored, so a stolen database gives no usable token (a slow password hash buys nothing
against a 256-bit random secret and would cost every request). The token's operator
(``api:NAME``, a duty officer nobody can sign in as) is what the audit log names for every
write the integration makes; revoking the token deactivates it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from console.clock import Clock
from console.core.domain import OperatorRef, Role
from console.core.errors import NotFound, PermissionDenied, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import (
    OPERATOR_ADMINS,
    SIMULATED_HASH,
    TOKEN_OPERATOR_PREFIX,
    require_role,
)
from db.database import Database
from db.models import ApiToken, Operator

SCOPES = ("cases:write", "cases:read", "cases:read-internal", "alerts:write",
          "heartbeats:write", "pages:write")
PREFIX = "wr_"
OPERATOR_PREFIX = TOKEN_OPERATOR_PREFIX
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,47}$")
# ``last used`` is written at most this often per token: a busy sensor must not make every
# request a write.
LAST_USED_EVERY = timedelta(seconds=60)


def secret_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_scopes(text: str) -> tuple[str, ...]:
    """``cases:write,alerts:write`` as a sorted tuple; unknown scopes are refused."""
    wanted = sorted({part.strip() for part in text.split(",") if part.strip()})
    if not wanted:
        raise ValidationError(f"Give at least one scope: {', '.join(SCOPES)}.", "scope")
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise ValidationError(f"Unknown scope {unknown[0]!r}; use: {', '.join(SCOPES)}.",
                              "scope")
    return tuple(wanted)


@dataclass(frozen=True, slots=True)
class TokenIdentity:
    """Who a request is: the token, its scopes and the operator it acts as."""

    token_id: int
    name: str
    scopes: frozenset[str]
    operator: OperatorRef


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One token as ``token list`` shows it (never the secret)."""

    name: str
    scopes: tuple[str, ...]
    operator: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewToken:
    info: TokenInfo
    secret: str  # shown once


def _info(token: ApiToken, username: str) -> TokenInfo:
    return TokenInfo(token.name, tuple(token.scopes.split(",")), username, token.created_at,
                     token.last_used_at, token.revoked_at)


@retries_lost_connection
class TokenService:
    """Creates, revokes, lists and checks API tokens."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(self, actor: OperatorRef, name: str, scopes: str) -> NewToken:
        """A new token ``name`` with ``scopes`` (administrators only); its secret is in
        the result and nowhere else."""
        require_role(actor, OPERATOR_ADMINS, "create API tokens")
        name = name.strip().lower()
        if not _NAME.match(name):
            raise ValidationError(
                f"Token name {name!r} must be 1-48 letters, digits, '.', '_' or '-'.", "name")
        wanted = parse_scopes(scopes)
        secret = PREFIX + secrets.token_urlsafe(32)
        now = self._clock.now()
        username = OPERATOR_PREFIX + name
        with self._db.write.begin() as s:
            if s.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
                raise ValidationError(f"An API token named {name!r} exists already "
                                      "(revoked tokens keep their name).", "name")
            op = s.scalars(select(Operator).where(Operator.username == username)).first()
            if op is None:
                op = Operator(username=username, display_name=f"API token {name}",
                              role=Role.DUTY_OFFICER.value, active=True, created_at=now,
                              password_hash=SIMULATED_HASH, password_changed_at=None,
                              failed_attempts=0)
                s.add(op)
                s.flush()
                record(s, actor=actor, at=now, entity="operator", entity_id=op.id,
                       action="create", detail={"username": username,
                                                "role": Role.DUTY_OFFICER,
                                                "api_token": name}, op="insert")
            token = ApiToken(name=name, secret_hash=secret_hash(secret),
                             scopes=",".join(wanted), operator_id=op.id, created_at=now,
                             created_by_id=actor.id)
            s.add(token)
            s.flush()
            record(s, actor=actor, at=now, entity="api_token", entity_id=token.id,
                   action="create", detail={"name": name, "scopes": list(wanted)},
                   op="insert")
            return NewToken(_info(token, username), secret)

    def revoke(self, actor: OperatorRef, name: str) -> TokenInfo:
        """Refuse the token from now on; its operator is deactivated, its history kept."""
        require_role(actor, OPERATOR_ADMINS, "revoke API tokens")
        now = self._clock.now()
        with self._db.write.begin() as s:
            token = self._load(s, name)
            if token.revoked_at is not None:
                raise ValidationError(f"API token {token.name!r} is revoked already.", "name")
            token.revoked_at = now
            s.execute(update(Operator).where(Operator.id == token.operator_id)
                      .values(active=False))
            record(s, actor=actor, at=now, entity="api_token", entity_id=token.id,
                   action="revoke", detail={"name": token.name})
            return _info(token, OPERATOR_PREFIX + token.name)

    def tokens(self, actor: OperatorRef) -> list[TokenInfo]:
        """Every token, oldest first, with its last use (administrators only)."""
        require_role(actor, OPERATOR_ADMINS, "list API tokens")
        with self._db.read() as s:
            return [_info(t, OPERATOR_PREFIX + t.name)
                    for t in s.scalars(select(ApiToken).order_by(ApiToken.id))]

    def identify(self, secret: str) -> TokenIdentity:
        """The token ``secret`` belongs to; ``PermissionDenied`` for an unknown or revoked
        one (the same words for both). Marks its last use, at most once a minute."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            raise PermissionDenied("Unknown or revoked API token.")
        digest = secret_hash(secret)
        now = self._clock.now()
        with self._db.read() as s:
            row = s.execute(
                select(ApiToken.id, ApiToken.name, ApiToken.scopes, ApiToken.revoked_at,
                       ApiToken.last_used_at, Operator.id, Operator.username,
                       Operator.display_name, Operator.role)
                .join(Operator, Operator.id == ApiToken.operator_id)
                .where(ApiToken.secret_hash == digest)).first()
        if row is None or row[3] is not None:
            raise PermissionDenied("Unknown or revoked API token.")
        token_id, name, scopes, _revoked, last_used, op_id, username, display, role = row
        if last_used is None or now - last_used >= LAST_USED_EVERY:
            with self._db.write.begin() as s:
                s.execute(update(ApiToken).where(ApiToken.id == token_id)
                          .values(last_used_at=now))
        return TokenIdentity(token_id, name, frozenset(scopes.split(",")),
                             OperatorRef(op_id, username, display, Role(role)))

    @staticmethod
    def _load(s: Session, name: str) -> ApiToken:
        token = s.scalars(select(ApiToken).where(
            ApiToken.name == name.strip().lower())).first()
        if token is None:
            raise NotFound(f"No API token named {name.strip()!r}.")
        return token
