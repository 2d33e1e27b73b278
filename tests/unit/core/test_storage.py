"""Storage guarantees: migrations match the models, SQLite is set up safely, times are UTC."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from console.app import App, open_app
from console.clock import FakeClock, SystemClock
from db.migrate import current_revision, head_revision
from db.models import Base
from db.partitions import (
    POSTGRES_DROPPED_FOREIGN_KEYS,
    POSTGRES_ONLY_INDEXES,
    is_partition_name,
)
from db.types import UTCDateTime, sqlite_text
from tests.pg_only import postgres_only


def _described_by_models(obj: object, name: str | None, type_: str, reflected: bool,
                         compare_to: object) -> bool:
    """What the models describe: PostgreSQL's audit-log partitioning (migration 0024) adds
    a BRIN index and drops one foreign key that the models, shared with SQLite, keep."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    if is_partition_name(str(table)):
        return False  # each partition mirrors audit_log, which is compared
    if type_ == "index" and name in POSTGRES_ONLY_INDEXES:
        return False
    return not (type_ == "foreign_key_constraint" and name in POSTGRES_DROPPED_FOREIGN_KEYS)


@pytest.mark.fresh_database  # the migrations themselves, from an empty database
def test_upgrade_head_leaves_no_autogenerate_diff(empty_app: App) -> None:
    with empty_app.db.engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        opts = {"include_object": _described_by_models} if postgres else {}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []
    assert current_revision(empty_app.db.engine) == head_revision()


def test_migrations_import_no_application_code() -> None:
    """A migration is history: it never imports the models or services that change later
    (what it needs is copied into it)."""
    versions = Path(__file__).resolve().parents[3] / "db" / "migrations" / "versions"
    found = []
    for path in sorted(versions.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names
                      if n.split(".")[0] in {"db", "console", "widgets", "api"}]
    assert not found


def test_head_revision_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


@postgres_only
def test_a_city_s_cases_are_vacuumed_often_and_with_their_indexes(empty_app: App) -> None:
    """PostgreSQL: the open cases' counts stay index-only scans only while their pages are
    marked visible; ``cases`` is vacuumed after 0.5 % of it changed, index pass always."""
    with empty_app.db.engine.connect() as conn:
        options = conn.execute(text(
            "SELECT reloptions FROM pg_class WHERE relname = 'cases'")).scalar()
    assert set(options or []) >= {"autovacuum_vacuum_scale_factor=0.005",
                                  "autovacuum_vacuum_threshold=1000",
                                  "vacuum_index_cleanup=on"}


def test_open_twice_is_idempotent(db_url: str, clock: FakeClock) -> None:
    open_app(db_url, clock).close()
    app = open_app(db_url, clock)
    assert current_revision(app.db.engine) == head_revision()
    app.close()


@pytest.fixture
def sqlite_app(tmp_path: Path, clock: FakeClock) -> App:
    return open_app(f"sqlite:///{tmp_path / 'wr.sqlite'}", clock)


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(sqlite_app: App) -> None:
    with sqlite_app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_synchronous_full_is_configurable(tmp_path: Path, clock: FakeClock,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHROOM_SQLITE_SYNCHRONOUS", "FULL")
    app = open_app(f"sqlite:///{tmp_path / 'full.sqlite'}", clock)
    with app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    app.close()


def test_foreign_keys_are_enforced(empty_app: App) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), empty_app.db.write.begin() as s:
        s.execute(text(
            "INSERT INTO teams (code, name_en, name_zh, kind, base_grid_id, min_staffing, "
            "version) VALUES ('X', 'x', 'x', 'rescue', 999, 1, 1)"))


def test_times_are_stored_as_utc_and_read_back_aware(app: App, clock: FakeClock) -> None:
    shanghai = timezone(timedelta(hours=8))
    clock.set(datetime(2026, 11, 22, 9, 30, tzinfo=shanghai))
    case = app.cases.report(app.operator, title="Fallen tree", category="environment",
                            severity=3, grid="XH-07")
    assert case.row.reported_at == datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
    assert case.row.reported_at.tzinfo is UTC
    with app.db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT reported_at FROM cases").scalar()
    if app.db.dialect == "sqlite":
        assert str(stored).startswith("2026-11-22 01:30:00")  # naive UTC text
    else:
        assert stored == datetime(2026, 11, 22, 1, 30, tzinfo=UTC)  # timestamptz


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), None)  # type: ignore[arg-type]  # noqa: DTZ001


