"""The alert panel, its model and dialogs."""
