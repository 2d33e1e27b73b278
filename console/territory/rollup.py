"""Which community, street or district holds each grid: the roll-up that groups by area.

A grid's ``area_id`` names the area holding it; areas hold each other through
``parent_id``. A territory may skip a level (a city without streets puts communities in
districts), so a grid belongs to the nearest area *of the level asked for* up its chain,
or to none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.territory.areas import Level
from db.models import Area as AreaRow
from db.models import Grid


@dataclass(frozen=True, slots=True)
class AreaRollup:
    """The areas of one level (id, code, names, in code order) and each grid's area id.

    Grids with no area of that level above them are left out of ``area_of``."""

    level: Level
    areas: tuple[tuple[int, str, str, str], ...]  # id, code, English name, Chinese name
    area_of: dict[int, int]

    def members(self) -> dict[int, list[int]]:
        """Area id → the ids of its grids."""
        out: dict[int, list[int]] = {}
        for grid_id, area_id in self.area_of.items():
            out.setdefault(area_id, []).append(grid_id)
        return out


def grid_rollup(s: Session, level: Level) -> AreaRollup | None:
    """Each grid's area of ``level`` (``community``, ``street`` or ``district``); None when
    the territory has no area of that level (nothing to group by)."""
    if level == "grid":
        raise ValueError("grids are not rolled up into grids")
    rows = s.execute(select(AreaRow.id, AreaRow.code, AreaRow.name_en, AreaRow.name_zh,
                            AreaRow.level, AreaRow.parent_id).order_by(AreaRow.code)).all()
    areas = tuple((r.id, r.code, r.name_en or r.name_zh, r.name_zh)
                  for r in rows if r.level == level)
    if not areas:
        return None
    parent = {r.id: r.parent_id for r in rows}
    level_of = {r.id: r.level for r in rows}
    holder: dict[int, int | None] = {}  # area id -> its area of ``level`` (memoised)

    def holding(area_id: int | None) -> int | None:
        seen: list[int] = []
        found: int | None = None
        while area_id is not None:
            if area_id in holder:
                found = holder[area_id]
                break
            seen.append(area_id)
            if level_of.get(area_id) == level:
                found = area_id
                break
            if len(seen) > len(parent):  # a cycle in bad data: stop, nothing holds it
                break
            area_id = parent.get(area_id)
        for a in seen:
            holder[a] = found
        return found

    area_of: dict[int, int] = {}
    for grid_id, area_id in s.execute(select(Grid.id, Grid.area_id)):
        found = holding(area_id)
        if found is not None:
            area_of[int(grid_id)] = found
    return AreaRollup(level, areas, area_of)
