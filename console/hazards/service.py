"""Hazard service: registering hazards, inspections, status changes and their clocks.

Every change goes through here: role check, validation, the row, one audit entry and one
change-feed entry (entity ``hazard``), and the hazard's inspection clock on the
escalation engine, all in one transaction. The risk matrix and the clock policy are in
``console.hazards.domain``.

Who may do what:

- coordinators and admins manage the registry: register, edit, mitigate, retire,
  reactivate, import;
- duty officers (and coordinators, admins) record inspections: the reports come in to
  the monitoring center from grid workers and the responsible units, and the officer on
  duty enters them, reassessment included (audited like every change);
- reviewers read only.

Longer than 600 lines on purpose: this is the registry's one service, and its parts share
one vocabulary — the field checks at the top are the CSV import's and the dialogs' too,
every write keeps the hazard's inspection clock in its own transaction, and the reads the
registry pages through use the same row mapping and filter translation. Split into reads
and writes, each half would reach into the other's private mapping.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from console.cases.deadlines import DeadlineService
from console.clock import Clock
from console.core.domain import OperatorRef, Role, Stage, TimelineEntry
from console.core.errors import NotFound, ValidationError
from console.core.journal import record
from console.core.like import contains
from console.core.reconnect import retries_lost_connection
from console.core.versioned import Versioned, VersionedWrites
from console.hazards.domain import (
    CODE_MAX,
    INSPECTOR_MAX,
    INTERVAL_MAX_DAYS,
    INTERVAL_MIN_DAYS,
    LONG_TEXT_MAX,
    NAME_MAX,
    PHOTO_PATH_MAX,
    PHOTOS_MAX,
    SHORT_TEXT_MAX,
    WATCHED,
    HazardCursor,
    HazardDetail,
    HazardFilter,
    HazardKind,
    HazardPage,
    HazardRow,
    HazardStatus,
    InspectionRecord,
    LinkedCase,
    MatrixCounts,
    NearbyHazard,
    RiskLevel,
    assess,
    long_after,
    warn_before,
)
from console.hazards.geometry import neighbours
from console.operators.service import require_role
from console.territory.district import DistrictService
from db.database import Database
from db.models import AuditEntry, Case, Deadline, Grid, Operator
from db.models.hazards import Hazard, Inspection
from db.types import UTCDateTime

# Roles that manage the registry (register, edit, change status, import).
HAZARD_MANAGERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})
# Roles that may record an inspection.
INSPECTION_RECORDERS = frozenset({Role.DUTY_OFFICER, Role.COORDINATOR, Role.ADMIN,
                                  Role.SYSTEM})

# Fields ``update`` accepts; ``code`` is the hazard's identity and never changes.
EDITABLE = frozenset({
    "name", "kind", "grid", "location", "lon", "lat", "responsible_unit", "contact",
    "surroundings", "controls", "likelihood", "severity", "inspection_interval_days",
    "next_inspection_due",
})
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
CODE_PREFIX = "HZ-"

_ROW_COLUMNS = (
    Hazard.id, Hazard.code, Hazard.name, Hazard.kind, Hazard.grid_id, Grid.code,
    Hazard.location, Hazard.responsible_unit, Hazard.likelihood, Hazard.severity,
    Hazard.score, Hazard.level, Hazard.status, Hazard.inspection_interval_days,
    Hazard.next_inspection_due, Hazard.last_inspected_at, Hazard.version,
)


# Dict lookups: a registry of 50,000 rows converts 150,000 of these.
_KINDS = {k.value: k for k in HazardKind}
_LEVELS = {lv.value: lv for lv in RiskLevel}
_STATUSES = {st.value: st for st in HazardStatus}
# Where a hazard without a next inspection (a retired one) sorts: after every date.
NO_DUE = datetime(9999, 12, 31, tzinfo=UTC)


def versioned(hazard: Hazard) -> Versioned:
    """The hazard as its stale writes name it: by code, changed by its ``updated_by``."""
    return Versioned("Hazard", hazard.code, "hazard", hazard.id, hazard.version,
                     hazard.updated_by_id, hazard.updated_at)


def _row(values: Sequence[Any]) -> HazardRow:
    (hid, code, name, kind, grid_id, grid_code, location, unit, likelihood, severity, score,
     level, status, interval, due, last, version) = values
    return HazardRow(hid, code, name, _KINDS[kind], grid_id, grid_code, location, unit,
                     likelihood, severity, score, _LEVELS[level], _STATUSES[status],
                     interval, due, last, version)


def _as_utc(value: Any) -> datetime:
    """A coalesced due date as read back (SQLite gives text for a computed column)."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


