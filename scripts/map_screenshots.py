"""Screenshots of the real map: the demo console with its night basemap under the grid
cells, open cases placed at their points, alerts and team bases; and the new-case dialog
with a case placed on its map.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/map_screenshots.py [OUT_DIR]

Writes ``map-1920x1080.png``, ``map-1366x768.png`` and ``map-new-case.png``.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication
from shapely.geometry import Point, Polygon

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.app import open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.demo.feed import prepare_demo
from console.territory.places import LonLat
from widgets.cases.new_case_dialog import NewCaseDialog
from widgets.main_window import MainWindow
from widgets.shell.theme import Theme, apply_theme

SIZES = ((1920, 1080), (1366, 768))
MOMENT = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
TITLES = ["Water main burst", "Blocked drain", "Fallen tree on the road", "Broken street light",
          "Illegal parking on the fire lane", "Smoke from a restaurant kitchen",
          "Manhole cover missing", "Garbage piled at the gate"]


def _settle(qapp: QApplication, rounds: int = 40) -> None:
    for _ in range(rounds):
        qapp.processEvents()
        QCoreApplication.sendPostedEvents(None, 0)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qapp = QApplication(sys.argv[:1])
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as work:
        clock = FakeClock(MOMENT)
        app = open_app(f"sqlite:///{Path(work) / 'demo.sqlite'}", clock)
        try:
            prepare_demo(app, lambda _line: None, lang="en")
            duty = next(o for o in app.operators.list() if o.role is Role.DUTY_OFFICER)
            app.act_as(duty.username)
            grids = app.district.active_grids()
            for i in range(60):  # a busy night's calls, placed where the callers said
                grid = rng.choice(grids[:18]) if i % 3 else rng.choice(grids)
                cell = Polygon(grid.polygon)
                west, south, east, north = cell.bounds
                while True:
                    lon, lat = rng.uniform(west, east), rng.uniform(south, north)
                    if cell.contains(Point(lon, lat)):
                        break
                app.cases.report(app.operator, title=rng.choice(TITLES),
                                 category=rng.choice(["utilities", "traffic", "environment"]),
                                 severity=rng.choice([1, 2, 3, 3, 4]),
                                 point=LonLat(lon, lat))
            apply_theme(qapp, Theme.DARK)
            for width, height in SIZES:
                settings = QSettings(str(Path(work) / f"{width}.ini"),
                                     QSettings.Format.IniFormat)
                window = MainWindow(app, settings)
                window.resize(width, height)
                window.show()
                window.grid_map.parentWidget().show()
                dock = window.grid_map.parentWidget()
                dock.raise_()
                for _ in range(60):
                    _settle(qapp, 5)
                    window.grid_map.view.grab()
                    if window.grid_map.loaded and window.grid_map.view.tiles.idle() \
                            and window.grid_map.view.tiles.requested:
                        break
                window.grid_map.view.tiles.wait()
                _settle(qapp)
                target = out / f"map-{width}x{height}.png"
                window.grab().save(str(target))
                print(target)
                if width == 1920:
                    dialog = NewCaseDialog(app, window)
                    dialog.resize(1040, 620)
                    dialog.show()
                    for _ in range(60):
                        _settle(qapp, 5)
                        if dialog.place_map.loaded:
                            break
                    grid = app.district.grid_by_code("XH-09")
                    inner = Polygon(grid.polygon).representative_point()
                    dialog.place_at(inner.x, inner.y)
                    for _ in range(40):
                        _settle(qapp, 5)
                        dialog.place_map.view.grab()
                    dialog.place_map.view.tiles.wait()
                    _settle(qapp)
                    dialog.grab().save(str(out / "map-new-case.png"))
                    print(out / "map-new-case.png")
                    dialog.reject()
                window.close()
                window.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
