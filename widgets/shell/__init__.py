"""The main window's parts: status bar, palette, lock, sign-in, theme, language."""
