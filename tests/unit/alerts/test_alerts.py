"""The alert service: acknowledge, shelve, re-attention, resolve, promote, panel queries."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, insert, select, text

from console.alerts.service import (
    AlertCursor,
    AlertFilter,
    AlertStatus,
    case_category,
    case_severity,
)
from console.app import App
from console.clock import FakeClock
from console.core.domain import Category, OperatorRef, Role, Severity, Source
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from db.database import Database
from db.migrate import alembic_config
from db.models import Alert, AuditEntry, Change

DATA = Path(__file__).resolve().parents[2] / "data" / "feeds"


def _add(app: App, tmp_path: Path, *records: dict[str, object]) -> list[int]:
    """Import JSON-lines records; return the new alerts' ids in file order."""
    path = tmp_path / f"add{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = app.importer.import_file(path)
    assert report.ok, report.format()
    with app.db.read() as s:
        keys = [f"{r.get('source', 'feed')}:{r['id']}" for r in records]
        found = {key: aid for key, aid in s.execute(
            select(Alert.dedup_key, Alert.id).where(Alert.dedup_key.in_(keys)))}
    return [found[k] for k in keys]


def _one(app: App, tmp_path: Path, **fields: object) -> int:
    record: dict[str, object] = {"id": "A-1", "event": "Smoke", "severity": "Severe",
                                 "category": "Fire", "lat": 30.296, "lon": 120.1545}
    record.update(fields)
    return _add(app, tmp_path, record)[0]


def _audit(app: App, alert_id: int) -> list[tuple[str, str]]:
    with app.db.read() as s:
        return [(a, d) for a, d in s.execute(
            select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.entity == "alert", AuditEntry.entity_id == alert_id)
            .order_by(AuditEntry.id))]


# ---- acknowledge ----------------------------------------------------------------------


