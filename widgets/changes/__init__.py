"""Following the change feed: the one change bus of a process, and its wake-up."""
