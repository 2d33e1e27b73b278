"""Translated display names of the core and case vocabularies, kept in one place.

Each other capability keeps its own table beside its widgets: ``widgets/alerts/labels.py``,
``widgets/hazards/labels.py``, ``widgets/rosters/labels.py``; ``widgets.shell.i18n`` clears
all four caches when the language changes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCollator, QCollatorSortKey, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication

from console.cases.lifecycle import Action
from console.core.domain import Category, GridRef, Severity, Source, Stage, TeamKind, TeamRef

# The literal context and source strings below are what Qt's lupdate extracts; the
# tables are cached because the board formats thousands of rows with them.


@cache
def _stages() -> dict[Stage, str]:
    return {
        Stage.REPORTED: QCoreApplication.translate("Labels", "Reported"),
        Stage.REGISTERED: QCoreApplication.translate("Labels", "Registered"),
        Stage.DISPATCHED: QCoreApplication.translate("Labels", "Dispatched"),
        Stage.IN_PROGRESS: QCoreApplication.translate("Labels", "In progress"),
        Stage.RESOLVED: QCoreApplication.translate("Labels", "Resolved"),
        Stage.VERIFIED: QCoreApplication.translate("Labels", "Verified"),
        Stage.CLOSED: QCoreApplication.translate("Labels", "Closed"),
    }


@cache
def _categories() -> dict[Category, str]:
    return {
        Category.PUBLIC_SECURITY: QCoreApplication.translate("Labels", "Public security"),
        Category.DISPUTE: QCoreApplication.translate("Labels", "Dispute / mediation"),
        Category.FIRE: QCoreApplication.translate("Labels", "Fire"),
        Category.FLOOD: QCoreApplication.translate("Labels", "Flood"),
        Category.TRAFFIC: QCoreApplication.translate("Labels", "Traffic"),
        Category.ENVIRONMENT: QCoreApplication.translate("Labels", "Environment"),
        Category.UTILITIES: QCoreApplication.translate("Labels", "Utilities"),
        Category.PETITION: QCoreApplication.translate("Labels", "Petition"),
        Category.PUBLIC_HEALTH: QCoreApplication.translate("Labels", "Public health"),
        Category.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


@cache
def _severities() -> dict[Severity, str]:
    return {
        Severity.CRITICAL: QCoreApplication.translate("Labels", "Critical"),
        Severity.HIGH: QCoreApplication.translate("Labels", "High"),
        Severity.MEDIUM: QCoreApplication.translate("Labels", "Medium"),
        Severity.LOW: QCoreApplication.translate("Labels", "Low"),
    }


@cache
def _sources() -> dict[Source, str]:
    return {
        Source.GRID_PATROL: QCoreApplication.translate("Labels", "Grid patrol"),
        Source.HOTLINE: QCoreApplication.translate("Labels", "Hotline"),
        Source.ALERT: QCoreApplication.translate("Labels", "Alert"),
        Source.WALK_IN: QCoreApplication.translate("Labels", "Walk-in"),
        Source.PETITION: QCoreApplication.translate("Labels", "Petition"),
        Source.SENSOR: QCoreApplication.translate("Labels", "Sensor"),
        Source.DRILL: QCoreApplication.translate("Labels", "Drill"),
    }


@cache
def _actions() -> dict[Action, str]:
    return {
        Action.REPORT: QCoreApplication.translate("Labels", "Report"),
        Action.REGISTER: QCoreApplication.translate("Labels", "Register"),
        Action.DISPATCH: QCoreApplication.translate("Labels", "Dispatch"),
        Action.START: QCoreApplication.translate("Labels", "Start work"),
        Action.RESOLVE: QCoreApplication.translate("Labels", "Resolve"),
        Action.VERIFY: QCoreApplication.translate("Labels", "Verify (passed)"),
        Action.REOPEN: QCoreApplication.translate("Labels", "Reopen (failed)"),
        Action.CLOSE: QCoreApplication.translate("Labels", "Close"),
        Action.PAUSE: QCoreApplication.translate("Labels", "Pause"),
        Action.RESUME: QCoreApplication.translate("Labels", "Resume"),
        Action.NOTE: QCoreApplication.translate("Labels", "Add note"),
        Action.WHISTLE: QCoreApplication.translate("Labels", "Whistle"),
        Action.REPORT_IN: QCoreApplication.translate("Labels", "Report in"),
        Action.PART_DONE: QCoreApplication.translate("Labels", "Part done"),
        Action.WAIVE: QCoreApplication.translate("Labels", "Waive part"),
        Action.RETURN: QCoreApplication.translate("Labels", "Return"),
        Action.DISPUTE: QCoreApplication.translate("Labels", "Dispute"),
        Action.RULE: QCoreApplication.translate("Labels", "Rule owner"),
        Action.CALLBACK: QCoreApplication.translate("Labels", "Callback"),
    }


@cache
def _deadline_kinds() -> dict[str, str]:
    return {
        # A context of their own: the stage a deadline is for reads differently from
        # the button that takes the step (Chinese: 处置 vs 处置完成).
        "register": QCoreApplication.translate("DeadlineKinds", "Register"),
        "dispatch": QCoreApplication.translate("DeadlineKinds", "Dispatch"),
        "resolve": QCoreApplication.translate("DeadlineKinds", "Resolve"),
        "inspection": QCoreApplication.translate("DeadlineKinds", "Inspection"),
        # An incident's task, and its reports upward (首报/续报/终报).
        "task": QCoreApplication.translate("DeadlineKinds", "Task"),
        "report": QCoreApplication.translate("DeadlineKinds", "Report upward"),
        # Joint handling: an assisting team's report-in and part, a citizen's callback.
        "report_in": QCoreApplication.translate("DeadlineKinds", "Report in"),
        "part": QCoreApplication.translate("DeadlineKinds", "Assisting part"),
        "callback": QCoreApplication.translate("DeadlineKinds", "Callback"),
    }


@cache
def _levels() -> dict[int, str]:
    return {
        0: QCoreApplication.translate("Labels", "on time"),
        1: QCoreApplication.translate("Labels", "warning"),
        2: QCoreApplication.translate("Labels", "breached"),
        3: QCoreApplication.translate("Labels", "breached for long"),
    }


@cache
def _team_kinds() -> dict[TeamKind, str]:
    return {
        TeamKind.RESCUE: QCoreApplication.translate("Labels", "Rescue"),
        TeamKind.FIRE: QCoreApplication.translate("Labels", "Fire"),
        TeamKind.MEDICAL: QCoreApplication.translate("Labels", "Medical"),
        TeamKind.MEDIATION: QCoreApplication.translate("Labels", "Mediation"),
        TeamKind.PATROL: QCoreApplication.translate("Labels", "Patrol"),
        TeamKind.GRID_WORKERS: QCoreApplication.translate("Labels", "Grid workers"),
        TeamKind.UTILITIES: QCoreApplication.translate("Labels", "Utilities"),
        TeamKind.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def stage_label(stage: Stage) -> str:
    """``Dispatched``."""
    return _stages()[stage]


@cache
def pause_mark() -> str:
    """``⏸`` where the interface font has it; ``‖`` (in nearly every font) where it
    does not, rather than an empty box."""
    if isinstance(QGuiApplication.instance(), QGuiApplication) and QFontMetrics(
            QGuiApplication.font()).inFontUcs4(0x23F8):
        return "⏸"
    return "‖"


def stage_status(stage: Stage, paused: bool) -> str:
    """The stage with the paused marker the board shows: ``Dispatched ⏸ paused``."""
    if not paused:
        return stage_label(stage)
    return QCoreApplication.translate("Labels", "{stage} {mark} paused").format(
        stage=stage_label(stage), mark=pause_mark()
    )


def category_label(category: Category) -> str:
    return _categories()[category]


def severity_name(severity: Severity) -> str:
    """``Critical``."""
    return _severities()[severity]


def severity_label(severity: Severity) -> str:
    """The number and the word, so the severity never depends on colour: ``1 Critical``."""
    return f"{int(severity)} {severity_name(severity)}"


def stored_severity_label(value: int) -> str:
    """A severity as stored (an int), labelled; an unknown value shown as it is."""
    try:
        return severity_label(Severity(value))
    except ValueError:
        return str(value)


def stored_category_label(value: str, empty: str = "") -> str:
    """A category as stored (a string), labelled; an unknown value shown as it is."""
    try:
        return category_label(Category(value))
    except ValueError:
        return value or empty


def source_label(source: Source) -> str:
    return _sources()[source]


def action_label(action: Action) -> str:
    return _actions()[action]


def team_kind_label(kind: TeamKind) -> str:
    return _team_kinds()[kind]


def deadline_kind_label(kind: str | None) -> str:
    """The stage a deadline is for, as the board names it: ``Dispatch``."""
    if kind is None:
        return ""
    return _deadline_kinds().get(kind, kind.capitalize())


def level_name(level: int) -> str:
    """``breached``: what an escalation level means, in words."""
    return _levels().get(level, _levels()[3] if level > 3 else _levels()[0])


def level_mark(level: int) -> str:
    """``▲2``: the level where room is short (the board's Level column); the word is in
    the tooltip. Empty for a case on time."""
    return f"▲{level}" if level > 0 else ""


def level_label(level: int) -> str:
    """``▲2 breached``: the level as a mark, its number and a word, so that it never
    depends on colour; empty for a case on time."""
    if level <= 0:
        return ""
    return QCoreApplication.translate("Labels", "▲{n} {name}").format(
        n=level, name=level_name(level))


ENGINE_NAME = "Escalation engine"  # the system operator's stored display name


def operator_name(display_name: str, username: str = "") -> str:
    """An operator's name as shown: people as they are named, the escalation engine (the
    system operator, stored in English) in the interface language."""
    if username == "engine" or display_name == ENGINE_NAME:
        return QCoreApplication.translate("Labels", "Escalation engine")
    return display_name


def place_name(ref: GridRef | TeamRef) -> str:
    """A grid's or team's name in the interface language (Chinese or English)."""
    return ref.name(QLocale().name())


@cache
def _collator() -> QCollator:
    collator = QCollator(QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


def collation_key(text: str) -> QCollatorSortKey:
    """A sort key for names and titles in the interface language's order: Chinese by
    pinyin (安 before 中), case ignored. Compare keys only
    with keys made under the same language."""
    return _collator().sortKey(text)


def retranslate() -> None:
    """Forget the cached tables, after a translator was installed or removed."""
    for table in (_stages, _categories, _severities, _sources, _actions, _team_kinds,
                  _deadline_kinds, _levels, pause_mark, _collator):
        table.cache_clear()
