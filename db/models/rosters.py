"""Roster tables: team members, qualifications, shifts, rotations and case assignments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Team(Base):
    """An emergency or service team that cases are dispatched to."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    base_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    min_staffing: Mapped[int] = mapped_column(Integer, default=1)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", use_alter=True, name="fk_teams_leader_id_members"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Qualification(Base):
    """A skill a dispatch can require: first aid, rope rescue, hazmat, mediator, driver…"""

    __tablename__ = "qualifications"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))


class Member(Base):
    """A person on a team, with a live availability."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Where an e-mail page reaches them (migration 0018), from the roster sheet.
    email: Mapped[str] = mapped_column(String(254), server_default="")
    # available | on_task | off_duty | leave
    availability: Mapped[str] = mapped_column(String(16), default="available")
    availability_since: Mapped[datetime] = mapped_column(UTCDateTime)
    current_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_members_team_availability", "team_id", "availability"),)


class MemberQualification(Base):
    __tablename__ = "member_qualifications"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                           primary_key=True)
    qualification: Mapped[str] = mapped_column(ForeignKey("qualifications.code"),
                                               primary_key=True)

    __table_args__ = (Index("ix_member_qualifications_qualification", "qualification"),)


class Rotation(Base):
    """A pattern shifts are generated from: crews on fixed-length shifts, or a weekly
    on-call rotation. ``pattern`` is JSON (documented in console/rosters)."""

    __tablename__ = "rotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(120))
    pattern: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Shift(Base):
    """A stretch of duty (or on-call) of some of a team's members."""

    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    rotation_id: Mapped[int | None] = mapped_column(ForeignKey("rotations.id"))
    kind: Mapped[str] = mapped_column(String(12), default="duty")  # duty | on_call
    crew: Mapped[str] = mapped_column(String(32), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set once the readiness check raised its alert for this shift (never twice).
    readiness_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_shifts_team_starts", "team_id", "starts_at"),
        Index("ix_shifts_starts_ends", "starts_at", "ends_at"),
    )


class ShiftMember(Base):
    __tablename__ = "shift_members"

    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"),
                                          primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)

    __table_args__ = (Index("ix_shift_members_member", "member_id"),)


class CaseAssignment(Base):
    """Members sent on a case: on task from dispatch until the case is resolved."""

    __tablename__ = "case_assignments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_case_assignments_case", "case_id"),
        Index("ix_case_assignments_member", "member_id", "released_at"),
    )
