"""Reports of an incident as printable documents: the reports upward (首报 first, 续报
follow-up, 终报 final) generated from its data, the after-action review, and the incident
log (ICS 214). Words come from ``ReportWords``, so the paper is in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from console.core.durations import late_text
from console.core.local_time import minute_text
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
    t = words.translate
    names = {"first": t("IncidentReport", "First report"),
             "followup": t("IncidentReport", "Follow-up report"),
             "final": t("IncidentReport", "Final report"),
             "review": t("IncidentReport", "After-action review"),
             "log": t("IncidentReport", "Incident log")}
    drill = f"{DRILL_MARK} · " if detail.row.drill else ""
    return f"{drill}{names[kind]}: {detail.row.reference} {detail.row.title}"


def _facts(detail: IncidentDetail, zone: ZoneInfo, now: datetime,
           words: ReportWords) -> ReportTable:
    t, zh = words.translate, _zh(words)
    row = detail.row
    elapsed = int((now - row.occurred_at).total_seconds() // 60)
    rows = [
        (t("IncidentReport", "Type"), _kind(detail, zh)),
        (t("IncidentReport", "Response level"), _level(detail, zh)),
        (t("IncidentReport", "Happened at"), minute_text(row.occurred_at, zone)),
        (t("IncidentReport", "Declared at"), minute_text(row.declared_at, zone)),
        (t("IncidentReport", "Elapsed"), late_text(max(0, elapsed))),
        (t("IncidentReport", "Commander"), row.commander),
        (t("IncidentReport", "Area (grids)"), ", ".join(detail.grids) or "—"),
        (t("IncidentReport", "Plans"), ", ".join(detail.plan_codes) or "—"),
    ]
    for name in FIGURES:
        if name in detail.figures:
            en, cn = FIGURE_NAMES[name]
            rows.append((cn if zh else en, str(detail.figures[name])))
    return ReportTable(t("IncidentReport", "The incident"),
                       (t("IncidentReport", "Item"), t("IncidentReport", "Value")),
                       tuple(rows))


def _cases(detail: IncidentDetail, words: ReportWords) -> ReportTable:
    t = words.translate
    confirmed = [c for c in detail.cases if c.state == "confirmed"]
    return ReportTable(t("IncidentReport", "Cases"),
                       (t("IncidentReport", "Case"), t("IncidentReport", "Title"),
                        t("IncidentReport", "Grid"), t("IncidentReport", "Stage")),
                       tuple((c.reference, c.title, c.grid, words.stage(c.status))
                             for c in confirmed),
                       t("IncidentReport", "No cases linked."))


def _teams(detail: IncidentDetail, words: ReportWords) -> ReportTable:
    t = words.translate
    return ReportTable(t("IncidentReport", "Teams committed"),
                       (t("IncidentReport", "Team"), t("IncidentReport", "Task")),
                       tuple((x.code, x.task) for x in detail.teams if x.committed),
                       t("IncidentReport", "No teams committed."))


def _task_title(title: str, title_zh: str, zh: bool) -> str:
    return (title_zh or title) if zh else title


def _tasks(detail: IncidentDetail, zone: ZoneInfo, words: ReportWords, *,
           open_only: bool) -> ReportTable:
    t, zh = words.translate, _zh(words)
    states = {TaskStatus.OPEN: t("IncidentReport", "open"),
              TaskStatus.DONE: t("IncidentReport", "done"),
              TaskStatus.SKIPPED: t("IncidentReport", "skipped")}
    rows = []
    for task in detail.tasks:
        if open_only and task.status is not TaskStatus.OPEN:
            continue
        timing = "" if task.on_time is None else (
            t("IncidentReport", "on time") if task.on_time else t("IncidentReport", "late"))
        rows.append((task.code, _task_title(task.title, task.title_zh, zh), task.owner,
                     minute_text(task.due_at, zone), states[task.status], timing))
    title = t("IncidentReport", "Next steps (open tasks)") if open_only \
        else t("IncidentReport", "Tasks")
    return ReportTable(title, (t("IncidentReport", "Task"), t("IncidentReport", "What"),
                               t("IncidentReport", "Who"), t("IncidentReport", "Due"),
                               t("IncidentReport", "State"), t("IncidentReport", "Timeliness")),
                       tuple(rows), t("IncidentReport", "None."))


def _log(lines: Sequence[LogLine], zone: ZoneInfo, words: ReportWords) -> ReportTable:
    t = words.translate
    return ReportTable(t("IncidentReport", "Incident log"),
                       (t("IncidentReport", "When"), t("IncidentReport", "Who"),
                        t("IncidentReport", "What")),
                       tuple((minute_text(line.at, zone), line.operator, line.text)
                             for line in lines), t("IncidentReport", "No entries."))


def report_document(detail: IncidentDetail, log: Sequence[LogLine], kind: str,
                    now: datetime, zone: ZoneInfo, words: ReportWords,
                    text: str = "") -> Report:
    """The document of one report: ``first``/``followup``/``final`` upward (with the
    coordinator's ``text``), ``review`` (after-action) or ``log`` (ICS 214)."""
    t = words.translate
    sections: list[ReportSection] = []
    if text.strip():
        sections.append(ReportSection(t("IncidentReport", "Summary"),
                                      (ReportParagraph(text.strip()),)))
    if kind == "log":
        sections.append(ReportSection(t("IncidentReport", "Incident log"),
                                      (_facts(detail, zone, now, words),
                                       _log(log, zone, words))))
    elif kind == "review":
        sections += _review(detail, log, zone, now, words)
    else:
        blocks = [_facts(detail, zone, now, words), _cases(detail, words),
                  _teams(detail, words),
                  _tasks(detail, zone, words, open_only=kind != "final")]
        sections.append(ReportSection(t("IncidentReport", "Situation"), tuple(blocks)))
    subtitle = f"{detail.row.reference} · {_level(detail, _zh(words))}"
    return Report(title=report_title(detail, kind, words), subtitle=subtitle,
                  generated_at=now, sections=tuple(sections), timezone=zone.key)


def _review(detail: IncidentDetail, log: Sequence[LogLine], zone: ZoneInfo, now: datetime,
            words: ReportWords) -> list[ReportSection]:
    t = words.translate
    tasks = [x for x in detail.tasks if x.kind is TaskKind.TASK]
    done = [x for x in tasks if x.status is TaskStatus.DONE]
    on_time = sum(1 for x in done if x.on_time)
    reports_on_time = sum(1 for r in detail.reports if r.on_time)
    figures = t("IncidentReport", "{done} of {total} tasks done, {on_time} on time; "
                                  "{reports} reports sent, {reports_on_time} on time.").format(
        done=len(done), total=len(tasks), on_time=on_time, reports=len(detail.reports),
        reports_on_time=reports_on_time)
    reports = ReportTable(t("IncidentReport", "Reports upward"),
                          (t("IncidentReport", "Report"), t("IncidentReport", "Sent"),
                           t("IncidentReport", "Due"), t("IncidentReport", "Timeliness"),
                           t("IncidentReport", "Signed by")),
                          tuple((f"{r.kind} {r.number}", minute_text(r.sent_at, zone),
                                 minute_text(r.due_at, zone) if r.due_at else "—",
                                 "" if r.on_time is None else
                                 t("IncidentReport", "on time") if r.on_time
                                 else t("IncidentReport", "late"), r.signed_by)
                                for r in detail.reports), t("IncidentReport", "None."))
    out = [ReportSection(t("IncidentReport", "The incident"),
                         (_facts(detail, zone, now, words),
                          ReportParagraph(detail.summary or "—"))),
           ReportSection(t("IncidentReport", "Timeliness"),
                         (ReportParagraph(figures),
                          _tasks(detail, zone, words, open_only=False), reports)),
           ReportSection(t("IncidentReport", "Teams involved"), (_teams(detail, words),)),
           ReportSection(t("IncidentReport", "What to change in the plan"),
                         (ReportParagraph(detail.review or "—"),)),
           ReportSection(t("IncidentReport", "Timeline"), (_log(log, zone, words),))]
    return out


def report_text(detail: IncidentDetail, kind: str, now: datetime, zone: ZoneInfo,
                words: ReportWords) -> str:
    """The same report as plain text (what is pasted into a message upward)."""
    doc = report_document(detail, [], kind, now, zone, words)
    lines = [doc.title, doc.subtitle, ""]
    for section in doc.sections:
        lines.append(f"## {section.heading}")
        for block in section.blocks:
            if isinstance(block, ReportParagraph):
                lines.append(block.text)
            elif isinstance(block, ReportTable):
                lines.append(f"{block.title}:")
                if not block.rows:
                    lines.append(f"  {block.empty_text}")
                for row in block.rows:
                    lines.append("  " + " · ".join(cell for cell in row if cell))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