# ---- validation (shared by the service, the importer and the dialogs' backstop) ----------


def clean_code(value: object) -> str:
    code = str(value or "").strip().upper()
    if not code:
        raise ValidationError("The hazard code must not be empty.", "code")
    if len(code) > CODE_MAX:
        raise ValidationError(f"The hazard code is {len(code)} characters; at most {CODE_MAX}.",
                              "code")
    if not set(code) <= _CODE_CHARS:
        raise ValidationError(
            f"Hazard code {code!r} may only hold letters, digits, '-', '_' and '.'.", "code")
    return code


def _text(value: object, label: str, field: str, limit: int, required: bool = False,
          one_line: bool = True) -> str:
    raw = "" if value is None else str(value)
    text = " ".join(raw.split()) if one_line else raw.strip()
    if required and not text:
        raise ValidationError(f"The {label} must not be empty.", field)
    if len(text) > limit:
        raise ValidationError(f"The {label} is {len(text)} characters; at most {limit}.", field)
    return text


def parse_kind(value: object) -> HazardKind:
    """A kind from its stored value, case and spaces forgiven (``Gas station``)."""
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return HazardKind(text)
    except ValueError:
        options = ", ".join(k.value for k in HazardKind)
        raise ValidationError(f"Unknown hazard kind {value!r}; use one of: {options}.",
                              "kind") from None


def parse_status(value: object) -> HazardStatus:
    text = str(value or "").strip().lower()
    try:
        return HazardStatus(text)
    except ValueError:
        raise ValidationError(
            f"Unknown status {value!r}; use active, mitigated or retired.", "status") from None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


def parse_rating(value: object, field: str) -> int:
    """Likelihood or severity: a whole number 1–5."""
    number = _whole(value)
    if number is None or not 1 <= number <= 5:
        scale = ("1 (rare) to 5 (almost certain)" if field == "likelihood"
                 else "1 (negligible) to 5 (catastrophic)")
        raise ValidationError(
            f"{field.capitalize()} must be a whole number from {scale}, not {value!r}.", field)
    return number


def parse_interval(value: object) -> int:
    number = _whole(value)
    if number is None or not INTERVAL_MIN_DAYS <= number <= INTERVAL_MAX_DAYS:
        raise ValidationError(
            f"The inspection interval must be {INTERVAL_MIN_DAYS} to {INTERVAL_MAX_DAYS} days, "
            f"not {value!r}.", "inspection_interval_days")
    return number


def _coordinate(value: object, field: str, bound: float) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValidationError(f"The {field} must be a number, not {value!r}.", field) from None
    if not -bound <= number <= bound:
        raise ValidationError(f"The {field} must be between -{bound:g} and {bound:g}.", field)
    return number


