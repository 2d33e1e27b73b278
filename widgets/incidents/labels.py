"""Words for the incident layer in the interface language: types, levels, reports,
figures, task states, elapsed time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.core.domain import Role
from console.incidents.domain import (
    LEVELS,
    IncidentKind,
    IncidentRow,
    IncidentStatus,
    TaskRow,
    TaskStatus,
)
from widgets.shell.i18n import CHINESE, current_language

# Who commands an incident on screen: declares, raises, lowers, stands down.
COMMAND = frozenset({Role.COORDINATOR, Role.ADMIN})


def chinese() -> bool:
    return current_language() == CHINESE


def kind_label(kind: IncidentKind) -> str:
    translate = QCoreApplication.translate
    return {
        IncidentKind.FLOOD: translate("IncidentLabels", "Flood"),
        IncidentKind.FIRE: translate("IncidentLabels", "Fire"),
        IncidentKind.HAZMAT: translate("IncidentLabels", "Hazardous materials"),
        IncidentKind.CROWD: translate("IncidentLabels", "Crowd"),
        IncidentKind.PUBLIC_HEALTH: translate("IncidentLabels", "Public health"),
        IncidentKind.GEOLOGICAL: translate("IncidentLabels", "Geological"),
        IncidentKind.OTHER: translate("IncidentLabels", "Other"),
    }[kind]


def level_label(level: int) -> str:
    """``Level III 较大``: the numeral and the national name (Chinese in both languages,
    as the plans print it), with the English meaning on an English screen."""
    spec = LEVELS[level]
    return QCoreApplication.translate("IncidentLabels", "Level {roman} {name}").format(
        roman=spec.roman, name=spec.name_zh)


def level_meaning(level: int) -> str:
    spec = LEVELS[level]
    return spec.name_zh if chinese() else spec.name


def level_colour(level: int) -> QColor:
    return QColor(LEVELS[level].colour)


def text_on(colour: QColor) -> str:
    """Black or white, whichever reads on ``colour``."""
    return "#111111" if colour.lightnessF() > 0.55 or colour.name() == "#f57c00" \
        else "#ffffff"


def report_label(kind: str) -> str:
    translate = QCoreApplication.translate
    return {"first": translate("IncidentLabels", "First report"),
            "followup": translate("IncidentLabels", "Follow-up report"),
            "final": translate("IncidentLabels", "Final report")}.get(kind, kind)


def figure_label(name: str) -> str:
    translate = QCoreApplication.translate
    return {"dead": translate("IncidentLabels", "Dead"),
            "injured": translate("IncidentLabels", "Injured"),
            "missing": translate("IncidentLabels", "Missing"),
            "evacuated": translate("IncidentLabels", "Evacuated"),
            "affected": translate("IncidentLabels", "Affected")}.get(name, name)


def status_label(status: IncidentStatus) -> str:
    translate = QCoreApplication.translate
    return {IncidentStatus.OPEN: translate("IncidentLabels", "Open"),
            IncidentStatus.STOOD_DOWN: translate("IncidentLabels", "Stood down"),
            IncidentStatus.CLOSED: translate("IncidentLabels", "Closed")}[status]


def task_state(task: TaskRow) -> str:
    """``Open ▲2`` (the board's level marks: ▲1 warning, ▲2 breached, ▲3 breached for
    long), ``Done (late)``, ``Skipped`` — short, so the title keeps the room."""
    translate = QCoreApplication.translate
    if task.status is TaskStatus.DONE:
        return translate("IncidentLabels", "Done (late)") if task.on_time is False \
            else translate("IncidentLabels", "Done")
    if task.status is TaskStatus.SKIPPED:
        return translate("IncidentLabels", "Skipped")
    return {0: translate("IncidentLabels", "Open"),
            1: translate("IncidentLabels", "Open ▲1"),
            2: translate("IncidentLabels", "Open ▲2"),
            3: translate("IncidentLabels", "Open ▲3")}.get(
        task.escalation_level, translate("IncidentLabels", "Open"))


def task_title(task: TaskRow) -> str:
    """The title in the interface language (the plan's Chinese title on a Chinese screen)."""
    return (task.title_zh or task.title) if chinese() else task.title


def owner_label(owner: str) -> str:
    translate = QCoreApplication.translate
    return {"coordinator": translate("IncidentLabels", "Coordinator"),
            "duty_officer": translate("IncidentLabels", "Duty officer"),
            "commander": translate("IncidentLabels", "Commander"),
            "admin": translate("IncidentLabels", "Administrator"),
            "supervisor": translate("IncidentLabels", "Supervisor"),
            "reviewer": translate("IncidentLabels", "Reviewer")}.get(owner, owner)


def elapsed_text(seconds: float) -> str:
    """``2 h 05 min``, ``3 d 04 h``, ``12 min``: how long the incident has run."""
    minutes = max(0, int(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    translate = QCoreApplication.translate
    if days:
        return translate("IncidentLabels", "{d} d {h:02d} h").format(d=days, h=hours)
    if hours:
        return translate("IncidentLabels", "{h} h {m:02d} min").format(h=hours, m=mins)
    return translate("IncidentLabels", "{m} min").format(m=mins)


def incident_line(row: IncidentRow, seconds: float) -> str:
    """``I-2026-0001 Underpass flooded · Level III 较大 · 2 h 05 min``."""
    return f"{row.reference} {row.title} · {level_label(row.level)} · {elapsed_text(seconds)}"
