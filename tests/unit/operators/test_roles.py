"""Every mutation of every service, called as every role: allowed or refused at the
service level (never through the GUI), and the audit log names whoever acted.

A new mutation method belongs in ``MUTATIONS``; ``test_every_mutation_is_in_the_table``
fails when a service grows a public method taking an acting operator that is not listed.
"""

from __future__ import annotations

import inspect
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pytest
from shapely.geometry import box
from sqlalchemy import func, select

from console.alerts.service import AlertService
from console.app import App
from console.cases.lifecycle import Action
from console.cases.service import CaseService
from console.cases.sla import SlaService
from console.clock import FakeClock
from console.core.domain import OperatorRef, Role
from console.core.errors import PermissionDenied
from console.engine.retention import ChangeRetention
from console.handover.service import HandoverService
from console.handover.significant import SignificantService
from console.hazards.interchange import import_hazards_csv
from console.hazards.service import HazardService
from console.incidents.service import IncidentService
from console.intake.cases import IntakeCases
from console.intake.heartbeats import HeartbeatService
from console.intake.photos import PhotoService, PhotoUpload
from console.intake.tokens import TokenService
from console.operators.service import OperatorService
from console.paging.service import PagingService
from console.rosters.crews import CrewService
from console.rosters.domain import Availability
from console.rosters.exchange import import_roster_csv
from console.rosters.schedules import ScheduleService, ShiftSpec
from console.rosters.teams import TeamService
from console.territory.gazetteer import Gazetteer
from console.territory.plan import ImportPlan
from console.territory.service import TerritoryService
from db.demo.roster_loader import load_roster
from db.demo.rotation_pattern import RotationPattern, crews_on_day_and_night
from db.models import Alert, AuditEntry

DUTY, COORD, REVIEW, ADMIN, SYSTEM = (Role.DUTY_OFFICER, Role.COORDINATOR, Role.REVIEWER,
                                      Role.ADMIN, Role.SYSTEM)
ROLES = (DUTY, COORD, REVIEW, ADMIN, SYSTEM)
CASE_WORK = frozenset({DUTY, COORD, ADMIN, SYSTEM})
PLANNING = frozenset({COORD, ADMIN, SYSTEM})
SUPERVISION = frozenset({COORD, ADMIN})
PEOPLE = frozenset({ADMIN, SYSTEM})
FLOOR = frozenset({DUTY, COORD, ADMIN})  # people on the floor; the engine flags nothing
# A real one-pixel PNG (a field photo).
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


