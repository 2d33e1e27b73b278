"""Computes the dashboard's history-wide figures off the GUI thread, with progress."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from console.kpis.service import Bucket, KpiRow, KpiService

HOURS = 24
DAYS = 30
SHIFTS = 14  # a week of the center's duty shifts (two a day by default)


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the dashboard draws, as computed at ``now``."""

    now: datetime
    hourly: list[Bucket]
    daily: list[Bucket]
    on_time: list[Bucket]
    time_to_close: list[Bucket]
    shifts: list[Bucket]
    shift_names: list[str]
    table_start: datetime
    grids: list[KpiRow]
    teams: list[KpiRow]


STEPS = 7


def compute(kpis: KpiService, whole_history: bool,
            progress: Callable[[int, int], None] = lambda done, total: None) -> DashboardData:
    """The seven history-wide reads, in order, reporting after each."""
    now = kpis.now()
    hours = kpis.hour_buckets(HOURS, now)
    days = kpis.day_buckets(DAYS, now)
    day_end = days[-1] + timedelta(days=1)
    hourly = kpis.inflow(hours, hours[-1] + timedelta(hours=1))
    progress(1, STEPS)
    daily = kpis.inflow(days, day_end)
    progress(2, STEPS)
    on_time = kpis.on_time_daily(days, day_end)
    progress(3, STEPS)
    ttc = kpis.time_to_close_histogram(days[0], now)
    progress(4, STEPS)
    duty = kpis.recent_shifts(SHIFTS, now)
    shifts = kpis.escalations_per_shift([d.starts_at for d in duty], duty[-1].ends_at)
    progress(5, STEPS)
    start = kpis.history_start() if whole_history else days[0]
    grids = kpis.by_grid(start, now)
    progress(6, STEPS)
    teams = kpis.by_team(start, now)
    progress(7, STEPS)
    return DashboardData(now, hourly, daily, on_time, ttc, shifts, [d.name for d in duty],
                         start, grids, teams)


class _Delivery(QObject):
    """Lives in the GUI thread: the worker emits through it (queued connections)."""

    loaded = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int)


class _Load(QRunnable):
    def __init__(self, kpis: KpiService, whole: bool, generation: int,
                 delivery: _Delivery) -> None:
        super().__init__()
        self._kpis = kpis
        self._whole = whole
        self._generation = generation
        self._delivery = delivery

    def run(self) -> None:
        try:
            data = compute(self._kpis, self._whole, self._progress)
        except Exception as exc:  # a pool thread must not swallow it while the GUI waits
            self._emit(self._delivery.failed, str(exc) or type(exc).__name__)
            return
        self._emit(self._delivery.loaded, data)

    def _progress(self, done: int, total: int) -> None:
        with suppress(RuntimeError):
            self._delivery.progress.emit(self._generation, done, total)

    def _emit(self, signal: SignalInstance, payload: object) -> None:
        with suppress(RuntimeError):  # the dashboard was closed meanwhile
            signal.emit(self._generation, payload)


class DashboardLoader(QObject):
    """One history-wide computation at a time, in a pool thread of its own.

    Signals:
        loaded(int, object): generation and a ``DashboardData``, in the GUI thread.
        failed(int, str): generation and the error's message.
        progress(int, int, int): generation, steps done, steps in all.
    """

    loaded = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int)

    def __init__(self, kpis: KpiService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kpis = kpis
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._delivery = _Delivery(self)
        self._delivery.loaded.connect(self.loaded)
        self._delivery.failed.connect(self.failed)
        self._delivery.progress.connect(self.progress)

    def start(self, whole_history: bool, generation: int) -> None:
        self._pool.clear()
        load = _Load(self._kpis, whole_history, generation, self._delivery)
        load.setAutoDelete(True)
        self._pool.start(load)

    def wait(self, msecs: int = -1) -> bool:
        self._pool.clear()
        return self._pool.waitForDone(msecs)
