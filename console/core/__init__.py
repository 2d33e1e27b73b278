"""What every capability shares: errors, domain types, the audit journal and change feed,
versioned writes, the center's time zone."""