@dataclass
class World:
    """The demo district and roster, with fresh targets for each call."""

    app: App
    clock: FakeClock
    tmp: Path
    system: OperatorRef
    coordinator: OperatorRef
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    used_members: set[int] = field(default_factory=set)

    def n(self) -> int:
        return next(self.counter)

    def case(self, register: bool = False) -> str:
        ref = self.app.cases.report(self.system, title=f"Smoke in a stairwell {self.n()}",
                                    category="fire", severity=2, grid="XH-22").reference
        if register:
            self.app.cases.register(self.system, ref)
        return ref

    def joint_case(self, assist: bool = False, disputed: bool = False,
                   closed: bool = False) -> str:
        """A registered case dispatched to FIRE-1 (with UTIL-1 assisting, disputed, or
        run to its close for a callback)."""
        ref = self.case(register=True)
        cases = self.app.cases
        cases.apply(self.system, ref, Action.DISPATCH, team="FIRE-1",
                    assist="UTIL-1" if assist else None)
        if disputed:
            cases.apply(self.system, ref, Action.DISPUTE, text="Whose is it?")
        if closed:
            for action in (Action.START, Action.RESOLVE, Action.VERIFY, Action.CLOSE):
                cases.apply(self.system, ref, action)
        return ref

    def case_event(self) -> int:
        """The audit entry of a new case's report."""
        ref = self.case()
        with self.app.db.read() as s:
            found = s.scalar(select(func.max(AuditEntry.id)).where(
                AuditEntry.entity == "case", AuditEntry.entity_id == self.app.cases.get(
                    ref).row.id))
        assert found is not None
        return found

    def alert(self) -> int:
        key = f"R-{self.n()}"
        path = self.tmp / f"{key}.jsonl"
        path.write_text(json.dumps({"id": key, "event": "Smoke", "severity": "Severe",
                                    "category": "Fire", "lat": 30.296, "lon": 120.1545}) + "\n")
        assert self.app.importer.import_file(path).ok
        with self.app.db.read() as s:
            found = s.scalar(select(Alert.id).where(Alert.dedup_key == f"feed:{key}"))
        assert found is not None
        return found

    def hazard(self) -> str:
        code = f"HZ-ROLE-{self.n()}"
        self.app.hazards.register(self.system, code=code, name="Gas station forecourt",
                                  kind="gas_station", grid="XH-05", likelihood=2, severity=3)
        return code

    def member(self) -> int:
        """An available member nobody has touched in this test."""
        m = next(m for m in self.app.rosters.members()
                 if m.availability is Availability.AVAILABLE and m.id not in self.used_members)
        self.used_members.add(m.id)
        return m.id

    def squad(self) -> tuple[str, list[int]]:
        code = f"SQ-{self.n()}"
        self.app.rosters.add_team(self.system, code=code, name_en=f"Squad {code}",
                                  kind="rescue", base_grid="XH-05")
        ids = [self.app.rosters.add_member(self.system, team=code, name=f"队员{code}-{i}").id
               for i in range(3)]
        return code, ids

    def shift(self, team: str, members: tuple[int, ...], day: int = 0) -> int:
        start = self.clock.now() + timedelta(days=5 + day, hours=self.n() % 7)
        return self.app.rosters.add_shift(self.system, ShiftSpec(
            team, start, start + timedelta(hours=8), members=members)).id

    def operator(self) -> str:
        return self.app.operators.create(self.system, f"temp{self.n()}", "Temp",
                                         Role.DUTY_OFFICER).username


Act = Callable[[OperatorRef], object]
Prepare = Callable[[World], Act]


def _cases_csv(w: World) -> Act:
    data = f"title,category,severity,grid\nFallen tree {w.n()},traffic,2,XH-05\n".encode()

    def act(who: OperatorRef) -> None:
        report = w.app.importer.import_bytes(data, "cases.csv", kind="cases", actor=who)
        assert report.ok, report.format()
    return act


def _alerts_feed(w: World) -> Act:
    line = json.dumps({"id": f"F-{w.n()}", "event": "Smoke", "severity": "Minor",
                       "category": "Fire", "lat": 30.296, "lon": 120.1545})

    def act(who: OperatorRef) -> None:
        report = w.app.importer.import_bytes(f"{line}\n".encode(), "feed.jsonl",
                                             kind="jsonl", actor=who)
        assert report.ok, report.format()
    return act


def _addresses_csv(w: World) -> Act:
    path = w.tmp / f"addresses{w.n()}.csv"
    path.write_text(f"address,longitude,latitude\n测试路{w.n()}号,120.1602,30.2874\n",
                    encoding="utf-8")

    def act(who: OperatorRef) -> None:
        result = w.app.gazetteer.import_csv(who, path)
        assert result.ok, result.lines()
        assert result.added == 1
    return act


def _addresses_text(w: World) -> Act:
    text = f"地址,经度,纬度\n测试街{w.n()}号,120.1602,30.2874\n"

    def act(who: OperatorRef) -> None:
        result = w.app.gazetteer.import_text(who, text, "pasted.csv")
        assert result.ok, result.lines()
        assert result.added == 1
    return act


def _hazards_csv(w: World) -> Act:
    path = w.tmp / f"hz{w.n()}.csv"
    path.write_text(f"code,name,kind,grid,likelihood,severity\n"
                    f"HZ-CSV-{w.n()},Underpass,flood_prone_underpass,XH-07,3,3\n")

    def act(who: OperatorRef) -> None:
        report = import_hazards_csv(w.app.hazards, w.app.zone, who, path)
        assert report.ok, report.summary()
    return act


