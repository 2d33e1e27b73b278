"""Translated names and theme colours for the hazard registry: kinds, levels, countdowns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.hazard_domain import HazardKind, HazardStatus, RiskLevel, warn_before
from widgets.theme import Theme
from widgets.time_text import NO_VALUE, duration_text


def _t(text: str) -> str:
    return QCoreApplication.translate("HazardLabels", text)


@cache
def _kinds() -> dict[HazardKind, str]:
    return {
        HazardKind.CHEMICALS: _t("Hazardous chemicals storage"),
        HazardKind.GAS_STATION: _t("Gas station"),
        HazardKind.CONSTRUCTION_PIT: _t("Construction pit"),
        HazardKind.FLOOD_UNDERPASS: _t("Flood-prone underpass"),
        HazardKind.OLD_BUILDING: _t("Old or dangerous building"),
        HazardKind.CROWDED_VENUE: _t("Crowded venue"),
        HazardKind.SLOPE: _t("Slope"),
        HazardKind.HIGH_VOLTAGE: _t("High-voltage facility"),
        HazardKind.OTHER: _t("Other"),
    }


@cache
def _levels() -> dict[RiskLevel, str]:
    return {
        RiskLevel.LOW: _t("Low"),
        RiskLevel.MEDIUM: _t("Medium"),
        RiskLevel.HIGH: _t("High"),
        RiskLevel.EXTREME: _t("Extreme"),
    }


@cache
def _statuses() -> dict[HazardStatus, str]:
    return {
        HazardStatus.ACTIVE: _t("Active"),
        HazardStatus.MITIGATED: _t("Mitigated"),
        HazardStatus.RETIRED: _t("Retired"),
    }


@cache
def _likelihoods() -> tuple[str, ...]:
    return (_t("Rare"), _t("Unlikely"), _t("Possible"), _t("Likely"), _t("Almost certain"))


@cache
def _severities() -> tuple[str, ...]:
    return (_t("Negligible"), _t("Minor"), _t("Moderate"), _t("Major"), _t("Catastrophic"))


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
    return _t("L{l} × S{s}").format(l=likelihood, s=severity)


def countdown_text(now: datetime, due: datetime | None, interval_days: int,
                   watched: bool) -> tuple[str, int]:
    """The inspection countdown and its state: (``in 3 d 4 h``, 0), (``due in 20 h``, 1)
    coming due, (``overdue 2 d 1 h``, 2); a dash for a hazard that is not watched."""
    if not watched or due is None:
        return NO_VALUE, 0
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return _t("overdue {d}").format(d=duration_text(-seconds)), 2
    if seconds <= warn_before(interval_days).total_seconds():
        return _t("due in {d}").format(d=duration_text(seconds)), 1
    return _t("in {d}").format(d=duration_text(seconds)), 0


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
