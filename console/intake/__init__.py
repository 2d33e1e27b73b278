"""The intake API's services: tokens, idempotent case reports, feed heartbeats, photos."""
