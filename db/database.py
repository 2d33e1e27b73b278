"""A database handle: the engine and the two session factories services use."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, writer


class Database:
    """Holds one engine and hands out sessions.

    ``read`` sessions take no lock; ``write`` sessions take SQLite's write lock at BEGIN
    (``BEGIN IMMEDIATE``), so two writers queue on the busy timeout instead of failing.
    """

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self.read: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self.write: sessionmaker[Session] = sessionmaker(
            writer(self.engine), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        """Where the data lives, for the status bar: a path or host/database, no password."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return f"SQLite {url.database or 'in memory'}"
        host = url.host or "localhost"
        return f"PostgreSQL {host}/{url.database}"

    def close(self) -> None:
        self.engine.dispose()
