"""Draw the demo district's basemaps as MBTiles files (resources/demo-center/basemaps/).

The demo district is made up, so no map of it exists: this script draws one from the
district's own files, as a city's surveying office would, in two looks — a light street
map and a dark night map for a dim control room. Streets run along the grid cells' edges
(main roads along the communities'), the 滨河 river crosses the district from west to east,
a few cells hold parks, and from zoom 15 blocks of buildings fill the rest; names of the
communities and the river are written on the map. Each zoom is drawn as one picture over
the district's tiles and cut into 256-pixel tiles (so labels are never cut at a tile's
edge), stored PNG in MBTiles 1.3 with its metadata (TMS rows).

Run from the repository: ``.venv/bin/python scripts/make_demo_basemap.py``. The output is
deterministic (a fixed random seed), so the committed files only change with this script.
"""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from shapely.geometry import LineString, MultiPolygon, Polygon, shape
from shapely.ops import unary_union

from console.territory.tiles import ORIGIN_SHIFT, TILE_SIZE, mercator, tile_of

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "resources" / "demo-center"
OUT = BUNDLE / "basemaps"
ZOOMS = range(12, 17)  # 12: the whole district in a tile or two; 16: streets and blocks
MARGIN_DEG = 0.01  # drawn a little past the district, so its edge cells sit on a map
ATTRIBUTION = "Watchroom demo map, drawn from the demo district's files (fictional)"

LOOKS = {
    "demo-street": {
        "name": "Demo street map 演示街道图",
        "land": "#efece6", "park": "#cfe6c1", "water": "#a9cfee", "water_edge": "#8ab7df",
        "block": "#dcd6cc", "block_edge": "#cbc3b6", "street": "#ffffff",
        "street_case": "#cfc8bc", "main": "#fbe3a1", "main_case": "#d9b868",
        "label": "#3b3a36", "halo": "#f7f5f1", "water_label": "#2f6ea5",
    },
    "demo-night": {
        "name": "Demo night map 演示夜间图",
        "land": "#1b1f24", "park": "#1f2c22", "water": "#1a3144", "water_edge": "#22435c",
        "block": "#262b31", "block_edge": "#2d333a", "street": "#3a4149",
        "street_case": "#2a3037", "main": "#5a4d2e", "main_case": "#3d3522",
        "label": "#b9c2cc", "halo": "#14171b", "water_label": "#7fb0d8",
    },
}


def _features(level: str) -> list[dict[str, object]]:
    data = json.loads((BUNDLE / "territory" / f"{level}.geojson").read_text("utf-8"))
    return list(data["features"])


