"""The gazetteer: the center's door-plate addresses (门牌地址) and where each one is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime


class Address(Base):
    """One door-plate address (``和平路12号``) at a WGS84 point, and the grid holding it.

    The address text is the key: a re-imported registry moves a known address to its new
    point instead of adding it twice. ``grid_id`` is the grid whose cell held the point
    when it was imported (None only for rows written before a territory existed).
    """

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    address: Mapped[str] = mapped_column(String(200), unique=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_addresses_grid", "grid_id"),)
