"""The escalation engine: the deadline sweep, its scheduler, duties and leadership."""
