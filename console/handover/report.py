"""The handover as a printable report (tables and charts), for ``write_pdf``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.handover.domain import HandoverRecord, HandoverStatus
from console.reports.document import (
    Report,
    ReportChart,
    ReportParagraph,
    ReportSection,
    ReportTable,
)
from console.reports.wording import ENGLISH, ReportWords


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


def handover_report(record: HandoverRecord, generated_at: datetime,
                    words: ReportWords = ENGLISH) -> Report:
    """The handover as a printable report, in the language of ``words``."""
    translate = words.translate
    snap = record.snapshot
    zone = ZoneInfo(snap.timezone)
    status = {
        HandoverStatus.DRAFT: translate("HandoverReport", "Draft — not signed"),
        HandoverStatus.SIGNED_OUT: translate(
            "HandoverReport", "Signed out — waiting for the incoming officer"),
        HandoverStatus.TAKEN_OVER: translate("HandoverReport", "Signed by both officers"),
    }[record.status]
    shift = translate("HandoverReport", "{name} shift {start}–{end}").format(
        name=words.shift(snap.shift_name), start=_when(snap.shift_start, zone),
        end=_when(snap.shift_end, zone, "%H:%M"))
    signatures = ReportTable(
        translate("HandoverReport", "Signatures"),
        (translate("HandoverReport", "Role"), translate("HandoverReport", "Officer"),
         translate("HandoverReport", "Signed at")),
        ((translate("HandoverReport", "Outgoing"), record.outgoing or "—",
          _when(record.outgoing_signed_at, zone)),
         (translate("HandoverReport", "Incoming"), record.incoming or "—",
          _when(record.incoming_signed_at, zone))))
    stage_labels = tuple(words.stage(stage) for stage, _ in snap.open_by_stage)
    cases_word = translate("HandoverReport", "cases")
    stage_chart = ReportChart(
        translate("HandoverReport", "Open cases by stage"), "bar", stage_labels,
        ((translate("HandoverReport", "Open cases"),
          tuple(float(n) for _, n in snap.open_by_stage)),), cases_word)
    paused = translate("HandoverReport", " (paused)")
    supervised = translate("HandoverReport", " · supervised")
    photos = translate("HandoverReport", " · {n} photo(s)")  # from the field (intake API)
    cases = ReportTable(
        translate("HandoverReport", "Escalated and due first ({listed} of {total} listed)")
        .format(listed=len(snap.cases), total=snap.open_total),
        (translate("HandoverReport", "Case"), translate("HandoverReport", "Title"),
         translate("HandoverReport", "Stage"), translate("HandoverReport", "Sev."),
         translate("HandoverReport", "Team"), translate("HandoverReport", "Level"),
         translate("HandoverReport", "Next due")),
        tuple((c.reference, c.title + (photos.format(n=c.photos) if c.photos else ""),
               words.stage(c.stage) + (paused if c.paused else ""),
               str(c.severity), c.team or "—",
               words.level(c.escalation_level) + (supervised if c.supervised else ""),
               f"{words.deadline_kind(c.next_due_kind)} "
               f"{_when(c.next_due_at, zone, '%m-%d %H:%M')}".strip())
              for c in snap.cases), translate("HandoverReport", "No open cases."))
    labels, per_hour = escalations_per_hour(record)
    esc_chart = ReportChart(
        translate("HandoverReport", "Escalations per hour of the shift"), "bar", labels,
        ((translate("HandoverReport", "Escalations"), per_hour),),
        translate("HandoverReport", "escalations"))
    escalations = ReportTable(
        translate("HandoverReport", "Escalations ({listed} of {total} listed)").format(
            listed=len(snap.escalations), total=snap.escalations_total),
        (translate("HandoverReport", "Time"), translate("HandoverReport", "Case / hazard"),
         translate("HandoverReport", "Deadline"), translate("HandoverReport", "Level"),
         translate("HandoverReport", "Late by")),
        tuple((_when(e.at, zone, "%H:%M"), e.reference, words.deadline_kind(e.deadline),
               f"{e.level} ({words.level(e.level)})",
               words.late(e.minutes_late) if e.minutes_late > 0 else "—")
              for e in snap.escalations),
        translate("HandoverReport", "No escalations during the shift."))
    alerts = ReportTable(
        translate("HandoverReport", "Unacknowledged alerts ({listed} of {total} listed)")
        .format(listed=len(snap.alerts), total=snap.alerts_total),
        (translate("HandoverReport", "Received"), translate("HandoverReport", "Severity"),
         translate("HandoverReport", "Urgency"), translate("HandoverReport", "Source"),
         translate("HandoverReport", "Headline"), translate("HandoverReport", "Repeats")),
        tuple((_when(a.received_at, zone, "%m-%d %H:%M"), words.alert_severity(a.severity),
               words.alert_urgency(a.urgency), words.alert_source(a.source),
               words.alert_headline(a.source, a.headline), str(a.repeat_count))
              for a in snap.alerts),
        translate("HandoverReport", "Every alert was acknowledged."))
    why = (translate("HandoverReport", "overdue"), translate("HandoverReport", "changed"))
    hazards = ReportTable(
        translate("HandoverReport", "Hazards"),
        (translate("HandoverReport", "Code"), translate("HandoverReport", "Name"),
         translate("HandoverReport", "Risk"), translate("HandoverReport", "Status"),
         translate("HandoverReport", "Inspection due"),
         translate("HandoverReport", "Why listed")),
        tuple((h.code, h.name, words.hazard_level(h.level), words.hazard_status(h.status),
               _when(h.next_inspection_due, zone),
               ", ".join(w for w, on in zip(why, (h.overdue, h.changed), strict=True) if on))
              for h in snap.hazards),
        translate("HandoverReport", "No hazard changed or fell overdue."))
    readiness = ReportTable(
        translate("HandoverReport", "{name} shift {start}–{end}").format(
            name=words.shift(snap.next_shift_name), start=_when(snap.next_shift_start, zone),
            end=_when(snap.next_shift_end, zone, "%H:%M")),
        (translate("HandoverReport", "Team"), translate("HandoverReport", "Crew"),
         translate("HandoverReport", "Roster shift"), translate("HandoverReport", "Ready"),
         translate("HandoverReport", "Needed"), translate("HandoverReport", "Readiness")),
        tuple((f"{r.team} {r.team_name}".strip(), r.crew or "—",
               (f"{_when(r.starts_at, zone, '%m-%d %H:%M')}–{_when(r.ends_at, zone, '%H:%M')}"
                if r.starts_at else translate("HandoverReport", "no shift")),
               str(r.ready), str(r.needed),
               translate("HandoverReport", "GAP") if r.gap
               else translate("HandoverReport", "ready"))
              for r in snap.readiness), translate("HandoverReport", "No teams."))
    significant = ReportTable(
        translate("HandoverReport", "Activity log"),
        (translate("HandoverReport", "Time"), translate("HandoverReport", "Subject"),
         translate("HandoverReport", "What happened"), translate("HandoverReport", "Remark"),
         translate("HandoverReport", "Flagged by")),
        tuple((_when(e.event_at, zone, "%H:%M"), e.subject, e.summary, e.remark or "—",
               e.flagged_by) for e in snap.significant),
        translate("HandoverReport", "Nothing was flagged significant."))
    headings = section_titles(words)
    sections = (
        ReportSection(headings[0], (
            ReportParagraph(translate(
                "HandoverReport", "{shift}. {status}. Snapshot taken {when} ({zone}).").format(
                    shift=shift, status=status, when=_when(snap.taken_at, zone),
                    zone=snap.timezone)),
            signatures)),
        ReportSection(headings[1], (
            ReportParagraph(translate("HandoverReport", "{n} open cases at the snapshot.")
                            .format(n=snap.open_total)),
            stage_chart, cases)),
        ReportSection(headings[2], (esc_chart, escalations)),
        ReportSection(headings[3], (alerts,)),
        ReportSection(headings[4], (hazards,)),
        ReportSection(headings[5], (readiness,)),
        ReportSection(headings[6], (significant,)),
        ReportSection(headings[7], (
            ReportParagraph(record.notes or translate("HandoverReport", "No notes.")),)),
    )
    title = translate("HandoverReport", "Shift handover — {shift}").format(shift=shift)
    subtitle = (translate("HandoverReport", "Handover {id}").format(id=record.id)
                if record.id else translate("HandoverReport", "Preview (not stored)")) + \
        f" · {status}"
    return Report(title, subtitle, generated_at, sections, timezone=record.snapshot.timezone)


def section_titles(words: ReportWords = ENGLISH) -> tuple[str, ...]:
    """The report's section headings, in the order it prints them."""
    translate = words.translate
    return (
        translate("HandoverReport", "Shift and signatures"),
        translate("HandoverReport", "Open cases"),
        translate("HandoverReport", "Escalations during the shift"),
        translate("HandoverReport", "Unacknowledged alerts"),
        translate("HandoverReport", "Hazards changed or overdue"),
        translate("HandoverReport", "Team readiness for the next shift"),
        translate("HandoverReport", "Significant events"),
        translate("HandoverReport", "Notes from the outgoing officer"),
    )


SECTION_TITLES = section_titles()  # in English, as the command line prints them
