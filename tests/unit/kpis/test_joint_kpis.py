"""The joint-handling KPIs (issue 22) on hand-made cases: each definition, per grid, team
and area, and in the monthly bulletin's CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from console.app import App
from console.cases.lifecycle import Action
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.kpis.bulletin import build_bulletin, joint_csv


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)


def _case(app: App, who: OperatorRef, grid: str = "XH-05", source: str = "hotline") -> str:
    ref = app.cases.report(who, title="Fire lane blocked", category="fire", severity=2,
                           grid=grid, source=source).reference
    app.cases.register(who, ref)
    return ref


def _close(app: App, who: OperatorRef, ref: str) -> None:
    for action in (Action.START, Action.RESOLVE, Action.VERIFY, Action.CLOSE):
        app.cases.apply(who, ref, action)


def test_joint_kpis_count_each_definition(app: App, officer: OperatorRef,
                                          coordinator: OperatorRef, clock: FakeClock) -> None:
    start = clock.now() - timedelta(days=1)
    # Case 1: whistle summons two teams; one reports in after 10 min, the other 30 min.
    one = _case(app, officer)
    app.cases.dispatch(officer, one, "FIRE-1")
    app.cases.apply(officer, one, Action.WHISTLE, assist="PATROL-1,UTIL-1", text="go")
    clock.advance(timedelta(minutes=10))
    app.cases.apply(officer, one, Action.REPORT_IN, team="PATROL-1")
    clock.advance(timedelta(minutes=20))
    app.cases.apply(officer, one, Action.REPORT_IN, team="UTIL-1")
    app.cases.apply(officer, one, Action.PART_DONE, team="PATROL-1")  # on time
    clock.advance(timedelta(days=3))  # past the part deadline (resolve time, 24 h or less)
    app.cases.apply(officer, one, Action.PART_DONE, team="UTIL-1")  # late
    _close(app, officer, one)
    app.cases.apply(officer, one, Action.CALLBACK, satisfaction="satisfied", resolved=True)
    # Case 2: returned twice (two reasons), ruled to PATROL-1, closed, callback
    # dissatisfied (reopens), not resolved.
    two = _case(app, officer, grid="XH-10")
    app.cases.dispatch(officer, two, "FIRE-1")
    app.cases.apply(officer, two, Action.RETURN, reason="wrong_address", text="a")
    app.cases.dispatch(officer, two, "UTIL-1")
    app.cases.apply(officer, two, Action.RETURN, reason="not_our_jurisdiction", text="b")
    app.cases.apply(coordinator, two, Action.RULE, team="PATROL-1", text="patrol's")
    _close(app, officer, two)
    app.cases.apply(officer, two, Action.CALLBACK, satisfaction="dissatisfied",
                    resolved=False)
    # Case 3: not a citizen's: no callback due.
    three = _case(app, officer, source="grid_patrol")
    app.cases.dispatch(officer, three, "FIRE-1")
    _close(app, officer, three)
    end = clock.now() + timedelta(days=1)

    k = app.joint_kpis.summary(start, end)
    assert k.whistled == 2
    assert k.reported_in == 2
    assert k.mean_report_in_s == (10 * 60 + 30 * 60) / 2
    assert k.returns == 2
    assert k.returns_by_reason == {"not_our_jurisdiction": 1, "wrong_address": 1,
                                   "duplicate": 0, "insufficient_information": 0}
    assert k.received == 5  # dispatches to FIRE-1 ×3, UTIL-1 ×1, and one ruling
    assert k.return_rate == 2 / 5
    assert k.ruled == 1
    assert (k.callbacks_due, k.callbacks_done) == (2, 2)
    assert k.callback_rate == 1.0
    assert k.satisfaction_rate == 0.5
    assert k.resolution_rate == 0.5
    assert (k.parts_finished, k.parts_on_time) == (2, 1)
    assert k.parts_on_time_rate == 0.5

    teams = {r.key: r for r in app.joint_kpis.by(start, end, "team")}
    assert teams["FIRE-1"].returns_by_reason["wrong_address"] == 1
    assert teams["FIRE-1"].return_rate == 1 / 3
    assert teams["UTIL-1"].return_rate == 1.0
    assert teams["PATROL-1"].ruled == 1
    assert teams["PATROL-1"].whistled == 1
    assert teams["PATROL-1"].mean_report_in_s == 600
    assert teams["RESCUE-1"].return_rate is None  # nothing received: no rate
    grids = {r.key: r for r in app.joint_kpis.by(start, end, "grid")}
    assert grids["XH-05"].whistled == 2
    assert grids["XH-10"].returns == 2
    assert grids["XH-10"].satisfaction_rate == 0.0
    assert app.joint_kpis.summary(start, end, grid="XH-10").returns == 2
    assert app.joint_kpis.summary(start, end, team="UTIL-1").reported_in == 1
    # Areas add up their grids (the demo district has communities, no streets).
    communities = app.joint_kpis.by(start, end, "community")
    assert sum(r.whistled for r in communities) == 2
    assert app.joint_kpis.by(start, end, "street") == []
    # A period of earlier days holds none of it.
    assert app.joint_kpis.summary(start - timedelta(days=30), start).whistled == 0


def test_bulletin_carries_the_joint_figures(app: App, officer: OperatorRef,
                                            clock: FakeClock) -> None:
    ref = _case(app, officer)
    app.cases.dispatch(officer, ref, "FIRE-1")
    app.cases.apply(officer, ref, Action.RETURN, reason="duplicate", text="same as before")
    month = clock.now().astimezone(app.zone).strftime("%Y-%m")
    bulletin = build_bulletin(app.kpis, month, joint=app.joint_kpis)
    assert bulletin.joint is not None
    rows = list(csv.DictReader(io.StringIO(joint_csv(bulletin.joint))))
    overall = rows[0]
    assert (overall["scope"], overall["returns"], overall["returned_duplicate"]) == (
        "all", "1", "1")
    fire = next(r for r in rows if r["scope"] == "team" and r["code"] == "FIRE-1")
    assert fire["return_rate"] == "1.0000"
