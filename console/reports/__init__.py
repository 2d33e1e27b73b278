"""Printable documents and exports."""
