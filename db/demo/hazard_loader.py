"""The demo center's hazards, fast: the registry from the bundle's ``hazards.csv`` with the
inspection history of ``resources/demo/inspections.json``, inserted straight.

The history gives times relative to the moment of loading (``registered_days_ago``, an
inspection's ``days_ago``) so that a demo started on any day has a realistic spread: most
hazards inspected on time, a few coming due, a few overdue. The demo itself registers the
hazards through ``center import`` and records the history through the hazard service
(``console/demo/center.py``); tests/unit/center/test_demo_bundle.py checks both agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from db.database import Database
from db.demo.district_loader import DEMO_CENTER, RESOURCES, read_rows
from db.models import AuditEntry, Change, Grid
from db.models.hazards import Hazard, Inspection

# Where the demo's hazards are: the demo center bundle (its hazards.csv).
DEMO_HAZARDS = DEMO_CENTER
DEMO_INSPECTIONS = RESOURCES / "demo" / "inspections.json"

# (likelihood, severity) -> (score, level): the console's risk matrix, passed in so that
# the rule lives in one place.
Assess = Callable[[int, int], tuple[int, str]]


def read_hazards(bundle: Path = DEMO_HAZARDS) -> list[dict[str, str]]:
    """The bundle's hazards as rows of ``hazards.csv``."""
    return read_rows(bundle / "hazards.csv")


def read_inspection_history(path: Path = DEMO_INSPECTIONS) -> dict[str, dict[str, Any]]:
    """Hazard code → ``registered_days_ago`` and ``inspections`` (each with ``days_ago``,
    ``inspector``, ``findings``, ``likelihood``, ``severity``, ``photos``)."""
    with path.open(encoding="utf-8") as f:
        history: dict[str, dict[str, Any]] = json.load(f)["hazards"]
    return history


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def load_hazards(db: Database, now: datetime, operator_id: int, assess: Assess,
                 bundle: Path = DEMO_HAZARDS, history: Path = DEMO_INSPECTIONS) -> int:
    """Insert the bundle's hazards and their inspection history into a registry that is
    empty, with one audit entry and one change-feed entry per hazard. Returns how many
    hazards were loaded (0, changing nothing, when the registry already has hazards).
    Inspection clocks are the caller's to start (``HazardService.backfill_clocks``)."""
    rows = read_hazards(bundle)
    past = read_inspection_history(history)
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Hazard)):
            return 0
        grid_ids = {code: gid for code, gid in s.execute(select(Grid.code, Grid.id))}
        for row in rows:
            code = row["code"]
            if row["grid"] not in grid_ids:
                raise ValueError(f"hazards.csv: hazard {code} names unknown grid "
                                 f"{row['grid']!r}; load the district first")
            entry = past.get(code, {})
            interval = int(row["inspection_interval_days"])
            status = row["status"] or "active"
            # As through the hazard service: a retired hazard takes no inspections.
            inspections = [] if status == "retired" else sorted(
                entry.get("inspections", []), key=lambda i: -i["days_ago"])
            created = now - timedelta(days=float(entry.get("registered_days_ago", 365)))
            likelihood, severity = int(row["likelihood"]), int(row["severity"])
            last: datetime | None = None
            if inspections:
                last = now - timedelta(days=float(inspections[-1]["days_ago"]))
                likelihood = int(inspections[-1]["likelihood"])
                severity = int(inspections[-1]["severity"])
            score, level = assess(likelihood, severity)
            due = (last or created) + timedelta(days=interval)
            hazard_id = s.execute(insert(Hazard).values(
                code=code, name=row["name"], kind=row["kind"], grid_id=grid_ids[row["grid"]],
                location=row["location"], lon=_number(row["lon"]), lat=_number(row["lat"]),
                responsible_unit=row["responsible_unit"], contact=row["contact"],
                surroundings=row["surroundings"], controls=row["controls"],
                likelihood=likelihood, severity=severity, score=score, level=str(level),
                status=status, inspection_interval_days=interval,
                next_inspection_due=None if status == "retired" else due,
                last_inspected_at=last, created_at=created, updated_at=now,
                updated_by_id=operator_id, version=1,
            ).returning(Hazard.id)).scalar_one()
            if inspections:
                s.execute(insert(Inspection), [
                    {"hazard_id": hazard_id,
                     "inspected_at": now - timedelta(days=float(i["days_ago"])),
                     "inspector": i["inspector"], "findings": i.get("findings", ""),
                     "photos": json.dumps(i.get("photos", []), ensure_ascii=False),
                     "likelihood": int(i["likelihood"]), "severity": int(i["severity"]),
                     "recorded_by_id": operator_id,
                     "recorded_at": now - timedelta(days=float(i["days_ago"]))}
                    for i in inspections])
            s.execute(insert(AuditEntry).values(
                at=now, operator_id=operator_id, entity="hazard", entity_id=hazard_id,
                action="register", detail=json.dumps(
                    {"code": code, "loaded_from": "demo-center/hazards.csv",
                     "inspections": len(inspections)}, ensure_ascii=False, sort_keys=True)))
            s.execute(insert(Change).values(at=now, entity="hazard", entity_id=hazard_id,
                                            op="insert"))
    return len(rows)
