"""The hazard registry: sources, risk, inspections."""