def test_acknowledge(app: App, officer: OperatorRef, clock: FakeClock, tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    before = app.alerts.get(aid)
    assert before.row.status is AlertStatus.NEW
    clock.advance(timedelta(minutes=3))
    detail = app.alerts.acknowledge(officer, aid, expected_version=before.version)
    assert detail.row.status is AlertStatus.ACKNOWLEDGED
    assert detail.row.acknowledged_by == officer.display_name
    assert detail.row.acknowledged_at == clock.now()
    assert detail.version == before.version + 1
    assert _audit(app, aid)[-1] == ("acknowledge", '{"status": ["new", "acknowledged"]}')
    with app.db.read() as s:
        last = s.execute(select(Change.entity, Change.entity_id, Change.op)
                         .order_by(Change.seq.desc()).limit(1)).one()
    assert tuple(last) == ("alert", aid, "update")
    with pytest.raises(ValidationError, match=f"already acknowledged by {officer.display_name}"):
        app.alerts.acknowledge(officer, aid)


def test_a_stale_version_is_a_conflict(app: App, officer: OperatorRef, tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    seen = app.alerts.get(aid).version
    coordinator = next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
    app.alerts.shelve(coordinator, aid, app.clock.now() + timedelta(hours=1))
    with pytest.raises(ConflictError, match=f"changed by {coordinator.display_name}"):
        app.alerts.acknowledge(officer, aid, expected_version=seen)
    assert app.alerts.get(aid).row.status is AlertStatus.SHELVED


def test_a_repeat_does_not_make_a_conflict(app: App, officer: OperatorRef,
                                           tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    seen = app.alerts.get(aid).version
    _one(app, tmp_path)  # the feed sends it again
    assert app.alerts.get(aid).row.repeat_count == 2
    app.alerts.acknowledge(officer, aid, expected_version=seen)


def test_reviewer_is_refused_every_action(app: App, reviewer: OperatorRef,
                                          tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    later = app.clock.now() + timedelta(hours=1)
    for act in (lambda: app.alerts.acknowledge(reviewer, aid),
                lambda: app.alerts.shelve(reviewer, aid, later),
                lambda: app.alerts.resolve(reviewer, aid),
                lambda: app.alerts.promote_to_case(reviewer, aid)):
        with pytest.raises(PermissionDenied, match="reviewer"):
            act()
    assert app.alerts.get(aid).row.status is AlertStatus.NEW
    assert [a for a, _ in _audit(app, aid)] == []


def test_unknown_alert(app: App, officer: OperatorRef) -> None:
    with pytest.raises(NotFound, match="No alert #999"):
        app.alerts.acknowledge(officer, 999)
    with pytest.raises(NotFound):
        app.alerts.get(999)


# ---- shelve -------------------------------------------------------------------------


def test_shelved_alert_comes_back_when_its_time_is_up(app: App, officer: OperatorRef,
                                                      clock: FakeClock,
                                                      tmp_path: Path) -> None:
    aid, other = _add(app, tmp_path, {"id": "S-1", "event": "One"},
                      {"id": "S-2", "event": "Two"})
    until = clock.now() + timedelta(minutes=45)
    detail = app.alerts.shelve(officer, aid, until)
    app.alerts.shelve(officer, other, until + timedelta(hours=2))
    assert detail.row.status is AlertStatus.SHELVED
    assert detail.row.shelved_until == until
    assert detail.shelved_by == officer.display_name
    assert app.alerts.next_unshelve_at() == until
    assert app.alerts.next_timer_at() == until
    assert app.alerts.counts().shelved == 2
    clock.advance(timedelta(minutes=44))
    assert app.alerts.due_returns() == []
    assert app.alerts.unshelve_due() == 0
    clock.advance(timedelta(minutes=1))
    assert app.alerts.due_returns() == [aid]
    assert app.alerts.unshelve_due() == 1
    back = app.alerts.get(aid)
    assert back.row.status is AlertStatus.NEW
    assert back.row.shelved_until is None
    assert back.updated_by == "Escalation engine"
    assert _audit(app, aid)[-1][0] == "unshelve"
    assert app.alerts.unshelve_due() == 0  # exactly once
    assert app.alerts.next_unshelve_at() == until + timedelta(hours=2)


def test_shelving_needs_a_sensible_time(app: App, officer: OperatorRef,
                                        tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    now = app.clock.now()
    with pytest.raises(ValidationError, match="until a time in the future"):
        app.alerts.shelve(officer, aid, now - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="at most 168 hours"):
        app.alerts.shelve(officer, aid, now + timedelta(days=8))
    with pytest.raises(ValidationError, match="time zone"):
        app.alerts.shelve(officer, aid, now.replace(tzinfo=None))


def test_acknowledging_a_shelved_alert_ends_the_shelving(app: App, officer: OperatorRef,
                                                         tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    app.alerts.shelve(officer, aid, app.clock.now() + timedelta(hours=1))
    detail = app.alerts.acknowledge(officer, aid)
    assert detail.row.shelved_until is None
    assert app.alerts.next_unshelve_at() is None


# ---- re-attention ---------------------------------------------------------------------


def test_acknowledged_alert_comes_back_to_attention(app: App, officer: OperatorRef,
                                                    clock: FakeClock, tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    app.alerts.acknowledge(officer, aid)
    acknowledged_at = clock.now()
    assert app.alerts.next_reattention_at() == acknowledged_at + timedelta(minutes=30)
    clock.advance(timedelta(minutes=29))
    assert app.alerts.reattention_due() == []
    assert app.alerts.run_timers() == 0
    clock.advance(timedelta(minutes=1))
    assert app.alerts.reattention_due() == [aid]
    assert app.alerts.run_timers() == 1
    detail = app.alerts.get(aid)
    assert detail.row.status is AlertStatus.NEW
    action, audit = _audit(app, aid)[-1]
    assert action == "reattention"
    assert json.loads(audit)["after_minutes"] == 30
    assert app.alerts.next_reattention_at() is None
    app.alerts.acknowledge(officer, aid)  # and it can be acknowledged again


def test_reattention_is_configurable_and_spares_resolved_and_promoted(
    app: App, officer: OperatorRef, clock: FakeClock, tmp_path: Path,
) -> None:
    app.alerts.reattention_after = timedelta(minutes=5)
    done, promoted, waiting = _add(
        app, tmp_path,
        {"id": "R-1", "event": "Resolved"},
        {"id": "R-2", "event": "Promoted", "grid": "XH-02"},
        {"id": "R-3", "event": "Waiting"})
    for aid in (done, waiting):
        app.alerts.acknowledge(officer, aid)
    app.alerts.resolve(officer, done)
    app.alerts.promote_to_case(officer, promoted)
    clock.advance(timedelta(minutes=5))
    assert app.alerts.reattention_due() == [waiting]
    assert app.alerts.mark_reattention() == 1
    app.alerts.reattention_after = None
    assert app.alerts.mark_reattention() == 0
    assert app.alerts.next_reattention_at() is None


# ---- resolve --------------------------------------------------------------------------


def test_resolve(app: App, officer: OperatorRef, tmp_path: Path) -> None:
    aid = _one(app, tmp_path)
    detail = app.alerts.resolve(officer, aid, note="False alarm: a cooking fire.")
    assert detail.row.status is AlertStatus.RESOLVED
    assert detail.resolved_by == officer.display_name
    assert detail.note == "False alarm: a cooking fire."
    assert app.alerts.list_alerts().rows == []
    for act in (lambda: app.alerts.resolve(officer, aid),
                lambda: app.alerts.acknowledge(officer, aid),
                lambda: app.alerts.shelve(officer, aid, app.clock.now() + timedelta(hours=1))):
        with pytest.raises(ValidationError, match="is resolved"):
            act()


# ---- promote to case ------------------------------------------------------------------


def test_promote_to_case_prefills_from_the_alert(app: App, officer: OperatorRef,
                                                 tmp_path: Path) -> None:
    aid = _one(app, tmp_path, headline="Smoke from a flat in Riverside North",
               description="Neighbours report smoke.", instruction="Send the fire brigade.",
               sender="iot@example.gov", area="Block 3")
    promotion = app.alerts.promote_to_case(officer, aid)
    case = promotion.case
    assert case.row.title == "Smoke from a flat in Riverside North"
    assert case.row.category is Category.FIRE
    assert case.row.severity is Severity.HIGH  # Severe
    assert case.row.grid_code == "XH-01"  # from the alert's point
    assert case.row.source is Source.ALERT
    assert case.location == "Block 3"
    assert case.reporter == "iot@example.gov"
    assert case.description.startswith("Neighbours report smoke.\n\nSend the fire brigade.")
    assert f"From alert #{aid}" in case.description
    alert = promotion.alert
    assert alert.row.case_id == case.row.id
    assert alert.row.case_reference == case.reference
    assert alert.row.status is AlertStatus.ACKNOWLEDGED
    assert _audit(app, aid)[-1] == ("promote", json.dumps(
        {"case": case.reference, "status": ["new", "acknowledged"]}, sort_keys=True))
    assert [e.action for e in app.cases.timeline(case.reference)] == ["report"]
    with pytest.raises(ValidationError, match=f"already linked to case {case.reference}"):
        app.alerts.promote_to_case(officer, aid)


def test_promote_with_choices_and_without_a_grid(app: App, officer: OperatorRef,
                                                 tmp_path: Path) -> None:
    aid = _one(app, tmp_path, lat=None, lon=None, severity="Extreme", category="Met",
               event="Typhoon warning")
    with pytest.raises(ValidationError, match="not in any grid cell"):
        app.alerts.promote_to_case(officer, aid)
    case = app.alerts.promote_to_case(officer, aid, grid="XH-09").case
    assert case.row.grid_code == "XH-09"
    assert case.row.category is Category.FLOOD  # Met + typhoon
    assert case.row.severity is Severity.CRITICAL
    other = _add(app, tmp_path, {"id": "P-2", "event": "Odd", "grid": "XH-02"})[0]
    chosen = app.alerts.promote_to_case(officer, other, title="My title", category="traffic",
                                        severity=4).case
    assert (chosen.row.title, chosen.row.category, chosen.row.severity) == (
        "My title", Category.TRAFFIC, Severity.LOW)
    bad = _add(app, tmp_path, {"id": "P-3", "event": "Odd", "grid": "XH-03"})[0]
    with pytest.raises(ValidationError, match="Unknown category 'arson'"):
        app.alerts.promote_to_case(officer, bad, category="arson")
    assert app.alerts.get(bad).row.case_id is None


@pytest.mark.parametrize(("cap", "event", "expected"), [
    ("Fire", "", Category.FIRE),
    ("CBRNE", "", Category.FIRE),
    ("Safety", "", Category.PUBLIC_SECURITY),
    ("Security", "", Category.PUBLIC_SECURITY),
    ("Rescue", "Child Abduction", Category.PUBLIC_SECURITY),
    ("Health", "", Category.PUBLIC_HEALTH),
    ("Transport", "", Category.TRAFFIC),
    ("Infra", "", Category.UTILITIES),
    ("Env", "", Category.ENVIRONMENT),
    ("Met", "Flood Warning", Category.FLOOD),
    ("Met", "暴雨橙色预警", Category.FLOOD),
    ("Met", "Wind", Category.OTHER),
    ("Geo", "Earthquake", Category.OTHER),
    ("Geo Fire", "Earthquake", Category.FIRE),
    ("Other", "", Category.OTHER),
    ("", "", Category.OTHER),
])
def test_cap_category_to_case_category(cap: str, event: str, expected: Category) -> None:
    assert case_category(cap, event) is expected


def test_cap_severity_to_case_severity() -> None:
    assert [case_severity(s) for s in ("Extreme", "Severe", "Moderate", "Minor", "Unknown",
                                       "")] == [1, 2, 3, 4, 4, 4]


# ---- the panel's queries --------------------------------------------------------------


def test_list_is_most_severe_first_then_newest(app: App, clock: FakeClock,
                                               tmp_path: Path) -> None:
    ids = {}
    for n, severity in enumerate(["Minor", "Extreme", "Unknown", "Extreme", "Moderate"]):
        clock.advance(timedelta(minutes=1))
        ids[n] = _add(app, tmp_path, {"id": f"L-{n}", "event": f"e{n}",
                                      "severity": severity})[0]
    rows = app.alerts.list_alerts().rows
    assert [r.id for r in rows] == [ids[3], ids[1], ids[4], ids[0], ids[2]]
    assert [r.severity_rank for r in rows] == [1, 1, 3, 4, 5]


def test_keyset_and_offset_pages_cover_everything_once(app: App, tmp_path: Path) -> None:
    _add(app, tmp_path, *({"id": f"K-{i}", "event": "k", "severity": ["Severe", "Minor"][i % 2]}
                          for i in range(23)))
    seen: list[int] = []
    cursor: AlertCursor | None = None
    for _ in range(10):
        page = app.alerts.list_alerts(limit=5, after=cursor)
        seen.extend(r.id for r in page.rows)
        if page.next is None:
            break
        cursor = page.next
    everything = [r.id for r in app.alerts.list_alerts(limit=100).rows]
    assert seen == everything
    assert len(seen) == 23
    by_offset = [r.id for r in app.alerts.list_alerts(limit=5, offset=5).rows]
    assert by_offset == everything[5:10]


def test_filters_and_live_matching(app: App, officer: OperatorRef, tmp_path: Path) -> None:
    a, b, c = _add(app, tmp_path,
                   {"id": "F-1", "source": "cctv", "event": "Crowd at the station",
                    "severity": "Severe"},
                   {"id": "F-2", "source": "iot", "event": "Gauge high", "severity": "Minor"},
                   {"id": "F-3", "source": "iot", "event": "Smoke", "severity": "Severe"})
    app.alerts.acknowledge(officer, c)
    flt = AlertFilter(severities=frozenset({"Severe"}))
    assert {r.id for r in app.alerts.list_alerts(flt).rows} == {a, c}
    flt = AlertFilter(statuses=frozenset({AlertStatus.NEW}), sources=frozenset({"iot"}))
    assert [r.id for r in app.alerts.list_alerts(flt).rows] == [b]
    flt = AlertFilter(text="STATION crowd")
    assert [r.id for r in app.alerts.list_alerts(flt).rows] == [a]
    rows = app.alerts.rows_by_ids([a, b, c, 12345])
    for f in (AlertFilter(), AlertFilter(severities=frozenset({"Severe"})),
              AlertFilter(statuses=frozenset({AlertStatus.NEW}), sources=frozenset({"iot"})),
              AlertFilter(text="station"), AlertFilter(statuses=frozenset())):
        assert {r.id for r in rows if f.matches(r)} == \
            {r.id for r in app.alerts.list_alerts(f).rows}


def test_counts_of_new_alerts_by_severity(app: App, officer: OperatorRef,
                                          tmp_path: Path) -> None:
    ids = _add(app, tmp_path, *({"id": f"C-{i}", "event": "c", "severity": s}
                                for i, s in enumerate(["Extreme", "Extreme", "Severe",
                                                       "Minor", "Unknown"])))
    app.alerts.acknowledge(officer, ids[0])
    app.alerts.shelve(officer, ids[3], app.clock.now() + timedelta(hours=1))
    counts = app.alerts.counts()
    assert counts.new_by_severity == {"Extreme": 1, "Severe": 1, "Moderate": 0, "Minor": 0,
                                      "Unknown": 1}
    assert counts.new_total == 3
    assert (counts.acknowledged, counts.shelved) == (1, 1)


def test_the_change_feed_names_imported_and_changed_alerts(app: App, officer: OperatorRef,
                                                           tmp_path: Path) -> None:
    start = app.changes.latest_seq()
    aid = _one(app, tmp_path)
    app.alerts.acknowledge(officer, aid)
    events = [(e.entity, e.entity_id, e.op) for e in app.changes.since(start)]
    assert events == [("alert", aid, "insert"), ("alert", aid, "update")]
    assert [r.id for r in app.alerts.rows_by_ids([aid])] == [aid]


def test_escalation_alerts_get_their_rank_from_the_database(app: App) -> None:
    now = app.clock.now()
    with app.db.write.begin() as s:
        s.execute(insert(Alert), [{
            "source": "escalation", "dedup_key": f"escalation:test:{sev}", "received_at": now,
            "last_seen_at": now, "severity": sev, "event": sev} for sev in
            ("Moderate", "Extreme", "Severe")])
    assert [(r.severity, r.severity_rank) for r in app.alerts.list_alerts().rows] == [
        ("Extreme", 1), ("Severe", 2), ("Moderate", 3)]


def test_migration_from_0002_ranks_existing_alerts(db_url: str, clock: FakeClock) -> None:
    db = Database(db_url)
    try:
        config = alembic_config()
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0002")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO alerts (source, external_id, dedup_key, sender, received_at, "
                "cap_status, msg_type, scope, event, category, urgency, severity, certainty, "
                "headline, description, instruction, area_desc, geometry, status, "
                "repeat_count, last_seen_at, raw, version) VALUES ('escalation', '', 'k', '', "
                ":now, 'Actual', 'Alert', 'Private', 'e', '', 'Unknown', 'Severe', 'Unknown', "
                "'', '', '', '', '{}', 'new', 1, :now, '', 1)"), {"now": clock.now()})
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with db.engine.connect() as conn:
            row = conn.execute(text(
                "SELECT severity_rank, note, infos, language FROM alerts")).one()
        assert tuple(row) == (2, "", "[]", "")
    finally:
        db.close()


def test_detail_carries_raw_payload_and_applied_messages(app: App) -> None:
    for name in ("cap_chain_1_alert.xml", "cap_chain_2_update.xml"):
        app.importer.import_file(DATA / name)
    (row,) = app.alerts.list_alerts().rows
    detail = app.alerts.get(row.id)
    assert "<identifier>XH-FLOOD-0001</identifier>" in detail.raw
    assert [(m.msg_type, m.external_id) for m in detail.messages] == [
        ("Update", "XH-FLOOD-0002")]
    assert detail.references.startswith("water.xihu@example.gov,XH-FLOOD-0001,")
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Alert)) == 2
