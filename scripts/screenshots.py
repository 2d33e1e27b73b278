"""README screenshots: the demo console in English and in Chinese, as PNG files.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]

Builds a demo database of its own (the demo district, two months of cases; Chinese case
titles for the Chinese picture), opens the main window in its default layout at each
screen size a center uses (1920×1080 and 1366×768) and grabs it (``QWidget.grab``), per
language: ``board-en-1920x1080.png``, ``board-zh_CN-1366x768.png`` and so on.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QTableView

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.app import open_app
from console.clock import FakeClock
from console.demo.feed import first_duty_officer, prepare_demo
from widgets.main_window import MainWindow
from widgets.shell.i18n import install_language
from widgets.shell.theme import Theme, apply_theme

SIZES = ((1920, 1080), (1366, 768))
MOMENT = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)  # 09:30 in Beijing: a morning shift


def shoot(lang: str, out: Path, work: Path) -> list[Path]:
    data_lang = "zh" if lang.startswith("zh") else "en"
    app = open_app(f"sqlite:///{work / f'demo-{lang}.sqlite'}", FakeClock(MOMENT))
    try:
        prepare_demo(app, lambda _line: None, lang=data_lang)
        app.act_as(first_duty_officer(app.operators).username)
        app.deadlines.backfill()
        app.escalation.sweep()
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        install_language(lang)
        apply_theme(qapp, Theme.DARK)
        shots = []
        for width, height in SIZES:
            settings = QSettings(str(work / f"{lang}-{width}.ini"), QSettings.Format.IniFormat)
            window = MainWindow(app, settings)
            window.resize(width, height)
            window.show()
            for _ in range(30):  # let the board's first page and the docks settle
                qapp.processEvents()
                QCoreApplication.sendPostedEvents(None, 0)
            # As on a shift: the most urgent case and the newest alert chosen.
            for name in ("caseTable", "alertTable"):
                table = window.findChild(QTableView, name)
                if table is not None:
                    table.selectRow(0)
            for _ in range(30):
                qapp.processEvents()
                QCoreApplication.sendPostedEvents(None, 0)
            target = out / f"board-{lang}-{width}x{height}.png"
            window.grab().save(str(target))
            shots.append(target)
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return shots
    finally:
        app.close()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as work:
        for lang in ("en", "zh_CN"):
            for shot in shoot(lang, out, Path(work)):
                print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
