"""The grid map's colours per theme and its translated words: buckets, legend, tooltips.

Colour scales are single-hue ramps that grow darker (light theme) or brighter and
warmer (dark theme) with each bucket, so the order reads by lightness alone, which a
colour-blind officer sees too; every cell also prints its number. The hazard layer uses
the four-colour risk convention (blue, yellow, orange, red) of the hazard registry, with
the level's word printed in the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from console.hazards.domain import RiskLevel
from console.territory.grid_map import CellFigures, ColourScale, MapLayer, ScaleKind
from widgets.common.time_text import NO_VALUE
from widgets.hazards import labels as hl
from widgets.shell.theme import Theme, colors


def _t(text: str) -> str:
    return QCoreApplication.translate("GridMap", text)


@dataclass(frozen=True, slots=True)
class Swatch:
    """How one bucket looks: the cell's fill and the text drawn on it."""

    fill: QColor
    text: QColor


@dataclass(frozen=True, slots=True)
class MapColors:
    """Every colour the map draws with, for one theme."""

    buckets: tuple[Swatch, ...]  # count and rate layers, bucket 0 … 4
    levels: tuple[Swatch, ...]  # hazard layer: none, low, medium, high, extreme
    no_data: Swatch
    border: QColor
    selected: QColor
    background: QColor
    marker_fill: QColor
    marker_text: QColor
    overdue_ring: QColor


_RAMPS: dict[Theme, tuple[tuple[str, str], ...]] = {
    # Dark: from the panel's own base to a bright brick red; light text throughout.
    Theme.DARK: (("#2a3038", "#d7dce2"), ("#3d3b24", "#f1ecd2"), ("#5c4916", "#f8ecd0"),
                 ("#84461a", "#fde9d8"), ("#b0352f", "#fff1f0")),
    # Light: pale cream to deep red; dark text, white on the darkest step.
    Theme.LIGHT: (("#f2f4f7", "#1f2933"), ("#fbe6b3", "#2d2300"), ("#f5bf76", "#3a2300"),
                  ("#e4834b", "#2a1000"), ("#b8312b", "#ffffff")),
}

_NO_DATA: dict[Theme, tuple[str, str]] = {
    Theme.DARK: ("#1d2025", "#9aa4af"),
    Theme.LIGHT: ("#dfe3e8", "#56616d"),
}

_MARKERS: dict[Theme, tuple[str, str, str]] = {  # fill, text, overdue ring
    Theme.DARK: ("#d7dce2", "#1d2025", "#ff6b6b"),
    Theme.LIGHT: ("#1f2933", "#f7f8fa", "#c0262d"),
}


def map_colors(theme: Theme) -> MapColors:
    c = colors(theme)
    ramp = tuple(Swatch(QColor(f), QColor(t)) for f, t in _RAMPS[theme])
    level = hl.level_colors(theme)
    levels = (ramp[0], *(Swatch(level[lv].fill, level[lv].on_fill) for lv in RiskLevel))
    no_fill, no_text = _NO_DATA[theme]
    fill, text, ring = _MARKERS[theme]
    return MapColors(
        buckets=ramp, levels=levels, no_data=Swatch(QColor(no_fill), QColor(no_text)),
        border=QColor(c.dim_text), selected=QColor(c.accent), background=QColor(c.window),
        marker_fill=QColor(fill), marker_text=QColor(text), overdue_ring=QColor(ring))


def swatch(palette: MapColors, scale: ColourScale, bucket: int | None) -> Swatch:
    """The look of a bucket of ``scale`` (None: no data)."""
    if bucket is None:
        return palette.no_data
    if scale.kind is ScaleKind.LEVEL:
        return palette.levels[bucket]
    return palette.buckets[bucket]


def layer_names() -> dict[MapLayer, str]:
    return {
        MapLayer.OPEN: _t("Open cases"),
        MapLayer.OVERDUE: _t("Overdue cases"),
        MapLayer.HAZARD: _t("Highest hazard level"),
        MapLayer.CLOSURE: _t("Closure rate, 30 days"),
    }


def _percent(value: float) -> str:
    return _t("{p} %").format(p=round(value * 100))


def range_label(scale: ColourScale, bucket: int) -> str:
    """The legend's words for one bucket: ``0``, ``11–20``, ``31 or more``, ``High``,
    ``85–95 %``, ``under 50 %``."""
    low, high = scale.ranges[bucket]
    if scale.kind is ScaleKind.LEVEL:
        return _t("No hazard") if bucket == 0 else hl.level_label(list(RiskLevel)[bucket - 1])
    if scale.kind is ScaleKind.RATE:
        if high is None:
            return _t("{p} or more").format(p=_percent(low))
        if low <= 0:
            return _t("under {p}").format(p=_percent(high))
        return f"{round(low * 100)}–{_percent(high)}"
    if high is None:
        return _t("{n} or more").format(n=int(low))
    if low == high:
        return str(int(low))
    return f"{int(low)}–{int(high)}"


def no_data_label(layer: MapLayer) -> str:
    return _t("Nothing registered") if layer is MapLayer.CLOSURE else _t("No data")


def value_text(layer: MapLayer, figures: CellFigures | None) -> str:
    """The figure printed in a cell for the layer: ``12``, ``High``, ``87 %``, or a dash."""
    if figures is None:
        return NO_VALUE
    if layer is MapLayer.OPEN:
        return str(figures.open_cases)
    if layer is MapLayer.OVERDUE:
        return str(figures.overdue_cases)
    if layer is MapLayer.HAZARD:
        level = figures.top_level
        return _t("None") if level is None else hl.level_label(level)
    rate = figures.closure_rate
    return NO_VALUE if rate is None else _percent(rate)


def tooltip(code: str, name: str, figures: CellFigures | None, closure_read: bool) -> str:
    """Every figure of a cell, one per line."""
    lines = [f"{code} {name}"]
    if figures is None:
        lines.append(_t("Loading…"))
        return "\n".join(lines)
    lines.append(_t("Open cases: {n}").format(n=figures.open_cases))
    lines.append(_t("Overdue cases: {n}").format(n=figures.overdue_cases))
    level = figures.top_level
    if level is None:
        lines.append(_t("Hazards: none watched"))
    else:
        lines.append(_t("Hazards: {n}, highest {level}").format(
            n=figures.hazards, level=hl.level_with_score(level, figures.top_score)))
    if not closure_read:
        rate_text = _t("not read yet")
    elif figures.closure_rate is None:
        rate_text = _t("nothing registered")
    else:
        rate_text = _percent(figures.closure_rate)
    lines.append(_t("Closure rate, 30 days: {rate}").format(rate=rate_text))
    lines.append(_t("Click to show this grid's cases and hazards"))
    return "\n".join(lines)


def case_marker_tooltip(code: str, open_cases: int, overdue_cases: int) -> str:
    return _t("{code}: {n} open cases, {m} overdue").format(
        code=code, n=open_cases, m=overdue_cases)


def hazard_marker_tooltip(code: str, name: str, level: RiskLevel, score: int) -> str:
    return _t("{code} {name}: {risk}").format(
        code=code, name=name, risk=hl.level_with_score(level, score))