def _roster_csv(w: World) -> Act:
    path = w.tmp / f"roster{w.n()}.csv"
    path.write_text(f"team,name,role\nRESCUE-1,新队员{w.n()},Rescuer\n")

    def act(who: OperatorRef) -> None:
        report = import_roster_csv(w.app.rosters, path, who)
        assert report.ok, report.lines()
    return act


PLANS = Path(__file__).resolve().parents[3] / "resources" / "demo-center" / "plans.yaml"


def _incident(w: World) -> str:
    """A new flood incident (declared by the system) with the demo plans' tasks."""
    if not w.app.incidents.plans():
        w.app.incidents.import_plans(w.system, PLANS)
    return w.app.incidents.declare(w.system, title=f"Flood {w.n()}", kind="flood", level=4,
                                   grids=["XH-07"]).row.reference


def _other_plan(w: World, version: int | None = None) -> Path:
    """A plan file; without ``version`` it is loaded (as the system) before returning."""
    path = w.tmp / f"other{version or ''}.yaml"
    path.write_text("plans:\n  - {code: OTHER-IV, type: other, level: 4, name: "
                    f"Other {version or 0}, tasks: [{{key: go, title: Go, role: coordinator, "
                    "within: 5}]}\n")
    if version is None:
        assert not w.app.incidents.import_plans(w.system, path).problems
    return path


def _linked_case(w: World) -> tuple[str, int]:
    ref = _incident(w)
    case = w.case()
    w.app.incidents.link(w.system, ref, [case])
    return ref, w.app.cases.get(case).row.id


def _pattern(w: World) -> tuple[str, RotationPattern]:
    code, ids = w.squad()
    return code, crews_on_day_and_night({"A": ids[:1], "B": ids[1:2]}, date(2026, 11, 2))


def _rotation(w: World) -> Act:
    code, pattern = _pattern(w)
    return lambda who: w.app.rosters.add_rotation(who, team=code, name="Two crews",
                                                  pattern=pattern)


def _generate(w: World) -> Act:
    code, pattern = _pattern(w)
    rotation = w.app.rosters.add_rotation(w.system, team=code, name="Two crews",
                                          pattern=pattern)

    def act(who: OperatorRef) -> None:
        assert w.app.rosters.generate_shifts(who, rotation.id, date(2026, 12, 1),
                                             date(2026, 12, 1)).created
    return act


def _replace(w: World) -> Act:
    code, ids = w.squad()
    shift = w.shift(code, (ids[0],))
    return lambda who: w.app.rosters.replace_member(who, shift, ids[0], ids[1])


def _swap(w: World) -> Act:
    code, ids = w.squad()
    first, second = w.shift(code, (ids[0],)), w.shift(code, (ids[1],), day=1)
    return lambda who: w.app.rosters.swap_members(who, first, ids[0], second, ids[1])


def _dispatch(w: World) -> Act:
    ref = w.case(register=True)
    fire = w.app.district.team_by_code("FIRE-1")
    member = w.app.rosters.propose_members(ref, fire.id)[0]
    return lambda who: w.app.rosters.dispatch_members(who, ref, fire.id, [member.id])


def _policy(w: World) -> Act:
    policy = w.app.sla.policies()[0]
    return lambda who: w.app.sla.update_policy(who, policy.id, policy.version,
                                               register_minutes=policy.register_minutes + 1)


def _tier(w: World) -> Act:
    grid = w.app.district.grid_by_code("XH-05")
    start = w.clock.now() + timedelta(days=w.n())
    name = f"Festival {w.n()}"
    return lambda who: w.app.sla.create_tier(who, name=name, factor=0.5, grid_ids=[grid.id],
                                             starts_at=start, ends_at=start + timedelta(hours=6))


def _paging_channel(w: World) -> str:
    name = f"hook-{w.n()}"
    w.app.paging.add_channel(w.system, name, "webhook", "http://127.0.0.1:9/hook")
    return name


