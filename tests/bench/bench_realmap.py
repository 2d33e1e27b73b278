"""Issue 21 figures: the real map over a city's 10,000 grid cells.

- the map opened with a basemap (tiles from an MBTiles file drawn here, at the zooms the
  view asks for) and 10,000 cells, until the cells' figures and every visible tile are in
  and painted;
- a pan frame and a zoom frame with the tiles cached (move, then a synchronous repaint
  of the 900 × 700 viewport);
- 10,000 case markers clustered and drawn (the clusters worked out for the zoom, then
  the viewport painted);
- point → grid over the 10,000 cells (the STRtree of their shapes), per point.

The cells are the Taipei villages cut into 10,000 squares (the territory bench's city).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench.bench_territory import GRIDS, _fresh_app, _import, _load
from tests.bench.harness import Report, Result, timed_ms

OPEN_TARGET_S = 1.0
FRAME_TARGET_MS = 16.0
MARKERS = 10_000
MARKERS_TARGET_MS = 50.0
LOCATE_TARGET_MS = 1.0
TILE_ZOOMS = range(10, 16)


def _tiles(path: Path, bounds: tuple[float, float, float, float]) -> int:
    """An MBTiles file over ``bounds``: each tile a picture with streets and its own
    address written on it (what a tile costs to decode, not a flat colour)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from console.territory.tiles import tile_of

    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE metadata (name TEXT, value TEXT);"
                      "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                      "tile_row INTEGER, tile_data BLOB);")
    west, south, east, north = bounds
    count = 0
    for z in TILE_ZOOMS:
        x0, y0 = tile_of(west, north, z)
        x1, y1 = tile_of(east, south, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                image = QImage(256, 256, QImage.Format.Format_RGB32)
                image.fill(QColor("#1d2126"))
                painter = QPainter(image)
                painter.setPen(QPen(QColor("#3a4149"), 3))
                for k in range(0, 256, 64):
                    painter.drawLine(k + (x % 7), 0, k + (y % 5), 256)
                    painter.drawLine(0, k + (y % 3), 256, k)
                painter.setPen(QColor("#8a94a0"))
                painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, f"{z}/{x}/{y}")
                painter.end()
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")
                con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                            (z, x, 2 ** z - 1 - y, bytes(data.data())))
                count += 1
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "Bench city"), ("format", "png"), ("minzoom", str(TILE_ZOOMS[0])),
        ("maxzoom", str(TILE_ZOOMS[-1])), ("attribution", "drawn by the bench")])
    con.commit()
    con.close()
    return count


