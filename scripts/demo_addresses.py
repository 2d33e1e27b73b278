"""Write resources/demo-center/addresses.csv: the demo district's door-plate registry.

Made-up but plausible: roads crossing the demo district (路 east–west, 街 north–south)
with door numbers every 200 m, odd on the north (east) side and even on the south (west)
side, rising from the west (south) end, as Chinese door plates do; and the numbered
buildings (幢) of three housing estates inside their grids. Every point lies inside a
grid of resources/demo-center/territory/grid.geojson (a position outside the district is
skipped). Deterministic: run it again and the file is the same.

    .venv/bin/python scripts/demo_addresses.py
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from console.territory.gazetteer import write_addresses  # noqa: E402

BUNDLE = ROOT / "resources" / "demo-center"
SPACING_M = 200.0
SIDE_M = 12.0  # a door stands back from the road's centre line
M_PER_DEG_LAT = 111_320.0
# East–west roads at a latitude, north–south streets at a longitude.
ROADS = (("滨河路", 30.2965), ("和平路", 30.2875), ("朝晖路", 30.2800),
         ("新河路", 30.2720), ("西园路", 30.2640))
STREETS = (("学府街", 120.1555), ("望江街", 120.1765), ("东新街", 120.1955),
           ("江岸街", 120.2065))
# Housing estates: their buildings (幢) scattered inside one grid each.
ESTATES = (("朝晖一区", "XH-13", 14), ("朝晖二区", "XH-14", 12), ("工人新村", "XH-26", 12))


def grids() -> dict[str, BaseGeometry]:
    data = json.loads((BUNDLE / "territory" / "grid.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: shape(f["geometry"]) for f in data["features"]}


def inside(cells: dict[str, BaseGeometry], lon: float, lat: float) -> bool:
    point = Point(lon, lat)
    return any(cell.contains(point) for cell in cells.values())


def addresses() -> list[tuple[str, float, float]]:
    cells = grids()
    west, south, east, north = (min(c.bounds[0] for c in cells.values()),
                                min(c.bounds[1] for c in cells.values()),
                                max(c.bounds[2] for c in cells.values()),
                                max(c.bounds[3] for c in cells.values()))
    rng = random.Random(21)
    out: list[tuple[str, float, float]] = []
    m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians((south + north) / 2))

    def door(name: str, number: int, lon: float, lat: float) -> None:
        lon += rng.uniform(-8, 8) / m_per_deg_lon
        lat += rng.uniform(-8, 8) / M_PER_DEG_LAT
        if inside(cells, lon, lat):
            out.append((f"{name}{number}号", round(lon, 7), round(lat, 7)))

    for name, lat in ROADS:
        steps = int((east - west) * m_per_deg_lon / SPACING_M)
        for i in range(steps + 1):
            lon = west + (i + 0.5) * SPACING_M / m_per_deg_lon
            door(name, 2 * i + 1, lon, lat + SIDE_M / M_PER_DEG_LAT)
            door(name, 2 * i + 2, lon, lat - SIDE_M / M_PER_DEG_LAT)
    for name, lon in STREETS:
        steps = int((north - south) * M_PER_DEG_LAT / SPACING_M)
        for i in range(steps + 1):
            lat = south + (i + 0.5) * SPACING_M / M_PER_DEG_LAT
            door(name, 2 * i + 1, lon + SIDE_M / m_per_deg_lon, lat)
            door(name, 2 * i + 2, lon - SIDE_M / m_per_deg_lon, lat)
    for estate, code, buildings in ESTATES:
        cell = cells[code]
        x0, y0, x1, y1 = cell.bounds
        number = 1
        while number <= buildings:
            lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if cell.buffer(-0.0003).contains(Point(lon, lat)):
                out.append((f"{estate}{number}幢", round(lon, 7), round(lat, 7)))
                number += 1
    return sorted(out)


def main() -> int:
    rows = addresses()
    target = BUNDLE / "addresses.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        write_addresses(out, rows)
    print(f"{target.relative_to(ROOT)}: {len(rows)} addresses")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
