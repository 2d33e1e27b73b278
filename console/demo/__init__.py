"""The demo center's simulated live feed."""
