"""Loaders of the demo center and the seeding of history for scale tests."""
