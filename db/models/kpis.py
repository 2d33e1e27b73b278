"""KPI facts: one narrow row per closed case, written when the case closes (issue 7).

Times are epoch seconds (UTC) so that period sums, day buckets and percentiles are
integer arithmetic in both SQLite and PostgreSQL. Open cases have no row here: the KPI
service reads them live from ``cases`` and ``deadlines`` (about 1% of the cases).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId


class CaseFact(Base):
    """What the KPIs need of a closed case, frozen at its close."""

    __tablename__ = "case_facts"

    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id"), primary_key=True,
                                         autoincrement=False)
    grid_id: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int | None] = mapped_column(Integer)
    reported_s: Mapped[int] = mapped_column(BigInteger)
    registered_s: Mapped[int | None] = mapped_column(BigInteger)
    closed_s: Mapped[int] = mapped_column(BigInteger)
    # The last resolution (the one verified and closed) and the resolve deadline's due
    # time, paused time added (NULL when the case had no resolve deadline).
    resolved_s: Mapped[int | None] = mapped_column(BigInteger)
    due_s: Mapped[int | None] = mapped_column(BigInteger)
    # 1 when resolved_s <= due_s, 0 when later, NULL without a due time.
    on_time: Mapped[int | None] = mapped_column(SmallInteger)
    # closed − reported − paused, wall-clock seconds.
    ttc_s: Mapped[int] = mapped_column(BigInteger)
    rework: Mapped[int] = mapped_column(SmallInteger, default=0)
    # When the case first reached escalation level 1, 2, 3 (any of its deadlines).
    esc1_s: Mapped[int | None] = mapped_column(BigInteger)
    esc2_s: Mapped[int | None] = mapped_column(BigInteger)
    esc3_s: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        # Edges of a period (part days) and the dashboard's buckets: index ranges.
        Index("ix_case_facts_closed", "closed_s"),
        Index("ix_case_facts_due", "due_s"),
        Index("ix_case_facts_reported", "reported_s"),
        Index("ix_case_facts_registered", "registered_s", "closed_s"),
        Index("ix_case_facts_esc1", "esc1_s"),
        Index("ix_case_facts_esc2", "esc2_s"),
        Index("ix_case_facts_esc3", "esc3_s"),
        # The 90th percentile of a long period: an OFFSET walk of one covering index per
        # grid/team (or overall), instead of sorting every closed case.
        Index("ix_case_facts_ttc", "ttc_s", "closed_s"),
        Index("ix_case_facts_grid_ttc", "grid_id", "ttc_s", "closed_s"),
        Index("ix_case_facts_team_ttc", "team_id", "ttc_s", "closed_s"),
    )


class KpiDaily(Base):
    """Counts per UTC day, grid and team (0: none), each under the day of its own event:
    registrations under the registration's day, closures (and their time to close and
    rework) under the close's, fallen deadlines (and on-time closes) under the due day,
    escalations under the day each level was reached. Added to in the closing
    transaction; a long period sums these rows and reads only its part days from
    ``case_facts``."""

    __tablename__ = "kpi_daily"

    day_s: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    grid_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    team_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    registered: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    ttc_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    reworked: Mapped[int] = mapped_column(Integer, default=0)
    due: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    esc1: Mapped[int] = mapped_column(Integer, default=0)
    esc2: Mapped[int] = mapped_column(Integer, default=0)
    esc3: Mapped[int] = mapped_column(Integer, default=0)


class _RunningTotals:
    """The sums of every ``kpi_daily`` row of one key, kept beside them: a period that
    starts before the first day reads these minus the days after its end (a city's
    whole history: 160,000 rows instead of one per grid and day)."""

    registered: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    closed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    ttc_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    reworked: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    due: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    on_time: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    esc1: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    esc2: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    esc3: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class KpiGridTotal(_RunningTotals, Base):
    """Every day row of one grid added up (all its teams)."""

    __tablename__ = "kpi_grid_totals"

    grid_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class KpiTeamTotal(_RunningTotals, Base):
    """Every day row of one team (0: cases without a team) added up (all its grids)."""

    __tablename__ = "kpi_team_totals"

    team_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
