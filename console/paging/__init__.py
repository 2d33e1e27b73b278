"""Paging: escalations and critical alerts reach people who are not at the console
(channels, rules, targets, the outbox, the sender, messages and the service)."""
