"""The SLA policy and stricter-tier editors."""