def _aware(value: object, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(f"The {field.replace('_', ' ')} must be a time with a zone.",
                              field)
    return value


def clean_photos(photos: Iterable[object]) -> list[str]:
    """Photo file paths: trimmed, without repeats, at most ``PHOTOS_MAX``."""
    out: list[str] = []
    for photo in photos:
        path = str(photo or "").strip()
        if not path:
            continue
        if len(path) > PHOTO_PATH_MAX:
            raise ValidationError(
                f"A photo path is {len(path)} characters; at most {PHOTO_PATH_MAX}.", "photos")
        if path not in out:
            out.append(path)
    if len(out) > PHOTOS_MAX:
        raise ValidationError(f"{len(out)} photos; at most {PHOTOS_MAX} per inspection.",
                              "photos")
    return out


@retries_lost_connection
class HazardService:
    """The hazard registry's one door for changes, and its readers."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 deadlines: DeadlineService, system: Callable[[], OperatorRef]) -> None:
        self._db = db
        self._clock = clock
        self._district = district
        self._deadlines = deadlines
        self._system = system
        self._writes = VersionedWrites(db, deadlines.center_timezone)
        # Called after every committed change (the escalation engine re-arms on it).
        self.committed: list[Callable[[], None]] = []

    def _notify(self) -> None:
        for callback in list(self.committed):
            callback()

    # ---- validation of a whole set of fields -----------------------------------------

    def _clean_fields(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and normalise the fields given (any subset of ``EDITABLE``)."""
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValidationError(f"Unknown hazard field(s): {', '.join(sorted(unknown))}.")
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "name":
                out[key] = _text(value, "name", "name", NAME_MAX, required=True)
            elif key == "kind":
                out[key] = parse_kind(value)
            elif key == "grid":
                out["grid_id"] = self._district.grid_by_code(str(value or "")).id
            elif key in {"location", "responsible_unit", "contact"}:
                out[key] = _text(value, key.replace("_", " "), key, SHORT_TEXT_MAX)
            elif key in {"surroundings", "controls"}:
                out[key] = _text(value, key, key, LONG_TEXT_MAX, one_line=False)
            elif key == "lon":
                out[key] = _coordinate(value, "longitude", 180)
            elif key == "lat":
                out[key] = _coordinate(value, "latitude", 90)
            elif key in {"likelihood", "severity"}:
                out[key] = parse_rating(value, key)
            elif key == "inspection_interval_days":
                out[key] = parse_interval(value)
            elif key == "next_inspection_due":
                out[key] = _aware(value, key)
        return out

    # ---- writing -------------------------------------------------------------------

    def register(
        self,
        actor: OperatorRef,
        *,
        code: str,
        name: str,
        kind: str | HazardKind,
        grid: str,
        likelihood: int | str,
        severity: int | str,
        inspection_interval_days: int | str = 30,
        location: str = "",
        lon: float | str | None = None,
        lat: float | str | None = None,
        responsible_unit: str = "",
        contact: str = "",
        surroundings: str = "",
        controls: str = "",
        next_inspection_due: datetime | None = None,
        last_inspected_at: datetime | None = None,
        status: str | HazardStatus = HazardStatus.ACTIVE,
    ) -> HazardDetail:
        """Register a hazard. Its first inspection is due ``next_inspection_due``, or one
        interval after ``last_inspected_at``, or one interval from now."""
        require_role(actor, HAZARD_MANAGERS, "register hazards")
        code = clean_code(code)
        fields = self._clean_fields({
            "name": name, "kind": kind, "grid": grid, "location": location, "lon": lon,
            "lat": lat, "responsible_unit": responsible_unit, "contact": contact,
            "surroundings": surroundings, "controls": controls, "likelihood": likelihood,
            "severity": severity, "inspection_interval_days": inspection_interval_days,
            "next_inspection_due": next_inspection_due,
        })
        self._both_or_neither(fields["lon"], fields["lat"])
        state = parse_status(status)
        last = _aware(last_inspected_at, "last_inspected_at")
        now = self._clock.now()
        interval = timedelta(days=fields["inspection_interval_days"])
        due = fields.pop("next_inspection_due") or (last or now) + interval
        score, level = assess(fields["likelihood"], fields["severity"])
        with self._db.write.begin() as s:
            if s.scalar(select(Hazard.id).where(Hazard.code == code)) is not None:
                raise ValidationError(f"Hazard code {code} is already registered.", "code")
            hazard = Hazard(
                code=code, score=score, level=level.value, status=state.value,
                next_inspection_due=due if state in WATCHED else None,
                last_inspected_at=last, created_at=now, updated_at=now,
                updated_by_id=actor.id, **{k: (v.value if isinstance(v, HazardKind) else v)
                                           for k, v in fields.items()})
            s.add(hazard)
            s.flush()
            if state in WATCHED:
                self._open_clock(s, hazard, now)
            record(s, actor=actor, at=now, entity="hazard", entity_id=hazard.id,
                   action="register", op="insert",
                   detail={"code": code, "name": hazard.name, "kind": hazard.kind,
                           "grid": self._district.grid(hazard.grid_id).code,
                           "likelihood": hazard.likelihood, "severity": hazard.severity,
                           "level": level, "status": state,
                           "inspection_interval_days": hazard.inspection_interval_days,
                           "next_inspection_due": hazard.next_inspection_due})
            detail = self._detail(s, hazard)
        self._notify()
        return detail

    def update(self, actor: OperatorRef, code: str, *, expected_version: int | None = None,
               **changes: Any) -> HazardDetail:
        """Edit a hazard's fields (any of ``EDITABLE``). A new interval moves the next
        inspection to one interval after the last one (or after registration) unless a
        due date is given too; a new due date restarts the inspection clock."""
        require_role(actor, HAZARD_MANAGERS, "edit hazards")
        fields = self._clean_fields(changes)
        now = self._clock.now()
        changed = False
        with self._writes.transaction(lambda s: versioned(self._load(s, code))) as s:
            hazard = self._load(s, code)
            self._writes.check(s, versioned(hazard), expected_version)
            self._both_or_neither(fields.get("lon", hazard.lon),
                                  fields.get("lat", hazard.lat))
            if ("inspection_interval_days" in fields
                    and fields["inspection_interval_days"] != hazard.inspection_interval_days
                    and fields.get("next_inspection_due") is None
                    and hazard.status in WATCHED):
                since = hazard.last_inspected_at or hazard.created_at
                fields["next_inspection_due"] = since + timedelta(
                    days=fields["inspection_interval_days"])
            if hazard.status not in WATCHED:
                fields.pop("next_inspection_due", None)
            elif "next_inspection_due" in fields and fields["next_inspection_due"] is None:
                fields.pop("next_inspection_due")
            detail: dict[str, Any] = {}
            for key, value in fields.items():
                stored = value.value if isinstance(value, HazardKind) else value
                old = getattr(hazard, key)
                if old != stored:
                    name = "grid" if key == "grid_id" else key
                    detail[name] = ([self._grid_code(old), self._grid_code(stored)]
                                    if key == "grid_id" else [old, stored])
                    setattr(hazard, key, stored)
            if {"likelihood", "severity"} & detail.keys():
                old_level = hazard.level
                hazard.score, level = assess(hazard.likelihood, hazard.severity)
                hazard.level = level.value
                if old_level != level.value:
                    detail["level"] = [old_level, level.value]
            if detail:
                changed = True
                hazard.updated_at = now
                hazard.updated_by_id = actor.id
                if hazard.status in WATCHED and (
                        {"next_inspection_due", "inspection_interval_days"} & detail.keys()):
                    self._open_clock(s, hazard, now)
                s.flush()
                record(s, actor=actor, at=now, entity="hazard", entity_id=hazard.id,
                       action="edit", detail=detail)
            result = self._detail(s, hazard)
        if changed:
            self._notify()
        return result

    def set_status(self, actor: OperatorRef, code: str, status: str | HazardStatus, *,
                   note: str = "", expected_version: int | None = None) -> HazardDetail:
        """Mark a hazard mitigated, retire it, or make it active again. Retiring stops its
        inspection clock; reactivating a retired hazard starts a fresh cycle from now."""
        require_role(actor, HAZARD_MANAGERS, "change the status of hazards")
        target = parse_status(status)
        note = _text(note, "note", "note", LONG_TEXT_MAX, one_line=False)
        now = self._clock.now()
        with self._writes.transaction(lambda s: versioned(self._load(s, code))) as s:
            hazard = self._load(s, code)
            self._writes.check(s, versioned(hazard), expected_version)
            old = HazardStatus(hazard.status)
            if old is target:
                raise ValidationError(f"Hazard {hazard.code} is already {target.value}.",
                                      "status")
            detail: dict[str, Any] = {"status": [old, target]}
            if note:
                detail["note"] = note
            hazard.status = target.value
            if target is HazardStatus.RETIRED:
                self._deadlines.close_inspection_clock(s, hazard.id, now)
                detail["next_inspection_due"] = [hazard.next_inspection_due, None]
                hazard.next_inspection_due = None
            elif old is HazardStatus.RETIRED:
                due = now + timedelta(days=hazard.inspection_interval_days)
                detail["next_inspection_due"] = [None, due]
                hazard.next_inspection_due = due
                self._open_clock(s, hazard, now)
            hazard.updated_at = now
            hazard.updated_by_id = actor.id
            s.flush()
            action = {HazardStatus.RETIRED: "retire", HazardStatus.MITIGATED: "mitigate",
                      HazardStatus.ACTIVE: "reactivate"}[target]
            record(s, actor=actor, at=now, entity="hazard", entity_id=hazard.id,
                   action=action, detail=detail)
            result = self._detail(s, hazard)
        self._notify()
        return result

    def record_inspection(
        self,
        actor: OperatorRef,
        code: str,
        *,
        inspector: str,
        likelihood: int | str,
        severity: int | str,
        findings: str = "",
        photos: Iterable[str] = (),
        inspected_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> HazardDetail:
        """Record an inspection with its reassessment. The history keeps every one; the
        newest sets the hazard's likelihood and severity, moves the next inspection to one
        interval after it and restarts the inspection clock. An inspection older than the
        last one recorded goes into the history only."""
        require_role(actor, INSPECTION_RECORDERS, "record inspections")
        inspector = _text(inspector, "inspector", "inspector", INSPECTOR_MAX, required=True)
        findings = _text(findings, "findings", "findings", LONG_TEXT_MAX, one_line=False)
        new_l = parse_rating(likelihood, "likelihood")
        new_s = parse_rating(severity, "severity")
        paths = clean_photos(photos)
        now = self._clock.now()
        when = _aware(inspected_at, "inspected_at") or now
        if when > now + timedelta(minutes=5):
            raise ValidationError("The inspection time is in the future.", "inspected_at")
        with self._writes.transaction(lambda s: versioned(self._load(s, code))) as s:
            hazard = self._load(s, code)
            self._writes.check(s, versioned(hazard), expected_version)
            if hazard.status == HazardStatus.RETIRED.value:
                raise ValidationError(
                    f"Hazard {hazard.code} is retired; make it active again before "
                    "recording an inspection.", "status")
            inspection = Inspection(
                hazard_id=hazard.id, inspected_at=when, inspector=inspector,
                findings=findings, photos=json.dumps(paths, ensure_ascii=False),
                likelihood=new_l, severity=new_s, recorded_by_id=actor.id,
                recorded_at=now)
            s.add(inspection)
            detail: dict[str, Any] = {"inspector": inspector, "inspected_at": when,
                                      "photos": len(paths)}
            if findings:
                detail["findings"] = findings
            newest = hazard.last_inspected_at is None or when >= hazard.last_inspected_at
            if newest:
                score, level = assess(new_l, new_s)
                for key, old, new in (("likelihood", hazard.likelihood, new_l),
                                      ("severity", hazard.severity, new_s),
                                      ("level", hazard.level, level.value)):
                    if old != new:
                        detail[key] = [old, new]
                due = when + timedelta(days=hazard.inspection_interval_days)
                detail["next_inspection_due"] = [hazard.next_inspection_due, due]
                hazard.likelihood, hazard.severity = new_l, new_s
                hazard.score, hazard.level = score, level.value
                hazard.last_inspected_at = when
                hazard.next_inspection_due = due
                self._open_clock(s, hazard, now)
            else:
                detail["late_entry"] = True
            hazard.updated_at = now
            hazard.updated_by_id = actor.id
            s.flush()
            record(s, actor=actor, at=now, entity="hazard", entity_id=hazard.id,
                   action="inspect", detail=detail)
            result = self._detail(s, hazard)
        self._notify()
        return result

    def backfill_clocks(self) -> int:
        """Give an inspection clock to every watched hazard that has none (hazards loaded
        in bulk). Levels catch up at the next sweep. Returns how many clocks started."""
        now = self._clock.now()
        pending = (select(Deadline.id).where(Deadline.hazard_id == Hazard.id,
                                             Deadline.met_at.is_(None)).exists())
        with self._db.write.begin() as s:
            hazards = list(s.scalars(
                select(Hazard).where(Hazard.status.in_([st.value for st in WATCHED]),
                                     Hazard.next_inspection_due.is_not(None), ~pending)))
            for hazard in hazards:
                self._open_clock(s, hazard, now)
        if hazards:
            self._notify()
        return len(hazards)

    def load_demo(self, path: Path | None = None) -> int:
        """The demo district's hazards (about 40, or those of the bundle at ``path``) with
        their inspection history, on a database that has none; their inspection clocks
        start at once. Returns how many were loaded (0 when the registry already had
        hazards)."""
        from db.demo.hazard_loader import DEMO_HAZARDS, load_hazards  # shapely: demo only

        loaded = load_hazards(self._db, self._clock.now(), self._system().id, assess,
                              path or DEMO_HAZARDS)
        if loaded:
            self.backfill_clocks()
        return loaded

    # ---- helpers -------------------------------------------------------------------

    def _open_clock(self, s: Session, hazard: Hazard, now: datetime) -> None:
        if hazard.next_inspection_due is None:
            return
        interval = hazard.inspection_interval_days
        self._deadlines.open_inspection_clock(
            s, hazard.id, now, hazard.next_inspection_due, warn_before(interval),
            long_after(interval))

    @staticmethod
    def _both_or_neither(lon: float | None, lat: float | None) -> None:
        if (lon is None) != (lat is None):
            raise ValidationError("Give both longitude and latitude, or neither.", "lon")

    def _grid_code(self, grid_id: object) -> str:
        return self._district.grid(int(str(grid_id))).code

    @staticmethod
    def _load(s: Session, code: str) -> Hazard:
        hazard = s.scalars(select(Hazard).where(Hazard.code == code.strip().upper())).first()
        if hazard is None:
            raise NotFound(f"No hazard {code!r}.")
        return hazard

    # ---- reading -------------------------------------------------------------------

    @staticmethod
    def _row_select() -> Select[*tuple[Any, ...]]:
        return select(*_ROW_COLUMNS).join(Grid, Grid.id == Hazard.grid_id)

    @staticmethod
    def _where(flt: HazardFilter) -> list[Any]:
        clauses: list[Any] = []
        if flt.statuses:
            clauses.append(Hazard.status.in_(sorted(s.value for s in flt.statuses)))
        if flt.kinds:
            clauses.append(Hazard.kind.in_(sorted(k.value for k in flt.kinds)))
        if flt.grid_ids:
            clauses.append(Hazard.grid_id.in_(sorted(flt.grid_ids)))
        if flt.cell is not None:
            clauses.extend([Hazard.likelihood == flt.cell[0], Hazard.severity == flt.cell[1]])
        for word in flt.text.split():
            clauses.append(or_(contains(Hazard.code, word), contains(Hazard.name, word),
                               contains(Grid.code, word), contains(Hazard.location, word),
                               contains(Hazard.responsible_unit, word)))
        return clauses

    def _detail(self, s: Session, hazard: Hazard) -> HazardDetail:
        row = _row(s.execute(self._row_select().where(Hazard.id == hazard.id)).one())
        who = s.scalar(select(Operator.display_name).where(Operator.id == hazard.updated_by_id))
        return HazardDetail(row=row, lon=hazard.lon, lat=hazard.lat, contact=hazard.contact,
                            surroundings=hazard.surroundings, controls=hazard.controls,
                            created_at=hazard.created_at, updated_at=hazard.updated_at,
                            updated_by=who or "")

    def get(self, code: str) -> HazardDetail:
        with self._db.read() as s:
            return self._detail(s, self._load(s, code))

    def get_by_id(self, hazard_id: int) -> HazardDetail:
        with self._db.read() as s:
            hazard = s.get(Hazard, hazard_id)
            if hazard is None:
                raise NotFound(f"No hazard with id {hazard_id}.")
            return self._detail(s, hazard)

    @staticmethod
    def _due_key() -> Any:
        return func.coalesce(Hazard.next_inspection_due, literal(NO_DUE, UTCDateTime()))

    def rows(self, flt: HazardFilter | None = None) -> list[HazardRow]:
        """Every hazard matching the filter (default: every hazard, retired too), highest
        risk first, then the nearest inspection."""
        clauses = self._where(flt) if flt is not None else []
        with self._db.read() as s:
            return [_row(r) for r in s.execute(
                self._row_select().where(*clauses)
                .order_by(Hazard.score.desc(), self._due_key(), Hazard.id))]

    def rows_page(self, limit: int, after: HazardCursor | None = None) -> HazardPage:
        """A page of every hazard in the order of ``rows()`` (highest risk, then nearest
        inspection), starting after ``after``: the registry paints the first page at once
        and loads the rest page by page."""
        due = self._due_key()
        query = self._row_select().add_columns(due)
        if after is not None:
            query = query.where(or_(
                Hazard.score < after.score,
                and_(Hazard.score == after.score, due > after.due_key),
                and_(Hazard.score == after.score, due == after.due_key,
                     Hazard.id > after.hazard_id)))
        with self._db.read() as s:
            fetched = s.execute(query.order_by(Hazard.score.desc(), due, Hazard.id)
                                .limit(limit)).all()
        rows = [_row(r[:-1]) for r in fetched]
        cursor = None
        if len(fetched) == limit:
            last = fetched[-1]
            cursor = HazardCursor(rows[-1].score, _as_utc(last[-1]), rows[-1].id)
        return HazardPage(rows, cursor)

    def rows_by_ids(self, ids: Iterable[int]) -> list[HazardRow]:
        """Registry rows for the hazards named (e.g. by the change feed), in chunks."""
        wanted = sorted(set(ids))
        out: list[HazardRow] = []
        with self._db.read() as s:
            for start in range(0, len(wanted), 500):
                out.extend(_row(r) for r in s.execute(
                    self._row_select().where(Hazard.id.in_(wanted[start:start + 500]))))
        return out

    def matrix_counts(self, flt: HazardFilter | None = None) -> MatrixCounts:
        """Hazards per (likelihood, severity) cell, for the filter without its cell
        (default: the watched hazards). On the default filter this reads only the
        (status, likelihood, severity) index."""
        flt = flt or HazardFilter()
        where = self._where(HazardFilter(flt.statuses, flt.kinds, flt.grid_ids, flt.text))
        query = (select(Hazard.likelihood, Hazard.severity, func.count())
                 .where(*where).group_by(Hazard.likelihood, Hazard.severity))
        if flt.text:
            query = query.join(Grid, Grid.id == Hazard.grid_id)
        with self._db.read() as s:
            return MatrixCounts({(int(l_), int(s_)): int(n) for l_, s_, n in s.execute(query)})

    def next_inspection_due(self) -> datetime | None:
        """The earliest next inspection of any watched hazard (retired hazards have none):
        one step down the ``next_inspection_due`` index."""
        with self._db.read() as s:
            return s.scalar(select(func.min(Hazard.next_inspection_due)))

    def overdue(self, limit: int = 500) -> list[HazardRow]:
        """Watched hazards whose inspection is overdue now, most overdue first."""
        now = self._clock.now()
        with self._db.read() as s:
            return [_row(r) for r in s.execute(
                self._row_select().where(Hazard.next_inspection_due < now)
                .order_by(Hazard.next_inspection_due).limit(limit))]

    def inspections(self, hazard_id: int, limit: int = 200) -> list[InspectionRecord]:
        """The hazard's inspections, newest first."""
        with self._db.read() as s:
            rows = s.execute(
                select(Inspection.id, Inspection.hazard_id, Inspection.inspected_at,
                       Inspection.inspector, Inspection.findings, Inspection.photos,
                       Inspection.likelihood, Inspection.severity, Operator.display_name,
                       Inspection.recorded_at)
                .join(Operator, Operator.id == Inspection.recorded_by_id)
                .where(Inspection.hazard_id == hazard_id)
                .order_by(Inspection.inspected_at.desc(), Inspection.id.desc()).limit(limit))
            return [InspectionRecord(i, h, at, who, findings, tuple(json.loads(photos or "[]")),
                                     lk, sv, by, rec)
                    for i, h, at, who, findings, photos, lk, sv, by, rec in rows]

    def cases_of(self, hazard_id: int, limit: int = 200) -> list[LinkedCase]:
        """The cases that name the hazard, newest first."""
        with self._db.read() as s:
            rows = s.execute(
                select(Case.id, Case.reference, Case.title, Case.stage, Grid.code,
                       Case.reported_at)
                .join(Grid, Grid.id == Case.grid_id)
                .where(Case.hazard_id == hazard_id)
                .order_by(Case.reported_at.desc(), Case.id.desc()).limit(limit))
            return [LinkedCase(cid, ref, title, Stage(stage), grid, at)
                    for cid, ref, title, stage, grid, at in rows]

    def hazard_of_case(self, case_id: int) -> HazardRow | None:
        """The hazard a case names, if any."""
        with self._db.read() as s:
            hazard_id = s.scalar(select(Case.hazard_id).where(Case.id == case_id))
            if hazard_id is None:
                return None
            row = s.execute(self._row_select().where(Hazard.id == hazard_id)).first()
            return _row(row) if row is not None else None

    def near_case(self, case_id: int) -> list[NearbyHazard]:
        """Hazards in the case's grid and the grids touching it (not retired ones), the
        case's own grid first, then by risk; plus the hazard the case names, wherever it
        is."""
        with self._db.read() as s:
            found = s.execute(select(Case.grid_id, Case.hazard_id)
                              .where(Case.id == case_id)).first()
            if found is None:
                raise NotFound(f"No case with id {case_id}.")
            grid_id, named = found
            around = neighbours(self._district.grids()).get(grid_id, frozenset())
            grids = sorted({grid_id, *around})
            clause = (Hazard.grid_id.in_(grids)
                      & (Hazard.status != HazardStatus.RETIRED.value))
            if named is not None:
                clause = clause | (Hazard.id == named)
            rows = [_row(r) for r in s.execute(self._row_select().where(clause))]
        rows.sort(key=lambda r: (r.id != named, r.grid_id != grid_id, -r.score, r.code))
        return [NearbyHazard(r, r.grid_id == grid_id, r.id == named) for r in rows]

    def code_exists(self, code: str) -> bool:
        with self._db.read() as s:
            return s.scalar(select(Hazard.id).where(
                Hazard.code == code.strip().upper())) is not None

    def suggest_code(self) -> str:
        """The next free ``HZ-0001``-style code."""
        with self._db.read() as s:
            codes = s.scalars(select(Hazard.code).where(Hazard.code.like(f"{CODE_PREFIX}%")))
            numbers = [int(c[len(CODE_PREFIX):]) for c in codes
                       if c[len(CODE_PREFIX):].isdigit()]
        return f"{CODE_PREFIX}{max(numbers, default=0) + 1:04d}"

    def timeline(self, code: str) -> list[TimelineEntry]:
        """Every audit entry of the hazard, oldest first (escalations included)."""
        with self._db.read() as s:
            hazard = self._load(s, code)
            rows = s.execute(
                select(AuditEntry.id, AuditEntry.at, Operator.display_name, Operator.username,
                       AuditEntry.action, AuditEntry.detail)
                .join(Operator, Operator.id == AuditEntry.operator_id)
                .where(AuditEntry.entity == "hazard", AuditEntry.entity_id == hazard.id)
                .order_by(AuditEntry.id))
            return [TimelineEntry(i, at, name, user, action, json.loads(detail or "{}"))
                    for i, at, name, user, action, detail in rows]

