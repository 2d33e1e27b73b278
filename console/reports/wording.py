"""The words of a printed report, in the language the reader wants.

The console builds reports (a handover, a monthly bulletin) as plain data and knows no
catalogue; the layer that prints them passes ``ReportWords``: ``translate(context, text)``
for the report's own sentences (Qt's ``QCoreApplication.translate`` from the widgets
layer, so one catalogue serves screen and paper), and the names of the values it shows
(stages, levels, alert severities, hazard levels, shifts), as the screen names them.
``ENGLISH`` reads them as stored. The report modules call ``translate("Context",
"literal")`` with literal strings, so ``lupdate`` finds them there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from console.cases.deadlines import LEVEL_NAMES
from console.core.durations import late_text

Translate = Callable[[str, str], str]


def untranslated(_context: str, text: str) -> str:
    return text


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


class EnglishWords:
    """Values as stored, in English: what the command line printed before any
    language was asked for."""

    @property
    def translate(self) -> Translate:
        return untranslated

    def stage(self, stage: str) -> str:
        return stage.replace("_", " ")

    def level(self, level: int) -> str:
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


ENGLISH: ReportWords = EnglishWords()
