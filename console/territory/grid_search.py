"""Finding a grid as a duty officer types: by code, by name, by pinyin or its initials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from console.core.domain import GridRef


@dataclass(frozen=True, slots=True)
class _Entry:
    grid: GridRef
    code: str
    names: str  # Chinese and English names and the community's, lower case
    pinyin: str  # "binhebei"
    initials: str  # "bhb"


class GridSearch:
    """An index of grids by code, names, full pinyin and pinyin initials.

    Built once per territory (the pinyin of each distinct character is looked up once, so
    10,000 grid names index in a fraction of a second); ``find`` is a scan of short
    strings, best matches first: code prefix, name, pinyin prefix, initials, anywhere.
    """

    def __init__(self, grids: Sequence[GridRef]) -> None:
        # Loaded at the first search, not at the console's start (its dictionaries take
        # a fifth of a second to read).
        from pypinyin import Style, lazy_pinyin

        chars = {c for g in grids for c in g.name_zh}
        full = {c: lazy_pinyin(c, errors="ignore") for c in chars}
        first = {c: lazy_pinyin(c, style=Style.FIRST_LETTER, errors="ignore") for c in chars}
        self._entries = [
            _Entry(g, g.code.lower(),
                   " ".join((g.name_zh, g.name_en, g.community_zh, g.community_en)).lower(),
                   "".join(p for c in g.name_zh for p in full.get(c, ())).lower(),
                   "".join(p for c in g.name_zh for p in first.get(c, ())).lower())
            for g in grids
        ]

    def find(self, text: str, limit: int = 50, *, include_retired: bool = False
             ) -> list[GridRef]:
        """Grids matching ``text`` (code, name, pinyin or initials), best first."""
        wanted = "".join(text.split()).lower()
        if not wanted:
            return [e.grid for e in self._entries
                    if include_retired or not e.grid.retired][:limit]
        ranked: list[tuple[int, str, GridRef]] = []
        for e in self._entries:
            if e.grid.retired and not include_retired:
                continue
            rank = _rank(e, wanted)
            if rank is not None:
                ranked.append((rank, e.code, e.grid))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [grid for _, _, grid in ranked[:limit]]


def _rank(e: _Entry, wanted: str) -> int | None:
    if e.code == wanted:
        return 0
    if e.code.startswith(wanted):
        return 1
    if wanted in e.names.replace(" ", ""):
        return 2
    if e.pinyin.startswith(wanted) or e.initials.startswith(wanted):
        return 3
    if wanted in e.code:
        return 4
    if wanted in e.pinyin or wanted in e.initials:
        return 5
    return None
