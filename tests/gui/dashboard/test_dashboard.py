"""The dashboard shows the service's figures, updates live without recomputing history,
and exports every chart."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTableView
from pytestqt.qtbot import QtBot

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef
from tests.unit.kpis.test_area_kpis import _add_streets
from tests.unit.kpis.test_kpis import _story
from widgets.changes.bus import ChangeBus
from widgets.dashboard.charts import AXIS_ROOM_PX, ChartPanel
from widgets.dashboard.panel import Dashboard
from widgets.shell.theme import Theme


@pytest.fixture
def dashboard(app: App, officer: OperatorRef, clock: FakeClock,
              qtbot: QtBot) -> Iterator[Dashboard]:
    _story(app, officer, clock)
    clock.advance(timedelta(hours=5))  # 36 h after t0: every deadline of the story fell
    widget = Dashboard(app)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=20_000):
        widget.show()  # the first show computes the figures, in the background
    yield widget
    widget.shutdown()


def _cell(view: QTableView, row: int, column: int) -> str:
    return str(view.model().index(row, column).data())


def test_table_shows_the_services_figures(dashboard: Dashboard, app: App) -> None:
    view = dashboard.findChild(QTableView, "kpiAreaTable")
    assert view is not None
    data = dashboard.data
    assert data is not None
    assert dashboard.area_model.rows() == app.kpis.by_grid(data.table_start, data.now)
    shown = {_cell(view, i, 0): i for i in range(view.model().rowCount())}
    assert len(shown) == 30
    row = shown["XH-01"]
    assert _cell(view, row, 2) == "3"  # registered
    assert _cell(view, row, 4) == "100.0%"  # closure rate
    assert _cell(view, row, 5) == "66.7%"  # on time: A and C, not B
    assert _cell(view, shown["XH-02"], 5) == "50.0%"


def test_table_sorts_by_the_numbers(dashboard: Dashboard, qtbot: QtBot) -> None:
    view = dashboard.findChild(QTableView, "kpiAreaTable")
    assert view is not None
    dashboard.show()
    header = view.horizontalHeader()
    closed = 3
    where = QPoint(header.sectionViewportPosition(closed) + header.sectionSize(closed) // 2,
                   header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert header.sortIndicatorSection() == closed
    codes = [_cell(view, i, 0) for i in range(view.model().rowCount())]
    if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        assert codes[:2] == ["XH-01", "XH-02"]  # 3 closed, then 1
    else:
        assert codes[-2:] == ["XH-02", "XH-01"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    flipped = [_cell(view, i, 0) for i in range(view.model().rowCount())]
    assert "XH-01" in (flipped[0], flipped[-1])
    assert flipped != codes


def _rows(view: QTableView) -> dict[str, list[str]]:
    """The table as a person reads it: code → the row's cells."""
    model = view.model()
    return {_cell(view, i, 0): [_cell(view, i, c) for c in range(model.columnCount())]
            for i in range(model.rowCount())}


def _choose_level(dashboard: Dashboard, qtbot: QtBot, presses: int) -> None:
    """Move the ranking's level down the list with the keyboard, as a person would, and
    wait for the table of the level chosen."""
    combo = dashboard.findChild(QComboBox, "dashboardAreaLevel")
    assert combo is not None
    combo.setFocus()
    with qtbot.waitSignal(dashboard.area_table_shown, timeout=20_000):
        for _ in range(presses):
            qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_ranking_per_community(dashboard: Dashboard, qtbot: QtBot) -> None:
    """The demo has communities and no streets: Community ranks its eight communities by
    their own counts; Street is greyed, says why, and the keyboard skips it."""
    view = dashboard.findChild(QTableView, "kpiAreaTable")
    combo = dashboard.findChild(QComboBox, "dashboardAreaLevel")
    assert view is not None
    assert combo is not None
    assert combo.currentText() == "Grid"
    _choose_level(dashboard, qtbot, 1)
    assert combo.currentText() == "Community"
    rows = _rows(view)
    assert len(rows) == 8
    binhe = rows["XH-BINHE"]
    assert binhe[1] == "Binhe Community"
    assert (binhe[2], binhe[3], binhe[4]) == ("5", "4", "80.0%")  # not the mean of 100 and 50
    assert rows["XH-ZHAOHUI"][4] == "—"  # nothing registered: no rate
    street = combo.findData("street")
    items = combo.model()
    assert isinstance(items, QStandardItemModel)
    assert not items.item(street).isEnabled()
    assert "no street level" in items.item(street).toolTip()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Community"
    with qtbot.waitSignal(dashboard.area_table_shown, timeout=20_000):
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert len(_rows(view)) == 30  # back to the grids


def test_ranking_per_street(app: App, officer: OperatorRef, clock: FakeClock,
                            qtbot: QtBot) -> None:
    _add_streets(app)
    _story(app, officer, clock)
    clock.advance(timedelta(hours=5))
    widget = Dashboard(app)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=20_000):
        widget.show()
    try:
        _choose_level(widget, qtbot, 2)
        view = widget.findChild(QTableView, "kpiAreaTable")
        assert view is not None
        rows = _rows(view)
        assert list(rows) == ["XH-N", "XH-S"]
        assert rows["XH-N"][1:5] == ["North Street", "5", "4", "80.0%"]
        assert rows["XH-S"][2] == "0"
        # Refresh keeps the level chosen.
        with qtbot.waitSignal(widget.refreshed, timeout=20_000):
            widget.refresh()
        assert list(_rows(view)) == ["XH-N", "XH-S"]
    finally:
        widget.shutdown()


