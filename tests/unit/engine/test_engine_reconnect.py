"""While the database is out of reach the engine's timers keep going: a sweep that cannot
run is postponed, and the alarm looks again shortly instead of staying unarmed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.errors import DatabaseUnavailable
from console.engine.escalation import LOST_RETRY


class Recorder:
    def __init__(self) -> None:
        self.armed: list[datetime | None] = []

    def arm(self, when: datetime | None, callback: Callable[[], None]) -> None:
        self.armed.append(when)


def _lost() -> None:
    raise DatabaseUnavailable("server closed the connection unexpectedly", commit_sent=False)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_alarm_looks_again_shortly_while_the_server_is_out_of_reach(
        app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    app.cases.report(app.operator, title="Smoke in stairwell", category="fire", severity=1,
                     grid="XH-02")
    alarm = Recorder()
    app.escalation.start(alarm)
    assert alarm.armed[-1] is not None
    monkeypatch.setattr(app.escalation, "next_due", _lost)
    monkeypatch.setattr(app.escalation, "sweep", _lost)
    app.escalation._on_alarm()  # a wake-up during the outage: no error escapes
    assert alarm.armed[-1] == clock.now() + LOST_RETRY
    monkeypatch.undo()
    app.escalation.rearm()  # the server is back: armed for the next deadline again
    assert alarm.armed[-1] == app.escalation.next_due()
