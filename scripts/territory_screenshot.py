"""README screenshot of the territory view on real files: Taipei's districts and villages.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/territory_screenshot.py [OUT_DIR] [GIS_DIR]

Builds a database of its own, imports ``tw_taipei_districts.geojson`` as districts and
``tw_taipei_villages.geojson`` as grids (from ``tests/samples/gis`` by default, as the
set-up assistant would), bases a grid-worker team in 湖田里, opens the main window at
1920×1080 with the territory view beside the board, chooses that grid and grabs the window
(``QWidget.grab``): ``territory.png``.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.app import open_app
from console.clock import FakeClock
from console.territory.plan import plan_import
from widgets.main_window import MainWindow
from widgets.shell.i18n import install_language
from widgets.shell.theme import Theme, apply_theme

SIZE = (1920, 1080)
MOMENT = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "samples" / "gis"
CHOSEN = "6301200042"  # 湖田里, a village of 北投區 on the slopes of Yangmingshan


def settle(qapp: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        qapp.processEvents()
        QCoreApplication.sendPostedEvents(None, 0)


def shoot(out: Path, samples: Path, work: Path) -> Path:
    app = open_app(f"sqlite:///{work / 'taipei.sqlite'}", FakeClock(MOMENT))
    try:
        app.operators.create_first_admin("admin", "Administrator", "correct-horse-9")
        admin = app.act_as("admin")
        app.territory.set_center(admin, "臺北市災害應變中心", "Asia/Taipei")
        territory = app.territory
        territory.store(admin, plan_import([samples / "tw_taipei_districts.geojson"],
                                           "district"))
        territory.store(admin, plan_import([samples / "tw_taipei_villages.geojson"], "grid",
                                           known_parents=territory.known_parents("grid")))
        territory.set_households(admin, CHOSEN, 1432, 3587)
        app.rosters.add_team(admin, code="GW-HUTIAN", name_en="Hutian grid workers",
                             name_zh="湖田里网格员", kind="grid_workers", base_grid=CHOSEN)
        for name, phone in (("陳美玲", "0912345678"), ("林志豪", "0923456789")):
            app.rosters.add_member(admin, team="GW-HUTIAN", name=name, role="網格員",
                                   phone=phone)
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        install_language("en")
        apply_theme(qapp, Theme.DARK)
        settings = QSettings(str(work / "territory.ini"), QSettings.Format.IniFormat)
        window = MainWindow(app, settings)
        window.resize(*SIZE)
        window.show()
        dock = window.territory_dock
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [SIZE[0] * 6 // 10], Qt.Orientation.Horizontal)
        alerts = window.findChild(QDockWidget, "alertPanelDock")
        if alerts is not None:
            alerts.raise_()  # the bottom strip shows the alerts, as at start, kept low
            window.resizeDocks([alerts], [200], Qt.Orientation.Vertical)
        view = window.territory
        view.reload()
        while not view.loaded():
            view.wait()
            settle(qapp, 5)
        view.select_area(CHOSEN)
        settle(qapp)
        target = out / "territory.png"
        window.grab().save(str(target))
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return target
    finally:
        app.close()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    samples = Path(sys.argv[2]) if len(sys.argv) > 2 else SAMPLES
    out.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as work:
        print(shoot(out, samples, Path(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
