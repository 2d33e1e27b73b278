"""The grid map panel."""