@pytest.mark.parametrize("when", [
    datetime(2026, 11, 22, 8, 0, tzinfo=UTC),
    datetime(2026, 11, 22, 8, 0, 5, 123456, tzinfo=UTC),
    datetime(2026, 11, 22, 2, 30, 1, tzinfo=timezone(timedelta(hours=8))),
    datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
])
def test_bulk_time_text_is_what_sqlalchemy_stores_on_sqlite(when: datetime) -> None:
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    column = UTCDateTime().dialect_impl(dialect)
    stored = column.bind_processor(dialect)(when)  # type: ignore[misc]
    assert sqlite_text(when) == stored
    with pytest.raises(ValueError, match="naive"):
        sqlite_text(datetime(2026, 1, 1))  # noqa: DTZ001


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    first = clock.now()
    assert clock.now() == first
    clock.advance(timedelta(minutes=5))
    assert clock.now() - first == timedelta(minutes=5)
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(datetime(2026, 1, 1))  # noqa: DTZ001
    assert SystemClock().now().tzinfo is UTC


def test_first_local_operator_becomes_admin_then_strangers_are_refused(
        empty_app: App) -> None:
    from console.core.domain import Role
    from console.core.errors import NotFound

    first = empty_app.operators.local_operator("duty.lead")
    assert first.role is Role.ADMIN
    with pytest.raises(NotFound, match="No operator named 'stranger'"):
        empty_app.operators.local_operator("stranger")


def test_database_file_lands_in_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from console.app import default_db_url

    monkeypatch.setenv("WATCHROOM_DATA_DIR", str(tmp_path / "wr"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'wr' / 'watchroom.sqlite'}"
    monkeypatch.setenv("WATCHROOM_DB_URL", "postgresql+psycopg://h/db")
    assert default_db_url() == "postgresql+psycopg://h/db"


def test_a_populated_database_upgrades_from_the_first_schema(tmp_path: Path,
                                                            clock: FakeClock) -> None:
    """Later migrations rebuild tables on SQLite; rows and references must survive."""
    from alembic import command

    from db.engine import make_engine
    from db.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    # The first schema's rows, written in its own terms (today's loaders write today's).
    ring = "[[120.15, 30.29], [120.16, 30.29], [120.16, 30.30], [120.15, 30.29]]"
    with engine.begin() as conn:
        for n in range(1, 4):
            conn.exec_driver_sql(
                "INSERT INTO grids (code, name_en, name_zh, community_en, community_zh, "
                "households, polygon) VALUES (?, ?, ?, '', '', 100, ?)",
                (f"XH-0{n}", f"Grid {n}", f"网格{n}", ring))
        conn.exec_driver_sql(
            "INSERT INTO operators (username, display_name, role, active, created_at) "
            "VALUES ('old', 'Old hand', 'duty_officer', 1, '2026-01-01 00:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO cases (reference, title, description, location, reporter, category,"
            " severity, source, grid_id, stage, pause_reason, paused_seconds, rework_count,"
            " reported_at, created_by_id, updated_by_id, updated_at, version) VALUES "
            "('C-2026-000001', 'Old case', '', '', '', 'fire', 2, 'hotline', 1, 'reported',"
            " '', 0, 0, '2026-01-01 00:00:00', 1, 1, '2026-01-01 00:00:00', 1)")
        conn.exec_driver_sql(
            "INSERT INTO audit_log (at, operator_id, entity, entity_id, action, detail) "
            "VALUES ('2026-01-01 00:00:00', 1, 'case', 1, 'report', '{}')")
    engine.dispose()
    app = open_app(url, clock)
    assert current_revision(app.db.engine) == head_revision()
    case = app.cases.get("C-2026-000001")
    assert case.row.title == "Old case"
    assert [e.action for e in app.cases.timeline("C-2026-000001")] == ["report"]
    with app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    # The grids' ring became their whole shape.
    assert app.territory.grid_shape("XH-01").geom_type == "MultiPolygon"
    app.close()
