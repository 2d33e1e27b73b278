"""The change feed's retention (issue 24): pruning deletes only changes older than the
retention, in batches, raising a watermark in the same transactions; a reader within the
retention replays exactly, a reader behind the watermark is told to reload and then reads
on without missing a change; a gap in the numbers alone is not taken for pruning."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from console.app import App
from console.clock import FakeClock
from console.core.changes import ChangesPruned
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied, ValidationError
from console.core.journal import announce
from console.engine.retention import DEFAULT_RETENTION_DAYS
from db.models import AuditEntry, Change, ChangeWatermark
from tests.pg_only import postgres_only


def _write(app: App, clock: FakeClock, n: int, entity: str = "case") -> list[int]:
    """``n`` changes at the clock's time, one transaction each; their numbers."""
    for i in range(n):
        with app.db.write.begin() as s:
            announce(s, at=clock.now(), entity=entity, entity_id=i + 1, op="update")
    with app.db.read() as s:
        return list(s.scalars(select(Change.seq).order_by(Change.seq.desc()).limit(n)))[::-1]


def _kept(app: App) -> list[int]:
    with app.db.read() as s:
        return list(s.scalars(select(Change.seq).where(Change.seq > 0).order_by(Change.seq)))


def _system(app: App) -> OperatorRef:
    return app.operators.system()


def test_prune_removes_only_changes_older_than_the_retention(empty_app: App,
                                                             clock: FakeClock) -> None:
    app = empty_app
    assert app.retention.retention() == timedelta(days=DEFAULT_RETENTION_DAYS)
    old = _write(app, clock, 5)
    clock.advance(timedelta(days=3))
    recent = _write(app, clock, 3)
    clock.advance(timedelta(days=DEFAULT_RETENTION_DAYS) - timedelta(days=1))  # old: 6+ d
    report = app.retention.prune(_system(app))
    assert report.deleted == 5
    assert report.before == 0
    assert report.pruned_through == old[-1]
    assert app.changes.pruned_through() == old[-1]
    kept = _kept(app)
    assert kept[:3] == recent  # and the prune's own audit change after them
    assert not set(old) & set(kept)
    # One audit entry names the pruner and how far.
    with app.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "prune")).one()
    assert entry.operator_id == _system(app).id
    assert entry.entity == "change_feed"
    assert f"[0, {old[-1]}]" in entry.detail
    # Nothing more is old yet: a second prune deletes nothing and audits nothing.
    again = app.retention.prune(_system(app))
    assert again.deleted == 0
    assert again.pruned_through == old[-1]


def test_prune_goes_in_batches_each_raising_the_watermark(empty_app: App,
                                                          clock: FakeClock) -> None:
    app = empty_app
    old = _write(app, clock, 25)
    clock.advance(timedelta(days=8))
    seen: list[tuple[int, int]] = []  # (deleted so far, watermark then)
    report = app.retention.prune(_system(app), batch=10,
                                 progress=lambda n: seen.append(
                                     (n, app.changes.pruned_through())))
    assert report.deleted == 25
    assert report.batches == 3
    # After each committed batch the watermark is that batch's last change.
    assert seen == [(10, old[9]), (20, old[19]), (25, old[24])]
    assert _kept(app) == [app.changes.latest_seq()]  # only the prune's audit change


def test_prune_stops_at_the_first_change_within_the_retention(empty_app: App,
                                                              clock: FakeClock) -> None:
    """A seat with a slow clock wrote an 'older' change after a recent one: only a prefix
    of the feed is pruned, so the watermark never passes a change that is kept."""
    app = empty_app
    first = _write(app, clock, 2)
    clock.advance(timedelta(days=10))
    recent = _write(app, clock, 1)
    clock.advance(timedelta(days=-10))
    late_but_old = _write(app, clock, 1)
    clock.advance(timedelta(days=12))
    report = app.retention.prune(_system(app))
    assert report.pruned_through == first[-1]
    assert _kept(app)[:2] == [*recent, *late_but_old]


