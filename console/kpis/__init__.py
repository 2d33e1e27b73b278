"""KPIs and the monthly bulletin."""