class Canvas:
    """One zoom's picture: Web Mercator metres → pixels of the tiles it covers."""

    def __init__(self, z: int, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.z = z
        x0, y0 = tile_of(west, north, z)
        x1, y1 = tile_of(east, south, z)
        self.tiles = (x0, y0, x1, y1)
        self.size = ((x1 - x0 + 1) * TILE_SIZE, (y1 - y0 + 1) * TILE_SIZE)
        self.scale = TILE_SIZE * 2 ** z / (2 * ORIGIN_SHIFT)  # pixels per metre
        self.origin = (-ORIGIN_SHIFT + x0 * TILE_SIZE / self.scale,
                       ORIGIN_SHIFT - y0 * TILE_SIZE / self.scale)

    def point(self, lon: float, lat: float) -> QPointF:
        x, y = mercator(lon, lat)
        return QPointF((x - self.origin[0]) * self.scale, (self.origin[1] - y) * self.scale)

    def path(self, geometry: object) -> QPainterPath:
        path = QPainterPath()
        parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        for part in parts:
            if isinstance(part, Polygon):
                for ring in (part.exterior, *part.interiors):
                    path.addPolygon(QPolygonF([self.point(x, y) for x, y in ring.coords]))
                    path.closeSubpath()
        return path

    def line(self, line: LineString) -> QPainterPath:
        path = QPainterPath()
        points = [self.point(x, y) for x, y in line.coords]
        path.moveTo(points[0])
        for p in points[1:]:
            path.lineTo(p)
        return path


def _river(bounds: tuple[float, float, float, float]) -> LineString:
    """滨河: from the west edge to the east, bending twice, north of the middle."""
    west, south, east, north = bounds
    mid = south + (north - south) * 0.58
    points = []
    for i in range(61):
        t = i / 60
        lon = west - MARGIN_DEG + t * (east - west + 2 * MARGIN_DEG)
        lat = mid + 0.0045 * math.sin(t * 2.4 * math.pi) + 0.002 * math.sin(t * 7.1)
        points.append((lon, lat))
    return LineString(points)


def _blocks(cell: Polygon, rng: random.Random, avoid: Polygon) -> list[Polygon]:
    """Building footprints inside a cell, clear of its edges and of the river."""
    west, south, east, north = cell.bounds
    inner = cell.buffer(-0.00045)
    out = []
    step = 0.0009
    lat = south + step / 2
    while lat < north:
        lon = west + step / 2
        while lon < east:
            if rng.random() < 0.8:
                w = step * rng.uniform(0.35, 0.7)
                h = step * rng.uniform(0.3, 0.6)
                block = Polygon([(lon - w / 2, lat - h / 2), (lon + w / 2, lat - h / 2),
                                 (lon + w / 2, lat + h / 2), (lon - w / 2, lat + h / 2)])
                if inner.contains(block) and not block.intersects(avoid):
                    out.append(block)
            lon += step
        lat += step
    return out


def draw(look: dict[str, str], z: int, bounds: tuple[float, float, float, float],
         grids: list[tuple[str, Polygon]], communities: list[tuple[str, str, Polygon]],
         river: LineString) -> tuple[Canvas, QImage]:
    canvas = Canvas(z, bounds)
    image = QImage(canvas.size[0], canvas.size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(look["land"]))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    metre = canvas.scale  # pixels per (Mercator) metre at this zoom
    water_width = max(3.0, 70 * metre)
    river_path = canvas.line(river)
    rng = random.Random(7)
    water_area = river.buffer(0.0009)
    # Parks: every seventh cell, a green square in its middle.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(look["park"]))
    for i, (_code, cell) in enumerate(grids):
        if i % 7 == 3:
            c = cell.centroid
            park = cell.intersection(c.buffer(0.0022, cap_style="square"))
            p.drawPath(canvas.path(park))
    if z >= 15:
        p.setPen(QPen(QColor(look["block_edge"]), 1))
        p.setBrush(QColor(look["block"]))
        for i, (_code, cell) in enumerate(grids):
            for block in _blocks(cell, rng, water_area):
                if i % 7 == 3 and block.centroid.distance(cell.centroid) < 0.0022:
                    continue  # the park
                p.drawPath(canvas.path(block))
    # The river, its bank a shade darker.
    for colour, width in ((look["water_edge"], water_width + 2), (look["water"], water_width)):
        p.setPen(QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap,
                      Qt.PenJoinStyle.RoundJoin))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(river_path)
    # Streets along the grid edges; main roads along the communities'.
    street = max(1.0, 14 * metre)
    main = max(1.6, 26 * metre)
    edges = unary_union([cell.boundary for _c, cell in grids])
    mains = unary_union([area.boundary for _c, _n, area in communities])
    for lines, width, fill, case in ((edges, street, look["street"], look["street_case"]),
                                     (mains, main, look["main"], look["main_case"])):
        path = QPainterPath()
        for part in getattr(lines, "geoms", [lines]):
            path.addPath(canvas.line(part))
        for colour, w in ((case, width + 2), (fill, width)):
            p.setPen(QPen(QColor(colour), w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
            p.drawPath(path)
    # Names: the river and, from zoom 14, the communities.
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(12 if z < 15 else 14)
    p.setFont(font)

    def label(at: QPointF, text: str, colour: str) -> None:
        outline = QPainterPath()
        width = p.fontMetrics().horizontalAdvance(text)
        outline.addText(at.x() - width / 2, at.y(), font, text)
        stroke = QPainterPathStroker()
        stroke.setWidth(3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(look["halo"]))
        p.drawPath(stroke.createStroke(outline))
        p.setBrush(QColor(colour))
        p.drawPath(outline)

    for t in (0.2, 0.75) if z >= 14 else (0.5,):
        point = river.interpolate(t, normalized=True)
        label(canvas.point(point.x, point.y + 0.0004), "滨河 Binhe River", look["water_label"])
    if z >= 14:
        for _code, name, area in communities:
            c = area.representative_point()
            label(canvas.point(c.x, c.y), name, look["label"])
    p.end()
    return canvas, image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> None:
    QGuiApplication.instance() or QGuiApplication([])
    grids = [(str(f["properties"]["code"]), shape(f["geometry"])) for f in _features("grid")]
    communities = [(str(f["properties"]["code"]), str(f["properties"]["name"]),
                    shape(f["geometry"])) for f in _features("community")]
    whole = unary_union([g for _c, g in grids])
    west, south, east, north = whole.bounds
    bounds = (west - MARGIN_DEG, south - MARGIN_DEG, east + MARGIN_DEG, north + MARGIN_DEG)
    river = _river(whole.bounds)
    OUT.mkdir(parents=True, exist_ok=True)
    for slug, look in LOOKS.items():
        target = OUT / f"{slug}.mbtiles"
        target.unlink(missing_ok=True)
        con = sqlite3.connect(target)
        con.executescript(
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB);"
            "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);")
        count = 0
        for z in ZOOMS:
            canvas, image = draw(look, z, bounds, grids, communities, river)
            x0, y0, x1, y1 = canvas.tiles
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    tile = image.copy(QRectF((x - x0) * TILE_SIZE, (y - y0) * TILE_SIZE,
                                             TILE_SIZE, TILE_SIZE).toRect())
                    con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                                (z, x, 2 ** z - 1 - y, _png(tile)))
                    count += 1
        meta = {"name": look["name"], "format": "png", "type": "baselayer", "version": "1",
                "minzoom": str(ZOOMS[0]), "maxzoom": str(ZOOMS[-1]),
                "bounds": ",".join(f"{v:.6f}" for v in bounds),
                "center": f"{(west + east) / 2:.6f},{(south + north) / 2:.6f},14",
                "attribution": ATTRIBUTION,
                "description": "The demo district's streets, river and parks (made up)."}
        con.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()
        print(f"{target.relative_to(ROOT)}: {count} tiles, "
              f"{target.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
