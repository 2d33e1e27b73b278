"""The territory (一张网): districts, streets and communities as areas, and the grid cells."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, BigId
from db.types import UTCDateTime

AREA_LEVELS = ("district", "street", "community")


class Area(Base):
    """A district (区/县), street (街道/乡镇) or community (社区/村) of the territory.

    Grids are the level below, in their own table (cases, teams and hazards point at
    them); a grid's ``area_id`` names the area holding it. The top level of a territory
    has no parent.
    """

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    # GeoJSON (Multi)Polygon in WGS84 longitude/latitude, holes kept.
    geometry: Mapped[str] = mapped_column(Text, default="")
    households: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("level IN ('district', 'street', 'community')", name="level"),
        Index("ix_areas_parent", "parent_id"),
    )


class Grid(Base):
    """A cell of the territory (网格), with its households and the area holding it."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    community_en: Mapped[str] = mapped_column(String(120), default="")
    community_zh: Mapped[str] = mapped_column(String(120), default="")
    households: Mapped[int] = mapped_column(Integer, default=0)
    # The outer ring of the grid's largest part, [lon, lat] pairs as JSON text: what the
    # neighbour and centroid helpers read. The whole shape is in ``geometry``.
    polygon: Mapped[str] = mapped_column(Text, default="[]")
    geometry: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    population: Mapped[int | None] = mapped_column(Integer)
    # A retired grid keeps its history and its cases, and takes no new ones.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CenterSetting(Base):
    """One setting of the center (its name, its time zone…), as plain text."""

    __tablename__ = "center_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Basemap(Base):
    """A map under the grids: raster tiles from an MBTiles file or a folder of XYZ tiles
    the center keeps on its own disk, or an XYZ URL cached on disk as tiles are fetched."""

    __tablename__ = "basemaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # A file or folder path (absolute), or a URL template with {z}, {x} and {y}.
    location: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str] = mapped_column(Text, default="")
    min_zoom: Mapped[int] = mapped_column(Integer, default=0)
    max_zoom: Mapped[int] = mapped_column(Integer, default=18)
    position: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("kind IN ('mbtiles', 'xyz', 'url')", name="kind"),
    )
