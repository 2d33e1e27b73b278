"""Joint handling (issue 22): lead and assisting teams, whistle and report-in, returns,
disputes and rulings, callbacks — each rule, the illegal steps, and the part clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.app import App
from console.cases.joint import JointState, PartState, legal_steps
from console.cases.lifecycle import Action
from console.cases.query import CaseFilter
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role, Stage
from console.core.errors import PermissionDenied, ValidationError
from db.models import Alert, AuditEntry, Deadline


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def _case(app: App, who: OperatorRef, source: str = "hotline") -> str:
    ref = app.cases.report(who, title="Fire lane blocked by parked cars", category="fire",
                           severity=2, grid="XH-05", source=source).reference
    app.cases.register(who, ref)
    return ref


def _team_id(app: App, code: str) -> int:
    return app.district.team_by_code(code).id


def _close(app: App, who: OperatorRef, ref: str) -> None:
    for action in (Action.RESOLVE, Action.VERIFY, Action.CLOSE):
        app.cases.apply(who, ref, action)


def test_dispatch_with_assisting_teams_gives_each_a_part(app: App,
                                                         officer: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.apply(officer, ref, Action.DISPATCH, team="FIRE-1",
                    assist="PATROL-1, UTIL-1", parts=["clear the vehicles", "open the gate"])
    view = app.cases.joint(ref)
    assert [(p.team_code, p.text, p.state) for p in view.state.parts] == [
        ("PATROL-1", "clear the vehicles", PartState.SUMMONED),
        ("UTIL-1", "open the gate", PartState.SUMMONED)]
    assert app.cases.get(ref).row.team_code == "FIRE-1"
    entry = app.cases.timeline(ref)[-1]
    assert entry.action == "dispatch"
    assert [a["team"] for a in entry.detail["assist"]] == ["PATROL-1", "UTIL-1"]


def test_team_filter_matches_lead_and_assisting_teams(app: App, officer: OperatorRef) -> None:
    led = _case(app, officer)
    app.cases.dispatch(officer, led, "PATROL-1")
    assisted = _case(app, officer)
    app.cases.apply(officer, assisted, Action.DISPATCH, team="FIRE-1", assist="PATROL-1")
    other = _case(app, officer)
    app.cases.dispatch(officer, other, "FIRE-1")
    flt = CaseFilter(team_ids=frozenset({_team_id(app, "PATROL-1")}))
    assert {r.reference for r in app.cases.open_cases(flt)} == {led, assisted}
    assert {r.reference for r in app.cases.open_page(flt)} == {led, assisted}
    live = {r.reference: flt.matches(r) for r in app.cases.open_cases()}
    assert live == {led: True, assisted: True, other: False}


def test_whistle_report_in_part_done_then_resolve(app: App, officer: OperatorRef,
                                                  clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.apply(officer, ref, Action.WHISTLE, assist="PATROL-1,UTIL-1",
                    text="Fire lane blocked: street office summons")
    app.cases.start(officer, ref)
    with pytest.raises(ValidationError) as refused:
        app.cases.resolve(officer, ref)
    message = str(refused.value)
    assert "PATROL-1 (summoned)" in message
    assert "UTIL-1 (summoned)" in message
    assert "Legal next steps: whistle, report-in" in message
    clock.advance(timedelta(minutes=12))
    app.cases.apply(officer, ref, Action.REPORT_IN, team="PATROL-1")
    with pytest.raises(ValidationError, match="its part is reported"):
        app.cases.apply(officer, ref, Action.REPORT_IN, team="PATROL-1")
    with pytest.raises(ValidationError, match="its part is summoned"):
        app.cases.apply(officer, ref, Action.PART_DONE, team="UTIL-1")
    app.cases.apply(officer, ref, Action.REPORT_IN, team="UTIL-1")
    app.cases.apply(officer, ref, Action.PART_DONE, team="PATROL-1")
    with pytest.raises(ValidationError, match="UTIL-1 \\(reported\\)"):
        app.cases.resolve(officer, ref)
    app.cases.apply(officer, ref, Action.PART_DONE, team="UTIL-1")
    assert app.cases.resolve(officer, ref).row.stage is Stage.RESOLVED
    report_in = [e for e in app.cases.timeline(ref) if e.action == "report-in"]
    assert report_in[0].detail == {"team": "PATROL-1", "report_in_seconds": 720}


def test_waive_is_for_coordinators_and_releases_the_part(
        app: App, officer: OperatorRef, coordinator: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.apply(officer, ref, Action.DISPATCH, team="FIRE-1", assist="UTIL-1")
    app.cases.start(officer, ref)
    with pytest.raises(PermissionDenied, match="may not waive cases"):
        app.cases.apply(officer, ref, Action.WAIVE, team="UTIL-1", text="not needed")
    with pytest.raises(ValidationError, match="text must not be empty"):
        app.cases.apply(coordinator, ref, Action.WAIVE, team="UTIL-1")
    app.cases.apply(coordinator, ref, Action.WAIVE, team="UTIL-1", text="Gate was open")
    assert app.cases.joint(ref).state.parts[0].state is PartState.WAIVED
    assert app.cases.resolve(officer, ref).row.stage is Stage.RESOLVED


def test_whistle_needs_teams_and_no_lead_twice(app: App, officer: OperatorRef) -> None:
    ref = _case(app, officer)
    with pytest.raises(ValidationError, match=r"Cannot whistle case .*registered"):
        app.cases.apply(officer, ref, Action.WHISTLE, assist="UTIL-1", text="now")
    app.cases.dispatch(officer, ref, "FIRE-1")
    with pytest.raises(ValidationError, match="Name the teams"):
        app.cases.apply(officer, ref, Action.WHISTLE, text="now")
    with pytest.raises(ValidationError, match="FIRE-1 leads case"):
        app.cases.apply(officer, ref, Action.WHISTLE, assist="FIRE-1", text="now")


def test_return_within_the_limit_goes_back_to_registered(app: App, officer: OperatorRef,
                                                         clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    clock.advance(timedelta(minutes=90))
    case = app.cases.apply(officer, ref, Action.RETURN, reason="wrong_address",
                           text="No.12 is in the next street")
    assert case.row.stage is Stage.REGISTERED
    assert case.row.team_id is None
    assert case.row.rework_count == 0  # a return is not rework
    entry = app.cases.timeline(ref)[-1]
    assert entry.action == "return"
    assert entry.detail["reason"] == "wrong_address"
    assert entry.detail["returned_by"] == "PATROL-1"
    view = app.cases.joint(ref)
    assert view.state.return_count == 1
    assert not view.state.disputed
    # The dispatch clock runs again from the return.
    dispatch = next(d for d in app.deadlines.for_case(case.row.id) if d.kind == "dispatch")
    assert dispatch.met_at is None
    assert dispatch.started_at == clock.now()
    assert app.cases.dispatch(officer, ref, "FIRE-1").row.stage is Stage.DISPATCHED


def test_return_after_the_time_limit_is_refused(app: App, officer: OperatorRef,
                                                clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    clock.advance(app.cases.joint_limits.return_window + timedelta(minutes=1))
    with pytest.raises(ValidationError) as refused:
        app.cases.apply(officer, ref, Action.RETURN, reason="duplicate", text="seen it")
    message = str(refused.value)
    assert "the time to return it ended at" in message
    assert "Legal next steps: start, whistle, dispute, pause, note." in message


def test_no_return_once_work_started_or_on_rework(app: App, officer: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    app.cases.start(officer, ref)
    with pytest.raises(ValidationError, match="started work on it"):
        app.cases.apply(officer, ref, Action.RETURN, reason="duplicate", text="late")
    app.cases.resolve(officer, ref)
    app.cases.verify(officer, ref, passed=False, text="Cars still there")
    with pytest.raises(ValidationError, match="came back as rework"):
        app.cases.apply(officer, ref, Action.RETURN, reason="duplicate", text="late")


def test_unknown_return_reason_is_refused(app: App, officer: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    with pytest.raises(ValidationError, match="not_our_jurisdiction, wrong_address"):
        app.cases.apply(officer, ref, Action.RETURN, reason="bored", text="no")


def test_second_return_disputes_and_the_ruling_is_final(
        app: App, officer: OperatorRef, coordinator: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    app.cases.apply(officer, ref, Action.RETURN, reason="not_our_jurisdiction", text="a")
    app.cases.dispatch(officer, ref, "UTIL-1")
    app.cases.apply(officer, ref, Action.RETURN, reason="not_our_jurisdiction", text="b")
    view = app.cases.joint(ref)
    assert view.state.disputed
    assert view.state.return_count == 2
    assert view.legal == (Action.RULE, Action.PAUSE, Action.NOTE)
    with pytest.raises(ValidationError, match="disputed: the coordinator rules"):
        app.cases.dispatch(officer, ref, "FIRE-1")
    with pytest.raises(PermissionDenied, match="may not rule cases"):
        app.cases.apply(officer, ref, Action.RULE, team="PATROL-1", text="Lane is road")
    case = app.cases.apply(coordinator, ref, Action.RULE, team="PATROL-1",
                           text="The fire lane is a road: patrol's")
    assert case.row.stage is Stage.DISPATCHED
    assert case.row.team_code == "PATROL-1"
    entry = app.cases.timeline(ref)[-1]
    assert entry.action == "rule"
    assert entry.detail["ruled"] == "PATROL-1"
    assert entry.detail["note"] == "The fire lane is a road: patrol's"
    view = app.cases.joint(ref)
    assert view.ruled_team_code == "PATROL-1"
    assert not view.state.disputed
    with pytest.raises(ValidationError, match="ruled it to this team"):
        app.cases.apply(officer, ref, Action.RETURN, reason="not_our_jurisdiction", text="c")
    with pytest.raises(ValidationError, match="ruling is final"):
        app.cases.apply(officer, ref, Action.DISPUTE, text="still not ours")


def test_a_team_contests_a_case_with_dispute(app: App, officer: OperatorRef,
                                             coordinator: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "PATROL-1")
    app.cases.apply(officer, ref, Action.DISPUTE, text="Patrol says the property owns it")
    assert Action.RULE in app.cases.joint(ref).legal
    app.cases.apply(coordinator, ref, Action.RULE, team="PATROL-1", text="Patrol's lane")
    assert app.cases.get(ref).row.stage is Stage.DISPATCHED


def test_ruling_an_assisting_team_the_owner_waives_its_part(
        app: App, officer: OperatorRef, coordinator: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.apply(officer, ref, Action.DISPATCH, team="FIRE-1", assist="PATROL-1")
    app.cases.apply(officer, ref, Action.DISPUTE, text="whose?")
    app.cases.apply(coordinator, ref, Action.RULE, team="PATROL-1", text="patrol's")
    parts = app.cases.joint(ref).state.parts
    assert parts[0].state is PartState.WAIVED
    assert app.cases.get(ref).row.team_code == "PATROL-1"


def test_callback_satisfied_keeps_the_case_closed(app: App, officer: OperatorRef) -> None:
    ref = _case(app, officer, source="walk_in")
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.start(officer, ref)
    _close(app, officer, ref)
    view = app.cases.joint(ref)
    assert view.state.callback_pending
    assert view.legal == (Action.CALLBACK, Action.NOTE)
    with pytest.raises(ValidationError, match="use one of: satisfied, basic, dissatisfied"):
        app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="meh", resolved=True)
    case = app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="basic",
                           resolved=True, text="Lane clear, took long")
    assert case.row.stage is Stage.CLOSED
    view = app.cases.joint(ref)
    assert not view.state.callback_pending
    assert [(c.round, c.satisfaction, c.resolved) for c in view.callbacks] == [
        (1, "basic", True)]
    with pytest.raises(ValidationError, match="no callback is due"):
        app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="basic", resolved=True)


def test_callback_dissatisfied_reopens_and_a_second_callback_follows(
        app: App, officer: OperatorRef) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.start(officer, ref)
    _close(app, officer, ref)
    case = app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="dissatisfied",
                           resolved=True, text="Cars are back")
    assert case.row.stage is Stage.REGISTERED
    assert case.row.closed_at is None
    assert app.cases.joint(ref).callback_reopens == 1
    assert app.cases.timeline(ref)[-1].detail["stage"] == ["closed", "registered"]
    app.cases.dispatch(officer, ref, "PATROL-1")
    app.cases.start(officer, ref)
    _close(app, officer, ref)
    view = app.cases.joint(ref)
    assert view.state.callback_pending
    assert [c.round for c in view.callbacks] == [1, 2]
    # Not resolved in the citizen's view reopens too, even when satisfied.
    app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="satisfied", resolved=False)
    assert app.cases.get(ref).row.stage is Stage.REGISTERED


def test_callback_on_a_case_not_from_a_citizen_is_refused(app: App,
                                                          officer: OperatorRef) -> None:
    ref = _case(app, officer, source="grid_patrol")
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.start(officer, ref)
    _close(app, officer, ref)
    assert app.cases.joint(ref).callbacks == ()
    with pytest.raises(ValidationError, match="did not come from a citizen"):
        app.cases.apply(officer, ref, Action.CALLBACK, satisfaction="satisfied",
                        resolved=True)


def test_part_clocks_escalate_once_per_level(app: App, officer: OperatorRef,
                                             clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.apply(officer, ref, Action.WHISTLE, assist="UTIL-1", text="summoned")
    limit = app.cases.joint_limits.report_in
    clock.advance(limit + timedelta(minutes=1))  # report-in breached
    done = app.escalation.sweep()
    report_in = [e for e in done if e.kind == "report_in"]
    assert [e.level for e in report_in] == [1, 2]
    assert report_in[0].reference == f"{ref} UTIL-1"
    assert report_in[0].subject == "case"
    assert app.escalation.sweep() == []  # once per level
    clock.advance(timedelta(minutes=1))
    assert app.escalation.sweep() == []
    case_id = app.cases.get(ref).row.id
    with app.db.read() as s:
        entries = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.entity == "case", AuditEntry.entity_id == case_id,
            AuditEntry.action == "escalate")).all()
        alerts = s.scalars(select(Alert.headline).where(Alert.case_id == case_id)).all()
    assert len(entries) == 2
    assert len(alerts) == 2
    assert all("UTIL-1" in h for h in alerts)
    # Reporting in meets the report-in clock; the part clock keeps running.
    app.cases.apply(officer, ref, Action.REPORT_IN, team="UTIL-1")
    with app.db.read() as s:
        pending = s.scalars(select(Deadline.kind).where(Deadline.part_id.is_not(None),
                                                        Deadline.met_at.is_(None))).all()
    assert pending == ["part"]


def test_part_clocks_pause_with_the_case(app: App, officer: OperatorRef,
                                         clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.apply(officer, ref, Action.DISPATCH, team="FIRE-1", assist="UTIL-1")
    app.cases.pause(officer, ref, "Waiting for the property company")
    clock.advance(timedelta(hours=3))
    assert [e for e in app.escalation.sweep() if e.kind in ("report_in", "part")] == []
    app.cases.resume(officer, ref)
    assert [e.kind for e in app.escalation.sweep()] == []


def test_callback_clock_escalates(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.start(officer, ref)
    _close(app, officer, ref)
    clock.advance(app.cases.joint_limits.callback + timedelta(minutes=1))
    done = [e for e in app.escalation.sweep() if e.kind == "callback"]
    assert [e.level for e in done] == [1, 2]
    assert done[0].reference == ref


def test_legal_steps_follow_the_rules() -> None:
    base = JointState(stage=Stage.DISPATCHED, paused=False, citizen=True, team_id=1)
    assert legal_steps(base) == (Action.START, Action.WHISTLE, Action.DISPUTE, Action.PAUSE,
                                 Action.NOTE)
    assert legal_steps(JointState(stage=Stage.CLOSED, paused=False, citizen=False,
                                  team_id=1)) == (Action.NOTE,)
    assert legal_steps(JointState(stage=Stage.REGISTERED, paused=True, citizen=True,
                                  team_id=None)) == (Action.RESUME, Action.NOTE)
