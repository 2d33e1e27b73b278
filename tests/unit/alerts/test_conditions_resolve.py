"""Alerts a fixed condition raised resolve themselves when it is fixed, with the reason on
the alert (issue 17): a deadline met, an inspection recorded."""

from __future__ import annotations

from datetime import timedelta

from console.alerts.service import AlertFilter, AlertStatus
from console.app import App
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from db.models import Alert
from tests.unit.hazards.test_hazards import register


def _alerts(app: App, source: str) -> list[tuple[str, AlertStatus, str]]:
    with app.db.read() as s:
        rows = s.query(Alert).filter(Alert.source == source).order_by(Alert.id).all()
        return [(r.headline, AlertStatus(r.status), r.note) for r in rows]


def test_a_met_deadline_resolves_its_escalation_alerts(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = app.cases.report(officer, title="Blocked fire lane", category="fire", severity=2,
                           grid="XH-04").reference
    clock.advance(timedelta(minutes=20))  # register deadline (15 min) breached
    app.escalation.sweep()
    raised = _alerts(app, "escalation")
    assert raised
    assert all(status is AlertStatus.NEW for _, status, _ in raised)
    app.cases.register(officer, ref)
    after = _alerts(app, "escalation")
    assert all(status is AlertStatus.RESOLVED for _, status, _ in after)
    assert all(note.startswith(f"Resolved by itself: {ref}: register deadline met at ")
               for _, _, note in after)
    # The panel's default view (open alerts) no longer lists them.
    assert [r for r in app.alerts.list_alerts(AlertFilter()).rows
            if r.source == "escalation"] == []


def test_recording_an_inspection_resolves_both_inspection_alerts(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    code = register(app, coordinator)
    clock.advance(timedelta(days=31))  # coming due, then overdue
    app.escalation.sweep()
    raised = _alerts(app, "hazard")
    assert len(raised) >= 2
    assert all(status is AlertStatus.NEW for _, status, _ in raised)
    app.hazards.record_inspection(officer, code, inspector="Lin Wei", likelihood=2,
                                  severity=4)
    after = _alerts(app, "hazard")
    assert [status for _, status, _ in after] == [AlertStatus.RESOLVED] * len(raised)
    assert all(note == "Resolved by itself: inspection recorded" for _, _, note in after)
