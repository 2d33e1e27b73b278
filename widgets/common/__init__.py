"""What every panel shares: time and label texts, background work, form parts."""
