"""For PostgreSQL-only tests: a fresh database, skipped without a server, except under
``CI=true``, where a missing server fails the test (as in ``tests/conftest.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pg_databases import temporary_database


def fresh_pg_database() -> Iterator[str]:
    server = os.environ.get("WATCHROOM_TEST_PG_URL", "")
    if not server:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true but WATCHROOM_TEST_PG_URL is not set: PostgreSQL is required")
        pytest.skip("no PostgreSQL server: set WATCHROOM_TEST_PG_URL "
                    "(scripts/test-postgres.sh starts one)")
    with temporary_database(server) as url:
        yield url
