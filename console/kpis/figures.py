"""The figures of one slice of the KPIs (everything, a grid, an area or a team) and the
running sums they are built from."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from console.core.domain import OPEN_STAGES, Stage

LEVELS = (1, 2, 3)
_OPEN_VALUES = [s.value for s in OPEN_STAGES]
_NONE_OPEN = tuple((st, 0) for st in _OPEN_VALUES)


# The figures are plain slotted records, not frozen ones: a frozen dataclass sets each
# field through ``object.__setattr__``, which made building a city's 160,000 rows four
# times slower (measured); nothing changes a row once it is built.


@dataclass(slots=True)
class KpiFigures:
    """The KPIs of one slice (everything, a grid or a team) over one period."""

    registered: int
    registered_closed: int  # of those registered in the period, closed before its end
    closed: int
    due: int  # resolve deadlines that fell in the period
    closed_on_time: int
    mean_time_to_close_s: float | None
    p90_time_to_close_s: float | None
    reworked: int  # closed in the period after at least one failed verification
    escalations: tuple[int, int, int]  # cases reaching level 1, 2, 3 in the period
    open_by_stage: tuple[tuple[str, int], ...]

    @property
    def closure_rate(self) -> float | None:
        return self.registered_closed / self.registered if self.registered else None

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.due if self.due else None

    @property
    def rework_rate(self) -> float | None:
        return self.reworked / self.closed if self.closed else None

    @property
    def escalations_by_level(self) -> dict[int, int]:
        return dict(zip(LEVELS, self.escalations, strict=True))

    @property
    def open_total(self) -> int:
        return sum(n for _, n in self.open_by_stage)

    def open_in(self, stage: Stage | str) -> int:
        return dict(self.open_by_stage).get(Stage(stage).value, 0)


@dataclass(slots=True)
class KpiSummary(KpiFigures):
    start: datetime = field(default=datetime.min.replace(tzinfo=UTC))
    end: datetime = field(default=datetime.min.replace(tzinfo=UTC))
    grid: str | None = None
    team: str | None = None


@dataclass(slots=True)
class KpiRow(KpiFigures):
    """One grid's or team's figures: ``key`` is its code."""

    key: str = ""
    label: str = ""  # the English name (the Chinese one when it has none)
    label_zh: str = ""

    def name(self, lang: str = "en") -> str:
        """The name in ``lang``, the other one when it has none in that language."""
        if lang.startswith("zh"):
            return self.label_zh or self.label
        return self.label or self.label_zh


@dataclass(frozen=True, slots=True)
class Bucket:
    """A time bucket of a series: ``[start, end)`` and its value(s)."""

    start: datetime
    end: datetime
    values: tuple[float, ...]


# ``KpiFigures``' fields in order, as a tuple.
FigureValues = tuple[int, int, int, int, int, float | None, float | None, int,
                     tuple[int, int, int], tuple[tuple[str, int], ...]]


@dataclass(slots=True)
class Acc:
    registered: int = 0
    registered_closed: int = 0
    closed: int = 0
    ttc_sum: int = 0
    due: int = 0
    on_time: int = 0
    reworked: int = 0
    esc: list[int] = field(default_factory=lambda: [0, 0, 0])
    stages: dict[str, int] = field(default_factory=dict)
    p90: float | None = None

    @classmethod
    def of_sums(cls, v: list[int]) -> Acc:
        """Every group's sums at once, in ``kpi_daily``'s column order (registered,
        closed, ttc_sum, reworked, due, on_time, esc1, esc2, esc3)."""
        # Positional, in field order (registered, registered_closed, closed, ttc_sum, due,
        # on_time, reworked, esc, stages): a city's 160,000 at once.
        return cls(v[0], 0, v[1], v[2], v[4], v[5], v[3], [v[6], v[7], v[8]], {})

    def add(self, group: str, values: list[int]) -> None:
        if group == "registered":
            self.registered += values[0]
        elif group == "closed":
            self.closed += values[0]
            self.ttc_sum += values[1]
            self.reworked += values[2]
        elif group == "due":
            self.due += values[0]
            self.on_time += values[1]
        else:
            self.esc[int(group[-1]) - 1] += values[0]

    def merge(self, other: Acc) -> None:
        """Add another slice's counts (a grid's into its community's): sums stay sums,
        and every rate is recomputed from them. The percentile is not additive: it is
        computed for the merged slice afterwards."""
        self.registered += other.registered
        self.registered_closed += other.registered_closed
        self.closed += other.closed
        self.ttc_sum += other.ttc_sum
        self.due += other.due
        self.on_time += other.on_time
        self.reworked += other.reworked
        self.esc = [a + b for a, b in zip(self.esc, other.esc, strict=True)]
        for stage, n in other.stages.items():
            self.stages[stage] = self.stages.get(stage, 0) + n

    def values(self) -> FigureValues:
        """The figures in ``KpiFigures`` field order (positional: a city's 160,000 rows
        are built without a dict each)."""
        closed = self.closed
        stages = self.stages
        return (self.registered, self.registered_closed, closed, self.due, self.on_time,
                self.ttc_sum / closed if closed else None, self.p90, self.reworked,
                (self.esc[0], self.esc[1], self.esc[2]),
                tuple([(st, stages.get(st, 0)) for st in _OPEN_VALUES]) if stages
                else _NONE_OPEN)

    def figures(self) -> dict[str, Any]:
        return dict(zip(_FIGURE_FIELDS, self.values(), strict=True))

    def row(self, key: str, label: str, label_zh: str) -> KpiRow:
        return KpiRow(*self.values(), key, label, label_zh)  # positional: 160,000 of them


_FIGURE_FIELDS = tuple(f.name for f in fields(KpiFigures))
