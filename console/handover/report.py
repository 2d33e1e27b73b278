"""The handover as a printable report (tables and charts), for ``write_pdf``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.cases.deadlines import LEVEL_NAMES
from console.core.durations import late_text
from console.handover.domain import HandoverRecord, HandoverStatus
from console.reports.document import (
    Report,
    ReportChart,
    ReportParagraph,
    ReportSection,
    ReportTable,
)

SECTION_TITLES = (
    "Shift and signatures",
    "Open cases",
    "Escalations during the shift",
    "Unacknowledged alerts",
    "Hazards changed or overdue",
    "Team readiness for the next shift",
    "Significant events",
    "Notes from the outgoing officer",
)


def _when(value: datetime | None, zone: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(zone).strftime(fmt) if value is not None else "—"


def escalations_per_hour(record: HandoverRecord) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Labels (local hour) and counts of escalations for every hour of the shift."""
    snap = record.snapshot
    zone = ZoneInfo(snap.timezone)
    hours: list[datetime] = []
    at = snap.shift_start
    while at < snap.shift_end:
        hours.append(at)
        at += timedelta(hours=1)
    counts = [0.0] * len(hours)
    for esc in snap.escalations:
        index = int((esc.at - snap.shift_start).total_seconds() // 3600)
        if 0 <= index < len(counts):
            counts[index] += 1
    return tuple(_when(h, zone, "%H:00") for h in hours), tuple(counts)


def handover_report(record: HandoverRecord, generated_at: datetime) -> Report:
    snap = record.snapshot
    zone = ZoneInfo(snap.timezone)
    status = {HandoverStatus.DRAFT: "Draft — not signed",
              HandoverStatus.SIGNED_OUT: "Signed out — waiting for the incoming officer",
              HandoverStatus.TAKEN_OVER: "Signed by both officers"}[record.status]
    shift = (f"{snap.shift_name} shift {_when(snap.shift_start, zone)}–"
             f"{_when(snap.shift_end, zone, '%H:%M')}")
    signatures = ReportTable(
        "Signatures", ("Role", "Officer", "Signed at"),
        (("Outgoing", record.outgoing or "—", _when(record.outgoing_signed_at, zone)),
         ("Incoming", record.incoming or "—", _when(record.incoming_signed_at, zone))))
    stage_labels = tuple(stage.replace("_", " ") for stage, _ in snap.open_by_stage)
    stage_chart = ReportChart("Open cases by stage", "bar", stage_labels,
                              (("Open cases", tuple(float(n) for _, n in snap.open_by_stage)),),
                              "cases")
    listed = len(snap.cases)
    cases = ReportTable(
        f"Escalated and due first ({listed} of {snap.open_total} listed)",
        ("Case", "Title", "Stage", "Sev.", "Team", "Level", "Next due"),
        tuple((c.reference, c.title, c.stage.replace("_", " ") + (" (paused)" if c.paused
                                                                   else ""),
               str(c.severity), c.team or "—",
               LEVEL_NAMES.get(c.escalation_level, str(c.escalation_level))
               + (" · supervised" if c.supervised else ""),
               f"{c.next_due_kind or ''} {_when(c.next_due_at, zone, '%m-%d %H:%M')}".strip())
              for c in snap.cases), "No open cases.")
    labels, per_hour = escalations_per_hour(record)
    esc_chart = ReportChart("Escalations per hour of the shift", "bar", labels,
                            (("Escalations", per_hour),), "escalations")
    escalations = ReportTable(
        f"Escalations ({len(snap.escalations)} of {snap.escalations_total} listed)",
        ("Time", "Case / hazard", "Deadline", "Level", "Late by"),
        tuple((_when(e.at, zone, "%H:%M"), e.reference, e.deadline,
               f"{e.level} ({LEVEL_NAMES.get(e.level, '')})",
               late_text(e.minutes_late) if e.minutes_late > 0 else "—")
              for e in snap.escalations), "No escalations during the shift.")
    alerts = ReportTable(
        f"Unacknowledged alerts ({len(snap.alerts)} of {snap.alerts_total} listed)",
        ("Received", "Severity", "Urgency", "Source", "Headline", "Repeats"),
        tuple((_when(a.received_at, zone, "%m-%d %H:%M"), a.severity, a.urgency, a.source,
               a.headline, str(a.repeat_count)) for a in snap.alerts),
        "Every alert was acknowledged.")
    hazards = ReportTable(
        "Hazards", ("Code", "Name", "Risk", "Status", "Inspection due", "Why listed"),
        tuple((h.code, h.name, h.level, h.status, _when(h.next_inspection_due, zone),
               ", ".join(w for w, on in (("overdue", h.overdue), ("changed", h.changed)) if on))
              for h in snap.hazards), "No hazard changed or fell overdue.")
    readiness = ReportTable(
        f"{snap.next_shift_name} shift {_when(snap.next_shift_start, zone)}–"
        f"{_when(snap.next_shift_end, zone, '%H:%M')}",
        ("Team", "Crew", "Roster shift", "Ready", "Needed", "Readiness"),
        tuple((f"{r.team} {r.team_name}".strip(), r.crew or "—",
               (f"{_when(r.starts_at, zone, '%m-%d %H:%M')}–{_when(r.ends_at, zone, '%H:%M')}"
                if r.starts_at else "no shift"),
               str(r.ready), str(r.needed), "GAP" if r.gap else "ready")
              for r in snap.readiness), "No teams.")
    significant = ReportTable(
        "Activity log", ("Time", "Subject", "What happened", "Remark", "Flagged by"),
        tuple((_when(e.event_at, zone, "%H:%M"), e.subject, e.summary, e.remark or "—",
               e.flagged_by) for e in snap.significant),
        "Nothing was flagged significant.")
    sections = (
        ReportSection(SECTION_TITLES[0], (
            ReportParagraph(f"{shift}. {status}. Snapshot taken "
                            f"{_when(snap.taken_at, zone)} ({snap.timezone})."),
            signatures)),
        ReportSection(SECTION_TITLES[1], (
            ReportParagraph(f"{snap.open_total} open cases at the snapshot."),
            stage_chart, cases)),
        ReportSection(SECTION_TITLES[2], (esc_chart, escalations)),
        ReportSection(SECTION_TITLES[3], (alerts,)),
        ReportSection(SECTION_TITLES[4], (hazards,)),
        ReportSection(SECTION_TITLES[5], (readiness,)),
        ReportSection(SECTION_TITLES[6], (significant,)),
        ReportSection(SECTION_TITLES[7], (
            ReportParagraph(record.notes or "No notes."),)),
    )
    title = f"Shift handover — {shift}"
    subtitle = (f"Handover {record.id}" if record.id else "Preview (not stored)") + \
        f" · {status}"
    return Report(title, subtitle, generated_at, sections, timezone=record.snapshot.timezone)
