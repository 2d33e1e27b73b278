"""BackgroundWork: results in the order asked, stale requests dropped, errors as messages
on the GUI thread, nothing delivered once its owner is gone."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console.core.errors import ValidationError
from widgets.common.background import BackgroundWork


class _Owner(QWidget):
    """A panel that asks for work and shows what comes back."""

    def __init__(self) -> None:
        super().__init__()
        self.work = BackgroundWork(self)
        self.shown: list[object] = []
        self.errors: list[str] = []
        self.threads: list[threading.Thread] = []

    def show_result(self, result: object) -> None:
        self.threads.append(threading.current_thread())
        self.shown.append(result)

    def show_error(self, message: str) -> None:
        self.threads.append(threading.current_thread())
        self.errors.append(message)


def _held(started: threading.Event, release: threading.Event,
          result: object) -> Callable[[], object]:
    def work() -> object:
        started.set()
        assert release.wait(10), "the test never released the work"
        return result
    return work


def test_results_arrive_on_the_gui_thread_in_the_order_asked(qtbot: QtBot) -> None:
    owner = _Owner()
    qtbot.addWidget(owner)
    started, release = threading.Event(), threading.Event()
    owner.work.start(_held(started, release, 0), owner.show_result)
    for n in range(1, 5):
        owner.work.start(lambda n=n: n, owner.show_result)
    assert started.wait(10)
    assert owner.work.busy
    assert not owner.work.wait_idle(10), "the first request is still held"
    assert owner.shown == []
    release.set()
    qtbot.waitUntil(lambda: not owner.work.busy, timeout=10_000)
    assert owner.shown == [0, 1, 2, 3, 4]
    assert set(owner.threads) == {threading.main_thread()}


def test_a_newer_request_of_the_same_kind_drops_the_older(qtbot: QtBot) -> None:
    owner = _Owner()
    qtbot.addWidget(owner)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def read(name: str) -> str:
        ran.append(name)
        return name

    owner.work.start(_held(started, release, "running"), owner.show_result, kind="read")
    assert started.wait(10)
    owner.work.start(lambda: read("queued"), owner.show_result, kind="read")
    owner.work.start(lambda: "other kind", owner.show_result, kind="count")
    owner.work.start(lambda: read("newest"), owner.show_result, kind="read")
    release.set()
    assert owner.work.wait_idle(10_000)
    assert owner.shown == ["other kind", "newest"], "the stale reads never arrive"
    assert ran == ["newest"], "a stale request not begun never runs"
    owner.work.start(lambda: "again", owner.show_result, kind="read")
    owner.work.cancel("read")
    assert owner.work.wait_idle(10_000)
    assert owner.shown == ["other kind", "newest"], "a cancelled request never arrives"


def test_an_exception_arrives_as_a_message_on_the_gui_thread(qtbot: QtBot) -> None:
    owner = _Owner()
    qtbot.addWidget(owner)

    def refused() -> object:
        raise ValidationError("The title must not be empty.")

    def broken() -> object:
        raise KeyError  # no words of its own: its name stands in

    owner.work.start(refused, owner.show_result, owner.show_error)
    owner.work.start(broken, owner.show_result, owner.show_error)
    owner.work.start(broken, owner.show_result)  # the owner chose not to hear of it
    qtbot.waitUntil(lambda: not owner.work.busy, timeout=10_000)
    assert owner.errors == ["The title must not be empty.", "KeyError"]
    assert owner.shown == []
    assert set(owner.threads) == {threading.main_thread()}


def test_progress_follows_on_the_gui_thread_until_the_request_goes_stale(
        qtbot: QtBot) -> None:
    owner = _Owner()
    qtbot.addWidget(owner)
    steps: list[tuple[int, int]] = []

    def counted(progress: Callable[[int, int], None]) -> str:
        for done in range(1, 4):
            progress(done, 3)
        return "counted"

    owner.work.start_reporting(counted, owner.show_result,
                               lambda done, total: steps.append((done, total)), kind="k")
    assert owner.work.wait_idle(10_000)
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert owner.shown == ["counted"]
    steps.clear()
    owner.work.start_reporting(counted, owner.show_result,
                               lambda done, total: steps.append((done, total)), kind="k")
    owner.work.cancel()
    assert owner.work.wait_idle(10_000)
    assert steps == []
    assert owner.shown == ["counted"]


def test_nothing_is_delivered_after_the_owner_is_deleted(qtbot: QtBot) -> None:
    owner = _Owner()
    shown, errors = owner.shown, owner.errors
    started, release = threading.Event(), threading.Event()
    owner.work.start(lambda: "finished before", owner.show_result, owner.show_error)
    owner.work.start(_held(started, release, "running"), owner.show_result,
                     owner.show_error)
    owner.work.start(lambda: "queued", owner.show_result, owner.show_error)
    assert started.wait(10)  # so the first result is already on its way to the owner
    release.set()
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(50)  # the event loop runs: whatever was queued for the owner is gone
    assert shown == []
    assert errors == []
