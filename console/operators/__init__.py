"""Operators, roles and passwords."""
