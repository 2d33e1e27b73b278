"""Loads the demo district's hazards and their inspection history from resources/demo.

The file (``resources/demo/hazards.json``) gives times relative to the moment of loading
(``registered_days_ago``, an inspection's ``days_ago``) so that a demo started on any day
has a realistic spread: most hazards inspected on time, a few coming due, a few overdue.
Each hazard has ``name_zh`` and ``name_en``; grids are codes of ``district.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from db.database import Database
from db.demo.district_loader import RESOURCES
from db.models import AuditEntry, Change, Grid
from db.models.hazards import Hazard, Inspection

DEMO_HAZARDS = RESOURCES / "demo" / "hazards.json"

# (likelihood, severity) -> (score, level): the console's risk matrix, passed in so that
# the rule lives in one place.
Assess = Callable[[int, int], tuple[int, str]]


def read_hazards(path: Path = DEMO_HAZARDS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    hazards: list[dict[str, Any]] = data["hazards"]
    return hazards


def display_name(entry: dict[str, Any], lang: str = "both") -> str:
    """``滨河加油站 · Binhe Petrol Station`` (or one of the two, for ``zh``/``en``)."""
    zh, en = entry.get("name_zh", ""), entry.get("name_en", "")
    if lang == "zh":
        return str(zh or en)
    if lang == "en":
        return str(en or zh)
    return f"{zh} · {en}" if zh and en else str(zh or en)


def load_hazards(db: Database, now: datetime, operator_id: int, assess: Assess,
                 path: Path = DEMO_HAZARDS, lang: str = "both") -> int:
    """Insert the file's hazards and their inspections into a registry that is empty,
    with one audit entry and one change-feed entry per hazard. Returns how many hazards
    were loaded (0, changing nothing, when the registry already has hazards). Inspection
    clocks are the caller's to start (``HazardService.backfill_clocks``)."""
    entries = read_hazards(path)
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Hazard)):
            return 0
        grid_ids = {code: gid for code, gid in s.execute(select(Grid.code, Grid.id))}
        for entry in entries:
            code = entry["code"]
            if entry["grid"] not in grid_ids:
                raise ValueError(f"{path.name}: hazard {code} names unknown grid "
                                 f"{entry['grid']!r}; load the district first")
            interval = int(entry["inspection_interval_days"])
            inspections = sorted(entry.get("inspections", []), key=lambda i: -i["days_ago"])
            created = now - timedelta(days=float(entry.get("registered_days_ago", 365)))
            likelihood, severity = int(entry["likelihood"]), int(entry["severity"])
            last: datetime | None = None
            if inspections:
                last = now - timedelta(days=float(inspections[-1]["days_ago"]))
                likelihood = int(inspections[-1]["likelihood"])
                severity = int(inspections[-1]["severity"])
            score, level = assess(likelihood, severity)
            status = entry.get("status", "active")
            due = (last or created) + timedelta(days=interval)
            hazard_id = s.execute(insert(Hazard).values(
                code=code, name=display_name(entry, lang), kind=entry["kind"],
                grid_id=grid_ids[entry["grid"]], location=entry.get("location", ""),
                lon=entry.get("lon"), lat=entry.get("lat"),
                responsible_unit=entry.get("responsible_unit", ""),
                contact=entry.get("contact", ""), surroundings=entry.get("surroundings", ""),
                controls=entry.get("controls", ""), likelihood=likelihood, severity=severity,
                score=score, level=str(level), status=status,
                inspection_interval_days=interval,
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
                    {"code": code, "loaded_from": path.name, "inspections": len(inspections)},
                    ensure_ascii=False, sort_keys=True)))
            s.execute(insert(Change).values(at=now, entity="hazard", entity_id=hazard_id,
                                            op="insert"))
    return len(entries)
