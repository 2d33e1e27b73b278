"""English counts that agree with their number: ``1 handover``, ``2 handovers``.

Sources write a counted noun as ``handover(s)``; Chinese translations have no such
marker (nouns do not inflect), so ``counted`` changes only English text. It lives in
``console.reports.wording``, where the console's own reports (printed and command line)
use it too."""

from __future__ import annotations

from console.reports.wording import counted

__all__ = ["counted"]