def test_retention_is_a_center_setting_for_administrators(app: App, clock: FakeClock) -> None:
    admin = next(o for o in app.operators.list() if o.role is Role.ADMIN)
    app.center.update(admin, change_retention_days=2)
    assert app.retention.retention() == timedelta(days=2)
    assert app.center.settings().change_retention_days == 2
    with pytest.raises(ValidationError, match="1 to 3650 days"):
        app.center.update(admin, change_retention_days=0)
    with pytest.raises(PermissionDenied):
        app.center.update(app.operator, change_retention_days=30)
    with pytest.raises(PermissionDenied, match="prune the change feed"):
        app.retention.prune(app.operator)
    old = _write(app, clock, 2)
    clock.advance(timedelta(days=2, minutes=1))
    assert app.retention.prune(admin).pruned_through >= old[-1]


def test_a_reader_within_the_retention_replays_exactly(empty_app: App,
                                                       clock: FakeClock) -> None:
    app = empty_app
    _write(app, clock, 3)
    clock.advance(timedelta(days=8))
    cursor = app.changes.latest_seq()
    later = _write(app, clock, 4)
    app.retention.prune(_system(app))  # the first three go; the cursor is at them
    assert [e.seq for e in app.changes.since(cursor) if e.entity == "case"] == later


def test_a_reader_behind_the_watermark_reloads_then_misses_nothing(empty_app: App,
                                                                   clock: FakeClock) -> None:
    app = empty_app
    cursor = app.changes.latest_seq()
    _write(app, clock, 3)  # the reader is away while these are written…
    clock.advance(timedelta(days=8))
    app.retention.prune(_system(app))  # …and pruned
    with pytest.raises(ChangesPruned) as gone:
        app.changes.since(cursor)
    assert gone.value.cursor == cursor
    assert gone.value.pruned_through == app.changes.pruned_through() > cursor
    assert gone.value.resume_at == app.changes.latest_seq()
    # The reader reloads, goes on after resume_at and reads what comes next, all of it.
    after = _write(app, clock, 2, entity="alert")
    assert [e.seq for e in app.changes.since(gone.value.resume_at)] == after


def test_an_emptied_feed_starts_new_readers_at_the_watermark(empty_app: App,
                                                             clock: FakeClock) -> None:
    """Every change pruned: a new reader does not start at 0, below the watermark (it
    would reload for ever)."""
    app = empty_app
    _write(app, clock, 3)
    clock.advance(timedelta(days=8))
    app.retention.prune(_system(app))
    clock.advance(timedelta(days=8))
    app.retention.prune(_system(app))  # the first prune's own audit change goes too
    assert _kept(app)[:-1] == []
    with app.db.write.begin() as s:  # the second prune's audit change: gone as well
        s.execute(text("DELETE FROM changes"))
        s.execute(text("UPDATE change_watermark SET pruned_through = "
                       f"{app.changes.pruned_through() + 1}"))
    start = app.changes.latest_seq()
    assert start == app.changes.pruned_through() > 0
    assert app.changes.since(start) == []
    after = _write(app, clock, 1)
    assert after[0] > start
    assert [e.seq for e in app.changes.since(start)] == after


def test_a_gap_in_the_numbers_is_not_taken_for_pruning(empty_app: App,
                                                       clock: FakeClock) -> None:
    """A change deleted outside pruning (or never committed) leaves a hole: the reader
    replays what is there and is not told to reload."""
    app = empty_app
    cursor = app.changes.latest_seq()
    seqs = _write(app, clock, 3)
    with app.db.write.begin() as s:
        s.execute(text(f"DELETE FROM changes WHERE seq = {seqs[0]}"))
    assert [e.seq for e in app.changes.since(cursor)] == seqs[1:]


