"""Scale seeding: months of realistic closed-loop case history, inserted fast in chunks.

Longer than 600 lines on purpose: the plan, the generator of cases with their audit
trails, the time encoding and the chunked executemany insert are tuned together for speed
(a million cases and seven million audit entries in minutes) and share the one plan; the
team choice at the top is the demo feed's too.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, func, insert, select, text

from db.bulk import write_rows
from db.database import Database
from db.demo.district_loader import DEMO_CENTER, load_district, read_case_templates
from db.engine import writer
from db.kpi_facts import FACT_COLUMNS, FactDeriver, daily_rows, fact_rows, write_daily
from db.models import Case, CenterSetting, Change, Counter, Grid, Operator, Team
from db.vocabulary import Role, Stage, TeamKind

# Cases per transaction: big enough that executemany dominates, small enough to keep
# memory flat and let other readers see progress.
CHUNK_CASES = 20_000

# The demo district lives in China Standard Time (UTC+8, no daylight saving); the
# daily rhythm of reports and the duty shifts follow local time.
LOCAL_OFFSET_S = 8 * 3600
SHIFT_S = 8 * 3600
DAY_S = 86_400

CASE_COLUMNS: tuple[str, ...] = (
    "id", "reference", "title", "description", "location", "reporter", "category",
    "severity", "source", "grid_id", "team_id", "stage", "paused_at", "pause_reason",
    "paused_seconds", "rework_count", "reported_at", "registered_at", "dispatched_at",
    "started_at", "resolved_at", "verified_at", "closed_at", "created_by_id",
    "updated_by_id", "updated_at", "version",
)
# Audit ids are left to the database: they only need to rise within each case.
AUDIT_COLUMNS: tuple[str, ...] = ("at", "operator_id", "entity", "entity_id", "action", "detail")

# Reports per local hour of the day: quiet at night, busy by day, a bump in the evening.
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 10, 9, 10, 10, 10, 10, 10, 9, 8, 7, 6, 4, 3)

# How often each category comes in (roughly what a city district's hotline sees).
CATEGORY_WEIGHTS = {
    "environment": 22, "dispute": 15, "public_security": 12, "traffic": 12, "utilities": 10,
    "other": 8, "public_health": 7, "petition": 6, "fire": 4, "flood": 4,
}

# Log-uniform ranges (seconds) for each step after the previous one, by severity:
# register, dispatch, start, resolve, verify, close. Critical cases move in minutes to
# hours, low ones in days.
STEP_RANGES: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((60, 300), (60, 600), (180, 1200), (1200, 4 * 3600), (600, 3 * 3600), (300, 2 * 3600)),
    2: ((120, 900), (300, 1800), (600, 3600), (3600, 8 * 3600), (1800, 8 * 3600),
        (600, 6 * 3600)),
    3: ((300, 3600), (900, 3 * 3600), (1800, 6 * 3600), (2 * 3600, 2 * DAY_S),
        (3600, DAY_S), (1800, 12 * 3600)),
    4: ((600, 4 * 3600), (3600, DAY_S), (2 * 3600, 2 * DAY_S), (6 * 3600, 5 * DAY_S),
        (2 * 3600, 2 * DAY_S), (3600, DAY_S)),
}
PAUSE_RANGES: dict[int, tuple[int, int]] = {
    1: (600, 2 * 3600), 2: (1800, 6 * 3600), 3: (3600, DAY_S), 4: (2 * 3600, 3 * DAY_S),
}

# Share of open cases per open stage: most are being worked on, few wait to be verified.
OPEN_STAGE_WEIGHTS: dict[Stage, float] = {
    Stage.REPORTED: 0.08, Stage.REGISTERED: 0.10, Stage.DISPATCHED: 0.27,
    Stage.IN_PROGRESS: 0.33, Stage.RESOLVED: 0.12, Stage.VERIFIED: 0.10,
}
REWORK_SHARE = 0.05  # cases whose verification failed once
CLOSED_PAUSE_SHARE = 0.03  # closed cases that waited on an outside party
OPEN_PAUSE_SHARE = 0.08  # of open cases in registered/dispatched/in progress
SEVERITY_DRIFT = 0.15  # reports whose severity differs by one from the template's

# Why a case waits on an outside party (pause reasons), in English and Chinese.
PAUSE_REASONS: dict[str, tuple[str, ...]] = {
    "en": (
        "Waiting for the property management company",
        "Owner not at home; visit booked",
        "Waiting for spare parts from the supplier",
        "Waiting for the other party to attend mediation",
        "Referred to the district bureau; awaiting reply",
        "Heavy rain; work suspended for safety",
    ),
    "zh": (
        "等待物业公司配合",
        "业主不在家，已预约上门时间",
        "等待供应商配件",
        "等待另一方当事人到场调解",
        "已转区职能部门，等待回复",
        "暴雨天气，出于安全暂停作业",
    ),
}
# Why a verification failed (reopen notes).
REWORK_NOTES: dict[str, tuple[str, ...]] = {
    "en": (
        "Re-inspection found the problem not fixed",
        "Resident reports the problem has come back",
        "Work incomplete: site photos do not match the report",
    ),
    "zh": (
        "复查发现问题未整改到位",
        "居民反映问题复发",
        "整改不彻底，现场照片与上报不符",
    ),
}

# The stage each loop step leaves a case in (the same loop as console.cases.lifecycle).
_TARGET = {
    "register": Stage.REGISTERED.value, "dispatch": Stage.DISPATCHED.value,
    "start": Stage.IN_PROGRESS.value, "resolve": Stage.RESOLVED.value,
    "reopen": Stage.DISPATCHED.value, "verify": Stage.VERIFIED.value,
    "close": Stage.CLOSED.value,
}
_STEP_INDEX = {"register": 0, "dispatch": 1, "start": 2, "resolve": 3, "verify": 4,
               "reopen": 4, "close": 5}
_STAGE_RANK = {stage: i for i, stage in enumerate(Stage)}


class SeedError(Exception):
    """Seeding cannot go on; the message says why, in words an operator understands."""


def detail_json(detail: dict[str, Any]) -> str:
    """An audit detail exactly as the case service writes it."""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


# ---- which team answers a case ---------------------------------------------------------


def team_kind_for(category: str, severity: int) -> TeamKind:
    """The kind of team that normally takes a case of this category and severity."""
    if category == "fire":
        return TeamKind.FIRE
    if category in {"dispute", "petition"}:
        return TeamKind.MEDIATION
    if category in {"public_security", "traffic"}:
        return TeamKind.PATROL
    if category == "utilities":
        return TeamKind.UTILITIES
    if category == "public_health":
        return TeamKind.MEDICAL
    if category == "flood" or severity == 1:
        return TeamKind.RESCUE
    return TeamKind.GRID_WORKERS


def centroid(polygon: Sequence[Sequence[float]]) -> tuple[float, float]:
    """The mean of a ring's vertices (the closing vertex counted once): good enough to
    tell which base is nearest."""
    points = list(polygon[:-1]) if len(polygon) > 1 and polygon[0] == polygon[-1] else polygon
    if not points:
        return (0.0, 0.0)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


@dataclass(frozen=True, slots=True)
class GridSpot:
    id: int
    community: str
    center: tuple[float, float]


@dataclass(frozen=True, slots=True)
class TeamSpot:
    id: int
    code: str
    kind: str
    base_grid_id: int | None


class ChoosesTeam(Protocol):
    def team_for(self, category: str, severity: int, grid_id: int) -> TeamSpot | None: ...


class TeamChooser:
    """Picks the team a case goes to: the right kind of team, the nearest one of its kind;
    for everyday matters the grid workers of the grid's own community."""

    def __init__(self, grids: Iterable[GridSpot], teams: Iterable[TeamSpot]) -> None:
        self._grids = {g.id: g for g in grids}
        self._teams = list(teams)
        self._cache: dict[tuple[str, int, int], TeamSpot | None] = {}

    def _distance(self, grid: GridSpot | None, team: TeamSpot) -> float:
        base = self._grids.get(team.base_grid_id) if team.base_grid_id is not None else None
        if grid is None or base is None:
            return math.inf
        return math.dist(grid.center, base.center)

    def team_for(self, category: str, severity: int, grid_id: int) -> TeamSpot | None:
        key = (category, severity, grid_id)
        if key not in self._cache:
            self._cache[key] = self._choose(team_kind_for(category, severity), grid_id)
        return self._cache[key]

    def _choose(self, kind: TeamKind, grid_id: int) -> TeamSpot | None:
        grid = self._grids.get(grid_id)

        def nearest(candidates: list[TeamSpot]) -> TeamSpot | None:
            return min(candidates, key=lambda t: (self._distance(grid, t), t.code), default=None)

        if kind is not TeamKind.GRID_WORKERS:
            found = nearest([t for t in self._teams if t.kind == kind.value])
            if found is not None:
                return found
        workers = [t for t in self._teams if t.kind == TeamKind.GRID_WORKERS.value]
        if grid is not None:
            own = [t for t in workers if t.base_grid_id in self._grids
                   and self._grids[t.base_grid_id].community == grid.community]
            if own:
                return nearest(own)
        return nearest(workers) or nearest(self._teams)


