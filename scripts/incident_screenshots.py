"""Screenshots of emergency mode: the demo console with a declared flood incident.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/incident_screenshots.py [OUT_DIR]

The demo center (two months of cases), a coordinator at the seat, a level III flood
declared over three grids 2 h 05 min ago with two cases and an alert linked, a team
committed, a task done and the first report sent; the main window at 1920×1080 and
1366×768: ``incident-1920x1080.png``, ``incident-1366x768.png``.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.app import open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.demo.feed import prepare_demo
from widgets.main_window import MainWindow
from widgets.shell.theme import Theme, apply_theme

SIZES = ((1920, 1080), (1366, 768))
MOMENT = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
PLANS = Path(__file__).resolve().parent.parent / "resources/demo-center/plans.yaml"


def _settle(qapp: QApplication) -> None:
    for _ in range(30):
        qapp.processEvents()
        QCoreApplication.sendPostedEvents(None, 0)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qapp = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as work:
        clock = FakeClock(MOMENT)
        app = open_app(f"sqlite:///{Path(work) / 'demo.sqlite'}", clock)
        try:
            prepare_demo(app, lambda _line: None, lang="en")
            coord = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
            app.act_as(coord.username)
            app.incidents.import_plans(app.operator, PLANS)
            grids = ["XH-07", "XH-08", "XH-09"]
            detail = app.incidents.declare(
                app.operator, title="Underpass flooded", kind="flood", level=4, grids=grids,
                occurred_at=clock.now() - timedelta(minutes=5))
            ref = detail.row.reference
            app.incidents.set_level(app.operator, ref, 3, "Water still rising")
            cases = [c.reference for c in app.incidents.get(ref).cases][:2]
            alerts = [f"A{a.target_id}" for a in app.incidents.get(ref).alerts][:1]
            if cases or alerts:
                app.incidents.link(app.operator, ref, cases + alerts)
            app.incidents.commit_team(app.operator, ref, "UTIL-1", task="Pumps at the underpass")
            clock.advance(timedelta(minutes=40))
            app.incidents.finish_task(app.operator, ref, "T1")
            app.incidents.record_report(app.operator, ref, "first",
                                        {"text": "First report: underpass flooded."})
            app.incidents.set_figures(app.operator, ref, {"evacuated": 35, "injured": 1})
            app.incidents.add_log(app.operator, ref, "Pump 3 arrived at the underpass")
            clock.advance(timedelta(minutes=80))
            app.escalation.sweep()
            apply_theme(qapp, Theme.DARK)
            for width, height in SIZES:
                settings = QSettings(str(Path(work) / f"{width}.ini"),
                                     QSettings.Format.IniFormat)
                window = MainWindow(app, settings)
                window.resize(width, height)
                window.show()
                _settle(qapp)
                window.incidents.show_incident(ref)  # as a click on the banner does
                _settle(qapp)
                target = out / f"incident-{width}x{height}.png"
                window.grab().save(str(target))
                print(target)
                window.close()
                window.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
