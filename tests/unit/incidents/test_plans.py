"""Plan files: the demo library reads cleanly; every mistake is named by file and line,
and the good plans beside a bad one are kept."""

from __future__ import annotations

from pathlib import Path

from console.incidents.domain import IncidentKind
from console.incidents.plans import parse_plans, plans_yaml

DEMO_PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"

GOOD = """\
plans:
  - code: FIRE-IV
    type: fire
    level: 4
    name: Fire
    tasks:
      - {key: go, title: Go, role: duty_officer, within: 5}
"""


def _write(tmp_path: Path, text: str, name: str = "plans.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_library_has_flood_fire_hazmat_and_crowd_in_both_languages() -> None:
    parsed = parse_plans(DEMO_PLANS)
    assert parsed.problems == []
    assert {p.kind for p in parsed.plans} == {IncidentKind.FLOOD, IncidentKind.FIRE,
                                              IncidentKind.HAZMAT, IncidentKind.CROWD}
    for plan in parsed.plans:
        assert plan.name
        assert plan.name_zh
        assert all(t.title and t.title_zh for t in plan.tasks)
    flood = next(p for p in parsed.plans if p.code == "FLOOD-IV")
    followup = next(t for t in flood.tasks if t.report == "followup")
    assert (followup.every_min, followup.title_zh) == (240, "续报")


def test_each_mistake_is_reported_by_line_and_the_good_plans_are_kept(tmp_path: Path) -> None:
    text = GOOD + """\
  - code: FLOOD-IV
    type: flood
    level: 4
    name: Flood
    tasks:
      - {key: call, title: Call, role: janitor, within: 5}
  - code: CROWD-IV
    type: crowd
    level: 4
    name: Crowd
    tasks:
      - {key: go, title: Go, role: coordinator, within: -10}
  - code: HAZMAT-IV
    type: hazmat
    level: 4
    name: Hazmat
    tasks:
      - {key: cordon, title: Cordon, team: PATROL-1, within: 20}
      - {key: cordon, title: Cordon again, team: PATROL-1, within: 30}
  - code: QUAKE-IV
    type: earthquake
    level: 4
    name: Quake
    tasks:
      - {key: go, title: Go, within: 5}
"""
    path = _write(tmp_path, text)
    parsed = parse_plans(path)
    assert [p.code for p in parsed.plans] == ["FIRE-IV"]
    assert parsed.problems == [
        f"{path}, line 13: plan FLOOD-IV, task call: unknown role 'janitor' "
        "(use duty_officer, coordinator, commander, admin)",
        f"{path}, line 19: plan CROWD-IV, task go: within must be more than 0 minutes, "
        "not -10",
        f"{path}, line 26: plan HAZMAT-IV, task cordon: duplicate task key",
        f"{path}, line 28: plan QUAKE-IV: unknown type 'earthquake' (use flood, fire, "
        "hazmat, crowd, public_health, geological, other)",
    ]


def test_json_reads_too_and_broken_files_say_where(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"plans": [{"code": "FIRE-IV", "type": "fire", "level": 4, '
                  '"name": "Fire", "tasks": [{"key": "go", "title": "Go", '
                  '"role": "coordinator", "within": 5}]}]}', "plans.json")
    assert [p.code for p in parse_plans(path).plans] == ["FIRE-IV"]
    broken = _write(tmp_path, "plans:\n  - code: [unclosed\n", "broken.yaml")
    problems = parse_plans(broken).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"{broken}, line 3: not a YAML")
    assert parse_plans(tmp_path / "missing.yaml").problems[0].startswith(
        f"{tmp_path / 'missing.yaml'}: cannot read it")


def test_a_second_plan_for_the_same_type_and_level_is_refused(tmp_path: Path) -> None:
    text = GOOD + GOOD.replace("plans:\n", "").replace("FIRE-IV", "FIRE-4")
    path = _write(tmp_path, text)
    parsed = parse_plans(path)
    assert [p.code for p in parsed.plans] == ["FIRE-IV"]
    assert parsed.problems == [f"{path}, line 8: plan FIRE-4: FIRE-IV is already the fire "
                               "plan at level 4"]


def test_the_written_library_reads_back_the_same(tmp_path: Path) -> None:
    plans = parse_plans(DEMO_PLANS).plans
    again = parse_plans(_write(tmp_path, plans_yaml(plans))).plans
    assert [(p.code, p.kind, p.level, p.name, p.name_zh, p.tasks) for p in again] == \
        [(p.code, p.kind, p.level, p.name, p.name_zh, p.tasks) for p in plans]
