"""The names Qt files the user's settings under (organisation and application)."""

APP_NAME = "Watchroom"
ORGANIZATION = "Watchroom"
