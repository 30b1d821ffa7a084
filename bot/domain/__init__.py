"""The domain: frozen values the core exchanges with channels and the store.

Everything importable as `from bot.domain import X` is re-exported here, so callers need
not know which module of the package holds a value.
"""

from bot.domain.values import (
    Attachment,
    AuditEvent,
    ChatKind,
    Choice,
    Consent,
    Conversation,
    Draft,
    Finding,
    Inbound,
    InboundKind,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    MenteeStatus,
    Outbound,
    OutboxEntry,
    OutboxStatus,
    Reply,
    ReplyKind,
    StepAnswer,
    UserRef,
    as_choice,
    match_choice,
)

__all__ = [
    "Attachment",
    "AuditEvent",
    "ChatKind",
    "Choice",
    "Consent",
    "Conversation",
    "Draft",
    "Finding",
    "Inbound",
    "InboundKind",
    "Invitation",
    "Item",
    "ItemStatus",
    "Mentee",
    "MenteeStatus",
    "Outbound",
    "OutboxEntry",
    "OutboxStatus",
    "Reply",
    "ReplyKind",
    "StepAnswer",
    "UserRef",
    "as_choice",
    "match_choice",
]
