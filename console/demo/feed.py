"""The demo's live feed: a simulated shift that reports and works cases like a second seat."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import Point, Polygon
from sqlalchemy import select

from console.cases.lifecycle import Action, legal_actions
from console.cases.service import CaseService
from console.center.services import CenterApp
from console.core.domain import CaseRow, GridRef, OperatorRef, Role, Stage
from console.core.errors import ValidationError, WatchroomError
from console.demo.center import load_demo_center, load_inspection_history
from console.operators.auth import DEMO_PASSWORD
from console.operators.service import OperatorService
from console.reports.wording import ENGLISH, ReportWords, counted
from console.territory.district import DistrictService
from console.territory.places import LonLat
from db.demo.district_loader import read_case_templates
from db.demo.seed import (
    PAUSE_REASONS,
    REWORK_NOTES,
    SEVERITY_DRIFT,
    GridSpot,
    SeedReport,
    TeamChooser,
    TeamSpot,
    centroid,
    seed_cases,
)
from db.models import Case

log = logging.getLogger(__name__)

# What a fresh demo database gets: two months of history, a busy board.
DEMO_CASES = 3_000
DEMO_OPEN = 150
DEMO_DAYS = 60

# Per tick: the chance of a new report, then 1-3 open cases move on by one step. With
# about six steps per case, reports and closures roughly balance and the board stays busy.
REPORT_CHANCE = 0.3
PAUSE_CHANCE = 0.04  # of a case that could be paused (registered, dispatched, in progress)
RESUME_CHANCE = 0.5  # of a paused case picked in a tick
REOPEN_CHANCE = 0.12  # of a resolved case: the verification fails
_PAUSABLE = frozenset({Stage.REGISTERED, Stage.DISPATCHED, Stage.IN_PROGRESS})
# Who the simulated shift acts as: (user name, display name per language, role).
SIMULATED_CREW: tuple[tuple[str, dict[str, str], Role], ...] = (
    ("demo.feed.officer", {"en": "Simulated officer (demo feed)", "zh": "模拟值班员（演示）"},
     Role.DUTY_OFFICER),
    ("demo.feed.coordinator",
     {"en": "Simulated coordinator (demo feed)", "zh": "模拟协调员（演示）"}, Role.COORDINATOR),
)


@dataclass(frozen=True, slots=True)
class _Template:
    title: str
    category: str
    severity: int
    sources: tuple[str, ...]


class DemoActivity:
    """One simulated shift. Every change goes through the case service, as one of the
    district's duty officers or coordinators, a different one each tick (the console's own
    operator is left alone: the feed passes its actor to each call)."""

    def __init__(self, cases: CaseService, operators: OperatorService,
                 district: DistrictService, rng_seed: int | None = None,
                 lang: str = "en") -> None:
        self._cases = cases
        self._operators = operators
        self._district = district
        self._rng = random.Random(rng_seed)
        self._lang = "zh" if lang.lower().startswith("zh") else "en"
        self._templates = [
            _Template(t["title_zh"] if self._lang == "zh" else t["title_en"], t["category"],
                      int(t["severity"]), tuple(t["sources"]))
            for t in read_case_templates()
        ]
        self._turn = 0
        self._crew: list[OperatorRef] = []
        self._chooser: TeamChooser | None = None

    def step(self) -> list[str]:
        """One tick of the shift; returns a short line for each thing it did."""
        actor = self._next_actor()
        done: list[str] = []
        if self._rng.random() < REPORT_CHANCE:
            done.append(self._report(actor))
        open_rows = self._cases.open_cases()
        picked = self._rng.sample(open_rows, k=min(len(open_rows), self._rng.randint(1, 3)))
        for row in picked:
            line = self._advance(actor, row)
            if line:
                done.append(line)
        return done

    def _next_actor(self) -> OperatorRef:
        if not self._district.grids():
            raise ValidationError("The demo feed needs grids and teams; load the demo "
                                  "district first.")
        if not self._crew:
            # Simulated officers of their own: the audit log and the handover never
            # credit a person (the signed-in officer least of all) with the feed's work.
            self._crew = [self._operators.simulated(username, names[self._lang], role)
                          for username, names, role in SIMULATED_CREW]
        actor = self._crew[self._turn % len(self._crew)]
        self._turn += 1
        return actor

    def _teams(self) -> TeamChooser:
        if self._chooser is None:
            district = self._district
            self._chooser = TeamChooser(
                [GridSpot(g.id, g.community_en, centroid(g.polygon)) for g in district.grids()],
                [TeamSpot(t.id, t.code, t.kind.value, t.base_grid_id) for t in district.teams()],
            )
        return self._chooser

    def _spot(self, grid: GridRef) -> LonLat | None:
        """A point inside the grid's cell, where a caller would say the problem is (the
        map marks it); None for a cell with no shape."""
        if len(grid.polygon) < 3:
            return None
        cell = Polygon(grid.polygon)
        west, south, east, north = cell.bounds
        for _ in range(30):
            lon, lat = self._rng.uniform(west, east), self._rng.uniform(south, north)
            if cell.contains(Point(lon, lat)):
                return LonLat(lon, lat)
        inner = cell.representative_point()
        return LonLat(inner.x, inner.y)

    def _report(self, actor: OperatorRef) -> str:
        rng = self._rng
        grids = self._district.grids()
        if not grids:
            raise ValidationError("The demo feed needs grids: load the demo district first.")
        tpl = rng.choice(self._templates)
        grid = rng.choice(grids)
        severity = tpl.severity
        if rng.random() < SEVERITY_DRIFT:
            severity = min(4, max(1, severity + rng.choice((-1, 1))))
        case = self._cases.report(
            actor, title=tpl.title, category=tpl.category, severity=severity,
            grid=grid.code, source=rng.choice(tpl.sources), point=self._spot(grid),
        )
        return f"{actor.username} reported {case.reference} in {grid.code}: {tpl.title}"

    def _choose(self, row: CaseRow) -> tuple[Action, str | None, str] | None:
        """The step to take on ``row`` (action, team, text), or None to leave it be."""
        rng = self._rng
        allowed = legal_actions(row.stage, row.paused)
        if row.paused:
            return (Action.RESUME, None, "") if rng.random() < RESUME_CHANCE else None
        if Action.PAUSE in allowed and row.stage in _PAUSABLE and rng.random() < PAUSE_CHANCE:
            return Action.PAUSE, None, rng.choice(PAUSE_REASONS[self._lang])
        steps = [a for a in allowed if a not in {Action.PAUSE, Action.NOTE}]
        if not steps:
            return None
        if Action.REOPEN in steps and rng.random() < REOPEN_CHANCE:
            return Action.REOPEN, None, rng.choice(REWORK_NOTES[self._lang])
        action = next(a for a in steps if a is not Action.REOPEN)
        team = None
        if action is Action.DISPATCH:
            spot = self._teams().team_for(row.category.value, int(row.severity), row.grid_id)
            team = spot.code if spot else None
        return action, team, ""

    def _advance(self, actor: OperatorRef, row: CaseRow) -> str | None:
        choice = self._choose(row)
        if choice is None:
            return None
        action, team, text = choice
        try:
            case = self._cases.apply(actor, row.reference, action,
                                         expected_version=row.version, team=team, text=text)
        except WatchroomError as exc:
            # Someone at a console moved the case first: theirs wins, the feed moves on.
            return f"{actor.username} left {row.reference}: {exc}"
        state = case.row.stage.value + (" (paused)" if case.row.paused else "")
        extra = f" to {team}" if team else (f": {text}" if text else "")
        return f"{actor.username} {action.value} {row.reference}{extra} -> {state}"


class DemoFeedThread(threading.Thread):
    """Runs ``activity.step()`` every ``interval_s`` seconds until ``close()``.

    A daemon thread that sleeps on an Event (no busy loop, and close() wakes it at once).
    It writes like a second seat: the GUI learns of its changes through the change feed.
    A failed tick is logged and the next one goes ahead, so the feed never dies.
    """

    def __init__(self, activity: DemoActivity, interval_s: float = 3.0) -> None:
        super().__init__(name="demo-feed", daemon=True)
        if interval_s <= 0:
            raise ValueError("the demo feed interval must be positive")
        self._activity = activity
        self._interval_s = interval_s
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self._interval_s):
            self.tick()

    def tick(self) -> list[str]:
        """One step, with any failure logged instead of raised."""
        try:
            lines = self._activity.step()
        except WatchroomError as exc:
            log.warning("demo feed: %s", exc)
            return []
        except Exception:
            # A locked or unreachable database must not end the demo; try again next tick.
            log.exception("demo feed: the step failed; trying again in %.0f s", self._interval_s)
            return []
        for line in lines:
            log.info("demo feed: %s", line)
        return lines

    def close(self, timeout_s: float = 10.0) -> None:
        """Ask the feed to stop and wait for a step in progress to finish."""
        self._stopped.set()
        if self.is_alive():
            self.join(timeout_s)


# ---- setting up the demo database -----------------------------------------------------


def prepare_demo(app: CenterApp, say: Callable[[str], None], lang: str = "en",
                 words: ReportWords = ENGLISH) -> SeedReport | None:
    """On a fresh demo database: load the demo center (resources/demo-center/) through
    ``center import`` like any center, give its operators the demo password, record the
    hazards' inspection history, seed two months of cases and start the deadline clocks
    of the open ones (the engine escalates what is late).

    ``lang`` is the language of the made-up cases; ``say`` hears each step in ``words``'
    language. Returns the seeding report, or None when the database already had cases.
    """
    translate = words.translate
    now = app.clock.now()
    load_demo_center(app, say, words=words)
    if app.operators.give_demo_passwords():
        say(translate("DemoSetUp", "Demo operators sign in with the password {password}.")
            .format(password=repr(DEMO_PASSWORD)))
    inspections = load_inspection_history(app)
    if inspections:
        say(counted(translate("DemoSetUp", "Recorded {n} past inspection(s) of the registered "
                                           "hazards."), inspections).format(n=inspections))
    with app.db.read() as s:
        has_cases = s.scalar(select(Case.id).limit(1)) is not None
    if has_cases:
        return None
    say(translate("DemoSetUp", "Seeding {cases} cases over {days} days ({open} still open)…")
        .format(cases=f"{DEMO_CASES:,}", days=DEMO_DAYS, open=DEMO_OPEN))
    report = seed_cases(app.db, DEMO_CASES, now, open_count=DEMO_OPEN, days=DEMO_DAYS,
                        lang=lang)
    timed = app.deadlines.backfill()
    say(counted(translate("DemoSetUp", "Seeded {cases} cases with {entries} audit entries in "
                                       "{seconds} s; deadlines started for {n} open case(s)."),
                timed).format(cases=f"{report.cases:,}", entries=f"{report.audit_entries:,}",
                              seconds=f"{report.seconds:.1f}", n=timed))
    return report


def first_duty_officer(operators: OperatorService) -> OperatorRef:
    """Whom the demo console acts as by default."""
    for operator in operators.list():
        if operator.role is Role.DUTY_OFFICER:
            return operator
    raise ValidationError("This database has no duty officer; use --operator.")
