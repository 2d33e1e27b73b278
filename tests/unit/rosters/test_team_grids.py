"""Which teams a grid has: a coordinator bases a team in a grid or takes it out; a duty
officer may not; a stale screen cannot take out a team that was moved meanwhile."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.app import App
from console.core.domain import OperatorRef, Role
from console.core.errors import ConflictError, PermissionDenied, ValidationError
from db.models import AuditEntry


def _coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def test_a_coordinator_bases_a_team_in_a_grid_and_takes_it_out(app: App) -> None:
    coordinator = _coordinator(app)
    assert [t.code for t in app.rosters.teams_based_in("XH-07")] == ["GW-BINHE"]
    assert [t.code for t in app.rosters.teams_based_in("XH-01")] == []
    moved = app.rosters.base_team_in(coordinator, "gw-binhe", "xh-01")
    assert moved.base_grid_id == app.district.grid_by_code("XH-01").id
    assert [t.code for t in app.rosters.teams_based_in("XH-01")] == ["GW-BINHE"]
    assert app.rosters.teams_based_in("XH-07") == []  # one base grid: it moved
    app.rosters.unbase_team(coordinator, "GW-BINHE", "XH-01")
    assert app.rosters.teams_based_in("XH-01") == []
    assert app.district.team_by_code("GW-BINHE").base_grid_id is None
    with app.db.read() as s:
        details = [e.detail for e in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "team").order_by(AuditEntry.id))]
    assert len(details) == 2  # each change is in the audit log


def test_only_roster_editors_assign_teams(app: App, officer: OperatorRef) -> None:
    with pytest.raises(PermissionDenied):
        app.rosters.base_team_in(officer, "GW-BINHE", "XH-01")
    with pytest.raises(PermissionDenied):
        app.rosters.unbase_team(officer, "GW-BINHE", "XH-07")
    assert [t.code for t in app.rosters.teams_based_in("XH-07")] == ["GW-BINHE"]


def test_a_stale_removal_and_a_retired_grid_are_refused(app: App) -> None:
    coordinator = _coordinator(app)
    app.rosters.base_team_in(coordinator, "GW-BINHE", "XH-02")  # moved by someone else
    with pytest.raises(ConflictError, match="no longer based in XH-07"):
        app.rosters.unbase_team(coordinator, "GW-BINHE", "XH-07")
    assert [t.code for t in app.rosters.teams_based_in("XH-02")] == ["GW-BINHE"]
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    app.territory.retire(admin, "XH-03")
    with pytest.raises(ValidationError, match="retired"):
        app.rosters.base_team_in(coordinator, "GW-BINHE", "XH-03")
