"""The monthly bulletin: grids, communities, streets and teams ranked by closure rate and
on-time closure rate.

One ``Report`` (for ``write_pdf``) and one CSV from the same figures. The month is the
center's calendar month (``KpiService.month``). A level the territory does not have (the
demo has no streets) has no section and no CSV row: a bulletin never ranks an empty list.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from console.core.errors import ValidationError
from console.core.local_time import stamp_text, zone_named
from console.core.spreadsheet import csv_writer
from console.incidents.domain import LEVELS, IncidentRow
from console.kpis.areas import UNPLACED_CODE
from console.kpis.joint import JointFigures, JointKpiService, JointLevel
from console.kpis.service import KpiFigures, KpiRow, KpiService
from console.reports.document import (
    Report,
    ReportChart,
    ReportParagraph,
    ReportSection,
    ReportTable,
)
from console.reports.wording import ENGLISH, ReportWords

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
CSV_COLUMNS = ("scope", "ranked_by", "rank", "code", "name", "registered",
               "registered_closed", "closed", "closure_rate", "due", "closed_on_time",
               "on_time_rate", "mean_time_to_close_h", "p90_time_to_close_h", "rework_rate",
               "escalations_l1", "escalations_l2", "escalations_l3", "open")


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
    # The drills held this month (演练): listed apart, never counted in the figures.
    drills: tuple[IncidentRow, ...] = ()
    # Joint handling (吹哨, 退单, 确权, 回访), when the bulletin was built with it.
    joint: JointBulletin | None = None

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


def build_bulletin(kpis: KpiService, month: str,
                   drills: Callable[[datetime, datetime], list[IncidentRow]] | None = None,
                   joint: JointKpiService | None = None) -> Bulletin:
    """The month's figures; ``drills`` (``IncidentQueries.drills_between``) lists the
    drills held in it; ``joint`` adds the joint-handling figures."""
    start, end = kpis.month(month)

    def areas(level: str) -> tuple[KpiRow, ...] | None:
        rows = kpis.by_area(start, end, level)
        return None if rows is None else tuple(rows)

    return Bulletin(month.strip(), start, end, kpis.summary(start, end),
                    tuple(kpis.by_grid(start, end)), tuple(kpis.by_team(start, end)),
                    areas("community"), areas("street"),
                    tuple(drills(start, end)) if drills is not None else (),
                    build_joint(joint, start, end) if joint is not None else None)


def section_titles(b: Bulletin) -> list[str]:
    """The titles of this bulletin's sections, in order."""
    return [SECTION_TITLES[0],
            *(f"{SCOPE_TITLES[scope]} by {what}" for scope, _ in b.ranked()
              for what in ("closure rate", "on-time closure rate")),
            *(["Joint handling"] if b.joint is not None else []),
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


def definitions(words: ReportWords = ENGLISH) -> str:
    """How each figure is counted, as the bulletin prints it."""
    return words.translate(
        "BulletinReport",
        "Closure rate: of the cases registered in the month, the share closed before its end. "
        "On-time closure rate: cases closed on time divided by the cases whose resolve deadline "
        "fell in the month, closed or not; paused time does not count against a deadline. "
        "Time to close: from report to close, paused time left out. Rework rate: share of the "
        "cases closed in the month whose verification failed at least once. Ranks: best rate "
        "first; areas and teams without any case to rate come last. A community's or street's "
        "figures are those of the cases in its grids, its rates computed from its own counts.")


DEFINITIONS = definitions()


def _rank_columns(words: ReportWords) -> tuple[str, ...]:
    translate = words.translate
    return (translate("BulletinReport", "Rank"), translate("BulletinReport", "Code"),
            translate("BulletinReport", "Name"), translate("BulletinReport", "Registered"),
            translate("BulletinReport", "Closed"), translate("BulletinReport", "Closure rate"),
            translate("BulletinReport", "Deadlines due"),
            translate("BulletinReport", "Closed on time"),
            translate("BulletinReport", "On-time rate"),
            translate("BulletinReport", "Mean h to close"),
            translate("BulletinReport", "P90 h to close"),
            translate("BulletinReport", "Rework rate"))


def _rank_table(title: str, rows: Sequence[KpiRow], by: str,
                words: ReportWords = ENGLISH) -> ReportTable:
    return ReportTable(title, _rank_columns(words), tuple(
        (str(rank), r.key, _row_name(r, words), str(r.registered), str(r.closed),
         rate_text(r.closure_rate),
         str(r.due), str(r.closed_on_time), rate_text(r.on_time_rate),
         hours_text(r.mean_time_to_close_s), hours_text(r.p90_time_to_close_s),
         rate_text(r.rework_rate))
        for rank, r in enumerate(rows_sorted(rows, by=by), start=1)))


def _row_name(r: KpiRow, words: ReportWords) -> str:
    if r.key == UNPLACED_CODE:  # the grids outside any area of the level ranked
        outside = {"Grids in no community": words.translate("BulletinReport",
                                                            "Grids in no community"),
                   "Grids in no street": words.translate("BulletinReport",
                                                         "Grids in no street")}
        return outside.get(r.label, r.label)
    return words.place(r.label, r.label_zh)


def _rank_chart(title: str, rows: Sequence[KpiRow], by: str) -> ReportChart:
    ranked = rows_sorted(rows, by=by)
    value = (lambda r: r.closure_rate) if by == "closure" else (lambda r: r.on_time_rate)
    return ReportChart(title, "bar", tuple(r.key for r in ranked),
                       ((title, tuple(100.0 * (value(r) or 0.0) for r in ranked)),), "%")


def _ranking_title(scope: str, by: str, words: ReportWords) -> str:
    """``Grids by closure rate``, in the words' language."""
    translate = words.translate
    titles = {
        ("grid", "closure"): translate("BulletinReport", "Grids by closure rate"),
        ("grid", "on_time"): translate("BulletinReport", "Grids by on-time closure rate"),
        ("community", "closure"): translate("BulletinReport", "Communities by closure rate"),
        ("community", "on_time"): translate("BulletinReport",
                                            "Communities by on-time closure rate"),
        ("street", "closure"): translate("BulletinReport", "Streets by closure rate"),
        ("street", "on_time"): translate("BulletinReport", "Streets by on-time closure rate"),
        ("team", "closure"): translate("BulletinReport", "Teams by closure rate"),
        ("team", "on_time"): translate("BulletinReport", "Teams by on-time closure rate"),
    }
    return titles[(scope, by)]


def _scope_names(words: ReportWords) -> dict[str, str]:
    translate = words.translate
    return {"grid": translate("BulletinReport", "Grids"),
            "community": translate("BulletinReport", "Communities"),
            "street": translate("BulletinReport", "Streets"),
            "team": translate("BulletinReport", "Teams")}


def bulletin_report(b: Bulletin, generated_at: datetime, timezone: str,
                    words: ReportWords = ENGLISH) -> Report:
    """The month's bulletin as a printable report, in the language of ``words``."""
    translate = words.translate
    o = b.overall
    summary = ReportTable(
        translate("BulletinReport", "Whole district"),
        (translate("BulletinReport", "Figure"), translate("BulletinReport", "Value")), (
            (translate("BulletinReport", "Cases registered"), str(o.registered)),
            (translate("BulletinReport", "Cases closed"), str(o.closed)),
            (translate("BulletinReport", "Closure rate"), rate_text(o.closure_rate)),
            (translate("BulletinReport", "Deadlines due"), str(o.due)),
            (translate("BulletinReport", "Closed on time"), str(o.closed_on_time)),
            (translate("BulletinReport", "On-time closure rate"), rate_text(o.on_time_rate)),
            (translate("BulletinReport", "Mean hours to close"),
             hours_text(o.mean_time_to_close_s)),
            (translate("BulletinReport", "90th percentile hours to close"),
             hours_text(o.p90_time_to_close_s)),
            (translate("BulletinReport", "Rework rate"), rate_text(o.rework_rate)),
            (translate("BulletinReport",
                       "Escalations: warning / breached / breached for long"),
             " / ".join(str(n) for n in o.escalations)),
        ))
    sections = [ReportSection(translate("BulletinReport", "Summary"), (
        ReportParagraph(translate(
            "BulletinReport", "Monthly bulletin for {month}: {registered} cases registered, "
            "{closed} closed; closure rate {closure}, on-time closure rate {on_time}.").format(
                month=b.month, registered=o.registered, closed=o.closed,
                closure=rate_text(o.closure_rate) or "—",
                on_time=rate_text(o.on_time_rate) or "—")),
        summary))]
    for scope, rows in b.ranked():
        for by in ("closure", "on_time"):
            title = _ranking_title(scope, by, words)
            sections.append(ReportSection(title, (_rank_chart(title, rows, by),
                                                  _rank_table(title, rows, by, words))))
    sections.append(ReportSection(translate("BulletinReport", "Drills held"), (
        ReportTable(translate("BulletinReport", "Drills held"),
                    (translate("BulletinReport", "Incident"),
                     translate("BulletinReport", "Title"),
                     translate("BulletinReport", "Level"),
                     translate("BulletinReport", "Held on")),
                    tuple((d.reference, d.title, LEVELS[d.level].roman,
                           stamp_text(d.occurred_at, zone_named(timezone)))
                          for d in b.drills),
                    translate("BulletinReport", "No drills this month.")),
        ReportParagraph(translate("BulletinReport",
                                  "Drills are not counted in the figures above.")))))
    if b.joint is not None:
        sections.append(joint_section(b.joint, words))
    sections.append(ReportSection(translate("BulletinReport", "Definitions"), (
        ReportParagraph(definitions(words)),)))
    scopes = _scope_names(words)
    return Report(
        translate("BulletinReport", "Watchroom monthly bulletin {month}").format(month=b.month),
        translate("BulletinReport", "{scopes} ranked by closure and on-time closure rates")
        .format(scopes=translate("BulletinReport", ", ").join(
            scopes[scope] for scope, _ in b.ranked())),
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


# ---- joint handling (issue 22) -------------------------------------------------------

JOINT_SCOPES: tuple[JointLevel, ...] = ("grid", "street", "team")
JOINT_CSV_COLUMNS = ("scope", "code", "name", "whistled", "reported_in",
                     "mean_report_in_min", "received", "returns", "return_rate",
                     "returned_not_our_jurisdiction", "returned_wrong_address",
                     "returned_duplicate", "returned_insufficient_information",
                     "disputes_ruled", "callbacks_due", "callbacks_done", "callback_rate",
                     "satisfaction_rate", "resolution_rate", "parts_finished",
                     "parts_on_time_rate")


@dataclass(frozen=True, slots=True)
class JointBulletin:
    """The month's joint-handling figures: overall, and per grid, street and team (a
    level the territory lacks has no rows)."""

    overall: JointFigures
    rows: tuple[tuple[str, tuple[JointFigures, ...]], ...]


def build_joint(joint: JointKpiService, start: datetime, end: datetime) -> JointBulletin:
    return JointBulletin(joint.summary(start, end), tuple(
        (scope, found) for scope in JOINT_SCOPES
        if (found := tuple(joint.by(start, end, scope)))))


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def joint_csv(j: JointBulletin) -> str:
    """One line per grid, street and team with the joint-handling figures (rates as
    fractions); the whole district first, as scope ``all``."""
    out = io.StringIO()
    w = csv_writer(out)
    w.writerow(JOINT_CSV_COLUMNS)
    for scope, rows in (("all", (j.overall,)), *j.rows):
        for r in rows:
            w.writerow((scope, r.key, r.label, r.whistled, r.reported_in,
                        _minutes(r.mean_report_in_s), r.received, r.returns,
                        _ratio(r.return_rate), *r.returns_by_reason.values(), r.ruled,
                        r.callbacks_due, r.callbacks_done, _ratio(r.callback_rate),
                        _ratio(r.satisfaction_rate), _ratio(r.resolution_rate),
                        r.parts_finished, _ratio(r.parts_on_time_rate)))
    return out.getvalue()


def joint_section(j: JointBulletin, words: ReportWords = ENGLISH) -> ReportSection:
    """The bulletin's joint-handling section: one table per grid, street and team."""
    translate = words.translate
    columns = (translate("BulletinReport", "Code"), translate("BulletinReport", "Name"),
               translate("BulletinReport", "Whistles"),
               translate("BulletinReport", "Mean min to report in"),
               translate("BulletinReport", "Returns"),
               translate("BulletinReport", "Return rate"),
               translate("BulletinReport", "Disputes ruled"),
               translate("BulletinReport", "Callback rate"),
               translate("BulletinReport", "Satisfaction rate"),
               translate("BulletinReport", "Resolution rate"),
               translate("BulletinReport", "Parts on time"))
    names = _scope_names(words)
    tables = []
    for scope, rows in (("all", (j.overall,)), *j.rows):
        title = (translate("BulletinReport", "Whole district") if scope == "all"
                 else names[scope])
        tables.append(ReportTable(title, columns, tuple(
            (r.key, words.place(r.label, r.label_zh) if r.key else "",
             str(r.whistled), _minutes(r.mean_report_in_s), str(r.returns),
             rate_text(r.return_rate), str(r.ruled), rate_text(r.callback_rate),
             rate_text(r.satisfaction_rate), rate_text(r.resolution_rate),
             rate_text(r.parts_on_time_rate)) for r in rows)))
    return ReportSection(translate("BulletinReport", "Joint handling"), (
        *tables, ReportParagraph(translate(
            "BulletinReport",
            "Whistles: assisting teams summoned by a whistle. Return rate: returns divided "
            "by the cases a team received as lead. Callback rate: callbacks recorded "
            "divided by callbacks due. Satisfaction rate: satisfied and basically satisfied "
            "divided by callbacks recorded. Resolution rate: callbacks where the citizen "
            "says the problem is resolved divided by callbacks recorded. Parts on time: "
            "assisting parts finished before their deadline divided by parts finished."))))
