"""One clock, one zone: only console/clock.py reads the machine's time, and nothing
converts a time into the machine's zone. Both are checked facts of ``make test``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [*(ROOT / d for d in ("console", "widgets", "db", "api", "tests")), ROOT / "main.py"]

# Conversions to the machine's zone: astimezone() with no zone, Qt's local time and
# system zone, and timestamps read without a zone.
MACHINE_ZONE = re.compile(
    r"\.astimezone\(\s*\)|toLocalTime\(|QTimeZone\.systemTimeZone|fromtimestamp\([^,()]*\)")


def _python_files() -> list[Path]:
    files: list[Path] = []
    for source in SOURCES:
        if source.is_file():
            files.append(source)
        elif source.is_dir():
            files.extend(source.rglob("*.py"))
    return files


def test_no_time_is_put_in_the_machines_zone() -> None:
    hits = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for path in _python_files() if path != Path(__file__).resolve()
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if MACHINE_ZONE.search(line)]
    assert not hits, ("times for a person are in the center's zone (console.core.local_time, "
                      "widgets.common.time_text), never the machine's:\n" + "\n".join(hits))


def test_lint_refuses_a_new_wall_clock_call(tmp_path: Path) -> None:
    probe = tmp_path / "panel.py"
    probe.write_text(
        "from datetime import UTC, datetime\n"
        "from PySide6.QtCore import QDate\n\n"
        "today = QDate.currentDate()\n"
        "now = datetime.now(UTC)\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
         str(ROOT / "pyproject.toml"), "--select", "TID251", str(probe)],
        capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "QDate.currentDate` is banned: ask the app's clock" in run.stdout
    assert "datetime.datetime.now` is banned: ask the app's clock" in run.stdout
