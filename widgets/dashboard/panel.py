"""The dashboard (``dashboard``): inflow, open cases by stage, on-time closure, time to
close, escalations per shift, and the KPI tables: per area (grid, community or street, as
the user chooses) and per team.

History-wide figures are computed off the GUI thread (``compute``, run by a
``BackgroundWork``) with a progress bar. Case changes from the change bus never
recompute history: the open-by-stage chart reads the board's cheap stage counts, and the
inflow and on-time series re-count only their current bucket (two or three indexed
counts). When the hour or the day turns, the series shift by one bucket instead of being
recomputed. Choosing another level of area recomputes only that table, off the GUI thread
too, over the period already shown.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.app import App
from console.core.domain import OPEN_STAGES
from console.kpis.areas import UNPLACED_CODE
from console.kpis.bulletin import Bulletin, build_bulletin, bulletin_csv, bulletin_report
from console.kpis.service import TTC_EDGES_H, AreaLevel, KpiRow
from widgets.common.background import BackgroundWork
from widgets.common.dock_scroll import orient
from widgets.common.labels import stage_label
from widgets.common.plurals import counted
from widgets.dashboard.charts import ChartPanel
from widgets.dashboard.kpi_table_model import JointTableModel, KpiSortProxy, KpiTableModel
from widgets.dashboard.loader import AreaTable, DashboardData, area_table, compute
from widgets.shell.theme import Theme, current_theme

LIVE_DELAY_MS = 150  # a burst of changes is one live update
ROLL_CHECK_MS = 30_000  # is there a new hour or day to shift in?
REFRESH_MS = 10 * 60_000  # history-wide figures, again, every ten minutes
# Two rows of charts need about this much of the dock's height; below it, one at a time.
ONE_CHART_BELOW_PX = 400


class Dashboard(QWidget):
    """KPI charts and table over one ``App``.

    Signals:
        refreshed(): a history-wide computation arrived and is drawn.
        area_table_shown(str): the per-area table now ranks this level (grid, community
            or street).
    """

    refreshed = Signal()
    area_table_shown = Signal(str)

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._app = app
        self._kpis = app.kpis
        self._drills = app.incidents.drills_between  # the bulletin lists them apart
        self._joint = app.joint_kpis  # joint handling's KPIs (issue 22)
        self._tz: ZoneInfo = app.kpis.center_timezone()
        self._data: DashboardData | None = None
        self._hours: list[datetime] = []
        self._days: list[datetime] = []
        self.live_updates = 0
        self.live_buckets = 0

        self._period = QComboBox(self)
        self._period.setObjectName("dashboardPeriod")
        self._period.setAccessibleName(self.tr("Period of the KPI table"))
        self._period.addItem(self.tr("Last 30 days"), False)
        self._period.addItem(self.tr("Whole history"), True)
        self._refresh = QPushButton(self.tr("Refresh"), self)
        self._refresh.setObjectName("dashboardRefresh")
        self._refresh.setAccessibleName(self.tr("Recompute the dashboard"))
        self._bulletin = QPushButton(self.tr("Monthly bulletin…"), self)
        self._bulletin.setObjectName("dashboardBulletin")
        self._bulletin.setAccessibleName(self.tr("Save the monthly bulletin"))
        self._progress = QProgressBar(self)
        self._progress.setObjectName("dashboardProgress")
        self._progress.setAccessibleName(self.tr("Dashboard computation progress"))
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self._status = QLabel(self)
        self._status.setObjectName("dashboardStatus")
        bar = QHBoxLayout()
        period_label = QLabel(self.tr("KPI table:"), self)
        period_label.setObjectName("dashboardPeriodLabel")
        period_label.setBuddy(self._period)
        bar.addWidget(period_label)
        bar.addWidget(self._period)
        bar.addWidget(self._refresh)
        bar.addWidget(self._progress)
        bar.addWidget(self._status, 1)
        bar.addWidget(self._bulletin)

        self.inflow_hourly = ChartPanel("inflowHourlyChart",
                                        self.tr("Cases reported per hour, last 24 hours"),
                                        "bar", [self.tr("Reported")], self.tr("cases"), self)
        self.inflow_daily = ChartPanel("inflowDailyChart",
                                       self.tr("Cases reported per day, last 30 days"),
                                       "bar", [self.tr("Reported")], self.tr("cases"), self)
        self.open_by_stage = ChartPanel("openByStageChart", self.tr("Open cases by stage"),
                                        "bar", [self.tr("Open")], self.tr("cases"), self,
                                        max_ticks=0)
        self.on_time = ChartPanel("onTimeChart", self.tr("On-time closure rate per day"),
                                  "line", [self.tr("On time")], "%", self)
        self.time_to_close = ChartPanel("timeToCloseChart",
                                        self.tr("Time to close, last 30 days"), "bar",
                                        [self.tr("Closed")], self.tr("cases"), self)
        self.escalations = ChartPanel("escalationsChart", self.tr("Escalations per shift"),
                                      "line", [self.tr("Warning"), self.tr("Breached"),
                                               self.tr("Breached for long")],
                                      self.tr("cases"), self, max_ticks=4)
        charts_box = QWidget(self)
        # In a strip too low for two rows of charts, one at a time, chosen here.
        self._chart_pick = QComboBox(charts_box)
        self._chart_pick.setObjectName("dashboardChartPicker")
        self._chart_pick.setAccessibleName(self.tr("Chart shown"))
        for chart in self.charts():
            self._chart_pick.addItem(chart.title, chart.objectName())
        self._chart_pick_label = QLabel(self.tr("C&hart:"), charts_box)
        self._chart_pick_label.setBuddy(self._chart_pick)
        self._chart_png = QToolButton(charts_box)
        self._chart_png.setObjectName("dashboardChartPng")
        self._chart_png.setText(self.tr("PNG…"))
        self._chart_png.setToolTip(self.tr("Save the chart as a PNG image"))
        self._chart_csv = QToolButton(charts_box)
        self._chart_csv.setObjectName("dashboardChartCsv")
        self._chart_csv.setText(self.tr("CSV…"))
        self._chart_csv.setToolTip(self.tr("Save the chart's figures as CSV"))
        pick_bar = QHBoxLayout()
        pick_bar.setContentsMargins(4, 0, 4, 0)
        pick_bar.addWidget(self._chart_pick_label)
        pick_bar.addWidget(self._chart_pick, 1)
        pick_bar.addWidget(self._chart_png)
        pick_bar.addWidget(self._chart_csv)
        charts = QGridLayout()
        charts.setContentsMargins(0, 0, 0, 0)
        for i, chart in enumerate(self.charts()):
            charts.addWidget(chart, i // 3, i % 3)
        charts_layout = QVBoxLayout(charts_box)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addLayout(pick_bar)
        charts_layout.addLayout(charts, 1)
        self._one_chart = True
        self.show_one_chart(False)
        self._sized_for = 0  # the room's width the splitter's shares were last set for

        self._area_level = QComboBox(self)
        self._area_level.setObjectName("dashboardAreaLevel")
        self._area_level.setAccessibleName(self.tr("Level of the areas ranked"))
        self._area_level.setToolTip(self.tr("Rank grids, or add them up per community or "
                                            "per street"))
        for text, level in ((self.tr("Grid"), "grid"), (self.tr("Community"), "community"),
                            (self.tr("Street"), "street")):
            self._area_level.addItem(text, level)
        self._area_status = QLabel(self)
        self._area_status.setObjectName("dashboardAreaStatus")
        self.area_model = KpiTableModel(self)
        self.team_model = KpiTableModel(self)
        self.joint_model = JointTableModel(self)
        self._joint_scope = QComboBox(self)
        self._joint_scope.setObjectName("jointScope")
        self._joint_scope.setAccessibleName(self.tr("Joint handling figures per"))
        for text, scope in ((self.tr("Team"), "team"), (self.tr("Grid"), "grid"),
                            (self.tr("Street"), "street")):
            self._joint_scope.addItem(text, scope)
        self._tables = QTabWidget(self)
        self._tables.setObjectName("kpiTables")
        for model, name, title in ((self.area_model, "kpiAreaTable", self.tr("Per area")),
                                   (self.team_model, "kpiTeamTable", self.tr("Per team")),
                                   (self.joint_model, "kpiJointTable",
                                    self.tr("Joint handling"))):
            proxy = KpiSortProxy(self)
            proxy.setSourceModel(model)
            view = QTableView(self)
            view.setObjectName(name)
            view.setAccessibleName(title)
            view.setModel(proxy)
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.setMinimumHeight(100)  # three rows: a 768-line strip holds no more
            if model is self.joint_model:
                joint_page = QWidget(self)
                scope_bar = QHBoxLayout()
                scope_label = QLabel(self.tr("&Per:"), joint_page)
                scope_label.setBuddy(self._joint_scope)
                scope_bar.addWidget(scope_label)
                scope_bar.addWidget(self._joint_scope)
                scope_bar.addStretch(1)
                joint_layout = QVBoxLayout(joint_page)
                joint_layout.setContentsMargins(0, 0, 0, 0)
                joint_layout.setSpacing(2)
                joint_layout.addLayout(scope_bar)
                joint_layout.addWidget(view)
                self._tables.addTab(joint_page, title)
                continue
            if model is not self.area_model:
                self._tables.addTab(view, title)
                continue
            page = QWidget(self)
            level_bar = QHBoxLayout()
            level_label = QLabel(self.tr("&Rank by:"), page)
            level_label.setBuddy(self._area_level)
            level_bar.addWidget(level_label)
            level_bar.addWidget(self._area_level)
            level_bar.addWidget(self._area_status, 1)
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            page_layout.setSpacing(2)  # a low strip's pixels go to the rows
            page_layout.addLayout(level_bar)
            page_layout.addWidget(view)
            self._tables.addTab(page, title)

        # Charts above the tables in a tall dock; beside them in the window's low, wide
        # bottom strip, where stacked both would scroll.
        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setObjectName("dashboardSplitter")
        self._splitter.addWidget(charts_box)
        self._splitter.addWidget(self._tables)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self._splitter, 1)

        # Three lanes, so that neither a live recount nor a bulletin waits for history.
        self._history_work = BackgroundWork(self)
        self._live_work = BackgroundWork(self)
        self._bulletin_work = BackgroundWork(self)
        self._area_work = BackgroundWork(self)
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.apply_live)
        self._roll = QTimer(self)
        self._roll.setInterval(ROLL_CHECK_MS)
        self._roll.timeout.connect(self._on_roll_timeout)
        self._periodic = QTimer(self)
        self._periodic.setInterval(REFRESH_MS)
        self._periodic.timeout.connect(self.refresh)

        self._refresh.clicked.connect(self.refresh)
        self._chart_pick.currentIndexChanged.connect(lambda _i: self._show_picked_chart())
        self._chart_png.clicked.connect(lambda: self.picked_chart().ask_and_save_png())
        self._chart_csv.clicked.connect(lambda: self.picked_chart().ask_and_save_csv())
        self._period.currentIndexChanged.connect(self._on_period_changed)
        self._area_level.currentIndexChanged.connect(self._on_area_level_changed)
        self._joint_scope.currentIndexChanged.connect(self._on_joint_scope_changed)
        self._bulletin.clicked.connect(self._on_bulletin_clicked)

        self.set_theme(current_theme())
        # Nothing history-wide until the dashboard is first shown (a tab at the back
        # costs no start-up time); changes while hidden mark it stale for the next show.
        self._stale = True

    # ---- parts -------------------------------------------------------------------------

    def charts(self) -> list[ChartPanel]:
        return [self.inflow_hourly, self.inflow_daily, self.open_by_stage, self.on_time,
                self.time_to_close, self.escalations]

    def area_view(self) -> QTableView:
        view = self.findChild(QTableView, "kpiAreaTable")
        assert view is not None
        return view

    def area_level(self) -> AreaLevel:
        """The level the user chose for the per-area table."""
        level: AreaLevel = self._area_level.currentData()
        return level

    @property
    def data(self) -> DashboardData | None:
        """The last history-wide computation drawn (None before the first arrives)."""
        return self._data

    # ---- history-wide, off the GUI thread -------------------------------------------------

    def fit_to_room(self, room: QSize) -> None:
        """The dock's room: charts beside the tables when it is low and wide, and one
        chart at a time when it is too low for two rows of them (a 768-line laptop)."""
        one = room.height() < ONE_CHART_BELOW_PX
        share = 0.5 if one else 0.62  # one chart needs less width: the ranking gets it
        turned = orient(self._splitter, room, share)
        # A new mode, or a dock resized by a layout (not a drag of the line): the shares.
        resized = abs(room.width() - self._sized_for) > room.width() // 10
        if (turned or one != self._one_chart or resized) and \
                self._splitter.orientation() == Qt.Orientation.Horizontal:
            first = int(room.width() * share)
            self._splitter.setSizes([first, room.width() - first])
        self._sized_for = room.width()
        self.show_one_chart(one)

    def shows_one_chart(self) -> bool:
        return self._one_chart

    def show_one_chart(self, one: bool) -> None:
        """One chart, picked in the chart list, instead of the six in two rows."""
        if one == self._one_chart:
            return
        self._one_chart = one
        for part in (self._chart_pick, self._chart_pick_label, self._chart_png,
                     self._chart_csv):
            part.setVisible(one)
        for chart in self.charts():
            chart.set_heading_shown(not one)  # the picker names the chart
        self._show_picked_chart()

    def picked_chart(self) -> ChartPanel:
        return self.charts()[max(self._chart_pick.currentIndex(), 0)]

    def _show_picked_chart(self) -> None:
        picked = self.picked_chart()
        for chart in self.charts():
            chart.setVisible(not self._one_chart or chart is picked)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._roll.start()
        self._periodic.start()
        if self._stale:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._roll.stop()
        self._periodic.stop()

    def refresh(self) -> None:
        """Recompute every series and the table in the background (progress shown)."""
        self._stale = False
        self._progress.setRange(0, 0)
        self._progress.show()
        self._status.setText(self.tr("Computing…"))
        # A newer computation (the period changed, Refresh pressed again) drops the older.
        self._history_work.start_reporting(
            partial(compute, self._kpis, bool(self._period.currentData()), self.area_level(),
                    joint=self._joint),
            self._on_computed, self._on_progress, self._on_failed, kind="figures")

    def _on_period_changed(self, _index: int) -> None:
        self.refresh()

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, total)
        self._progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        self._progress.hide()
        self._status.setText(self.tr("Could not compute the figures: {0}").format(message))

    def _on_computed(self, data: DashboardData) -> None:
        self._data = data
        self._progress.hide()
        self._hours = [b.start for b in data.hourly]
        self._days = [b.start for b in data.daily]
        self.inflow_hourly.set_data([self._hour_text(t) for t in self._hours],
                                    [[b.values[0] for b in data.hourly]])
        self.inflow_daily.set_data([self._day_text(t) for t in self._days],
                                   [[b.values[0] for b in data.daily]])
        self.on_time.set_data([self._day_text(t) for t in self._days],
                              [[_percent(b.values[0]) for b in data.on_time]])
        self.time_to_close.set_data(_ttc_labels(), [[b.values[0] for b in data.time_to_close]])
        self.escalations.set_data([self._shift_text(b.start, name) for b, name in
                                   zip(data.shifts, data.shift_names, strict=True)],
                                  [[b.values[i] for b in data.shifts] for i in range(3)])
        self._offer_levels(data.area_levels)
        if self.area_level() not in data.area_levels:  # chosen, then gone from the territory
            with QSignalBlocker(self._area_level):
                self._area_level.setCurrentIndex(self._area_level.findData(data.area_level))
        if data.area_level == self.area_level():
            self._show_area_rows(data.area_level, data.areas)
        else:  # chosen while this ran: that level, over this computation's period
            self._on_area_level_changed(self._area_level.currentIndex())
        self.team_model.set_rows(data.teams)
        self._show_joint_rows()
        since = data.table_start.astimezone(self._tz).strftime("%Y-%m-%d %H:%M")
        self._status.setText(self.tr("Table since {0}; computed at {1}").format(
            since, data.now.astimezone(self._tz).strftime("%H:%M:%S")))
        self.update_open_by_stage()
        self.refreshed.emit()

    # ---- joint handling: per team, grid or street ---------------------------------------

    def _on_joint_scope_changed(self, _index: int) -> None:
        self._show_joint_rows()

    def _show_joint_rows(self) -> None:
        """The joint figures of the chosen scope, from the last computation (computed
        with the rest, off the GUI thread; a change of scope reads nothing)."""
        if self._data is not None:
            self.joint_model.set_joint_rows(
                self._data.joint.get(self._joint_scope.currentData(), []))

    # ---- the per-area table: grid, community or street --------------------------------

    def _offer_levels(self, present: list[AreaLevel]) -> None:
        """Levels the territory lacks are greyed, saying why (never an empty table)."""
        items = self._area_level.model()
        assert isinstance(items, QStandardItemModel)
        for i in range(self._area_level.count()):
            level = self._area_level.itemData(i)
            item = items.item(i)
            item.setEnabled(level in present)
            item.setToolTip("" if level in present else self.tr(
                "This territory has no {level} level: load its areas (Territory › Re-import "
                "a file) to rank by it.").format(level=self._area_level.itemText(i).lower()))

    def _on_area_level_changed(self, _index: int) -> None:
        data = self._data
        if data is None:
            return  # the first computation ranks the level chosen now
        self._say_area(self.tr("Computing…"))
        # Only the newest choice matters: an older one still running is dropped.
        self._area_work.start(partial(area_table, self._kpis, self.area_level(),
                                      data.table_start, data.now),
                              self._on_area_table, self._on_area_table_failed, kind="areas")

    def _on_area_table(self, table: AreaTable) -> None:
        if table.level != self.area_level():
            return
        if table.rows is None:  # the level went away meanwhile (a territory reload)
            self._say_area(self.tr("This territory has no areas of that level."))
            self._area_level.setCurrentIndex(self._area_level.findData("grid"))
            return
        self._show_area_rows(table.level, table.rows)

    def _on_area_table_failed(self, message: str) -> None:
        self._say_area(self.tr("Could not compute the table: {0}").format(message))

    def _say_area(self, news: str) -> None:
        self._area_status.setText(news)

    def _show_area_rows(self, level: AreaLevel, rows: list[KpiRow]) -> None:
        outside = self.tr("Grids in no {level}").format(
            level=self._area_level.itemText(self._area_level.findData(level)).lower())
        rows = [replace(r, label=outside) if r.key == UNPLACED_CODE else r for r in rows]
        self.area_model.set_rows(rows)
        self._say_area(counted(self.tr("{n} row(s)"), len(rows)).format(n=len(rows))
                       if rows else self.tr("No areas at this level."))
        self.area_table_shown.emit(level)

    # ---- live, in the GUI thread, small indexed reads only ---------------------------------

    def queue_case_ids(self, _ids: list[int]) -> None:
        """Cases changed: update the live parts soon (a burst is one update); while
        hidden, only remember to refresh when shown."""
        if self.isVisible():
            self._live.start()
        else:
            self._stale = True

    def apply_live(self) -> None:
        """Open by stage from the stage counts, now; the current hour's and day's
        buckets recounted in the pool (``_on_buckets``)."""
        self.live_updates += 1
        self.update_open_by_stage()
        if not self._hours or not self._days:
            return
        self._roll_buckets()
        # The current buckets: a few indexed counts, read off the GUI thread so that it
        # only waits for the stage counts. Every count is delivered (a burst of changes
        # must not drop them all); a failed one leaves the old figure, and the next change
        # or refresh counts again.
        hour, day = self._hours[-1], self._days[-1]
        kpis, day_end = self._kpis, _next_day(day, self._tz)

        def count() -> tuple[float, float, float]:
            return (float(kpis.reported_between(hour, hour + timedelta(hours=1))),
                    float(kpis.reported_between(day, day_end)),
                    kpis.on_time_between(day, day_end).values[0])

        self._live_work.start(count, partial(self._on_buckets, hour, day))

    def _on_buckets(self, hour: datetime, day: datetime,
                    counts: tuple[float, float, float]) -> None:
        if not self._hours or hour != self._hours[-1] or day != self._days[-1]:
            return  # the series shifted meanwhile; the next change recounts
        per_hour, per_day, rate = counts
        self.inflow_hourly.set_value(-1, [per_hour])
        self.inflow_daily.set_value(-1, [per_day])
        self.on_time.set_value(-1, [_percent(rate)])
        self.live_buckets += 1

    def update_open_by_stage(self) -> None:
        """From the board's stage counts (one grouped count on the stage index)."""
        counts = self._app.cases.stage_counts()
        labels = [stage_label(st) for st in OPEN_STAGES]
        values = [float(counts.by_stage.get(st, 0)) for st in OPEN_STAGES]
        if self.open_by_stage.labels() != labels:
            self.open_by_stage.set_data(labels, [values])
        elif self.open_by_stage.values() != values:
            self.open_by_stage.set_values([values])

    def _on_roll_timeout(self) -> None:
        if self._hours and self._roll_buckets():
            self.apply_live()

    def _roll_buckets(self) -> bool:
        """Shift the hour and day series when a new bucket began. True if one did."""
        now = self._kpis.now()
        rolled = False
        while self._hours and now >= self._hours[-1] + timedelta(hours=1):
            self._hours = [*self._hours[1:], self._hours[-1] + timedelta(hours=1)]
            self.inflow_hourly.set_data([self._hour_text(t) for t in self._hours],
                                        [[*self.inflow_hourly.values()[1:], 0.0]])
            rolled = True
        while self._days and now >= _next_day(self._days[-1], self._tz):
            self._days = [*self._days[1:], _next_day(self._days[-1], self._tz)]
            labels = [self._day_text(t) for t in self._days]
            self.inflow_daily.set_data(labels, [[*self.inflow_daily.values()[1:], 0.0]])
            self.on_time.set_data(labels, [[*self.on_time.values()[1:], math.nan]])
            rolled = True
        return rolled

    # ---- look ------------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        for chart in self.charts():
            chart.set_theme(theme)

    def _hour_text(self, at: datetime) -> str:
        return at.astimezone(self._tz).strftime("%H:00")

    def _day_text(self, at: datetime) -> str:
        return at.astimezone(self._tz).strftime("%m-%d")

    def _shift_text(self, at: datetime, name: str) -> str:
        return f"{at.astimezone(self._tz):%m-%d} {name}"

    # ---- the monthly bulletin -----------------------------------------------------------

    def save_bulletin(self, month: str, path: Path) -> None:
        """Write the month's bulletin to ``path``: PDF for ``.pdf``, CSV otherwise."""
        self._write_bulletin(build_bulletin(self._kpis, month, self._drills, self._joint),
                             "pdf" if path.suffix.lower() == ".pdf" else "csv", str(path))

    def _on_bulletin_clicked(self) -> None:
        last = (self._kpis.now().astimezone(self._tz).replace(day=1) - timedelta(days=1))
        month, ok = QInputDialog.getText(self, self.tr("Monthly bulletin"),
                                         self.tr("Month (YYYY-MM):"),
                                         text=last.strftime("%Y-%m"))
        if not ok or not month.strip():
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save the monthly bulletin"), f"bulletin-{month.strip()}.pdf",
            self.tr("PDF documents (*.pdf);;CSV files (*.csv)"))
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "pdf"
        self._status.setText(self.tr("Preparing the bulletin for {0}…").format(month.strip()))
        # Every bulletin asked for is written (each to its own file): requests of no kind.
        self._bulletin_work.start(partial(build_bulletin, self._kpis, month.strip(),
                                          self._drills, self._joint),
                                  partial(self._on_bulletin_built, fmt, path),
                                  self._on_bulletin_failed)

    def _on_bulletin_built(self, fmt: str, path: str, bulletin: Bulletin) -> None:
        try:
            self._write_bulletin(bulletin, fmt, path)
        except OSError as exc:
            self._on_bulletin_failed(str(exc))
            return
        self._status.setText(self.tr("Bulletin saved to {0}").format(path))

    def _on_bulletin_failed(self, message: str) -> None:
        self._status.setText(self.tr("No bulletin: {0}").format(message))

    def _write_bulletin(self, bulletin: Bulletin, fmt: str, path: str) -> None:
        from widgets.common.report_pdf import write_pdf
        from widgets.common.report_words import QtReportWords

        if fmt == "pdf":
            write_pdf(bulletin_report(bulletin, self._kpis.now(), self._tz.key, QtReportWords()),
                      Path(path))
        else:
            Path(path).write_text(bulletin_csv(bulletin), encoding="utf-8")

    def shutdown(self, msecs: int = 5000) -> None:
        """Stop timers and wait for background work (the window is closing)."""
        for timer in (self._live, self._roll, self._periodic):
            timer.stop()
        self._history_work.cancel()
        self._live_work.cancel()
        self._area_work.cancel()
        for work in (self._history_work, self._live_work, self._bulletin_work, self._area_work):
            work.wait_idle(msecs)


def _percent(rate: float) -> float:
    return math.nan if math.isnan(rate) else 100.0 * rate


def _next_day(day: datetime, tz: ZoneInfo) -> datetime:
    local = day.astimezone(tz)
    nxt = datetime.combine(local.date() + timedelta(days=1), local.time(), tz)
    return nxt.astimezone(day.tzinfo)


def _ttc_labels() -> list[str]:
    out = []
    for i, lo in enumerate(TTC_EDGES_H):
        hi = TTC_EDGES_H[i + 1] if i + 1 < len(TTC_EDGES_H) else None
        out.append(f"{_h(lo)}–{_h(hi)}" if hi is not None else f"≥{_h(lo)}")
    return out


def _h(hours: int) -> str:
    return f"{hours // 24}d" if hours >= 24 and hours % 24 == 0 else f"{hours}h"

