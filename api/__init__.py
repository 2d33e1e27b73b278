"""The HTTP intake API (``main.py serve``): hotlines, field apps, sensors and other centers
report through the console's own services; no Qt here."""
