"""The dashboard's history-wide figures, computed step by step with progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from console.kpis.joint import JointFigures, JointKpiService, JointLevel
from console.kpis.service import AreaLevel, Bucket, KpiRow, KpiService

HOURS = 24
DAYS = 30
JOINT_SCOPES: tuple[JointLevel, ...] = ("grid", "street", "team")
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
    area_level: AreaLevel  # what ``areas`` ranks: grid, community or street
    areas: list[KpiRow]
    teams: list[KpiRow]
    area_levels: list[AreaLevel]  # the levels this territory can rank by
    # Joint handling (吹哨, 退单, 确权, 回访) over the same period, per grid, street, team.
    joint: dict[JointLevel, list[JointFigures]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AreaTable:
    """The per-area table alone, for another level over the same period."""

    level: AreaLevel
    rows: list[KpiRow] | None  # None: the territory has no area of that level
    start: datetime
    end: datetime


STEPS = 8


def compute(kpis: KpiService, whole_history: bool, level: AreaLevel = "grid",
            progress: Callable[[int, int], None] = lambda done, total: None,
            joint: JointKpiService | None = None) -> DashboardData:
    """The eight history-wide reads, in order, reporting after each. The area table
    ranks ``level``, or grids when the territory has no area of that level; ``joint``
    adds the joint-handling figures per grid, street and team."""
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
    levels = kpis.area_levels()
    rows = kpis.by_area(start, now, level) if level in levels else None
    if rows is None:
        level, rows = "grid", kpis.by_grid(start, now)
    progress(6, STEPS)
    teams = kpis.by_team(start, now)
    progress(7, STEPS)
    joint_rows = ({scope: joint.by(start, now, scope) for scope in JOINT_SCOPES}
                  if joint is not None else {})
    progress(8, STEPS)
    return DashboardData(now, hourly, daily, on_time, ttc, shifts, [d.name for d in duty],
                         start, level, rows, teams, levels, joint_rows)


def area_table(kpis: KpiService, level: AreaLevel, start: datetime, end: datetime) -> AreaTable:
    """The per-area table of ``level`` over ``[start, end)`` (a change of level)."""
    return AreaTable(level, kpis.by_area(start, end, level), start, end)