# ---- what seeding needs to know about the database -------------------------------------


@dataclass(frozen=True, slots=True)
class SeedGrid:
    id: int
    code: str
    name: str
    households: int


@dataclass(frozen=True, slots=True)
class SeedTemplate:
    title: str
    category: str
    severity: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SeedPlan:
    """Everything the row generator needs, read from the database once."""

    n: int
    open_count: int
    now: int  # epoch seconds, UTC
    days: int
    seed: int
    lang: str
    first_case_id: int
    counters: dict[int, int]  # year -> the last reference number already used
    grids: tuple[SeedGrid, ...]
    teams: ChoosesTeam
    team_codes: dict[int, str]
    officers: tuple[int, ...]  # duty officers' ids, who take most steps
    coordinators: tuple[int, ...]  # coordinators' ids, who dispatch critical cases
    templates: tuple[SeedTemplate, ...]


@dataclass(frozen=True, slots=True)
class SeedChunk:
    """One transaction's worth of rows: plain tuples in ``CASE_COLUMNS`` and
    ``AUDIT_COLUMNS`` order, the closed cases' values their KPI facts derive from
    (``FactDeriver.derive_times`` arguments, times in epoch seconds), and the last
    reference number used per year."""

    cases: list[tuple[Any, ...]]
    audit: list[tuple[Any, ...]]
    closed: list[tuple[Any, ...]]
    first_id: int
    last_id: int
    last_numbers: dict[int, int]


