"""A case timeline's entries in words: actions, and each change of an audit entry's detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from console.cases.lifecycle import Action
from console.core.domain import Category, Severity, Source, Stage
from widgets.common import labels
from widgets.common.time_text import (
    NO_VALUE,
    duration_text,
    lateness_text,
    short_local_time,
)


def _enum_text(key: str, value: Any) -> str:
    """A detail value in words: stage, category, severity and source by their labels."""
    if value is None or value == "":
        return NO_VALUE
    converters: dict[str, Any] = {
        "stage": lambda v: labels.stage_label(Stage(v)),
        "category": lambda v: labels.category_label(Category(v)),
        "severity": lambda v: labels.severity_label(Severity(int(v))),
        "source": lambda v: labels.source_label(Source(v)),
    }
    try:
        return str(converters[key](value)) if key in converters else str(value)
    except ValueError:
        return str(value)


def _key_labels() -> dict[str, str]:
    return {
        "stage": QCoreApplication.translate("Timeline", "stage"),
        "team": QCoreApplication.translate("Timeline", "team"),
        "note": QCoreApplication.translate("Timeline", "note"),
        "reason": QCoreApplication.translate("Timeline", "reason"),
        "rework_count": QCoreApplication.translate("Timeline", "rework"),
        "title": QCoreApplication.translate("Timeline", "title"),
        "category": QCoreApplication.translate("Timeline", "category"),
        "severity": QCoreApplication.translate("Timeline", "severity"),
        "source": QCoreApplication.translate("Timeline", "source"),
        "grid": QCoreApplication.translate("Timeline", "grid"),
        "deadlines_moved": QCoreApplication.translate("Timeline", "deadlines shortened"),
        # Joint handling (退单, 确权, 回访, 吹哨).
        "assist": QCoreApplication.translate("Timeline", "assisting"),
        "part_state": QCoreApplication.translate("Timeline", "part"),
        "report_in_seconds": QCoreApplication.translate("Timeline", "reported in after"),
        "return_count": QCoreApplication.translate("Timeline", "returns"),
        "returned_by": QCoreApplication.translate("Timeline", "returned by"),
        "disputed": QCoreApplication.translate("Timeline", "disputed"),
        "ruled": QCoreApplication.translate("Timeline", "ruled owner"),
        "satisfaction": QCoreApplication.translate("Timeline", "satisfaction"),
        "resolved": QCoreApplication.translate("Timeline", "resolved (citizen)"),
        "callback_round": QCoreApplication.translate("Timeline", "callback"),
        "callback_due": QCoreApplication.translate("Timeline", "callback due"),
        "callback_reopens": QCoreApplication.translate("Timeline", "reopened by callbacks"),
    }


_SUMMARY_KEYS = ("category", "severity", "source", "grid")
_KEY_ORDER = ("stage", "team", "rework_count", "paused_seconds", "reason", "note", "title",
              "category", "severity", "source", "grid")


def _describe_escalation(detail: dict[str, Any]) -> str:
    """``Register deadline: ▲1 warning → ▲2 breached`` and, below, when it was due and
    how late it was then."""
    kind = labels.deadline_kind_label(str(detail["deadline"]))
    old, new = (int(v) for v in detail["level"])
    first = QCoreApplication.translate("Timeline", "{kind} deadline: {old} → {new}").format(
        kind=kind, old=labels.level_label(old) or labels.level_name(0),
        new=labels.level_label(new))
    try:
        due = short_local_time(datetime.fromisoformat(str(detail.get("due_at"))))
    except ValueError:
        return first
    late = int(detail.get("minutes_late", 0))
    second = (QCoreApplication.translate("Timeline", "due {when}, {late} late").format(
        when=due, late=lateness_text(late)) if late > 0 else
        QCoreApplication.translate("Timeline", "due {when}").format(when=due))
    return f"{first}\n{second}"


def action_text(action: str) -> str:
    """An audit entry's action in words, for the loop's steps and the deadline ones."""
    try:
        return labels.action_label(Action(action))
    except ValueError:
        pass
    others = {
        "escalate": QCoreApplication.translate("Timeline", "Escalated"),
        "supervise": QCoreApplication.translate("Timeline", "Supervised"),
        "page_queued": QCoreApplication.translate("Timeline", "Page queued"),
        "page_sent": QCoreApplication.translate("Timeline", "Page sent"),
        "page_failed": QCoreApplication.translate("Timeline", "Page failed"),
        "page_repeated": QCoreApplication.translate("Timeline", "Page repeated"),
        "page_escalated": QCoreApplication.translate("Timeline", "Page moved up the chain"),
        "page_acknowledged": QCoreApplication.translate("Timeline", "Page acknowledged"),
        "page_gave_up": QCoreApplication.translate("Timeline", "Paging gave up"),
        "page_test": QCoreApplication.translate("Timeline", "Test page"),
        "photos": QCoreApplication.translate("Timeline", "Photos added"),
    }
    return others.get(action, action)


def describe_change(detail: dict[str, Any]) -> str:
    """An audit entry's detail, readable, one change per line:
    ``stage: Registered → Dispatched`` / ``team: — → FIRE-1``."""
    if "deadline" in detail and isinstance(detail.get("level"), list):
        return _describe_escalation(detail)
    names = _key_labels()
    summary = [k for k in _SUMMARY_KEYS if k in detail]
    parts: list[str] = []
    if len(summary) > 1:
        # What a report records reads best as one line: Fire · 1 Critical · Hotline · XH-01
        parts.append(" · ".join(_enum_text(k, detail[k]) for k in summary))
        detail = {k: v for k, v in detail.items() if k not in summary}
    keys = [k for k in _KEY_ORDER if k in detail] + sorted(k for k in detail
                                                           if k not in _KEY_ORDER)
    for key in keys:
        value = detail[key]
        if key == "assist" and isinstance(value, list):
            teams = ", ".join(str(p.get("team", "")) + (f" ({p['part']})" if p.get("part")
                                                         else "")
                              for p in value if isinstance(p, dict))
            parts.append(f"{names['assist']}: {teams}")
            continue
        if key == "report_in_seconds":
            parts.append(f"{names[key]}: {duration_text(int(value))}")
            continue
        if key == "photos" and isinstance(value, list):
            kinds = {"before": QCoreApplication.translate("Timeline", "before"),
                     "after": QCoreApplication.translate("Timeline", "after"),
                     "other": QCoreApplication.translate("Timeline", "other")}
            parts.append(QCoreApplication.translate("Timeline", "{n} photo(s): {kinds}").format(
                n=len(value), kinds=", ".join(
                    kinds.get(str(p.get("kind")), str(p.get("kind"))) for p in value
                    if isinstance(p, dict))))
            continue
        if key == "paused_seconds":
            parts.append(QCoreApplication.translate("Timeline", "paused for {d}").format(
                d=duration_text(int(value))))
            continue
        name = names.get(key, key.replace("_", " "))
        if isinstance(value, list) and len(value) == 2:
            old, new = (_enum_text(key, v) for v in value)
            parts.append(f"{name}: {old} → {new}")
        else:
            parts.append(f"{name}: {_enum_text(key, value)}")
    return "\n".join(parts)
