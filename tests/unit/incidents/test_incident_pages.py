"""An incident task's breach pages whoever the rules name — here the leader of the team
that owns the task — through a real local webhook, and a drill's page says so first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import Role
from db.demo.roster_loader import load_roster
from tests.paging_servers import HttpReceiver, http_receiver

PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    """A real webhook receiver on 127.0.0.1."""
    with http_receiver() as r:
        yield r


def test_a_breached_drill_task_pages_its_team_leader_marked_as_a_drill(
        app: App, clock: FakeClock, receiver: HttpReceiver) -> None:
    assert load_roster(app.db, clock.now(), days_before=1, days_after=3)
    app.district.invalidate()
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    coord = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    app.incidents.import_plans(coord, PLANS)
    app.paging.add_channel(admin, "hook", "webhook", receiver.url, rate_per_min=0)
    app.paging.add_rule(admin, "task:2", "team-leader", "hook")
    ref = app.incidents.declare(coord, title="Flood drill", kind="flood", level=4,
                                grids=["XH-07"], drill=True).row.reference
    clock.advance(timedelta(minutes=31))  # T1 (15 min) and T2 (30 min, PATROL-1) breached
    app.escalation.sweep()
    app.pager().run_once()
    pages = app.paging.log()
    # T2 belongs to PATROL-1, whose leader is paged; T1 is owned by a role: no team
    # leader to find, and the log says so instead of sending to nobody.
    assert sorted((p.reference, p.status) for p in pages) == [
        (f"{ref} T1", "failed"), (f"{ref} T2", "sent")]
    sent = next(p for p in pages if p.status == "sent")
    [received] = receiver.wait_for(1)
    body = json.loads(received.body)
    text = json.dumps(body, ensure_ascii=False)
    assert f"{ref} T2" in text
    assert "演练 / DRILL" in text
    leader = next(m.name for m in app.rosters.members() if m.leader
                  and m.team_code == "PATROL-1")
    assert leader in sent.recipient