@dataclass(frozen=True, slots=True)
class SeedReport:
    cases: int
    open: int
    audit_entries: int
    seconds: float

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds > 0 else 0.0


def default_open_count(n: int) -> int:
    """1% of the cases stay open, at least one when there are any."""
    return max(1, n // 100) if n > 0 else 0


def plan_seed(
    db: Database,
    n: int,
    now: datetime,
    *,
    open_count: int | None = None,
    days: int = 365,
    seed: int = 42,
    lang: str = "en",
    bundle: Path = DEMO_CENTER,
) -> SeedPlan:
    """Read what seeding builds on (loading the district into an empty database first)."""
    if n < 0:
        raise SeedError(f"The number of cases must not be negative, not {n}.")
    if days < 1:
        raise SeedError(f"Spread the cases over at least one day, not {days}.")
    if now.tzinfo is None:
        raise ValueError("seed_cases needs a timezone-aware 'now'")
    opened = default_open_count(n) if open_count is None else open_count
    if not 0 <= opened <= n:
        raise SeedError(f"Open cases must be between 0 and {n}, not {opened}.")
    lang = "zh" if lang.lower().startswith("zh") else "en"
    load_district(db, now, bundle)
    templates = tuple(
        SeedTemplate(t["title_zh"] if lang == "zh" else t["title_en"], t["category"],
                     int(t["severity"]), tuple(t["sources"]))
        for t in read_case_templates()
    )
    end = int(now.timestamp())
    first_year = datetime.fromtimestamp(end - days * DAY_S, UTC).year
    names = [f"case-{year}" for year in range(first_year, now.year + 1)]
    with db.read() as s:
        grid_rows = s.execute(select(Grid).order_by(Grid.code)).scalars().all()
        team_rows = s.execute(select(Team).order_by(Team.code)).scalars().all()
        people = s.execute(
            select(Operator.id, Operator.role)
            .where(Operator.active.is_(True),
                   Operator.role.in_([Role.DUTY_OFFICER.value, Role.COORDINATOR.value]))
            .order_by(Operator.id)
        ).all()
        counters = {int(name.split("-")[1]): value for name, value in s.execute(
            select(Counter.name, Counter.value).where(Counter.name.in_(names)))}
        max_id = s.scalar(select(func.max(Case.id))) or 0
    officers = tuple(i for i, role in people if role == Role.DUTY_OFFICER.value)
    coordinators = tuple(i for i, role in people if role == Role.COORDINATOR.value)
    if not grid_rows or not team_rows:
        raise SeedError("This database has no grids or no teams to give the cases to.")
    if not officers and not coordinators:
        raise SeedError("This database has no active duty officer or coordinator "
                        "to take the cases in.")
    spots = [GridSpot(g.id, g.community_en, centroid(json.loads(g.polygon))) for g in grid_rows]
    return SeedPlan(
        n=n, open_count=opened, now=end, days=days, seed=seed, lang=lang,
        first_case_id=max_id + 1, counters=counters,
        grids=tuple(SeedGrid(g.id, g.code, g.name_zh if lang == "zh" else g.name_en,
                             g.households) for g in grid_rows),
        teams=TeamChooser(spots, [TeamSpot(t.id, t.code, t.kind, t.base_grid_id)
                                  for t in team_rows]),
        team_codes={t.id: t.code for t in team_rows},
        officers=officers or coordinators, coordinators=coordinators or officers,
        templates=templates,
    )


# ---- time encoding ---------------------------------------------------------------------


class SQLiteTimes:
    """Epoch seconds to the text SQLAlchemy stores in SQLite (``2026-11-22 08:00:00.000000``),
    from two lookup tables: far faster than formatting a datetime each time."""

    def __init__(self) -> None:
        self._dates: dict[int, str] = {}
        self._clock = [f" {h:02d}:{m:02d}:{s:02d}.000000"
                       for h in range(24) for m in range(60) for s in range(60)]

    def __call__(self, t: int) -> str:
        day, second = divmod(t, DAY_S)
        date = self._dates.get(day)
        if date is None:
            date = self._dates[day] = datetime.fromtimestamp(day * DAY_S, UTC).strftime("%Y-%m-%d")
        return date + self._clock[second]


class PostgresTimes(SQLiteTimes):
    """Epoch seconds to the text PostgreSQL's COPY reads for a ``timestamptz``
    (``2026-11-22 08:00:00.000000+00``), from the same lookup tables."""

    def __call__(self, t: int) -> str:
        return super().__call__(t) + "+00"


def time_encoder(dialect: str) -> Callable[[int], Any]:
    """How seeding writes a moment: SQLite's stored text, PostgreSQL's COPY text."""
    return SQLiteTimes() if dialect == "sqlite" else PostgresTimes()




# ---- the rows --------------------------------------------------------------------------


def _log_uniform(rng: random.Random, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return int(low * (high / low) ** rng.random())


def _reported_times(rng: random.Random, n: int, end: int, days: int) -> list[int]:
    """``n`` report times over the last ``days`` days, following the daily rhythm, sorted."""
    start = end - days * DAY_S
    first_day = (start + LOCAL_OFFSET_S) // DAY_S
    span = days + 1
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=n)
    out: list[int] = []
    randrange = rng.randrange
    for hour in hours:
        while True:
            t = (first_day + randrange(span)) * DAY_S - LOCAL_OFFSET_S + hour * 3600 \
                + randrange(3600)
            if start <= t <= end:
                break
        out.append(t)
    out.sort()
    return out


def _open_stages(rng: random.Random, count: int) -> list[Stage]:
    """The stages of ``count`` open cases, oldest first: every open stage gets its share
    (at least one each once there are enough), and older cases tend to be further on."""
    weights = OPEN_STAGE_WEIGHTS
    exact = {stage: count * w for stage, w in weights.items()}
    quota = {stage: int(x) for stage, x in exact.items()}
    if count >= len(weights):
        for stage in quota:
            quota[stage] = max(quota[stage], 1)
    while sum(quota.values()) > count:
        biggest = max(quota, key=lambda s: quota[s])
        quota[biggest] -= 1
    for stage in sorted(exact, key=lambda s: exact[s] - int(exact[s]), reverse=True):
        if sum(quota.values()) >= count:
            break
        quota[stage] += 1
    stages = [stage for stage, k in quota.items() for _ in range(k)]
    stages.sort(key=lambda s: _STAGE_RANK[s] + rng.gauss(0, 1.2), reverse=True)
    return stages


def _loop_path(target: str, rework: bool) -> list[str]:
    """The loop steps (after the report) that bring a case to ``target``."""
    steps = ["register", "dispatch", "start", "resolve"]
    if rework:
        steps += ["reopen", "start", "resolve"]
    steps += ["verify", "close"]
    if target == Stage.REPORTED.value:
        return []
    last = max(i for i, step in enumerate(steps) if _TARGET[step] == target)
    return steps[:last + 1]


class _Generator:
    """Builds the case and audit tuples, one case at a time, deterministically."""

    def __init__(self, plan: SeedPlan, encode: Callable[[int], Any]) -> None:
        self.plan = plan
        self.encode = encode
        self.rng = random.Random(plan.seed)
        lang = plan.lang
        self.pause_reasons = PAUSE_REASONS[lang]
        self.rework_notes = REWORK_NOTES[lang]
        by_category: dict[str, list[SeedTemplate]] = {}
        for tpl in plan.templates:
            by_category.setdefault(tpl.category, []).append(tpl)
        self.templates: list[SeedTemplate] = []
        template_weights: list[float] = []
        for category, tpls in by_category.items():
            share = CATEGORY_WEIGHTS.get(category, 3) / len(tpls)
            self.templates.extend(tpls)
            template_weights.extend([share] * len(tpls))
        self.template_cum = _cumulative(template_weights)
        self.grid_cum = _cumulative([max(g.households, 1) for g in plan.grids])
        self.report_details: dict[tuple[str, str, int, str, str], str] = {}
        stage = Stage
        self.fixed = {
            "register": detail_json({"stage": [stage.REPORTED, stage.REGISTERED]}),
            "start": detail_json({"stage": [stage.DISPATCHED, stage.IN_PROGRESS]}),
            "resolve": detail_json({"stage": [stage.IN_PROGRESS, stage.RESOLVED]}),
            "verify": detail_json({"stage": [stage.RESOLVED, stage.VERIFIED]}),
            "close": detail_json({"stage": [stage.VERIFIED, stage.CLOSED]}),
        }
        self.dispatch = {
            team_id: detail_json({"stage": [stage.REGISTERED, stage.DISPATCHED],
                                  "team": [None, code]})
            for team_id, code in plan.team_codes.items()
        }
        self.dispatch_no_team = detail_json({"stage": [stage.REGISTERED, stage.DISPATCHED]})
        self.reopen = [detail_json({"note": note, "rework_count": [0, 1],
                                    "stage": [stage.RESOLVED, stage.DISPATCHED]})
                       for note in self.rework_notes]
        self.pause = [detail_json({"reason": r}) for r in self.pause_reasons]
        self.years: dict[int, int] = {}
        self.numbers = dict(plan.counters)

    def _year(self, t: int) -> int:
        day = t // DAY_S
        year = self.years.get(day)
        if year is None:
            year = self.years[day] = datetime.fromtimestamp(day * DAY_S, UTC).year
        return year

    def _operator(self, t: int, action: str, severity: int) -> int:
        plan = self.plan
        shift = (t + LOCAL_OFFSET_S) // SHIFT_S
        if action == "dispatch" and severity == 1:
            return plan.coordinators[shift % len(plan.coordinators)]
        return plan.officers[shift % len(plan.officers)]

    def chunks(self, chunk_size: int) -> Iterator[SeedChunk]:
        plan = self.plan
        rng = self.rng
        times = _reported_times(rng, plan.n, plan.now, plan.days)
        first_open = plan.n - plan.open_count
        open_stages = _open_stages(rng, plan.open_count)
        case_id = plan.first_case_id
        for start in range(0, plan.n, chunk_size):
            cases: list[tuple[Any, ...]] = []
            audit: list[tuple[Any, ...]] = []
            closed: list[tuple[Any, ...]] = []
            last_numbers: dict[int, int] = {}
            first_id = case_id
            for i in range(start, min(start + chunk_size, plan.n)):
                target = open_stages[i - first_open] if i >= first_open else Stage.CLOSED
                year = self._year(times[i])
                number = self.numbers.get(year, 0) + 1
                self.numbers[year] = last_numbers[year] = number
                self._case(case_id, f"C-{year}-{number:06d}", times[i], target.value,
                           cases, audit, closed)
                case_id += 1
            yield SeedChunk(cases, audit, closed, first_id, case_id - 1, last_numbers)

    def _case(self, case_id: int, reference: str, reported: int, target: str,
              cases: list[tuple[Any, ...]], audit: list[tuple[Any, ...]],
              closed_cases: list[tuple[Any, ...]]) -> None:
        plan = self.plan
        rng = self.rng
        tpl = rng.choices(self.templates, cum_weights=self.template_cum)[0]
        grid = rng.choices(plan.grids, cum_weights=self.grid_cum)[0]
        severity = tpl.severity
        if rng.random() < SEVERITY_DRIFT:
            severity = min(4, max(1, severity + rng.choice((-1, 1))))
        source = rng.choice(tpl.sources)
        team = plan.teams.team_for(tpl.category, severity, grid.id)
        is_open = target != Stage.CLOSED.value
        rework = target not in {Stage.REPORTED.value, Stage.REGISTERED.value} \
            and rng.random() < REWORK_SHARE
        path = _loop_path(target, rework)
        ranges = STEP_RANGES[severity]

        # Offsets from the report, step by step; a redo after rework goes faster.
        events: list[tuple[str, int]] = [("report", 0)]
        offset = 0
        redo = False
        for step in path:
            gap = _log_uniform(rng, ranges[_STEP_INDEX[step]])
            if redo and step in {"start", "resolve"}:
                gap //= 2
            redo = redo or step == "reopen"
            offset += gap
            events.append((step, offset))

        pause_at = -1  # index in events after which a pause/resume pair goes
        if (not is_open and rng.random() < CLOSED_PAUSE_SHARE) and len(events) > 3:
            pause_at = rng.choice((2, 3))  # while dispatched or in progress
            wait = _log_uniform(rng, PAUSE_RANGES[severity])
            begin = events[pause_at][1] + (events[pause_at + 1][1] - events[pause_at][1]) // 3
            events = (events[:pause_at + 1] + [("pause", begin), ("resume", begin + wait)]
                      + [(a, o + wait) for a, o in events[pause_at + 1:]])
        elif is_open and target in {"registered", "dispatched", "in_progress"} \
                and rng.random() < OPEN_PAUSE_SHARE:
            last = events[-1][1]
            events.append(("pause", last + _log_uniform(rng, ranges[_STEP_INDEX["start"]])))

        # Squeeze the timeline if it would run past now (recent cases, slow severities),
        # ending it somewhere in the time left rather than all at this very second.
        room = plan.now - reported
        if events[-1][1] > room:
            room = int(room * rng.uniform(0.4, 0.95))
            scale = room / events[-1][1] if events[-1][1] else 0.0
            events = [(a, int(o * scale)) for a, o in events]

        encode = self.encode
        stamps = [encode(reported + o) for _, o in events]
        reason_i = rng.randrange(len(self.pause_reasons))
        note_i = rng.randrange(len(self.rework_notes))
        team_id = None
        stage = Stage.REPORTED.value
        registered = dispatched = started = resolved = verified = closed = None
        registered_t = dispatched_t = resolved_t = closed_t = None
        paused_at = None
        pause_reason = ""
        paused_seconds = 0
        rework_count = 0
        pause_started = 0
        created_by = updated_by = 0
        for (action, o), stamp in zip(events, stamps, strict=True):
            t = reported + o
            actor = self._operator(t, action, severity)
            if action == "report":
                created_by = actor
                key = (tpl.title, tpl.category, severity, source, grid.code)
                detail = self.report_details.get(key)
                if detail is None:
                    detail = self.report_details[key] = detail_json(
                        {"title": tpl.title, "category": tpl.category, "severity": severity,
                         "source": source, "grid": grid.code})
            elif action == "dispatch":
                team_id = team.id if team else None
                detail = self.dispatch[team.id] if team else self.dispatch_no_team
                dispatched, dispatched_t = stamp, t
            elif action == "reopen":
                detail = self.reopen[note_i]
                rework_count += 1
                dispatched, dispatched_t = stamp, t
                started = resolved = resolved_t = None
            elif action == "pause":
                detail = self.pause[reason_i]
                paused_at = stamp
                pause_reason = self.pause_reasons[reason_i]
                pause_started = t
            elif action == "resume":
                detail = detail_json({"paused_seconds": t - pause_started})
                paused_seconds += t - pause_started
                paused_at = None
                pause_reason = ""
            else:
                detail = self.fixed[action]
                if action == "register":
                    registered, registered_t = stamp, t
                elif action == "start":
                    started = stamp
                elif action == "resolve":
                    resolved, resolved_t = stamp, t
                elif action == "verify":
                    verified = stamp
                else:
                    closed, closed_t = stamp, t
            stage = _TARGET.get(action, stage)
            updated_by = actor
            audit.append((stamp, actor, "case", case_id, action, detail))

        location = (f"{grid.name}{rng.randint(1, 60)}号楼" if plan.lang == "zh"
                    else f"{grid.name}, building {rng.randint(1, 60)}")
        cases.append((
            case_id, reference, tpl.title, "", location, "", tpl.category, severity, source,
            grid.id, team_id, stage, paused_at, pause_reason, paused_seconds, rework_count,
            stamps[0], registered, dispatched, started, resolved, verified, closed,
            created_by, updated_by, stamps[-1], len(events),
        ))
        if closed_t is not None:
            closed_cases.append((case_id, grid.id, team_id, tpl.category, severity, reported,
                                 registered_t, dispatched_t, resolved_t, closed_t,
                                 paused_seconds, rework_count))


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


def case_rows(
    plan: SeedPlan,
    encode_time: Callable[[int], Any] | None = None,
    chunk_size: int = CHUNK_CASES,
) -> Iterator[SeedChunk]:
    """The seeded cases and their audit timelines as plain tuples, chunk by chunk.

    Deterministic for a plan. ``encode_time`` turns epoch seconds into what the driver
    stores (default: SQLite's text form), so a benchmark can insert the very same rows
    with ``sqlite3.executemany`` and ``insert_sql``.
    """
    return _Generator(plan, encode_time or SQLiteTimes()).chunks(chunk_size)


# ---- inserting -------------------------------------------------------------------------


def _check_untouched(conn: Connection, last_id: int, numbers: dict[int, int]) -> None:
    """Refuse to go on if another writer added cases since the previous chunk."""
    max_id = conn.execute(select(func.max(Case.id))).scalar() or 0
    names = {f"case-{year}": value for year, value in numbers.items()}
    stored = {name: value for name, value in conn.execute(
        select(Counter.name, Counter.value).where(Counter.name.in_(list(names))))}
    if max_id != last_id or any(stored.get(name, 0) != value for name, value in names.items()):
        raise SeedError(
            "Someone reported cases while seeding was running, so seeding stopped to keep "
            "references unique; the cases seeded so far are kept. Seed a database that no "
            "console is writing to."
        )


def counters_sql(paramstyle: str) -> str:
    """The upsert moving the per-year reference counters on (``counter_rows``)."""
    mark = "?" if paramstyle == "qmark" else "%s"
    return (f"INSERT INTO counters (name, value) VALUES ({mark}, {mark}) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value")


def counter_rows(numbers: dict[int, int]) -> list[tuple[str, int]]:
    return [(f"case-{year}", value) for year, value in numbers.items()]


def seed_deriver(conn: Connection, plan: SeedPlan) -> FactDeriver:
    """The KPI-fact deriver for the seeded span (policies and calendar read once)."""
    first_day = datetime.fromtimestamp(plan.now - plan.days * DAY_S, UTC).date()
    return FactDeriver(conn, first_day, datetime.fromtimestamp(plan.now, UTC).date())


def chunk_facts(chunk: SeedChunk, deriver: FactDeriver) -> tuple[list[tuple[Any, ...]],
                                                                  list[tuple[int, ...]]]:
    """The KPI fact rows of a chunk's closed cases and what they add to the daily counts
    (``facts_sql`` and ``daily_sql`` rows): the same facts ``backfill_facts`` would derive
    from the stored rows, from the generator's own epoch times without reading back."""
    derive = deriver.derive_times
    facts = [derive(*c) for c in chunk.closed]
    return fact_rows(facts), daily_rows(facts)


def seed_cases(
    db: Database,
    n: int,
    now: datetime,
    *,
    open_count: int | None = None,
    days: int = 365,
    seed: int = 42,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK_CASES,
) -> SeedReport:
    """Insert ``n`` cases reported over the last ``days`` days, with their full audit
    timelines; the newest ``open_count`` are still open. ``progress(done, n)`` is called
    after each chunk of ``chunk_size`` cases.

    Each chunk is one transaction that also moves the per-year reference counters on, so
    the database is consistent after every chunk and a later ``CaseService.report()``
    continues the sequence. At the end one change-feed entry tells running consoles to
    reload. Meant for a database no console is writing to meanwhile (see ``SeedError``).
    """
    started = time.perf_counter()
    plan = plan_seed(db, n, now, open_count=open_count, days=days, seed=seed, lang=lang)
    return seed_planned(db, plan, now, progress=progress, chunk_size=chunk_size,
                        started=started)


def seed_planned(
    db: Database,
    plan: SeedPlan,
    now: datetime,
    *,
    progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK_CASES,
    started: float | None = None,
) -> SeedReport:
    """Write the cases of ``plan`` chunk by chunk (see ``seed_cases``). On PostgreSQL the
    cases and their audit entries go through COPY (db/bulk.py), elsewhere through one
    executemany per table and chunk."""
    started = time.perf_counter() if started is None else started
    n = plan.n
    engine = writer(db.engine)
    count_sql = counters_sql(engine.dialect.paramstyle)
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        from db.partitions import ensure_audit_years

        with engine.begin() as conn:  # a partition for each year the history spans
            ensure_audit_years(conn, range(
                datetime.fromtimestamp(plan.now - plan.days * DAY_S, UTC).year,
                now.year + 2))
    done = entries = 0
    with engine.connect() as conn:
        deriver = seed_deriver(conn, plan)
    last_id = plan.first_case_id - 1
    numbers = dict(plan.counters)
    if progress is not None:
        progress(0, n)
    try:
        for chunk in case_rows(plan, time_encoder(engine.dialect.name), chunk_size):
            # The KPI facts of the closed cases (db/kpi_facts.py), before the write lock.
            facts, daily = chunk_facts(chunk, deriver)
            with engine.begin() as conn:
                _check_untouched(conn, last_id, {y: numbers.get(y, 0) for y in chunk.last_numbers})
                write_rows(conn, "cases", CASE_COLUMNS, chunk.cases)
                write_rows(conn, "audit_log", AUDIT_COLUMNS, chunk.audit)
                if facts:
                    write_rows(conn, "case_facts", FACT_COLUMNS, facts)
                    write_daily(conn, daily)
                conn.exec_driver_sql(count_sql, counter_rows(chunk.last_numbers))
                if postgres:
                    conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), "
                                      ":last)"), {"last": chunk.last_id})
            done += len(chunk.cases)
            entries += len(chunk.audit)
            last_id = chunk.last_id
            numbers.update(chunk.last_numbers)
            if progress is not None:
                progress(done, n)
    finally:
        if done:
            with engine.begin() as conn:
                conn.execute(insert(Change).values(at=now, entity="case", entity_id=0,
                                                   op="reload"))
    opened = max(0, done - (n - plan.open_count))  # the open cases are the newest
    return SeedReport(done, opened, entries, time.perf_counter() - started)


SEEDED_SETTING = "seeded_cases"


def real_case_count(db: Database) -> int:
    """How many cases in this database were not written by ``seed`` (real work)."""
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Case)) or 0
        seeded = s.get(CenterSetting, SEEDED_SETTING)
    return total - (int(seeded.value) if seeded is not None and seeded.value else 0)


def mark_seeded(db: Database, count: int) -> None:
    """Remember that ``count`` more cases were seeded (so they never count as real)."""
    with db.write.begin() as s:
        row = s.get(CenterSetting, SEEDED_SETTING)
        if row is None:
            s.add(CenterSetting(key=SEEDED_SETTING, value=str(count)))
        else:
            row.value = str(int(row.value or 0) + count)
