"""Hazard registry tables: registered risk sources and their inspection history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Hazard(Base):
    """A registered hazard source with its 5×5 risk assessment and inspection cycle."""

    __tablename__ = "hazards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))
    location: Mapped[str] = mapped_column(String(200), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    responsible_unit: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    surroundings: Mapped[str] = mapped_column(Text, default="")
    controls: Mapped[str] = mapped_column(Text, default="")
    likelihood: Mapped[int] = mapped_column(SmallInteger)
    severity: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
    level: Mapped[str] = mapped_column(String(12))  # low | medium | high | extreme
    status: Mapped[str] = mapped_column(String(12), default="active")
    inspection_interval_days: Mapped[int] = mapped_column(Integer)
    next_inspection_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_inspected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_hazards_status_matrix", "status", "likelihood", "severity"),
        Index("ix_hazards_grid", "grid_id"),
        Index("ix_hazards_next_inspection", "next_inspection_due"),
    )


class Inspection(Base):
    """One inspection of a hazard: who, what they found, photos, the reassessment."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazards.id"))
    inspected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    inspector: Mapped[str] = mapped_column(String(120))
    findings: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of file paths
    likelihood: Mapped[int] = mapped_column(SmallInteger)
    severity: Mapped[int] = mapped_column(SmallInteger)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_inspections_hazard_at", "hazard_id", "inspected_at"),)
