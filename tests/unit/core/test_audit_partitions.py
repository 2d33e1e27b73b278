"""The audit log partitioned by year on PostgreSQL (migration 0024, db/partitions.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import Role
from db.partitions import DEFAULT_PARTITION, ensure_audit_years, existing_years
from tests.pg_only import fresh_pg_database


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from fresh_pg_database()


def _where(app: App, entity_id: int) -> list[str]:
    with app.db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(
            "SELECT tableoid::regclass::text FROM audit_log WHERE entity_id = :i "
            "ORDER BY id"), {"i": entity_id})]


def test_entries_land_in_their_years_partition_and_stay_append_only(
        pg_url: str, clock: FakeClock) -> None:
    app = open_app(pg_url, clock)
    try:
        app.operators.create_first_admin("admin", "Admin", "long-enough-pw-1")
        with app.db.engine.connect() as conn:
            # Opening made this year's and next year's partitions.
            assert {2026, 2027} <= existing_years(conn)
            assert _where(app, app.operators.get("admin").id) == ["audit_log_y2026"]
        with app.db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO audit_log (at, operator_id, entity, entity_id, action, detail) "
                "VALUES ('2019-05-01 08:00+00', 1, 'case', 9, 'report', '{}')"))
        assert _where(app, 9) == [DEFAULT_PARTITION]  # no 2019 partition: kept, not lost
        for statement in ("UPDATE audit_log SET action = 'x'",
                          "DELETE FROM audit_log_y2026",
                          "TRUNCATE audit_log"):
            with pytest.raises(DBAPIError, match="append-only"), \
                    app.db.engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        app.close()


def test_a_year_with_entries_in_the_default_partition_is_left_there(
        pg_url: str, clock: FakeClock) -> None:
    app = open_app(pg_url, clock)
    try:
        app.operators.create_first_admin("admin", "Admin", "long-enough-pw-1")
        with app.db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO audit_log (at, operator_id, entity, entity_id, action, detail) "
                "VALUES ('2030-05-01 08:00+00', 1, 'case', 7, 'report', '{}')"))
        with app.db.engine.begin() as conn:
            assert ensure_audit_years(conn, [2029, 2030]) == [2029]
        assert _where(app, 7) == [DEFAULT_PARTITION]
    finally:
        app.close()


def test_a_closed_year_is_archived_by_detaching_its_partition(pg_url: str) -> None:
    """The README's archive procedure: the year's entries leave the log whole; the other
    years' stay, and new entries keep their ids rising."""
    clock = FakeClock(datetime(2025, 12, 31, 20, 0, tzinfo=UTC))
    app = open_app(pg_url, clock)
    app.operators.create_first_admin("admin", "Admin", "long-enough-pw-1")
    app.close()
    clock.set(datetime(2026, 1, 2, 8, 0, tzinfo=UTC))
    app = open_app(pg_url, clock)
    try:
        app.act_as("admin")
        app.operators.create(app.operator, "duty", "Duty Officer", Role.DUTY_OFFICER)
        with app.db.engine.begin() as conn:
            years = conn.execute(text(
                "SELECT extract(year FROM at AT TIME ZONE 'UTC')::int, max(id) "
                "FROM audit_log GROUP BY 1 ORDER BY 1")).all()
            assert [y for y, _ in years] == [2025, 2026]
            conn.execute(text("ALTER TABLE audit_log DETACH PARTITION audit_log_y2025"))
            left = conn.execute(text(
                "SELECT DISTINCT extract(year FROM at AT TIME ZONE 'UTC')::int "
                "FROM audit_log")).scalars().all()
            archived = conn.execute(text("SELECT count(*) FROM audit_log_y2025")).scalar()
        assert left == [2026]
        assert archived is not None
        assert archived > 0
        app.operators.create(app.operator, "duty2", "Second Officer", Role.DUTY_OFFICER)
        with app.db.engine.connect() as conn:
            newest = conn.execute(text("SELECT max(id) FROM audit_log")).scalar()
        assert newest is not None
        assert newest > years[-1][1]
    finally:
        app.close()


def test_a_populated_database_keeps_its_entries_through_the_partitioning(
        pg_url: str, clock: FakeClock) -> None:
    from alembic import command

    from db.engine import make_engine
    from db.migrate import alembic_config

    engine = make_engine(pg_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0023")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO operators (username, display_name, role, active, created_at) "
            "VALUES ('old', 'Old hand', 'duty_officer', true, '2024-01-01 00:00+00')"))
        conn.execute(text(
            "INSERT INTO audit_log (at, operator_id, entity, entity_id, action, detail) "
            "SELECT t, 1, 'operator', 1, 'note', '{}' FROM (VALUES "
            "('2024-03-01 00:00+00'::timestamptz), ('2025-07-01 00:00+00')) v(t)"))
    engine.dispose()
    app = open_app(pg_url, clock)
    try:
        with app.db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, tableoid::regclass::text FROM audit_log ORDER BY id")).all()
        assert [r[1] for r in rows] == ["audit_log_y2024", "audit_log_y2025"]
        assert [r[0] for r in rows] == [1, 2]
    finally:
        app.close()
