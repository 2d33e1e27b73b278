"""The headlines the console itself writes on alerts, in the interface language.

The escalation engine, the readiness watch and the heartbeat check run without Qt and
store English headlines ("C-2026-000123: register deadline breached for long (2 h 24 min
late)", "FIRE-1 crew A: 11 of 15 ready for the shift 11-22 08:00–20:00", "feed 水位传感器-3
silent for 12 min"); on a Chinese screen the panel rewords them from their parts. A
headline that does not read as one of these (a feed's, or one written by an older
version) is shown as stored.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from console.core.durations import parse_span
from widgets.common.labels import deadline_kind_label, level_name
from widgets.common.time_text import lateness_text

_LEVELS = {"warning": 1, "breached": 2, "breached for long": 3}
_ESCALATION = re.compile(
    r"^(?P<ref>[^:]+): (?P<kind>\w+) deadline (?P<level>breached for long|breached|warning)"
    r" \((?P<when>[^()]+)\)$")
_INSPECTION = re.compile(
    r"^(?P<ref>[^:]+): (?P<meaning>inspection (?:coming due|overdue for long|overdue))"
    r" \((?P<when>[^()]+)\)$")
_READINESS = re.compile(
    r"^(?P<team>[^:]+?)(?: crew (?P<crew>\S+))?: (?P<ready>\d+) of (?P<needed>\d+) ready "
    r"for the (?P<kind>shift|on call) (?P<start>.+)–(?P<end>\d\d:\d\d)$")
_SILENT_FEED = re.compile(r"^feed (?P<feed>.+) silent for (?P<span>[^()]+)$")


def _when(text: str) -> str | None:
    """'2 h 24 min late' or 'due in 40 min', reworded; None when it is neither."""
    translate = QCoreApplication.translate
    text = text.replace("< 1 min", "0")
    if text.endswith(" late"):
        minutes = parse_span(text.removesuffix(" late"))
        if minutes is not None:
            return translate("AlertHeadlines", "{late} late").format(
                late=lateness_text(minutes))
    if text.startswith("due in "):
        minutes = parse_span(text.removeprefix("due in "))
        if minutes is not None:
            return translate("AlertHeadlines", "due in {span}").format(
                span=lateness_text(minutes))
    return None


def _inspection(meaning: str) -> str:
    translate = QCoreApplication.translate
    return {
        "inspection coming due": translate("AlertHeadlines", "inspection coming due"),
        "inspection overdue": translate("AlertHeadlines", "inspection overdue"),
        "inspection overdue for long": translate("AlertHeadlines",
                                                 "inspection overdue for long"),
    }[meaning]


def headline_text(source: str, headline: str) -> str:
    """``headline`` in the interface language when the console wrote it."""
    translate = QCoreApplication.translate
    if source == "escalation" and (m := _ESCALATION.match(headline)):
        when = _when(m["when"])
        if when is not None:
            return translate("AlertHeadlines", "{ref}: {kind} deadline {level} ({when})").format(
                ref=m["ref"], kind=deadline_kind_label(m["kind"]),
                level=level_name(_LEVELS[m["level"]]), when=when)
    if source == "hazard" and (m := _INSPECTION.match(headline)):
        when = _when(m["when"])
        if when is not None:
            return translate("AlertHeadlines", "{ref}: {what} ({when})").format(
                ref=m["ref"], what=_inspection(m["meaning"]), when=when)
    if source == "roster" and (m := _READINESS.match(headline)):
        team = m["team"]
        if m["crew"]:
            team = translate("AlertHeadlines", "{team} crew {crew}").format(
                team=m["team"], crew=m["crew"])
        if m["kind"] == "shift":
            text = translate("AlertHeadlines",
                             "{team}: {ready} of {needed} ready for the shift {start}–{end}")
        else:
            text = translate("AlertHeadlines",
                             "{team}: {ready} of {needed} ready for the on-call {start}–{end}")
        return text.format(team=team, ready=m["ready"], needed=m["needed"],
                           start=m["start"], end=m["end"])
    if source == "heartbeat" and (m := _SILENT_FEED.match(headline)):
        minutes = parse_span(m["span"])
        if minutes is not None:
            return translate("AlertHeadlines", "feed {feed} silent for {span}").format(
                feed=m["feed"], span=lateness_text(minutes))
    return headline
