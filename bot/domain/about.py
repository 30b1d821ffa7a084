"""What counts as "about a person": one rule, used by erasure, export and every store."""

from __future__ import annotations

from bot.domain.values import AuditEvent, OutboxEntry, UserRef


def is_outbox_about(entry: OutboxEntry, user: UserRef, refs: set[str]) -> bool:
    """Addressed to the person, or a mentor's copy of one of their items: both hold their words."""
    return entry.outbound.to == user or (
        entry.outbound.item_ref is not None and entry.outbound.item_ref in refs
    )


def is_audit_about(event: AuditEvent, alias: str, refs: frozenset[str]) -> bool:
    """The person is the subject or the actor, or the subject is one of their items' refs."""
    return event.subject == alias or event.subject in refs or event.actor == alias
