"""The status bar: who is on, which database, how many cases are open and overdue, and
the time."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.app import App
from console.core.domain import OperatorRef, Role, StageCounts
from console.engine.leadership import EngineRole
from widgets.common.time_text import center_zone_name, local_time_seconds

CLOCK_INTERVAL_MS = 1000
DATABASE_LABEL_WIDTH = 220  # pixels; long paths are shortened in the middle


def _role_label(role: Role) -> str:
    names = {
        Role.DUTY_OFFICER: QCoreApplication.translate("ConsoleStatusBar", "Duty officer"),
        Role.COORDINATOR: QCoreApplication.translate("ConsoleStatusBar", "Coordinator"),
        Role.REVIEWER: QCoreApplication.translate("ConsoleStatusBar", "Reviewer"),
        Role.ADMIN: QCoreApplication.translate("ConsoleStatusBar", "Administrator"),
        Role.SYSTEM: QCoreApplication.translate("ConsoleStatusBar", "System"),
    }
    return names[role]


role_label = _role_label  # the sign-in, lock and operators dialogs name roles alike


def follow_operator(owner: QObject, app: App,
                    listener: Callable[[OperatorRef], None]) -> None:
    """Call ``listener`` (a bound method) after every sign-in or switch of operator, while
    ``owner`` lives. The app holds it weakly: a closed window is not kept alive by it."""
    method = weakref.WeakMethod(listener)

    def call(operator: OperatorRef) -> None:
        bound = method()
        if bound is not None:
            bound(operator)
    app.operator_changed.append(call)

    def forget() -> None:
        if call in app.operator_changed:
            app.operator_changed.remove(call)
    owner.destroyed.connect(forget)


def _engine_label(role: EngineRole) -> tuple[str, str]:
    """What the status bar says about this console's escalation engine, and why."""
    translate = QCoreApplication.translate
    texts = {
        EngineRole.OFF: (
            translate("ConsoleStatusBar", "Engine off"),
            translate("ConsoleStatusBar", "No escalation engine runs in this console")),
        EngineRole.SHARED: (
            translate("ConsoleStatusBar", "Engine on"),
            translate("ConsoleStatusBar", "This console's engine fires the deadline timers")),
        EngineRole.LEADER: (
            translate("ConsoleStatusBar", "Engine: leader"),
            translate("ConsoleStatusBar",
                      "This console's engine fires the deadline timers for every seat")),
        EngineRole.STANDBY: (
            translate("ConsoleStatusBar", "Engine: standby"),
            translate("ConsoleStatusBar",
                      "Another engine fires the timers; this one takes over if it stops")),
    }
    return texts[role]


class ConsoleStatusBar(QStatusBar):
    """Permanent labels: operator and role, database, open/paused counts, how many open
    cases are overdue (highlighted while any are), local clock.

    Signals: only those of ``QStatusBar``.
    """

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self._app = app
        self._operator = self._label("statusOperator")
        self._database = self._label("statusDatabase")
        self._counts = self._label("statusCounts")
        self._overdue = self._label("statusOverdue")
        self._engine = self._label("statusEngine")
        self._clock = self._label("statusClock")
        self.set_operator(app.operator)
        # Follows every sign-in and switch of operator (lock screen, handover take-over).
        follow_operator(self, app, self.set_operator)
        where = app.db.describe()
        self._where = (self._database.fontMetrics().elidedText(
            where, Qt.TextElideMode.ElideMiddle, DATABASE_LABEL_WIDTH),
            self.tr("Where this console's data lives: {where}").format(where=where))
        self._reconnecting = False
        self._database.setText(self._where[0])
        self._database.setToolTip(self._where[1])
        self._counts.setToolTip(self.tr("Open cases, and how many of them are paused"))
        self._overdue.setToolTip(
            self.tr("Open cases past a deadline (breached, level 2 or 3)"))
        self._clock.setToolTip(self.tr("Console time, in the center's time zone ({zone}); "
                                        "every time on screen is in it").format(
            zone=center_zone_name()))
        for label in (self._operator, self._database, self._engine, self._counts,
                      self._overdue, self._clock):
            self.addPermanentWidget(label)
        self.set_counts(None)
        self._timer = QTimer(self)
        self._timer.setInterval(CLOCK_INTERVAL_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    def set_counts(self, counts: StageCounts | None) -> None:
        open_total = counts.open_total if counts else 0
        paused = counts.paused if counts else 0
        self._counts.setText(self.tr("Open {open} · paused {paused}").format(
            open=open_total, paused=paused))
        overdue = counts.overdue if counts else 0
        self._overdue.setText(self.tr("Overdue {n}").format(n=overdue))
        if self._overdue.property("alarm") != (overdue > 0):
            self._overdue.setProperty("alarm", overdue > 0)
            self._overdue.style().unpolish(self._overdue)
            self._overdue.style().polish(self._overdue)

    def set_operator(self, operator: OperatorRef) -> None:
        """Show who is acting now, and in which role."""
        self._operator.setText(self.tr("{name} · {role}").format(
            name=operator.display_name, role=_role_label(operator.role)))
        self._operator.setToolTip(self.tr("Acting as {username}").format(
            username=operator.username))

    def tick(self) -> None:
        """Show the console clock's time, in the center's zone, the engine's role, and
        whether the database connection is being re-established."""
        self._clock.setText(local_time_seconds(self._app.clock.now()))
        text, tip = _engine_label(self._app.leadership.role)
        if self._engine.text() != text:
            self._engine.setText(text)
            self._engine.setToolTip(tip)
        if self._app.reconnecting != self._reconnecting:  # the server is gone, or back
            self._reconnecting = not self._reconnecting
            self._database.setText(self.tr("Database: reconnecting…") if self._reconnecting
                                   else self._where[0])
            self._database.setToolTip(self.tr(
                "The connection to the database server was lost; this console reconnects "
                "by itself (to the standby once it is promoted). Nothing committed is lost.")
                if self._reconnecting else self._where[1])
