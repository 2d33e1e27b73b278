"""The Qt binding itself must survive a shift: no reference leaks that abort Python."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to None on every call of a method returning
    nothing; Python 3.11 aborts ("none_dealloc") when the count reaches zero — after a few
    hours of an idle console. A clean binding leaves the count where it was. (From Python
    3.12 None is immortal: its count never moves and such a leak can no longer abort.)"""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100
