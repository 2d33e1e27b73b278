"""The territory in the console: the set-up assistant, the territory view, grid search."""
