"""Case photos from the field: JPEG or PNG told by their first bytes, size-limited, stored
content-addressed (the SHA-256 is the file name) in the photo folder beside the database."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from console.clock import Clock
from console.core.domain import OperatorRef
from console.core.errors import NotFound, ValidationError
from console.core.journal import record
from console.core.reconnect import retries_lost_connection
from console.operators.service import CASE_WRITERS, require_role
from db.database import Database
from db.models import Case, CasePhoto, Operator

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 8  # per event
KINDS = ("before", "after", "other")
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"
# The marker after SOI: APPn (JFIF, Exif), DQT, SOF0/SOF2, DHT, COM.
_JPEG_MARKERS = frozenset({*range(0xE0, 0xF0), 0xDB, 0xC0, 0xC2, 0xC4, 0xFE})


def sniff(data: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` by the file's own first bytes, else None: a name
    or a declared type proves nothing (a renamed program stays a program)."""
    if data.startswith(JPEG) and len(data) > 4 and data[3] in _JPEG_MARKERS:
        return "image/jpeg"
    if data.startswith(PNG) and data[12:16] == b"IHDR":
        return "image/png"
    return None


@dataclass(frozen=True, slots=True)
class PhotoUpload:
    """One photo as received: its bytes, its kind and the name the client gave."""

    data: bytes
    kind: str = "other"
    filename: str = ""


@dataclass(frozen=True, slots=True)
class PhotoRow:
    id: int
    case_id: int
    sha256: str
    kind: str
    mime: str
    size: int
    added_at: datetime
    added_by: str
    path: Path


@retries_lost_connection
class PhotoService:
    """Checks, stores and lists case photos."""

    def __init__(self, db: Database, clock: Clock, folder: Path) -> None:
        self._db = db
        self._clock = clock
        self.folder = folder

    def path_of(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def check(self, photo: PhotoUpload) -> str:
        """The photo's type; ``ValidationError`` naming the file otherwise."""
        label = photo.filename or "the photo"
        if photo.kind not in KINDS:
            raise ValidationError(f"Photo kind {photo.kind!r} of {label}: use one of "
                                  f"{', '.join(KINDS)}.", "kind")
        if not photo.data:
            raise ValidationError(f"{label} is empty.", "photo")
        if len(photo.data) > MAX_PHOTO_BYTES:
            raise ValidationError(f"{label} is {len(photo.data)} bytes; a photo may be at "
                                  f"most {MAX_PHOTO_BYTES} bytes.", "photo")
        mime = sniff(photo.data)
        if mime is None:
            raise ValidationError(f"{label} is not a JPEG or PNG image (told by its content, "
                                  "not its name).", "photo")
        return mime

    def attach(self, actor: OperatorRef, reference: str,
               photos: list[PhotoUpload]) -> list[PhotoRow]:
        """Store ``photos`` and link them to the case, with one audit entry naming them."""
        require_role(actor, CASE_WRITERS, "add photos to cases")
        if len(photos) > MAX_PHOTOS:
            raise ValidationError(f"{len(photos)} photos in one event; at most {MAX_PHOTOS}.",
                                  "photo")
        checked = [(p, self.check(p), hashlib.sha256(p.data).hexdigest()) for p in photos]
        for photo, _mime, digest in checked:
            self._store(digest, photo.data)  # content-addressed: storing twice is harmless
        now = self._clock.now()
        with self._db.write.begin() as s:
            case = s.scalars(select(Case).where(
                Case.reference == reference.strip().upper())).first()
            if case is None:
                raise NotFound(f"No case {reference!r}.")
            rows = [CasePhoto(case_id=case.id, sha256=digest, kind=photo.kind, mime=mime,
                              size=len(photo.data), added_at=now, added_by_id=actor.id)
                    for photo, mime, digest in checked]
            s.add_all(rows)
            s.flush()
            record(s, actor=actor, at=now, entity="case", entity_id=case.id, action="photos",
                   detail={"photos": [{"sha256": r.sha256, "kind": r.kind, "mime": r.mime,
                                       "size": r.size} for r in rows]})
            return [PhotoRow(r.id, r.case_id, r.sha256, r.kind, r.mime, r.size, r.added_at,
                             actor.display_name, self.path_of(r.sha256)) for r in rows]

    def _store(self, digest: str, data: bytes) -> None:
        target = self.path_of(digest)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)

    def of_case(self, case_id: int) -> list[PhotoRow]:
        """The case's photos, oldest first (one indexed query)."""
        with self._db.read() as s:
            rows = s.execute(
                select(CasePhoto, Operator.display_name)
                .join(Operator, Operator.id == CasePhoto.added_by_id)
                .where(CasePhoto.case_id == case_id).order_by(CasePhoto.id))
            return [PhotoRow(p.id, p.case_id, p.sha256, p.kind, p.mime, p.size, p.added_at,
                             name, self.path_of(p.sha256)) for p, name in rows]

    def counts(self, case_ids: list[int]) -> dict[int, int]:
        """How many photos each of ``case_ids`` has (the handover's significant cases)."""
        if not case_ids:
            return {}
        with self._db.read() as s:
            return {cid: int(n) for cid, n in s.execute(
                select(CasePhoto.case_id, func.count()).where(CasePhoto.case_id.in_(case_ids))
                .group_by(CasePhoto.case_id))}
