"""One message of one enrolled person, as every handler of the core sees it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.config.settings import Mentor
from bot.core.replies import Replies
from bot.domain import Conversation, Inbound, Mentee
from bot.domain.pending import Confirmation

SEEN_IDS_KEPT = 64
"""Inbound ids remembered per person: a redelivered webhook within them has no effect."""


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


def remember(conversation: Conversation, message_id: str) -> Conversation:
    """Record the inbound id so a redelivered webhook has no second effect."""
    if message_id in conversation.seen_ids:
        return conversation
    return replace(conversation, seen_ids=(*conversation.seen_ids, message_id)[-SEEN_IDS_KEPT:])


def settled(conversation: Conversation, turn: Turn) -> Conversation:
    """The conversation as stored after this turn: the choices last shown, the id remembered."""
    offered = next(
        (m.choices for m in reversed(turn.replies.messages) if m.to == turn.inbound.user and m.choices), ()
    )
    return remember(replace(conversation, offered=offered), turn.inbound.message_id)


def unconfirmed(conversation: Conversation) -> Conversation:
    """The conversation without an erasure or withdrawal question waiting: those are answered
    by the very next message, never after the bot has asked or said something else."""
    if isinstance(conversation.pending, Confirmation):
        return replace(conversation, pending=None)
    return conversation
