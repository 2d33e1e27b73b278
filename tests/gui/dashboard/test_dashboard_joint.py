"""The dashboard's joint-handling table (issue 22): computed with the rest off the GUI
thread, per team, grid or street, switched without recomputing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QComboBox, QTableView
from pytestqt.qtbot import QtBot

from console.app import App
from console.cases.lifecycle import Action
from console.core.domain import OperatorRef
from tests.gui.helpers import choose
from widgets.dashboard.panel import Dashboard


@pytest.fixture
def dashboard(app: App, officer: OperatorRef, qtbot: QtBot) -> Iterator[Dashboard]:
    ref = app.cases.report(officer, title="Fire lane blocked", category="fire", severity=2,
                           grid="XH-05", source="hotline").reference
    app.cases.register(officer, ref)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.apply(officer, ref, Action.WHISTLE, assist="PATROL-1", text="go")
    app.cases.apply(officer, ref, Action.RETURN, reason="wrong_address", text="next street")
    widget = Dashboard(app)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=20_000):
        widget.show()
    yield widget
    widget.shutdown()


def _rows(view: QTableView) -> dict[str, list[str]]:
    model = view.model()
    return {str(model.index(r, 0).data()): [str(model.index(r, c).data())
                                           for c in range(model.columnCount())]
            for r in range(model.rowCount())}


def test_joint_table_per_team_then_grid(dashboard: Dashboard, app: App) -> None:
    view = dashboard.findChild(QTableView, "kpiJointTable")
    assert view is not None
    teams = _rows(view)
    assert teams["FIRE-1"][4:6] == ["1", "100.0%"]  # one return of one received
    assert teams["PATROL-1"][2] == "1"  # one whistle
    computed = app.kpis.recomputations
    scope = dashboard.findChild(QComboBox, "jointScope")
    assert scope is not None
    choose(scope, "grid")
    grids = _rows(view)
    assert grids["XH-05"][2] == "1"
    assert len(grids) == 30
    assert app.kpis.recomputations == computed  # a change of scope reads nothing
