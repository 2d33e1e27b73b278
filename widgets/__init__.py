"""Watchroom's Qt console: main window, docks, table models and dialogs."""
