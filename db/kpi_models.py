"""KPI facts: one narrow row per closed case, written when the case closes (issue 7).

Times are epoch seconds (UTC) so that period sums, day buckets and percentiles are
integer arithmetic in both SQLite and PostgreSQL. Open cases have no row here: the KPI
service reads them live from ``cases`` and ``deadlines`` (about 1% of the cases).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, BigId


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
        Index("ix_case_facts_closed", "closed_s"),
        Index("ix_case_facts_due", "due_s"),
        Index("ix_case_facts_reported", "reported_s"),
        Index("ix_case_facts_esc1", "esc1_s"),
    )
