"""Major incidents through the service: plans that activate, a level change that adds the
stricter plan's tasks in one transaction, task deadlines escalating exactly once (across a
restart and with two engines), reports upward on a clock, roles, the log, drills."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from console.incidents.domain import TaskStatus
from console.kpis.bulletin import build_bulletin, bulletin_report
from db.models import Alert, AuditEntry, IncidentTask
from tests.unit.engine.test_escalation import ENGINE_SCRIPT  # sweeps N times, prints steps

PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"
ROOT = Path(__file__).resolve().parents[3]


def _coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


@pytest.fixture
def coord(app: App) -> OperatorRef:
    coordinator = _coordinator(app)
    done = app.incidents.import_plans(coordinator, PLANS)
    assert done.problems == []
    return coordinator


def _flood(app: App, coord: OperatorRef, **kw: object) -> str:
    fields: dict[str, object] = {"title": "Underpass flooded on Heping Road", "kind": "flood",
                                 "level": 4, "grids": ["XH-07", "XH-08"]}
    fields.update(kw)
    return app.incidents.declare(coord, **fields).row.reference  # type: ignore[arg-type]


def _task_escalations(app: App) -> list[tuple[int, list[int]]]:
    with app.db.read() as s:
        rows = s.execute(select(AuditEntry.entity_id, AuditEntry.detail).where(
            AuditEntry.entity == "incident_task", AuditEntry.action == "escalate")
            .order_by(AuditEntry.id)).all()
    return [(task_id, json.loads(detail)["level"]) for task_id, detail in rows]


def test_declaring_activates_the_plan_of_its_type_and_level(
        app: App, coord: OperatorRef, clock: FakeClock) -> None:
    ref = _flood(app, coord)
    assert ref == "I-2026-0001"
    detail = app.incidents.get(ref)
    assert detail.plan_codes == ("FLOOD-IV",)
    assert [(t.code, t.owner, t.due_at - clock.now()) for t in detail.tasks] == [
        ("T1", "duty_officer", timedelta(minutes=15)),
        ("T2", "PATROL-1", timedelta(minutes=30)),
        ("T3", "UTIL-1", timedelta(minutes=45)),
        ("T4", "coordinator", timedelta(minutes=60)),  # first report
        ("T5", "coordinator", timedelta(minutes=240)),  # first follow-up
    ]
    assert app.incidents.open_incidents()[0].reference == ref
    assert "Declared: Underpass flooded on Heping Road, level IV" in \
        [line.text for line in app.incidents.log(ref)]


def test_raising_the_level_adds_the_stricter_plans_tasks_once(
        app: App, coord: OperatorRef, clock: FakeClock) -> None:
    ref = _flood(app, coord)
    clock.advance(timedelta(minutes=10))
    raised = app.incidents.set_level(coord, ref, "III", "water still rising")
    new = raised.tasks[5:]
    assert [t.key for t in new] == ["command-post", "evacuate-basements", "shelters",
                                    "followup-3"]
    assert all(t.created_at == clock.now() and t.level == 3 for t in new)
    assert new[0].due_at == clock.now() + timedelta(minutes=60)
    # Lowering and raising again makes nothing twice.
    app.incidents.set_level(coord, ref, 4)
    again = app.incidents.set_level(coord, ref, 3)
    assert len(again.tasks) == 9
    assert "Level IV → III: water still rising" in [x.text for x in app.incidents.log(ref)]
    with pytest.raises(ValidationError, match="already at level III"):
        app.incidents.set_level(coord, ref, 3)


def test_a_task_deadline_escalates_once_across_a_restart(
        app: App, coord: OperatorRef, clock: FakeClock, db_url: str) -> None:
    ref = _flood(app, coord)
    t1 = app.incidents.get(ref).tasks[0].id
    app.close()  # nobody runs the engine for a while
    clock.advance(timedelta(minutes=16))
    for _ in range(2):  # started twice: the second start finds nothing new
        later = open_app(db_url, clock)
        later.escalation.sweep()
        later.close()
    reopened = open_app(db_url, clock)
    assert _task_escalations(reopened) == [(t1, [0, 1]), (t1, [1, 2])]
    task = reopened.incidents.get(ref).tasks[0]
    assert task.escalation_level == 2
    with reopened.db.read() as s:
        headlines = list(s.scalars(select(Alert.headline).where(Alert.status != "resolved")))
    assert "I-2026-0001 T1: task deadline breached (1 min late)" in headlines
    # Done late: its alerts resolve themselves, the log says it was late.
    reopened.incidents.finish_task(coord, ref, "T1")
    with reopened.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Alert).where(
            Alert.status != "resolved", Alert.headline.like("I-2026-0001 T1%"))) == 0
    done = reopened.incidents.get(ref).tasks[0]
    assert (done.status, done.on_time) == (TaskStatus.DONE, False)
    assert any(line.text.endswith("done (late)") for line in reopened.incidents.log(ref))
    reopened.close()




@pytest.mark.slow
def test_two_engines_escalate_each_task_step_once(
        app: App, coord: OperatorRef, clock: FakeClock, db_url: str, tmp_path: Path) -> None:
    for n in range(5):
        _flood(app, coord, title=f"Flood {n}")
    script = tmp_path / "engine.py"
    script.write_text(ENGINE_SCRIPT)
    when = (clock.now() + timedelta(minutes=50)).isoformat()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(script), db_url, when, "10"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    totals = [int(p.communicate(timeout=120)[0].strip()) for p in procs]
    # Per incident at 50 min: T1 (15 min) and T2 (30 min) warning, breach and long breach
    # (long = due + 15 min); T3 (45 min) warning and breach; T4 (60 min) warning: 9 steps.
    assert sum(totals) == 5 * 9
    steps = _task_escalations(app)
    assert len(steps) == len({(task, tuple(level)) for task, level in steps}) == 45


def test_a_level_change_that_activates_fifty_tasks_is_one_transaction(
        app: App, coord: OperatorRef, tmp_path: Path) -> None:
    tasks = "\n".join(f"      - {{key: t{i}, title: Task {i}, role: coordinator, "
                      f"within: {10 + i}}}" for i in range(50))
    plan = tmp_path / "big.yaml"
    plan.write_text(f"plans:\n  - code: FIRE-I\n    type: fire\n    level: 1\n"
                    f"    name: Big fire\n    tasks:\n{tasks}\n", encoding="utf-8")
    assert app.incidents.import_plans(coord, plan).problems == []
    ref = app.incidents.declare(coord, title="Warehouse fire", kind="fire", level=4,
                                grids=["XH-22"]).row.reference
    before = len(app.incidents.get(ref).tasks)
    original = app.incidents._log

    def failing_log(*args: object, **kw: object) -> None:
        raise RuntimeError("disk full")  # the last write of the transaction fails

    app.incidents._log = failing_log  # type: ignore[method-assign,assignment]
    with pytest.raises(RuntimeError):
        app.incidents.set_level(coord, ref, 1)
    app.incidents._log = original  # type: ignore[method-assign]
    assert len(app.incidents.get(ref).tasks) == before  # nothing half-made
    assert len(app.incidents.set_level(coord, ref, 1).tasks) == before + 50


def test_reports_upward_follow_their_clock(
        app: App, coord: OperatorRef, clock: FakeClock) -> None:
    ref = _flood(app, coord)
    clock.advance(timedelta(minutes=50))
    assert app.incidents.record_report(coord, ref, "first", {"text": "Two underpasses"}) == 1
    clock.advance(timedelta(minutes=200))  # the follow-up fell due at 240 min: 10 min late
    assert app.incidents.record_report(coord, ref, "followup", {"text": "Pumps working"}) == 1
    detail = app.incidents.get(ref)
    followups = [t for t in detail.tasks if t.kind.value == "report_followup"]
    assert [(t.status, t.due_at - clock.now()) for t in followups] == [
        (TaskStatus.DONE, timedelta(minutes=-10)), (TaskStatus.OPEN, timedelta(minutes=240))]
    assert [(r.kind, r.on_time) for r in detail.reports] == [("first", True),
                                                             ("followup", False)]
    with pytest.raises(ValidationError, match="follows the stand-down"):
        app.incidents.record_report(coord, ref, "final", {"text": "Over"})
    app.incidents.stand_down(coord, ref, "Water receded")
    final = [t for t in app.incidents.get(ref).tasks if t.kind.value == "report_final"]
    assert [(t.status, t.due_at - clock.now()) for t in final] == [
        (TaskStatus.OPEN, timedelta(minutes=1440))]
    app.incidents.record_report(coord, ref, "final", {"text": "Over"})
    app.incidents.close(coord, ref, "Two underpasses flooded for 4 h; no one hurt",
                        "Pre-position pumps at Heping Road when rain is forecast")
    closed = app.incidents.get(ref)
    assert closed.row.status.value == "closed"
    assert closed.review.startswith("Pre-position pumps")
    assert app.incidents.open_incidents() == []


def test_links_cases_alerts_and_hazards_and_proposes_the_area(
        app: App, coord: OperatorRef) -> None:
    near = app.cases.report(coord, title="Water in a basement", category="flood",
                            severity=2, grid="XH-07").row.reference
    far = app.cases.report(coord, title="Noise", category="dispute", severity=4,
                           grid="XH-22").row.reference
    ref = _flood(app, coord)
    proposed = {c.reference: c.state for c in app.incidents.get(ref).cases}
    assert proposed == {near: "proposed"}
    assert app.incidents.link(coord, ref, [near, far]) == [near, far]
    detail = app.incidents.get(ref)
    assert {c.reference: c.state for c in detail.cases} == {near: "confirmed",
                                                            far: "confirmed"}
    assert detail.stage_counts == {"reported": 2}
    app.cases.register(coord, far)
    assert f"{far} register" in [x.text for x in app.incidents.log(ref)]
    with pytest.raises(Exception, match="No case"):
        app.incidents.link(coord, ref, ["C-2026-999999"])


def test_coordinators_command_duty_officers_work_tasks_reviewers_read(
        app: App, coord: OperatorRef, officer: OperatorRef, reviewer: OperatorRef) -> None:
    with pytest.raises(PermissionDenied, match="declare an incident"):
        _flood(app, officer)
    ref = _flood(app, coord)
    app.incidents.add_log(officer, ref, "Caller says the water is knee deep")
    app.incidents.finish_task(officer, ref, "T1")
    with pytest.raises(PermissionDenied):
        app.incidents.set_level(officer, ref, 3)
    with pytest.raises(PermissionDenied):
        app.incidents.add_log(reviewer, ref, "I was here")
    assert app.incidents.get(ref).tasks[0].done_by == officer.display_name


def test_a_drill_runs_the_same_path_marked_and_out_of_the_kpis(
        app: App, coord: OperatorRef, clock: FakeClock) -> None:
    ref = _flood(app, coord, drill=True, title="Flood drill")
    case = app.incidents.open_case(coord, ref, title="Drill: car stuck in water",
                                   category="flood", severity=2, grid="XH-07")
    assert app.cases.get(case).row.source.value == "drill"
    clock.advance(timedelta(minutes=16))
    app.escalation.sweep()
    with app.db.read() as s:
        headlines = list(s.scalars(select(Alert.headline).where(
            Alert.headline.like("%I-2026-0001 T1%"))))
    assert headlines
    assert all(h.startswith("演练 / DRILL ") for h in headlines)
    # Closed, the drill's case leaves no KPI facts behind.
    for step in ("register", "dispatch", "start", "resolve"):
        if step == "dispatch":
            app.cases.dispatch(coord, case, "UTIL-1")
        else:
            getattr(app.cases, step)(coord, case)
    app.cases.verify(coord, case, True)
    app.cases.close(coord, case)
    from db.models import CaseFact
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(CaseFact)) == 0
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(IncidentTask)) == 5
    # The month's bulletin lists the drill apart and counts none of it.
    bulletin = build_bulletin(app.kpis, "2026-11", app.incidents.drills_between)
    assert [d.reference for d in bulletin.drills] == [ref]
    assert bulletin.overall.closed == 0
    text = "\n".join(str(block) for section in bulletin_report(
        bulletin, clock.now(), "Asia/Shanghai").sections for block in section.blocks)
    assert "Flood drill" in text
    assert "Drills are not counted in the figures above." in text
