"""Domain errors in the interface language.

``console/`` has no Qt and speaks English: its errors carry a sentence a duty officer
understands, and the command line prints it as it is. The GUI shows the same sentence;
in Chinese it recognises the frequent ones (permissions, conflicting edits, illegal steps,
unknown references, empty or too long fields) and says them in Chinese with their
particulars; any other gets a Chinese lead-in naming its kind, followed by the English
sentence, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale

from console.cases.lifecycle import Action
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


_Template = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

_TEMPLATES: list[_Template] = [
    (re.compile(r"^(?P<who>.+) \((?P<role>[a-z ]+)\) may not (?P<what>.+); "
                r"that needs: (?P<roles>.+)\.$"),
     lambda m: translate("DomainMessages", "{who} ({role}) may not {what}; that needs: "
                         "{roles}.").format(**m.groupdict())),
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
    (re.compile(r"^No case (?P<ref>.+)\.$"),
     lambda m: translate("DomainMessages", "No case {ref}.").format(ref=m["ref"])),
    (re.compile(r"^The (?P<field>[\w ]+) must not be empty\.$"),
     lambda m: translate("DomainMessages", "The {field} must not be empty.").format(
         field=m["field"])),
    (re.compile(r"^The (?P<field>[\w ]+) is (?P<n>\d+) characters; at most (?P<limit>\d+)\.$"),
     lambda m: translate("DomainMessages", "The {field} is {n} characters; at most "
                         "{limit}.").format(**m.groupdict())),
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


def error_text(exc: BaseException) -> str:
    """What to show for ``exc``: its own sentence in English; in Chinese the translated
    sentence when it is a known one, else a Chinese lead-in and the English sentence."""
    text = str(exc)
    if QLocale().language() != QLocale.Language.Chinese:
        return text
    for pattern, render in _TEMPLATES:
        match = pattern.match(text)
        if match is not None:
            return render(match)
    return translate("DomainMessages", "{kind}: {text}").format(kind=_kind(exc), text=text)
