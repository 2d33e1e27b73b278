"""A headless engine under a stream of notifications reads the change feed a few times a
second, not once per change (issue 24: a writer at 50 changes a second beside twenty
seats): the first notification is read at once, the rest of the gap's together at its
end."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from console.app import App
from console.clock import FakeClock
from console.engine import escalation
from console.engine.escalation import EngineRunner
from tests.hand_notifier import HandNotifier

GAP_S = 1.0


def _until(check: Callable[[], bool], timeout: float) -> bool:
    """Whether ``check`` came true within ``timeout`` seconds (polled, not slept out)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.01)
    return check()


def test_a_stream_of_notifications_is_read_once_per_gap(
        app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(escalation, "NOTIFIED_READ_GAP_S", GAP_S)
    reads: list[float] = []
    poll = app.escalation.poll_changes

    def counted() -> bool:
        reads.append(time.monotonic())
        return poll()

    monkeypatch.setattr(app.escalation, "poll_changes", counted)
    notifier = HandNotifier()
    runner = EngineRunner(app.escalation, clock, notifier=notifier)
    runner.start()
    try:
        assert _until(lambda: runner.leadership.is_leader, 5)
        rung = time.monotonic()
        notifier.ring()
        assert _until(lambda: len(reads) == 1, GAP_S / 2), "the first is read at once"
        assert reads[0] - rung < GAP_S / 2
        for _ in range(5):
            app.cases.report(app.operator, title="Blocked drain", category="utilities",
                             severity=3, grid="XH-05")
            notifier.ring()
        assert _until(lambda: len(reads) == 2, 5 * GAP_S)
        assert reads[1] - reads[0] >= GAP_S * 0.9, "held until the gap is over"
        assert not _until(lambda: len(reads) > 2, GAP_S * 1.5), "five rings, one read"
    finally:
        runner.close()
