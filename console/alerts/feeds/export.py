"""Alert export as CSV or JSON lines, in the same fields the importer reads back.

Fields, in this order (``ALERT_EXPORT_FIELDS``): the importable ones — id, dedup_key,
source, sender, sent, cap_status, msg_type, scope, event, category, urgency, severity,
certainty, headline, description, instruction, area, polygon, circle, geocode, grid,
expires, language — then the console's own — alert_status, repeat_count, received_at,
last_seen_at, acknowledged_by, acknowledged_at, resolved_at, case.

Importing an export adds nothing to the database it came from (every ``dedup_key``
is already there: only repeat counts move) and recreates the alerts in another one.
Times are ISO 8601 UTC with ``Z``; polygons and circles are CAP text, several joined by
`` | ``; geocodes ``name=value;…``. Messages applied to another alert (CAP Updates,
Cancels) are not exported: the alert they changed is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import aliased

from console.alerts.service import AlertFilter, AlertService, AlertStatus
from console.core.errors import ValidationError
from console.core.spreadsheet import csv_writer
from db.database import Database
from db.models import Alert, Case, Grid, Operator

FORMATS = ("csv", "json")
CHUNK_ROWS = 5_000

ALERT_EXPORT_FIELDS: tuple[str, ...] = (
    "id", "dedup_key", "source", "sender", "sent", "cap_status", "msg_type", "scope",
    "event", "category", "urgency", "severity", "certainty", "headline", "description",
    "instruction", "area", "polygon", "circle", "geocode", "grid", "expires", "language",
    "alert_status", "repeat_count", "received_at", "last_seen_at", "acknowledged_by",
    "acknowledged_at", "resolved_at", "case",
)
_TIMES = frozenset({"sent", "expires", "received_at", "last_seen_at", "acknowledged_at",
                    "resolved_at"})


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    text: str = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _geometry_fields(text: str) -> tuple[str, str, str]:
    try:
        geometry = json.loads(text or "{}")
    except ValueError:
        geometry = {}
    if not isinstance(geometry, dict):
        geometry = {}
    polygons = " | ".join(" ".join(f"{p[0]},{p[1]}" for p in poly)
                          for poly in geometry.get("polygons", []))
    circles = " | ".join(f"{c['lat']},{c['lon']} {c['radius_km']}"
                         for c in geometry.get("circles", []))
    codes = ";".join(f"{name}={value}" for name, values in geometry.get("geocodes", {}).items()
                     for value in values)
    return polygons, circles, codes


def alert_records(db: Database, alerts: AlertService, flt: AlertFilter | None = None,
                  progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """Every alert (default: all statuses) as a plain dict in ``ALERT_EXPORT_FIELDS``
    order, oldest first, fetched ``CHUNK_ROWS`` at a time."""
    ack = aliased(Operator)
    flt = flt or AlertFilter(statuses=frozenset(AlertStatus))
    stmt = (
        select(Alert.external_id, Alert.dedup_key, Alert.source, Alert.sender, Alert.sent_at,
               Alert.cap_status, Alert.msg_type, Alert.scope, Alert.event, Alert.category,
               Alert.urgency, Alert.severity, Alert.certainty, Alert.headline,
               Alert.description, Alert.instruction, Alert.area_desc, Alert.geometry,
               Grid.code, Alert.expires_at, Alert.language, Alert.status, Alert.repeat_count,
               Alert.received_at, Alert.last_seen_at, ack.username, Alert.acknowledged_at,
               Alert.resolved_at, Case.reference)
        .outerjoin(Grid, Grid.id == Alert.grid_id)
        .outerjoin(Case, Case.id == Alert.case_id)
        .outerjoin(ack, ack.id == Alert.acknowledged_by_id)
        .where(*alerts._where(flt))
        .order_by(Alert.id)
        .execution_options(yield_per=CHUNK_ROWS)
    )
    done = 0
    with db.read() as s:
        for chunk in s.execute(stmt).partitions():
            for row in chunk:
                values = list(row)
                polygon, circle, geocode = _geometry_fields(values.pop(17))
                values[17:17] = [polygon, circle, geocode]
                rec = dict(zip(ALERT_EXPORT_FIELDS, values, strict=True))
                for name in _TIMES:
                    rec[name] = _iso(rec[name])
                yield rec
            done += len(chunk)
            if progress is not None:
                progress(done)


def export_alerts(db: Database, alerts: AlertService, fmt: str, out: TextIO,
                  flt: AlertFilter | None = None,
                  progress: Callable[[int], None] | None = None) -> int:
    """Write alerts to ``out`` as ``csv`` or ``json`` (JSON lines); return how many."""
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown export format {fmt!r}; use one of: csv, json.",
                              "format")
    count = 0
    records = alert_records(db, alerts, flt, progress)
    if fmt == "csv":
        writer = csv_writer(out)
        writer.writerow(ALERT_EXPORT_FIELDS)
        for rec in records:
            writer.writerow(["" if v is None else v for v in rec.values()])
            count += 1
    else:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False))
            out.write("\n")
            count += 1
    return count
