"""English counts that agree with their number: ``1 handover``, ``2 handovers``.

Sources write a counted noun as ``handover(s)``; Chinese translations have no such
marker (nouns do not inflect), so ``counted`` changes only English text."""

from __future__ import annotations

import re

_MARK = re.compile(r"\(s\)")


def counted(text: str, n: int) -> str:
    """``text`` with every ``(s)`` dropped for one and written ``s`` for any other count."""
    return _MARK.sub("" if abs(n) == 1 else "s", text)
