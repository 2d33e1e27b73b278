"""The rosters as one service: teams and members, schedules, crews sent on cases.

Who may do what:

- coordinators and admins (and the engine) edit rosters: teams, members, qualifications,
  rotations, shifts, anyone's availability;
- duty officers dispatch cases with members (``CaseService.apply(..., members=[...])`` or
  ``dispatch_members``) and may change the availability of the members they sent on a
  case (back early, hurt on the scene);
- reviewers read.

The work is split by concern, one service each: ``TeamService`` (``teams.py``: teams,
members, qualifications, availability, imports), ``ScheduleService`` (``schedules.py``:
rotations, shifts, generation, who is on duty, readiness) and ``CrewService``
(``crews.py``: members proposed for, sent on and released from cases). ``RosterService``
builds the three on one shared context (``shared.py``) and is the one name the widgets,
the command line and the engine use (``app.rosters``): each of its calls is the method of
the service that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from console.cases.service import CaseService
from console.clock import Clock
from console.core.domain import OperatorRef
from console.rosters.crews import CrewService
from console.rosters.readiness import DEFAULT_LEAD, ReadinessWatch
from console.rosters.schedules import ScheduleService, ShiftSpec
from console.rosters.shared import DISPATCHERS, ROSTER_EDITORS, RosterContext
from console.rosters.teams import KEEP, TeamService
from console.territory.district import DistrictService
from db.database import Database
from db.demo.rotation_pattern import DEFAULT_TIMEZONE

__all__ = ["DISPATCHERS", "KEEP", "ROSTER_EDITORS", "RosterService", "ShiftSpec"]


class RosterService:
    """Rosters of the emergency teams: the team, schedule and crew services behind one
    name. ``committed`` callbacks run after every committed change of any of them."""

    def __init__(self, db: Database, clock: Clock, district: DistrictService,
                 cases: CaseService, system: Callable[[], OperatorRef],
                 timezone: str = DEFAULT_TIMEZONE,
                 readiness_lead: timedelta = DEFAULT_LEAD) -> None:
        ctx = RosterContext(db, clock, district, system, timezone,
                            ReadinessWatch(system, timezone, readiness_lead))
        # The center's time zone: rotations' local times and the week view's days.
        self.timezone = timezone
        self.committed = ctx.committed
        # Raises the readiness alerts; composition wires its paging outbox.
        self.readiness_watch = ctx.watch
        self.teams = teams = TeamService(ctx)
        self.schedules = schedules = ScheduleService(ctx)
        # The case service's hook: members go on task with a dispatch, back at resolve.
        self.crews = crews = CrewService(ctx, cases)

        # Teams and members.
        self.qualifications = teams.qualifications
        self.members = teams.members
        self.member = teams.member
        self.members_by_ids = teams.members_by_ids
        self.team_statuses = teams.team_statuses
        self.add_qualification = teams.add_qualification
        self.add_team = teams.add_team
        self.update_team = teams.update_team
        self.teams_based_in = teams.teams_based_in
        self.base_team_in = teams.base_team_in
        self.unbase_team = teams.unbase_team
        self.add_member = teams.add_member
        self.update_member = teams.update_member
        self.set_availability = teams.set_availability
        self.import_members = teams.import_members

        # Schedules.
        self.rotations = schedules.rotations
        self.shift = schedules.shift
        self.on_duty = schedules.on_duty
        self.next_on_duty = schedules.next_on_duty
        self.shifts_between = schedules.shifts_between
        self.readiness_between = schedules.readiness_between
        self.week = schedules.week
        self.local_date = schedules.local_date
        self.next_boundary_after = schedules.next_boundary_after
        self.check_readiness = schedules.check_readiness
        self.next_readiness_check_at = schedules.next_readiness_check_at
        self.add_rotation = schedules.add_rotation
        self.generate_shifts = schedules.generate_shifts
        self.add_shift = schedules.add_shift
        self.add_shifts = schedules.add_shifts
        self.edit_shift = schedules.edit_shift
        self.replace_member = schedules.replace_member
        self.swap_members = schedules.swap_members
        self.delete_shift = schedules.delete_shift

        # Crews and dispatch.
        self.required_qualifications = crews.required_qualifications
        self.suggested_crew = crews.suggested_crew
        self.members_on_case = crews.members_on_case
        self.propose_members = crews.propose_members
        self.dispatch_members = crews.dispatch_members
