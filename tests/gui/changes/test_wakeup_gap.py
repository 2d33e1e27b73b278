"""A seat under a stream of changes reads the feed a few times a second, not once per
change: notifications closer together than the wake-up's gap are merged (issue 24: twenty
seats on one server while a writer commits 50 changes a second)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.hand_notifier import HandNotifier
from widgets.changes.change_wakeup import ChangeWakeup

GAP_MS = 1000


def test_a_stream_of_notifications_wakes_the_reader_once_per_gap(qtbot: QtBot) -> None:
    # A writer at 50 changes a second must not make every seat read fifty times a
    # second: the first notification wakes the reader at once, the rest of the gap's are
    # merged into one wake-up at its end, and a lone one after a quiet spell is at once.
    notifier = HandNotifier()
    wakeup = ChangeWakeup(notifier, min_gap_ms=GAP_MS)
    woken: list[int] = []
    wakeup.woken.connect(lambda: woken.append(1))
    wakeup.start()
    notifier.ring()
    qtbot.waitUntil(lambda: len(woken) == 1, timeout=5000)
    for _ in range(5):
        notifier.ring()
        qtbot.wait(10)
    assert len(woken) == 1, "held until the gap is over"
    qtbot.waitUntil(lambda: len(woken) == 2, timeout=5000)
    with qtbot.assert_not_emitted(wakeup.woken, wait=GAP_MS + 100):
        pass
    assert len(woken) == 2, "five notifications, one wake-up"
    notifier.ring()  # quiet for a whole gap: at once, not held
    qtbot.waitUntil(lambda: len(woken) == 3, timeout=GAP_MS // 2)
    wakeup.stop()
    notifier.ring()
    with qtbot.assert_not_emitted(wakeup.woken, wait=400):
        pass