def _page_code(w: World) -> str:
    """The acknowledge code of a fresh page (a level-2 step of a new case)."""
    if not w.app.paging.rules():
        w.app.paging.add_rule(w.system, "escalation:2", "address:ops", _paging_channel(w))
    ref = w.case()
    w.clock.advance(timedelta(minutes=20))
    w.app.escalation.sweep()
    return w.app.paging.log(case=ref)[0].code


def _shift_spec(w: World, days: int) -> ShiftSpec:
    start = w.clock.now() + timedelta(days=days, hours=w.n())
    return ShiftSpec("RESCUE-1", start, start + timedelta(hours=4))


# (service method, roles allowed, makes a fresh target as the system and returns the call
# to judge, whether that call writes an audit entry)
MUTATIONS: list[tuple[str, frozenset[Role], Prepare, bool]] = [
    ("CaseService.report", CASE_WORK, lambda w: lambda who: w.app.cases.report(
        who, title="Burst main", category="flood", severity=2, grid="XH-07"), True),
    ("CaseService.apply", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.REGISTER), w.case()), True),
    # Joint handling (issue 22): the coordinator rules and waives; the floor does the rest.
    ("CaseService.apply whistle", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.WHISTLE, assist="UTIL-1",
                                           text="Summoned"), w.joint_case()), True),
    ("CaseService.apply report-in", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.REPORT_IN, team="UTIL-1"),
        w.joint_case(assist=True)), True),
    ("CaseService.apply waive", SUPERVISION, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.WAIVE, team="UTIL-1",
                                           text="Not needed"), w.joint_case(assist=True)),
     True),
    ("CaseService.apply return", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.RETURN, reason="duplicate",
                                           text="Same as yesterday's"), w.joint_case()), True),
    ("CaseService.apply rule", SUPERVISION, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.RULE, team="FIRE-1",
                                           text="Fire lane: fire's"),
        w.joint_case(disputed=True)), True),
    ("CaseService.apply callback", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.cases.apply(who, ref, Action.CALLBACK, satisfaction="basic",
                                           resolved=True), w.joint_case(closed=True)), True),
    ("CaseService.supervise", SUPERVISION, lambda w: partial(
        lambda ref, who: w.app.cases.supervise(who, ref, "Complaint"), w.case()), True),
    ("CaseService.link_hazard", CASE_WORK, lambda w: partial(
        lambda ref, code, who: w.app.cases.link_hazard(who, ref, code),
        w.case(), w.hazard()), True),
    ("AlertService.acknowledge", CASE_WORK, lambda w: partial(
        lambda a, who: w.app.alerts.acknowledge(who, a), w.alert()), True),
    ("AlertService.shelve", CASE_WORK, lambda w: partial(
        lambda a, who: w.app.alerts.shelve(who, a, w.clock.now() + timedelta(hours=1)),
        w.alert()), True),
    ("AlertService.resolve", CASE_WORK, lambda w: partial(
        lambda a, who: w.app.alerts.resolve(who, a), w.alert()), True),
    ("AlertService.promote_to_case", CASE_WORK, lambda w: partial(
        lambda a, who: w.app.alerts.promote_to_case(who, a), w.alert()), True),
    ("FeedImporter.import_bytes (alerts)", CASE_WORK, _alerts_feed, False),
    ("FeedImporter.import_bytes (cases)", CASE_WORK, _cases_csv, True),
    ("HazardService.register", PLANNING, lambda w: partial(
        lambda n, who: w.app.hazards.register(
            who, code=f"HZ-N-{n}", name="Pit", kind="construction_pit", grid="XH-03",
            likelihood=3, severity=4), w.n()), True),
    ("HazardService.update", PLANNING, lambda w: partial(
        lambda code, who: w.app.hazards.update(who, code, contact="0571-1234"),
        w.hazard()), True),
    ("HazardService.set_status", PLANNING, lambda w: partial(
        lambda code, who: w.app.hazards.set_status(who, code, "mitigated", note="Barrier"),
        w.hazard()), True),
    ("HazardService.record_inspection", CASE_WORK, lambda w: partial(
        lambda code, who: w.app.hazards.record_inspection(
            who, code, inspector="Li", likelihood=2, severity=2), w.hazard()), True),
    ("import_hazards_csv", PLANNING, _hazards_csv, True),
    ("TeamService.add_qualification", PLANNING, lambda w: partial(
        lambda n, who: w.app.rosters.add_qualification(who, f"skill_{n}", "Skill"), w.n()),
     True),
    ("TeamService.add_team", PLANNING, lambda w: partial(
        lambda n, who: w.app.rosters.add_team(who, code=f"NEW-{n}", name_en="New"), w.n()),
     True),
    ("TeamService.update_team", PLANNING, lambda w: partial(
        lambda team, who: w.app.rosters.update_team(who, team, min_staffing=2),
        w.app.district.team_by_code(w.squad()[0]).id), True),
    ("TeamService.base_team_in", PLANNING, lambda w: partial(
        lambda code, who: w.app.rosters.base_team_in(who, code, "XH-06"), w.squad()[0]), True),
    ("TeamService.unbase_team", PLANNING, lambda w: partial(  # a squad is based in XH-05
        lambda code, who: w.app.rosters.unbase_team(who, code, "XH-05"), w.squad()[0]), True),
    ("TeamService.add_member", PLANNING, lambda w: partial(
        lambda n, who: w.app.rosters.add_member(who, team="RESCUE-1", name=f"新人{n}"),
        w.n()), True),
    ("TeamService.update_member", PLANNING, lambda w: partial(
        lambda m, who: w.app.rosters.update_member(who, m, phone="13800000000"),
        w.member()), True),
    ("TeamService.set_availability", PLANNING, lambda w: partial(
        lambda m, who: w.app.rosters.set_availability(who, m, "leave"), w.member()), True),
    ("TeamService.import_members", PLANNING, _roster_csv, True),
    ("ScheduleService.add_rotation", PLANNING, _rotation, True),
    ("ScheduleService.generate_shifts", PLANNING, _generate, True),
    ("ScheduleService.add_shift", PLANNING, lambda w: partial(
        lambda spec, who: w.app.rosters.add_shift(who, spec), _shift_spec(w, 9)), True),
    ("ScheduleService.add_shifts", PLANNING, lambda w: partial(
        lambda spec, who: w.app.rosters.add_shifts(who, [spec]), _shift_spec(w, 10)), True),
    ("ScheduleService.edit_shift", PLANNING, lambda w: partial(
        lambda shift, who: w.app.rosters.edit_shift(who, shift, crew="C"),
        w.shift(w.squad()[0], ())), True),
    ("ScheduleService.replace_member", PLANNING, _replace, True),
    ("ScheduleService.swap_members", PLANNING, _swap, True),
    ("ScheduleService.delete_shift", PLANNING, lambda w: partial(
        lambda shift, who: w.app.rosters.delete_shift(who, shift),
        w.shift(w.squad()[0], ())), True),
    ("CrewService.dispatch_members", CASE_WORK, _dispatch, True),
    ("SlaService.update_policy", PLANNING, _policy, True),
    ("SlaService.create_tier", PLANNING, _tier, True),
    ("SlaService.ensure_defaults", PLANNING,
     lambda w: lambda who: w.app.sla.ensure_defaults(who), False),
    ("OperatorService.create", PEOPLE, lambda w: partial(
        lambda n, who: w.app.operators.create(who, f"new{n}", "New", Role.REVIEWER,
                                              password="long enough"), w.n()), True),
    ("OperatorService.set_role", PEOPLE, lambda w: partial(
        lambda name, who: w.app.operators.set_role(who, name, Role.COORDINATOR),
        w.operator()), True),
    ("OperatorService.set_active", PEOPLE, lambda w: partial(
        lambda name, who: w.app.operators.set_active(who, name, False), w.operator()), True),
    ("OperatorService.set_password", PEOPLE, lambda w: partial(
        lambda name, who: w.app.operators.set_password(who, name, "a new password"),
        w.operator()), True),
    ("OperatorService.clear_sign_in_wait", PEOPLE, lambda w: partial(
        lambda name, who: w.app.operators.clear_sign_in_wait(who, name), w.operator()), True),
    ("TerritoryService.rename", PEOPLE, lambda w: lambda who: w.app.territory.rename(
        who, "XH-30", name_zh="东新南片"), True),
    ("TerritoryService.set_households", PEOPLE, lambda w: lambda who:
        w.app.territory.set_households(who, "XH-30", 1600), True),
    ("TerritoryService.retire", PEOPLE, lambda w: lambda who: w.app.territory.retire(
        who, "XH-29"), True),
    ("TerritoryService.restore", PEOPLE, lambda w: lambda who: w.app.territory.restore(
        who, "XH-29"), True),
    ("TerritoryService.add_grid", PEOPLE, lambda w: partial(
        lambda n, who: w.app.territory.add_grid(
            who, f"NEW-{n}", f"新网格{n}", None,
            box(120.30 + n * 0.01, 30.30, 120.305 + n * 0.01, 30.305)), w.n()), True),
    ("TerritoryService.store", PEOPLE, lambda w: lambda who: w.app.territory.store(
        who, ImportPlan("grid", [], [], [])), True),
    ("Gazetteer.import_csv", PEOPLE, _addresses_csv, True),
    ("Gazetteer.import_text", PEOPLE, _addresses_text, True),
    ("OperatorService.accounts", PEOPLE,
     lambda w: lambda who: w.app.operators.accounts(who), False),
    ("PagingService.add_channel", PEOPLE, lambda w: partial(
        lambda n, who: w.app.paging.add_channel(who, f"ch-{n}", "webhook",
                                                "http://127.0.0.1:9/"), w.n()), True),
    ("PagingService.remove_channel", PEOPLE, lambda w: partial(
        lambda name, who: w.app.paging.remove_channel(who, name), _paging_channel(w)), True),
    ("PagingService.add_rule", PEOPLE, lambda w: partial(
        lambda name, who: w.app.paging.add_rule(who, "escalation:3", "team-leader", name),
        _paging_channel(w)), True),
    ("PagingService.remove_rule", PEOPLE, lambda w: partial(
        lambda rule, who: w.app.paging.remove_rule(who, rule), w.app.paging.add_rule(
            w.system, "readiness", "address:x", _paging_channel(w)).id), True),
    ("PagingService.acknowledge", CASE_WORK, lambda w: partial(
        lambda code, who: w.app.paging.acknowledge(who, code), _page_code(w)), True),
    ("IncidentService.import_plans", PLANNING, lambda w: partial(
        lambda path, who: w.app.incidents.import_plans(who, path), _other_plan(w, w.n())),
     True),
    ("IncidentService.delete_plan", PLANNING, lambda w: partial(
        lambda _path, who: w.app.incidents.delete_plan(who, "OTHER-IV"), _other_plan(w)),
     True),
    ("IncidentService.declare", PLANNING, lambda w: lambda who: w.app.incidents.declare(
        who, title="Chemical smell", kind="hazmat", level=3, grids=["XH-22"]), True),
    ("IncidentService.set_level", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.set_level(who, ref, 3), _incident(w)), True),
    ("IncidentService.add_log", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.incidents.add_log(who, ref, "Pump arrived"), _incident(w)),
     True),
    ("IncidentService.set_figures", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.set_figures(who, ref, {"injured": 2}),
        _incident(w)), True),
    ("IncidentService.propose", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.propose(who, ref), _incident(w)), False),
    ("IncidentService.link", PLANNING, lambda w: partial(
        lambda ref, case, who: w.app.incidents.link(who, ref, [case]), _incident(w),
        w.case()), True),
    ("IncidentService.open_case", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.open_case(
            who, ref, title="Car in water", category="flood", severity=2, grid="XH-07"),
        _incident(w)), True),
    ("IncidentService.set_link_state", PLANNING, lambda w: partial(
        lambda link, who: w.app.incidents.set_link_state(who, link[0], "case", link[1],
                                                         False), _linked_case(w)), True),
    ("IncidentService.commit_team", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.commit_team(who, ref, "UTIL-1", "Pumps"),
        _incident(w)), True),
    ("IncidentService.finish_task", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.incidents.finish_task(who, ref, "T1"), _incident(w)), True),
    ("IncidentService.reassign_task", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.incidents.reassign_task(who, ref, "T2", team="PATROL-2"),
        _incident(w)), True),
    ("IncidentService.record_report", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.record_report(who, ref, "first", {"text": "x"}),
        _incident(w)), True),
    ("IncidentService.stand_down", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.stand_down(who, ref, "Over"), _incident(w)), True),
    ("IncidentService.close", PLANNING, lambda w: partial(
        lambda ref, who: w.app.incidents.close(who, ref, "Over", "More pumps"),
        _incident(w)), True),
    ("SignificantService.flag_event", FLOOR, lambda w: partial(
        lambda event, who: w.app.significant.flag_event(who, event, "Turned the shift"),
        w.case_event()), True),
    ("SignificantService.flag_alert", FLOOR, lambda w: partial(
        lambda a, who: w.app.significant.flag_alert(who, a), w.alert()), True),
    ("TokenService.add", PEOPLE, lambda w: partial(
        lambda n, who: w.app.tokens.add(who, f"hotline-{n}", "cases:write"), w.n()), True),
    ("TokenService.revoke", PEOPLE, lambda w: partial(
        lambda name, who: w.app.tokens.revoke(who, name),
        w.app.tokens.add(w.system, f"old-{w.n()}", "cases:read").info.name), True),
    # Audited when it deletes something (tests/unit/core/test_change_retention.py).
    ("ChangeRetention.prune", PEOPLE,
     lambda w: lambda who: w.app.retention.prune(who), False),
    ("TokenService.tokens", PEOPLE, lambda w: lambda who: w.app.tokens.tokens(who), False),
    ("IntakeCases.report", CASE_WORK, lambda w: lambda who: w.app.intake.report(
        who, 0, None, title="Smoke in a stairwell", category="fire", severity=2,
        grid="XH-22"), True),
    ("IntakeCases.progress", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.intake.progress(who, ref, "note", "Cones placed", []),
        w.case()), True),
    ("PhotoService.attach", CASE_WORK, lambda w: partial(
        lambda ref, who: w.app.photos.attach(who, ref, [PhotoUpload(PNG_1PX, "before")]),
        w.case()), True),
    ("HeartbeatService.beat", CASE_WORK, lambda w: partial(
        lambda n, who: w.app.heartbeats.beat(who, f"gauge-{n}", 60), w.n()), True),
]


