"""Response plans (预案) from a readable file: YAML (or JSON, which YAML reads too).

A file holds a list ``plans``; each plan is for one incident type at one response level
and lists the tasks its activation creates::

    plans:
      - code: FLOOD-IV
        type: flood            # flood fire hazmat crowd public_health geological other
        level: 4               # 1–4: I 特别重大, II 重大, III 较大, IV 一般
        name: Urban flooding, level IV response
        name_zh: 城市内涝 IV级响应
        tasks:
          - key: notify-leader
            title: Notify the duty leader
            title_zh: 通知值班领导
            role: coordinator  # duty_officer coordinator commander admin; or team: FIRE-1
            within: 15         # minutes from the plan's activation
          - {key: first-report, report: first, within: 60}
          - {key: followup, report: followup, every: 240}   # 续报 every 4 h until stand-down
          - {key: final-report, report: final, within: 1440} # 终报 within a day of stand-down

A plan of a type at level N applies while the incident's level is N or graver: raising a
flood from IV to III activates FLOOD-III's tasks beside FLOOD-IV's (a task key already
made is not made twice). Every mistake is reported with the file, line and reason; the
plans without mistakes are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.incidents.domain import IncidentKind

if TYPE_CHECKING:  # PyYAML (and libyaml) load when a plan file is read or written
    import yaml

ROLES = ("duty_officer", "coordinator", "commander", "admin")
REPORTS = ("first", "followup", "final")
PLAN_FIELDS = frozenset({"code", "type", "level", "name", "name_zh", "tasks"})
TASK_FIELDS = frozenset({"key", "title", "title_zh", "role", "team", "within", "every",
                         "report"})
LIMIT_MAX_MIN = 60 * 24 * 30
REPORT_TITLES = {"first": ("First report upward", "首报"),
                 "followup": ("Follow-up report upward", "续报"),
                 "final": ("Final report upward", "终报")}


@dataclass(frozen=True, slots=True)
class TaskTemplate:
    """One task a plan makes: ``within`` minutes from activation (from the stand-down for
    the final report); a follow-up report repeats ``every`` minutes."""

    key: str
    title: str
    title_zh: str
    role: str | None
    team: str | None
    within_min: int
    every_min: int | None = None
    report: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "title_zh": self.title_zh,
                "role": self.role, "team": self.team, "within": self.within_min,
                "every": self.every_min, "report": self.report}

    @staticmethod
    def from_json(data: dict[str, Any]) -> TaskTemplate:
        return TaskTemplate(key=data["key"], title=data["title"],
                            title_zh=data.get("title_zh") or "", role=data.get("role"),
                            team=data.get("team"), within_min=int(data["within"]),
                            every_min=data.get("every"), report=data.get("report"))


@dataclass(frozen=True)
class PlanSpec:
    code: str
    kind: IncidentKind
    level: int
    name: str
    name_zh: str
    tasks: tuple[TaskTemplate, ...]
    line: int = 0


@dataclass
class PlanFile:
    """What a plan file held: the good plans, and one message per mistake."""

    path: Path
    plans: list[PlanSpec] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Node:
    """A YAML value with the line it starts on (1-based)."""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


def _located(node: yaml.Node) -> _Node:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _Node({str(k.value): _located(v) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_located(v) for v in node.value], line)
    # A scalar as YAML resolves it: 15 is an int, "15" text, true a bool, ~ None.
    value = yaml.SafeLoader("").construct_object(node, deep=True)
    return _Node(value, line)


class _Problem(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _text(node: _Node | None, what: str, owner: _Node, limit: int = 200,
          required: bool = True) -> str:
    if node is None or node.value in (None, ""):
        if required:
            raise _Problem(owner.line, f"{what} is missing")
        return ""
    if not isinstance(node.value, str | int) or isinstance(node.value, bool):
        raise _Problem(node.line, f"{what} must be text")
    text = str(node.value).strip()
    if len(text) > limit:
        raise _Problem(node.line, f"{what} is longer than {limit} characters")
    return text


def _minutes(node: _Node | None, what: str, owner: _Node) -> int:
    if node is None:
        raise _Problem(owner.line, f"{what} is missing (minutes)")
    value = node.value
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Problem(node.line, f"{what} must be a whole number of minutes, not {value!r}")
    if value <= 0:
        raise _Problem(node.line, f"{what} must be more than 0 minutes, not {value}")
    if value > LIMIT_MAX_MIN:
        raise _Problem(node.line, f"{what} must be at most {LIMIT_MAX_MIN} minutes (30 days)")
    return value


def _task(node: _Node, plan_code: str, keys: set[str]) -> TaskTemplate:
    if not isinstance(node.value, dict):
        raise _Problem(node.line, f"plan {plan_code}: a task must be a mapping")
    data: dict[str, _Node] = node.value
    unknown = sorted(set(data) - TASK_FIELDS)
    if unknown:
        raise _Problem(data[unknown[0]].line,
                       f"plan {plan_code}: unknown task field {unknown[0]!r} "
                       f"(known: {', '.join(sorted(TASK_FIELDS))})")
    key = _text(data.get("key"), f"plan {plan_code}: the task's key", node, 40)
    where = f"plan {plan_code}, task {key}"
    if key in keys:
        raise _Problem(data["key"].line, f"{where}: duplicate task key")
    report = _text(data.get("report"), f"{where}: report", node, required=False) or None
    if report is not None and report not in REPORTS:
        raise _Problem(data["report"].line,
                       f"{where}: unknown report {report!r} (use {', '.join(REPORTS)})")
    default_en, default_zh = REPORT_TITLES.get(report or "", ("", ""))
    title = _text(data.get("title"), f"{where}: title", node, required=report is None)
    title_zh = _text(data.get("title_zh"), f"{where}: title_zh", node, required=False)
    role = _text(data.get("role"), f"{where}: role", node, 16, required=False) or None
    team = _text(data.get("team"), f"{where}: team", node, 32, required=False) or None
    if role is not None and role not in ROLES:
        raise _Problem(data["role"].line,
                       f"{where}: unknown role {role!r} (use {', '.join(ROLES)})")
    if role is not None and team is not None:
        raise _Problem(data["team"].line, f"{where}: give a role or a team, not both")
    every = None
    if report == "followup":
        every = _minutes(data.get("every"), f"{where}: every", node)
        within = _minutes(data["within"], f"{where}: within", node) if "within" in data \
            else every
    else:
        if "every" in data:
            raise _Problem(data["every"].line, f"{where}: only a follow-up report repeats")
        within = _minutes(data.get("within"), f"{where}: within", node)
    return TaskTemplate(key=key, title=title or default_en, title_zh=title_zh or default_zh,
                        role=role if role or team else ("coordinator" if report else None),
                        team=team, within_min=within, every_min=every, report=report)


def _plan(node: _Node) -> PlanSpec:
    if not isinstance(node.value, dict):
        raise _Problem(node.line, "a plan must be a mapping")
    data: dict[str, _Node] = node.value
    code = _text(data.get("code"), "the plan's code", node, 32).upper()
    unknown = sorted(set(data) - PLAN_FIELDS)
    if unknown:
        raise _Problem(data[unknown[0]].line,
                       f"plan {code}: unknown field {unknown[0]!r} "
                       f"(known: {', '.join(sorted(PLAN_FIELDS))})")
    kind_text = _text(data.get("type"), f"plan {code}: type", node, 16)
    try:
        kind = IncidentKind(kind_text)
    except ValueError:
        raise _Problem(data["type"].line,
                       f"plan {code}: unknown type {kind_text!r} "
                       f"(use {', '.join(k.value for k in IncidentKind)})") from None
    level_node = data.get("level")
    if level_node is None or level_node.value not in (1, 2, 3, 4):
        raise _Problem(level_node.line if level_node else node.line,
                       f"plan {code}: level must be 1, 2, 3 or 4 (I–IV)")
    tasks_node = data.get("tasks")
    if tasks_node is None or not isinstance(tasks_node.value, list) or not tasks_node.value:
        raise _Problem(tasks_node.line if tasks_node else node.line,
                       f"plan {code}: tasks must be a non-empty list")
    keys: set[str] = set()
    tasks = []
    for task_node in tasks_node.value:
        task = _task(task_node, code, keys)
        keys.add(task.key)
        tasks.append(task)
    return PlanSpec(code=code, kind=kind, level=level_node.value,
                    name=_text(data.get("name"), f"plan {code}: name", node),
                    name_zh=_text(data.get("name_zh"), f"plan {code}: name_zh", node,
                                  required=False),
                    tasks=tuple(tasks), line=node.line)


def _plan_nodes(root: _Node) -> Iterator[_Node]:
    value = root.value
    if isinstance(value, dict) and "plans" in value:
        value = value["plans"].value
    if not isinstance(value, list):
        raise _Problem(root.line, "expected a list of plans (a top-level 'plans:' list)")
    yield from value


def parse_plans(path: Path) -> PlanFile:
    """Read a plan file. A plan with a mistake is left out and named in ``problems``
    (file, line, reason); the others are kept."""
    import yaml

    result = PlanFile(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"{path}: cannot read it ({exc})")
        return result
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        result.problems.append(f"{path}{line}: not a YAML or JSON file ({reason})")
        return result
    if root is None:
        result.problems.append(f"{path}: the file is empty")
        return result
    codes: dict[str, int] = {}
    pairs: dict[tuple[IncidentKind, int], str] = {}
    try:
        nodes = list(_plan_nodes(_located(root)))
    except _Problem as problem:
        result.problems.append(f"{path}, line {problem.line}: {problem.reason}")
        return result
    for node in nodes:
        try:
            plan = _plan(node)
            if plan.code in codes:
                raise _Problem(node.line, f"plan {plan.code}: duplicate code "
                                          f"(first on line {codes[plan.code]})")
            if (plan.kind, plan.level) in pairs:
                raise _Problem(node.line, f"plan {plan.code}: {pairs[plan.kind, plan.level]} "
                                          f"is already the {plan.kind} plan at level "
                                          f"{plan.level}")
        except _Problem as problem:
            result.problems.append(f"{path}, line {problem.line}: {problem.reason}")
            continue
        codes[plan.code] = node.line
        pairs[plan.kind, plan.level] = plan.code
        result.plans.append(plan)
    return result


def plans_json(plan: PlanSpec) -> str:
    return json.dumps([t.as_json() for t in plan.tasks], ensure_ascii=False)


def tasks_from_json(text: str) -> tuple[TaskTemplate, ...]:
    return tuple(TaskTemplate.from_json(t) for t in json.loads(text or "[]"))


def plans_yaml(plans: list[PlanSpec]) -> str:
    import yaml

    """The plan library as a plan file (what ``center export`` writes as plans.yaml):
    reading it back gives the same plans."""
    def task(t: TaskTemplate) -> dict[str, Any]:
        out: dict[str, Any] = {"key": t.key}
        if t.report:
            out["report"] = t.report
        out |= {"title": t.title, "title_zh": t.title_zh}
        if t.team:
            out["team"] = t.team
        elif t.role:
            out["role"] = t.role
        if t.report == "followup":
            out["every"] = t.every_min
            if t.within_min != t.every_min:
                out["within"] = t.within_min
        else:
            out["within"] = t.within_min
        return out

    data = {"plans": [{"code": p.code, "type": p.kind.value, "level": p.level,
                       "name": p.name, "name_zh": p.name_zh,
                       "tasks": [task(t) for t in p.tasks]} for p in plans]}
    header = ("# Response plans (预案): one per incident type and response level (1 = I, the\n"
              "# gravest … 4 = IV). A plan at level N applies while an incident of its type is\n"
              "# at level N or graver, so raising a flood from IV to III adds the III plan's\n"
              "# tasks. Limits are minutes from the plan's activation (a final report's: from\n"
              "# the stand-down); a follow-up report repeats every N minutes. Roles:\n"
              "# duty_officer, coordinator, commander, admin; or a team's code.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
