"""The closed loop: which action may follow which stage, and where it leads."""

from __future__ import annotations

from enum import StrEnum

from console.core.errors import ValidationError
from db.vocabulary import Stage


class Action(StrEnum):
    """Everything an operator can do to a case; each is one audit entry."""

    REPORT = "report"
    REGISTER = "register"
    DISPATCH = "dispatch"
    START = "start"
    RESOLVE = "resolve"
    VERIFY = "verify"  # verification passed
    REOPEN = "reopen"  # verification failed: back to dispatched, counted as rework
    CLOSE = "close"
    PAUSE = "pause"
    RESUME = "resume"
    NOTE = "note"


# The stage each step of the loop leaves the case in.
TARGET: dict[Action, Stage] = {
    Action.REGISTER: Stage.REGISTERED,
    Action.DISPATCH: Stage.DISPATCHED,
    Action.START: Stage.IN_PROGRESS,
    Action.RESOLVE: Stage.RESOLVED,
    Action.VERIFY: Stage.VERIFIED,
    Action.REOPEN: Stage.DISPATCHED,
    Action.CLOSE: Stage.CLOSED,
}

# The steps of the loop that may follow each stage.
NEXT_STEPS: dict[Stage, tuple[Action, ...]] = {
    Stage.REPORTED: (Action.REGISTER,),
    Stage.REGISTERED: (Action.DISPATCH,),
    Stage.DISPATCHED: (Action.START,),
    Stage.IN_PROGRESS: (Action.RESOLVE,),
    Stage.RESOLVED: (Action.VERIFY, Action.REOPEN),
    Stage.VERIFIED: (Action.CLOSE,),
    Stage.CLOSED: (),
}

# Actions that need a written reason or text.
NEEDS_TEXT: frozenset[Action] = frozenset({Action.PAUSE, Action.REOPEN, Action.NOTE})


def legal_actions(stage: Stage, paused: bool) -> tuple[Action, ...]:
    """The actions allowed on a case in ``stage``, in the order a person would take them."""
    if paused:
        return (Action.RESUME, Action.NOTE)
    if stage is Stage.CLOSED:
        return (Action.NOTE,)
    return (*NEXT_STEPS[stage], Action.PAUSE, Action.NOTE)


def check_legal(reference: str, stage: Stage, paused: bool, action: Action) -> None:
    """Raise ``ValidationError`` naming the legal next steps if ``action`` is not one."""
    allowed = legal_actions(stage, paused)
    if action in allowed:
        return
    state = f"{stage.value}, paused" if paused else stage.value
    raise ValidationError(
        f"Cannot {action.value} case {reference}: it is {state}. "
        f"Legal next steps: {', '.join(a.value for a in allowed)}."
    )
