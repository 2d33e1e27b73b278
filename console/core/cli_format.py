"""Plain, parseable text for the command line: a case and its timeline, seeding progress."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from console.cases.joint import JointView
from console.core.domain import CaseDetail, TimelineEntry
from console.reports.export import iso_utc
from console.reports.wording import Translate, untranslated
from db.demo.seed import SeedReport


def _value(value: Any) -> str:
    """One value on one line: no line breaks, nothing that reads as a separator."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def case_lines(case: CaseDetail, timeline: Iterable[TimelineEntry],
               joint: JointView | None = None) -> list[str]:
    """``key: value`` lines for the case (times in ISO 8601 UTC), its joint handling if
    given (assisting parts, returns, ruling, callbacks, legal next steps), then
    ``timeline:`` and one indented line per audit entry: time, operator, action, what
    changed."""
    row = case.row
    fields: list[tuple[str, Any]] = [
        ("reference", row.reference),
        ("title", row.title),
        ("category", row.category.value),
        ("severity", int(row.severity)),
        ("source", row.source.value),
        ("stage", row.stage.value),
        ("paused", row.paused),
        ("pause_reason", case.pause_reason),
        ("paused_seconds", case.paused_seconds),
        ("grid", row.grid_code),
        ("team", row.team_code),
        ("location", case.location),
        ("description", case.description),
        ("reporter", case.reporter),
        ("reported_at", iso_utc(row.reported_at)),
        ("registered_at", iso_utc(case.registered_at)),
        ("dispatched_at", iso_utc(case.dispatched_at)),
        ("started_at", iso_utc(case.started_at)),
        ("resolved_at", iso_utc(case.resolved_at)),
        ("verified_at", iso_utc(case.verified_at)),
        ("closed_at", iso_utc(row.closed_at)),
        ("paused_at", iso_utc(case.paused_at)),
        ("rework_count", row.rework_count),
        ("created_by", case.created_by),
        ("updated_by", case.updated_by),
        ("updated_at", iso_utc(row.updated_at)),
        ("version", row.version),
    ]
    if joint is not None:
        st = joint.state
        fields += [
            ("assist", "; ".join(f"{p.team_code} {p.state.value}"
                                 + (f" ({p.text})" if p.text else "") for p in st.parts)),
            ("return_count", st.return_count),
            ("disputed", st.disputed),
            ("ruled_team", joint.ruled_team_code),
            ("callbacks", "; ".join(
                f"{c.round} " + (f"{c.satisfaction.value} resolved={'yes' if c.resolved else 'no'}"
                                 if c.satisfaction is not None else "pending")
                for c in joint.callbacks)),
            ("callback_reopens", joint.callback_reopens),
            ("legal_next", ", ".join(a.value for a in joint.legal)),
        ]
    lines = [f"{key}: {_value(value)}".rstrip() for key, value in fields]
    lines.append("timeline:")
    for entry in timeline:
        parts = [iso_utc(entry.at) or "", entry.operator_username, entry.action]
        detail = compact_detail(entry.detail)
        if detail:
            parts.append(detail)
        lines.append("  " + " ".join(parts))
    return lines


def compact_detail(detail: dict[str, Any]) -> str:
    """``stage=reported->registered team=null->FIRE-1 note="Not fixed"``: a change
    ``[old, new]`` as ``old->new``; numbers, nothing (``null``) and text with spaces or
    quotes as JSON; plain words as they are."""

    def one(value: Any) -> str:
        if isinstance(value, str):
            plain = value and not any(c.isspace() or c in '"=\\' for c in value)
            return value if plain else json.dumps(value, ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key in sorted(detail):
        value = detail[key]
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}={one(value[0])}->{one(value[1])}")
        else:
            parts.append(f"{key}={one(value)}")
    return " ".join(parts)


class SeedProgress:
    """Seeding progress on ``stream``: a redrawn bar on a terminal, otherwise (a log, a
    pipe) one line each time another tenth is done; in ``translate``'s language."""

    def __init__(self, stream: TextIO, width: int = 30,
                 timer: Callable[[], float] = time.perf_counter,
                 translate: Translate = untranslated) -> None:
        self._translate = translate
        self._stream = stream
        self._tty = stream.isatty()
        self._width = width
        self._timer = timer
        self._started = timer()
        self._tenths = 0

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        translate = self._translate
        if self._tty:
            filled = self._width * done // total
            elapsed = self._timer() - self._started
            rate = translate("SeedProgress", "{rate} cases/s").format(
                rate=f"{done / elapsed:,.0f}") if elapsed > 0 and done else ""
            bar = "#" * filled + "." * (self._width - filled)
            end = "\n" if done >= total else ""
            self._stream.write(f"\r[{bar}] {100 * done // total:3d}%  "
                               f"{done:,}/{total:,}  {rate}{end}")
        else:
            tenths = 10 * done // total
            if tenths <= self._tenths:
                return
            self._tenths = tenths
            self._stream.write(translate("SeedProgress", "seeded {done} of {total} cases "
                                                         "({percent}%)").format(
                done=f"{done:,}", total=f"{total:,}", percent=100 * done // total) + "\n")
        self._stream.flush()


def seed_summary(report: SeedReport) -> list[str]:
    return [
        f"cases: {report.cases}",
        f"open: {report.open}",
        f"audit entries: {report.audit_entries}",
        f"seconds: {report.seconds:.2f}",
        f"cases/s: {report.cases_per_second:.0f}",
    ]
