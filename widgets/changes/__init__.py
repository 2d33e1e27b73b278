"""Following the change feed: the watchers that wake panels."""
