"""Case replay: what the board showed about a case at a past moment, rebuilt from the
audit log, compared with what the board really showed at that moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from console.app import App
from console.clock import FakeClock
from console.core.domain import CaseRow, OperatorRef
from console.core.errors import NotFound


def drive(app: App, officer: OperatorRef, clock: FakeClock) -> tuple[str, list[tuple[
        datetime, CaseRow]]]:
    """A critical fire driven round the loop with pauses, escalations, notes and a
    failed verification; the board's row recorded after every step."""
    seen: list[tuple[datetime, CaseRow]] = []
    ref = app.cases.report(officer, title="Smoke from a kitchen", category="fire",
                           severity=1, grid="XH-04").reference

    def step(minutes: int, action: Callable[[], object] | None = None) -> None:
        clock.advance(timedelta(minutes=minutes))
        app.escalation.sweep()
        if action is not None:
            action()
        seen.append((clock.now(), app.cases.get(ref).row))

    step(0)
    step(4)  # register deadline (3 min) breached
    step(1, lambda: app.cases.register(officer, ref))
    step(2, lambda: app.cases.note(officer, ref, "Caller says the smoke is black"))
    step(9, lambda: app.cases.dispatch(officer, ref, team="FIRE-1"))
    step(5, lambda: app.cases.start(officer, ref))
    step(10, lambda: app.cases.pause(officer, ref, "Waiting for the gas company"))
    step(30, lambda: app.cases.resume(officer, ref))
    step(20, lambda: app.cases.resolve(officer, ref))
    step(15, lambda: app.cases.verify(officer, ref, passed=False, text="Still smoking"))
    step(300)  # resolve deadline breached for long while reworked
    step(5, lambda: app.cases.start(officer, ref))
    step(5, lambda: app.cases.resolve(officer, ref))
    step(5, lambda: app.cases.verify(officer, ref, passed=True))
    step(5, lambda: app.cases.close(officer, ref))
    return ref, seen


def test_replay_shows_what_the_board_showed(app: App, officer: OperatorRef,
                                            clock: FakeClock) -> None:
    ref, seen = drive(app, officer, clock)
    for moment, row in seen:
        state = app.handovers.replay(ref, moment)
        shown = (state.stage, state.team, state.paused, state.escalation_level,
                 state.supervised)
        board = (row.stage.value, row.team_code, row.paused, row.escalation_level,
                 row.supervised)
        assert shown == board, moment
        due = state.next_due
        assert (due.kind if due else None) == row.next_due_kind, moment
        if row.next_due_kind != "resolve":  # a pause since has moved the resolve plan
            assert (due.due_at if due else None) == row.next_due_at, moment
    assert {e[1].escalation_level for e in seen} >= {0, 2, 3}, "escalations were replayed"


def test_replay_keeps_notes_up_to_the_moment(app: App, officer: OperatorRef,
                                             clock: FakeClock) -> None:
    ref, seen = drive(app, officer, clock)
    after_note = seen[3][0]
    state = app.handovers.replay(ref, after_note)
    assert [n.text for n in state.notes] == ["Caller says the smoke is black"]
    assert state.notes[0].operator == officer.display_name
    assert (state.title, state.category, state.severity, state.grid) == (
        "Smoke from a kitchen", "fire", 1, "XH-04")
    end = app.handovers.replay(ref, seen[-1][0])
    assert [n.text for n in end.notes] == ["Caller says the smoke is black",
                                           "Waiting for the gas company", "Still smoking"]
    assert end.rework_count == 1
    assert end.stage == "closed"
    before = app.handovers.replay(ref, seen[0][0] - timedelta(seconds=1))
    assert not before.existed
    with pytest.raises(NotFound):
        app.handovers.replay("C-2026-999999", seen[0][0])
