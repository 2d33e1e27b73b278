"""Watchroom's storage: SQLAlchemy models, engine factory, migrations and seeding."""