@pytest.fixture
def world(app: App, clock: FakeClock, tmp_path: Path) -> World:
    assert load_roster(app.db, clock.now(), days_before=1, days_after=3)
    app.district.invalidate()
    coordinator = next(o for o in app.operators.list() if o.role is COORD)
    return World(app, clock, tmp_path, app.operators.system(), coordinator)


def _people(app: App) -> dict[Role, OperatorRef]:
    people = {o.role: o for o in app.operators.list()}
    people[SYSTEM] = app.operators.system()
    assert set(people) == set(ROLES), "the demo district has one operator of each role"
    return people


def _last_audit(app: App) -> int:
    with app.db.read() as s:
        return s.scalar(select(func.max(AuditEntry.id))) or 0


def _entries_since(app: App, last: int) -> list[int]:
    with app.db.read() as s:
        return list(s.scalars(select(AuditEntry.operator_id).where(AuditEntry.id > last)))


@pytest.mark.parametrize(("name", "allowed", "prepare", "audited"), MUTATIONS,
                         ids=[m[0] for m in MUTATIONS])
def test_each_role_is_allowed_or_refused_by_the_service(
        world: World, name: str, allowed: frozenset[Role], prepare: Prepare,
        audited: bool) -> None:
    people = _people(world.app)
    for role in ROLES:
        who = people[role]
        # Targets are made before the call, as the system; only the call itself is judged.
        call = prepare(world)
        last = _last_audit(world.app)
        if role in allowed:
            call(who)
            if audited:
                assert who.id in _entries_since(world.app, last), (
                    f"{name} as {role.value}: the audit log does not name the operator")
        else:
            with pytest.raises(PermissionDenied) as refused:
                call(who)
            message = str(refused.value)
            assert role.value.replace("_", " ") in message, message
            assert "may not" in message or "may change" in message, message
            assert who.id not in _entries_since(world.app, last), (
                f"{name} as {role.value} was refused but left an audit entry")


