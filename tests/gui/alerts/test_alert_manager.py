"""The alert manager on its own, with no widget: it reads alerts in, says what needs
attention and what to paint, and acts on an alert with one service call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from console.alerts.service import AlertStatus
from console.app import App
from console.core.domain import OperatorRef
from console.core.errors import ConflictError
from tests.gui.alerts.test_alert_panel import SMOKE, _add
from widgets.alerts.manager import AlertManager
from widgets.changes.bus import ChangeBus


@pytest.fixture
def manager(app: App) -> Iterator[AlertManager]:
    made = AlertManager(app, ChangeBus(app))
    yield made
    made.stop()
    made.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_reads_alerts_in_and_says_what_needs_attention(
        manager: AlertManager, app: App, tmp_path: Path, qtbot: QtBot) -> None:
    minor = _add(app, tmp_path, {**SMOKE, "id": "m", "severity": "Minor"})[0]
    with qtbot.waitSignal(manager.attention_changed) as attention:
        manager.reload()
    assert attention.args == [0]
    assert manager.model.row_of(minor) is not None
    extreme = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"})[0]
    painting: list[str] = []
    manager.painting_held.connect(lambda: painting.append("held"))
    manager.painting_released.connect(lambda: painting.append("released"))
    with qtbot.waitSignal(manager.alerts_applied) as applied, \
            qtbot.waitSignal(manager.critical_arrived), \
            qtbot.waitSignal(manager.attention_changed) as attention:
        manager.poll()
    ids, sources = applied.args
    assert extreme in ids
    assert sources == {"feed"}
    assert attention.args == [1]
    assert manager.flashing
    qtbot.waitUntil(lambda: not manager.busy, timeout=5000)
    assert painting[:2] == ["held", "released"], "held while the model changed, then painted"


def test_acts_with_one_service_call_on_the_row_as_seen(
        manager: AlertManager, app: App, officer: OperatorRef, tmp_path: Path,
        qtbot: QtBot) -> None:
    first, second = _add(app, tmp_path, {**SMOKE, "id": "X", "severity": "Extreme"},
                         {**SMOKE, "id": "S", "severity": "Severe"})
    manager.reload()
    assert manager.attention_count == 2
    row = manager.model.alert(first)
    assert row is not None
    with qtbot.waitSignal(manager.attention_changed) as attention:
        detail = manager.acknowledge(row)
    assert attention.args == [1]
    assert detail.row.status is AlertStatus.ACKNOWLEDGED
    assert manager.model.alert(first) == detail.row
    seen = manager.model.alert(second)
    assert seen is not None
    app.alerts.shelve(officer, second, app.clock.now() + timedelta(hours=1))  # elsewhere
    with pytest.raises(ConflictError):
        manager.resolve(seen)
    assert manager.model.alert(second) == seen, "a refused action changes nothing"
    manager.refresh_alert(second)
    refreshed = manager.model.alert(second)
    assert refreshed is not None
    assert refreshed.status is AlertStatus.SHELVED
    assert manager.attention_count == 0
    assert not manager.flashing
