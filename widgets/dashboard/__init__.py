"""The KPI dashboard and its charts."""