def test_charts_show_the_series(dashboard: Dashboard) -> None:
    stages = dict(zip(dashboard.open_by_stage.labels(), dashboard.open_by_stage.values(),
                      strict=True))
    assert sum(stages.values()) == 1  # E, in progress
    assert sum(dashboard.inflow_daily.values()) == 5
    assert sum(dashboard.time_to_close.values()) == 4
    warnings = dashboard.escalations.values(0)
    assert sum(warnings) == 3  # B, E and C reached level 1


def test_a_case_change_updates_charts_without_recomputing(dashboard: Dashboard, app: App,
                                                          officer: OperatorRef,
                                                          qtbot: QtBot) -> None:
    bus = ChangeBus(app)
    bus.cases_changed.connect(dashboard.queue_case_ids)
    recomputed = app.kpis.recomputations
    open_before = sum(dashboard.open_by_stage.values())
    hour_before = dashboard.inflow_hourly.values()[-1]
    day_before = dashboard.inflow_daily.values()[-1]
    history_before = dashboard.inflow_daily.values()[:-1]
    app.cases.report(officer, title="Fallen tree", category="traffic", severity=2,
                     grid="XH-03")
    bus.poll()
    qtbot.waitUntil(lambda: dashboard.live_buckets == 1, timeout=5000)
    assert dashboard.live_updates == 1
    assert sum(dashboard.open_by_stage.values()) == open_before + 1
    assert dashboard.inflow_hourly.values()[-1] == hour_before + 1
    assert dashboard.inflow_daily.values()[-1] == day_before + 1
    assert dashboard.inflow_daily.values()[:-1] == history_before
    assert app.kpis.recomputations == recomputed  # no history-wide computation ran


def test_every_chart_exports_png_and_csv(dashboard: Dashboard, tmp_path: Path) -> None:
    dashboard.resize(1200, 800)
    for chart in dashboard.charts():
        png, data = tmp_path / f"{chart.objectName()}.png", tmp_path / f"{chart.objectName()}.csv"
        chart.export_png(png)
        chart.export_csv(data)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        rows = list(csv.reader(data.open(encoding="utf-8")))
        assert [r[0] for r in rows[1:]] == chart.labels()
    rows = list(csv.reader((tmp_path / "openByStageChart.csv").open(encoding="utf-8")))
    assert sum(float(r[1]) for r in rows[1:]) == 1


def test_bulletin_from_the_dashboard_and_theme(dashboard: Dashboard, tmp_path: Path) -> None:
    dashboard.save_bulletin("2026-11", tmp_path / "b.pdf")
    dashboard.save_bulletin("2026-11", tmp_path / "b.csv")
    assert (tmp_path / "b.pdf").read_bytes()[:4] == b"%PDF"
    assert "XH-01" in (tmp_path / "b.csv").read_text(encoding="utf-8")
    dashboard.set_theme(Theme.LIGHT)
    assert dashboard.on_time.plot.backgroundBrush().color().name() == "#f7f8fa"


def test_main_window_has_the_dashboard_dock(app: App, qtbot: QtBot) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget

    from widgets.main_window import MainWindow

    window = MainWindow(app)
    qtbot.addWidget(window)
    dock = window.findChild(QDockWidget, "dashboardDock")
    assert dock is not None
    assert window.dashboard is window.findChild(Dashboard, "dashboard")  # built when asked
    toggle = window.findChild(QAction, "toggleDashboardDock")
    assert toggle is not None
    window.show()
    assert window.dashboard.data is None  # a tab at the back computes nothing
    with qtbot.waitSignal(window.dashboard.refreshed, timeout=20_000):
        dock.raise_()  # the coordinator opens the Dashboard tab
    assert toggle.isChecked()
    toggle.trigger()  # View ▸ Dashboard closes the dock ...
    assert dock.isHidden()
    toggle.trigger()  # ... and brings it back
    assert not dock.isHidden()
    window.close()


def test_a_narrow_chart_writes_fewer_axis_labels_instead_of_overlapping_them(
        qtbot: QtBot) -> None:
    stages = ["Reported", "Registered", "Dispatched", "In progress", "Resolved", "Verified"]
    chart = ChartPanel("stageChart", "Open cases by stage", "bar", ["Open"], "cases")
    qtbot.addWidget(chart)
    chart.resize(1200, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_data(stages, [[3, 5, 12, 40, 2, 1]])
    assert chart.label_step() == 1  # wide: every stage named
    chart.resize(320, 300)
    qtbot.waitUntil(lambda: chart.label_step() > 1)
    ticks = chart.plot.getAxis("bottom")._tickLevels[0]
    written = [text for _, text in ticks]
    assert written[0] == "Reported"
    assert len(written) < len(stages)
    # The labels written have room: each gets at least its own width along the axis.
    metrics = QFontMetrics(chart.plot.getAxis("bottom").font())
    slot = (chart.plot.width() - AXIS_ROOM_PX) / len(stages) * chart.label_step()
    assert all(metrics.horizontalAdvance(text) <= slot for text in written)
