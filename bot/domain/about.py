"""What counts as "about a person": one rule, used by erasure, export and every store."""

from __future__ import annotations

from bot.domain.values import AuditEvent, OutboxEntry, UserRef


def is_outbox_about(entry: OutboxEntry, user: UserRef, refs: set[str]) -> bool:
    """Addressed to the person, a mentor's copy of one of their items, or a message about
    them (`Outbound.about`): each holds their words."""
    outbound = entry.outbound
    return (
        outbound.to == user
        or outbound.about == user
        or (outbound.item_ref is not None and outbound.item_ref in refs)
    )


def is_audit_about(event: AuditEvent, alias: str, refs: frozenset[str]) -> bool:
    """The person is the subject or the actor, or the subject is one of their items' refs."""
    return event.subject == alias or event.subject in refs or event.actor == alias
