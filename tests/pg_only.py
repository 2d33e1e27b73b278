"""For PostgreSQL-only tests: a fresh database on the server named by
``WATCHROOM_TEST_PG_URL`` (``make test`` starts one when none is named); without one the
test fails, as in ``tests/conftest.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pg_databases import temporary_database

PG_URL = os.environ.get("WATCHROOM_TEST_PG_URL", "")
NO_SERVER = ("no PostgreSQL server: run the tests with `make test` (it starts one), or set "
             "WATCHROOM_TEST_PG_URL (eval \"$(bash scripts/test-postgres.sh)\")")

# The PostgreSQL value of the ``db_url`` fixture (tests/conftest.py).
POSTGRES_BACKEND = pytest.param("postgresql", id="postgresql")
# For a test of what only PostgreSQL has (notifications, races SQLite's write lock
# rules out): the ``db_url`` fixture on PostgreSQL alone, no SQLite half to skip.
postgres_only = pytest.mark.parametrize("db_url", [POSTGRES_BACKEND], indirect=True)


def fresh_pg_database() -> Iterator[str]:
    if not PG_URL:
        pytest.fail(NO_SERVER)
    with temporary_database(PG_URL) as url:
        yield url
