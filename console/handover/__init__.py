"""Shift handover: the shift pattern, snapshots, sign-offs and the report."""
