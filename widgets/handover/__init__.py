"""The handover dialog, history, prompt and controls."""
