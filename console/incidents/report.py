"""Reports of an incident as printable documents: the reports upward (首报 first, 续报
follow-up, 终报 final) generated from its data, the after-action review, and the incident
log (ICS 214). Words come from ``ReportWords``, so the paper is in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from console.core.durations import late_text
from console.core.local_time import stamp_text
from console.incidents.domain import (
    DRILL_MARK,
    FIGURE_NAMES,
    FIGURES,
    KIND_NAMES,
    LEVELS,
    IncidentDetail,
    LogLine,
    TaskKind,
    TaskStatus,
)
from console.reports.document import Report, ReportParagraph, ReportSection, ReportTable
from console.reports.wording import ReportWords

REPORT_KINDS_ALL = ("first", "followup", "final", "review", "log")


def _zh(words: ReportWords) -> bool:
    """Whether the words are Chinese (they name a place by its Chinese name)."""
    return words.place("en", "zh") == "zh"


def _level(detail: IncidentDetail, zh: bool) -> str:
    level = LEVELS[detail.row.level]
    return f"{level.roman} {level.name_zh if zh else level.name}"


def _kind(detail: IncidentDetail, zh: bool) -> str:
    en, cn = KIND_NAMES[detail.row.kind]
    return cn if zh else en


def report_title(detail: IncidentDetail, kind: str, words: ReportWords) -> str:
    translate = words.translate
    names = {
        "first": translate("IncidentReport", "First report"),
        "followup": translate("IncidentReport", "Follow-up report"),
        "final": translate("IncidentReport", "Final report"),
        "review": translate("IncidentReport", "After-action review"),
        "log": translate("IncidentReport", "Incident log"),
    }
    drill = f"{DRILL_MARK} · " if detail.row.drill else ""
    return f"{drill}{names[kind]}: {detail.row.reference} {detail.row.title}"


def _facts(
    detail: IncidentDetail, zone: ZoneInfo, now: datetime, words: ReportWords
) -> ReportTable:
    translate, zh = words.translate, _zh(words)
    row = detail.row
    elapsed = int((now - row.occurred_at).total_seconds() // 60)
    rows = [
        (translate("IncidentReport", "Type"), _kind(detail, zh)),
        (translate("IncidentReport", "Response level"), _level(detail, zh)),
        (translate("IncidentReport", "Happened at"), stamp_text(row.occurred_at, zone)),
        (translate("IncidentReport", "Declared at"), stamp_text(row.declared_at, zone)),
        (translate("IncidentReport", "Elapsed"), late_text(max(0, elapsed))),
        (translate("IncidentReport", "Commander"), row.commander),
        (translate("IncidentReport", "Area (grids)"), ", ".join(detail.grids) or "—"),
        (translate("IncidentReport", "Plans"), ", ".join(detail.plan_codes) or "—"),
    ]
    for name in FIGURES:
        if name in detail.figures:
            en, cn = FIGURE_NAMES[name]
            rows.append((cn if zh else en, str(detail.figures[name])))
    return ReportTable(
        translate("IncidentReport", "The incident"),
        (translate("IncidentReport", "Item"), translate("IncidentReport", "Value")),
        tuple(rows),
    )


def _cases(detail: IncidentDetail, words: ReportWords) -> ReportTable:
    translate = words.translate
    confirmed = [c for c in detail.cases if c.state == "confirmed"]
    return ReportTable(
        translate("IncidentReport", "Cases"),
        (
            translate("IncidentReport", "Case"),
            translate("IncidentReport", "Title"),
            translate("IncidentReport", "Grid"),
            translate("IncidentReport", "Stage"),
        ),
        tuple((c.reference, c.title, c.grid, words.stage(c.status)) for c in confirmed),
        translate("IncidentReport", "No cases linked."),
    )


def _teams(detail: IncidentDetail, words: ReportWords) -> ReportTable:
    translate = words.translate
    return ReportTable(
        translate("IncidentReport", "Teams committed"),
        (translate("IncidentReport", "Team"), translate("IncidentReport", "Task")),
        tuple((x.code, x.task) for x in detail.teams if x.committed),
        translate("IncidentReport", "No teams committed."),
    )


def _task_title(title: str, title_zh: str, zh: bool) -> str:
    return (title_zh or title) if zh else title


def _tasks(
    detail: IncidentDetail, zone: ZoneInfo, words: ReportWords, *, open_only: bool
) -> ReportTable:
    translate, zh = words.translate, _zh(words)
    states = {
        TaskStatus.OPEN: translate("IncidentReport", "open"),
        TaskStatus.DONE: translate("IncidentReport", "done"),
        TaskStatus.SKIPPED: translate("IncidentReport", "skipped"),
    }
    rows = []
    for task in detail.tasks:
        if open_only and task.status is not TaskStatus.OPEN:
            continue
        timing = (
            ""
            if task.on_time is None
            else (
                translate("IncidentReport", "on time")
                if task.on_time
                else translate("IncidentReport", "late")
            )
        )
        rows.append(
            (
                task.code,
                _task_title(task.title, task.title_zh, zh),
                task.owner,
                stamp_text(task.due_at, zone),
                states[task.status],
                timing,
            )
        )
    title = (
        translate("IncidentReport", "Next steps (open tasks)")
        if open_only
        else translate("IncidentReport", "Tasks")
    )
    return ReportTable(
        title,
        (
            translate("IncidentReport", "Task"),
            translate("IncidentReport", "What"),
            translate("IncidentReport", "Who"),
            translate("IncidentReport", "Due"),
            translate("IncidentReport", "State"),
            translate("IncidentReport", "Timeliness"),
        ),
        tuple(rows),
        translate("IncidentReport", "None."),
    )


def _log(lines: Sequence[LogLine], zone: ZoneInfo, words: ReportWords) -> ReportTable:
    translate = words.translate
    return ReportTable(
        translate("IncidentReport", "Incident log"),
        (
            translate("IncidentReport", "When"),
            translate("IncidentReport", "Who"),
            translate("IncidentReport", "What"),
        ),
        tuple((stamp_text(line.at, zone), line.operator, line.text) for line in lines),
        translate("IncidentReport", "No entries."),
    )


def report_document(
    detail: IncidentDetail,
    log: Sequence[LogLine],
    kind: str,
    now: datetime,
    zone: ZoneInfo,
    words: ReportWords,
    text: str = "",
) -> Report:
    """The document of one report: ``first``/``followup``/``final`` upward (with the
    coordinator's ``text``), ``review`` (after-action) or ``log`` (ICS 214)."""
    translate = words.translate
    sections: list[ReportSection] = []
    if text.strip():
        sections.append(
            ReportSection(translate("IncidentReport", "Summary"), (ReportParagraph(text.strip()),))
        )
    if kind == "log":
        sections.append(
            ReportSection(
                translate("IncidentReport", "Incident log"),
                (_facts(detail, zone, now, words), _log(log, zone, words)),
            )
        )
    elif kind == "review":
        sections += _review(detail, log, zone, now, words)
    else:
        blocks = [
            _facts(detail, zone, now, words),
            _cases(detail, words),
            _teams(detail, words),
            _tasks(detail, zone, words, open_only=kind != "final"),
        ]
        sections.append(ReportSection(translate("IncidentReport", "Situation"), tuple(blocks)))
    subtitle = f"{detail.row.reference} · {_level(detail, _zh(words))}"
    return Report(
        title=report_title(detail, kind, words),
        subtitle=subtitle,
        generated_at=now,
        sections=tuple(sections),
        timezone=zone.key,
    )


def _review(
    detail: IncidentDetail,
    log: Sequence[LogLine],
    zone: ZoneInfo,
    now: datetime,
    words: ReportWords,
) -> list[ReportSection]:
    translate = words.translate
    tasks = [x for x in detail.tasks if x.kind is TaskKind.TASK]
    done = [x for x in tasks if x.status is TaskStatus.DONE]
    on_time = sum(1 for x in done if x.on_time)
    reports_on_time = sum(1 for r in detail.reports if r.on_time)
    figures = translate(
        "IncidentReport",
        "{done} of {total} tasks done, {on_time} on time; "
        "{reports} reports sent, {reports_on_time} on time.",
    ).format(
        done=len(done),
        total=len(tasks),
        on_time=on_time,
        reports=len(detail.reports),
        reports_on_time=reports_on_time,
    )
    reports = ReportTable(
        translate("IncidentReport", "Reports upward"),
        (
            translate("IncidentReport", "Report"),
            translate("IncidentReport", "Sent"),
            translate("IncidentReport", "Due"),
            translate("IncidentReport", "Timeliness"),
            translate("IncidentReport", "Signed by"),
        ),
        tuple(
            (
                f"{r.kind} {r.number}",
                stamp_text(r.sent_at, zone),
                stamp_text(r.due_at, zone) if r.due_at else "—",
                ""
                if r.on_time is None
                else translate("IncidentReport", "on time")
                if r.on_time
                else translate("IncidentReport", "late"),
                r.signed_by,
            )
            for r in detail.reports
        ),
        translate("IncidentReport", "None."),
    )
    out = [
        ReportSection(
            translate("IncidentReport", "The incident"),
            (_facts(detail, zone, now, words), ReportParagraph(detail.summary or "—")),
        ),
        ReportSection(
            translate("IncidentReport", "Timeliness"),
            (ReportParagraph(figures), _tasks(detail, zone, words, open_only=False), reports),
        ),
        ReportSection(translate("IncidentReport", "Teams involved"), (_teams(detail, words),)),
        ReportSection(
            translate("IncidentReport", "What to change in the plan"),
            (ReportParagraph(detail.review or "—"),),
        ),
        ReportSection(translate("IncidentReport", "Timeline"), (_log(log, zone, words),)),
    ]
    return out
