"""The hazard registry: risk matrix, inspections and their clocks, links, permissions."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from console.hazards.domain import (
    HazardFilter,
    HazardKind,
    HazardStatus,
    RiskLevel,
    assess,
    long_after,
    warn_before,
)
from db.demo.hazard_loader import read_hazards
from db.models import Alert, AuditEntry, Change, Deadline

# The whole 5×5 matrix, written out: rows are likelihood 1..5, columns severity 1..5.
EXPECTED_SCORES = [
    [1, 2, 3, 4, 5],
    [2, 4, 6, 8, 10],
    [3, 6, 9, 12, 15],
    [4, 8, 12, 16, 20],
    [5, 10, 15, 20, 25],
]
L, M, H, E = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.EXTREME
EXPECTED_LEVELS = [
    [L, L, L, L, M],
    [L, L, M, M, H],
    [L, M, M, H, H],
    [L, M, H, H, E],
    [M, H, H, E, E],
]
CELLS = [(lk, sv) for lk in range(1, 6) for sv in range(1, 6)]


class ManualAlarm:
    """The engine's alarm, held by the test."""

    def __init__(self) -> None:
        self.when: datetime | None = None
        self.callback: Callable[[], None] | None = None

    def arm(self, when: datetime | None, callback: Callable[[], None]) -> None:
        self.when, self.callback = when, callback


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def register(app: App, who: OperatorRef, **kw: Any) -> str:
    fields: dict[str, Any] = {
        "code": "HZ-0901", "name": "滨河加油站 · Binhe Petrol Station", "kind": "gas_station",
        "grid": "XH-01", "likelihood": 3, "severity": 4, "inspection_interval_days": 30,
        "responsible_unit": "Sinopec Binhe station", "contact": "Wang Jun 0571-8652 3310",
        "surroundings": "Binhe Primary School 180 m north", "controls": "Leak detection"}
    fields.update(kw)
    return app.hazards.register(who, **fields).code


def hazard_alerts(app: App) -> list[str]:
    with app.db.read() as s:
        return list(s.scalars(select(Alert.event).where(Alert.source == "hazard")
                              .order_by(Alert.id)))


def hazard_escalations(app: App) -> list[list[int]]:
    with app.db.read() as s:
        rows = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.entity == "hazard", AuditEntry.action == "escalate")
            .order_by(AuditEntry.id)).all()
    return [json.loads(d)["level"] for d in rows]


def open_clocks(app: App, hazard_id: int) -> list[Deadline]:
    with app.db.read() as s:
        return list(s.scalars(select(Deadline).where(Deadline.hazard_id == hazard_id,
                                                     Deadline.met_at.is_(None))))


# ---- the risk matrix -------------------------------------------------------------------


@pytest.mark.parametrize(("likelihood", "severity"), CELLS)
def test_score_and_level_of_every_cell(likelihood: int, severity: int) -> None:
    score, level = assess(likelihood, severity)
    assert score == EXPECTED_SCORES[likelihood - 1][severity - 1]
    assert level is EXPECTED_LEVELS[likelihood - 1][severity - 1]


def test_matrix_has_the_documented_bands() -> None:
    by_level: dict[RiskLevel, list[int]] = {lv: [] for lv in RiskLevel}
    for lk, sv in CELLS:
        score, level = assess(lk, sv)
        by_level[level].append(score)
    assert (min(by_level[L]), max(by_level[L])) == (1, 4)
    assert (min(by_level[M]), max(by_level[M])) == (5, 9)
    assert (min(by_level[H]), max(by_level[H])) == (10, 16)
    assert (min(by_level[E]), max(by_level[E])) == (20, 25)
    assert [len(by_level[lv]) for lv in RiskLevel] == [8, 7, 7, 3]
    with pytest.raises(ValueError, match="1-5"):
        assess(0, 3)


