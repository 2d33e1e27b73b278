"""Grid: the territory's grid cells."""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class Grid(Base):
    """A cell of the territory, with its grid workers' households."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    community_en: Mapped[str] = mapped_column(String(120), default="")
    community_zh: Mapped[str] = mapped_column(String(120), default="")
    households: Mapped[int] = mapped_column(Integer, default=0)
    # Closed ring of [lon, lat] pairs, as JSON text.
    polygon: Mapped[str] = mapped_column(Text, default="[]")
