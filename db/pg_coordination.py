"""What seats sharing one PostgreSQL database coordinate on: the NOTIFY channel and the
advisory lock keys. The trigger that numbers the change feed in commit order and sends
the notifications is migration 0011's (db/migrations/versions/0011_postgres_notify.py),
which holds these values as they were when it was written."""

from __future__ import annotations

# LISTEN/NOTIFY channel every console listens on; payloads name keys only.
CHANGES_CHANNEL = "watchroom_changes"
# Advisory locks use the two-int form: (namespace, key). The namespace spells "WR".
LOCK_NAMESPACE = 0x5752
CHANGE_ORDER_LOCK = 1  # transaction lock: one writer at a time numbers its changes
ENGINE_LEADER_LOCK = 2  # session lock: the engine holding it fires the timers
# Above this many changes in one transaction, one summary notification (entity "*")
# replaces one per change: listeners only wake up and read the feed anyway.
NOTIFY_EACH_UP_TO = 100
