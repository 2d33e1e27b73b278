"""The monthly bulletin: grids, communities, streets and teams ranked by closure rate and
on-time closure rate.

One ``Report`` (for ``write_pdf``) and one CSV from the same figures. The month is the
center's calendar month (``KpiService.month``). A level the territory does not have (the
demo has no streets) has no section and no CSV row: a bulletin never ranks an empty list.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from console.core.errors import ValidationError
from console.core.spreadsheet import csv_writer
from console.kpis.service import KpiFigures, KpiRow, KpiService
from console.reports.document import (
    Report,
    ReportChart,
    ReportParagraph,
    ReportSection,
    ReportTable,
)

# The scopes a bulletin ranks, in order, and their plural for section titles.
SCOPES = ("grid", "community", "street", "team")
SCOPE_TITLES = {"grid": "Grids", "community": "Communities", "street": "Streets",
                "team": "Teams"}
# Every section title a bulletin may have (``section_titles`` gives one bulletin's).
SECTION_TITLES = (
    "Summary",
    *(f"{SCOPE_TITLES[scope]} by {what}" for scope in SCOPES
      for what in ("closure rate", "on-time closure rate")),
    "Definitions",
)
RANK_COLUMNS = ("Rank", "Code", "Name", "Registered", "Closed", "Closure rate",
                "Deadlines due", "Closed on time", "On-time rate", "Mean h to close",
                "P90 h to close", "Rework rate")
CSV_COLUMNS = ("scope", "ranked_by", "rank", "code", "name", "registered",
               "registered_closed", "closed", "closure_rate", "due", "closed_on_time",
               "on_time_rate", "mean_time_to_close_h", "p90_time_to_close_h", "rework_rate",
               "escalations_l1", "escalations_l2", "escalations_l3", "open")
DEFINITIONS = (
    "Closure rate: of the cases registered in the month, the share closed before its end. "
    "On-time closure rate: cases closed on time divided by the cases whose resolve deadline "
    "fell in the month, closed or not; paused time does not count against a deadline. "
    "Time to close: from report to close, paused time left out. Rework rate: share of the "
    "cases closed in the month whose verification failed at least once. Ranks: best rate "
    "first; areas and teams without any case to rate come last. A community's or street's "
    "figures are those of the cases in its grids, its rates computed from its own counts."
)


@dataclass(frozen=True, slots=True)
class Bulletin:
    """A month's figures; ``communities`` / ``streets`` are None when the territory has
    no area of that level."""

    month: str
    start: datetime
    end: datetime
    overall: KpiFigures
    grids: tuple[KpiRow, ...]
    teams: tuple[KpiRow, ...]
    communities: tuple[KpiRow, ...] | None = None
    streets: tuple[KpiRow, ...] | None = None

    def ranked(self, scopes: Iterable[str] = SCOPES) -> list[tuple[str, tuple[KpiRow, ...]]]:
        """(scope, rows) for each of ``scopes`` this bulletin has, in ``SCOPES`` order."""
        wanted = set(scopes)
        unknown = wanted - set(SCOPES)
        if unknown:
            raise ValidationError(f"A bulletin ranks {', '.join(SCOPES)}, not "
                                  f"{', '.join(sorted(unknown))}.", "scope")
        rows = {"grid": self.grids, "community": self.communities, "street": self.streets,
                "team": self.teams}
        return [(scope, found) for scope in SCOPES
                if scope in wanted and (found := rows[scope]) is not None]


def build_bulletin(kpis: KpiService, month: str) -> Bulletin:
    start, end = kpis.month(month)

    def areas(level: str) -> tuple[KpiRow, ...] | None:
        rows = kpis.by_area(start, end, level)
        return None if rows is None else tuple(rows)

    return Bulletin(month.strip(), start, end, kpis.summary(start, end),
                    tuple(kpis.by_grid(start, end)), tuple(kpis.by_team(start, end)),
                    areas("community"), areas("street"))


def section_titles(b: Bulletin) -> list[str]:
    """The titles of this bulletin's sections, in order."""
    return [SECTION_TITLES[0],
            *(f"{SCOPE_TITLES[scope]} by {what}" for scope, _ in b.ranked()
              for what in ("closure rate", "on-time closure rate")),
            SECTION_TITLES[-1]]


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def bulletin_csv(b: Bulletin, scopes: Iterable[str] = SCOPES) -> str:
    """Every grid, community, street and team (or only those of ``scopes``), ranked both
    ways, with their figures (rates as fractions)."""
    out = io.StringIO()
    w = csv_writer(out)
    w.writerow(CSV_COLUMNS)
    for scope, rows in b.ranked(scopes):
        for by in ("closure", "on_time"):
            for rank, r in enumerate(rows_sorted(rows, by=by), start=1):
                mean = "" if r.mean_time_to_close_s is None else \
                    f"{r.mean_time_to_close_s / 3600:.2f}"
                p90 = "" if r.p90_time_to_close_s is None else \
                    f"{r.p90_time_to_close_s / 3600:.2f}"
                w.writerow((scope, by, rank, r.key, r.label, r.registered, r.registered_closed,
                            r.closed, _ratio(r.closure_rate), r.due, r.closed_on_time,
                            _ratio(r.on_time_rate), mean, p90, _ratio(r.rework_rate),
                            *r.escalations, r.open_total))
    return out.getvalue()


