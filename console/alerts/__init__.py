"""Alerts and the feeds they arrive by (CAP, JSON lines, CSV, the watched inbox)."""
