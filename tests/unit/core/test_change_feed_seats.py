"""Two seats (two apps, two connection pools) editing one case: the second save is
refused with a conflict naming who changed it and when — never a silent overwrite —
and the winning change reaches the other seat through the change feed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

import console.cases.service
from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from console.core.errors import ConflictError
from db.models import AuditEntry
from tests.pg_only import postgres_only


@pytest.fixture
def other_seat(app: App, db_url: str, clock: FakeClock) -> Iterator[App]:
    seat = open_app(db_url, clock)
    seat.act_as(next(o.username for o in seat.operators.list()
                     if o.role is Role.COORDINATOR))
    yield seat
    seat.close()


def _steps(app: App, case_id: int, action: str) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity_id == case_id, AuditEntry.entity == "case",
            AuditEntry.action == action)) or 0


def test_the_second_save_of_what_both_seats_saw_is_refused(app: App,
                                                           other_seat: App) -> None:
    case = app.cases.report(app.operator, title="Blocked fire exit", category="fire",
                            severity=2, grid="XH-12").row
    cursor = app.changes.latest_seq()
    seen_here = app.cases.get(case.reference).row.version
    seen_there = other_seat.cases.get(case.reference).row.version
    assert seen_here == seen_there

    other_seat.cases.register(other_seat.operator, case.reference, expected_version=seen_there)
    with pytest.raises(ConflictError) as refused:
        app.cases.register(app.operator, case.reference, expected_version=seen_here)
    who = other_seat.operator.display_name
    assert f"Case {case.reference} was changed by {who} at " in str(refused.value)
    assert "reload" in str(refused.value)
    assert _steps(app, case.id, "register") == 1
    # This seat learns of the other's change from the feed, and can act on a reload.
    assert case.id in [e.entity_id for e in app.changes.since(cursor) if e.entity == "case"]
    fresh = app.cases.get(case.reference).row
    app.cases.pause(app.operator, case.reference, "Waiting for the landlord",
                    expected_version=fresh.version)
    assert app.cases.get(case.reference).row.paused


@postgres_only  # SQLite writers queue at BEGIN IMMEDIATE: this race cannot happen there
def test_a_save_that_loses_the_race_after_its_check_is_refused_too(
        app: App, other_seat: App, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other seat commits between this seat's version check and its UPDATE: the
    UPDATE ... WHERE version = n finds nothing and the step is refused. (On SQLite the
    second writer waits for the first's write lock, so only PostgreSQL can race here.)"""
    case = app.cases.report(app.operator, title="Loose scaffolding", category="public_security",
                            severity=2, grid="XH-13").row
    version = app.cases.get(case.reference).row.version
    real_check = console.cases.service.check_legal
    raced: list[bool] = []

    def check_then_lose_the_race(*args: Any, **kwargs: Any) -> None:
        real_check(*args, **kwargs)
        if not raced:
            raced.append(True)
            other_seat.cases.register(other_seat.operator, case.reference,
                                      expected_version=version)

    monkeypatch.setattr(console.cases.service, "check_legal", check_then_lose_the_race)
    with pytest.raises(ConflictError, match=f"changed by {other_seat.operator.display_name}"):
        app.cases.pause(app.operator, case.reference, "Waiting for the contractor",
                        expected_version=version)
    row = app.cases.get(case.reference).row
    assert raced
    assert not row.paused, "the losing save overwrote the winner's"
    assert row.version == version + 1
    assert _steps(app, case.id, "register") == 1
    assert _steps(app, case.id, "pause") == 0
