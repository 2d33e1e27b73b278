"""Domain errors, and the reasons an import gives, in the interface language.

``console/`` has no Qt and speaks English: its errors carry a sentence a duty officer
understands, and so do the reasons an import refuses a record for. The GUI and the
command line show the same sentence; in Chinese they recognise the frequent ones
(permissions, conflicting edits, illegal steps, unknown references and values, empty or
too long fields, bad severities and times, missing columns) and say them in Chinese with
their particulars (codes, values and the lists of allowed values stay as they are: they
are what one types). Any other error gets a Chinese lead-in naming its kind, followed by
the English sentence, so nothing is lost; any other reason is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale

from console.cases.lifecycle import Action
from console.core.domain import Role, Severity
from console.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from widgets.common import labels

translate = QCoreApplication.translate


def _action_word(value: str) -> str:
    try:
        return labels.action_label(Action(value))
    except ValueError:
        return value


def _stage_word(value: str) -> str:
    paused = value.endswith(", paused")
    stage = value.removesuffix(", paused")
    try:
        return labels.stage_status(labels.Stage(stage), paused)
    except ValueError:
        return value


def _steps(values: str) -> str:
    return "、".join(_action_word(v.strip()) for v in values.split(",") if v.strip())


def role_word(value: str) -> str:
    """A role as the console names it on screen (``duty officer``/``duty_officer`` →
    值班员); an unknown one as written."""
    names = {
        Role.DUTY_OFFICER: translate("DomainMessages", "duty officer"),
        Role.COORDINATOR: translate("DomainMessages", "coordinator"),
        Role.REVIEWER: translate("DomainMessages", "reviewer"),
        Role.ADMIN: translate("DomainMessages", "admin"),
        Role.SYSTEM: translate("DomainMessages", "system"),
    }
    try:
        return names[Role(value.strip().replace(" ", "_"))]
    except ValueError:
        return value


def _roles(values: str) -> str:
    return "、".join(role_word(v.strip()) for v in values.split(",") if v.strip())


def _deed(what: str) -> str:
    """What a role may not do (``add operators``), for the commands where it is heard
    most; any other as written."""
    deeds = {
        "add operators": translate("DomainMessages", "add operators"),
        "manage operators": translate("DomainMessages", "manage operators"),
        "reset other operators' passwords": translate(
            "DomainMessages", "reset other operators' passwords"),
        "clear a sign-in wait": translate("DomainMessages", "clear a sign-in wait"),
        "report cases": translate("DomainMessages", "report cases"),
        "change cases": translate("DomainMessages", "change cases"),
        "import alerts": translate("DomainMessages", "import alerts"),
        "import cases": translate("DomainMessages", "import cases"),
        "import hazards": translate("DomainMessages", "import hazards"),
        "import teams": translate("DomainMessages", "import teams"),
        "import rosters": translate("DomainMessages", "import rosters"),
        "import operators": translate("DomainMessages", "import operators"),
        "import a center": translate("DomainMessages", "import a center"),
        "export the center": translate("DomainMessages", "export the center"),
        "change the center's settings": translate("DomainMessages",
                                                  "change the center's settings"),
        "configure paging channels": translate("DomainMessages", "configure paging channels"),
        "configure paging rules": translate("DomainMessages", "configure paging rules"),
        "send test pages": translate("DomainMessages", "send test pages"),
        "acknowledge pages": translate("DomainMessages", "acknowledge pages"),
        "prune the change feed": translate("DomainMessages", "prune the change feed"),
    }
    return deeds.get(what, what)


def _noun(what: str) -> str | None:
    """The things a sentence names (``No team 'X'.``, ``Unknown category 'x'``), in the
    interface language; None for one not known here (the sentence is left as it is)."""
    nouns = {
        "case": translate("DomainMessages", "case"),
        "case with id": translate("DomainMessages", "case with id"),
        "grid": translate("DomainMessages", "grid"),
        "team": translate("DomainMessages", "team"),
        "team with id": translate("DomainMessages", "team with id"),
        "team kind": translate("DomainMessages", "team kind"),
        "member with id": translate("DomainMessages", "member with id"),
        "operator named": translate("DomainMessages", "operator named"),
        "operator with id": translate("DomainMessages", "operator with id"),
        "role": translate("DomainMessages", "role"),
        "category": translate("DomainMessages", "category"),
        "source": translate("DomainMessages", "source"),
        "hazard": translate("DomainMessages", "hazard"),
        "registered hazard": translate("DomainMessages", "registered hazard"),
        "hazard kind": translate("DomainMessages", "hazard kind"),
        "handover": translate("DomainMessages", "handover"),
        "alert": translate("DomainMessages", "alert"),
        "shift with id": translate("DomainMessages", "shift with id"),
        "shift kind": translate("DomainMessages", "shift kind"),
        "paging channel": translate("DomainMessages", "paging channel"),
        "paging rule": translate("DomainMessages", "paging rule"),
        "page with code": translate("DomainMessages", "page with code"),
        "channel kind": translate("DomainMessages", "channel kind"),
        "trigger": translate("DomainMessages", "trigger"),
        "target": translate("DomainMessages", "target"),
        "time zone": translate("DomainMessages", "time zone"),
        "working day": translate("DomainMessages", "working day"),
        "import format": translate("DomainMessages", "import format"),
        "title": translate("DomainMessages", "title"),
        "description": translate("DomainMessages", "description"),
        "location": translate("DomainMessages", "location"),
        "name": translate("DomainMessages", "name"),
        "username": translate("DomainMessages", "username"),
        "password": translate("DomainMessages", "password"),
        "reason": translate("DomainMessages", "reason"),
        "note": translate("DomainMessages", "note"),
    }
    return nouns.get(what.strip().lower())


def _allowed(rest: str) -> str | None:
    """What follows an unknown value: the values to use instead, in Chinese; None when the
    sentence goes on in a way not known here."""
    rest = rest.strip().rstrip(".")
    if not rest:
        return ""
    match = re.fullmatch(r"(?:use one of|use|Known [\w ]+):? (?P<values>.+)", rest)
    if match is None:
        return None
    return translate("DomainMessages", " Use one of: {values}.").format(
        values=match["values"])


def _severity_names() -> str:
    return translate("DomainMessages", "1 ({critical}), 2 ({high}), 3 ({medium}) or 4 "
                     "({low})").format(
        critical=labels.severity_name(Severity.CRITICAL),
        high=labels.severity_name(Severity.HIGH),
        medium=labels.severity_name(Severity.MEDIUM),
        low=labels.severity_name(Severity.LOW))


def _no_thing(m: re.Match[str]) -> str | None:
    noun = _noun(m["what"])
    if noun is None:
        return None
    return translate("DomainMessages", "No {what} {value}.").format(what=noun,
                                                                      value=m["value"])


def _unknown_value(m: re.Match[str]) -> str | None:
    noun, allowed = _noun(m["what"]), _allowed(m["rest"] or "")
    if noun is None or allowed is None:
        return None
    return translate("DomainMessages", "Unknown {what} {value}.").format(
        what=noun, value=m["value"]) + allowed


def _field(m: re.Match[str]) -> str:
    return _noun(m["field"]) or m["field"]


_Template = tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]

_QUOTED = r"(?P<value>'[^']*'|\"[^\"]*\"|#?\d+)"

_TEMPLATES: list[_Template] = [
    (re.compile(r"^(?P<who>.+) \((?P<role>[a-z ]+)\) may not (?P<what>.+); "
                r"that needs: (?P<roles>.+)\.$"),
     lambda m: translate("DomainMessages", "{who} ({role}) may not {what}; that needs: "
                         "{roles}.").format(who=m["who"], role=role_word(m["role"]),
                                            what=_deed(m["what"]),
                                            roles=_roles(m["roles"]))),
    (re.compile(r"^(?P<thing>.+) was changed by (?P<who>.+) at (?P<when>.+) — reload and "
                r"try again\.$"),
     lambda m: translate("DomainMessages", "{thing} was changed by {who} at {when}: reload "
                         "and try again.").format(**m.groupdict())),
    (re.compile(r"^(?P<thing>.+) was changed by someone else.*$"),
     lambda m: translate("DomainMessages", "{thing} was changed by someone else: reload and "
                         "try again.").format(**m.groupdict())),
    (re.compile(r"^Cannot (?P<action>\w+) case (?P<ref>\S+): it is (?P<state>[a-z_, ]+)\. "
                r"Legal next steps: (?P<steps>.*)\.$"),
     lambda m: translate("DomainMessages", "Cannot {action} case {ref}: it is {state}. Legal "
                         "next steps: {steps}.").format(
         action=_action_word(m["action"]), ref=m["ref"], state=_stage_word(m["state"]),
         steps=_steps(m["steps"]))),
    (re.compile(r"^Case (?P<ref>\S+) is closed\.$"),
     lambda m: translate("DomainMessages", "Case {ref} is closed.").format(ref=m["ref"])),
    (re.compile(rf"^No (?P<what>[a-z][\w ]*?) {_QUOTED}\.$"), _no_thing),
    (re.compile(r"^No case (?P<ref>.+)\.$"),
     lambda m: translate("DomainMessages", "No case {ref}.").format(ref=m["ref"])),
    (re.compile(rf"^Unknown (?P<what>[a-z][\w ]*?) {_QUOTED}(?:[.;:] ?(?P<rest>.*))?$"),
     _unknown_value),
    (re.compile(r"^\((?P<point>[-\d., ]+)\) is outside the territory \(nearest grid "
                r"(?P<grid>\S+), (?P<distance>[\d.,]+ k?m)\)\.$"),
     lambda m: translate("DomainMessages", "({point}) is outside the territory (nearest grid "
                                           "{grid}, {distance}).").format(
         point=m["point"], grid=m["grid"], distance=m["distance"])),
    (re.compile(r"^\((?P<point>[-\d., ]+)\) is outside the territory \(the territory "
                r"has no grids yet\)\.$"),
     lambda m: translate("DomainMessages", "({point}) is outside the territory: the "
                                           "territory has no grids yet.").format(
         point=m["point"])),
    (re.compile(r"^The point \((?P<point>[-\d., ]+)\) lies in grid (?P<found>\S+), not "
                r"(?P<given>.+): give one or the other, or correct it\.$"),
     lambda m: translate("DomainMessages", "The point ({point}) lies in grid {found}, not "
                                           "{given}: give one or the other, or correct "
                                           "it.").format(
         point=m["point"], found=m["found"], given=m["given"])),
    (re.compile(r"^No address in the gazetteer matches (?P<text>'.*')\.$"),
     lambda m: translate("DomainMessages", "No address in the gazetteer matches {text}.")
     .format(text=m["text"])),
    (re.compile(r"^(?P<text>'.*') matches several addresses: (?P<listed>.+); give the whole "
                r"address\.$"),
     lambda m: translate("DomainMessages", "{text} matches several addresses: {listed}; "
                                           "give the whole address.").format(
         text=m["text"], listed=m["listed"])),
    (re.compile(r"^Say where: a grid, or a point \(longitude and latitude\)\.$"),
     lambda m: translate("DomainMessages", "Say where: a grid, or a point (longitude and "
                                           "latitude).")),
    (re.compile(r"^\((?P<point>[^)]*)\) is not on Earth: longitude -180\.\.180, latitude "
                r"-90\.\.90 \(longitude first\)\.$"),
     lambda m: translate("DomainMessages", "({point}) is not on Earth: longitude -180..180, "
                                           "latitude -90..90 (longitude first).").format(
         point=m["point"])),
    (re.compile(r"^Unknown grid\(s\) (?P<codes>.+)\.$"),
     lambda m: translate("DomainMessages", "Unknown grid(s): {codes}.").format(
         codes=m["codes"])),
    (re.compile(r"^The (?P<field>[\w ]+) must not be empty\.$"),
     lambda m: translate("DomainMessages", "The {field} must not be empty.").format(
         field=_field(m))),
    (re.compile(r"^The (?P<field>[\w ]+) is (?P<n>\d+) characters; at most (?P<limit>\d+)\.$"),
     lambda m: translate("DomainMessages", "The {field} is {n} characters; at most "
                         "{limit}.").format(field=_field(m), n=m["n"], limit=m["limit"])),
    (re.compile(r"^Severity must be 1 \(critical\), 2 \(high\), 3 \(medium\) or 4 \(low\), "
                r"not (?P<value>.+)\.$"),
     lambda m: translate("DomainMessages", "The severity must be {choices}, not "
                         "{value}.").format(choices=_severity_names(), value=m["value"])),
    # Operators and their passwords.
    (re.compile(rf"^No operator named {_QUOTED} in this database; use --operator with one of: "
                r"(?P<names>.+)\.$"),
     lambda m: translate("DomainMessages", "No operator named {name} in this database; use "
                         "--operator with one of: {names}.").format(name=m["value"],
                                                                    names=m["names"])),
    (re.compile(r"^Wrong operator name or password\.$"),
     lambda m: translate("DomainMessages", "Wrong operator name or password.")),
    (re.compile(r"^A password needs at least (?P<n>\d+) characters\.$"),
     lambda m: translate("DomainMessages", "A password needs at least {n} characters.")
     .format(n=m["n"])),
    (re.compile(r"^A password may have at most (?P<n>\d+) characters\.$"),
     lambda m: translate("DomainMessages", "A password may have at most {n} characters.")
     .format(n=m["n"])),
    (re.compile(r"^A password may not start or end with spaces\.$"),
     lambda m: translate("DomainMessages", "A password may not start or end with spaces.")),
    (re.compile(r"^Give your current password to change it\.$"),
     lambda m: translate("DomainMessages", "Give your current password to change it.")),
    (re.compile(rf"^Operator {_QUOTED} already exists\.$"),
     lambda m: translate("DomainMessages", "Operator {name} already exists.").format(
         name=m["value"])),
    (re.compile(rf"^Operator {_QUOTED} has been deactivated.*$"),
     lambda m: translate("DomainMessages", "Operator {name} has been deactivated; ask an "
                         "admin to reactivate it.").format(name=m["value"])),
    # What importing a center's sheets notes about a row.
    (re.compile(r"^new operator (?P<name>\S+): one-time password (?P<password>\S+) \(shown "
                r"only here: hand it over; they set their own with: (?P<command>.+)\)$"),
     lambda m: translate("DomainMessages", "new operator {name}: one-time password {password} "
                         "(shown only here: hand it over; they set their own with: "
                         "{command})").format(**m.groupdict())),
    (re.compile(r"^new operator (?P<name>\S+) has no password yet: an admin sets one "
                r"\(operator passwd\)\.$"),
     lambda m: translate("DomainMessages", "new operator {name} has no password yet: an admin "
                         "sets one (operator passwd).").format(name=m["name"])),
    (re.compile(r"^(?P<label>.+): (?P<n>\d+) shifts generated from (?P<first>\S+) to "
                r"(?P<last>[^\s,]+)(?:, (?P<empty>\d+) places left empty)?$"),
     lambda m: translate("DomainMessages", "{label}: {n} shifts generated from {first} to "
                         "{last}").format(label=m["label"], n=m["n"], first=m["first"],
                                          last=m["last"]) + (
         translate("DomainMessages", ", {n} places left empty").format(n=m["empty"])
         if m["empty"] else "")),
    (re.compile(r"^(?P<n>\d+) pending deadline\(s\) of open cases moved to the new "
                r"limits\.$"),
     lambda m: translate("DomainMessages", "{n} pending deadlines of open cases moved to the "
                         "new limits.").format(n=m["n"])),
    # The reasons an import gives for a record it refused.
    (re.compile(r"^(?P<kind>severity|urgency|certainty|msgType|status|scope) (?P<value>.+) "
                r"is not a CAP (?P=kind); use one of: (?P<values>.+)$"),
     lambda m: translate("DomainMessages", "{kind} {value} is not a CAP value; use one of: "
                         "{values}").format(**m.groupdict())),
    (re.compile(r"^an alert needs an event or a headline; this record has neither$"),
     lambda m: translate("DomainMessages", "an alert needs an event or a headline; this "
                         "record has neither")),
    (re.compile(r"^grid (?P<value>'[^']*'|\"[^\"]*\") is not a grid of this district"
                r"(?: \(known: (?P<known>.+)\)| \(this database has no grids yet\))?$"),
     lambda m: translate("DomainMessages", "grid {value} is not a grid of this district"
                         ).format(value=m["value"]) + (
         translate("DomainMessages", " (known: {known})").format(known=m["known"])
         if m["known"] else "")),
    (re.compile(r"^(?P<label>[\w /]+?) (?P<value>'[^']*'|\"[^\"]*\") is not a date and time"
                r".*$"),
     lambda m: translate("DomainMessages", "{label} {value} is not a date and time (write "
                         "it like 2026-11-22T08:00:00+08:00)").format(**m.groupdict())),
    (re.compile(r"^(?P<label>[\w /]+?) (?P<value>'[^']*'|\"[^\"]*\") has no time zone.*$"),
     lambda m: translate("DomainMessages", "{label} {value} has no time zone; add one "
                         "(+08:00 or Z) so the time is not misread").format(
         **m.groupdict())),
    (re.compile(r"^not valid JSON at (?:line (?P<line>\d+), )?column (?P<column>\d+): "
                r"(?P<why>.+)$"),
     lambda m: translate("DomainMessages", "not valid JSON at column {column}: {why}").format(
         column=m["column"], why=m["why"])),
    (re.compile(r"^the header lacks column\(s\) (?P<missing>.+); expected: (?P<expected>.+)$"),
     lambda m: translate("DomainMessages", "the header lacks the column(s) {missing}; "
                         "expected: {expected}").format(**m.groupdict())),
    (re.compile(r"^a case CSV needs the column\(s\) (?P<missing>.+) \(it has: (?P<has>.*)\)$"),
     lambda m: translate("DomainMessages", "a case CSV needs the column(s) {missing} (it "
                         "has: {has})").format(**m.groupdict())),
    (re.compile(r"^column\(s\) (?P<columns>.+) are not (?P<what>alert|case) fields; ignored$"),
     lambda m: translate("DomainMessages", "column(s) {columns} are not known fields; "
                         "ignored").format(columns=m["columns"])),
    (re.compile(r"^the file is empty$"),
     lambda m: translate("DomainMessages", "the file is empty")),
    (re.compile(r"^the file holds no records$"),
     lambda m: translate("DomainMessages", "the file holds no records")),
    (re.compile(r"^case (?P<ref>\S+) reported$"),
     lambda m: translate("DomainMessages", "case {ref} reported").format(ref=m["ref"])),
]


def _kind(exc: BaseException) -> str:
    if isinstance(exc, PermissionDenied):
        return translate("DomainMessages", "Not allowed")
    if isinstance(exc, ConflictError):
        return translate("DomainMessages", "Changed meanwhile")
    if isinstance(exc, NotFound):
        return translate("DomainMessages", "Not found")
    if isinstance(exc, ValidationError):
        return translate("DomainMessages", "Not accepted")
    return translate("DomainMessages", "Error")


def _chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def _known(text: str) -> str | None:
    for pattern, render in _TEMPLATES:
        match = pattern.match(text)
        if match is not None:
            said = render(match)
            if said is not None:
                return said
    return None


def sentence_text(text: str) -> str:
    """A sentence the console wrote (an import's reason for refusing a record, a note):
    as written in English; in Chinese translated when it is a known one, else as written."""
    if not _chinese():
        return text
    return _known(text) or text


def error_text(exc: BaseException) -> str:
    """What to show for ``exc``: its own sentence in English; in Chinese the translated
    sentence when it is a known one, else a Chinese lead-in and the English sentence."""
    text = str(exc)
    if not _chinese():
        return text
    said = _known(text)
    if said is not None:
        return said
    return translate("DomainMessages", "{kind}: {text}").format(kind=_kind(exc), text=text)
