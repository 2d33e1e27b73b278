"""The demo center: the bundle in resources/demo-center/ loaded through ``center import``
like any center's, and the demo's own past on top of it (hazard inspections dated relative
to the day the demo starts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from console.center.bundle import import_center
from console.center.services import CenterApp
from console.core.errors import NotFound, ValidationError
from console.hazards.domain import HazardStatus
from console.reports.wording import ENGLISH, ReportWords
from db.demo.district_loader import DEMO_CENTER
from db.demo.hazard_loader import DEMO_INSPECTIONS, read_inspection_history


def load_demo_center(app: CenterApp, say: Callable[[str], None],
                     bundle: Path = DEMO_CENTER, words: ReportWords = ENGLISH) -> bool:
    """Import the demo center into a database without grids, as the engine's system
    operator; the demo gives its operators their password itself, so no one-time ones.
    Returns False (changing nothing) when the database has grids already. ``say`` hears
    what was loaded, in ``words``' language."""
    if app.district.grids():
        return False
    report = import_center(app, app.operators.system(), bundle, one_time_passwords=False)
    if not report.ok:
        rejected = [line for line in report.lines() if ": rejected" in line or ": line " in line]
        raise ValidationError("The demo center did not load: " + "; ".join(rejected[:5]))
    settings = app.center.settings()
    members = len(app.rosters.members())
    say(words.translate("DemoSetUp", "Loaded the demo center {name} from {bundle}/: {grids} "
                                     "grids in {communities} communities, {teams} teams, "
                                     "{members} members, {operators} operators, {hazards} "
                                     "hazards.").format(
        name=words.place(settings.name_en, settings.name), bundle=bundle.name,
        grids=len(app.district.grids()), communities=len(app.territory.areas("community")),
        teams=len(app.district.teams()), members=members,
        operators=len(app.operators.list()), hazards=len(app.hazards.rows())))
    return True


def load_inspection_history(app: CenterApp, path: Path = DEMO_INSPECTIONS) -> int:
    """Record the demo hazards' past inspections through the hazard service (days before
    now); a hazard without any is due one interval after it was registered. Only on a
    registry where nobody has inspected anything yet. Returns how many were recorded."""
    system = app.operators.system()
    rows = app.hazards.rows()
    if not rows or any(r.last_inspected_at is not None for r in rows):
        return 0
    now = app.clock.now()
    recorded = 0
    for code, entry in sorted(read_inspection_history(path).items()):
        try:
            hazard = app.hazards.get(code)
        except NotFound:
            continue
        if hazard.row.status is HazardStatus.RETIRED:
            continue  # a retired hazard takes no inspections
        inspections = sorted(entry.get("inspections", []), key=lambda i: -i["days_ago"])
        for item in inspections:
            app.hazards.record_inspection(
                system, code, inspector=item["inspector"], likelihood=item["likelihood"],
                severity=item["severity"], findings=item.get("findings", ""),
                photos=item.get("photos", []),
                inspected_at=now - timedelta(days=float(item["days_ago"])))
            recorded += 1
        if not inspections:
            registered = now - timedelta(days=float(entry.get("registered_days_ago", 365)))
            app.hazards.update(system, code, next_inspection_due=registered + timedelta(
                days=hazard.row.inspection_interval_days))
    return recorded
