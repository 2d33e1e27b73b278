"""Joint handling (issue 22): assisting teams' parts, callbacks to citizens, and the daily
counts the joint-handling KPIs add up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class CasePart(Base):
    """An assisting team's part (协办) of a case: summoned by a dispatch or a whistle, it
    reports in, then reports its part done (or the coordinator waives it)."""

    __tablename__ = "case_parts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    text: Mapped[str] = mapped_column(String(200), default="")
    # summoned | reported | done | waived
    state: Mapped[str] = mapped_column(String(12))
    whistle: Mapped[bool] = mapped_column(default=False)
    summoned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("case_id", "team_id"),
        # The board's team filter: the cases a team assists, from the index alone.
        Index("ix_case_parts_team_case", "team_id", "case_id"),
    )


class CaseCallback(Base):
    """One callback (回访) to the citizen after a close: due by a deadline, then recorded
    with the citizen's view of the result."""

    __tablename__ = "case_callbacks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id"))
    round: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # satisfied | basic | dissatisfied (NULL while pending)
    satisfaction: Mapped[str | None] = mapped_column(String(12))
    resolved: Mapped[bool | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("case_id", "round"),
        Index("ix_case_callbacks_pending", "case_id", "done_at"),
    )


class JointDaily(Base):
    """Joint-handling counts per day of the center (epoch seconds of its midnight in the
    center's time zone), grid and team
    (0: none), each under the day of its own event; written in the transaction of the
    step that caused it, so the KPIs add up days instead of scanning cases."""

    __tablename__ = "joint_daily"

    day_s: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    grid_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    team_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    dispatched: Mapped[int] = mapped_column(Integer, default=0)  # dispatches as lead
    whistled: Mapped[int] = mapped_column(Integer, default=0)  # summoned by a whistle
    reported_in: Mapped[int] = mapped_column(Integer, default=0)
    report_in_s: Mapped[int] = mapped_column(BigInteger, default=0)  # sum, summons→report
    returned_jurisdiction: Mapped[int] = mapped_column(Integer, default=0)
    returned_address: Mapped[int] = mapped_column(Integer, default=0)
    returned_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    returned_information: Mapped[int] = mapped_column(Integer, default=0)
    ruled: Mapped[int] = mapped_column(Integer, default=0)  # disputes ruled to this team
    parts_finished: Mapped[int] = mapped_column(Integer, default=0)  # done or waived
    parts_on_time: Mapped[int] = mapped_column(Integer, default=0)
    callbacks_due: Mapped[int] = mapped_column(Integer, default=0)  # callbacks created
    callbacks_done: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    basic: Mapped[int] = mapped_column(Integer, default=0)
    dissatisfied: Mapped[int] = mapped_column(Integer, default=0)
    resolved_yes: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_joint_daily_team_day", "team_id", "day_s"),
        Index("ix_joint_daily_grid_day", "grid_id", "day_s"),
    )
