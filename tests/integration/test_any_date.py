"""The suite does not depend on today's date nor on this machine's time zone.

The GUI tests that show dates run again in a child process whose wall clock is moved
five years ahead (libfaketime) and whose zone is America/Los_Angeles, while the console
runs on its fake clock in the center's zone (Asia/Shanghai). Any read of the machine's
calendar (``QDate.currentDate()``, ``datetime.now()``) or zone (``astimezone()``) in the
console shows up as a failing test there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATE_SHOWING_TESTS = (
    "tests/gui/shell/test_center_zone.py",
    "tests/gui/handover/test_handover.py",
    "tests/gui/policies/test_policy_editor.py",
    "tests/gui/alerts/test_alert_panel.py",
    "tests/gui/rosters/test_roster_view.py",
)


@pytest.mark.slow
def test_gui_tests_pass_five_years_from_now_in_another_zone(tmp_path: Path) -> None:
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.fail("faketime is not installed: scripts/system-deps.sh installs it "
                    "(Debian package faketime)")
    env = dict(os.environ, TZ="America/Los_Angeles", FAKETIME_DONT_FAKE_MONOTONIC="1",
               QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [faketime, "-f", "+1811d", sys.executable, "-m", "pytest", "-q", "-p", "no:xdist",
         "-p", "no:cacheprovider", "-k", "sqlite", "--basetemp", str(tmp_path / "t"),
         *DATE_SHOWING_TESTS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    tail = "\n".join((run.stdout + run.stderr).splitlines()[-40:])
    assert run.returncode == 0, f"GUI tests failed with the machine's date moved:\n{tail}"
    assert " passed" in run.stdout, tail
