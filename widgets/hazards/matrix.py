"""The 5×5 risk matrix view: hazards per likelihood × severity cell, coloured by level."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from console.hazards.domain import LIKELIHOODS, SEVERITIES, MatrixCounts, RiskLevel, assess
from widgets.common.plurals import counted
from widgets.hazards import labels as hl
from widgets.shell.theme import Theme, colors, current_theme

Cell = tuple[int, int]  # (likelihood, severity)


class RiskMatrix(QWidget):
    """Likelihood up the side (5 at the top), severity along the bottom; each cell shows
    how many hazards sit there, over the colour of its level, with the score in a corner.
    A legend underneath names the levels with their counts, so nothing depends on colour
    alone.

    Click a cell (or move with the arrow keys and press Space) to select it; click it
    again, or press Escape, to clear.

    Signals:
        cell_selected(object): the (likelihood, severity) now selected, or None when the
            selection was cleared.
    """

    cell_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskMatrix")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Risk matrix"))
        self._counts = MatrixCounts({})
        self._selected: Cell | None = None
        self._hover: Cell | None = None
        self._focus: Cell = (3, 3)
        self._theme = current_theme()
        self._levels = hl.level_colors(self._theme)

    # ---- public ------------------------------------------------------------------------

    @property
    def counts(self) -> MatrixCounts:
        return self._counts

    @property
    def selected(self) -> Cell | None:
        return self._selected

    def set_counts(self, counts: MatrixCounts) -> None:
        if counts != self._counts:
            self._counts = counts
            self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._levels = hl.level_colors(theme)
        self.update()

    def select(self, cell: Cell | None) -> None:
        """Select ``cell`` (or clear) without emitting."""
        if cell != self._selected:
            self._selected = cell
            if cell is not None:
                self._focus = cell
            self.update()

    def cell_rect(self, likelihood: int, severity: int) -> QRect:
        """Where a cell is drawn, in widget coordinates (tests click its centre)."""
        grid = self._grid_rect()
        width = grid.width() / 5
        height = grid.height() / 5
        left = grid.left() + (severity - 1) * width
        top = grid.top() + (5 - likelihood) * height
        return QRectF(left, top, width, height).toAlignedRect().adjusted(1, 1, -1, -1)

    def cell_at(self, pos: QPoint) -> Cell | None:
        for likelihood in LIKELIHOODS:
            for severity in SEVERITIES:
                if self.cell_rect(likelihood, severity).contains(pos):
                    return likelihood, severity
        return None

    # ---- geometry ----------------------------------------------------------------------

    def _axis_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def _legend_height(self) -> int:
        return QFontMetrics(self._axis_font()).height() + 10

    def _grid_rect(self) -> QRect:
        metrics = QFontMetrics(self._axis_font())
        left = metrics.height() + metrics.horizontalAdvance("5") + 14
        bottom = metrics.height() * 2 + 8 + self._legend_height()
        area = self.rect().adjusted(left, 6, -6, -bottom)
        return area

    def sizeHint(self) -> QSize:
        return QSize(340, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 160)  # five rows of cells still read at 18 px each

    # ---- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        theme = colors(self._theme)
        base = QColor(theme.base)
        text = QColor(theme.text)
        dim = QColor(theme.dim_text)
        accent = QColor(theme.accent)
        count_font = QFont(self.font())
        count_font.setBold(True)
        count_font.setPointSizeF(self.font().pointSizeF() * 1.25)
        small = self._axis_font()
        for likelihood in LIKELIHOODS:
            for severity in SEVERITIES:
                rect = self.cell_rect(likelihood, severity)
                score, level = assess(likelihood, severity)
                shades = self._levels[level]
                n = self._counts.at(likelihood, severity)
                fill = QColor(shades.fill)
                if n == 0:
                    # An empty cell keeps its level's hue but steps back.
                    fill = _blend(fill, base, 0.55)
                if self._selected is not None and (likelihood, severity) != self._selected:
                    # While one cell filters the table, the others step back too.
                    fill = _blend(fill, base, 0.4)
                painter.fillRect(rect, fill)
                if (likelihood, severity) == self._hover:
                    painter.setPen(QPen(text, 1))
                    painter.drawRect(rect.adjusted(0, 0, -1, -1))
                painter.setFont(small)
                painter.setPen(_blend(shades.on_fill, fill, 0.35))
                painter.drawText(rect.adjusted(4, 2, -4, -2),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 str(score))
                painter.setFont(count_font)
                painter.setPen(shades.on_fill if n else _blend(shades.on_fill, fill, 0.5))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n) if n else "·")
        if self._selected is not None:
            rect = self.cell_rect(*self._selected)
            painter.setPen(QPen(accent, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        if self.hasFocus():
            rect = self.cell_rect(*self._focus)
            pen = QPen(text, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(4, 4, -5, -5))
        self._paint_axes(painter, small, dim)
        self._paint_legend(painter, small, dim)
        painter.end()

    def _paint_axes(self, painter: QPainter, font: QFont, pen: QColor) -> None:
        painter.setFont(font)
        painter.setPen(pen)
        metrics = QFontMetrics(font)
        grid = self._grid_rect()
        for likelihood in LIKELIHOODS:
            rect = self.cell_rect(likelihood, 1)
            label = QRect(grid.left() - metrics.horizontalAdvance("5") - 6, rect.top(),
                          metrics.horizontalAdvance("5") + 2, rect.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(likelihood))
        for severity in SEVERITIES:
            rect = self.cell_rect(1, severity)
            label = QRect(rect.left(), grid.bottom() + 2, rect.width(), metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(severity))
        title = QRect(grid.left(), grid.bottom() + metrics.height() + 2, grid.width(),
                      metrics.height())
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, self.tr("Severity →"))
        painter.save()
        painter.translate(0, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRect(-grid.height() // 2, 0, grid.height(), metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, self.tr("Likelihood →"))
        painter.restore()

    def _paint_legend(self, painter: QPainter, font: QFont, pen: QColor) -> None:
        metrics = QFontMetrics(font)
        grid = self._grid_rect()
        top = self.rect().bottom() - self._legend_height() + 6
        by_level = self._counts.by_level()
        x = grid.left()
        swatch = metrics.height() - 4
        painter.setFont(font)
        for level in (RiskLevel.EXTREME, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW):
            label = f"{hl.level_label(level)} {by_level[level]}"
            painter.fillRect(QRect(x, top + 2, swatch, swatch), self._levels[level].fill)
            painter.setPen(self._levels[level].text)
            painter.drawRect(QRect(x, top + 2, swatch, swatch))
            painter.setPen(pen)
            painter.drawText(QRect(x + swatch + 4, top, 200, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            x += swatch + 4 + metrics.horizontalAdvance(label) + 12

    # ---- input -------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell != self._hover:
            self._hover = cell
            self.update()
            if cell is not None:
                QToolTip.showText(event.globalPosition().toPoint(), self._tooltip(cell), self)
            else:
                QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            cell = self.cell_at(event.position().toPoint())
            if cell is not None:
                self._toggle(cell)
                return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        likelihood, severity = self._focus
        key = event.key()
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1),
                 Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0)}
        if key in moves:
            dl, ds = moves[Qt.Key(key)]
            self._focus = (min(5, max(1, likelihood + dl)), min(5, max(1, severity + ds)))
            self.update()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._toggle(self._focus)
        elif key == Qt.Key.Key_Escape and self._selected is not None:
            self._selected = None
            self.update()
            self.cell_selected.emit(None)
        else:
            super().keyPressEvent(event)

    def _toggle(self, cell: Cell) -> None:
        self._focus = cell
        self._selected = None if cell == self._selected else cell
        self.update()
        self.cell_selected.emit(self._selected)

    def _tooltip(self, cell: Cell) -> str:
        likelihood, severity = cell
        score, level = assess(likelihood, severity)
        n = self._counts.at(likelihood, severity)
        return counted(self.tr("Likelihood {l} × severity {s} = {score}, {level}\n{n} hazard(s)"
                               " — click to show only these"), n).format(
            l=hl.likelihood_label(likelihood), s=hl.severity_label(severity), score=score,
            level=hl.level_label(level), n=n)


def _blend(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """``a`` moved ``share_of_b`` of the way towards ``b``."""
    keep = 1 - share_of_b
    return QColor(int(a.red() * keep + b.red() * share_of_b),
                  int(a.green() * keep + b.green() * share_of_b),
                  int(a.blue() * keep + b.blue() * share_of_b))
