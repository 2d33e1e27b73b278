"""One dashboard chart: a pyqtgraph plot whose items are made once and then only get
new data, with PNG and CSV export of exactly what it shows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.core.spreadsheet import csv_writer
from widgets.shell.theme import Theme, colors

# The plot's width taken by its left axis and margins, not by the bottom axis' labels.
AXIS_ROOM_PX = 60

# Series colours per theme: calm blue, amber, red (the escalation levels' hues).
_SERIES = {
    Theme.DARK: ("#5aa9e6", "#e8c95a", "#ff6b6b"),
    Theme.LIGHT: ("#1f6fb2", "#a36f00", "#c0262d"),
}


class ChartPanel(QWidget):
    """A titled chart of ``labels`` (x) against one or more named series.

    ``kind`` "bar" draws the first series as bars (one ``BarGraphItem``); "line" draws
    every series as a line with points (one ``PlotDataItem`` each). ``set_data`` replaces
    everything; ``set_value`` changes one point (the live current bucket)."""

    def __init__(self, name: str, title: str, kind: str, series_names: Sequence[str],
                 y_label: str, parent: QWidget | None = None, max_ticks: int = 8) -> None:
        super().__init__(parent)
        self._max_ticks = max_ticks  # labels on the x axis at most (0: every label)
        self.setObjectName(name)
        self._title = title
        self._kind = kind
        self._names = list(series_names)
        self._labels: list[str] = []
        self._values: list[list[float]] = [[] for _ in self._names]
        self.draws = 0  # how many times the items got new data (tests count them)

        heading = QLabel(title, self)
        heading.setObjectName(f"{name}Title")
        self._heading = heading
        self._png = QToolButton(self)
        self._png.setObjectName(f"{name}ExportPng")
        self._png.setText(self.tr("PNG…"))
        self._png.setToolTip(self.tr("Save the chart as a PNG image"))
        self._png.setAccessibleName(self.tr("Save {0} as PNG").format(title))
        self._csv = QToolButton(self)
        self._csv.setObjectName(f"{name}ExportCsv")
        self._csv.setText(self.tr("CSV…"))
        self._csv.setToolTip(self.tr("Save the chart's figures as CSV"))
        self._csv.setAccessibleName(self.tr("Save {0} as CSV").format(title))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(heading, 1)
        top.addWidget(self._png)
        top.addWidget(self._csv)

        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName(f"{name}Plot")
        self.plot.setMenuEnabled(False)
        # pyqtgraph's own untranslated "Export..." scene menu gives way to the PNG and CSV
        # buttons above.
        scene = self.plot.scene()
        for action in scene.contextMenu:
            action.setParent(None)
        scene.contextMenu = []
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(130)  # two rows of charts in a 1080-line strip
        self.plot.setLabel("left", y_label)
        item = self.plot.getPlotItem()
        self._legend = item.addLegend(offset=(5, 5)) if len(self._names) > 1 else None
        self._bars: pg.BarGraphItem | None = None
        self._lines: list[pg.PlotDataItem] = []
        if kind == "bar":
            self._bars = pg.BarGraphItem(x=[], height=[], width=0.7)
            self.plot.addItem(self._bars)
        else:
            for series in self._names:
                self._lines.append(self.plot.plot([], [], name=series, symbol="o",
                                                  symbolSize=5))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)

        self._png.clicked.connect(self.ask_and_save_png)
        self._csv.clicked.connect(self.ask_and_save_csv)

    def set_heading_shown(self, shown: bool) -> None:
        """The title and its PNG/CSV buttons; hidden where a chart picker stands in."""
        for part in (self._heading, self._png, self._csv):
            part.setVisible(shown)

    # ---- data ------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self._title

    def labels(self) -> list[str]:
        return list(self._labels)

    def values(self, series: int = 0) -> list[float]:
        return list(self._values[series])

    def set_data(self, labels: Sequence[str], values: Sequence[Sequence[float]]) -> None:
        self._labels = list(labels)
        self._values = [list(v) for v in values]
        self._update_ticks()
        self._redraw()

    def label_step(self) -> int:
        """Every how many labels one is written on the x axis: as many as fit side by
        side in the plot's width without overlapping (and at most ``max_ticks``)."""
        count = len(self._labels)
        if not count:
            return 1
        metrics = QFontMetrics(self.plot.getAxis("bottom").font())
        widest = max(metrics.horizontalAdvance(text) for text in self._labels)
        room = max(1, self.plot.width() - AXIS_ROOM_PX)
        fitting = max(1, int(room // (widest + metrics.horizontalAdvance("  "))))
        step = math.ceil(count / fitting)
        if self._max_ticks:
            step = max(step, math.ceil(count / self._max_ticks))
        return max(1, step)

    def _update_ticks(self) -> None:
        step = self.label_step()
        self.plot.getAxis("bottom").setTicks(
            [[(i, text) for i, text in enumerate(self._labels) if i % step == 0]])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_ticks()  # a narrower chart writes fewer labels rather than overlap them

    def set_values(self, values: Sequence[Sequence[float]]) -> None:
        """New figures for the same labels: the items get new data, the axis stays."""
        self._values = [list(v) for v in values]
        self._redraw()

    def set_value(self, index: int, values: Sequence[float]) -> None:
        """One point of every series (``index`` may be -1: the current bucket)."""
        for series, value in zip(self._values, values, strict=False):
            series[index] = value
        self._redraw()

    def _redraw(self) -> None:
        self.draws += 1
        xs = list(range(len(self._labels)))
        if self._bars is not None:
            self._bars.setOpts(x=xs, height=[0.0 if math.isnan(v) else v
                                             for v in self._values[0]])
        for line, values in zip(self._lines, self._values, strict=False):
            # NaN (no deadline fell that day) leaves a gap in the line.
            line.setData(xs, values, connect="finite")

    def set_theme(self, theme: Theme) -> None:
        c = colors(theme)
        self.plot.setBackground(QColor(c.base))
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(c.dim_text))
            axis.setTextPen(pg.mkPen(c.text))
        hues = _SERIES[theme]
        if self._bars is not None:
            self._bars.setOpts(brush=pg.mkBrush(hues[0]), pen=pg.mkPen(hues[0]))
        for line, hue in zip(self._lines, hues, strict=False):
            line.setPen(pg.mkPen(hue, width=2))
            line.setSymbolBrush(pg.mkBrush(hue))
            line.setSymbolPen(pg.mkPen(hue))
        if self._legend is not None:
            self._legend.setLabelTextColor(QColor(c.text))

    # ---- export ----------------------------------------------------------------------

    def export_png(self, path: Path) -> None:
        """The chart as it is drawn now."""
        if not self.plot.grab().save(str(path), "PNG"):
            raise OSError(self.tr("Could not write {0}").format(path))

    def export_csv(self, path: Path) -> None:
        """The figures behind the chart: one row per label, one column per series."""
        with Path(path).open("w", newline="", encoding="utf-8") as out:
            writer = csv_writer(out)
            writer.writerow([self.tr("Label"), *self._names])
            for i, label in enumerate(self._labels):
                writer.writerow([label, *("" if math.isnan(v[i]) else f"{v[i]:g}"
                                          for v in self._values)])

    def ask_and_save_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart as PNG"),
                                              f"{self.objectName()}.png",
                                              self.tr("PNG images (*.png)"))
        if path:
            self.export_png(Path(path))

    def ask_and_save_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart data as CSV"),
                                              f"{self.objectName()}.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(Path(path))

