"""Roster interchange: members as CSV (export and import), a team's shifts as iCalendar.

CSV (``ROSTER_FIELDS``): UTF-8, comma-separated, one header row, ``\\n`` line ends:

    team, name, role, qualifications, phone, email, availability

``team`` is the team code (``RESCUE-1``); ``qualifications`` are codes separated by ``;``
(``first_aid;rope_rescue``; on import English or Chinese names are accepted too); ``email``
is where an e-mail page reaches the member (a sheet without the column keeps the addresses
the database has); ``availability`` is ``available``, ``on_task``, ``off_duty`` or
``leave``. On import a member is matched by team and name: a match is updated, anyone else
added. Every bad row is reported by line and reason (unknown team or qualification, empty
name, a phone or an e-mail address that is not one, ``on_task`` for someone not on a
case…) and the good rows are kept. Excel's
UTF-8 with BOM and the GB18030 encoding Chinese Excel saves in are both read.

iCalendar (RFC 5545), written with the ``icalendar`` library: one VCALENDAR, one VEVENT
per shift with UID, DTSTAMP, DTSTART/DTEND in UTC, SUMMARY, CATEGORIES, DESCRIPTION listing
the members, LOCATION, SEQUENCE for edits. The library ends lines in CRLF, folds them at 75
octets and escapes text values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

from console.core.domain import OperatorRef
from console.core.errors import ValidationError
from console.core.spreadsheet import csv_dict_writer
from console.rosters.domain import InputReport, MemberRow, Problem, ShiftKind, ShiftRow
from console.rosters.service import RosterService
from console.territory.district import DistrictService

if TYPE_CHECKING:  # icalendar loads when a calendar is written
    from icalendar import Event

RosterFormat = Literal["csv", "ics"]
ROSTER_FORMATS: tuple[str, ...] = ("csv", "ics")
ROSTER_FIELDS: tuple[str, ...] = ("team", "name", "role", "qualifications", "phone",
                                  "email", "availability")
REQUIRED_FIELDS = ("team", "name")
# Shifts an .ics export holds by default: from a day ago to five weeks ahead.
ICS_BEFORE = timedelta(days=1)
ICS_AFTER = timedelta(days=35)
PRODID = "-//Watchroom//Rosters 1.0//EN"


# ---- CSV ---------------------------------------------------------------------------------


def member_records(members: Iterable[MemberRow]) -> Iterator[dict[str, str]]:
    for m in members:
        yield {"team": m.team_code, "name": m.name, "role": m.role,
               "qualifications": ";".join(m.qualifications), "phone": m.phone,
               "email": m.email, "availability": m.availability.value}


def write_members_csv(members: Iterable[MemberRow], out: TextIO) -> int:
    writer = csv_dict_writer(out, ROSTER_FIELDS)
    writer.writeheader()
    count = 0
    for record in member_records(members):
        writer.writerow(record)
        count += 1
    return count


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def read_members_csv(text: str) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows of a roster CSV, each with its ``line``; problems with the file as a whole."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        return [], [Problem(1, "The file is empty: expected a header row "
                               f"{','.join(ROSTER_FIELDS)}.")]
    missing = [f for f in REQUIRED_FIELDS if f not in header]
    if missing:
        return [], [Problem(1, f"The header lacks {', '.join(missing)}; expected "
                               f"{','.join(ROSTER_FIELDS)}.")]
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    line = 1
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(Problem(line, f"{len(record[None])} more fields than the header "
                                          f"has (a comma inside an unquoted value?)."))
            continue
        values = {k: (v or "").strip() for k, v in record.items() if k is not None}
        if not any(values.values()):
            continue  # blank line
        values["line"] = str(line)
        rows.append(values)
    return rows, problems


def import_roster_csv(rosters: RosterService, path: str | Path,
                      actor: OperatorRef) -> InputReport:
    """Add or update members from a roster CSV; bad rows are reported by line and reason,
    good rows kept. Acts as ``actor``, who must be allowed to edit rosters."""
    path = Path(path)
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.", "path") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is neither UTF-8 nor GB18030 text.", "path") from None
    rows, problems = read_members_csv(text)
    report = rosters.import_members(actor, rows, source=path.name)
    report.problems = sorted([*problems, *report.problems], key=lambda p: p.line)
    return report


# ---- iCalendar ---------------------------------------------------------------------------


def _event(shift: ShiftRow, stamp: datetime, team_name: str, location: str) -> Event:
    kind = "on call" if shift.kind is ShiftKind.ON_CALL else "duty"
    crew = f" crew {shift.crew}" if shift.crew else ""
    people = [f"{m.name} — {m.role}" + (f" — {m.phone}" if m.phone else "")
              for m in shift.members]
    description = "\n".join([
        f"{team_name}{crew}, {kind}: {len(shift.members)} members "
        f"(minimum staffing {shift.needed}, ready now {shift.ready}).", *people])
    from icalendar import Event

    event = Event()
    event.add("uid", f"shift-{shift.id}-{shift.team_code}@watchroom")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", shift.starts_at.astimezone(UTC))
    event.add("dtend", shift.ends_at.astimezone(UTC))
    event.add("sequence", max(0, shift.version - 1))
    event.add("summary", f"{shift.team_code}{crew} ({kind})")
    event.add("categories", ["ON-CALL" if shift.kind is ShiftKind.ON_CALL else "DUTY"])
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def write_shifts_ics(shifts: Iterable[ShiftRow], out: TextIO, stamp: datetime,
                     calendar_name: str, names: dict[int, str],
                     locations: dict[int, str]) -> int:
    """Write a VCALENDAR with one VEVENT per shift; return how many."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    count = 0
    for shift in shifts:
        calendar.add_component(_event(shift, stamp, names.get(shift.team_id, shift.team_code),
                                      locations.get(shift.team_id, "")))
        count += 1
    out.write(calendar.to_ical().decode("utf-8"))
    return count


# ---- the entry point the command line calls -----------------------------------------------


def export_roster(rosters: RosterService, district: DistrictService, fmt: RosterFormat | str,
                  out: TextIO, team: str | None = None, *, now: datetime,
                  since: datetime | None = None, until: datetime | None = None) -> int:
    """Write the roster of ``team`` (a code; None: every team) to ``out``: ``csv`` gives
    its members, ``ics`` its shifts overlapping ``since … until`` (default: a day before
    ``now`` to five weeks after). Returns how many members or shifts were written. For
    ``ics`` open ``out`` with ``newline=""`` so the CRLF line ends stay as they are."""
    if fmt not in ROSTER_FORMATS:
        raise ValidationError(f"Unknown roster format {fmt!r}; use one of: csv, ics.",
                              "format")
    team_ref = district.team_by_code(team) if team else None
    team_id = team_ref.id if team_ref else None
    if fmt == "csv":
        return write_members_csv(rosters.members(team_id), out)
    start, end = since or now - ICS_BEFORE, until or now + ICS_AFTER
    if end <= start:
        raise ValidationError("The export period ends before it starts.", "until")
    shifts = rosters.shifts_between(start, end, team_id)
    grids = {g.id: f"{g.name_en} ({g.code})" for g in district.grids()}
    teams = district.teams()
    names = {t.id: f"{t.code} {t.name_en}" for t in teams}
    locations = {t.id: grids.get(t.base_grid_id, "") for t in teams
                 if t.base_grid_id is not None}
    title = (f"{team_ref.code} {team_ref.name_en} shifts" if team_ref
             else "Watchroom team shifts")
    return write_shifts_ics(shifts, out, now, title, names, locations)
