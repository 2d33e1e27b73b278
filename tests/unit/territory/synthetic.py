"""Many grid cells for load checks: real communities cut into a lattice, as GeoJSON."""

# Each Taipei village (里) of the samples is cut into square cells clipped to its shape; the
# cells are coded ``<village code>-<n>`` so that their parent follows from the code, and the
# cells of all villages are written to one GeoJSON file. Measure by hand, for example:
#
#     .venv/bin/python -m tests.unit.territory.synthetic 10000

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from tests.unit.territory.sample_files import SAMPLES

VILLAGES = SAMPLES / "tw_taipei_villages.geojson"


def _villages(source: Path) -> list[tuple[str, str, BaseGeometry]]:
    document = json.loads(source.read_text(encoding="utf-8"))
    villages: list[tuple[str, str, BaseGeometry]] = []
    for feature in document["features"]:
        shape = shapely.make_valid(shapely.geometry.shape(feature["geometry"]))
        villages.append((str(feature["properties"]["CPTVID"]),
                         str(feature["properties"]["VNAME"]), shape))
    return villages


def _cells(villages: list[tuple[str, str, BaseGeometry]],
           size: float) -> list[tuple[str, str, BaseGeometry]]:
    cells: list[tuple[str, str, BaseGeometry]] = []
    for code, name, shape in villages:
        west, south, east, north = shape.bounds
        xs = np.arange(west, east, size)
        ys = np.arange(south, north, size)
        x, y = np.meshgrid(xs, ys)
        boxes = shapely.box(x.ravel(), y.ravel(), x.ravel() + size, y.ravel() + size)
        clipped = shapely.intersection(boxes, shape)
        polygonal = [piece for piece in clipped
                     if not piece.is_empty and piece.geom_type in ("Polygon", "MultiPolygon")]
        cells.extend((f"{code}-{index}", f"{name}{index}号网格", piece)
                     for index, piece in enumerate(polygonal, start=1))
    return cells


def grid_cells(count: int, source: Path = VILLAGES) -> list[tuple[str, str, BaseGeometry]]:
    """About ``count`` cells (at least ``count``, cut down to exactly ``count``)."""
    villages = _villages(source)
    total = sum(shape.area for _, _, shape in villages)
    size = math.sqrt(total / count)
    while True:
        cells = _cells(villages, size)
        if len(cells) >= count:
            return cells[:count]
        size *= 0.9


def write_grid_cells(path: Path, count: int, source: Path = VILLAGES) -> Path:
    """Write ``count`` grid cells (code, name, households) to a GeoJSON file at ``path``."""
    features = [
        {"type": "Feature",
         "properties": {"code": code, "name": name, "households": 100 + index % 50},
         "geometry": mapping(shape)}
        for index, (code, name, shape) in enumerate(grid_cells(count, source))]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    """Time planning ``argv[0]`` (10,000) cells with the Taipei villages as their parents."""
    from console.territory.plan import plan_import

    count = int(argv[0]) if argv else 10_000
    target = Path(argv[1]) if len(argv) > 1 else Path("/tmp/watchroom_grid_cells.geojson")
    write_grid_cells(target, count)
    started = time.perf_counter()
    villages = plan_import([VILLAGES], "community")
    middle = time.perf_counter()
    grids = plan_import([target], "grid", known_parents=villages.as_parents())
    done = time.perf_counter()
    print(f"{len(villages.areas)} villages planned in {middle - started:.2f} s")
    print(f"{len(grids.areas)} grid cells planned in {done - middle:.2f} s")
    print(grids.summary())


if __name__ == "__main__":
    main(sys.argv[1:])
