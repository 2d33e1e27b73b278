"""The sheets a center is described by, one object per sheet, built once per console."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from console.cases.sla import SlaService
from console.center.people import OperatorSheet
from console.center.rotations import RotationSheet
from console.center.rules import CalendarSheet, PolicySheet, TierSheet
from console.center.teams import QualificationSheet, TeamSheet
from console.clock import Clock
from console.rosters.service import RosterService
from console.territory.district import DistrictService
from db.database import Database


class CenterSheets:
    """Teams, qualifications, rotations, operators, SLA policies and tiers, the working
    calendar:
    each imported from its CSV sheet (a report per line, good rows kept) and written back
    in the same form. Members are the roster's own sheet (``console/rosters/exchange.py``).
    """

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 rosters: RosterService, sla: SlaService, zone: Callable[[], tzinfo]) -> None:
        self.teams = TeamSheet(db, clock, district, rosters)
        self.qualifications = QualificationSheet(db, clock)
        self.rotations = RotationSheet(db, clock, rosters)
        self.operators = OperatorSheet(db, clock)
        self.policies = PolicySheet(db, clock, sla)
        self.tiers = TierSheet(db, clock, zone)
        self.calendar = CalendarSheet(db, clock, sla)
