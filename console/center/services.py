"""What the center's bundle and sheets work with: the services of a console, as a type.

``console.app.App`` has all of these; modules below the composition root name this
protocol instead of the App itself (an import-linter contract says only the root knows
the App), so the bundle code can be given any object holding these services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from console.cases.deadlines import DeadlineService
from console.clock import Clock
from console.core.domain import OperatorRef
from console.hazards.service import HazardService
from console.incidents.service import IncidentService
from console.operators.service import OperatorService
from console.rosters.service import RosterService
from console.territory.district import DistrictService
from db.database import Database

if TYPE_CHECKING:  # the services the app builds when first asked for (shapely, pyproj)
    from console.center.service import CenterSheets
    from console.center.settings import CenterService
    from console.territory.basemaps import BasemapService
    from console.territory.gazetteer import Gazetteer
    from console.territory.service import TerritoryService


class CenterApp(Protocol):
    """The services a center's bundle, sheets and demo loading use."""

    db: Database
    clock: Clock
    operators: OperatorService
    district: DistrictService
    hazards: HazardService
    rosters: RosterService
    deadlines: DeadlineService
    center: CenterService
    incidents: IncidentService

    # Read-only: the app builds these the first time they are asked for.
    @property
    def territory(self) -> TerritoryService: ...

    @property
    def sheets(self) -> CenterSheets: ...

    @property
    def gazetteer(self) -> Gazetteer: ...

    @property
    def basemaps(self) -> BasemapService: ...

    @property
    def operator(self) -> OperatorRef: ...

    @property
    def zone(self) -> ZoneInfo: ...