# The roster's three services (app.rosters puts them behind one name).
SERVICES = (CaseService, AlertService, HazardService, TeamService, ScheduleService,
            CrewService, SlaService, OperatorService, SignificantService, HandoverService,
            TerritoryService, PagingService, IncidentService, Gazetteer, TokenService,
            IntakeCases, PhotoService, HeartbeatService, ChangeRetention)
# Public methods taking an acting operator that are not mutations (or are covered by
# the entries above under another name).
NOT_MUTATIONS = {
    # The set-up assistant's center identity and English names: checked in
    # tests/gui/territory (administrators only), covered with the territory's other writes.
    "TerritoryService.set_center", "TerritoryService.set_english_names",
    "CaseService.register", "CaseService.dispatch", "CaseService.start",
    "CaseService.resolve", "CaseService.verify", "CaseService.close", "CaseService.pause",
    "CaseService.resume", "CaseService.note",  # all through CaseService.apply
    "CaseService.on_case_step", "CrewService.on_case_step",  # hooks inside apply
    # One handover per shift and two different signers: each role's refusal is tested
    # with the shift set up in tests/unit/handover/test_handover.py.
    "HandoverService.propose", "HandoverService.sign_out",
    # Sends over the network: administrators only, tested against a real receiver in
    # tests/unit/paging/test_cli.py.
    "PagingService.send_test",
}


