"""The hazard registry panel, its model, detail, matrix and dialogs."""