def _wait(condition, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop (sleeping between events, as the console does) until true."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout_s
    while not condition() and time.perf_counter() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(2, loop.quit)
        loop.exec()


def run(_ds: object, report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.unit.territory.synthetic import write_grid_cells

    _qapp = QApplication.instance() or QApplication([])  # the tiles are drawn with Qt

    with tempfile.TemporaryDirectory(prefix="watchroom-realmap-") as tmp:
        folder = Path(tmp)
        print(f"  cutting {GRIDS:,} grid cells and drawing their tiles…", flush=True)
        cells = write_grid_cells(folder / "grids.geojson", GRIDS)
        _import(folder, cells, 0)
        app = _fresh_app(folder, "import-0.sqlite")
        try:
            _measure(app, folder, report)
        finally:
            app.close()


def _measure(app, folder: Path, report: Report) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication
    from shapely.ops import unary_union

    from console.territory.grid_map import CasePoint, MapPoints
    from console.territory.places import LonLat
    from widgets.grid_map.panel import GridMap
    from widgets.shell.theme import Theme, apply_theme

    grids = app.district.active_grids()
    import shapely

    whole = unary_union([shapely.Polygon(g.polygon) for g in grids if len(g.polygon) >= 3])
    tiles = _tiles(folder / "city.mbtiles", whole.bounds)
    app.basemaps.add(app.operator, str(folder / "city.mbtiles"))

    # ---- point → grid ------------------------------------------------------------------
    locator = app.district.locator()
    rnd = random.Random(5)
    west, south, east, north = whole.bounds
    points = [LonLat(rnd.uniform(west, east), rnd.uniform(south, north)) for _ in range(10_000)]
    started = time.perf_counter()
    found = sum(1 for p in points if locator.grid_at(p) is not None)
    per_point_ms = (time.perf_counter() - started) * 1000 / len(points)
    near_ms, _ = timed_ms(lambda: locator.nearest(LonLat(west - 0.01, south - 0.01)), repeat=50)
    report.add(Result(21, f"point → grid over {len(locator):,} grid shapes (STRtree)",
                      per_point_ms, "ms", target=LOCATE_TARGET_MS,
                      note=f"per point, 10,000 random points ({found:,} inside); off the "
                           f"territory with the nearest grid {near_ms:.2f} ms; {_load()}"))

    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, Theme.DARK)
    opens = []
    grid_map = None
    for _ in range(3):
        if grid_map is not None:
            grid_map.shutdown()
            grid_map.deleteLater()
        started = time.perf_counter()
        grid_map = GridMap(app)
        grid_map.resize(900, 700)
        grid_map.show()
        view = grid_map.view
        _wait(lambda gm=grid_map: gm.loaded)
        view.viewport().repaint()  # the first paint asks for the visible tiles
        _wait(lambda v=view: v.tiles.idle())
        view.viewport().repaint()
        opens.append(time.perf_counter() - started)
    assert grid_map is not None
    view = grid_map.view
    report.add(Result(21, f"map opens with the basemap and {len(grids):,} cells (cells, "
                          "figures and every visible tile painted)",
                      statistics.median(opens), "s", target=OPEN_TARGET_S,
                      note=f"median of 3; {tiles:,} tiles in the MBTiles; "
                           f"{view.tiles.requested} tiles read; {_load()}"))

    # ---- pan and zoom with the tiles cached --------------------------------------------
    view.zoom_by(4.0)
    centre = view.mapToScene(view.viewport().rect().center())
    path = [QPointF(centre.x() + 40 * i * (1 if (i // 20) % 2 else -1), centre.y() + 15 * i)
            for i in range(60)]

    def visit(point: QPointF) -> None:
        view.centerOn(point)
        view.viewport().repaint()

    for point in path:  # the tiles of the path, read and kept
        visit(point)
        _wait(lambda: view.tiles.idle())
    steps = iter(path * 3)
    pan_ms, pan_worst = timed_ms(lambda: visit(next(steps)), repeat=120, warmup=5)
    flip = [False]

    def zoom_frame() -> None:
        flip[0] = not flip[0]
        view.zoom_by(1.25 if flip[0] else 1 / 1.25)
        view.viewport().repaint()

    for _ in range(4):
        zoom_frame()
        _wait(lambda: view.tiles.idle())
    zoom_ms, zoom_worst = timed_ms(zoom_frame, repeat=40, warmup=2)
    report.add(Result(21, "pan frame with tiles cached (900 × 700, 10,000 cells)", pan_ms,
                      "ms", target=FRAME_TARGET_MS,
                      note=f"median of 120 moves; worst {pan_worst:.1f} ms; {_load()}"))
    report.add(Result(21, "zoom frame (one wheel step) with tiles cached", zoom_ms, "ms",
                      target=FRAME_TARGET_MS,
                      note=f"median of 40; worst {zoom_worst:.1f} ms; {_load()}"))

    # ---- 10,000 case markers -----------------------------------------------------------
    grid_map.fit_district()
    cases = [CasePoint(i, f"C-2026-{i:06d}", "Case", (p.lon, p.lat), 1 + i % 4, i % 3)
             for i, p in enumerate(points[:MARKERS])]
    grid_map.points.set_points(MapPoints(cases, [], []),
                               grid_map._projection)
    layer = grid_map.points

    def markers_frame() -> None:
        layer.set_visible_kinds(True, True, True)  # clusters worked out again
        view.viewport().repaint()

    markers_ms, markers_worst = timed_ms(markers_frame, repeat=20)
    clusters = len(layer.clusters(view.transform().m11()))
    report.add(Result(21, f"{MARKERS:,} case markers clustered and drawn", markers_ms, "ms",
                      target=MARKERS_TARGET_MS,
                      note=f"median; worst {markers_worst:.1f} ms; {clusters} markers on "
                           f"screen at the district's fit, viewport painted; {_load()}"))
    grid_map.shutdown()
    grid_map.deleteLater()