def _rank_table(title: str, rows: Sequence[KpiRow], by: str) -> ReportTable:
    return ReportTable(title, RANK_COLUMNS, tuple(
        (str(rank), r.key, r.label, str(r.registered), str(r.closed), rate_text(r.closure_rate),
         str(r.due), str(r.closed_on_time), rate_text(r.on_time_rate),
         hours_text(r.mean_time_to_close_s), hours_text(r.p90_time_to_close_s),
         rate_text(r.rework_rate))
        for rank, r in enumerate(rows_sorted(rows, by=by), start=1)))


def _rank_chart(title: str, rows: Sequence[KpiRow], by: str) -> ReportChart:
    ranked = rows_sorted(rows, by=by)
    value = (lambda r: r.closure_rate) if by == "closure" else (lambda r: r.on_time_rate)
    return ReportChart(title, "bar", tuple(r.key for r in ranked),
                       ((title, tuple(100.0 * (value(r) or 0.0) for r in ranked)),), "%")


def bulletin_report(b: Bulletin, generated_at: datetime, timezone: str) -> Report:
    o = b.overall
    summary = ReportTable("Whole district", ("Figure", "Value"), (
        ("Cases registered", str(o.registered)),
        ("Cases closed", str(o.closed)),
        ("Closure rate", rate_text(o.closure_rate)),
        ("Deadlines due", str(o.due)),
        ("Closed on time", str(o.closed_on_time)),
        ("On-time closure rate", rate_text(o.on_time_rate)),
        ("Mean hours to close", hours_text(o.mean_time_to_close_s)),
        ("90th percentile hours to close", hours_text(o.p90_time_to_close_s)),
        ("Rework rate", rate_text(o.rework_rate)),
        ("Escalations: warning / breached / breached for long",
         " / ".join(str(n) for n in o.escalations)),
    ))
    sections = [ReportSection(SECTION_TITLES[0], (
        ReportParagraph(f"Monthly bulletin for {b.month}: {o.registered} cases registered, "
                        f"{o.closed} closed; closure rate {rate_text(o.closure_rate) or '—'}, "
                        f"on-time closure rate {rate_text(o.on_time_rate) or '—'}."),
        summary))]
    for scope, rows in b.ranked():
        for what, by in (("closure rate", "closure"), ("on-time closure rate", "on_time")):
            title = f"{SCOPE_TITLES[scope]} by {what}"
            sections.append(ReportSection(title, (_rank_chart(title, rows, by),
                                                  _rank_table(title, rows, by))))
    sections.append(ReportSection(SECTION_TITLES[-1], (ReportParagraph(DEFINITIONS),)))
    return Report(f"Watchroom monthly bulletin {b.month}",
                  f"{', '.join(SCOPE_TITLES[scope] for scope, _ in b.ranked())} ranked by "
                  "closure and on-time closure rates",
                  generated_at, tuple(sections), timezone=timezone)


def rate_text(value: float | None) -> str:
    return "" if value is None or math.isnan(value) else f"{100 * value:.1f}%"


def hours_text(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 3600:.1f}"


def rows_sorted(rows: Iterable[KpiRow], *, by: str) -> list[KpiRow]:
    """Rows ranked by a rate (``closure`` or ``on_time``), best first; rows without a
    figure last, ties by code."""
    def rank(r: KpiRow) -> tuple[int, float, str]:
        value = r.closure_rate if by == "closure" else r.on_time_rate
        return (value is None, -(value or 0.0), r.key)
    return sorted(rows, key=rank)