def test_every_mutation_is_in_the_table() -> None:
    listed = {m[0].split(" ")[0] for m in MUTATIONS}
    missing = []
    for service in SERVICES:
        for attr, fn in inspect.getmembers(service, inspect.isfunction):
            if attr.startswith("_"):
                continue
            params = inspect.signature(fn).parameters
            if "actor" in params and f"{service.__name__}.{attr}" not in listed | NOT_MUTATIONS:
                missing.append(f"{service.__name__}.{attr}")
    assert not missing, f"add these to MUTATIONS in tests/unit/operators/test_roles.py: {missing}"


def test_case_shortcuts_check_the_role_like_apply(world: World) -> None:
    people = _people(world.app)
    ref = world.case(register=True)
    for step in (lambda who: world.app.cases.note(who, ref, "Seen on camera"),
                 lambda who: world.app.cases.pause(who, ref, "Waiting for the owner"),
                 lambda who: world.app.cases.dispatch(who, ref, "FIRE-1")):
        with pytest.raises(PermissionDenied, match="reviewer"):
            step(people[REVIEW])
    world.app.cases.note(people[DUTY], ref, "Seen on camera")
    assert world.app.cases.timeline(ref)[-1].operator == people[DUTY].display_name


def test_engine_and_imports_still_act_as_the_system(world: World) -> None:
    """The SYSTEM role keeps working: feeds import without a person, the engine sweeps."""
    alert = world.alert()
    assert world.app.alerts.get(alert).row.status.value == "new"
    ref = world.case()
    last = _last_audit(world.app)
    world.clock.advance(timedelta(days=2))
    escalated = world.app.escalation.sweep()
    assert ref in {e.reference for e in escalated}
    assert set(_entries_since(world.app, last)) == {world.system.id}
