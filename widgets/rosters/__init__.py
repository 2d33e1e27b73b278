"""The roster view, its models and dispatch."""
