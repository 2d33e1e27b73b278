"""Shared fixtures: a fake clock, an app on a fresh database with the demo district."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.app import App, open_app
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from db.demo.district_loader import load_district
from tests.migrated_databases import SQLITE_NAME, MigratedTemplates
from tests.pg_only import NO_SERVER, PG_URL, POSTGRES_BACKEND

# A Sunday morning shift in Hangzhou (UTC+8): 08:00 local.
START = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A test that ran in Chinese (an in-process ``main.py --lang zh_CN``, a switch in the
    View menu) leaves this process's Qt in English: every later test expects English."""
    yield
    i18n = sys.modules.get("widgets.shell.i18n")
    if i18n is not None and i18n.current_language() != i18n.ENGLISH:
        i18n.install_language(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data directory or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WATCHROOM_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("WATCHROOM_DB_URL", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


BACKENDS = [pytest.param("sqlite", id="sqlite"), POSTGRES_BACKEND]


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    """This test process's databases at the newest schema (tests/migrated_databases.py)."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("migrated"), PG_URL)
    yield templates
    templates.close()


def _gets_migrated_copy(request: pytest.FixtureRequest) -> bool:
    """A test whose app opens its database (``empty_app``, ``app``) starts from a copy of
    one already migrated; a test of ``db_url`` alone, or marked ``fresh_database``, from an
    empty one."""
    return ("empty_app" in request.fixturenames
            and request.node.get_closest_marker("fresh_database") is None)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database per test, on each backend: empty, or, for a test with an app, a
    copy of one migrated to the newest schema (what opening the empty one would make).

    SQLite: a file, not :memory:, so other processes can open it. PostgreSQL: a new
    database on the server named by WATCHROOM_TEST_PG_URL, dropped afterwards (``make
    test`` starts one when none is named); without a server the test fails.
    """
    migrated = _gets_migrated_copy(request)
    if request.param == "sqlite":
        path = tmp_path / SQLITE_NAME
        if migrated:
            request.getfixturevalue("migrated_templates").copy_sqlite(path)
        yield f"sqlite:///{path}"
        return
    if not PG_URL:
        pytest.fail(NO_SERVER)
    from tests.pg_databases import temporary_database

    template = request.getfixturevalue("migrated_templates").pg_template() if migrated else None
    with temporary_database(PG_URL, template) as url:
        yield url


@pytest.fixture
def empty_app(db_url: str, clock: FakeClock) -> Iterator[App]:
    app = open_app(db_url, clock)
    yield app
    app.close()


@pytest.fixture
def app(empty_app: App, clock: FakeClock) -> App:
    """An app on the demo district (30 grids in 8 communities of one district, 8 operators,
    15 teams), acting as a duty officer. It runs for most tests, so it takes the fast path
    from the demo center bundle's files (db/demo/district_loader.py), which
    tests/unit/center/test_demo_bundle.py checks against ``center import``."""
    load_district(empty_app.db, clock.now())
    empty_app.district.invalidate()
    officer = next(o for o in empty_app.operators.list() if o.role is Role.DUTY_OFFICER)
    empty_app.act_as(officer.username)
    return empty_app


@pytest.fixture
def officer(app: App) -> OperatorRef:
    return app.operator


@pytest.fixture
def reviewer(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.REVIEWER)
