"""A center of its own: its settings, its sheets (teams, people, rules) and its bundle."""
