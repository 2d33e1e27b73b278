"""Loads a district (grids, operators, teams) from the JSON shipped in resources/."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from db.database import Database
from db.models import Change, Grid, Operator, Team

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEMO_DISTRICT = RESOURCES / "demo" / "district.json"


def read_district(path: Path = DEMO_DISTRICT) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def load_district(db: Database, now: datetime, path: Path = DEMO_DISTRICT) -> bool:
    """Insert the district's grids, operators and teams into an empty database.

    Returns False (and changes nothing) when the database already has grids.
    """
    data = read_district(path)
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Grid)):
            return False
        s.execute(insert(Grid), [
            {"code": g["code"], "name_en": g["name_en"], "name_zh": g["name_zh"],
             "community_en": g.get("community_en", ""), "community_zh": g.get("community_zh", ""),
             "households": int(g.get("households", 0)),
             "polygon": json.dumps(g.get("polygon", []))}
            for g in data["grids"]
        ])
        grid_ids = {code: gid for code, gid in s.execute(select(Grid.code, Grid.id))}
        existing = set(s.scalars(select(Operator.username)))
        operators = [o for o in data.get("operators", []) if o["username"] not in existing]
        if operators:
            s.execute(insert(Operator), [
                {"username": o["username"], "display_name": o["display_name"],
                 "role": o["role"], "active": True, "created_at": now}
                for o in operators
            ])
        s.execute(insert(Team), [
            {"code": t["code"], "name_en": t["name_en"], "name_zh": t["name_zh"],
             "kind": t["kind"], "base_grid_id": grid_ids.get(t.get("base_grid", "")),
             "min_staffing": int(t.get("min_staffing", 1)), "version": 1}
            for t in data.get("teams", [])
        ])
        # One change tells every console to reload its reference data.
        s.execute(insert(Change).values(at=now, entity="district", entity_id=0, op="reload"))
    return True
