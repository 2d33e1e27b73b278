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
    # Joint handling (console/cases/joint.py): legal by more than the stage alone.
    WHISTLE = "whistle"  # 吹哨: summon assisting teams, each must report in
    REPORT_IN = "report-in"  # 报到: a summoned team reports in
    PART_DONE = "part-done"  # an assisting team's part is done
    WAIVE = "waive"  # the coordinator releases an assisting team from its part
    RETURN = "return"  # 退单: the lead team returns the case to the center
    DISPUTE = "dispute"  # whose case it is, is disputed: the coordinator must rule
    RULE = "rule"  # 确权: the coordinator rules the owner; final, dispatched to it
    CALLBACK = "callback"  # 回访: the citizen's view after the close


# The joint-handling steps: their legality needs the case's parts, dispute and callbacks.
JOINT_STEPS: frozenset[Action] = frozenset({
    Action.WHISTLE, Action.REPORT_IN, Action.PART_DONE, Action.WAIVE, Action.RETURN,
    Action.DISPUTE, Action.RULE, Action.CALLBACK})


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
NEEDS_TEXT: frozenset[Action] = frozenset({
    Action.PAUSE, Action.REOPEN, Action.NOTE, Action.WHISTLE, Action.WAIVE, Action.RETURN,
    Action.DISPUTE, Action.RULE})


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
