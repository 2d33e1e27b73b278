"""Column titles for the table models' horizontal headers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt


def column_title(titles: Sequence[str], section: int, orientation: Qt.Orientation,
                 role: int) -> str | None:
    """The title of column ``section`` for the horizontal header's display role."""
    if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(titles)):
        return titles[section]
    return None
