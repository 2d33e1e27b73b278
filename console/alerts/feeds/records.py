"""What every parser produces: one normalised alert record, and the CAP vocabulary it uses."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Column limits of the ``alerts`` table; longer text is cut (and noted), never refused.
SOURCE_MAX = 24
EXTERNAL_ID_MAX = 255
DEDUP_KEY_MAX = 255
SENDER_MAX = 255
EVENT_MAX = 255
CATEGORY_MAX = 64
HEADLINE_MAX = 500
LANGUAGE_MAX = 35
# Long free text is cut too: a duty officer reads the first screenful, the raw payload
# keeps everything.
TEXT_MAX = 20_000

CAP_STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
CAP_MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
CAP_SCOPES = ("Public", "Restricted", "Private")
CAP_CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
                  "Transport", "Infra", "CBRNE", "Other")
CAP_URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
CAP_SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CAP_CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

# 1 = most severe; the database computes the same from ``severity`` (alerts.severity_rank).
SEVERITY_RANK = {name: i + 1 for i, name in enumerate(CAP_SEVERITIES)}
URGENCY_RANK = {name: i + 1 for i, name in enumerate(CAP_URGENCIES)}

_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "status": CAP_STATUSES,
    "msgType": CAP_MSG_TYPES,
    "scope": CAP_SCOPES,
    "category": CAP_CATEGORIES,
    "urgency": CAP_URGENCIES,
    "severity": CAP_SEVERITIES,
    "certainty": CAP_CERTAINTIES,
}
_LOOKUP = {name: {v.casefold(): v for v in values} for name, values in _VOCABULARIES.items()}
# CAP 1.0's "Very Likely" is still sent by some 1.1 publishers; 1.1 folded it into Likely.
_LOOKUP["certainty"]["very likely"] = "Likely"
CANONICAL = {name: frozenset(values) for name, values in _VOCABULARIES.items()}


class BadValue(ValueError):
    """A value that does not fit its field; the message says why, in plain words."""


def cap_value(kind: str, value: str) -> str:
    """The CAP spelling of ``value`` for field ``kind`` (matched without regard to case)."""
    if value in CANONICAL[kind]:
        return value
    found = _LOOKUP[kind].get(value.strip().casefold())
    if found is None:
        shown = value.strip()[:40] or "(empty)"
        raise BadValue(f"{kind} {shown!r} is not a CAP {kind}; use one of: "
                       f"{', '.join(_VOCABULARIES[kind])}")
    return found


def clean_text(value: str) -> str:
    """Text a database will store on every backend: no NUL, no lone surrogates."""
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def cut(value: str, limit: int, label: str, notes: list[str]) -> str:
    """``value`` cut to ``limit`` characters, with a note when something was cut."""
    if len(value) <= limit:
        return value
    notes.append(f"{label} cut to {limit} characters (it had {len(value)})")
    return value[: limit - 1] + "…"


def parse_time(value: str, label: str) -> datetime:
    """An ISO 8601 time with a UTC offset (``2026-11-22T08:00:00+08:00``, ``…Z``), as UTC."""
    text = value.strip()
    if not text:
        raise BadValue(f"{label} is empty")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{label} {text[:40]!r} is not a date and time "
                       "(use ISO 8601, e.g. 2026-11-22T08:00:00+08:00)") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise BadValue(f"{label} {text[:40]!r} has no time zone; add one "
                       "(e.g. +08:00 or Z) so the time is not misread")
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise BadValue(f"{label} {text[:40]!r} is out of range") from None


def parse_epoch(value: float, label: str) -> datetime:
    """Seconds since 1970-01-01 UTC (for JSON numbers)."""
    if not math.isfinite(value):
        raise BadValue(f"{label} {value!r} is not a time")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, ValueError, OSError):
        raise BadValue(f"{label} {value!r} is out of range") from None


def iso(value: datetime | None) -> str:
    """The canonical text of a UTC time, as used in dedup keys and references."""
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def human_size(n: float) -> str:
    """``512 bytes``, ``12 KB``, ``3.4 MB``."""
    if n < 1024:
        return f"{int(n)} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def bounded_key(prefix: str, key: str) -> str:
    """``prefix + key`` if it fits the dedup column, else a stable hash of it."""
    full = prefix + key
    if len(full) <= DEDUP_KEY_MAX:
        return full
    return prefix.rstrip(":") + "#" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def cap_key(sender: str, identifier: str, sent: datetime | None, sent_text: str = "") -> str:
    """The dedup key of a CAP message: sender, identifier and sent time (the CAP spec's
    own way to name a message, as in ``<references>``)."""
    when = iso(sent) if sent is not None else sent_text.strip()
    return bounded_key("cap:", f"{sender.strip()},{identifier.strip()},{when}")


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where an alert applies. Polygons are lists of (lat, lon) points as CAP writes
    them; circles are (lat, lon, radius in km)."""

    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    circles: tuple[tuple[float, float, float], ...] = ()
    geocodes: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        codes: dict[str, list[str]] = {}
        for name, value in self.geocodes:
            codes.setdefault(name, []).append(value)
        return {
            "polygons": [[[lat, lon] for lat, lon in poly] for poly in self.polygons],
            "circles": [{"lat": lat, "lon": lon, "radius_km": r}
                        for lat, lon, r in self.circles],
            "geocodes": codes,
        }

    def is_empty(self) -> bool:
        return not (self.polygons or self.circles or self.geocodes)

    def json_text(self) -> str:
        """``to_json()`` as JSON text; ``{}`` when there is no geometry."""
        if not (self.polygons or self.circles or self.geocodes):
            return "{}"
        if len(self.circles) == 1 and not self.polygons and not self.geocodes:
            # The common point alert, written without the encoder (floats as json does).
            lat, lon, r = self.circles[0]
            return (f'{{"polygons": [], "circles": [{{"lat": {lat!r}, "lon": {lon!r}, '
                    f'"radius_km": {r!r}}}], "geocodes": {{}}}}')
        return json.dumps(self.to_json(), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class CapReference:
    """One message named in a CAP ``<references>``: sender, identifier, sent."""

    sender: str
    identifier: str
    sent: str

    @property
    def key(self) -> str:
        try:
            when: datetime | None = parse_time(self.sent, "sent")
        except BadValue:
            when = None
        return cap_key(self.sender, self.identifier, when, self.sent)


@dataclass(slots=True)
class AlertRecord:
    """One alert as read from a feed, checked and normalised, not yet stored.

    ``record`` is where it came from in its file (line number, or position in a CAP
    document); ``notes`` are things worth telling the operator that did not stop it.
    Treat it as read-only; it is not frozen only because a frozen dataclass costs three
    times as much to build, which shows at a hundred thousand records a file.
    """

    record: int
    source: str
    external_id: str
    dedup_key: str
    sender: str = ""
    sent_at: datetime | None = None
    cap_status: str = "Actual"
    msg_type: str = "Alert"
    scope: str = "Public"
    event: str = ""
    category: str = ""
    urgency: str = "Unknown"
    severity: str = "Unknown"
    certainty: str = "Unknown"
    headline: str = ""
    description: str = ""
    instruction: str = ""
    area_desc: str = ""
    geometry: Geometry = field(default_factory=Geometry)
    grid_code: str = ""
    expires_at: datetime | None = None
    language: str = ""
    infos: tuple[dict[str, Any], ...] = ()
    references: tuple[CapReference, ...] = ()
    references_text: str = ""
    note: str = ""
    raw: str = ""
    notes: tuple[str, ...] = ()
