"""The closed loop at the service level: every rule a duty officer relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from console.app import App
from console.cases.lifecycle import Action, legal_actions
from console.cases.query import CaseFilter, Scope
from console.clock import FakeClock
from console.core.domain import Category, OperatorRef, Severity, Stage
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from db.models import AuditEntry, Change


def _report(app: App, who: OperatorRef, **kw: object) -> str:
    fields: dict[str, object] = {
        "title": "Electric bikes charging in stairwell", "category": "fire",
        "severity": 2, "grid": "XH-05",
    }
    fields.update(kw)
    return app.cases.report(who, **fields).reference  # type: ignore[arg-type]


def _audit_count(app: App) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _change_count(app: App) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.count()).select_from(Change)) or 0


def test_report_gives_reference_and_reported_stage(app: App, officer: OperatorRef) -> None:
    case = app.cases.report(officer, title="  Gas   smell in unit 3-201 ", category="fire",
                            severity="1", grid="xh-05", source="hotline")
    assert case.reference == "C-2026-000001"
    assert case.row.stage is Stage.REPORTED
    assert case.row.title == "Gas smell in unit 3-201"  # whitespace folded
    assert case.row.severity is Severity.CRITICAL
    assert case.row.category is Category.FIRE
    assert case.row.grid_code == "XH-05"
    assert case.created_by == officer.display_name
    second = _report(app, officer)
    assert second == "C-2026-000002"


def test_reference_sequence_restarts_each_year(app: App, officer: OperatorRef,
                                               clock: FakeClock) -> None:
    assert _report(app, officer) == "C-2026-000001"
    # 31 Dec 23:30 UTC is already 07:30 on 1 January in Hangzhou: the new year's sequence.
    clock.set(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert _report(app, officer) == "C-2027-000001"
    assert _report(app, officer) == "C-2027-000002"


def test_full_closed_loop(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = _report(app, officer)
    steps = [
        (Action.REGISTER, {}, Stage.REGISTERED),
        (Action.DISPATCH, {"team": "FIRE-1"}, Stage.DISPATCHED),
        (Action.START, {}, Stage.IN_PROGRESS),
        (Action.RESOLVE, {}, Stage.RESOLVED),
        (Action.VERIFY, {}, Stage.VERIFIED),
        (Action.CLOSE, {}, Stage.CLOSED),
    ]
    for action, kw, stage in steps:
        clock.advance(timedelta(minutes=7))
        case = app.cases.apply(officer, ref, action, **kw)  # type: ignore[arg-type]
        assert case.row.stage is stage
    assert case.row.team_code == "FIRE-1"
    assert case.registered_at == case.row.reported_at + timedelta(minutes=7)
    assert case.row.closed_at == case.row.reported_at + timedelta(minutes=42)
    assert case.row.version == 7
    actions = [e.action for e in app.cases.timeline(ref)]
    assert actions == ["report", "register", "dispatch", "start", "resolve", "verify", "close"]


@pytest.mark.parametrize(
    ("stage_steps", "illegal"),
    [
        ([], Action.DISPATCH),
        ([], Action.CLOSE),
        ([Action.REGISTER], Action.START),
        ([Action.REGISTER], Action.REGISTER),
        ([Action.REGISTER, Action.DISPATCH], Action.RESOLVE),
        ([Action.REGISTER, Action.DISPATCH, Action.START], Action.VERIFY),
        ([Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE], Action.CLOSE),
    ],
)
def test_illegal_step_names_the_legal_ones(app: App, officer: OperatorRef,
                                           stage_steps: list[Action], illegal: Action) -> None:
    ref = _report(app, officer)
    for step in stage_steps:
        app.cases.apply(officer, ref, step, team="FIRE-1")
    before = app.cases.get(ref)
    with pytest.raises(ValidationError) as err:
        app.cases.apply(officer, ref, illegal, team="FIRE-1")
    message = str(err.value)
    assert f"Cannot {illegal.value} case {ref}" in message
    for legal in legal_actions(before.row.stage, False):
        assert legal.value in message
    after = app.cases.get(ref)
    assert after.row.stage is before.row.stage
    assert after.version == before.version


def test_closed_case_only_takes_notes(app: App, officer: OperatorRef) -> None:
    # Not a citizen's case: a hotline's would also take its callback (tests/unit/cases/
    # test_joint.py).
    ref = _report(app, officer, source="grid_patrol")
    for step in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE,
                 Action.VERIFY, Action.CLOSE):
        app.cases.apply(officer, ref, step, team="FIRE-1")
    assert legal_actions(Stage.CLOSED, False) == (Action.NOTE,)
    with pytest.raises(ValidationError, match="Legal next steps: note"):
        app.cases.pause(officer, ref, "waiting")
    app.cases.note(officer, ref, "Resident thanked the team by phone")
    assert app.cases.timeline(ref)[-1].detail == {"note": "Resident thanked the team by phone"}


def test_failed_verification_reopens_as_rework(app: App, officer: OperatorRef) -> None:
    ref = _report(app, officer)
    for step in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE):
        app.cases.apply(officer, ref, step, team="FIRE-1")
    with pytest.raises(ValidationError, match="must not be empty"):
        app.cases.verify(officer, ref, passed=False)
    case = app.cases.verify(officer, ref, passed=False, text="Bikes are back in the stairwell")
    assert case.row.stage is Stage.DISPATCHED
    assert case.row.rework_count == 1
    assert case.resolved_at is None
    assert case.row.team_code == "FIRE-1"  # stays with the same team
    entry = app.cases.timeline(ref)[-1]
    assert entry.action == "reopen"
    assert entry.detail["rework_count"] == [0, 1]
    assert entry.detail["note"] == "Bikes are back in the stairwell"


def test_pause_and_resume_counts_paused_time(app: App, officer: OperatorRef,
                                             clock: FakeClock) -> None:
    ref = _report(app, officer)
    app.cases.register(officer, ref)
    with pytest.raises(ValidationError, match="text must not be empty"):
        app.cases.pause(officer, ref, "   ")
    paused = app.cases.pause(officer, ref, "Waiting for the property company's key")
    assert paused.row.paused
    assert paused.pause_reason == "Waiting for the property company's key"
    assert legal_actions(Stage.REGISTERED, True) == (Action.RESUME, Action.NOTE)
    with pytest.raises(ValidationError, match="paused"):
        app.cases.dispatch(officer, ref, "FIRE-1")
    clock.advance(timedelta(minutes=45))
    resumed = app.cases.resume(officer, ref)
    assert not resumed.row.paused
    assert resumed.paused_seconds == 45 * 60
    assert resumed.row.stage is Stage.REGISTERED  # the stage is kept across a pause
    clock.advance(timedelta(minutes=5))
    app.cases.pause(officer, ref, "Again")
    clock.advance(timedelta(minutes=10))
    assert app.cases.resume(officer, ref).paused_seconds == 55 * 60


def test_clock_set_back_during_pause_adds_no_negative_time(
        app: App, officer: OperatorRef, clock: FakeClock) -> None:
    ref = _report(app, officer)
    app.cases.pause(officer, ref, "Waiting for police")
    clock.advance(timedelta(hours=-1))
    assert app.cases.resume(officer, ref).paused_seconds == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "title must not be empty"),
        ({"title": "   "}, "title must not be empty"),
        ({"title": "x" * 201}, "at most 200"),
        ({"grid": "ZZ-99"}, "Unknown grid 'ZZ-99'"),
        ({"severity": 9}, "Severity must be 1 (critical)"),
        ({"severity": "high"}, "Severity must be 1 (critical)"),
        ({"category": "aliens"}, "Unknown category 'aliens'"),
        ({"source": "pigeon"}, "Unknown source 'pigeon'"),
    ],
)
def test_bad_report_is_refused_with_a_clear_message(
        app: App, officer: OperatorRef, fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as err:
        _report(app, officer, **fields)
    assert message in str(err.value)
    assert _audit_count(app) == 0  # nothing half-written
    assert app.cases.open_cases() == []


def test_dispatch_needs_a_known_team(app: App, officer: OperatorRef) -> None:
    ref = _report(app, officer)
    app.cases.register(officer, ref)
    with pytest.raises(ValidationError, match="Choose the team"):
        app.cases.apply(officer, ref, Action.DISPATCH)
    with pytest.raises(ValidationError, match="Unknown team 'NOPE'"):
        app.cases.dispatch(officer, ref, "NOPE")
    assert app.cases.get(ref).row.stage is Stage.REGISTERED


def test_unknown_case_is_not_found(app: App, officer: OperatorRef) -> None:
    with pytest.raises(NotFound, match="C-2026-999999"):
        app.cases.register(officer, "C-2026-999999")
    with pytest.raises(NotFound):
        app.cases.get("nonsense")


def test_reviewer_may_not_change_cases(app: App, reviewer: OperatorRef,
                                       officer: OperatorRef) -> None:
    with pytest.raises(PermissionDenied, match="may not report cases"):
        _report(app, reviewer)
    ref = _report(app, officer)
    with pytest.raises(PermissionDenied, match="may not change cases"):
        app.cases.register(reviewer, ref)
    assert app.cases.get(ref).row.stage is Stage.REPORTED


def test_every_mutation_writes_one_audit_and_one_change(app: App, officer: OperatorRef) -> None:
    audit0, changes0 = _audit_count(app), _change_count(app)
    ref = _report(app, officer)
    app.cases.register(officer, ref)
    app.cases.note(officer, ref, "Called the reporter back")
    assert _audit_count(app) - audit0 == 3
    assert _change_count(app) - changes0 == 3
    case_id = app.cases.get(ref).row.id
    events = app.changes.since(0)
    assert [(e.entity, e.entity_id, e.op) for e in events[-3:]] == [
        ("case", case_id, "insert"), ("case", case_id, "update"), ("case", case_id, "update")]


def test_stale_write_raises_conflict_naming_who(app: App, officer: OperatorRef) -> None:
    ref = _report(app, officer)
    seen = app.cases.get(ref).version
    coordinator = next(o for o in app.operators.list() if o.role.value == "coordinator")
    app.cases.register(coordinator, ref, expected_version=seen)
    with pytest.raises(ConflictError) as err:
        app.cases.pause(officer, ref, "Waiting", expected_version=seen)
    assert f"changed by {coordinator.display_name}" in str(err.value)
    assert "reload" in str(err.value)
    assert not app.cases.get(ref).row.paused


def test_audit_log_refuses_update_and_delete(app: App, officer: OperatorRef) -> None:
    _report(app, officer)
    for statement in ("UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), app.db.write.begin() as s:
            s.execute(text(statement))
    assert [e.action for e in app.cases.timeline("C-2026-000001")] == ["report"]


def test_timeline_records_who_when_and_what(app: App, officer: OperatorRef,
                                            clock: FakeClock) -> None:
    ref = _report(app, officer)
    clock.advance(timedelta(minutes=3))
    app.cases.register(officer, ref)
    clock.advance(timedelta(minutes=4))
    app.cases.dispatch(officer, ref, "FIRE-1")
    entries = app.cases.timeline(ref)
    assert [e.at - entries[0].at for e in entries] == [
        timedelta(0), timedelta(minutes=3), timedelta(minutes=7)]
    assert {e.operator_username for e in entries} == {officer.username}
    assert entries[0].detail["grid"] == "XH-05"
    assert entries[2].detail == {"stage": ["registered", "dispatched"], "team": [None, "FIRE-1"]}


def test_board_queries_filters_and_counts(app: App, officer: OperatorRef,
                                          clock: FakeClock) -> None:
    fire = _report(app, officer, category="fire", severity=1, grid="XH-01")
    _report(app, officer, category="dispute", severity=3, grid="XH-02",
            title="Noise from the bar downstairs")
    flood = _report(app, officer, category="flood", severity=2, grid="XH-01",
                    title="Underpass flooded")
    app.cases.register(officer, flood)
    app.cases.pause(officer, fire, "Waiting for the gas company")
    done = _report(app, officer, title="Street light out")
    for step in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE,
                 Action.VERIFY, Action.CLOSE):
        app.cases.apply(officer, done, step, team="UTIL-1")

    counts = app.cases.stage_counts()
    assert counts.by_stage[Stage.REPORTED] == 2
    assert counts.by_stage[Stage.REGISTERED] == 1
    assert counts.paused == 1
    assert counts.closed_since == 1
    assert counts.open_total == 3

    grid1 = app.district.grid_by_code("XH-01").id
    refs = {r.reference for r in app.cases.open_cases(CaseFilter(grid_ids=frozenset({grid1})))}
    assert refs == {fire, flood}
    crit = app.cases.open_cases(CaseFilter(severities=frozenset({Severity.CRITICAL})))
    assert [r.reference for r in crit] == [fire]
    registered = app.cases.open_cases(CaseFilter(stages=frozenset({Stage.REGISTERED})))
    assert [r.reference for r in registered] == [flood]
    assert [r.reference for r in app.cases.open_cases(CaseFilter(text="underpass"))] == [flood]
    history = app.cases.history_page(CaseFilter(scope=Scope.HISTORY))
    assert [r.reference for r in history.rows] == [done]
    assert history.next_cursor is None


def test_history_pages_do_not_overlap(app: App, officer: OperatorRef, clock: FakeClock) -> None:
    refs = []
    for i in range(7):
        ref = _report(app, officer, title=f"Fallen tree {i}")
        for step in (Action.REGISTER, Action.DISPATCH, Action.START, Action.RESOLVE,
                     Action.VERIFY, Action.CLOSE):
            app.cases.apply(officer, ref, step, team="RESCUE-1")
        clock.advance(timedelta(minutes=1) if i % 2 else timedelta(0))  # ties on closed_at
        refs.append(ref)
    seen: list[str] = []
    page = app.cases.history_page(CaseFilter(scope=Scope.HISTORY), limit=3)
    while True:
        seen.extend(r.reference for r in page.rows)
        if page.next_cursor is None:
            break
        page = app.cases.history_page(CaseFilter(scope=Scope.HISTORY), limit=3,
                                      after=page.next_cursor)
    assert sorted(seen) == sorted(refs)
    assert len(seen) == len(set(seen))


def test_filter_matches_agrees_with_sql(app: App, officer: OperatorRef) -> None:
    """The live board decides in Python what the loader decided in SQL: they must agree."""
    for i, (cat, sev, grid) in enumerate([("fire", 1, "XH-01"), ("dispute", 3, "XH-02"),
                                          ("flood", 2, "XH-03"), ("traffic", 4, "XH-01")]):
        ref = _report(app, officer, category=cat, severity=sev, grid=grid, title=f"Case {i}")
        if i % 2:
            app.cases.register(officer, ref)
    everything = app.cases.open_cases()
    grid1 = app.district.grid_by_code("XH-01").id
    filters = [
        CaseFilter(),
        CaseFilter(grid_ids=frozenset({grid1})),
        CaseFilter(stages=frozenset({Stage.REGISTERED})),
        CaseFilter(severities=frozenset({Severity.CRITICAL, Severity.LOW})),
        CaseFilter(categories=frozenset({Category.DISPUTE})),
        CaseFilter(text="case 2"),
    ]
    for flt in filters:
        sql = {r.id for r in app.cases.open_cases(flt)}
        python = {r.id for r in everything if flt.matches(r)}
        assert sql == python, flt


def test_open_page_puts_the_most_urgent_first(app: App, officer: OperatorRef,
                                              clock: FakeClock) -> None:
    calm = _report(app, officer, category="environment", severity=4, title="Graffiti")
    urgent = _report(app, officer, category="fire", severity=1, title="Gas smell")
    middle = _report(app, officer, category="traffic", severity=2, title="Car in lane")
    page = app.cases.open_page(limit=2)
    assert [r.reference for r in page] == [urgent, middle]
    assert calm not in {r.reference for r in page}
