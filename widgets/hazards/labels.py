"""Translated names and theme colours for the hazard registry: kinds, levels, countdowns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.hazards.domain import HazardKind, HazardStatus, RiskLevel, warn_before
from widgets.common.time_text import NO_VALUE, duration_text
from widgets.shell.theme import Theme

# lupdate reads the literal context and source of every ``translate(...)`` call below.
translate = QCoreApplication.translate


@cache
def _kinds() -> dict[HazardKind, str]:
    return {
        HazardKind.CHEMICALS: translate("HazardLabels", "Hazardous chemicals storage"),
        HazardKind.GAS_STATION: translate("HazardLabels", "Gas station"),
        HazardKind.CONSTRUCTION_PIT: translate("HazardLabels", "Construction pit"),
        HazardKind.FLOOD_UNDERPASS: translate("HazardLabels", "Flood-prone underpass"),
        HazardKind.OLD_BUILDING: translate("HazardLabels", "Old or dangerous building"),
        HazardKind.CROWDED_VENUE: translate("HazardLabels", "Crowded venue"),
        HazardKind.SLOPE: translate("HazardLabels", "Slope"),
        HazardKind.HIGH_VOLTAGE: translate("HazardLabels", "High-voltage facility"),
        HazardKind.OTHER: translate("HazardLabels", "Other"),
    }


@cache
def _levels() -> dict[RiskLevel, str]:
    return {
        RiskLevel.LOW: translate("HazardLabels", "Low"),
        RiskLevel.MEDIUM: translate("HazardLabels", "Medium"),
        RiskLevel.HIGH: translate("HazardLabels", "High"),
        RiskLevel.EXTREME: translate("HazardLabels", "Extreme"),
    }


@cache
def _statuses() -> dict[HazardStatus, str]:
    return {
        HazardStatus.ACTIVE: translate("HazardLabels", "Active"),
        HazardStatus.MITIGATED: translate("HazardLabels", "Mitigated"),
        HazardStatus.RETIRED: translate("HazardLabels", "Retired"),
    }


@cache
def _likelihoods() -> tuple[str, ...]:
    return (
        translate("HazardLabels", "Rare"),
        translate("HazardLabels", "Unlikely"),
        translate("HazardLabels", "Possible"),
        translate("HazardLabels", "Likely"),
        translate("HazardLabels", "Almost certain"),
    )


@cache
def _severities() -> tuple[str, ...]:
    return (
        translate("HazardLabels", "Negligible"),
        translate("HazardLabels", "Minor"),
        translate("HazardLabels", "Moderate"),
        translate("HazardLabels", "Major"),
        translate("HazardLabels", "Catastrophic"),
    )


def kind_label(kind: HazardKind) -> str:
    return _kinds()[kind]


def level_label(level: RiskLevel) -> str:
    """``Extreme``."""
    return _levels()[level]


def level_with_score(level: RiskLevel, score: int) -> str:
    """``Extreme 20``: the word as well as the colour, for colour-blind officers."""
    return f"{level_label(level)} {score}"


def status_label(status: HazardStatus) -> str:
    return _statuses()[status]


def likelihood_name(value: int) -> str:
    return _likelihoods()[value - 1]


def severity_name(value: int) -> str:
    return _severities()[value - 1]


def likelihood_label(value: int) -> str:
    """``4 Likely``."""
    return f"{value} {likelihood_name(value)}"


def severity_label(value: int) -> str:
    """``5 Catastrophic``."""
    return f"{value} {severity_name(value)}"


def cell_label(likelihood: int, severity: int) -> str:
    """``L4 × S5``: a matrix cell in a few characters."""
    return translate("HazardLabels", "L{l} × S{s}").format(l=likelihood, s=severity)


def countdown_text(now: datetime, due: datetime | None, interval_days: int,
                   watched: bool) -> tuple[str, int]:
    """The inspection countdown and its state: (``in 3 d 4 h``, 0), (``due in 20 h``, 1)
    coming due, (``overdue 2 d 1 h``, 2); a dash for a hazard that is not watched."""
    if not watched or due is None:
        return NO_VALUE, 0
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return translate("HazardLabels", "overdue {d}").format(d=duration_text(-seconds)), 2
    if seconds <= warn_before(interval_days).total_seconds():
        return translate("HazardLabels", "due in {d}").format(d=duration_text(seconds)), 1
    return translate("HazardLabels", "in {d}").format(d=duration_text(seconds)), 0


def retranslate() -> None:
    """Forget the cached tables, after a translator was installed or removed."""
    for table in (_kinds, _levels, _statuses, _likelihoods, _severities):
        table.cache_clear()


@dataclass(frozen=True, slots=True)
class LevelColors:
    """How one risk level looks: ``text`` on the table's background, ``fill`` behind
    ``on_fill`` in the matrix and the level chip."""

    text: QColor
    fill: QColor
    on_fill: QColor


# The four-colour convention of risk grading: blue, yellow, orange, red. Fills are
# muted on the dark theme so a dim room is not lit up by the matrix.
_LEVEL_COLORS: dict[Theme, dict[RiskLevel, tuple[str, str, str]]] = {
    Theme.DARK: {
        RiskLevel.LOW: ("#7fb6ea", "#24496b", "#e6eef6"),
        RiskLevel.MEDIUM: ("#e8c95a", "#5f5217", "#f4ecd0"),
        RiskLevel.HIGH: ("#ffa24c", "#74400f", "#fbe6d3"),
        RiskLevel.EXTREME: ("#ff7b7b", "#7c2327", "#fbe1e1"),
    },
    Theme.LIGHT: {
        RiskLevel.LOW: ("#1d5c96", "#cfe2f6", "#14324f"),
        RiskLevel.MEDIUM: ("#7a5d00", "#f3e3a0", "#3d3000"),
        RiskLevel.HIGH: ("#a34a00", "#f8cc9c", "#4a2200"),
        RiskLevel.EXTREME: ("#c0262d", "#f3b0b0", "#5a0d10"),
    },
}

# Countdown colours: coming due (amber) and overdue (red), per theme.
_DUE_COLORS: dict[Theme, tuple[str, str]] = {
    Theme.DARK: ("#e8c95a", "#ff7b7b"),
    Theme.LIGHT: ("#7a5d00", "#c0262d"),
}


_WARNING: dict[Theme, str] = {Theme.DARK: "#ffb38a", Theme.LIGHT: "#a34a00"}


def warning_color(theme: Theme) -> QColor:
    """The colour of a dialog's "what is wrong" line."""
    return QColor(_WARNING[theme])


def level_colors(theme: Theme) -> dict[RiskLevel, LevelColors]:
    return {level: LevelColors(QColor(t), QColor(f), QColor(o))
            for level, (t, f, o) in _LEVEL_COLORS[theme].items()}


def due_colors(theme: Theme) -> dict[int, QColor]:
    """Text colour of the countdown by state (1 coming due, 2 overdue)."""
    soon, overdue = _DUE_COLORS[theme]
    return {1: QColor(soon), 2: QColor(overdue)}
