"""What every panel shares: time and label texts, background reads, form parts."""
