"""What the grid map reads off the GUI thread, and the results it gets back."""

from __future__ import annotations

from dataclasses import dataclass

from console.territory.grid_map import (
    ALL_CASES,
    CaseScope,
    CellFigures,
    GridMapService,
    HazardMarker,
    MapPoints,
)
from widgets.grid_map.geometry import DistrictGeometry, project


@dataclass(frozen=True, slots=True)
class MapData:
    """One full read: every cell's figures and the hazard markers."""

    figures: dict[int, CellFigures]
    hazard_markers: list[HazardMarker]
    points: MapPoints


@dataclass(frozen=True, slots=True)
class HazardData:
    """A read after hazards changed: (count, top score) per grid, and the markers."""

    counts: dict[int, tuple[int, int]]
    markers: list[HazardMarker]


def read_geometry(service: GridMapService) -> DistrictGeometry:
    """The district's cells, projected (no widget touched: runs on a worker)."""
    return project(service.cells())


def read_everything(service: GridMapService, scope: CaseScope = ALL_CASES) -> MapData:
    return MapData(service.figures(scope), service.hazard_markers(), service.points(scope))


def read_points(service: GridMapService, scope: CaseScope = ALL_CASES) -> MapPoints:
    """The positioned markers: open cases with a point, open alerts, teams' bases."""
    return service.points(scope)


def read_hazards(service: GridMapService) -> HazardData:
    return HazardData(service.hazard_counts(), service.hazard_markers())


def read_case_counts(service: GridMapService, case_ids: list[int],
                     scope: CaseScope = ALL_CASES) -> dict[int, tuple[int, int]]:
    """The open and overdue counts (of ``scope``) of the grids these cases are in."""
    return service.case_counts(service.grids_of_cases(case_ids), scope)
