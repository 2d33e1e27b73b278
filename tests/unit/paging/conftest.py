"""Paging fixtures: an administrator, the demo roster, and real local receivers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.paging.sender import PagingSender
from db.demo.roster_loader import load_roster
from tests.paging_servers import HttpReceiver, Mailbox, http_receiver, smtp_server


@pytest.fixture
def admin(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN)


@pytest.fixture
def rostered(app: App, clock: FakeClock) -> App:
    """The demo district with its roster: shifts running now, team leaders."""
    assert load_roster(app.db, clock.now(), days_before=1, days_after=3)
    app.district.invalidate()
    return app


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    with http_receiver() as r:
        yield r


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def sender(app: App) -> PagingSender:
    return app.pager()


def overdue_case(app: App, clock: FakeClock, *, severity: int = 2,
                 category: str = "fire", grid: str = "XH-03", late: timedelta =
                 timedelta(hours=5)) -> str:
    """A case reported now whose deadlines have all passed ``late`` later, swept: its
    escalation steps (and their pages) are written."""
    system = app.operators.system()
    ref = app.cases.report(system, title="Smoke from a shop", category=category,
                           severity=severity, grid=grid).reference
    clock.advance(late)
    assert ref in {e.reference for e in app.escalation.sweep()}
    return ref
