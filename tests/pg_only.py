"""For PostgreSQL-only tests: a fresh database, skipped without a server, except under
``CI=true``, where a missing server fails the test (as in ``tests/conftest.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pg_databases import temporary_database

PG_URL = os.environ.get("WATCHROOM_TEST_PG_URL", "")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The PostgreSQL value of the ``db_url`` fixture (tests/conftest.py): skipped without a
# server, except under CI=true, where the fixture fails instead.
POSTGRES_BACKEND = pytest.param(
    "postgresql",
    id="postgresql",
    marks=pytest.mark.skipif(
        not PG_URL and not IN_CI,
        reason="no PostgreSQL server: set WATCHROOM_TEST_PG_URL "
        "(scripts/test-postgres.sh starts one)",
    ),
)
# For a test of what only PostgreSQL has (notifications, races SQLite's write lock
# rules out): the ``db_url`` fixture on PostgreSQL alone, no SQLite half to skip.
postgres_only = pytest.mark.parametrize("db_url", [POSTGRES_BACKEND], indirect=True)


def fresh_pg_database() -> Iterator[str]:
    server = PG_URL
    if not server:
        if IN_CI:
            pytest.fail("CI=true but WATCHROOM_TEST_PG_URL is not set: PostgreSQL is required")
        pytest.skip("no PostgreSQL server: set WATCHROOM_TEST_PG_URL "
                    "(scripts/test-postgres.sh starts one)")
    with temporary_database(server) as url:
        yield url