@postgres_only
def test_a_rolled_back_numbering_leaves_a_gap_and_no_reload(empty_app: App,
                                                            clock: FakeClock) -> None:
    """PostgreSQL: a transaction that took a number from the feed's sequence and rolled
    back burns it. The reader passes the gap without reloading."""
    app = empty_app
    cursor = app.changes.latest_seq()
    first = _write(app, clock, 1)
    with app.db.write() as s:
        s.begin()
        announce(s, at=clock.now(), entity="case", entity_id=99, op="update")
        # What the commit trigger does when the transaction commits: take a real number.
        s.execute(text("SELECT nextval(pg_get_serial_sequence('changes', 'seq'))"))
        s.rollback()
    second = _write(app, clock, 1)
    assert second[0] > first[0] + 1, "no number was burnt"
    assert [e.seq for e in app.changes.since(cursor)] == [*first, *second]


def test_the_engine_behind_the_watermark_rebuilds_and_reads_on(app: App,
                                                               clock: FakeClock) -> None:
    armed: list[object] = []

    class Alarm:
        def arm(self, when: object, callback: object) -> None:
            armed.append(when)

    engine = app.escalation
    engine.start(Alarm())
    assert engine.poll_changes() is False
    # The engine stands by (or is stopped) while a case is reported and pruned.
    case = app.cases.report(app.operator, title="Fallen tree", category="traffic",
                            severity=2, grid="XH-12")
    clock.advance(timedelta(days=8))
    assert app.retention.prune(app.operator if app.operator.role is Role.ADMIN
                               else _system(app)).deleted > 0
    armed.clear()
    # Its cursor is behind the watermark: it re-reads the deadlines (the case's are
    # overdue by now: they escalate) and re-arms.
    assert engine.poll_changes() is True
    assert armed, "the alarm was not re-armed after the reload"
    with app.db.read() as s:
        escalated = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "escalate", AuditEntry.entity_id == case.row.id))
    assert escalated
    # And goes on with the changes after (its own escalations', another seat's), none
    # missed.
    app.cases.register(app.operator, case.reference)
    assert engine.poll_changes() is True
    assert engine.last_seq == app.changes.latest_seq()


def test_the_watermark_row_exists_after_migration(empty_app: App) -> None:
    with empty_app.db.read() as s:
        assert s.get(ChangeWatermark, 1) is not None


def test_changes_status_and_prune_on_the_command_line(
        app: App, db_url: str, clock: FakeClock,
        capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    _write(app, clock, 4)
    # The changes were written at the fixture's clock; the command line's clock is the
    # machine's, long after: every one of them is older than the retention.
    assert main(["changes", "prune", "--db", db_url, "--operator", "sunwei"]) == 1
    assert "may not prune the change feed" in capsys.readouterr().err
    assert main(["changes", "prune", "--batch", "3", "--db", db_url,
                 "--operator", "zhaopeng"]) == 0
    said = capsys.readouterr().out
    assert "older than 7 day(s)" in said
    assert "batch(es)" in said
    assert main(["changes", "status", "--db", db_url]) == 0
    status = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert status["retention_days"] == "7"
    assert int(status["pruned_through"]) == app.changes.pruned_through() > 0
    assert status["kept"] == "1"  # the prune's own audit change


def test_the_engine_duty_prunes_only_while_it_leads(empty_app: App,
                                                    clock: FakeClock) -> None:
    from console.engine.duties import PRUNE_EVERY_S, schedule_pruning

    app = empty_app
    jobs: dict[str, tuple[object, float, dict[str, object]]] = {}

    class Leadership:
        is_leader = False

    class Runner:
        leadership = Leadership()

        def add_periodic(self, job: object, seconds: float, job_id: str,
                         **first: object) -> None:
            jobs[job_id] = (job, seconds, first)

    schedule_pruning(Runner(), app.retention, app.operators.system)  # type: ignore[arg-type]
    job, every, first = jobs["change-feed-prune"]
    assert every == PRUNE_EVERY_S
    assert "next_run_time" in first  # once soon after start, then hourly
    old = _write(app, clock, 3)
    clock.advance(timedelta(days=8))
    job()  # type: ignore[operator]
    assert app.changes.pruned_through() == 0, "a standby engine pruned"
    Leadership.is_leader = True
    job()  # type: ignore[operator]
    assert app.changes.pruned_through() == old[-1]
