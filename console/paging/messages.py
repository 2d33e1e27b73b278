"""What a page says, in the center's language: the case (or hazard, shift, alert), its
title, grid and stage, how late, and the code that acknowledges it — as plain text,
HTML (e-mail), markdown (robots) and one short line (SMS)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.core.durations import late_text, span_parts
from console.incidents.domain import DRILL_MARK

# Zones of Chinese-language centers: without a language setting, a center whose name is
# written in Chinese or whose zone is one of these is paged in Chinese.
CHINESE_ZONES = frozenset({"Asia/Shanghai", "Asia/Urumqi", "Asia/Chongqing", "Asia/Harbin",
                           "Asia/Kashgar", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei",
                           "PRC"})
_CJK = re.compile(r"[\u4e00-\u9fff]")

# The console's own words (resources/translations): 风险源, 巡查, 环节, 长时间超时.
STAGES_ZH = {"reported": "已上报", "registered": "已立案", "dispatched": "已派遣",
             "in_progress": "处置中", "resolved": "已处置", "verified": "已核查",
             "closed": "已结案"}
LEVELS_ZH = {1: "预警", 2: "超时（督办）", 3: "长时间超时（指挥长）"}
LEVELS_EN = {1: "warning", 2: "breached (supervisor)", 3: "breached for long (commander)"}
KINDS_ZH = {"register": "立案", "dispatch": "派遣", "resolve": "处置", "inspection": "巡查"}


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    text: str
    html: str
    markdown: str
    short: str  # one line for SMS


def center_language(center_name: str, zone: str) -> str:
    """``zh`` for a Chinese-language center (its name in Chinese, or a Chinese zone),
    else ``en``. Watchroom has no language setting of the center's own; this is it."""
    return "zh" if _CJK.search(center_name) or zone in CHINESE_ZONES else "en"


def late_text_zh(minutes: int) -> str:
    """``late_text`` in Chinese: ``2天06小时``, ``3小时05分钟``, ``40分钟``, ``不到1分钟``."""
    days, hours, mins = span_parts(minutes)
    if days:
        return f"{days}天{hours:02d}小时"
    if hours:
        return f"{hours}小时{mins:02d}分钟"
    return f"{mins}分钟" if mins else "不到1分钟"


def compose(facts: Mapping[str, Any], code: str, lang: str, *, repeat_no: int = 0,
            test: bool = False) -> Message:
    """The message of a page with ``facts`` (as the outbox stored them)."""
    lines = _lines_zh(facts, code, repeat_no) if lang == "zh" else \
        _lines_en(facts, code, repeat_no)
    subject, body = lines[0], lines[1:]
    if facts.get("drill"):  # a drill's pages say so first, in both languages
        subject = f"{DRILL_MARK} {subject}"
    if test:
        subject = ("【测试】" if lang == "zh" else "[TEST] ") + subject
    text = "\n".join([subject, "", *body])
    rows = "".join(f"<p>{html.escape(line)}</p>" for line in body)
    page_html = (f'<html><body><h3>{html.escape(subject)}</h3>{rows}</body></html>')
    markdown = "\n\n".join([f"### {subject}", *body])
    short = f"{subject} " + " ".join(body[:1] + body[-1:])
    return Message(subject, text, page_html, markdown, short[:300])


def _late(facts: Mapping[str, Any], lang: str) -> str:
    minutes = facts.get("minutes_late")
    if minutes is None:
        return ""
    minutes = int(minutes)
    if lang == "zh":
        return f"超时{late_text_zh(minutes)}" if minutes >= 0 else \
            f"{late_text_zh(minutes)}后到期"
    return f"{late_text(minutes)} late" if minutes >= 0 else f"due in {late_text(minutes)}"


def _lines_zh(facts: Mapping[str, Any], code: str, repeat_no: int) -> list[str]:
    subject = facts.get("subject", "case")
    ref, title = facts.get("reference", ""), facts.get("title", "")
    again = f"（第{repeat_no + 1}次）" if repeat_no else ""
    level = facts.get("level")
    if subject == "case":
        kind = KINDS_ZH.get(str(facts.get("kind", "")), str(facts.get("kind", "")))
        head = f"案件{ref}{kind}时限{LEVELS_ZH.get(int(level or 0), '')}{again}"
    elif subject == "hazard":
        head = f"风险源{ref}巡查超期{again}"
    elif subject == "incident_task":
        head = f"突发事件任务{ref}时限{LEVELS_ZH.get(int(level or 0), '')}{again}"
    elif subject == "shift":
        head = f"值班缺员：{ref}{again}"
    else:
        head = f"紧急预警：{title or ref}{again}"
    body = [f"标题：{title}"] if title else []
    if facts.get("grid"):
        body.append(f"网格：{facts['grid']}")
    if facts.get("stage"):
        body.append(f"环节：{STAGES_ZH.get(str(facts['stage']), facts['stage'])}")
    late = _late(facts, "zh")
    if late:
        body.append(f"时间：{late}")
    if facts.get("detail"):
        body.append(str(facts["detail"]))
    body.append(f"确认码：{code}（回复或执行 page ack {code}）")
    return [head, *body]


def _lines_en(facts: Mapping[str, Any], code: str, repeat_no: int) -> list[str]:
    subject = facts.get("subject", "case")
    ref, title = facts.get("reference", ""), facts.get("title", "")
    again = f" (page {repeat_no + 1})" if repeat_no else ""
    level = facts.get("level")
    if subject == "case":
        head = (f"Case {ref}: {facts.get('kind', '')} deadline "
                f"{LEVELS_EN.get(int(level or 0), '')}{again}")
    elif subject == "hazard":
        head = f"Hazard {ref}: inspection overdue{again}"
    elif subject == "incident_task":
        head = f"Incident task {ref}: deadline {LEVELS_EN.get(int(level or 0), '')}{again}"
    elif subject == "shift":
        head = f"Readiness gap: {ref}{again}"
    else:
        head = f"Critical alert: {title or ref}{again}"
    body = [f"Title: {title}"] if title else []
    if facts.get("grid"):
        body.append(f"Grid: {facts['grid']}")
    if facts.get("stage"):
        body.append(f"Stage: {str(facts['stage']).replace('_', ' ')}")
    late = _late(facts, "en")
    if late:
        body.append(f"Time: {late}")
    if facts.get("detail"):
        body.append(str(facts["detail"]))
    body.append(f"Acknowledge code: {code} (page ack {code})")
    return [head, *body]
