"""One-off: turns the demo district's JSON (resources/demo/*.json) into the demo center
bundle (resources/demo-center/), with the exporter every center uses, and keeps beside it
only what is the demo's own activity: the case titles the seeding and the live feed use
(resources/demo/case_templates.json) and the hazards' inspection history
(resources/demo/inspections.json).

The demo grids name their communities; here each community becomes an area of the
``community`` level (its shape the union of its grids) and the district one of the
``district`` level, so the demo shows a real tree. Hazard dates are left empty in the
bundle: the demo's inspection history is relative to the day the demo starts
(resources/demo/inspections.json), as seeded cases are.

    PYTHONPATH=. python scripts/make_demo_center.py resources/demo-center
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from shapely.geometry import Polygon, mapping
from shapely.ops import unary_union

from console.app import open_app
from console.center.bundle import export_center
from console.clock import FakeClock
from console.territory.areas import Level
from console.territory.plan import plan_import
from db.demo.district_loader import load_district, read_district
from db.demo.roster_loader import load_roster

START = datetime(2026, 11, 22, tzinfo=UTC)
CENTER_NAME = ("新河区城市运行管理中心", "Xinhe District City Operations Center")


def community_code(name_en: str) -> str:
    return "XH-" + name_en.removesuffix(" Community").replace("'", "").upper()


def feature(code: str, name: str, parent: str | None, households: int | None,
            shape: Polygon) -> dict[str, object]:
    return {"type": "Feature", "geometry": mapping(shape),
            "properties": {"code": code, "name": name, "parent": parent,
                           "households": households}}


def main(target: Path) -> None:
    data = read_district()
    grids = {g["code"]: Polygon(g["polygon"]) for g in data["grids"]}
    communities: dict[str, list[dict[str, object]]] = {}
    for g in data["grids"]:
        communities.setdefault(community_code(g["community_en"]), []).append(g)
    district = data["district"]
    files: dict[Level, list[dict[str, object]]] = {
        "district": [feature(district["code"], district["name_zh"], None,
                             sum(int(g["households"]) for g in data["grids"]),
                             unary_union(list(grids.values())))],
        "community": [feature(code, members[0]["community_zh"], district["code"],
                              sum(int(m["households"]) for m in members),  # type: ignore[call-overload]
                              unary_union([grids[str(m["code"])] for m in members]))
                      for code, members in sorted(communities.items())],
        "grid": [feature(g["code"], g["name_zh"], community_code(g["community_en"]),
                         g["households"], grids[g["code"]]) for g in data["grids"]],
    }
    english = {district["code"]: district["name_en"],
               **{community_code(g["community_en"]): g["community_en"] for g in data["grids"]},
               **{g["code"]: g["name_en"] for g in data["grids"]}}
    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(f"sqlite:///{Path(tmp) / 'demo.sqlite'}", FakeClock(START))
        try:
            now = app.clock.now()
            load_district(app.db, now)  # grids (no areas yet), operators and teams
            app.district.invalidate()
            system = app.operators.system()
            for level, features in files.items():
                path = Path(tmp) / f"{level}.geojson"
                path.write_text(json.dumps({"type": "FeatureCollection",
                                            "features": features}, ensure_ascii=False))
                plan = plan_import([path], level, code_field="code", name_field="name",
                                   parent_field="parent", households_field="households",
                                   known_parents=app.territory.known_parents(level))
                print("\n".join(plan.report_lines()))
                app.territory.store(system, plan)
                app.territory.set_english_names(system, level, english)
            load_roster(app.db, now)
            app.district.invalidate()
            app.hazards.load_demo()
            app.center.update(system, name=CENTER_NAME[0], name_en=CENTER_NAME[1])
            for name in export_center(app, system, target):
                print(f"wrote {target / name}")
        finally:
            app.close()
    hazards = target / "hazards.csv"
    rows = list(csv.DictReader(io.StringIO(hazards.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "next_inspection_due": "", "last_inspected_at": ""})
    hazards.write_text(out.getvalue(), encoding="utf-8")


def demo_activity(folder: Path) -> None:
    """The demo's own files: case titles, and the inspection history in days before the
    demo starts (with the days since each hazard was registered)."""
    templates = read_district()["case_templates"]
    (folder / "case_templates.json").write_text(json.dumps(
        {"about": "Case titles of the demo: the seeded history and the live feed pick "
                  "from them (console/demo/feed.py, db/demo/seed.py).",
         "case_templates": templates}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    hazards = json.loads((folder / "hazards.json").read_text(encoding="utf-8"))["hazards"]
    history = {h["code"]: {"registered_days_ago": h.get("registered_days_ago", 365),
                           "inspections": h.get("inspections", [])} for h in hazards}
    (folder / "inspections.json").write_text(json.dumps(
        {"about": "The demo hazards' inspection history, in days before the demo starts, "
                  "so a demo started on any day has most hazards inspected on time, a few "
                  "coming due and a few overdue. The hazards themselves are in "
                  "resources/demo-center/hazards.csv.",
         "hazards": history}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    demo_activity(Path(__file__).resolve().parents[1] / "resources" / "demo")
