"""Adding sums to keyed rows in bulk (``db.bulk.add_rows``): what the KPI day rows and
running totals are kept with. A city's seed adds thousands of keys at once, which
PostgreSQL takes through COPY into a staging table; a live closure adds a few by
executemany. Both must add, never replace, and insert keys they have not seen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.app import App
from db import bulk
from db.models.kpis import KpiGridTotal

SUMS = ("registered", "closed", "ttc_sum")


def _totals(app: App) -> dict[int, tuple[int, int, int]]:
    with app.db.read() as s:
        return {g: (r, c, t) for g, r, c, t in s.execute(select(
            KpiGridTotal.grid_id, KpiGridTotal.registered, KpiGridTotal.closed,
            KpiGridTotal.ttc_sum))}


@pytest.mark.parametrize("keys", [3, 2_500], ids=["few", "many"])
def test_rows_add_to_their_keys_and_new_keys_are_inserted(app: App, keys: int) -> None:
    first = [(g, 1, g % 3, 10 * g) for g in range(1, keys + 1)]
    with app.db.write.begin() as s:
        bulk.add_rows(s.connection(), "kpi_grid_totals", ("grid_id",), SUMS, first)
    more = [(g, 2, 1, 5) for g in range(keys // 2, keys + 3)]  # half known, three new
    with app.db.write.begin() as s:
        bulk.add_rows(s.connection(), "kpi_grid_totals", ("grid_id",), SUMS, more)
    got = _totals(app)
    assert len(got) == keys + 2
    for g in range(1, keys + 3):
        want = (1, g % 3, 10 * g) if g <= keys else (0, 0, 0)
        if g >= keys // 2:
            want = (want[0] + 2, want[1] + 1, want[2] + 5)
        assert got[g] == want, g
    # The staging table is emptied with each batch: a third batch adds only itself.
    with app.db.write.begin() as s:
        bulk.add_rows(s.connection(), "kpi_grid_totals", ("grid_id",), SUMS, first)
        bulk.add_rows(s.connection(), "kpi_grid_totals", ("grid_id",), SUMS, first)
    assert _totals(app)[1][0] == 1 + 2 * 1 + (2 if keys // 2 <= 1 else 0)
