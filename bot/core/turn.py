"""One message of one enrolled person, as every handler of the core sees it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.config.settings import Mentor
from bot.core.replies import Replies
from bot.domain import Conversation, Inbound, Mentee, SentFor
from bot.domain.pending import Confirmation

SEEN_IDS_KEPT = 64
"""Inbound ids remembered per person: a redelivered webhook within them has no effect."""

SENT_FOR_KEPT = 4
"""Turns whose answers the conversation keeps for a replay (`Conversation.sent_for`): a
kill or an outage leaves at most the last message or two of a person committed and not
sent (their messages are handled one at a time), so a few turns are plenty, and the
record stays small."""


@dataclass(frozen=True)
class Turn:
    """The inbound message, who sent it, their conversation as read, and what is said back.

    Handlers take a Turn and return the conversation as it should be stored after it;
    `replies` collects what the bot says and notes when an item write already stored it.
    """

    inbound: Inbound
    mentee: Mentee
    conversation: Conversation
    replies: Replies

    def with_conversation(self, conversation: Conversation) -> Turn:
        return replace(self, conversation=conversation)


@dataclass(frozen=True)
class MentorTurn:
    """A configured mentor's message as the journey sees it: the inbound, the mentor, their
    conversation as read, and what is said back (to the mentor, and to a mentee through it)."""

    inbound: Inbound
    mentor: Mentor
    conversation: Conversation
    replies: Replies


def sent_for_turn(message_id: str, replies: Replies) -> SentFor:
    """What of this turn's answers is kept with it, for a replay: the messages to the person
    themselves, files aside (an export is made again on request, and has no place in a
    conversation record); none of them when one quotes what the screening flagged."""
    if replies.is_withheld:
        return SentFor(message_id, is_withheld=True)
    kept = tuple(m for m in replies.messages if m.to == replies.to and m.attachment is None)
    return SentFor(message_id, kept)


def remember(conversation: Conversation, message_id: str, replies: Replies | None = None) -> Conversation:
    """Record the inbound id so a redelivered webhook has no second effect, and with
    `replies`, the answers composed so far, for a replay whose answers never left (they
    must all be said before this write: what is said after it is not kept)."""
    if message_id in conversation.seen_ids:
        return conversation
    sent_for = conversation.sent_for
    if replies is not None:
        sent_for = (*sent_for, sent_for_turn(message_id, replies))[-SENT_FOR_KEPT:]
    return replace(
        conversation, seen_ids=(*conversation.seen_ids, message_id)[-SEEN_IDS_KEPT:], sent_for=sent_for
    )


def settled(conversation: Conversation, turn: Turn) -> Conversation:
    """The conversation as stored after this turn: the choices last shown, the id and the
    turn's answers remembered."""
    offered = next(
        (m.choices for m in reversed(turn.replies.messages) if m.to == turn.inbound.user and m.choices), ()
    )
    return remember(replace(conversation, offered=offered), turn.inbound.message_id, turn.replies)


def remembered_answers(conversation: Conversation, message_id: str) -> SentFor | None:
    """The answers kept with the turn that handled `message_id`, if it is still kept."""
    return next((s for s in reversed(conversation.sent_for) if s.message_id == message_id), None)


def unconfirmed(conversation: Conversation) -> Conversation:
    """The conversation without an erasure or withdrawal question waiting: those are answered
    by the very next message, never after the bot has asked or said something else."""
    if isinstance(conversation.pending, Confirmation):
        return replace(conversation, pending=None)
    return conversation
