"""The text of a report upward (首报, 续报, 终报), generated from the incident's data for
the coordinator to edit and sign: what happened, level, area, cases and their state,
figures, teams committed, and the open tasks as next steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

from console.core.local_time import minute_text
from console.incidents.domain import (
    DRILL_MARK,
    FIGURE_NAMES,
    FIGURES,
    KIND_NAMES,
    LEVELS,
    REPORT_NAMES,
    IncidentDetail,
    TaskStatus,
)
from console.paging.messages import STAGES_ZH

NAMED_CASES = 10  # cases named one by one; the rest are counted by stage


def _chinese(lang: str) -> bool:
    return lang.lower().startswith("zh")


def _joined(parts: Iterable[str], zh: bool) -> str:
    return ("、" if zh else ", ").join(parts)


def report_text(detail: IncidentDetail, kind: str, lang: str, *, zone: tzinfo = UTC,
                now: datetime | None = None) -> str:
    """The report of ``kind`` (``first``, ``followup``, ``final``) in ``lang`` (``en`` or
    ``zh``/``zh_CN``), times in ``zone`` (the center's); ``now`` is the time written as
    "as of" (default: the last thing that happened to the incident)."""
    zh = _chinese(lang)
    row = detail.row
    level = LEVELS[row.level]
    kind_name = KIND_NAMES[row.kind][1 if zh else 0]
    report_name = REPORT_NAMES[kind][1 if zh else 0]
    number = 1 + sum(1 for r in detail.reports if r.kind == kind)
    lines: list[str] = []
    if row.drill:
        lines.append(DRILL_MARK)
    when = minute_text(now, zone) if now is not None else ""
    if zh:
        heading = f"{report_name}" + (f"（第{number}次）" if kind == "followup" else "")
        lines.append(f"{heading} · {row.reference} {row.title}")
        if when:
            lines.append(f"截至 {when}")
        lines.append("")
        lines.append(f"一、事件概况：{minute_text(row.occurred_at, zone)}发生{kind_name}"
                     f"事件“{row.title}”，{minute_text(row.declared_at, zone)}启动应急响应，"
                     f"指挥长{row.commander or '—'}。")
        lines.append(f"二、响应级别：{level.roman}级（{level.name_zh}）。")
        lines.append("三、影响区域：" + (_joined(detail.grids, zh) if detail.grids
                                         else "未指定网格") + "。")
    else:
        heading = report_name + (f" no. {number}" if kind == "followup" else "")
        lines.append(f"{heading} · {row.reference} {row.title}")
        if when:
            lines.append(f"As of {when}")
        lines.append("")
        lines.append(f"1. What happened: {kind_name.lower()} incident \"{row.title}\", "
                     f"occurred {minute_text(row.occurred_at, zone)}, response declared "
                     f"{minute_text(row.declared_at, zone)}; commander "
                     f"{row.commander or '—'}.")
        lines.append(f"2. Response level: {level.roman} ({level.name}).")
        lines.append("3. Area: " + (_joined(detail.grids, zh) if detail.grids
                                     else "no grids named") + ".")
    lines.append(_cases_line(detail, zh))
    lines.extend(_case_lines(detail, zh))
    lines.append(_figures_line(detail, zh))
    lines.append(_teams_line(detail, zh))
    if kind != "final":
        lines.append(_next_steps_line(detail, zh))
        lines.extend(_next_step_lines(detail, zh, zone))
    if kind == "final":
        summary = detail.summary.strip()
        if zh:
            lines.append("七、处置结果：" + (summary or "应急响应已解除。"))
        else:
            lines.append("7. Outcome: " + (summary or "The response has stood down."))
    return "\n".join(lines)


def _stage_name(stage: str, zh: bool) -> str:
    return STAGES_ZH.get(stage, stage) if zh else stage.replace("_", " ")


def _cases_line(detail: IncidentDetail, zh: bool) -> str:
    cases = [c for c in detail.cases if c.state == "confirmed"]
    alerts = sum(1 for a in detail.alerts if a.state == "confirmed")
    stages = _joined((f"{_stage_name(stage, zh)} {n}" for stage, n in
                      sorted(detail.stage_counts.items())), zh)
    if zh:
        text = f"四、关联案件 {len(cases)} 件" + (f"（{stages}）" if stages else "")
        return text + f"，关联警情 {alerts} 条。"
    text = f"4. Cases linked: {len(cases)}" + (f" ({stages})" if stages else "")
    return text + f"; alerts linked: {alerts}."


def _case_lines(detail: IncidentDetail, zh: bool) -> list[str]:
    cases = [c for c in detail.cases if c.state == "confirmed"]
    lines = [f"   {c.reference} {c.title}（{_stage_name(c.status, zh)}）" if zh
             else f"   {c.reference} {c.title} ({_stage_name(c.status, zh)})"
             for c in cases[:NAMED_CASES]]
    more = len(cases) - NAMED_CASES
    if more > 0:
        lines.append(f"   另有 {more} 件" if zh else f"   and {more} more")
    return lines


def _figures_line(detail: IncidentDetail, zh: bool) -> str:
    given = [(name, detail.figures[name]) for name in FIGURES if name in detail.figures]
    if zh:
        text = _joined((f"{FIGURE_NAMES[n][1]} {v} 人" for n, v in given), zh)
        return "五、人员伤亡及影响：" + (text or "暂无统计") + "。"
    text = _joined((f"{FIGURE_NAMES[n][0].lower()} {v}" for n, v in given), zh)
    return "5. Casualties and impact: " + (text or "no figures entered yet") + "."


def _teams_line(detail: IncidentDetail, zh: bool) -> str:
    teams = [t for t in detail.teams if t.committed]
    if zh:
        text = _joined((f"{t.name}（{t.task}）" if t.task else t.name for t in teams), zh)
        return "六、投入力量：" + (text or "暂无") + "。"
    text = _joined((f"{t.name} ({t.task})" if t.task else t.name for t in teams), zh)
    return "6. Teams committed: " + (text or "none yet") + "."


def _next_steps_line(detail: IncidentDetail, zh: bool) -> str:
    open_tasks = [t for t in detail.tasks if t.status is TaskStatus.OPEN]
    if zh:
        return "下一步工作：" + ("" if open_tasks else "无待办任务。")
    return "Next steps:" + ("" if open_tasks else " no open tasks.")


def _next_step_lines(detail: IncidentDetail, zh: bool, zone: tzinfo) -> list[str]:
    return [f"   {t.code} {(t.title_zh or t.title) if zh else t.title}"
            + (f"（{t.owner}，{minute_text(t.due_at, zone)}前）" if zh
               else f" ({t.owner}, due {minute_text(t.due_at, zone)})")
            for t in detail.tasks if t.status is TaskStatus.OPEN]
