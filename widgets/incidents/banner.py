"""Emergency mode on screen: the banner naming the open incidents, and the drill
watermark laid over the window while a drill is open."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QSizePolicy, QWidget

from console.incidents.domain import DRILL_MARK, IncidentRow
from widgets.incidents import labels as il
from widgets.shell.theme import scaled_pt


def gravest_first(rows: list[IncidentRow]) -> list[IncidentRow]:
    """Real incidents before drills, then level I before IV, then the oldest first."""
    return sorted(rows, key=lambda r: (r.drill, r.level, r.occurred_at))


class IncidentBanner(QFrame):
    """A strip across the top of the window (its tool bar shows while any incident is
    open): the gravest
    one's reference, title, level (in its colour) and how long it has run, its open and
    overdue tasks, and how many more are open. A click opens the incident view.

    It reads nothing itself: ``show_incidents`` gives it the open incidents, ``tick``
    the time.

    Signals:
        clicked(str): the reference of the incident the banner names.
    """

    clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBanner")
        self.setAccessibleName(self.tr("Emergency banner"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._rows: list[IncidentRow] = []
        self._now: datetime | None = None
        self._drill = QLabel(self)
        self._drill.setObjectName("incidentBannerDrill")
        self._text = QLabel(self)
        self._text.setObjectName("incidentBannerText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self._text.font())
        font.setPointSizeF(scaled_pt(11))
        font.setBold(True)
        self._text.setFont(font)
        self._drill.setFont(font)
        self._tasks = QLabel(self)
        self._tasks.setObjectName("incidentBannerTasks")
        self._more = QLabel(self)
        self._more.setObjectName("incidentBannerMore")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 5, 12, 5)
        layout.setSpacing(16)
        layout.addWidget(self._drill)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._tasks)
        layout.addWidget(self._more)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    @property
    def rows(self) -> list[IncidentRow]:
        """The open incidents, gravest first."""
        return list(self._rows)

    def text(self) -> str:
        """What the banner says, in one line (tests and the accessible description)."""
        parts = [w.text() for w in (self._drill, self._text, self._tasks, self._more)
                 if w.text() and not w.isHidden()]
        return " · ".join(parts)

    def show_incidents(self, rows: list[IncidentRow], now: datetime) -> None:
        self._rows = gravest_first(rows)
        self._now = now
        self._render()

    def tick(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self._render()

    def _render(self) -> None:
        if not self._rows or self._now is None:
            for label in (self._drill, self._text, self._tasks, self._more):
                label.setText("")
            return
        row = self._rows[0]
        colour = il.level_colour(row.level)
        self.setStyleSheet(
            f"QFrame#incidentBanner {{ background: {colour.name()}; }}"
            f" QFrame#incidentBanner QLabel {{ color: {il.text_on(colour)};"
            " background: transparent; }")
        self._drill.setText(DRILL_MARK)
        self._drill.setVisible(row.drill)
        elapsed = (self._now - row.occurred_at).total_seconds()
        self._text.setText(il.incident_line(row, elapsed))
        tasks = self.tr("%n open task(s)", "", row.open_tasks)
        if row.overdue_tasks:
            tasks += " · " + self.tr("%n overdue", "", row.overdue_tasks)
        self._tasks.setText(tasks)
        more = len(self._rows) - 1
        self._more.setText(self.tr("+%n more", "", more) if more else "")
        self._more.setVisible(bool(more))
        self.setToolTip("\n".join(
            (f"{DRILL_MARK} · " if r.drill else "")
            + il.incident_line(r, (self._now - r.occurred_at).total_seconds())
            for r in self._rows) + "\n" + self.tr("Click to open the incident view"))
        self.setAccessibleDescription(self.text())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._rows:
            self._render()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._rows:
            super().mousePressEvent(event)
            return
        event.accept()
        self.clicked.emit(self._rows[0].reference)


class DrillWatermark(QWidget):
    """A diagonal "演练 / DRILL" over the window's working area (below the menu bar and
    the banner, above the status bar), drawn faintly and letting every mouse event
    through to the panels below. It follows the window's size and stays on top."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("drillWatermark")
        self._window = window
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        window.installEventFilter(self)
        self.hide()

    def set_shown(self, shown: bool) -> None:
        if shown:
            self._fit()
            self.show()
            self.raise_()
        else:
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
                QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.ChildAdded) \
                and self.isVisible():
            self._fit()
            self.raise_()
        return False

    def _fit(self) -> None:
        window = self._window
        top = 0
        bar = window.menuWidget()
        if bar is not None and bar.isVisible():
            top = bar.geometry().bottom() + 1
        bottom = window.height()
        status = window.statusBar()
        if status.isVisible():
            bottom = status.geometry().top()
        self.setGeometry(QRect(0, top, window.width(), max(0, bottom - top)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(211, 47, 47, 46)  # the red of level I, faint: read through
        painter.setPen(colour)
        font = QFont(self.font())
        font.setPointSizeF(scaled_pt(40))
        font.setBold(True)
        painter.setFont(font)
        width, height = self.width(), self.height()
        painter.translate(width / 2, height / 2)
        painter.rotate(-30)
        step_x = painter.fontMetrics().horizontalAdvance(DRILL_MARK) + 160
        step_y = painter.fontMetrics().height() * 4
        reach = int((width ** 2 + height ** 2) ** 0.5 / 2) + step_x
        for y in range(-reach, reach, step_y):
            offset = (y // step_y) % 2 * step_x // 2
            for x in range(-reach - offset, reach, step_x):
                painter.drawText(x, y, DRILL_MARK)
        painter.end()
