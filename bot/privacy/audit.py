"""The audit trail: who did what to which record, and when — ids and aliases only.

Never words, so the trail itself never needs erasing for what it says. The core, the
mentor desk and the rights desk append to it; the operator lists it; retention prunes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.config.settings import Settings
from bot.domain import AuditEvent
from bot.ports import Store

OPERATOR, SYSTEM = "operator", "system"

# Audit actions written by the privacy modules (the core and the mentor desk add their own).
EXPORTED, ERASED, ERASE_REFUSED_HOLD = "exported", "erased", "erase_refused_hold"
WITHDRAWN, HOLD_SET, HOLD_RELEASED = "withdrawn", "legal_hold_set", "legal_hold_released"
PURGED, AUDIT_LISTED = "purged", "audit_listed"


def record(
    store: Store, *, at: datetime, actor: str, action: str, subject: str, **details: str
) -> AuditEvent:
    """Append one event. `details` must be ids or counts: the trail outlives the records."""
    event = AuditEvent(
        at=at, actor=actor, action=action, subject=subject, details=tuple(sorted(details.items()))
    )
    store.append_audit(event)
    return event


def events_about(store: Store, alias: str, refs: Iterable[str] = ()) -> list[AuditEvent]:
    """Events where the person is the subject or the actor (their consent, their exports…),
    or about one of their items (the mentor desk names items by ref)."""
    subjects = {alias, *refs}
    return [e for e in store.audit_events() if e.subject in subjects or e.actor == alias]


def events_since(store: Store, since_at: datetime | None) -> list[AuditEvent]:
    return [e for e in store.audit_events() if since_at is None or e.at >= since_at]


def format_event(event: AuditEvent, settings: Settings) -> str:
    """One line for an operator's terminal: local time, actor, action, subject, details."""
    at = event.at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")
    details = " ".join(f"{k}={v}" for k, v in event.details)
    return f"{at}  {event.actor:<10} {event.action:<22} {event.subject}" + (f"  {details}" if details else "")


@runtime_checkable
class AuditPruning(Protocol):
    """Optional store capability: drop audit events older than a date (retention)."""

    def prune_audit(self, before_at: datetime) -> int: ...
