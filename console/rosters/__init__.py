"""Teams, members, shifts, readiness and dispatch of crews."""
