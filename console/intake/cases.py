"""Cases over the intake API: idempotent reports, what a caller may read back, and a
field worker's progress (start, note, resolve) with photos."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from console.cases.deadlines import LEVEL_NAMES, DeadlineService
from console.cases.lifecycle import Action
from console.cases.service import CaseService
from console.clock import Clock
from console.core.domain import CaseDetail, OperatorRef
from console.core.errors import ConflictError, ValidationError
from console.core.reconnect import retries_lost_connection
from console.intake.photos import PhotoService, PhotoUpload
from db.database import Database
from db.models import IdempotencyKey

KEY_MAX = 255
# A reservation whose request never finished (the server stopped mid-way) is taken over
# by a retry after this long.
STALE_RESERVATION = timedelta(minutes=5)
# What a field app may do to a case over the API.
FIELD_ACTIONS = {"start": Action.START, "note": Action.NOTE, "resolve": Action.RESOLVE}
# The public wording of each step: what a hotline tells the citizen. Notes, pause reasons
# and names are internal.
PUBLIC_STEPS = {
    "report": "Reported", "register": "Registered", "dispatch": "Team dispatched",
    "start": "Work started", "resolve": "Resolved, awaiting verification",
    "verify": "Verified", "reopen": "Reopened for more work", "close": "Closed",
    "pause": "Paused, waiting on an outside party", "resume": "Work resumed",
}


@dataclass(frozen=True, slots=True)
class Reported:
    case: CaseDetail
    created: bool  # False: a retry with a known Idempotency-Key


@dataclass(frozen=True, slots=True)
class CaseStatus:
    """A case as the API shows it: ``internal`` adds notes and operator names."""

    case: CaseDetail
    deadlines: list[dict[str, Any]]
    progress: list[dict[str, Any]]
    photos: list[dict[str, Any]]


@retries_lost_connection
class IntakeCases:
    """Case writes and reads for the API, through the case service."""

    def __init__(self, db: Database, clock: Clock, cases: CaseService,
                 deadlines: DeadlineService, photos: PhotoService) -> None:
        self._db = db
        self._clock = clock
        self._cases = cases
        self._deadlines = deadlines
        self._photos = photos

    def report(self, actor: OperatorRef, token_id: int, key: str | None,
               **fields: Any) -> Reported:
        """Report a case (``CaseService.report``'s fields). With ``key`` (the request's
        Idempotency-Key) a retry of the same token gets the case the first request made,
        never a second one; a retry while the first is still running is a conflict."""
        if key is None:
            return Reported(self._cases.report(actor, **fields), True)
        key = key.strip()
        if not key or len(key) > KEY_MAX or not key.isprintable():
            raise ValidationError(f"An Idempotency-Key is 1-{KEY_MAX} printable characters.",
                                  "Idempotency-Key")
        fingerprint = hashlib.sha256(json.dumps(
            fields, sort_keys=True, default=str).encode("utf-8")).hexdigest()
        existing = self._reserve(token_id, key, fingerprint)
        if existing:
            return Reported(self._cases.get(existing), False)
        try:
            case = self._cases.report(actor, **fields)
        except BaseException:
            with self._db.write.begin() as s:
                s.execute(delete(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                       IdempotencyKey.key == key))
            raise
        with self._db.write.begin() as s:
            s.execute(update(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                   IdempotencyKey.key == key)
                      .values(reference=case.reference))
        return Reported(case, True)

    def _reserve(self, token_id: int, key: str, fingerprint: str) -> str:
        """The reference already stored for the key, or "" once this request holds it.
        The same key with other fields is refused: a client bug, not a retry."""
        now = self._clock.now()
        for _attempt in range(2):
            try:
                with self._db.write.begin() as s:
                    row = s.execute(select(IdempotencyKey.reference, IdempotencyKey.created_at,
                                           IdempotencyKey.fingerprint)
                                    .where(IdempotencyKey.token_id == token_id,
                                           IdempotencyKey.key == key)).first()
                    if row is None:
                        s.add(IdempotencyKey(token_id=token_id, key=key, reference="",
                                             fingerprint=fingerprint, created_at=now))
                        return ""
                    reference, created, stored = row
                    if stored != fingerprint:
                        raise ValidationError(
                            f"The Idempotency-Key {key!r} was used for a different case "
                            f"({reference or 'still being reported'}); use a new key for "
                            "a new case.", "Idempotency-Key")
                    if reference:
                        return str(reference)
                    if now - created < STALE_RESERVATION:
                        raise ConflictError("A request with this Idempotency-Key is still "
                                            "being processed; retry in a moment.")
                    s.execute(update(IdempotencyKey).where(
                        IdempotencyKey.token_id == token_id, IdempotencyKey.key == key,
                        IdempotencyKey.created_at == created).values(created_at=now))
                    return ""
            except IntegrityError:
                continue  # another request inserted the key first: read what it holds
        raise ConflictError("A request with this Idempotency-Key is still being processed; "
                            "retry in a moment.")

    def status(self, reference: str, internal: bool) -> CaseStatus:
        """The case, its deadlines and its progress; notes and names only if ``internal``."""
        case = self._cases.get(reference)
        deadlines = [{"kind": d.kind, "due_at": d.due_at, "met_at": d.met_at,
                      "level": LEVEL_NAMES.get(d.level, str(d.level)), "paused": d.paused}
                     for d in self._deadlines.for_case(case.row.id)]
        progress: list[dict[str, Any]] = []
        for entry in self._cases.timeline(reference):
            public = PUBLIC_STEPS.get(entry.action)
            if public is None and not internal:
                continue
            item: dict[str, Any] = {"at": entry.at, "action": entry.action,
                                    "text": public or entry.action}
            if internal:
                item["operator"] = entry.operator_username
                for name in ("note", "reason"):
                    if name in entry.detail:
                        item[name] = str(entry.detail[name])
            progress.append(item)
        photos = [{"sha256": p.sha256, "kind": p.kind, "mime": p.mime, "size": p.size,
                   "added_at": p.added_at} for p in self._photos.of_case(case.row.id)]
        return CaseStatus(case, deadlines, progress, photos)

    def progress(self, actor: OperatorRef, reference: str, action: str, text: str,
                 photos: list[PhotoUpload]) -> CaseDetail:
        """A field worker's step (start, note, resolve) with its photos: the step goes
        through the case service; the photos, checked first, are then attached."""
        step = FIELD_ACTIONS.get(action)
        if step is None:
            raise ValidationError(f"Unknown event {action!r}; use one of: "
                                  f"{', '.join(FIELD_ACTIONS)}.", "action")
        for photo in photos:
            self._photos.check(photo)
        if step is Action.NOTE and not text.strip() and photos:
            text = f"{len(photos)} photo(s) from the field"
        case = self._cases.apply(actor, reference, step, text=text)
        if photos:
            self._photos.attach(actor, reference, photos)
            case = self._cases.get(reference)
        return case


def when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
