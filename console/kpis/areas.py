"""KPIs per community and per street: the grids' running sums added up the territory.

A case in grid G of community C of street S counts once in G, once in C and once in S.
Counts are summed, and every rate is recomputed from the summed counts (a community's
closure rate is its closed cases over its registered cases, never the mean of its grids'
rates); the 90th percentile is computed again over the area's own closures.
"""

from __future__ import annotations

from typing import Literal

from console.core.errors import ValidationError
from console.kpis.figures import Acc, KpiRow
from console.territory.rollup import AreaRollup

AreaLevel = Literal["grid", "community", "street"]
# The levels the KPIs and the bulletin rank by, finest first.
AREA_LEVELS: tuple[AreaLevel, ...] = ("grid", "community", "street")
# The key of the grids no area of the level holds (a grid loaded without a parent).
UNPLACED = -1
UNPLACED_CODE = "—"


def check_area_level(level: str) -> AreaLevel:
    for known in AREA_LEVELS:
        if known == level:
            return known
    raise ValidationError(f"KPIs are grouped by {', '.join(AREA_LEVELS)}, not {level!r}.",
                          "level")


def roll_up(by_grid: dict[int, Acc], rollup: AreaRollup) -> dict[int, Acc]:
    """The grids' sums added into their areas' (``UNPLACED`` for grids outside any)."""
    out: dict[int, Acc] = {}
    for grid_id, acc in by_grid.items():
        out.setdefault(rollup.area_of.get(grid_id, UNPLACED), Acc()).merge(acc)
    return out


def area_rows(rollup: AreaRollup, accs: dict[int, Acc]) -> list[KpiRow]:
    """One row per area of the level (every area, in code order), then one for the grids
    outside any area of the level, if they have cases."""
    rows = [KpiRow(**accs.get(area_id, Acc()).figures(), key=code, label=name,
                   label_zh=name_zh)
            for area_id, code, name, name_zh in rollup.areas]
    unplaced = accs.get(UNPLACED)
    if unplaced is not None:
        rows.append(KpiRow(**unplaced.figures(), key=UNPLACED_CODE,
                           label=f"Grids in no {rollup.level}"))
    return rows