def test_clock_policy_for_short_and_long_intervals() -> None:
    assert warn_before(7) == timedelta(days=0.7)  # 10 % of a week
    assert warn_before(30) == timedelta(days=3)
    assert warn_before(365) == timedelta(days=7)  # capped
    assert long_after(7) == timedelta(days=7)  # a whole missed cycle
    assert long_after(365) == timedelta(days=30)  # capped


# ---- registering and editing -----------------------------------------------------------


def test_register_writes_row_audit_change_and_starts_the_clock(
        app: App, coordinator: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    hazard = app.hazards.get(code)
    row = hazard.row
    assert (row.score, row.level, row.status) == (12, RiskLevel.HIGH, HazardStatus.ACTIVE)
    assert row.kind is HazardKind.GAS_STATION
    assert row.grid_code == "XH-01"
    assert row.next_inspection_due == clock.now() + timedelta(days=30)
    [clock_row] = open_clocks(app, row.id)
    assert clock_row.kind == "inspection"
    assert clock_row.warn_at == clock.now() + timedelta(days=27)
    assert clock_row.due_at == clock.now() + timedelta(days=30)
    assert clock_row.long_at == clock.now() + timedelta(days=60)
    with app.db.read() as s:
        audits = s.scalar(select(func.count()).where(
            AuditEntry.entity == "hazard", AuditEntry.entity_id == row.id)) or 0
        changes = s.scalar(select(func.count()).where(
            Change.entity == "hazard", Change.entity_id == row.id)) or 0
    assert (audits, changes) == (1, 1)
    assert app.hazards.timeline(code)[0].action == "register"


@pytest.mark.parametrize(("override", "message"), [
    ({"likelihood": 7}, "Likelihood must be a whole number from 1"),
    ({"severity": "high"}, "Severity must be a whole number from 1"),
    ({"kind": "volcano"}, "Unknown hazard kind 'volcano'"),
    ({"grid": "XH-99"}, "Unknown grid 'XH-99'"),
    ({"name": "   "}, "name must not be empty"),
    ({"code": ""}, "code must not be empty"),
    ({"code": "HZ 1"}, "may only hold letters"),
    ({"inspection_interval_days": 0}, "interval must be 1 to 730 days"),
    ({"lon": 120.15}, "both longitude and latitude"),
    ({"lat": 95, "lon": 120}, "latitude must be between -90 and 90"),
])
def test_bad_hazards_are_refused_with_a_clear_message(
        app: App, coordinator: OperatorRef, override: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        register(app, coordinator, **override)
    assert app.hazards.rows() == []


def test_codes_are_unique_and_suggested(app: App, coordinator: OperatorRef) -> None:
    assert app.hazards.suggest_code() == "HZ-0001"
    register(app, coordinator, code="hz-0007")
    assert app.hazards.code_exists("HZ-0007")
    assert app.hazards.suggest_code() == "HZ-0008"
    with pytest.raises(ValidationError, match="already registered"):
        register(app, coordinator, code="HZ-0007")


def test_edit_reassesses_and_a_new_interval_moves_the_due_date(
        app: App, coordinator: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    start = clock.now()
    clock.advance(timedelta(days=2))
    version = app.hazards.get(code).version
    edited = app.hazards.update(coordinator, code, expected_version=version, severity=5,
                                inspection_interval_days=7, controls="Leak detection; CCTV")
    assert (edited.row.score, edited.row.level) == (15, RiskLevel.HIGH)
    # Never inspected: one interval after registration.
    assert edited.row.next_inspection_due == start + timedelta(days=7)
    [clock_row] = open_clocks(app, edited.row.id)
    assert clock_row.due_at == start + timedelta(days=7)
    entry = app.hazards.timeline(code)[-1]
    assert entry.action == "edit"
    assert entry.detail["severity"] == [4, 5]
    assert entry.detail["inspection_interval_days"] == [30, 7]
    # Nothing changed: no audit entry, no new version.
    again = app.hazards.update(coordinator, code, severity=5)
    assert again.version == edited.version
    assert len(app.hazards.timeline(code)) == 2
    with pytest.raises(ConflictError, match="changed by"):
        app.hazards.update(coordinator, code, expected_version=version, likelihood=1)
    with pytest.raises(ValidationError, match="Unknown hazard field"):
        app.hazards.update(coordinator, code, status="retired")


# ---- inspections and the clock ---------------------------------------------------------


def test_inspection_moves_the_due_date_and_restarts_the_clock(
        app: App, officer: OperatorRef, coordinator: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    hazard_id = app.hazards.get(code).row.id
    [first_clock] = open_clocks(app, hazard_id)
    clock.advance(timedelta(days=20))
    inspected = app.hazards.record_inspection(
        officer, code, inspector="周海涛 Zhou Haitao (grid worker)",
        findings="Tank 3 sensor false alarms; supplier called.",
        photos=["/srv/photos/HZ-0901/tank.jpg", " ", "/srv/photos/HZ-0901/tank.jpg",
                "/srv/photos/HZ-0901/log.jpg"],
        likelihood=4, severity=4)
    row = inspected.row
    assert row.next_inspection_due == clock.now() + timedelta(days=30)
    assert row.last_inspected_at == clock.now()
    assert (row.likelihood, row.severity, row.level) == (4, 4, RiskLevel.HIGH)
    [new_clock] = open_clocks(app, hazard_id)
    assert new_clock.id != first_clock.id
    assert (new_clock.level, new_clock.due_at) == (0, clock.now() + timedelta(days=30))
    assert app.escalation.next_due() == clock.now() + timedelta(days=27)
    [record] = app.hazards.inspections(hazard_id)
    assert record.photos == ("/srv/photos/HZ-0901/tank.jpg", "/srv/photos/HZ-0901/log.jpg")
    assert (record.score, record.level) == (16, RiskLevel.HIGH)
    entry = app.hazards.timeline(code)[-1]
    assert entry.action == "inspect"
    assert entry.detail["likelihood"] == [3, 4]


def test_history_is_kept_and_a_late_entry_does_not_move_the_clock(
        app: App, officer: OperatorRef, coordinator: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    hazard_id = app.hazards.get(code).row.id
    clock.advance(timedelta(days=10))
    app.hazards.record_inspection(officer, code, inspector="Lin Wei", likelihood=2, severity=4)
    due = app.hazards.get(code).row.next_inspection_due
    clock.advance(timedelta(days=1))
    late = app.hazards.record_inspection(
        officer, code, inspector="Chen Gong", likelihood=5, severity=5,
        findings="Paper report from last week", inspected_at=clock.now() - timedelta(days=7))
    assert late.row.next_inspection_due == due
    assert (late.row.likelihood, late.row.severity) == (2, 4)
    assert [r.inspector for r in app.hazards.inspections(hazard_id)] == ["Lin Wei", "Chen Gong"]
    assert app.hazards.timeline(code)[-1].detail["late_entry"] is True
    with pytest.raises(ValidationError, match="in the future"):
        app.hazards.record_inspection(officer, code, inspector="X", likelihood=1, severity=1,
                                      inspected_at=clock.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="inspector must not be empty"):
        app.hazards.record_inspection(officer, code, inspector=" ", likelihood=1, severity=1)


def test_due_and_overdue_alert_exactly_once(
        app: App, officer: OperatorRef, coordinator: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    clock.advance(timedelta(days=27) - timedelta(seconds=1))
    assert app.escalation.sweep() == []
    clock.advance(timedelta(seconds=1))  # 3 days before the due date
    [coming] = app.escalation.sweep()
    assert (coming.subject, coming.reference, coming.level) == ("hazard", code, 1)
    assert app.escalation.sweep() == []
    assert hazard_alerts(app) == ["Hazard inspection coming due"]
    clock.advance(timedelta(days=3))  # the due date
    [overdue] = app.escalation.sweep()
    assert overdue.level == 2
    for _ in range(3):
        assert app.escalation.sweep() == []
    assert hazard_alerts(app) == ["Hazard inspection coming due", "Hazard inspection overdue"]
    assert hazard_escalations(app) == [[0, 1], [1, 2]]
    # The inspection restarts the clock: nothing more until the next cycle comes due.
    app.hazards.record_inspection(officer, code, inspector="Zhou Haitao", likelihood=3,
                                  severity=4)
    clock.advance(timedelta(days=26))
    assert app.escalation.sweep() == []
    clock.advance(timedelta(days=1))
    assert [e.level for e in app.escalation.sweep()] == [1]
    assert len(hazard_alerts(app)) == 3


def test_overdue_while_closed_alerts_once_across_restarts(
        app: App, coordinator: OperatorRef, clock: FakeClock, db_url: str) -> None:
    code = register(app, coordinator, inspection_interval_days=7)
    app.close()  # the console is shut for the week
    clock.advance(timedelta(days=8))
    for _ in range(2):  # started twice: the second start finds nothing new
        later = open_app(db_url, clock)
        alarm = ManualAlarm()
        later.escalation.start(alarm)
        assert alarm.when is not None
        assert alarm.when == later.hazards.get(code).row.next_inspection_due \
            + long_after(7)  # next: overdue for long
        later.close()
    reopened = open_app(db_url, clock)
    assert hazard_escalations(reopened) == [[0, 1], [1, 2]]
    assert hazard_alerts(reopened) == ["Hazard inspection coming due",
                                       "Hazard inspection overdue"]
    with reopened.db.read() as s:
        alert = s.scalars(select(Alert).where(Alert.source == "hazard")
                          .order_by(Alert.id.desc())).first()
    assert alert is not None
    assert code in alert.headline
    assert alert.grid_id == reopened.district.grid_by_code("XH-01").id
    reopened.close()


def test_retiring_closes_the_clock_and_reactivating_opens_one(
        app: App, coordinator: OperatorRef, officer: OperatorRef, clock: FakeClock) -> None:
    code = register(app, coordinator)
    hazard_id = app.hazards.get(code).row.id
    mitigated = app.hazards.set_status(coordinator, code, "mitigated", note="New sensors")
    assert mitigated.row.status is HazardStatus.MITIGATED
    assert len(open_clocks(app, hazard_id)) == 1  # a mitigated hazard is still watched
    retired = app.hazards.set_status(coordinator, code, HazardStatus.RETIRED,
                                     note="Station closed")
    assert retired.row.next_inspection_due is None
    assert open_clocks(app, hazard_id) == []
    assert app.hazards.next_inspection_due() is None
    clock.advance(timedelta(days=90))
    assert app.escalation.sweep() == []
    with pytest.raises(ValidationError, match="retired"):
        app.hazards.record_inspection(officer, code, inspector="X", likelihood=1, severity=1)
    with pytest.raises(ValidationError, match="already retired"):
        app.hazards.set_status(coordinator, code, "retired")
    active = app.hazards.set_status(coordinator, code, "active")
    assert active.row.next_inspection_due == clock.now() + timedelta(days=30)
    assert len(open_clocks(app, hazard_id)) == 1
    assert [e.action for e in app.hazards.timeline(code)] == [
        "register", "mitigate", "retire", "reactivate"]


# ---- permissions -----------------------------------------------------------------------


def test_permissions(app: App, officer: OperatorRef, coordinator: OperatorRef,
                     reviewer: OperatorRef) -> None:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    with pytest.raises(PermissionDenied, match="may not register hazards"):
        register(app, officer)
    with pytest.raises(PermissionDenied, match="may not register hazards"):
        register(app, reviewer)
    code = register(app, admin)
    with pytest.raises(PermissionDenied, match="may not edit hazards"):
        app.hazards.update(officer, code, name="Renamed")
    with pytest.raises(PermissionDenied, match="may not change the status"):
        app.hazards.set_status(officer, code, "retired")
    with pytest.raises(PermissionDenied, match="may not record inspections"):
        app.hazards.record_inspection(reviewer, code, inspector="X", likelihood=1, severity=1)
    # Duty officers enter the inspection reports that come in to the center.
    app.hazards.record_inspection(officer, code, inspector="Grid worker", likelihood=2,
                                  severity=4)
    app.hazards.update(coordinator, code, name="Renamed")
    assert app.hazards.get(code).row.name == "Renamed"


# ---- links to cases --------------------------------------------------------------------


def test_case_names_a_hazard_and_the_hazard_shows_its_cases(
        app: App, officer: OperatorRef, coordinator: OperatorRef, reviewer: OperatorRef) -> None:
    code = register(app, coordinator)
    other = register(app, coordinator, code="HZ-0902", grid="XH-02", name="Underpass")
    hazard_id = app.hazards.get(code).row.id
    first = app.cases.report(officer, title="Fuel smell at the forecourt", category="fire",
                             severity=2, grid="XH-01", hazard=code.lower())
    second = app.cases.report(officer, title="Car on fire at pump 2", category="fire",
                              severity=1, grid="XH-01")
    assert [c.reference for c in app.hazards.cases_of(hazard_id)] == [first.reference]
    linked = app.cases.link_hazard(officer, second.reference, code,
                                   expected_version=second.version)
    assert {c.reference for c in app.hazards.cases_of(hazard_id)} == {
        first.reference, second.reference}
    entry = app.cases.timeline(second.reference)[-1]
    assert (entry.action, entry.detail) == ("link_hazard", {"hazard": [None, code]})
    app.cases.link_hazard(officer, second.reference, other, expected_version=linked.version)
    assert app.cases.timeline(second.reference)[-1].detail == {"hazard": [code, other]}
    assert [c.reference for c in app.hazards.cases_of(hazard_id)] == [first.reference]
    hazard_of = app.hazards.hazard_of_case(second.row.id)
    assert hazard_of is not None
    assert hazard_of.code == other
    app.cases.link_hazard(officer, second.reference, None)
    assert app.hazards.hazard_of_case(second.row.id) is None
    with pytest.raises(ValidationError, match="No registered hazard 'HZ-4040'"):
        app.cases.link_hazard(officer, second.reference, "HZ-4040")
    with pytest.raises(PermissionDenied):
        app.cases.link_hazard(reviewer, second.reference, code)
    with pytest.raises(ConflictError):
        app.cases.link_hazard(officer, second.reference, code, expected_version=1)
    with app.db.read() as s:
        announced = s.scalar(select(func.count()).where(
            Change.entity == "hazard", Change.entity_id == hazard_id)) or 0
    assert announced == 4  # registered, first case reported, second linked, then unlinked


def test_hazards_near_a_case_are_in_its_grid_and_the_touching_ones(
        app: App, officer: OperatorRef, coordinator: OperatorRef) -> None:
    register(app, coordinator, code="HZ-0001", grid="XH-08", likelihood=2, severity=2)
    register(app, coordinator, code="HZ-0002", grid="XH-01", likelihood=5, severity=5)
    register(app, coordinator, code="HZ-0003", grid="XH-02", likelihood=3, severity=3)
    register(app, coordinator, code="HZ-0004", grid="XH-30", likelihood=5, severity=5)
    register(app, coordinator, code="HZ-0005", grid="XH-07", likelihood=4, severity=4)
    app.hazards.set_status(coordinator, "HZ-0005", "retired")
    case = app.cases.report(officer, title="Smoke", category="fire", severity=2, grid="XH-08")
    near = app.hazards.near_case(case.row.id)
    # XH-08 touches XH-01, XH-02, XH-03, XH-07, XH-09, XH-13, XH-14 and XH-15.
    assert [(n.row.code, n.own_grid) for n in near] == [
        ("HZ-0001", True), ("HZ-0002", False), ("HZ-0003", False)]
    app.cases.link_hazard(officer, case.reference, "HZ-0004")  # far away, still shown
    near = app.hazards.near_case(case.row.id)
    assert next((n.row.code, n.named_by_case) for n in near) == ("HZ-0004", True)
    with pytest.raises(NotFound):
        app.hazards.near_case(999_999)


# ---- reading -------------------------------------------------------------------------


def test_filters_agree_with_sql_and_matrix_counts(
        app: App, coordinator: OperatorRef) -> None:
    assert app.hazards.load_demo() == 40
    rows = app.hazards.rows()
    for flt in (HazardFilter(), HazardFilter(statuses=frozenset()),
                HazardFilter(kinds=frozenset({HazardKind.CHEMICALS})),
                HazardFilter(cell=(3, 4)), HazardFilter(text="加油站"),
                HazardFilter(text="xh-29 sinopec"),
                HazardFilter(statuses=frozenset({HazardStatus.RETIRED}))):
        expected = {r.id for r in app.hazards.rows(flt)}
        assert {r.id for r in rows if flt.matches(r)} == expected, flt
        counts = app.hazards.matrix_counts(flt)
        assert counts.total == sum(1 for r in rows if flt.matches(r, ignore_cell=True))
    counts = app.hazards.matrix_counts()
    assert counts.at(3, 4) == sum(1 for r in rows if r.watched and (r.likelihood, r.severity)
                                  == (3, 4))
    assert sum(counts.by_level().values()) == counts.total == 39  # one is retired


def test_demo_hazards_are_valid_and_load_once(app: App, coordinator: OperatorRef,
                                              clock: FakeClock) -> None:
    entries = read_hazards()
    assert len(entries) == 40
    grids = {g.code for g in app.district.grids()}
    for entry in entries:
        assert entry["grid"] in grids
        assert " · " in entry["name"]  # 滨河加油站 · Binhe Petrol Station
        HazardKind(entry["kind"])
        assert entry["surroundings"]
        assert entry["responsible_unit"]
    assert any("School" in e["surroundings"] or "school" in e["surroundings"] for e in entries)
    assert any("Hospital" in e["surroundings"] or "hospital" in e["surroundings"]
               or "Health" in e["surroundings"] for e in entries)
    assert app.hazards.load_demo() == 40
    assert app.hazards.load_demo() == 0
    rows = app.hazards.rows()
    petrol = app.hazards.get("HZ-0001")
    assert petrol.row.name.startswith("滨河加油站")
    assert len(app.hazards.inspections(petrol.row.id)) == 2
    watched = [r for r in rows if r.watched]
    with app.db.read() as s:
        clocks = s.scalar(select(func.count()).where(Deadline.hazard_id.is_not(None),
                                                     Deadline.met_at.is_(None))) or 0
    assert clocks == len(watched) == 39
    overdue = {r.code for r in app.hazards.overdue()}
    assert 3 <= len(overdue) <= 8
    assert all(r.due_state(clock.now()) == 2 for r in app.hazards.overdue())
    assert app.hazards.next_inspection_due() == min(
        r.next_inspection_due for r in watched if r.next_inspection_due)


def test_pages_follow_the_order_of_the_whole_registry(app: App, coordinator: OperatorRef,
                                                      clock: FakeClock) -> None:
    app.hazards.load_demo()
    # Ties on score and due date (and a retired one without a due date) on the same page
    # boundary: the cursor must still neither skip nor repeat a row.
    for n in range(3):
        register(app, coordinator, code=f"HZ-09{n:02d}", likelihood=3, severity=4)
    expected = [r.id for r in app.hazards.rows()]
    got: list[int] = []
    page = app.hazards.rows_page(7)
    while True:
        got.extend(r.id for r in page.rows)
        if page.next_cursor is None:
            break
        page = app.hazards.rows_page(7, page.next_cursor)
    assert got == expected
    assert len(got) == 43
