"""What a conversation waits for outside a flow step: one variant per waiting question.

Each module that asks something owns its variant (the flow runner its nudges, the rights
desk its confirmations, the mentor desk its "answer this item"), and the router reads the
type, never a string prefix. Stored as the short text earlier versions wrote, so a data
folder carries over in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Nudged:
    """A vagueness hint was given for this step: the next answer is taken as it is."""

    step: str


@dataclass(frozen=True)
class ConfirmErase:
    """/effacer asked "are you sure?"."""


@dataclass(frozen=True)
class ConfirmStop:
    """/arret asked "keep or erase your data?"."""


@dataclass(frozen=True)
class AwaitingAnswer:
    """The mentor pressed "answer" on this item: their next text is the answer."""

    ref: str


Pending = Nudged | ConfirmErase | ConfirmStop | AwaitingAnswer
Confirmation = ConfirmErase | ConfirmStop

_NUDGED = "nudged:"
_ANSWER = "mentor:answer:"
_ERASE, _STOP = "confirm_erase", "confirm_stop"


def pending_text(pending: Pending | None) -> str | None:
    """The stored form (unchanged since the first data folders)."""
    match pending:
        case None:
            return None
        case Nudged(step):
            return f"{_NUDGED}{step}"
        case ConfirmErase():
            return _ERASE
        case ConfirmStop():
            return _STOP
        case AwaitingAnswer(ref):
            return f"{_ANSWER}{ref}"


def parse_pending(text: str | None) -> Pending | None:
    """The stored form back; anything unknown reads as nothing awaited (asked again later)."""
    if not text:
        return None
    if text.startswith(_NUDGED):
        return Nudged(text.removeprefix(_NUDGED))
    if text == _ERASE:
        return ConfirmErase()
    if text == _STOP:
        return ConfirmStop()
    if text.startswith(_ANSWER):
        return AwaitingAnswer(text.removeprefix(_ANSWER))
    return None
