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
class ConfirmCancel:
    """Cancelling a draft with answers asked "are you sure?" (written work is not dropped
    on one tap)."""


@dataclass(frozen=True)
class DraftOrNew:
    """/nouvelle during a draft asked whether to resume it or replace it; `flow` is the
    flow asked for ("" for the default or a choice among them)."""

    flow: str = ""


@dataclass(frozen=True)
class AfterSafety:
    """The safety message was just sent: the next text gets a sober follow-up, not a flow."""


@dataclass(frozen=True)
class AwaitingAnswer:
    """The mentor pressed "answer" on this item: their next text is the answer."""

    ref: str


@dataclass(frozen=True)
class SessionPrompted:
    """The mentee was asked what to bring to this session: their next text is the answer."""

    session: int


@dataclass(frozen=True)
class ReportComment:
    """The mentee asked for a change to this report: their next text is the comment.
    `sha` is the prefix of the text's hash they answered about."""

    report_id: str
    sha: str


@dataclass(frozen=True)
class ReportText:
    """The mentor typed /rapport ALIAS: their next text is the report's text."""

    alias: str


@dataclass(frozen=True)
class NoteText:
    """The mentor typed /note ALIAS [N]: their next text is the note for that session."""

    alias: str
    session: int


JourneyPending = SessionPrompted | ReportComment | ReportText | NoteText
Pending = (
    Nudged
    | ConfirmErase
    | ConfirmStop
    | ConfirmCancel
    | DraftOrNew
    | AfterSafety
    | AwaitingAnswer
    | JourneyPending
)
Confirmation = ConfirmErase | ConfirmStop
DraftQuestion = ConfirmCancel | DraftOrNew

_NUDGED = "nudged:"
_ANSWER = "mentor:answer:"
_ERASE, _STOP, _CANCEL = "confirm_erase", "confirm_stop", "confirm_cancel"
_DRAFT_OR_NEW = "draft_or_new:"
_AFTER_SAFETY = "after_safety"
_PROMPT, _COMMENT = "journey:prompt:", "journey:comment:"
_REPORT_TEXT, _NOTE_TEXT = "journey:report_text:", "journey:note_text:"


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
        case ConfirmCancel():
            return _CANCEL
        case DraftOrNew(flow):
            return f"{_DRAFT_OR_NEW}{flow}"
        case AfterSafety():
            return _AFTER_SAFETY
        case AwaitingAnswer(ref):
            return f"{_ANSWER}{ref}"
        case SessionPrompted(session):
            return f"{_PROMPT}{session}"
        case ReportComment(report_id, sha):
            return f"{_COMMENT}{sha}:{report_id}"
        case ReportText(alias):
            return f"{_REPORT_TEXT}{alias}"
        case NoteText(alias, session):
            return f"{_NOTE_TEXT}{session}:{alias}"


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
    if text == _CANCEL:
        return ConfirmCancel()
    if text.startswith(_DRAFT_OR_NEW):
        return DraftOrNew(text.removeprefix(_DRAFT_OR_NEW))
    if text == _AFTER_SAFETY:
        return AfterSafety()
    if text.startswith(_ANSWER):
        return AwaitingAnswer(text.removeprefix(_ANSWER))
    return _parse_journey(text)


def _parse_journey(text: str) -> JourneyPending | None:
    """Aliases and report ids may hold colons: they come last in the stored form."""
    if text.startswith(_PROMPT) and text.removeprefix(_PROMPT).isdigit():
        return SessionPrompted(int(text.removeprefix(_PROMPT)))
    if text.startswith(_COMMENT):
        sha, _, report_id = text.removeprefix(_COMMENT).partition(":")
        return ReportComment(report_id, sha) if report_id else None
    if text.startswith(_REPORT_TEXT):
        return ReportText(text.removeprefix(_REPORT_TEXT))
    if text.startswith(_NOTE_TEXT):
        number, _, alias = text.removeprefix(_NOTE_TEXT).partition(":")
        return NoteText(alias, int(number)) if number.isdigit() and alias else None
    return None
