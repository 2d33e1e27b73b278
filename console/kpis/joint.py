"""Joint-handling KPIs (issue 22) per grid, team, community and street, for any period.

Definitions (the README's "Joint handling" section says the same):

- **whistles**: assisting teams summoned by a whistle (吹哨) in the period; **mean
  report-in time**: from the summons to the report-in (报到), over the report-ins of the
  period.
- **returns** (退单) by reason, and the **return rate**: returns ÷ cases the team received
  as lead (dispatched to it, or ruled to it) in the period.
- **disputes ruled** (确权): rulings in the period, under the team ruled the owner.
- **callback rate** (回访率): callbacks recorded ÷ callbacks that fell due (created at a
  citizen case's close) in the period.
- **satisfaction rate** (满意率): satisfied + basically satisfied ÷ callbacks recorded.
- **resolution rate** (解决率): callbacks where the citizen says the problem is resolved ÷
  callbacks recorded.
- **assisting parts on time**: parts finished (done or waived) before their part
  deadline ÷ parts finished in the period.

Each event counts on the day it happened, under the case's grid and the team it concerns
(the summoned, returning, ruled or assisting team; for callbacks, the lead team). The
counts are kept per day of the center's time zone in ``joint_daily``, written by each
step, so a period is read as whole days of the center (a period's edges are taken to the
day holding them) — a sum over days × grids × teams, never a scan of cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.cases.joint import center_day
from console.core.errors import NotFound
from console.core.reconnect import retries_lost_connection
from console.kpis.areas import UNPLACED, UNPLACED_CODE
from console.territory.rollup import grid_rollup
from db.database import Database
from db.models import Grid, JointDaily, Team

JointLevel = Literal["grid", "team", "community", "street"]
JOINT_LEVELS: tuple[JointLevel, ...] = ("grid", "team", "community", "street")
_COUNTS = ("dispatched", "whistled", "reported_in", "report_in_s", "returned_jurisdiction",
           "returned_address", "returned_duplicate", "returned_information", "ruled",
           "parts_finished", "parts_on_time", "callbacks_due", "callbacks_done", "satisfied",
           "basic", "dissatisfied", "resolved_yes")
RETURN_REASONS = {"not_our_jurisdiction": "returned_jurisdiction",
                  "wrong_address": "returned_address", "duplicate": "returned_duplicate",
                  "insufficient_information": "returned_information"}


@dataclass(frozen=True, slots=True)
class JointFigures:
    """The joint-handling counts of one slice over one period, and their rates."""

    dispatched: int = 0
    whistled: int = 0
    reported_in: int = 0
    report_in_s: int = 0
    returned_jurisdiction: int = 0
    returned_address: int = 0
    returned_duplicate: int = 0
    returned_information: int = 0
    ruled: int = 0
    parts_finished: int = 0
    parts_on_time: int = 0
    callbacks_due: int = 0
    callbacks_done: int = 0
    satisfied: int = 0
    basic: int = 0
    dissatisfied: int = 0
    resolved_yes: int = 0
    key: str = ""  # the grid's, team's or area's code ("" for everything)
    label: str = ""
    label_zh: str = ""

    @property
    def returns(self) -> int:
        return (self.returned_jurisdiction + self.returned_address + self.returned_duplicate
                + self.returned_information)

    @property
    def returns_by_reason(self) -> dict[str, int]:
        return {reason: getattr(self, column) for reason, column in RETURN_REASONS.items()}

    @property
    def received(self) -> int:
        return self.dispatched + self.ruled

    @property
    def return_rate(self) -> float | None:
        return self.returns / self.received if self.received else None

    @property
    def mean_report_in_s(self) -> float | None:
        return self.report_in_s / self.reported_in if self.reported_in else None

    @property
    def callback_rate(self) -> float | None:
        return self.callbacks_done / self.callbacks_due if self.callbacks_due else None

    @property
    def satisfaction_rate(self) -> float | None:
        return ((self.satisfied + self.basic) / self.callbacks_done if self.callbacks_done
                else None)

    @property
    def resolution_rate(self) -> float | None:
        return self.resolved_yes / self.callbacks_done if self.callbacks_done else None

    @property
    def parts_on_time_rate(self) -> float | None:
        return self.parts_on_time / self.parts_finished if self.parts_finished else None

    def name(self, lang: str = "en") -> str:
        if lang.startswith("zh"):
            return self.label_zh or self.label
        return self.label or self.label_zh


@dataclass
class _Acc:
    counts: list[int] = field(default_factory=lambda: [0] * len(_COUNTS))

    def add(self, values: Any) -> None:
        for i, v in enumerate(values):
            self.counts[i] += int(v or 0)

    def figures(self, key: str = "", label: str = "", label_zh: str = "") -> JointFigures:
        counts = dict(zip(_COUNTS, self.counts, strict=True))
        return JointFigures(**counts, key=key, label=label,
                            label_zh=label_zh)


assert [f.name for f in fields(JointFigures)][:len(_COUNTS)] == list(_COUNTS)


@retries_lost_connection
class JointKpiService:
    """Read-only: the joint-handling KPIs. Sums over ``joint_daily``; history-wide, so the
    dashboard calls it off the GUI thread."""

    def __init__(self, db: Database, timezone: Callable[[], ZoneInfo]) -> None:
        self._db = db
        self._timezone = timezone

    def _days(self, start: datetime, end: datetime) -> tuple[int, int]:
        zone = self._timezone()
        hi = center_day(end, zone)
        if hi != int(end.timestamp()):  # the day holding ``end`` counts
            hi = center_day(end + timedelta(days=1), zone)
        return center_day(start, zone), hi

    def summary(self, start: datetime, end: datetime, *, grid: str | None = None,
                team: str | None = None) -> JointFigures:
        """Everything (or one grid, one team, or both) over the days of ``[start, end)``."""
        lo, hi = self._days(start, end)
        d = JointDaily
        where = [d.day_s >= lo, d.day_s < hi]
        with self._db.read() as s:
            if grid is not None:
                where.append(d.grid_id == self._id_of(s, Grid, grid, "grid"))
            if team is not None:
                where.append(d.team_id == self._id_of(s, Team, team, "team"))
            row = s.execute(select(*(func.sum(getattr(d, c)) for c in _COUNTS))
                            .where(*where)).one()
        acc = _Acc()
        acc.add(row)
        return acc.figures(grid or team or "")

    def by(self, start: datetime, end: datetime, level: JointLevel) -> list[JointFigures]:
        """One row per grid, team, community or street (every one, in code order; an
        area level the territory lacks gives no rows)."""
        if level not in JOINT_LEVELS:
            raise NotFound(f"Joint KPIs are grouped by {', '.join(JOINT_LEVELS)}, "
                           f"not {level!r}.")
        lo, hi = self._days(start, end)
        d = JointDaily
        key = d.team_id if level == "team" else d.grid_id
        with self._db.read() as s:
            sums: dict[int, _Acc] = {}
            for row in s.execute(select(key, *(func.sum(getattr(d, c)) for c in _COUNTS))
                                 .where(d.day_s >= lo, d.day_s < hi).group_by(key)):
                sums.setdefault(int(row[0]), _Acc()).add(row[1:])
            if level in ("grid", "team"):
                model = Team if level == "team" else Grid
                names = s.execute(select(model.id, model.code, model.name_en, model.name_zh)
                                  .order_by(model.code)).all()
                return [sums.get(i, _Acc()).figures(code, name or name_zh, name_zh)
                        for i, code, name, name_zh in names]
            rollup = grid_rollup(s, "street" if level == "street" else "community")
        if rollup is None:
            return []
        areas: dict[int, _Acc] = {}
        for grid_id, acc in sums.items():
            areas.setdefault(rollup.area_of.get(grid_id, UNPLACED), _Acc()).add(acc.counts)
        rows = [areas.get(area_id, _Acc()).figures(code, name, name_zh)
                for area_id, code, name, name_zh in rollup.areas]
        if UNPLACED in areas:
            rows.append(areas[UNPLACED].figures(UNPLACED_CODE, f"Grids in no {level}"))
        return rows

    @staticmethod
    def _id_of(s: Session, model: type[Grid] | type[Team], code: str, what: str) -> int:
        found = s.scalar(select(model.id).where(model.code == code.strip().upper()))
        if found is None:
            raise NotFound(f"No {what} {code!r}.")
        return int(found)
