"""The demo center's district, fast: its territory, teams and operators inserted straight
from the bundle files in resources/demo-center/ (tests and seeding load it thousands of
times; the demo itself loads the whole bundle through ``center import``).

The bundle was written by ``center export``, so its files are taken as they are, without
the checks an import makes; tests/unit/center/test_demo_bundle.py checks that this gives
the same territory, teams and operators as ``center import`` does.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from db.database import Database
from db.models import Area, Change, Grid, Operator, Team

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEMO_CENTER = RESOURCES / "demo-center"
CASE_TEMPLATES = RESOURCES / "demo" / "case_templates.json"
AREA_LEVELS = ("district", "street", "community")


def read_case_templates(path: Path = CASE_TEMPLATES) -> list[dict[str, Any]]:
    """The demo's case titles (English and Chinese), category, severity and sources."""
    with path.open(encoding="utf-8") as f:
        templates: list[dict[str, Any]] = json.load(f)["case_templates"]
    return templates


def read_rows(path: Path) -> list[dict[str, str]]:
    """A sheet of the bundle as rows of column → text."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def read_features(bundle: Path, level: str) -> list[dict[str, Any]]:
    """The features of one territory level of the bundle (none when it has no such level)."""
    path = bundle / "territory" / f"{level}.geojson"
    if not path.is_file():
        return []
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def outer_ring(geometry: dict[str, Any]) -> list[list[float]]:
    """The exterior ring of the largest part (what grids keep in ``polygon``)."""
    # shapely loads with the first district loaded, not with every command line run.
    from shapely.geometry import MultiPolygon, Polygon, shape

    geom = shape(geometry)
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    largest = max((p for p in parts if isinstance(p, Polygon)), key=lambda p: p.area)
    return [[x, y] for x, y in largest.exterior.coords]


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def load_district(db: Database, now: datetime, bundle: Path = DEMO_CENTER) -> bool:
    """Insert the bundle's areas, grids, operators and teams (without leaders: those are
    members, loaded with the roster) into a database without grids.

    Returns False (and changes nothing) when the database already has grids.
    """
    with db.write.begin() as s:
        if s.scalar(select(func.count()).select_from(Grid)):
            return False
        ids: dict[str, int] = {}
        names: dict[str, tuple[str, str]] = {}
        for level in AREA_LEVELS:
            for f in read_features(bundle, level):
                p = f["properties"]
                ids[p["code"]] = s.execute(insert(Area).values(
                    code=p["code"], level=level, name_zh=p["name"], name_en=p["name_en"] or "",
                    parent_id=ids.get(p["parent"]) if p["parent"] else None,
                    geometry=_compact(f["geometry"]), households=p["households"],
                    population=p["population"], retired_at=now if p["retired"] else None,
                    updated_at=now, version=1).returning(Area.id)).scalar_one()
                names[p["code"]] = (p["name"], p["name_en"] or "")
        grids = [f for f in read_features(bundle, "grid")]
        s.execute(insert(Grid), [
            {"code": p["code"], "name_zh": p["name"], "name_en": p["name_en"] or "",
             "community_zh": names.get(p["parent"], ("", ""))[0],
             "community_en": names.get(p["parent"], ("", ""))[1],
             "households": p["households"] or 0, "population": p["population"],
             "polygon": _compact(outer_ring(f["geometry"])),
             "geometry": _compact(f["geometry"]), "area_id": ids.get(p["parent"]),
             "retired_at": now if p["retired"] else None, "version": 1}
            for f in grids for p in [f["properties"]]])
        grid_ids = dict(s.execute(select(Grid.code, Grid.id)).all())
        existing = set(s.scalars(select(Operator.username)))
        operators = [o for o in read_rows(bundle / "operators.csv")
                     if o["username"] not in existing]
        if operators:
            s.execute(insert(Operator), [
                {"username": o["username"], "display_name": o["display_name"],
                 "role": o["role"], "active": o["active"] == "yes", "created_at": now,
                 "phone": o["phone"], "email": o["email"]} for o in operators])
        s.execute(insert(Team), [
            {"code": t["code"], "name_en": t["name_en"], "name_zh": t["name_zh"],
             "kind": t["kind"], "base_grid_id": grid_ids.get(t["base_grid"]),
             "min_staffing": int(t["min_staffing"]), "version": 1}
            for t in read_rows(bundle / "teams.csv")])
        # One change tells every console to reload its reference data.
        s.execute(insert(Change).values(at=now, entity="district", entity_id=0, op="reload"))
    return True
