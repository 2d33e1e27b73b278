"""The words of a printed report, in the language the reader wants.

The console builds reports (a handover, a monthly bulletin, an import's report, what a
command line command did) as plain data and knows no catalogue; the layer that prints
them passes ``ReportWords``: ``translate(context, text)`` for the report's own sentences
(Qt's ``QCoreApplication.translate`` from the widgets layer, so one catalogue serves
screen, paper and terminal), the names of the values it shows (stages, levels, alert
severities, hazard levels, shifts, roles), as the screen names them, and ``sentence``
for a sentence written deeper down (a refused record's reason, an error). ``ENGLISH``
reads them as stored. The report modules call ``translate("Context", "literal")`` with
literal strings, so ``lupdate`` finds them there; a counted noun is written
``{n} case(s)`` and passed through ``counted``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from console.core.durations import late_text

Translate = Callable[[str, str], str]


def untranslated(_context: str, text: str) -> str:
    return text


_PLURAL_MARK = re.compile(r"\(s\)")


def counted(text: str, n: int) -> str:
    """``text`` with every ``(s)`` dropped for one and written ``s`` for any other count:
    English counted nouns agree with their number (``1 handover``, ``2 handovers``).
    Chinese translations have no such marker (nouns do not inflect), so only English
    text changes."""
    return _PLURAL_MARK.sub("" if abs(n) == 1 else "s", text)


class ReportWords(Protocol):
    """How a report names things, for one language."""

    @property
    def translate(self) -> Translate: ...

    def stage(self, stage: str) -> str: ...

    def level(self, level: int) -> str: ...

    def deadline_kind(self, kind: str | None) -> str: ...

    def alert_severity(self, severity: str) -> str: ...

    def alert_urgency(self, urgency: str) -> str: ...

    def alert_source(self, source: str) -> str: ...

    def alert_headline(self, source: str, headline: str) -> str: ...

    def hazard_level(self, level: str) -> str: ...

    def hazard_status(self, status: str) -> str: ...

    def shift(self, name: str) -> str: ...

    def late(self, minutes: int) -> str: ...

    def place(self, name_en: str, name_zh: str) -> str: ...

    def role(self, role: str) -> str: ...

    def sentence(self, text: str) -> str: ...


class EnglishWords:
    """Values as stored, in English: what the command line printed before any
    language was asked for."""

    @property
    def translate(self) -> Translate:
        return untranslated

    def stage(self, stage: str) -> str:
        return stage.replace("_", " ")

    def level(self, level: int) -> str:
        # Imported here: the services the deadlines module needs word their own reports.
        from console.cases.deadlines import LEVEL_NAMES

        return LEVEL_NAMES.get(level, str(level))

    def deadline_kind(self, kind: str | None) -> str:
        return kind or ""

    def alert_severity(self, severity: str) -> str:
        return severity

    def alert_urgency(self, urgency: str) -> str:
        return urgency

    def alert_source(self, source: str) -> str:
        return source

    def alert_headline(self, source: str, headline: str) -> str:
        return headline

    def hazard_level(self, level: str) -> str:
        return level

    def hazard_status(self, status: str) -> str:
        return status

    def shift(self, name: str) -> str:
        return name

    def late(self, minutes: int) -> str:
        return late_text(minutes)

    def place(self, name_en: str, name_zh: str) -> str:
        return name_en or name_zh

    def role(self, role: str) -> str:
        return role.replace("_", " ")

    def sentence(self, text: str) -> str:
        return text


ENGLISH: ReportWords = EnglishWords()
