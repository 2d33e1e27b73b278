"""Watchroom's application core: services, engine and feeds, free of Qt."""
